/**
 * The workload: async workers each looping a get or a put (50/50) on a
 * random key, with the bookkeeping the report needs: per-second successful
 * operations, failures by kind, and per key the highest sequence number
 * attempted and acknowledged, so lost acknowledged writes can be found.
 *
 * Every put writes `{ v: seq }` where seq is one more than the key's highest
 * attempted sequence. At most one put per key is in flight at a time, so two
 * workers' puts on the same key cannot overtake each other on different
 * sockets and pass for a lost write; a put that is retried, or applied late
 * by a node, still can, and that is what the check looks for.
 */

import { performance } from 'node:perf_hooks';
import { Histogram } from '../bench/histogram.js';
import { AerospikeError, channels } from '../packages/core/dist/index.js';
import { NAMESPACE, POPULATE_CONCURRENCY, SET } from './config.js';

/**
 * Policy of the read-backs that check a write: patient, so that a key is not called unreadable during a
 * fault, and resolving duplicates, so that a copy not yet migrated cannot pass for the record.
 */
const CHECK_POLICY = { maxRetries: 5, totalTimeout: 10_000, readModeAP: 'all' };

function yieldToTimers() {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Counts of one operation kind. */
function opCounters() {
  return {
    ok: 0,
    failed: 0,
    inDoubt: 0,
    codes: new Map(),
    /** Reads that returned an older acknowledged value than one acknowledged before they started. */
    stale: 0,
    /**
     * Reads that returned, over a newer acknowledged value, the value of a write that failed or that
     * succeeded only on a retry: an attempt applied late, by a node that woke up with it still queued,
     * and kept by the server's conflict resolution. Not a stale replica.
     */
    lateWrites: 0,
    /** Writes that failed with inDoubt false, yet were found applied when read back at once. */
    appliedNotInDoubt: 0,
    /** Writes that failed with inDoubt false and could not be read back to check. */
    unchecked: 0,
  };
}

export class Workload {
  /**
   * @param {import('../packages/core/dist/index.js').Client} client
   * @param {{ keys: number, workers: number, writePolicy: object | undefined, readPolicy: object | undefined, set?: string }} options
   */
  constructor(client, options) {
    this.client = client;
    this.keys = options.keys;
    this.workers = options.workers;
    this.writePolicy = options.writePolicy;
    this.readPolicy = options.readPolicy;
    this.set = options.set ?? SET;
    /** Read latency, µs, before the fault and from the fault on. */
    this.readLatency = { before: new Histogram(), after: new Histogram() };
    /** Seconds (from `origin`) in which the client read with duplicate resolution somewhere. */
    this.migratingSeconds = new Set();
    /** Highest sequence sent for each key (acknowledged or not). */
    this.attempted = new Float64Array(this.keys).fill(-1);
    /** Highest acknowledged sequence of each key. */
    this.acked = new Float64Array(this.keys).fill(-1);
    this.writing = new Uint8Array(this.keys);
    /**
     * Sequences of puts that failed, or succeeded only after more than one attempt, by key: an attempt of
     * theirs may have been applied late, so a read that returns one saw a late write, not a stale copy.
     */
    this.failedSeqs = new Map();
    /** Receives the diagnostics context of the put being started, to learn how many attempts it took. */
    this.captureContext = undefined;
    this.commandHandlers = {
      start: (ctx) => this.captureContext?.(ctx),
      end() {},
      asyncStart() {},
      asyncEnd() {},
      error() {},
    };
    this.running = false;
    this.loops = [];
    /** What each worker is doing: `{ op, since }`, or undefined between operations. */
    this.current = [];
    /** Time that separates "before the fault" from "during the fault and after"; buckets count from it. */
    this.origin = Number.POSITIVE_INFINITY;
    /** Successful operations per second, keyed by whole seconds since `origin` (negative before it). */
    this.buckets = new Map();
    this.phases = { before: { get: opCounters(), put: opCounters() }, after: { get: opCounters(), put: opCounters() } };
    this.firstError = undefined;
    this.lastError = undefined;
    /** Errors that were not AerospikeError at all (a bug, not a failover outcome). */
    this.foreign = [];
  }

  /** The workload's key for index `i`. */
  keyOf(i) {
    return [NAMESPACE, this.set, `k${i}`];
  }

  /** Writes sequence 0 to every key, retrying until each is acknowledged. */
  async populate() {
    let next = 0;
    const one = async () => {
      for (;;) {
        const i = next++;
        if (i >= this.keys) return;
        for (let attempt = 1; ; attempt++) {
          try {
            await this.client.put(this.keyOf(i), { v: 0 }, { maxRetries: 2, totalTimeout: 5000 });
            break;
          } catch (err) {
            if (attempt >= 5) throw new Error(`could not pre-populate key ${i}: ${err.message}`);
          }
        }
        this.attempted[i] = 0;
        this.acked[i] = 0;
      }
    };
    await Promise.all(Array.from({ length: Math.min(POPULATE_CONCURRENCY, this.keys) }, one));
  }

  /** Starts the workers. */
  start() {
    channels.command.subscribe(this.commandHandlers);
    this.running = true;
    for (let w = 0; w < this.workers; w++) this.loops.push(this.loop(w));
  }

  /**
   * Stops the workers and waits for their last operation to settle, at most
   * `waitMs`. Returns the operations still pending then (every command has
   * a total timeout, so any is a command that never settled).
   */
  async stop(waitMs) {
    this.running = false;
    channels.command.unsubscribe(this.commandHandlers);
    let timer;
    const settled = await Promise.race([
      Promise.all(this.loops).then(() => true),
      new Promise((resolve) => {
        timer = setTimeout(() => resolve(false), waitMs);
      }),
    ]);
    clearTimeout(timer);
    this.loops = [];
    if (settled) return [];
    const now = Date.now();
    return this.current.filter((c) => c !== undefined).map((c) => ({ ...c, pendingMs: now - c.since }));
  }

  async loop(w) {
    while (this.running) {
      const read = Math.random() < 0.5;
      this.current[w] = { op: read ? 'get' : 'put', since: Date.now() };
      const ok = read ? await this.get() : await this.put();
      this.current[w] = undefined;
      // A command that fails without touching the network settles in a microtask; let timers run.
      if (!ok) await yieldToTimers();
    }
  }

  async get() {
    const i = Math.floor(Math.random() * this.keys);
    const ackedBefore = this.acked[i];
    const started = performance.now();
    try {
      const record = await this.client.get(this.keyOf(i), undefined, this.readPolicy);
      const now = Date.now();
      this.phaseLatency(now).record((performance.now() - started) * 1000);
      const v = record.bins.v;
      if (typeof v === 'number' && v < ackedBefore) {
        if (this.failedSeqs.get(i)?.has(v)) this.phase(now).get.lateWrites++;
        else this.phase(now).get.stale++;
      }
      if (this.client.stats().migratingNamespaces.length > 0) this.migratingSeconds.add(Math.floor((now - this.origin) / 1000));
      this.succeeded('get');
      return true;
    } catch (err) {
      this.failed('get', err);
      return false;
    }
  }

  async put() {
    let i = Math.floor(Math.random() * this.keys);
    // One put per key at a time; with far more keys than workers a free one is found at once.
    while (this.writing[i] === 1) i = Math.floor(Math.random() * this.keys);
    const seq = this.attempted[i] + 1;
    this.attempted[i] = seq;
    this.writing[i] = 1;
    let context;
    this.captureContext = (ctx) => {
      context = ctx;
    };
    const pending = this.client.put(this.keyOf(i), { v: seq }, this.writePolicy);
    this.captureContext = undefined;
    try {
      await pending;
      if (seq > this.acked[i]) this.acked[i] = seq;
      if (context !== undefined && context.attempts > 1) this.mayLandLate(i, seq);
      this.succeeded('put');
      return true;
    } catch (err) {
      this.failed('put', err);
      this.mayLandLate(i, seq);
      // "Not in doubt" is a promise that the write was not applied: check it while no other put can touch the key.
      if (err instanceof AerospikeError && !err.inDoubt) await this.checkNotApplied(i, seq);
      return false;
    } finally {
      this.writing[i] = 0;
    }
  }

  /** Notes that a put of `seq` on key `i` had an attempt that failed, and may be applied late. */
  mayLandLate(i, seq) {
    let seqs = this.failedSeqs.get(i);
    if (seqs === undefined) {
      seqs = new Set();
      this.failedSeqs.set(i, seqs);
    }
    seqs.add(seq);
  }

  /** Reads key `i` back after a put of `seq` failed with inDoubt false; counts it if `seq` is there. */
  async checkNotApplied(i, seq) {
    const counters = this.phase(Date.now()).put;
    try {
      const record = await this.client.get(this.keyOf(i), undefined, CHECK_POLICY);
      if (record.bins.v === seq) counters.appliedNotInDoubt++;
    } catch {
      counters.unchecked++;
    }
  }

  phaseLatency(now) {
    return now < this.origin ? this.readLatency.before : this.readLatency.after;
  }

  phase(now) {
    return now < this.origin ? this.phases.before : this.phases.after;
  }

  succeeded(kind) {
    const now = Date.now();
    this.phase(now)[kind].ok++;
    const second = Math.floor((now - this.origin) / 1000);
    this.buckets.set(second, (this.buckets.get(second) ?? 0) + 1);
  }

  failed(kind, err) {
    const now = Date.now();
    const counters = this.phase(now)[kind];
    counters.failed++;
    let code = 'not an AerospikeError';
    if (err instanceof AerospikeError) {
      code = err.code;
      if (err.inDoubt) counters.inDoubt++;
    } else if (this.foreign.length < 5) {
      this.foreign.push(String(err?.stack ?? err));
    }
    counters.codes.set(code, (counters.codes.get(code) ?? 0) + 1);
    if (now >= this.origin) {
      this.firstError ??= now;
      this.lastError = now;
    }
  }

  /**
   * Reads every key back and compares its stored sequence with what the
   * workers saw acknowledged and attempted.
   */
  async verify() {
    const result = { lost: 0, lostKeys: [], appliedInDoubt: 0, beyondAttempted: 0, unreadable: 0, missing: 0 };
    let next = 0;
    const one = async () => {
      for (;;) {
        const i = next++;
        if (i >= this.keys) return;
        let stored;
        try {
          const record = await this.client.get(this.keyOf(i), undefined, CHECK_POLICY);
          stored = record.bins.v;
        } catch (err) {
          // A key that cannot be read proves nothing either way: counted apart, not as lost.
          if (!(err instanceof AerospikeError) || err.code !== 'KEY_NOT_FOUND_ERROR') {
            result.unreadable++;
            continue;
          }
          result.missing++;
          result.lost++;
          if (result.lostKeys.length < 10) result.lostKeys.push({ key: i, stored: null, acked: this.acked[i], attempted: this.attempted[i] });
          continue;
        }
        if (typeof stored !== 'number' || stored < this.acked[i]) {
          result.lost++;
          if (result.lostKeys.length < 10) result.lostKeys.push({ key: i, stored, acked: this.acked[i], attempted: this.attempted[i] });
        } else if (stored > this.attempted[i]) {
          result.beyondAttempted++;
        } else if (stored > this.acked[i]) {
          result.appliedInDoubt++;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(POPULATE_CONCURRENCY, this.keys) }, one));
    return result;
  }
}
