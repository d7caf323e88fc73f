/**
 * One memory-cluster node: a TCP server on loopback that frames requests,
 * answers info and record commands from the shared cluster state, and can
 * be made to misbehave (stopped, paused, slow, cutting replies short).
 */

import * as net from 'node:net';
import * as tls from 'node:tls';
import { inflateSync } from 'node:zlib';
import {
  FrameReader,
  PROTO_HEADER_SIZE,
  ProtoType,
  encodeInfoResponse,
  parseInfoRequest,
  readProtoHeader,
} from '@aerospike-ts/core/wire';
import { answerInfo } from './info.js';
import { MalformedRequest, encodeError } from './messages.js';
import type { StaleCopy } from './stale-copy.js';
import type { MemoryClusterState, MemoryNodeView } from './topology.js';
import { ResultCode } from './wire.js';

/** A request the node received, for tests that inspect what a client sent. */
export interface CapturedRequest {
  node: string;
  type: number;
  /** The whole frame, proto header included. */
  frame: Buffer;
}

/** What a node asks of its cluster. */
export interface NodeHost extends MemoryClusterState {
  handleMessage(body: Buffer, node: MemoryNode): Buffer | Promise<Buffer>;
  handleAdmin(body: Buffer, node: MemoryNode, session: ConnectionSession): Buffer;
  capture?: ((request: CapturedRequest) => void) | undefined;
}

/** Per-connection state (authentication). */
export interface ConnectionSession {
  authenticated: boolean;
  user: string | undefined;
  /** Common name of a verified client certificate (PKI). */
  certificateUser: string | undefined;
  /** The last reply still being prepared, when one had to wait; later replies queue behind it. */
  tail?: Promise<void> | undefined;
}

function certificateUser(socket: net.Socket): string | undefined {
  if (!(socket instanceof tls.TLSSocket) || !socket.authorized) return undefined;
  const cn = socket.getPeerCertificate().subject?.CN;
  return typeof cn === 'string' ? cn : Array.isArray(cn) ? cn[0] : undefined;
}

/** Ways a node can misbehave. */
export interface NodeFaults {
  /** Delay before every reply, ms. */
  latencyMs: number;
  /** Send only the first half of each reply, then close the connection. */
  cutReplies: boolean;
  /** Close the connection a request arrives on, without answering. */
  dropRequests: boolean;
  /**
   * Apply each write, then answer TIMEOUT, as a real master does when a
   * replica does not acknowledge the write in time: the write is applied
   * although the client sees an error.
   */
  replicaWriteTimeout: boolean;
}

/** A node of a memory cluster. */
export class MemoryNode implements MemoryNodeView {
  readonly host: string;
  port: number;
  rackId = 0;
  readonly faults: NodeFaults = { latencyMs: 0, cutReplies: false, dropRequests: false, replicaWriteTimeout: false };
  /**
   * Set while the node has just (re)started and not joined the cluster: the
   * key of the cluster of its own it reports meanwhile.
   */
  soloClusterKey: string | undefined;

  /** True while the node has just (re)started and not joined the cluster: it serves nothing. */
  get loading(): boolean {
    return this.soloClusterKey !== undefined;
  }
  /** What the node held when it was paused, kept until it resumes. */
  pausedCopy: StaleCopy | undefined;
  /** The old data a node that came back from a pause serves until migrations end. */
  staleCopy: StaleCopy | undefined;
  /** Set while a node dropped during a pause runs the requests it held: they act on its own old data. */
  replaying: StaleCopy | undefined;
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private paused = false;
  private readonly held: Array<() => void> = [];

  constructor(
    readonly name: string,
    host: string,
    port: number,
    private readonly cluster: NodeHost,
    /** Requires authentication before any command when set. */
    private readonly requireAuth: () => boolean,
    /** Serve TLS with these options (certificate, key, CA for client certificates). */
    private readonly tlsOptions?: tls.TlsOptions,
  ) {
    this.host = host;
    this.port = port;
  }

  /** `host:port`. */
  get address(): string {
    return this.host.includes(':') ? `[${this.host}]:${this.port}` : `${this.host}:${this.port}`;
  }

  /** True while the node runs and is not paused: it answers what it is sent. */
  get answering(): boolean {
    return this.server !== undefined && !this.paused;
  }

  /** True while the node accepts connections. */
  get running(): boolean {
    return this.server !== undefined;
  }

  /** Number of open client connections. */
  get connectionCount(): number {
    return this.sockets.size;
  }

