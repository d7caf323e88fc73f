/**
 * `pnpm bench`: compares this repository's client with the official one and
 * with a raw-socket loop, in a closed loop, over a matrix of workloads and
 * concurrencies, against one node and (on request) three; then stops a node
 * of three half way through a run and counts what each client saw per
 * second. Prints markdown to stdout (progress goes to stderr) and writes
 * every number to bench/results/latest.json.
 *
 * Each cell runs in a fresh child process, so its CPU time and peak RSS are
 * that client's alone and no cell inherits another's heap or JIT state.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  CLUSTER_NODES,
  FAILOVER,
  KEY_SPACE,
  MAX_CONNS_PER_NODE,
  MIX_GET_RATIO,
  NAMESPACE,
  POPULATE_CONCURRENCY,
  SET,
  loadConfig,
} from './config.js';
import { FAILOVER_CLIENTS, runFailover } from './failover.js';
import { failoverReport } from './failover-report.js';
import { problems, summary, table } from './report.js';
import { startTarget } from './target.js';
import { killActiveWorker, runWorker } from './worker-process.js';

const RESULTS = fileURLToPath(new URL('./results/latest.json', import.meta.url));
/** Slack on top of a cell's planned duration for connecting, draining and closing. */
const CELL_SLACK_MS = 45_000;

/** The memory cluster of the scenario being run, to stop if the benchmark itself is stopped. */
let current;

function log(line) {
  process.stderr.write(`${line}\n`);
}

function describeCell(cell) {
  if (cell.failure !== undefined) return `failed: ${cell.failure}`;
  const r = cell.result;
  const p99 = r.latencyUs.p99 === null ? '–' : Math.round(r.latencyUs.p99);
  const cpu = r.cpuUsPerOp === null ? '–' : r.cpuUsPerOp.toFixed(1);
  return `${Math.round(r.opsPerSec)} ops/s, p99 ${p99} µs, ${cpu} CPU µs/op, ${r.errors} errors`;
}

/**
 * The matrix runs: one per selected matrix scenario, or a single run against
 * AEROSPIKE_HOSTS, whose size the benchmark cannot choose.
 */
function matrixRuns(config) {
  const selected = config.scenarios.filter((s) => s !== 'failover');
  if (selected.length === 0) return [];
  if (config.hosts !== undefined) {
    if (selected.length > 1) log('AEROSPIKE_HOSTS is set: single and cluster3 are the same cluster; running the matrix once');
    return [{ scenario: 'external', nodes: undefined }];
  }
  return selected.map((scenario) => ({ scenario, nodes: scenario === 'cluster3' ? CLUSTER_NODES : 1 }));
}

/** One scenario's matrix, against its own freshly started target. */
async function runMatrix({ scenario, nodes }, config) {
  const target = await startTarget(config.hosts, nodes);
  current = target;
  try {
    log(`${scenario}: ${target.kind}${target.nodes ? `, ${target.nodes} node(s)` : ''} at ${target.hosts}`);
    const targetInfo = { hosts: target.hosts, host: target.host, port: target.port };
    const cells = [];
    let populate;
    const measureMs = config.seconds * 1000;
    const warmupMs = config.warmupSeconds * 1000;
    for (const workload of config.workloads) {
      if (workload !== 'put' && populate === undefined) {
        log(`populating ${KEY_SPACE} keys…`);
        const out = await runWorker('raw', { mode: 'populate', target: targetInfo, concurrency: POPULATE_CONCURRENCY }, 60_000);
        if (out.failure !== undefined) throw new Error(`populating the keys failed: ${out.failure}`);
        populate = out.result;
        if (populate.errors > 0) log(`  ${populate.errors} puts failed: ${JSON.stringify(populate.errorKinds)}`);
      }
      for (const concurrency of config.concurrency) {
        for (const client of config.clients) {
          if (target.alive === false) throw new Error(`the memory cluster exited during the run\n${target.stderrTail()}`);
          const message = { mode: 'run', target: targetInfo, workload, concurrency, warmupMs, measureMs };
          const outcome = await runWorker(client, message, warmupMs + measureMs + CELL_SLACK_MS);
          const cell = { scenario, workload, concurrency, client, ...outcome };
          cells.push(cell);
          log(`${scenario} ${workload.padEnd(3)} c=${String(concurrency).padEnd(3)} ${client.padEnd(8)} ${describeCell(cell)}`);
        }
      }
    }
    return { scenario, target: { kind: target.kind, nodes: target.nodes, hosts: target.hosts }, populate, cells };
  } finally {
    current = undefined;
    await target.stop();
  }
}

