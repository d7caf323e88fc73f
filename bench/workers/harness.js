/**
 * The side of a worker process that talks to the orchestrator: one process
 * per benchmark cell, so CPU time and peak RSS belong to that one client
 * (native threads included) and to that cell alone.
 *
 * Protocol: the parent sends one message, { mode: 'run' | 'populate', ... };
 * the worker answers with { ok: true, result } or { ok: false, error } and exits.
 */

import { describeError, populate, runClosedLoop } from '../loop.js';

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

function reply(message) {
  // Exit explicitly: a client that keeps a handle open must not keep its process alive.
  process.send(message, () => process.exit(0));
}
