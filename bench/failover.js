/**
 * The failover scenario: for each client, a fresh 3-node memory cluster
 * (RF 2) in a child process, every key written once, then a fixed-length
 * 50/50 get/put run during which the last node is stopped at half time.
 *
 * The cluster is the library's process cluster rather than the CLI because
 * stopping one node of several needs a control channel; a fresh one per
 * client means each client starts from the same healthy three nodes.
 */

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FAILOVER, POPULATE_CONCURRENCY } from './config.js';
import { runWorker } from './worker-process.js';

const CLUSTER = fileURLToPath(new URL('../packages/memory-cluster/dist/index.js', import.meta.url));
/** Slack on top of the run's planned length for connecting, draining and closing. */
const RUN_SLACK_MS = 45_000;
const POPULATE_TIMEOUT_MS = 60_000;
/** Clients the failover runs; the raw loop has no partition map to update. */
export const FAILOVER_CLIENTS = ['ours', 'official'];

/**
 * @param {{ clients: string[], warmupSeconds: number, failoverSeconds: number }} config
 * @param {(line: string) => void} log progress
 * @returns {Promise<object[]>} one entry per client: { client, node, hosts, populate, result } or { client, failure }
 */
export async function runFailover(config, log) {
  if (!existsSync(CLUSTER)) throw new Error(`${CLUSTER} does not exist: build the workspace first (pnpm build)`);
  const { startMemoryClusterProcess } = await import(CLUSTER);
  const runs = [];
  for (const client of config.clients.filter((c) => FAILOVER_CLIENTS.includes(c))) {
    const cluster = await startMemoryClusterProcess({
      nodes: FAILOVER.nodes,
      replicationFactor: FAILOVER.replicationFactor,
      heartbeatTimeoutMs: FAILOVER.heartbeatTimeoutMs,
    });
    // 'exit' handlers run only synchronous code: a killed benchmark must not leave the cluster behind.
    const killOnExit = () => {
      try {
        if (cluster.pid !== undefined) process.kill(cluster.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    process.on('exit', killOnExit);
    try {
      runs.push(await runOne(client, cluster, config, log));
    } finally {
      process.off('exit', killOnExit);
      await cluster.close();
    }
  }
  return runs;
}

async function runOne(client, cluster, config, log) {
  const node = cluster.nodes[FAILOVER.stoppedNode].name;
  const target = { hosts: cluster.hosts, host: cluster.nodes[0].host, port: cluster.nodes[0].port };
  log(`failover ${client}: ${FAILOVER.nodes} nodes at ${cluster.hosts}; populating…`);
  const populated = await runWorker('raw', { mode: 'populate', target, concurrency: POPULATE_CONCURRENCY }, POPULATE_TIMEOUT_MS);
  if (populated.failure !== undefined) return { client, node, failure: `populating the keys failed: ${populated.failure}` };

  const message = {
    mode: 'failover',
    target,
    concurrency: FAILOVER.concurrency,
    getRatio: FAILOVER.getRatio,
    warmupMs: config.warmupSeconds * 1000,
    seconds: config.failoverSeconds,
  };
  const timeoutMs = (config.warmupSeconds + config.failoverSeconds) * 1000 + RUN_SLACK_MS;
  const outcome = await runWorker(client, message, timeoutMs, async () => {
    const started = Date.now();
    await cluster.stopNode(FAILOVER.stoppedNode);
    log(`failover ${client}: stopped node ${node} (took ${Date.now() - started} ms)`);
    return { node };
  });
  return { client, node, hosts: target.hosts, populate: populated.result, ...outcome };
}
