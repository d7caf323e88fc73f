/**
 * Runs one benchmark worker (bench/workers/<client>.js) in a child process
 * and collects its single result. One at a time: a cell never shares the
 * machine with another client's process.
 */

import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The worker running now, to kill if the benchmark itself is stopped. */
let active;
process.on('exit', () => active?.kill('SIGKILL'));

/** Kills the running worker, if any. */
export function killActiveWorker() {
  active?.kill('SIGKILL');
}

/**
 * @param {string} client worker file name: ours | official | raw
 * @param {object} message what the worker runs (see workers/harness.js)
 * @param {number} timeoutMs the worker is killed after this long
 * @param {(event: object) => Promise<object>} [onEvent] answers the worker's events; its result is sent back
 * @returns {Promise<{ result: object } | { failure: string }>}
 */
export function runWorker(client, message, timeoutMs, onEvent) {
  const path = fileURLToPath(new URL(`./workers/${client}.js`, import.meta.url));
  // The worker's stdout goes to our stderr, keeping stdout for the report alone.
  const child = fork(path, [], { stdio: ['ignore', 2, 2, 'ipc'] });
  active = child;
  return new Promise((resolve) => {
    let outcome;
    const timer = setTimeout(() => {
      outcome ??= { failure: `no answer within ${Math.round(timeoutMs / 1000)} s; killed` };
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', (msg) => {
      if (msg.event !== undefined) {
        const answer = onEvent === undefined ? Promise.reject(new Error(`unexpected event ${msg.event}`)) : onEvent(msg);
        answer.then(
          (detail) => child.connected && child.send({ ...detail, event: msg.event }),
          (err) => child.connected && child.send({ event: msg.event, error: err instanceof Error ? err.message : String(err) }),
        );
        return;
      }
      outcome ??= msg.ok ? { result: msg.result } : { failure: msg.error };
    });
    child.once('error', (err) => {
      outcome ??= { failure: `could not start: ${err.message}` };
    });
    // Resolved on exit, not on the message: the next cell must not overlap this process's teardown.
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      active = undefined;
      resolve(outcome ?? { failure: `exited without a result (code ${code}, signal ${signal})` });
    });
    child.send(message);
  });
}
