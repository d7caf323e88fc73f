/**
 * A steady closed-loop load of reads and writes for fault tests, keeping what
 * is needed to check what the user saw: every failed read and write with its
 * time, and per key the last acknowledged value and the last attempted one.
 *
 * Each worker owns the keys `k` with `k % workers === worker`, so writes to
 * one key never race each other and "the last acknowledged value" is well
 * defined: a key must always read back that value or a later attempted one
 * (a write that failed may still have been applied).
 *
 * ```ts
 * const load = new Load(client, { namespace: 'test', set, keys: 500, workers: 16 });
 * await load.populate();
 * load.start();
 * … inject a fault …
 * await load.stop();
 * expect(load.readErrors).toEqual([]);
 * await load.verify();
 * ```
 */

import type { Client, ReadPolicyInput, WritePolicyInput } from '@aerospike-ts/core';
import { Key } from '@aerospike-ts/core';

/** Settings of a {@link Load}. */
export interface LoadOptions {
  namespace: string;
  set: string;
  /** Number of keys, `0..keys-1`. */
  keys: number;
  /** Concurrent workers. */
  workers: number;
  /** Share of operations that are reads, 0..1 (default 0.5). */
  readShare?: number;
  readPolicy?: ReadPolicyInput;
  writePolicy?: WritePolicyInput;
}

/** A failed operation. */
export interface LoadFailure {
  /** `Date.now()` when the operation started. */
  started: number;
  /** `Date.now()` when it failed. */
  at: number;
  key: number;
  error: unknown;
}

/** A read that returned the value of a write that had failed: a node applied it late. */
export interface LateWrite {
  key: number;
  value: number;
  /** Whether the failed write was reported in doubt (it must have been, to show up later). */
  inDoubt: boolean;
}

/** What a key's value must be, and whether it is. */
export interface KeyMismatch {
  key: number;
  read: unknown;
  lastAcked: number;
  lastAttempted: number;
}

/** A running (or finished) load. */
export class Load {
  reads = 0;
  writes = 0;
  readonly readErrors: LoadFailure[] = [];
  readonly writeErrors: LoadFailure[] = [];
  /**
   * Reads that returned a value older than the last acknowledged write (and
   * not one of a failed write), or newer than any attempted one.
   */
  readonly staleReads: KeyMismatch[] = [];
  /**
   * Reads that returned the value of a failed write over a newer acknowledged
   * one: a hung node that woke with the write still queued applied it late.
   * Only an in-doubt write may do that.
   */
  readonly lateWrites: LateWrite[] = [];
  /** Values of failed writes, per key, and whether each was in doubt. */
  private readonly failed = new Map<number, Map<number, boolean>>();
  /** Last acknowledged value per key. */
  readonly acked: number[];
  /** Last attempted value per key. */
  readonly attempted: number[];
  private running = false;
  private done: Promise<void> | undefined;
  private sequence = 0;

  constructor(
    private readonly client: Client,
    readonly options: LoadOptions,
  ) {
    this.acked = new Array<number>(options.keys).fill(0);
    this.attempted = new Array<number>(options.keys).fill(0);
  }

  /** The key object of key number `k`. */
  key(k: number): Key {
    return new Key(this.options.namespace, this.options.set, `k${k}`);
  }

  /** Writes every key once (value 1), so a read never legitimately misses. */
  async populate(): Promise<void> {
    const batch = 50;
    for (let k = 0; k < this.options.keys; k += batch) {
      const writes: Promise<unknown>[] = [];
      for (let i = k; i < Math.min(k + batch, this.options.keys); i++) {
        writes.push(this.client.put(this.key(i), { v: 1 }, { totalTimeout: 5_000, maxRetries: 2 }));
        this.acked[i] = 1;
        this.attempted[i] = 1;
      }
      await Promise.all(writes);
    }
    this.sequence = 1;
  }

  /** Starts the workers. */
  start(): void {
    if (this.running) throw new Error('load already running');
    this.running = true;
    const workers: Promise<void>[] = [];
    for (let w = 0; w < this.options.workers; w++) workers.push(this.worker(w));
    this.done = Promise.all(workers).then(() => undefined);
  }