function matrixHeading({ scenario, target }) {
  if (scenario === 'external') return `## External cluster at ${target.hosts}`;
  return `## ${target.nodes === 1 ? '1 node' : `${target.nodes} nodes`} (memory cluster, ${scenario})`;
}

function matrixSection(run, config) {
  const out = [matrixHeading(run), '', table(run.cells), '', summary(run.cells, config.workloads)];
  const issues = problems(run.cells);
  if (issues) out.push('', 'Errors and failures (warm-up included):', '', issues);
  return out.join('\n');
}

/** @returns {Promise<{ section: string, runs?: object[], skipped?: string }>} */
async function failoverScenario(config) {
  const heading = `## Failover: ${FAILOVER.nodes} nodes, one stopped half way (memory cluster, failover)`;
  let skipped;
  if (config.hosts !== undefined) skipped = 'AEROSPIKE_HOSTS is set, and the benchmark cannot stop a node of a real cluster';
  else if (!config.clients.some((c) => FAILOVER_CLIENTS.includes(c))) skipped = `BENCH_CLIENTS has none of ${FAILOVER_CLIENTS.join(', ')}`;
  if (skipped !== undefined) {
    log(`failover: skipped: ${skipped}`);
    return { section: `${heading}\n\nSkipped: ${skipped}.`, skipped };
  }
  log(
    `failover: ${FAILOVER.nodes} nodes, RF ${FAILOVER.replicationFactor}, c=${FAILOVER.concurrency}, ` +
      `${config.warmupSeconds} s warm-up + ${config.failoverSeconds} s, node ${FAILOVER.stoppedNode} stopped half way`,
  );
  const runs = await runFailover(config, log);
  const settings = { ...FAILOVER, seconds: config.failoverSeconds };
  return { section: `${heading}\n\n${failoverReport(runs, settings)}`, runs };
}

async function main() {
  const config = loadConfig();
  // Other load on the machine skews every number; recorded so a noisy run can be recognised.
  const loadBefore = os.loadavg();
  const stopOnSignal = (signal) => {
    log(`\n${signal}: stopping`);
    killActiveWorker();
    // The failover cluster goes with this process (its exit handler); the CLI target is stopped here.
    Promise.resolve(current?.stop()).finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);

  log(
    `scenarios ${config.scenarios.join(',')}; clients ${config.clients.join(',')}; workloads ${config.workloads.join(',')}; ` +
      `concurrency ${config.concurrency.join(',')}; ${config.warmupSeconds} s warm-up + ${config.seconds} s per cell`,
  );
  const sections = [];
  const matrices = [];
  for (const run of matrixRuns(config)) {
    const result = await runMatrix(run, config);
    matrices.push(result);
    sections.push(matrixSection(result, config));
  }
  let failover;
  if (config.scenarios.includes('failover')) {
    failover = await failoverScenario(config);
    sections.push(failover.section);
  }
  process.stdout.write(`${sections.join('\n\n')}\n`);

  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  const json = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverage: { before: loadBefore, after: os.loadavg() },
    settings: {
      ...config,
      keySpace: KEY_SPACE,
      namespace: NAMESPACE,
      set: SET,
      mixGetRatio: MIX_GET_RATIO,
      maxConnsPerNode: MAX_CONNS_PER_NODE,
      failover: FAILOVER,
    },
    // One entry per matrix scenario; `cells` are the table's rows.
    matrices: matrices.map(({ scenario, target, populate, cells }) => ({ scenario, target, populate, results: cells })),
    failover: failover === undefined ? undefined : { skipped: failover.skipped, runs: failover.runs },
  };
  writeFileSync(RESULTS, `${JSON.stringify(json, null, 2)}\n`);
  log(`results written to ${RESULTS}`);
}

main().catch((err) => {
  log(`bench: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
});
