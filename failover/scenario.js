/**
 * One run: a cluster (a fresh 3-node memory cluster in a child process, or
 * the real cluster, settled), a fresh client, pre-populated keys, steady
 * state, the fault, recovery, and the read-back that finds lost
 * acknowledged writes.
 */

import { Client } from '../packages/core/dist/index.js';
import { AFTER_SECONDS, NODES, SAMPLE_MS, STEADY_SECONDS, TEND_INTERVAL_MS, WARMUP_SECONDS } from './config.js';
import { memoryTarget, realTarget } from './target.js';
import { Workload } from './workload.js';

/** Longest a worker's last operation may take to settle once the run ends (every command has a total timeout). */
const STOP_WAIT_MS = 15_000;

function sleepUntil(when) {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, when - Date.now())));
}

/**
 * Samples the faulted node's command counter, and the client's partition
 * map updates, from `client.stats()`. A sample is
 * `{ t, commands, mapUpdates }`; `commands` is null while the client does
 * not list the node.
 */
function startSampler(client, nodeName) {
  const samples = [];
  const take = () => {
    const stats = client.stats();
    const node = stats.nodes.find((n) => n.name === nodeName);
    samples.push({ t: Date.now(), commands: node === undefined ? null : node.commands, mapUpdates: stats.partitionUpdates });
  };
  take();
  let timer = setInterval(take, SAMPLE_MS);
  return {
    samples,
    stop() {
      if (timer === undefined) return;
      clearInterval(timer);
      timer = undefined;
      take();
    },
  };
}

/**
 * When the faulted node stopped receiving commands, from the samples: the
 * time of the last sample whose counter had grown since the previous one,
 * relative to the fault (the counter stopped within the sample period before
 * it). `outAfterMs` is null when it was still growing in the last sample
 * before recovery.
 */
export function rotation(samples, tFault, tRecover) {
  const before = samples.filter((s) => s.t <= tFault);
  const during = samples.filter((s) => s.t > tFault && s.t <= tRecover);
  let prev = before[before.length - 1]?.commands ?? null;
  const atFault = prev;
  const mapsAtFault = before[before.length - 1]?.mapUpdates ?? 0;
  const mapUpdated = during.find((s) => s.mapUpdates > mapsAtFault);
  let lastGrowth;
  let removedAt;
  let sent = 0;
  for (const s of during) {
    if (s.commands === null) removedAt ??= s.t;
    else {
      // A node the client dropped and added again starts counting from 0.
      const grown = prev === null ? s.commands : s.commands - prev;
      if (grown > 0) {
        lastGrowth = s.t;
        sent += grown;
      }
    }
    prev = s.commands;
  }
  const last = during[during.length - 1];
  let outAfterMs = null;
  if (lastGrowth === undefined) outAfterMs = during.length > 0 ? during[0].t - tFault : null;
  else if (lastGrowth < last.t) outAfterMs = lastGrowth - tFault;
  return {
    outAfterMs,
    removedAfterMs: removedAt === undefined ? null : removedAt - tFault,
    mapUpdatedAfterMs: mapUpdated === undefined ? null : mapUpdated.t - tFault,
    commandsAtFault: atFault,
    commandsDuringFault: sent,
  };
}

/**
 * Runs one fault with one policy set.
 * @param {{ faultSeconds: number, workers: number, keys: number }} config
 * @param {(typeof import('./config.js').FAULTS)[number]} fault
 * @param {(typeof import('./config.js').POLICIES)[number]} policy
 * @param {(line: string) => void} log
 * @param {{ phase?: string, abort?: () => Promise<void> }} state where the run is, and how to end it early
 */
