/**
 * `pnpm failover`: measures how the client behaves when one node of a
 * 3-node cluster fails (killed, hung, restarted gracefully), with default
 * policies and with write retries, and prints a markdown report comparable
 * with the official client's numbers. A measurement, not a test: it exits 0
 * whether or not the targets are met.
 *
 * Progress goes to stderr, the report to stdout.
 */

import {
  AFTER_SECONDS,
  FAULT_NODE,
  HEARTBEAT_TIMEOUT_MS,
  MIGRATION_MS,
  NODES,
  OFFICIAL_SCALE,
  REPLICATION_FACTOR,
  RESTART_UNAVAILABLE_MS,
  STEADY_SECONDS,
  TEND_INTERVAL_MS,
  WARMUP_SECONDS,
  loadConfig,
} from './config.js';
import { ROTATION_LIMIT_MS, detailTable, notes, officialTable, summaryTable, targetsSection, throughputLines } from './report.js';
import { runScenario } from './scenario.js';

/** Slack on top of a run's planned duration for starting, populating, verifying and closing. */
const RUN_SLACK_MS = 60_000;
/** More for a real cluster, which must settle before and after each run. */
const REAL_CLUSTER_SLACK_MS = 360_000;

function log(line) {
  process.stderr.write(`${line}\n`);
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the run did not finish within ${Math.round(ms / 1000)} s (${what()})`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    log(err.message);
    process.exitCode = 2;
    return;
  }
  const planned = (WARMUP_SECONDS + STEADY_SECONDS + config.faultSeconds + AFTER_SECONDS) * 1000;
  const started = Date.now();
  const results = [];
  const runs = config.faults.flatMap((fault) => config.policies.map((policy) => ({ fault, policy })));
  for (const [i, { fault, policy }] of runs.entries()) {
    log(`[${i + 1}/${runs.length}] ${fault.label}, ${policy.label}`);
    const state = {};
    try {
      const result = await withTimeout(runScenario(config, fault, policy, log, state), planned + RUN_SLACK_MS + (config.real === undefined ? 0 : REAL_CLUSTER_SLACK_MS), () => `stuck ${state.phase}`);
      results.push(result);
      log(`  done: ${result.after.get.failed} failed reads, ${result.after.put.failed} failed writes, ${result.verify.lost} lost`);
    } catch (err) {
      log(`  failed: ${err.stack ?? err}`);
      // A run that timed out is still going: end it so it does not weigh on the next one.
      await state.abort?.();
      results.push({ fault: fault.id, policy: policy.id, failure: err.message ?? String(err) });
    }
  }
  const totalS = Math.round((Date.now() - started) / 1000);

  const out = [];
  out.push('# Failover measurement');
  out.push('');
  const where =
    config.real === undefined
      ? `${NODES}-node memory cluster in a child process (RF ${REPLICATION_FACTOR}, heartbeat timeout ${HEARTBEAT_TIMEOUT_MS} ms, ` +
        `migrations ${MIGRATION_MS} ms, a restarted node rejoins after ${RESTART_UNAVAILABLE_MS} ms), fault on node ${FAULT_NODE + 1} of ${NODES}`
      : `real cluster at ${config.real.hosts}, fault on node ${config.real.faultNode}, waiting for it to settle (every node answering, ` +
        'one cluster key, no migrations) before and after each run';
  out.push(
    `${where}; client tendInterval ${TEND_INTERVAL_MS} ms; ${config.workers} workers doing 50/50 get/put over ${config.keys.toLocaleString('en-US')} keys; ` +
      `${WARMUP_SECONDS} s warm-up, ${STEADY_SECONDS} s steady, ${config.faultSeconds} s fault, ${AFTER_SECONDS} s after recovery; ` +
      `${runs.length} runs in ${totalS} s.`,
  );
  if (!config.officialScale) {
    out.push('');
    out.push(
      `Note: the official numbers were measured with ${OFFICIAL_SCALE.workers} workers, ${OFFICIAL_SCALE.keys.toLocaleString('en-US')} keys and a ` +
        `${OFFICIAL_SCALE.faultSeconds} s fault; at this scale the comparisons below are loose.`,
    );
  }
  out.push('');
  out.push(`## This client (${config.real === undefined ? 'memory cluster' : 'real cluster'})`);
  out.push('');
  out.push(summaryTable(results));
  out.push('');
  out.push('## Official client (real 3-node cluster, one run each, ±30%)');
  out.push('');
  out.push(officialTable());
  out.push('');
  out.push('## Per run');
  out.push('');
  out.push(detailTable(results));
  out.push('');
  out.push(
    `"errors from → to" is when the first and last error surfaced, from the fault's injection; the error window is the difference. ` +
      `"out of rotation after" is when the node's command counter in client.stats() stopped growing (sampled every 100 ms; ` +
      `limit for the target: ${ROTATION_LIMIT_MS} ms).`,
  );
  const extra = notes(results);
  if (extra !== '') {
    out.push('');
    out.push(extra);
  }
  out.push('');
  out.push('## Successful operations per second (steady | fault | after recovery)');
  out.push('');
  out.push('```');
  out.push(throughputLines(results));
  out.push('```');
  out.push('');
  out.push('## Targets');
  out.push('');
  out.push(targetsSection(results));
  out.push('');
  await new Promise((resolve) => process.stdout.write(`${out.join('\n')}\n`, resolve));
}

main().then(
  () => {
    // Nothing of a closed client or cluster keeps the process alive, but a run that was given up on might: do not wait for it.
    process.exit(process.exitCode ?? 0);
  },
  (err) => {
    log(`failover: ${err.stack ?? err}`);
    process.exit(process.exitCode ?? 0);
  },
);
