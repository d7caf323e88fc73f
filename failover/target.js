/**
 * The cluster a run fails a node of: a fresh 3-node memory cluster in a
 * child process for each run, or a real cluster that the FAILOVER_*_CMD
 * commands act on (see config.js). Both give the same shape:
 * `{ hosts, faultNodeName(client), inject(fault), recover(fault), settle(client), close() }`.
 */

import { exec } from 'node:child_process';
import { startMemoryClusterProcess } from '../packages/memory-cluster/dist/index.js';
import { FAULT_NODE, HEARTBEAT_TIMEOUT_MS, MIGRATION_MS, NODES, REPLICATION_FACTOR } from './config.js';

/** Longest a fault command may take. */
const COMMAND_TIMEOUT_MS = 120_000;
/** Longest a real cluster may take to be whole and stable again between runs. */
const SETTLE_TIMEOUT_MS = 180_000;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs a shell command; rejects with its output when it fails. */
function run(command) {
  return new Promise((resolve, reject) => {
    exec(command, { timeout: COMMAND_TIMEOUT_MS }, (err, stdout, stderr) => {
      if (err) reject(new Error(`"${command}" failed: ${err.message}\n${stdout}${stderr}`));
      else resolve();
    });
  });
}

/** A memory cluster in a child process, started fresh for one run. */
export async function memoryTarget() {
  const cluster = await startMemoryClusterProcess({
    nodes: NODES,
    replicationFactor: REPLICATION_FACTOR,
    heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS,
    migrationMs: MIGRATION_MS,
  });
  return {
    kind: 'memory',
    hosts: cluster.hosts,
    faultNodeName: () => cluster.nodes[FAULT_NODE].name,
    inject: (fault) => fault.memory.inject(cluster, FAULT_NODE),
    recover: (fault) => fault.memory.recover(cluster, FAULT_NODE),
    // A fresh cluster per run: nothing to wait for.
    settle: async () => {},
    close: () => cluster.close(),
  };
}

/**
 * A real cluster: `real` is config.realCluster(). The cluster outlives the
 * run; `settle` waits until it is whole and stable before the next one.
 */
export function realTarget(real, log) {
  return {
    kind: 'real',
    hosts: real.hosts,
    faultNodeName(client) {
      const node = client.nodes().find((n) => n.address === real.faultNode || `${n.host}:${n.port}` === real.faultNode);
      if (node === undefined) {
        throw new Error(`FAILOVER_FAULT_NODE ${real.faultNode} is none of the cluster's nodes (${client.nodes().map((n) => n.address).join(', ')})`);
      }
      return node.name;
    },
    inject: (fault) => run(real.commands[fault.commands[0]]),
    recover: (fault) => (fault.commands[1] === undefined ? Promise.resolve() : run(real.commands[fault.commands[1]])),
    /** Waits until every node is back, answers, agrees on the cluster key, and no migration or unavailable partition remains. */
    async settle(client, expectedNodes) {
      const until = Date.now() + SETTLE_TIMEOUT_MS;
      let last = 'not checked';
      while (Date.now() < until) {
        try {
          const health = await client.health();
          const namespaces = Object.values(health.namespaces);
          const whole = expectedNodes === undefined || health.nodes.length >= expectedNodes;
          if (
            whole &&
            health.nodes.every((n) => n.answering) &&
            health.clusterKeyAgreed &&
            namespaces.every((ns) => ns.unavailable === 0 && ns.migrationsRemaining === 0)
          ) {
            return;
          }
          last = health.problems.join('; ') || `${health.nodes.length} of ${expectedNodes} nodes`;
        } catch (err) {
          last = err.message;
        }
        await sleep(500);
      }
      log(`  the cluster did not settle within ${SETTLE_TIMEOUT_MS / 1000} s: ${last}`);
      throw new Error(`the real cluster did not settle: ${last}`);
    },
    close: async () => {},
  };
}
