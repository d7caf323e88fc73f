/**
 * The closed loop every client runs: C async workers, each issuing one
 * operation and awaiting it before the next, so offered load adapts to the
 * client's own speed and ops/s and latency describe the same run.
 *
 * Phases are switched by the workers themselves on completion timestamps
 * rather than by timers: under saturation a timer can fire late, and the
 * CPU snapshot must be taken exactly where the window starts.
 */

import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { KEY_SPACE, MIX_GET_RATIO } from './config.js';
import { Histogram } from './histogram.js';

export const GET = 0;
export const PUT = 1;
/** Three map operations on one record (see the workers' `operate`). */
export const OPERATE = 2;

/** How long to wait for in-flight operations after the window before giving up on them. */
export const DRAIN_TIMEOUT_MS = 10_000;
const MAX_ERROR_KINDS = 5;

const WARMUP = 0;
const MEASURE = 1;
const DONE = 2;

/** @param {string} workload */
function kindPicker(workload) {
  if (workload === 'put') return () => PUT;
  if (workload === 'get') return () => GET;
  if (workload === 'mix') return () => (Math.random() < MIX_GET_RATIO ? GET : PUT);
  if (workload === 'operate') return () => OPERATE;
  throw new Error(`unknown workload ${workload}`);
}

/** Groups errors so a report shows what failed without storing every error. */
export class ErrorLog {
  /**
   * @param {(err: unknown) => string} [kindOf] the group of an error; by
   *   default its whole message, so each distinct message is counted apart
   */
  constructor(kindOf = describeError) {
    this.kindOf = kindOf;
    this.kinds = new Map();
  }
  add(err) {
    const kind = this.kindOf(err);
    const seen = this.kinds.get(kind);
    if (seen !== undefined) seen.count++;
    else if (this.kinds.size < MAX_ERROR_KINDS) this.kinds.set(kind, { count: 1, example: describeError(err) });
  }
  /** @returns {Array<{ message: string, count: number, example?: string }>} `example`: the first error's full message, when that is not `message` */
  list() {
    return [...this.kinds].map(([message, { count, example }]) => ({ message, count, example: example === message ? undefined : example }));
  }
}

export function describeError(err) {
  if (!(err instanceof Error)) return String(err).slice(0, 300);
  const code = err.code !== undefined ? ` [code ${err.code}]` : '';
  return `${err.name}${code}: ${err.message}`.slice(0, 300);
}

/**
 * Runs the loop for a warm-up then a measured window.
 *
 * @param {object} o
 * @param {(kind: number, key: number, worker: number) => Promise<unknown>} o.op
 * @param {string} o.workload put | get | mix
 * @param {number} o.concurrency
 * @param {number} o.warmupMs
 * @param {number} o.measureMs
 */
export async function runClosedLoop({ op, workload, concurrency, warmupMs, measureMs }) {
  const pick = kindPicker(workload);
  const histogram = new Histogram();
  const errors = new ErrorLog();
  let phase = WARMUP;
  let ops = 0;
  let errorCount = 0;
  let warmupOps = 0;
  let warmupErrors = 0;
  let measureStart = 0;
  let measureEnd = 0;
  let cpuStart = process.cpuUsage();
  let cpu = { user: 0, system: 0 };
  const measureAt = performance.now() + warmupMs;
  let endAt = Number.POSITIVE_INFINITY;
  let closeWindow;
  const windowClosed = new Promise((resolve) => (closeWindow = resolve));

  async function worker(w) {
    while (phase !== DONE) {
      const kind = pick();
      const key = Math.floor(Math.random() * KEY_SPACE);
      let failure;
      const t0 = performance.now();
      try {
        await op(kind, key, w);
      } catch (err) {
        failure = err ?? new Error('rejected without a reason');
      }
      const t1 = performance.now();
      if (phase === WARMUP && t1 >= measureAt) {
        phase = MEASURE;
        measureStart = t1;
        endAt = t1 + measureMs;
        cpuStart = process.cpuUsage();
      }
      if (phase === MEASURE && t1 >= endAt) {
        cpu = process.cpuUsage(cpuStart);
        measureEnd = t1;
        phase = DONE;
        closeWindow();
      }
      if (phase === MEASURE) {
        if (failure === undefined) {
          ops++;
          histogram.record((t1 - t0) * 1000);
        } else {
          errorCount++;
          errors.add(failure);
        }
      } else if (phase === WARMUP) {
        if (failure === undefined) warmupOps++;
        else {
          warmupErrors++;
          errors.add(failure);
        }
      }
      // A client that rejects synchronously would otherwise spin on microtasks
      // forever and starve the I/O and timers that everything else needs.
      if (failure !== undefined) await yieldToEventLoop();
    }
  }

  const workers = Array.from({ length: concurrency }, (_, w) => worker(w));
  let finished = 0;
  for (const p of workers) p.then(() => finished++);
  // The drain limit counts from the end of the window, which only the workers know.
  let drainTimer;
  const gaveUp = windowClosed.then(() => new Promise((resolve) => (drainTimer = setTimeout(resolve, DRAIN_TIMEOUT_MS))));
  await Promise.race([Promise.all(workers), gaveUp]);
  clearTimeout(drainTimer);

  const elapsedMs = measureEnd - measureStart;
  const cpuMicros = cpu.user + cpu.system;
  return {
    ops,
    errors: errorCount,
    errorKinds: errors.list(),
    warmupOps,
    warmupErrors,
    elapsedMs,
    opsPerSec: elapsedMs > 0 ? (ops / elapsedMs) * 1000 : 0,
    latencyUs: histogram.summary(),
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    cpuUsPerOp: ops > 0 ? cpuMicros / ops : null,
    // Workers still awaiting an operation DRAIN_TIMEOUT_MS after the window: hung operations.
    stuckWorkers: concurrency - finished,
  };
}

/**
 * Writes every key once, so that gets find records. Not measured.
 *
 * @param {(kind: number, key: number, worker: number) => Promise<unknown>} op
 * @param {number} concurrency
 */
export async function populate(op, concurrency) {
  let next = 0;
  let errorCount = 0;
  const errors = new ErrorLog();
  async function worker(w) {
    while (next < KEY_SPACE) {
      const key = next++;
      try {
        await op(PUT, key, w);
      } catch (err) {
        errorCount++;
        errors.add(err);
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  return { keys: KEY_SPACE, errors: errorCount, errorKinds: errors.list() };
}
