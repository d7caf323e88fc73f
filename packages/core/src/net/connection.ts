/**
 * One socket to one node. Aerospike answers requests on a connection in
 * order and a client sends the next request only after the reply, so a
 * connection carries at most one command at a time.
 */

import * as net from 'node:net';
import * as tls from 'node:tls';
import { ConnectionError, TimeoutError } from '../errors.js';
import { ResultCode } from '../result-codes.js';
import { FrameReader } from '../wire/frame-reader.js';
import { MAX_PROTO_BODY, type ProtoType } from '../wire/proto.js';

/** Where and how to open a socket. */
export interface ConnectOptions {
  host: string;
  port: number;
  /** Connect timeout in ms (0: none). */
  timeout: number;
  /** TLS options; absent for clear-text connections. */
  tls?: tls.ConnectionOptions | undefined;
}

/**
 * Opens a socket; replaceable (config `connector`) so tests can inject
 * faults and embedders can route through something else.
 */
export type Connector = (options: ConnectOptions) => net.Socket;

/** The default connector: `net.connect`, or `tls.connect` when TLS options are given. */
export const defaultConnector: Connector = (o) => {
  if (o.tls !== undefined) return tls.connect({ ...o.tls, host: o.host, port: o.port });
  return net.connect({ host: o.host, port: o.port, noDelay: true });
};

/**
 * Receives the frames of the command a connection is running. Returns true
 * when the command is complete (a single-record reply, or the LAST message of
 * a stream), false when more frames belong to it.
 */
export type FrameConsumer = (type: ProtoType, body: Buffer) => boolean;

/** Consumer of commands answered by exactly one frame. */
export const SINGLE_FRAME: FrameConsumer = () => true;

/** A socket with framing, a per-command deadline and one command at a time. */
export class Connection {
  /** Unix ms of the last time the connection finished a command (idle trimming uses it). */
  lastUsed = 0;
  /** False once the socket failed, timed out or was closed: it must not be reused. */
  alive = true;

  private readonly reader = new FrameReader();
  private consumer: FrameConsumer | null = null;
  private resolve: ((body: Buffer) => void) | null = null;
  private reject: ((error: Error) => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private timeoutMs = 0;
  /** Counts commands run on this connection, so a late timeout check can tell whether its command is still the one running. */
  private commandSeq = 0;
  /** The command whose deadline passed, once it has been given one turn of the event loop to read a reply already received. */
  private graceFor = -1;
  private readonly onFrameBound = (type: ProtoType, body: Buffer): void => this.onFrame(type, body);
  private readonly onTimeoutBound = (): void => this.onTimeout();

  private constructor(
    readonly socket: net.Socket,
    /** `host:port`, for error messages. */
    readonly address: string,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(new ConnectionError(ResultCode.SERVER_NOT_AVAILABLE, `socket error on ${address}: ${err.message}`, { address, cause: err })));
    socket.on('close', () => this.fail(new ConnectionError(ResultCode.SERVER_NOT_AVAILABLE, `connection to ${address} closed by peer`, { address })));
    // The peer's FIN: 'close' follows only after our side is shut too, and a pooled socket must not be handed out in between.
    socket.on('end', () => this.fail(new ConnectionError(ResultCode.SERVER_NOT_AVAILABLE, `connection to ${address} closed by peer`, { address })));
  }

