/**
 * Benchmark settings, read once from the environment. Unknown names fail
 * loudly: a typo in BENCH_CLIENTS should not silently benchmark nothing.
 */

import { env, list, positiveNumber } from './env.js';

export const CLIENTS = ['ours', 'official', 'raw'];
/**
 * put, get and mix (80% gets) of single records; operate: three map
 * operations on one record in one round trip (put an entry, increment a
 * counter, read the size), as an application keeping counters in a map does.
 */
export const WORKLOADS = ['put', 'get', 'mix', 'operate'];
/**
 * single: the matrix against one node; cluster3: the same matrix against
 * three; failover: a node of three stopped half way through a run.
 */
export const SCENARIOS = ['single', 'cluster3', 'failover'];
// cluster3 doubles the run time, so it is asked for by name.
const DEFAULT_SCENARIOS = ['single', 'failover'];
const DEFAULT_CONCURRENCY = [1, 16, 64, 256];
const QUICK_CONCURRENCY = [1, 64];

/** Records the workloads address: integer keys 0..KEY_SPACE-1 in test.bench. */
export const KEY_SPACE = 10_000;
export const NAMESPACE = 'test';
export const SET = 'bench';
/** Fixed string bin, so every put and every reply has the same size. */
export const STRING_BIN = 'x'.repeat(50);
/** Share of gets in the mix workload; the rest are puts. */
export const MIX_GET_RATIO = 0.8;
/** Same cap for every client, above the highest concurrency so none runs out of sockets. */
export const MAX_CONNS_PER_NODE = 300;

/** Connections opened by the unmeasured pass that writes every key once. */
export const POPULATE_CONCURRENCY = 64;

/** Nodes of the cluster3 scenario's memory cluster. */
export const CLUSTER_NODES = 3;
/**
 * The failover run. RF 2 keeps every record readable after one node goes,
 * and the heartbeat timeout is how long the others wait before taking over
 * its partitions (a real cluster's default is 1.5 s too: 10 × 150 ms).
 */
export const FAILOVER = {
  nodes: 3,
  replicationFactor: 2,
  heartbeatTimeoutMs: 1500,
  concurrency: 64,
  getRatio: 0.5,
  // The last node: clients list every seed, so which one goes does not matter, and its index stays stable.
  stoppedNode: 2,
};

function wholeSeconds(name, fallback, min) {
  const raw = env(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  // Whole seconds, so the per-second table has no partial last row.
  if (!Number.isInteger(n) || n < min) throw new Error(`${name}: expected a whole number of seconds, at least ${min}, got "${raw}"`);
  return n;
}

function concurrencies(fallback) {
  const raw = env('BENCH_CONCURRENCY');
  if (raw === undefined) return fallback;
  const values = raw.split(',').map((s) => Number(s.trim()));
  for (const v of values) {
    if (!Number.isInteger(v) || v < 1 || v > MAX_CONNS_PER_NODE) {
      throw new Error(`BENCH_CONCURRENCY: expected integers 1..${MAX_CONNS_PER_NODE}, got "${raw}"`);
    }
  }
  return [...new Set(values)].sort((a, b) => a - b);
}

/** @returns the resolved settings of this run */
export function loadConfig() {
  const quick = env('BENCH_QUICK') === '1';
  return {
    quick,
    scenarios: list('BENCH_SCENARIOS', SCENARIOS, DEFAULT_SCENARIOS),
    clients: list('BENCH_CLIENTS', CLIENTS, CLIENTS),
    workloads: list('BENCH_WORKLOADS', WORKLOADS, WORKLOADS),
    concurrency: concurrencies(quick ? QUICK_CONCURRENCY : DEFAULT_CONCURRENCY),
    seconds: positiveNumber('BENCH_SECONDS', quick ? 1 : 5),
    warmupSeconds: 1,
    failoverSeconds: wholeSeconds('BENCH_FAILOVER_SECONDS', quick ? 6 : 10, 2),
    hosts: env('AEROSPIKE_HOSTS'),
  };
}
