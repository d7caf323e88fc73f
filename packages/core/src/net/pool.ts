/**
 * Connections to one node: idle sockets kept for reuse (most recently used
 * first, so the stale ones sit at the bottom where trimming finds them), a
 * hard maximum, a warm minimum, and a bounded wait when every socket is busy.
 */

import { BackpressureError, ClientClosedError } from '../errors.js';
import { ResultCode } from '../result-codes.js';
import type { Connection } from './connection.js';

/** Settings of one pool. */
export interface PoolOptions {
  /** Most sockets, busy and idle together. */
  max: number;
  /** Sockets kept open even when idle. */
  min: number;
  /** An idle socket older than this many ms is closed on the next trim (0: never). */
  idleTimeoutMs: number;
  /** Opens (and authenticates) a new socket. */
  open: () => Promise<Connection>;
  /** Told about sockets opened and closed, for stats and diagnostics. */
  onOpen?: (conn: Connection) => void;
  onClose?: (conn: Connection) => void;
}

interface Waiter {
  resolve: (conn: Connection) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** Counters of one pool, for `client.stats()`. */
export interface PoolStats {
  inUse: number;
  idle: number;
  opening: number;
  opened: number;
  closed: number;
  waiting: number;
  exhausted: number;
}

/** A bounded pool of connections to one node. */
export class Pool {
  private readonly idle: Connection[] = [];
  private readonly waiters: Waiter[] = [];
  private total = 0;
  private opening = 0;
  private opened = 0;
  private closedCount = 0;
  private exhausted = 0;
  private closed = false;

  constructor(private readonly options: PoolOptions) {}

  /** An idle connection, or undefined when none is ready (use {@link Pool.acquire}). */
  tryAcquire(): Connection | undefined {
    while (this.idle.length > 0) {
      const conn = this.idle.pop()!;
      if (conn.alive) return conn;
      this.discard(conn);
    }
    return undefined;
  }

  /**
   * A connection: an idle one, a new one while under `max`, or the next one
   * released, waited for at most `waitMs` (0: fail at once). Fails with
   * {@link BackpressureError} (NO_MORE_CONNECTIONS) when the wait runs out.
   */
  acquire(waitMs: number): Promise<Connection> {
    if (this.closed) return Promise.reject(closedError());
    const conn = this.tryAcquire();
    if (conn !== undefined) return Promise.resolve(conn);
    if (this.total < this.options.max) return this.openNew();
    this.exhausted++;
    if (waitMs <= 0) return Promise.reject(exhaustedError(this.options.max));
    return new Promise<Connection>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          const i = this.waiters.indexOf(waiter);
          if (i !== -1) this.waiters.splice(i, 1);
          reject(exhaustedError(this.options.max));
        }, waitMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Returns a connection after a command; a dead one is dropped and its slot freed. */
  release(conn: Connection): void {
    if (!conn.alive || this.closed) {
      this.discard(conn);
      this.serveWaiterWithNewConnection();
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter !== undefined) {
      clearTimeout(waiter.timer);
      waiter.resolve(conn);
      return;
    }
    this.idle.push(conn);
  }

  /** Closes idle sockets unused for longer than the idle timeout, keeping `min` open. */
  trim(now: number = Date.now()): void {
    const limit = this.options.idleTimeoutMs;
    if (limit <= 0) return;
    while (this.idle.length > 0 && this.total > this.options.min) {
      const oldest = this.idle[0]!;
      if (now - oldest.lastUsed <= limit) break;
      this.idle.shift();
      oldest.close();
      this.discard(oldest);
    }
  }

  /** Opens sockets until `min` are open; failures are left for the next call. */
  async warm(): Promise<void> {
    const missing = this.options.min - this.total;
    const opening: Promise<void>[] = [];
    for (let i = 0; i < missing; i++) {
      opening.push(
        this.openNew().then(
          (conn) => this.release(conn),
          () => undefined,
        ),
      );
    }
    await Promise.all(opening);
  }

  /**
   * Closes every idle socket and fails waiters (with `reason()`, default: the
   * client is closed); busy sockets close as they are released.
   */
  close(reason: () => Error = closedError): void {
    this.closed = true;
    for (const conn of this.idle.splice(0)) {
      conn.close();
      this.discard(conn);
    }
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(reason());
    }
  }

  /** A snapshot of the pool's counters. */
  stats(): PoolStats {
    return {
      inUse: this.total - this.idle.length - this.opening,
      idle: this.idle.length,
      opening: this.opening,
      opened: this.opened,
      closed: this.closedCount,
      waiting: this.waiters.length,
      exhausted: this.exhausted,
    };
  }

  private openNew(): Promise<Connection> {
    this.total++;
    this.opening++;
    return this.options.open().then(
      (conn) => {
        this.opening--;
        this.opened++;
        this.options.onOpen?.(conn);
        if (this.closed) {
          conn.close();
          this.discard(conn);
          throw closedError();
        }
        return conn;
      },
      (err: unknown) => {
        this.opening--;
        this.total--;
        throw err;
      },
    );
  }

  private discard(conn: Connection): void {
    if (conn.alive) conn.close();
    this.total--;
    this.closedCount++;
    this.options.onClose?.(conn);
  }

  private serveWaiterWithNewConnection(): void {
    if (this.closed || this.waiters.length === 0 || this.total >= this.options.max) return;
    const waiter = this.waiters.shift()!;
    clearTimeout(waiter.timer);
    this.openNew().then(waiter.resolve, waiter.reject);
  }
}

function exhaustedError(max: number): BackpressureError {
  return new BackpressureError(ResultCode.NO_MORE_CONNECTIONS, `all ${max} connections to the node are busy`);
}

function closedError(): ClientClosedError {
  return new ClientClosedError(ResultCode.CLIENT_ERROR, 'the client is closed');
}
