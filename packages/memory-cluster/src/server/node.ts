/**
 * One memory-cluster node: a TCP or TLS server on loopback that frames
 * requests, hands them to the engine, and sends the replies back in order,
 * with its faults applied (stopped, paused, slow, cutting replies short).
 */

import * as net from 'node:net';
import * as tls from 'node:tls';
import { FrameReader, type ProtoType } from '@aerospike-ts/core/wire';
import { answerRequest } from '../engine/dispatch.js';
import type { MemoryNodeView } from '../info/cluster-state.js';
import { encodeError } from '../protocol/reply.js';
import { MalformedRequest } from '../protocol/request.js';
import type { StaleCopy } from '../storage/stale-copy.js';
import { ResultCode } from '../wire.js';
import { capturedRequest } from './capture.js';
import { type NodeFaults, noFaults } from './faults.js';
import type { NodeHost } from './node-host.js';
import { type ConnectionSession, openSession, replyInOrder } from './session.js';

/** A node of a memory cluster. */
export class MemoryNode implements MemoryNodeView {
  readonly host: string;
  port: number;
  rackId = 0;
  readonly faults: NodeFaults = noFaults();
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
    const session = openSession(socket);
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
    if (this.cluster.capture !== undefined && !this.paused) this.cluster.capture(capturedRequest(this.name, type, body));
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
      reply = answerRequest(type, body, session, this, this.cluster, this.requireAuth());
    } catch (err) {
      if (!(err instanceof MalformedRequest)) throw err;
      this.send(socket, encodeError(ResultCode.PARAMETER_ERROR));
      socket.end();
      return;
    }
    replyInOrder(session, socket, reply, (buf) => this.send(socket, buf));
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