  /** Stops the workers and waits for their last operations. */
  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  /** Failures of `kind` between `from` and `to` (ms timestamps, by failure time). */
  errorsBetween(kind: 'read' | 'write', from: number, to: number): LoadFailure[] {
    const list = kind === 'read' ? this.readErrors : this.writeErrors;
    return list.filter((f) => f.at >= from && f.at <= to);
  }

  /** Time from the first failed write's start to the last one's end, ms (0 when none failed). */
  writeErrorSpan(): number {
    if (this.writeErrors.length === 0) return 0;
    const first = Math.min(...this.writeErrors.map((f) => f.started));
    const last = Math.max(...this.writeErrors.map((f) => f.at));
    return last - first;
  }

  /** Reads every key back (after {@link Load.stop}) and returns those not holding an acknowledged-or-later value. */
  async verify(): Promise<KeyMismatch[]> {
    const out: KeyMismatch[] = [];
    for (let k = 0; k < this.options.keys; k += 50) {
      const reads: Promise<void>[] = [];
      for (let i = k; i < Math.min(k + 50, this.options.keys); i++) {
        reads.push(
          // Duplicate resolution: a copy that migrations have not reconciled yet says nothing about what is stored.
          this.client.get(this.key(i), undefined, { totalTimeout: 5_000, maxRetries: 4, readModeAP: 'all' }).then(
            (r) => {
              const v = r.bins.v;
              if (typeof v !== 'number' || v < this.acked[i]! || v > this.attempted[i]!) {
                out.push({ key: i, read: v, lastAcked: this.acked[i]!, lastAttempted: this.attempted[i]! });
              }
            },
            (err: unknown) => {
              out.push({ key: i, read: err, lastAcked: this.acked[i]!, lastAttempted: this.attempted[i]! });
            },
          ),
        );
      }
      await Promise.all(reads);
    }
    return out;
  }

  /** Short description of failures, for assertion messages. */
  describe(list: readonly LoadFailure[], limit = 5): string {
    return list
      .slice(0, limit)
      .map((f) => `k${f.key} +${f.at - f.started}ms: ${f.error instanceof Error ? `${f.error.name}: ${f.error.message}` : String(f.error)}`)
      .join('\n');
  }

  private async worker(w: number): Promise<void> {
    const { keys, workers } = this.options;
    const mine = Math.floor((keys - w - 1) / workers) + 1;
    if (mine <= 0) return;
    const readShare = this.options.readShare ?? 0.5;
    while (this.running) {
      const k = w + workers * Math.floor(Math.random() * mine);
      const started = Date.now();
      if (Math.random() < readShare) {
        const before = this.acked[k]!;
        try {
          const r = await this.client.get(this.key(k), undefined, this.options.readPolicy);
          this.reads++;
          const v = r.bins.v;
          const late = typeof v === 'number' ? this.failed.get(k)?.get(v) : undefined;
          if (late !== undefined && typeof v === 'number' && v < before) this.lateWrites.push({ key: k, value: v, inDoubt: late });
          else if (typeof v !== 'number' || v < before || v > this.attempted[k]!) {
            this.staleReads.push({ key: k, read: v, lastAcked: before, lastAttempted: this.attempted[k]! });
          }
        } catch (error) {
          this.readErrors.push({ started, at: Date.now(), key: k, error });
        }
      } else {
        const value = ++this.sequence;
        this.attempted[k] = value;
        try {
          await this.client.put(this.key(k), { v: value }, this.options.writePolicy);
          this.writes++;
          this.acked[k] = value;
        } catch (error) {
          this.writeErrors.push({ started, at: Date.now(), key: k, error });
          let values = this.failed.get(k);
          if (values === undefined) {
            values = new Map();
            this.failed.set(k, values);
          }
          values.set(value, (error as { inDoubt?: unknown }).inDoubt === true);
        }
      }
    }
  }
}
