/**
 * The failover run's loop: the same closed loop as loop.js, but counted per
 * second of a fixed window, with reads and writes apart, and with a call out
 * at half time so the orchestrator can stop a node.
 *
 * Unlike loop.js, the window opens and closes on timers: during a failover
 * every operation may be stuck at once, and a window that only ends on a
 * completion would then never end. A timer firing late only shifts the
 * window; every count is by completion time inside it.
 */

import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { KEY_SPACE } from './config.js';
import { DRAIN_TIMEOUT_MS, ErrorLog, GET, PUT } from './loop.js';

/**
 * @param {object} o
 * @param {(kind: number, key: number, worker: number) => Promise<unknown>} o.op
 * @param {number} o.concurrency
 * @param {number} o.getRatio share of gets; the rest are puts
 * @param {number} o.warmupMs
 * @param {number} o.seconds length of the window, in whole seconds
 * @param {() => Promise<unknown>} o.halfway called once at half time; the run goes on while it is pending
 */
export async function runTimeline({ op, concurrency, getRatio, warmupMs, seconds, halfway }) {
  const ok = new Array(seconds).fill(0);
  const readErrors = new Array(seconds).fill(0);
  const writeErrors = new Array(seconds).fill(0);
  const readErrorKinds = new ErrorLog(errorClass);
  const writeErrorKinds = new ErrorLog(errorClass);
  let warmupOps = 0;
  let warmupErrors = 0;
  let start = Number.POSITIVE_INFINITY;
  let end = Number.POSITIVE_INFINITY;
  let done = false;
  const event = {};

  async function worker(w) {
    while (!done) {
      const kind = Math.random() < getRatio ? GET : PUT;
      const key = Math.floor(Math.random() * KEY_SPACE);
      let failure;
      try {
        await op(kind, key, w);
      } catch (err) {
        failure = err ?? new Error('rejected without a reason');
      }
      const t = performance.now();
      if (t < start) {
        if (failure === undefined) warmupOps++;
        else warmupErrors++;
      } else if (t < end) {
        const second = Math.min(seconds - 1, Math.floor((t - start) / 1000));
        if (failure === undefined) ok[second]++;
        else if (kind === GET) {
          readErrors[second]++;
          readErrorKinds.add(failure);
        } else {
          writeErrors[second]++;
          writeErrorKinds.add(failure);
        }
      }
      // Failures can come back without any I/O in between (no node to send to): let timers and sockets run.
      if (failure !== undefined) await yieldToEventLoop();
    }
  }

  const workers = Array.from({ length: concurrency }, (_, w) => worker(w));
  let finished = 0;
  for (const p of workers) p.then(() => finished++);

  await sleep(warmupMs);
  start = performance.now();
  end = start + seconds * 1000;
  await sleep(seconds * 500);
  event.requestedAtMs = performance.now() - start;
  const stopped = halfway().then(
    (detail) => ({ ...detail, doneAtMs: performance.now() - start }),
    (err) => ({ error: err instanceof Error ? err.message : String(err), doneAtMs: performance.now() - start }),
  );
  await sleep(end - performance.now());
  done = true;

  let drainTimer;
  const gaveUp = new Promise((resolve) => (drainTimer = setTimeout(resolve, DRAIN_TIMEOUT_MS)));
  await Promise.race([Promise.all(workers), gaveUp]);
  clearTimeout(drainTimer);
  Object.assign(event, await stopped);

  return {
    seconds,
    perSecond: ok.map((ops, s) => ({ ops, readErrors: readErrors[s], writeErrors: writeErrors[s] })),
    ops: sum(ok),
    readErrors: sum(readErrors),
    writeErrors: sum(writeErrors),
    readErrorKinds: readErrorKinds.list(),
    writeErrorKinds: writeErrorKinds.list(),
    warmupOps,
    warmupErrors,
    event,
    stuckWorkers: concurrency - finished,
  };
}

/**
 * Groups by class and code: failover messages name partitions, ports and
 * attempt counts, and counting each distinct text apart would scatter one
 * cause over many lines.
 */
function errorClass(err) {
  if (!(err instanceof Error)) return typeof err;
  return err.code === undefined ? err.name : `${err.name} [code ${err.code}]`;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}