  /** Opens a connection, failing with {@link ConnectionError} or {@link TimeoutError} within `options.timeout`. */
  static open(options: ConnectOptions, connector: Connector = defaultConnector): Promise<Connection> {
    const address = `${options.host}:${options.port}`;
    return new Promise((resolve, reject) => {
      let socket: net.Socket;
      try {
        socket = connector(options);
      } catch (err) {
        reject(new ConnectionError(ResultCode.SERVER_NOT_AVAILABLE, `cannot connect to ${address}: ${(err as Error).message}`, { address, cause: err }));
        return;
      }
      const connectEvent = options.tls !== undefined ? 'secureConnect' : 'connect';
      let timer: NodeJS.Timeout | undefined;
      const cleanup = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        socket.removeListener(connectEvent, onConnect);
        socket.removeListener('error', onError);
        socket.removeListener('close', onClose);
      };
      const onConnect = (): void => {
        cleanup();
        socket.setNoDelay(true);
        resolve(new Connection(socket, address));
      };
      const onError = (err: Error): void => {
        cleanup();
        socket.destroy();
        reject(new ConnectionError(ResultCode.SERVER_NOT_AVAILABLE, `cannot connect to ${address}: ${err.message}`, { address, cause: err }));
      };
      const onClose = (): void => {
        cleanup();
        reject(new ConnectionError(ResultCode.SERVER_NOT_AVAILABLE, `connection to ${address} closed while connecting`, { address }));
      };
      socket.once(connectEvent, onConnect);
      socket.once('error', onError);
      socket.once('close', onClose);
      if (options.timeout > 0) {
        timer = setTimeout(() => {
          cleanup();
          socket.destroy();
          reject(new TimeoutError(ResultCode.TIMEOUT, `connect to ${address} timed out after ${options.timeout} ms`, { address }));
        }, options.timeout);
      }
    });
  }

  /** Proto type of the last frame received (the one {@link Connection.run} resolved with). */
  lastType: ProtoType = 3;

  /** True while a command is running on this connection. */
  get busy(): boolean {
    return this.consumer !== null;
  }

  /**
   * Sends `request` and feeds reply frames to `consumer` until it returns
   * true, then resolves with that last frame's body (its type is in
   * {@link Connection.lastType}); pass {@link SINGLE_FRAME} for commands
   * answered by one frame. Rejects with {@link TimeoutError} when no complete reply arrives
   * within `timeoutMs` (0: no limit), and with {@link ConnectionError} when the
   * socket breaks; either way the connection is dead afterwards. A reply
   * frame longer than `maxBody` bytes rejects with `ProtocolError` as
   * soon as its header arrives, and also kills the connection.
   */
  run(request: Buffer, consumer: FrameConsumer, timeoutMs: number, maxBody = MAX_PROTO_BODY): Promise<Buffer> {
    if (!this.alive) {
      return Promise.reject(new ConnectionError(ResultCode.SERVER_NOT_AVAILABLE, `connection to ${this.address} is closed`, { address: this.address }));
    }
    if (this.consumer !== null) {
      // A second request would take over the first one's callbacks and leave it pending forever.
      return Promise.reject(new ConnectionError(ResultCode.CLIENT_ERROR, `connection to ${this.address} is busy with another command`, { address: this.address }));
    }
    this.reader.maxBody = maxBody;
    return new Promise<Buffer>((resolve, reject) => {
      this.consumer = consumer;
      this.resolve = resolve;
      this.reject = reject;
      this.commandSeq++;
      if (timeoutMs > 0) this.arm(timeoutMs);
      this.socket.write(request);
    });
  }

  /** Closes the socket; a running command fails with {@link ConnectionError}. */
  close(): void {
    this.fail(new ConnectionError(ResultCode.SERVER_NOT_AVAILABLE, `connection to ${this.address} closed by the client`, { address: this.address }));
  }

  private onData(chunk: Buffer): void {
    if (this.consumer === null) {
      // Bytes nobody asked for: the stream is out of step and cannot be trusted.
      this.fail(new ConnectionError(ResultCode.PARSE_ERROR, `unexpected data from ${this.address} with no command running`, { address: this.address }));
      return;
    }
    try {
      this.reader.push(chunk, this.onFrameBound);
    } catch (err) {
      this.fail(err as Error);
    }
  }

  private onFrame(type: ProtoType, body: Buffer): void {
    const consumer = this.consumer;
    if (consumer === null) {
      this.fail(new ConnectionError(ResultCode.PARSE_ERROR, `unexpected frame from ${this.address} with no command running`, { address: this.address }));
      return;
    }
    if (!consumer(type, body)) return;
    const resolve = this.resolve!;
    this.settle();
    this.lastType = type;
    this.lastUsed = Date.now();
    resolve(body);
  }

  /**
   * Starts the command's deadline. Consecutive commands mostly share a
   * timeout, so the connection keeps one timer and re-arms it with
   * `refresh()` instead of allocating and clearing one per command; a timer
   * left running after a command settles fires into {@link Connection.onTimeout},
   * which ignores it.
   */
  private arm(timeoutMs: number): void {
    if (this.timer !== null && this.timeoutMs === timeoutMs) {
      this.timer.refresh();
      return;
    }
    if (this.timer !== null) clearTimeout(this.timer);
    this.timeoutMs = timeoutMs;
    // The socket keeps the process alive while a command waits; the timer need not.
    this.timer = setTimeout(this.onTimeoutBound, timeoutMs).unref();
  }

  private onTimeout(): void {
    if (this.consumer === null) return;
    const seq = this.commandSeq;
    if (this.graceFor !== seq) {
      // On a busy machine the timer phase can run late, ahead of a reply that already sits in the socket's
      // buffer: let the event loop read pending input once (setImmediate runs after that), then decide.
      this.graceFor = seq;
      setImmediate(() => {
        if (this.consumer !== null && this.commandSeq === seq) this.onTimeout();
      });
      return;
    }
    this.fail(new TimeoutError(ResultCode.TIMEOUT, `no reply from ${this.address} within ${this.timeoutMs} ms`, { address: this.address }));
  }

  private disarm(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private settle(): void {
    this.consumer = null;
    this.resolve = null;
    this.reject = null;
  }

  private fail(error: Error): void {
    const reject = this.reject;
    this.settle();
    this.disarm();
    if (this.alive) {
      this.alive = false;
      this.reader.reset();
      this.socket.destroy();
    }
    if (reject !== null) reject(error);
  }
}