  /** Starts listening (on the same port as before, after a stop). */
  start(): Promise<void> {
    if (this.server !== undefined) return Promise.resolve();
    const server =
      this.tlsOptions === undefined
        ? net.createServer((socket) => this.accept(socket))
        : tls.createServer(this.tlsOptions, (socket) => this.accept(socket));
    // A TLS handshake that fails (wrong CA, no client certificate) must not take the node down.
    server.on('tlsClientError', () => undefined);
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', (err) => {
        this.server = undefined;
        reject(err);
      });
      server.listen({ host: this.host, port: this.port, exclusive: true }, () => {
        this.port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  /** Stops listening and closes every connection at once, like a killed process. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.paused = false;
    this.held.length = 0;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Keeps accepting connections and requests but answers nothing until {@link MemoryNode.resume}. */
  pause(): void {
    this.paused = true;
  }

  /** Answers everything held while paused, in order, then carries on. */
  resume(): void {
    this.paused = false;
    for (const send of this.held.splice(0)) send();
  }

  /** Closes every client connection (the node keeps running). */
  closeConnections(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    this.sockets.add(socket);
    const reader = new FrameReader();
    const session: ConnectionSession = { authenticated: false, user: undefined, certificateUser: certificateUser(socket) };
    const onFrame = (type: ProtoType, body: Buffer): void => this.onFrame(socket, session, type, body);
    socket.on('data', (chunk: Buffer) => {
      try {
        reader.push(chunk, onFrame);
      } catch {
        // A framing error leaves nothing to resynchronise on, as on a real server.
        socket.destroy();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private onFrame(socket: net.Socket, session: ConnectionSession, type: ProtoType, body: Buffer): void {
    if (this.cluster.capture !== undefined && !this.paused) {
      const frame = Buffer.allocUnsafe(PROTO_HEADER_SIZE + body.length);
      frame[0] = 2;
      frame[1] = type;
      frame.writeUInt16BE(Math.floor(body.length / 0x1_0000_0000), 2);
      frame.writeUInt32BE(body.length >>> 0, 4);
      body.copy(frame, PROTO_HEADER_SIZE);
      this.cluster.capture({ node: this.name, type, frame });
    }
    if (this.paused) {
      // A stopped process leaves requests unread in its socket buffers; they run only once it wakes,
      // which is what lets a late write overwrite a newer one on a real cluster.
      this.held.push(() => this.onFrame(socket, session, type, body));
      return;
    }
    if (this.faults.dropRequests) {
      socket.destroy();
      return;
    }
    let reply: Buffer | Promise<Buffer>;
    try {
      reply = this.answer(session, type, body);
    } catch (err) {
      if (!(err instanceof MalformedRequest)) throw err;
      this.send(socket, encodeError(ResultCode.PARAMETER_ERROR));
      socket.end();
      return;
    }
    if (session.tail === undefined && !(reply instanceof Promise)) {
      this.send(socket, reply);
      return;
    }
    // A reply that has to wait (a proxied request) holds back the replies after it: a connection answers in order.
    const answered = reply;
    const tail: Promise<void> = (session.tail ?? Promise.resolve())
      .then(() => answered)
      .then(
        (buf) => this.send(socket, buf),
        () => {
          socket.destroy();
        },
      )
      .finally(() => {
        if (session.tail === tail) session.tail = undefined;
      });
    session.tail = tail;
  }

  private answer(session: ConnectionSession, type: ProtoType, body: Buffer): Buffer | Promise<Buffer> {
    switch (type) {
      case ProtoType.ADMIN:
        return this.cluster.handleAdmin(body, this, session);
      case ProtoType.INFO:
        // Info is allowed before login on a real server only for a few commands; clients tend over logged-in sockets.
        if (this.requireAuth() && !session.authenticated) return encodeInfoResponse([['', 'ERROR:80:not authenticated']]);
        return encodeInfoResponse(answerInfo(parseInfoRequest(body), this, this.cluster));
      case ProtoType.MESSAGE:
        if (this.requireAuth() && !session.authenticated) return encodeError(ResultCode.NOT_AUTHENTICATED);
        return this.cluster.handleMessage(body, this);
      case ProtoType.COMPRESSED: {
        if (this.requireAuth() && !session.authenticated) return encodeError(ResultCode.NOT_AUTHENTICATED);
        if (body.length < 8) throw new MalformedRequest('compressed request shorter than its size prefix');
        let inner: Buffer;
        try {
          inner = inflateSync(body.subarray(8));
        } catch {
          throw new MalformedRequest('compressed request does not inflate');
        }
        const h = readProtoHeader(inner, 0);
        if (h.type !== ProtoType.MESSAGE) throw new MalformedRequest('compressed request is not an AS_MSG');
        return this.cluster.handleMessage(inner.subarray(PROTO_HEADER_SIZE, PROTO_HEADER_SIZE + h.length), this);
      }
      default:
        throw new MalformedRequest(`unknown proto type ${type}`);
    }
  }

  private send(socket: net.Socket, reply: Buffer): void {
    const write = (): void => {
      if (socket.destroyed) return;
      if (this.faults.cutReplies) {
        socket.write(reply.subarray(0, Math.max(1, reply.length >> 1)));
        socket.destroy();
        return;
      }
      socket.write(reply);
    };
    const deliver = this.faults.latencyMs > 0 ? () => setTimeout(write, this.faults.latencyMs) : write;
    if (this.paused) this.held.push(deliver);
    else deliver();
  }
}
