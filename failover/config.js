/**
 * Settings of the failover measurement, read once from the environment, and
 * the official client's numbers it is compared with. Unknown names fail
 * loudly: a typo in FAILOVER_ONLY should not silently measure nothing.
 */

import { env, list, positiveInteger } from '../bench/env.js';

/** How long a restarted memory-cluster node answers PARTITION_UNAVAILABLE before it rejoins (a real node: about 3 s). */
export const RESTART_UNAVAILABLE_MS = 3000;
/** How long the memory cluster's partitions take to migrate after a rebalance (a real 3-node cluster with these keys: about 5 s). */
export const MIGRATION_MS = 5000;

/**
 * Faults, in the order the report lists them. `memory` drives the memory
 * cluster (a `MemoryClusterProcess`, node index); `commands` names the
 * FAILOVER_*_CMD variables that drive a real node, in the order inject, recover.
 */
export const FAULTS = [
  {
    id: 'kill',
    label: 'kill -9',
    memory: {
      /** @param {import('../packages/memory-cluster/dist/index.js').MemoryClusterProcess} cluster */
      inject: (cluster, node) => cluster.stopNode(node),
      recover: (cluster, node) => cluster.startNode(node),
    },
    commands: ['FAILOVER_KILL_CMD', 'FAILOVER_START_CMD'],
  },
  {
    id: 'pause',
    label: 'SIGSTOP (node hangs)',
    memory: {
      inject: (cluster, node) => cluster.pauseNode(node),
      recover: (cluster, node) => cluster.resumeNode(node),
    },
    commands: ['FAILOVER_PAUSE_CMD', 'FAILOVER_RESUME_CMD'],
  },
  {
    id: 'restart',
    label: 'restart (SIGTERM, started again at once)',
    memory: {
      inject: (cluster, node) => cluster.restartNode(node, { unavailableMs: RESTART_UNAVAILABLE_MS }),
      // Back at once: the fault is the time it takes to rejoin.
      recover: async () => {},
    },
    commands: ['FAILOVER_RESTART_CMD', undefined],
  },
  {
    id: 'graceful',
    label: 'graceful leave (leaves the cluster, stops, started after the fault)',
    memory: {
      inject: (cluster, node) => cluster.stopNode(node, { graceful: true }),
      recover: (cluster, node) => cluster.startNode(node),
    },
    commands: undefined,
  },
];

/**
 * Policy sets. `write` is passed to every put and `read` to every get of the
 * workload (undefined: the client's defaults).
 */
export const POLICIES = [
  { id: 'default', label: 'default policies', write: undefined, read: undefined },
  { id: 'retry', label: 'write retries (maxRetries 2, total 3 s)', write: { maxRetries: 2, totalTimeout: 3000 }, read: undefined },
  { id: 'readOne', label: "reads with readModeAP 'one'", write: undefined, read: { readModeAP: 'one' } },
  {
    id: 'readMigrations',
    label: "reads with readModeAP 'allDuringMigrations'",
    write: undefined,
    read: { readModeAP: 'allDuringMigrations' },
  },
];

/**
 * The official client against a real 3-node cluster (RF 2, 32 workers, 50/50
 * get/put over 2,000 keys, 10 s fault on one node), one run each: expect ±30%.
 * `lostRetry` is the worst of the range seen with a 3 s write timeout.
 */
export const OFFICIAL = {
  // Measured as "graceful restart": SIGTERM, then started again at once.
  restart: {
    defaultReads: 80,
    defaultWrites: 483,
    windowMs: 2600,
    retryReads: 49,
    retryWrites: 64,
    lostDefault: 0,
    lostRetry: 0,
    lostText: '0',
  },
  kill: { defaultReads: 0, defaultWrites: 1175, windowMs: 2700, retryReads: 0, retryWrites: 399, lostDefault: 0, lostRetry: 0, lostText: '0' },
  pause: {
    defaultReads: 66,
    defaultWrites: 1550,
    windowMs: 4100,
    retryReads: 38,
    retryWrites: 40,
    lostDefault: 0,
    lostRetry: 3,
    lostText: '0 with defaults; 0–3 per run with a 3 s write timeout',
  },
  graceful: { defaultReads: 80, defaultWrites: 483, windowMs: 2600, retryReads: 49, retryWrites: 64, lostDefault: 0, lostRetry: 0, lostText: '0' },
};

