/**
 * One server node as the client sees it: its name and address, its
 * connection pools, a dedicated tend connection, and the generations that
 * tell the tend loop when peers or partitions need refreshing.
 */

import { Connection, type ConnectOptions, type Connector } from '../net/connection.js';
import { ConnectionError } from '../errors.js';
import { Pool, type PoolStats } from '../net/pool.js';
import { ResultCode } from '../result-codes.js';
import { MAX_PROTO_BODY } from '../wire/proto.js';
import { infoOn } from './info-call.js';

/** How a node opens its sockets. */
export interface NodeOptions {
  connectTimeout: number;
  infoTimeout: number;
  maxConns: number;
  minConns: number;
  pools: number;
  idleTimeoutMs: number;
  connector: Connector;
  tls: ConnectOptions['tls'];
  /** Runs on every new socket before first use (login, authenticate). */
  prepare?: ((conn: Connection) => Promise<void>) | undefined;
  onConnectionOpened?: ((node: Node) => void) | undefined;
  onConnectionClosed?: ((node: Node) => void) | undefined;
}

/** Counters of one node, for `client.stats()`. */
export interface NodeCounters {
  commands: number;
  errors: number;
  timeouts: number;
}

/** A cluster node. */
export class Node {
  /** Generation of the peers list last read from this node (-1: never). */
  peersGeneration = -1;
  /** Generation of the partition map last read from this node (-1: never). */
  partitionGeneration = -1;
  /** Generation of the rack assignment last read from this node (-1: never). */
  rebalanceGeneration = -1;
  /** The tend of this node under way, if any. */
  tending: Promise<void> | undefined;
  /** Unix ms of the first of the current run of failed tends (0: the last tend succeeded). */
  failingSince = 0;
  /** Consecutive failed tends. */
  failures = 0;
  /** False once removed from the cluster; commands must not pick it. */
  active = true;
  /** Tends completed on this node. */
  tends = 0;
  /** Nodes this node listed as peers at its last peers refresh. */
  peerNames: string[] = [];
  /** Rack of this node per namespace (from `rack-ids`), when rack-aware. */
  racks = new Map<string, number>();
  readonly counters: NodeCounters = { commands: 0, errors: 0, timeouts: 0 };
  /**
   * Set when a command to this node timed out or could not connect; cleared
   * by the next successful command or tend. A suspect node gets no writes and
   * is the last choice for reads, so a dead or hung node stops taking traffic
   * at once instead of after the cluster notices.
   */
  suspect = false;
  /**
   * True while the node reports partition generation -1: it has just started
   * and not yet finished its first partition balance, so it answers
   * PARTITION_UNAVAILABLE. Reads go elsewhere while another replica exists.
   */
  loading = false;
  /** Unix ms at which the node last became suspect. */
  suspectSince = 0;

  /** Marks the node suspect (see {@link Node.suspect}). */
  markSuspect(): void {
    if (!this.suspect) {
      this.suspect = true;
      this.suspectSince = Date.now();
    }
  }

  private readonly pools: Pool[];
  private nextPool = 0;
  private tendConnection: Connection | undefined;
  private tendQueue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly name: string,
    readonly host: string,
    readonly port: number,
    readonly tlsName: string | undefined,
    private readonly options: NodeOptions,
    tendConnection?: Connection,
  ) {
    this.tendConnection = tendConnection;
    const perPoolMax = Math.max(1, Math.floor(options.maxConns / options.pools));
    const perPoolMin = Math.floor(options.minConns / options.pools);
    this.pools = [];
    for (let i = 0; i < options.pools; i++) {
      this.pools.push(
        new Pool({
          max: perPoolMax,
          min: perPoolMin,
          idleTimeoutMs: options.idleTimeoutMs,
          open: () => this.openConnection(),
          onOpen: () => options.onConnectionOpened?.(this),
          onClose: () => options.onConnectionClosed?.(this),
        }),
      );
    }
  }

  /** `host:port` of the node. */
  get address(): string {
    return this.host.includes(':') ? `[${this.host}]:${this.port}` : `${this.host}:${this.port}`;
  }

  /** The pool the next command should use (round-robin when there are several). */
  pool(): Pool {
    if (this.pools.length === 1) return this.pools[0]!;
    const p = this.pools[this.nextPool]!;
    this.nextPool = (this.nextPool + 1) % this.pools.length;
    return p;
  }

  /** Opens and prepares a new socket to this node. */
  async openConnection(): Promise<Connection> {
    const conn = await Connection.open(
      { host: this.host, port: this.port, timeout: this.options.connectTimeout, tls: this.options.tls },
      this.options.connector,
    );
    if (this.options.prepare !== undefined) {
      try {
        await this.options.prepare(conn);
      } catch (err) {
        conn.close();
        throw err;
      }
    }
    return conn;
  }

  /**
   * Runs info commands on the tend connection, opening it when needed. Calls
   * are queued: a connection carries one request at a time, and two tends of
   * one node can overlap (two peers announce a new node in the same tend).
   */
  tendInfo(commands: readonly string[]): Promise<Map<string, string>> {
    const result = this.tendQueue.then(() => this.tendInfoNow(commands));
    this.tendQueue = result.catch(() => undefined);
    return result;
  }

  private async tendInfoNow(commands: readonly string[]): Promise<Map<string, string>> {
    let conn = this.tendConnection;
    if (conn === undefined || !conn.alive) {
      conn = await this.openConnection();
      this.tendConnection = conn;
    }
    return infoOn(conn, commands, this.options.infoTimeout);
  }

  /**
   * Runs info commands on a pooled connection (user-level info calls). A
   * pooled socket the server had closed (a restart, an idle reap) says
   * nothing about the node: the call is made again on another one.
   */
  async info(commands: readonly string[], timeoutMs: number): Promise<Map<string, string>> {
    for (;;) {
      const pool = this.pool();
      let conn = pool.tryAcquire();
      const reused = conn !== undefined;
      conn ??= await pool.acquire(timeoutMs);
      try {
        // User-level calls may ask for large answers (sets, sindex lists): only the protocol's own ceiling applies.
        return await infoOn(conn, commands, timeoutMs, MAX_PROTO_BODY);
      } catch (err) {
        // The dead socket is dropped on release, so the idle sockets run out and a new one is opened.
        if (!reused || !(err instanceof ConnectionError)) throw err;
      } finally {
        pool.release(conn);
      }
    }
  }

  /** Opens connections up to the configured minimum. */
  async warm(): Promise<void> {
    await Promise.all(this.pools.map((p) => p.warm()));
  }

  /** Closes idle connections past the idle timeout. */
  trim(now: number): void {
    for (const p of this.pools) p.trim(now);
  }

  /** Sum of the pools' counters. */
  poolStats(): PoolStats {
    const total: PoolStats = { inUse: 0, idle: 0, opening: 0, opened: 0, closed: 0, waiting: 0, exhausted: 0 };
    for (const p of this.pools) {
      const s = p.stats();
      total.inUse += s.inUse;
      total.idle += s.idle;
      total.opening += s.opening;
      total.opened += s.opened;
      total.closed += s.closed;
      total.waiting += s.waiting;
      total.exhausted += s.exhausted;
    }
    return total;
  }

  /** Closes every socket of the node. */
  close(): void {
    this.active = false;
    this.tendConnection?.close();
    this.tendConnection = undefined;
    for (const p of this.pools) {
      p.close(() => new ConnectionError(ResultCode.SERVER_NOT_AVAILABLE, `node ${this.name} left the cluster`, { node: this.name, address: this.address }));
    }
  }
}
