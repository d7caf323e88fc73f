/**
 * The side of a worker process that talks to the orchestrator: one process
 * per benchmark cell, so CPU time and peak RSS belong to that one client
 * (native threads included) and to that cell alone.
 *
 * Protocol: the parent sends one message, { mode: 'run' | 'populate' | 'failover', ... };
 * the worker answers with { ok: true, result } or { ok: false, error } and exits.
 * In between, a failover run sends { event: 'halfway' } and waits for the
 * parent's { event: 'halfway', ... } once the parent has stopped a node.
 */

import { describeError, populate, runClosedLoop } from '../loop.js';
import { runTimeline } from '../timeline.js';

/** Bound on close(): a client that cannot close must not hold up the next cell. */
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * @typedef {object} Driver
 * @property {(kind: number, key: number, worker: number) => Promise<unknown>} op
 *   one get or put of key `key`; `worker` is the index of the loop worker issuing it
 * @property {() => Promise<void>} close
 */

/**
 * @param {(target: { hosts: string, host: string, port: number, concurrency: number }) => Promise<Driver>} createDriver
 */
export function serve(createDriver) {
  if (process.send === undefined) {
    console.error('this file is a benchmark worker; run `node bench/run.js` instead');
    process.exit(2);
  }
  process.once('message', (msg) => {
    handle(createDriver, msg).then(
      (result) => reply({ ok: true, result }),
      (err) => reply({ ok: false, error: describeError(err) }),
    );
  });
}

async function handle(createDriver, msg) {
  const connectStart = performance.now();
  const driver = await createDriver({ ...msg.target, concurrency: msg.concurrency });
  const connectMs = performance.now() - connectStart;
  try {
    if (msg.mode === 'populate') return await populate(driver.op, msg.concurrency);
    if (msg.mode === 'failover') {
      const result = await runTimeline({
        op: driver.op,
        concurrency: msg.concurrency,
        getRatio: msg.getRatio,
        warmupMs: msg.warmupMs,
        seconds: msg.seconds,
        halfway: () => askParent('halfway'),
      });
      return { ...result, connectMs };
    }
    const result = await runClosedLoop({
      op: driver.op,
      workload: msg.workload,
      concurrency: msg.concurrency,
      warmupMs: msg.warmupMs,
      measureMs: msg.measureMs,
    });
    // Read before close(), so teardown does not count; maxRSS is in KiB.
    const maxRssMiB = process.resourceUsage().maxRSS / 1024;
    return { ...result, connectMs, maxRssMiB };
  } finally {
    // Some clients close synchronously and return nothing; a failed close does not void the measurement.
    const closed = Promise.resolve()
      .then(() => driver.close())
      .catch(() => {});
    await Promise.race([closed, new Promise((r) => setTimeout(r, CLOSE_TIMEOUT_MS).unref())]);
  }
}

/** Sends an event and resolves with the parent's answer to it. */
function askParent(event) {
  return new Promise((resolve) => {
    const onMessage = (msg) => {
      if (msg?.event !== event) return;
      process.off('message', onMessage);
      resolve(msg);
    };
    process.on('message', onMessage);
    process.send({ event });
  });
}

function reply(message) {
  // Exit explicitly: a client that keeps a handle open must not keep its process alive.
  process.send(message, () => process.exit(0));
}