/** The scale the official numbers were measured at; other scales make the comparison loose. */
export const OFFICIAL_SCALE = { faultSeconds: 10, workers: 32, keys: 2000 };

/** Cluster and client settings. */
export const NODES = 3;
export const REPLICATION_FACTOR = 2;
/** How long the other nodes take to notice a dead or hung node, like a real cluster's heartbeat timeout. */
export const HEARTBEAT_TIMEOUT_MS = 1500;
export const TEND_INTERVAL_MS = 1000;
/** Index of the node that fails (the third). */
export const FAULT_NODE = 2;
export const NAMESPACE = 'test';
export const SET = 'failover';
/** Unreported warm-up (the cluster's child process starts cold), steady state before the fault, and observation after recovery. */
export const WARMUP_SECONDS = 1;
export const STEADY_SECONDS = 3;
export const AFTER_SECONDS = 5;
/** How often the faulted node's command counter is sampled. */
export const SAMPLE_MS = 100;
/** Concurrency of the unmeasured pre-population pass. */
export const POPULATE_CONCURRENCY = 64;

/**
 * A real cluster to drive instead of the memory cluster: FAILOVER_HOSTS (seeds),
 * FAILOVER_FAULT_NODE (`host:port` of the node the faults hit) and the
 * commands that act on that node. Undefined when FAILOVER_HOSTS is unset.
 */
export function realCluster() {
  const hosts = env('FAILOVER_HOSTS');
  if (hosts === undefined) return undefined;
  const faultNode = env('FAILOVER_FAULT_NODE');
  if (faultNode === undefined) throw new Error('FAILOVER_FAULT_NODE: required with FAILOVER_HOSTS (host:port of the node to fault)');
  const commands = {};
  for (const name of ['FAILOVER_KILL_CMD', 'FAILOVER_START_CMD', 'FAILOVER_PAUSE_CMD', 'FAILOVER_RESUME_CMD', 'FAILOVER_RESTART_CMD']) {
    const value = env(name);
    if (value !== undefined) commands[name] = value;
  }
  return { hosts, faultNode, commands };
}

/** True when every command `fault` needs on a real cluster is set. */
export function realFaultAvailable(fault, real) {
  return fault.commands?.every((name) => name === undefined || real.commands[name] !== undefined) === true;
}

/** Reads the FAILOVER_* variables. */
export function loadConfig() {
  const real = realCluster();
  const available = FAULTS.filter((f) => real === undefined || realFaultAvailable(f, real)).map((f) => f.id);
  const faultIds = list(
    'FAILOVER_ONLY',
    FAULTS.map((f) => f.id),
    available,
  );
  if (real !== undefined) {
    for (const id of faultIds) {
      const fault = FAULTS.find((f) => f.id === id);
      if (!realFaultAvailable(fault, real)) {
        throw new Error(`FAILOVER_ONLY: ${id} needs ${(fault.commands ?? ['a memory cluster']).filter(Boolean).join(' and ')} on a real cluster`);
      }
    }
  }
  const policyIds = list(
    'FAILOVER_POLICIES',
    POLICIES.map((p) => p.id),
    ['default', 'retry'],
  );
  const config = {
    faultSeconds: positiveInteger('FAILOVER_FAULT_SECONDS', 10),
    workers: positiveInteger('FAILOVER_WORKERS', 32),
    keys: positiveInteger('FAILOVER_KEYS', 2000),
    faults: FAULTS.filter((f) => faultIds.includes(f.id)),
    policies: POLICIES.filter((p) => policyIds.includes(p.id)),
    real,
  };
  if (config.faults.length === 0) throw new Error('FAILOVER_ONLY: selects no fault');
  if (config.policies.length === 0) throw new Error('FAILOVER_POLICIES: selects no policy set');
  config.officialScale =
    config.faultSeconds === OFFICIAL_SCALE.faultSeconds && config.workers === OFFICIAL_SCALE.workers && config.keys === OFFICIAL_SCALE.keys;
  return config;
}
