/**
 * `pnpm bench`: compares this repository's client with the official one and
 * with a raw-socket loop, in a closed loop, over a matrix of workloads and
 * concurrencies. Prints a markdown table to stdout (progress goes to stderr)
 * and writes every number to bench/results/latest.json.
 *
 * Each cell runs in a fresh child process, so its CPU time and peak RSS are
 * that client's alone and no cell inherits another's heap or JIT state.
 */

import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { KEY_SPACE, MAX_CONNS_PER_NODE, MIX_GET_RATIO, NAMESPACE, SET, loadConfig } from './config.js';
import { problems, summary, table } from './report.js';
import { startTarget } from './target.js';

const RESULTS = fileURLToPath(new URL('./results/latest.json', import.meta.url));
/** Connections opened by the unmeasured pre-population pass. */
const POPULATE_CONCURRENCY = 64;
/** Slack on top of a cell's planned duration for connecting, draining and closing. */
const CELL_SLACK_MS = 45_000;

/** The worker of the cell being run, to kill if the benchmark itself is stopped. */
let active;
process.on('exit', () => active?.kill('SIGKILL'));

function log(line) {
  process.stderr.write(`${line}\n`);
}

/**
 * Runs one worker to completion.
 * @returns {Promise<{ result: object } | { failure: string }>}
 */
function runWorker(client, message, timeoutMs) {
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
    child.once('message', (msg) => {
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

function describeCell(cell) {
  if (cell.failure !== undefined) return `failed: ${cell.failure}`;
  const r = cell.result;
  const p99 = r.latencyUs.p99 === null ? '–' : Math.round(r.latencyUs.p99);
  const cpu = r.cpuUsPerOp === null ? '–' : r.cpuUsPerOp.toFixed(1);
  return `${Math.round(r.opsPerSec)} ops/s, p99 ${p99} µs, ${cpu} CPU µs/op, ${r.errors} errors`;
}

async function main() {
  const config = loadConfig();
  // Other load on the machine skews every number; recorded so a noisy run can be recognised.
  const loadBefore = os.loadavg();
  const target = await startTarget(config.hosts);
  const stopOnSignal = (signal) => {
    log(`\n${signal}: stopping`);
    active?.kill('SIGKILL');
    target.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);

  try {
    log(`target: ${target.kind} at ${target.hosts}`);
    log(
      `clients ${config.clients.join(',')}; workloads ${config.workloads.join(',')}; concurrency ${config.concurrency.join(',')}; ` +
        `${config.warmupSeconds} s warm-up + ${config.seconds} s per cell`,
    );
    const targetInfo = { hosts: target.hosts, host: target.host, port: target.port };
    const cells = [];
    let populateResult;
    const measureMs = config.seconds * 1000;
    const warmupMs = config.warmupSeconds * 1000;

    for (const workload of config.workloads) {
      if (workload !== 'put' && populateResult === undefined) {
        log(`populating ${KEY_SPACE} keys…`);
        const out = await runWorker('raw', { mode: 'populate', target: targetInfo, concurrency: POPULATE_CONCURRENCY }, 60_000);
        if (out.failure !== undefined) throw new Error(`populating the keys failed: ${out.failure}`);
        populateResult = out.result;
        if (populateResult.errors > 0) log(`  ${populateResult.errors} puts failed: ${JSON.stringify(populateResult.errorKinds)}`);
      }
      for (const concurrency of config.concurrency) {
        for (const client of config.clients) {
          if (target.alive === false) throw new Error(`the memory cluster exited during the run\n${target.stderrTail()}`);
          const message = { mode: 'run', target: targetInfo, workload, concurrency, warmupMs, measureMs };
          const outcome = await runWorker(client, message, warmupMs + measureMs + CELL_SLACK_MS);
          const cell = { workload, concurrency, client, ...outcome };
          cells.push(cell);
          log(`${workload.padEnd(3)} c=${String(concurrency).padEnd(3)} ${client.padEnd(8)} ${describeCell(cell)}`);
        }
      }
    }

    const report = [table(cells), '', summary(cells, config.workloads)];
    const issues = problems(cells);
    if (issues) report.push('', 'Errors and failures (warm-up included):', '', issues);
    process.stdout.write(`${report.join('\n')}\n`);

    mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
    const json = {
      date: new Date().toISOString(),
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      loadAverage: { before: loadBefore, after: os.loadavg() },
      target: { kind: target.kind, hosts: target.hosts },
      settings: {
        ...config,
        keySpace: KEY_SPACE,
        namespace: NAMESPACE,
        set: SET,
        mixGetRatio: MIX_GET_RATIO,
        maxConnsPerNode: MAX_CONNS_PER_NODE,
      },
      populate: populateResult,
      results: cells,
    };
    writeFileSync(RESULTS, `${JSON.stringify(json, null, 2)}\n`);
    log(`results written to ${RESULTS}`);
  } finally {
    await target.stop();
  }
}

main().catch((err) => {
  log(`bench: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
});