export async function runScenario(config, fault, policy, log, state = {}) {
  state.phase = 'starting the cluster';
  const cluster = config.real === undefined ? await memoryTarget() : realTarget(config.real, log);
  let client;
  let workload;
  let sampler;
  state.abort = async () => {
    if (workload !== undefined) workload.running = false;
    await cluster.close().catch(() => undefined);
    await client?.close().catch(() => undefined);
  };
  try {
    state.phase = 'connecting';
    client = await new Client({ hosts: cluster.hosts, tendInterval: TEND_INTERVAL_MS }).connect();
    state.phase = 'waiting for the cluster to settle';
    await cluster.settle(client, NODES);
    const nodeName = cluster.faultNodeName(client);
    workload = new Workload(client, {
      keys: config.keys,
      workers: config.workers,
      writePolicy: policy.write,
      readPolicy: policy.read,
      // A set of its own per run: a real cluster keeps the records of earlier runs.
      set: `failover_${Date.now().toString(36)}`,
    });
    state.phase = 'pre-populating';
    await workload.populate();
    const statsBefore = client.stats();

    const steadyMs = STEADY_SECONDS * 1000;
    const faultMs = config.faultSeconds * 1000;
    const afterMs = AFTER_SECONDS * 1000;
    const tStart = Date.now();
    workload.origin = tStart + WARMUP_SECONDS * 1000 + steadyMs;
    state.phase = 'steady state';
    workload.start();
    sampler = startSampler(client, nodeName);
    await sleepUntil(workload.origin);

    const tFault = Date.now();
    workload.origin = tFault;
    log(`  ${fault.label} on node ${nodeName}`);
    state.phase = 'injecting the fault';
    await cluster.inject(fault);
    state.phase = 'fault';
    const injectedMs = Date.now() - tFault;
    await sleepUntil(tFault + faultMs);
    const tRecover = Date.now();
    log('  recovering');
    state.phase = 'recovering';
    await cluster.recover(fault);
    state.phase = 'after recovery';
    await sleepUntil(tRecover + afterMs);
    const tEnd = Date.now();
    state.phase = 'stopping the workers';
    const stuck = await workload.stop(STOP_WAIT_MS);
    sampler.stop();
    const statsAfter = client.stats();

    // Read back once a real cluster is whole and migrations are over: until then a node that came back can
    // still serve its old copy, which says nothing about whether a write was lost.
    state.phase = 'waiting for the cluster to settle after the run';
    await cluster.settle(client, NODES);
    state.phase = 'reading every key back';
    const verify = await workload.verify();
    state.phase = 'closing';
    const seconds = [];
    for (let s = -STEADY_SECONDS; s < config.faultSeconds + AFTER_SECONDS; s++) seconds.push(workload.buckets.get(s) ?? 0);
    return {
      fault: fault.id,
      policy: policy.id,
      nodeName,
      injectedMs,
      recoverOffsetMs: tRecover - tFault,
      durationMs: tEnd - tStart,
      before: workload.phases.before,
      after: workload.phases.after,
      errorWindowMs: workload.firstError === undefined ? null : workload.lastError - workload.firstError,
      errorFromMs: workload.firstError === undefined ? null : workload.firstError - tFault,
      errorToMs: workload.lastError === undefined ? null : workload.lastError - tFault,
      seconds,
      steadySeconds: STEADY_SECONDS,
      faultSeconds: config.faultSeconds,
      rotation: rotation(sampler.samples, tFault, tRecover),
      verify,
      retries: statsAfter.retries - statsBefore.retries,
      nodesRemoved: statsAfter.nodesRemoved - statsBefore.nodesRemoved,
      nodesAdded: statsAfter.nodesAdded - statsBefore.nodesAdded,
      foreign: workload.foreign,
      stuck,
      target: cluster.kind,
      readMode: policy.read?.readModeAP ?? client.config.policies.read.readModeAP,
      readLatency: { before: workload.readLatency.before.summary(), after: workload.readLatency.after.summary() },
      migratingSeconds: workload.migratingSeconds,
    };
  } finally {
    sampler?.stop();
    if (workload !== undefined) workload.running = false;
    await client?.close().catch(() => undefined);
    await cluster.close();
  }
}
