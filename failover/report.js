/**
 * Turns run results into the markdown printed at the end: the table in the
 * official client's shape, the official numbers, per-run details,
 * per-second throughput, and the targets with their verdicts.
 */

import { FAULTS, OFFICIAL, SAMPLE_MS, TEND_INTERVAL_MS } from './config.js';

/** Longest time a dead or hung node may keep receiving commands: one tend interval, plus one sample of slack. */
export const ROTATION_LIMIT_MS = TEND_INTERVAL_MS + SAMPLE_MS;

function int(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  return Math.round(n).toLocaleString('en-US');
}

function seconds(ms) {
  if (ms === null || ms === undefined) return '–';
  return `${(ms / 1000).toFixed(1)} s`;
}

function millis(ms) {
  if (ms === null || ms === undefined) return '–';
  return `${int(ms)} ms`;
}

/** `p50 / p99 / max` of a latency summary in µs, printed in ms. */
function latency(summary) {
  if (summary.count === 0) return '–';
  const ms = (us) => (us / 1000).toFixed(us < 10_000 ? 2 : 0);
  return `${ms(summary.p50)} / ${ms(summary.p99)} / ${ms(summary.max)} ms`;
}

function rate(n) {
  if (n >= 1000) return `${(n / 1000).toFixed(1)}k`;
  return String(n);
}

function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function markdown(header, rows, right = new Set()) {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(3, ...all.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((v, i) => (right.has(i) ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (right.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

function find(results, fault, policy) {
  return results.find((r) => r.fault === fault && r.policy === policy);
}

function ok(run) {
  return run !== undefined && run.failure === undefined;
}

/** Derived numbers of one successful run. */
export function measures(run) {
  const steady = run.seconds.slice(0, run.steadySeconds);
  const fault = run.seconds.slice(run.steadySeconds, run.steadySeconds + run.faultSeconds);
  const after = run.seconds.slice(run.steadySeconds + run.faultSeconds);
  return {
    failedReads: run.after.get.failed,
    failedWrites: run.after.put.failed,
    inDoubtWrites: run.after.put.inDoubt,
    staleReads: run.before.get.stale + run.after.get.stale,
    lateWriteReads: run.before.get.lateWrites + run.after.get.lateWrites,
    appliedNotInDoubt: run.before.put.appliedNotInDoubt + run.after.put.appliedNotInDoubt,
    unchecked: run.before.put.unchecked + run.after.put.unchecked,
    steadyErrors: run.before.get.failed + run.before.put.failed,
    steadyOps: median(steady),
    worstFault: Math.min(...fault),
    worstAfter: after.length > 0 ? Math.min(...after) : null,
    zeroSeconds: run.seconds.filter((n) => n === 0).length,
  };
}

function cell(run, render) {
  if (run === undefined) return 'not run';
  if (!ok(run)) return 'run failed';
  return render(measures(run), run);
}

/** The table in the same shape as the official client's, plus throughput columns. */
export function summaryTable(results) {
  const header = [
    'fault',
    'default policies: failed reads / writes, error window',
    'write retries (maxRetries 2, total 3 s): failed reads / writes',
    'lost acknowledged writes (default / retries)',
    'worst second during the fault, ops/s (default / retries)',
    'seconds with no completed operation (default / retries)',
    'stale reads (default / retries)',
    'failed writes reported not in doubt, found applied (default / retries)',
  ];
  const rows = FAULTS.map((f) => {
    const d = find(results, f.id, 'default');
    const r = find(results, f.id, 'retry');
    const pair = (render) => `${cell(d, render)} / ${cell(r, render)}`;
    return [
      f.label,
      cell(d, (m, run) => `${int(m.failedReads)} / ${int(m.failedWrites)}, ${run.errorWindowMs === null ? 'no errors' : seconds(run.errorWindowMs)}`),
      cell(r, (m) => `${int(m.failedReads)} / ${int(m.failedWrites)}`),
      pair((_m, run) => int(run.verify.lost)),
      pair((m) => int(m.worstFault)),
      pair((m) => int(m.zeroSeconds)),
      pair((m) => int(m.staleReads)),
      pair((m) => int(m.appliedNotInDoubt)),
    ];
  }).filter((_row, i) => results.some((r) => r.fault === FAULTS[i].id));
  return markdown(header, rows);
}

/** The official client's numbers, for comparison. */
export function officialTable() {
  const header = [
    'fault',
    'default policies: failed reads / writes, error window',
    'write retries (maxRetries 2, total 3 s): failed reads / writes',
    'lost acknowledged writes',
  ];
  const rows = FAULTS.map((f) => {
    const o = OFFICIAL[f.id];
    return [f.label, `${int(o.defaultReads)} / ${int(o.defaultWrites)}, ${seconds(o.windowMs)}`, `${int(o.retryReads)} / ${int(o.retryWrites)}`, o.lostText];
  });
  return markdown(header, rows);
}

function codes(counters) {
  const parts = [...counters.codes].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${int(n)}`);
  return parts.length === 0 ? '' : parts.join(', ');
}

/** One row per run with every number measured. */
export function detailTable(results) {
  const header = [
    'fault',
    'policy',
    'failed reads',
    'failed writes (in doubt)',
    'errors from → to (after the fault)',
    'lost acked writes',
    'in-doubt writes applied',
    'steady ops/s',
    'worst second: fault / after recovery',
    'zero seconds',
    'out of rotation after',
    'dropped from node list after',
    'partition map updated after',
    'commands to it during the fault',
    'client retries',
    'read mode',
    'stale reads',
    'reads of a write applied late',
    'not-in-doubt writes applied (unchecked)',
    'read p50 / p99 / max, steady',
    'read p50 / p99 / max, fault and after',
    'seconds reading with duplicate resolution',
  ];
  const rows = results.map((run) => {
    const label = FAULTS.find((f) => f.id === run.fault).label;
    if (!ok(run)) return [label, run.policy, ...header.slice(2).map(() => '–')];
    const m = measures(run);
    const rot = run.rotation;
    return [
      label,
      run.policy,
      int(m.failedReads),
      `${int(m.failedWrites)} (${int(m.inDoubtWrites)})`,
      run.errorFromMs === null ? 'no errors' : `${seconds(run.errorFromMs)} → ${seconds(run.errorToMs)}`,
      int(run.verify.lost),
      int(run.verify.appliedInDoubt),
      int(m.steadyOps),
      `${int(m.worstFault)} / ${int(m.worstAfter)}`,
      int(m.zeroSeconds),
      rot.outAfterMs === null ? 'still receiving at recovery' : millis(rot.outAfterMs),
      rot.removedAfterMs === null ? 'not dropped' : millis(rot.removedAfterMs),
      rot.mapUpdatedAfterMs === null ? 'not updated' : millis(rot.mapUpdatedAfterMs),
      int(rot.commandsDuringFault),
      int(run.retries),
      run.readMode,
      int(m.staleReads),
      int(m.lateWriteReads),
      `${int(m.appliedNotInDoubt)} (${int(m.unchecked)})`,
      latency(run.readLatency.before),
      latency(run.readLatency.after),
      int(run.migratingSeconds.size),
    ];
  });
  return markdown(header, rows, new Set([2, 3, 5, 6, 7, 9, 13, 14, 16, 17, 18, 21]));
}

/** Anything unusual about the runs: failures, errors before the fault, error codes, unreadable keys. */
export function notes(results) {
  const out = [];
  for (const run of results) {
    const name = `${FAULTS.find((f) => f.id === run.fault).label}, ${run.policy}`;
    if (!ok(run)) {
      out.push(`- ${name}: run failed: ${run.failure}`);
      continue;
    }
    const m = measures(run);
    const reads = codes(run.after.get);
    const writes = codes(run.after.put);
    if (reads !== '' || writes !== '') out.push(`- ${name}: error codes: reads ${reads || 'none'}; writes ${writes || 'none'}`);
    if (m.steadyErrors > 0) out.push(`- ${name}: ${int(m.steadyErrors)} errors before the fault (reads ${codes(run.before.get) || 'none'}; writes ${codes(run.before.put) || 'none'})`);
    const v = run.verify;
    if (v.unreadable > 0) out.push(`- ${name}: ${int(v.unreadable)} keys could not be read back (not counted as lost)`);
    if (v.beyondAttempted > 0) out.push(`- ${name}: ${int(v.beyondAttempted)} keys hold a sequence never written`);
    if (v.lostKeys.length > 0) {
      const sample = v.lostKeys.map((k) => `k${k.key} stored ${k.stored} acked ${k.acked} attempted ${k.attempted}`).join('; ');
      out.push(`- ${name}: lost writes, e.g. ${sample}`);
    }
    if (run.injectedMs > 500) out.push(`- ${name}: injecting the fault took ${int(run.injectedMs)} ms`);
    if (run.stuck.length > 0) {
      const sample = run.stuck
        .slice(0, 5)
        .map((c) => `${c.op} pending ${seconds(c.pendingMs)}`)
        .join(', ');
      out.push(`- ${name}: ${run.stuck.length} operations never settled (${sample})`);
    }
    for (const f of run.foreign) out.push(`- ${name}: a command failed with something other than an AerospikeError: ${f.split('\n')[0]}`);
  }
  return out.join('\n');
}

/** One compact line per run: successful operations per second, steady | fault | after recovery. */
export function throughputLines(results) {
  const lines = [];
  for (const run of results) {
    if (!ok(run)) continue;
    const name = `${FAULTS.find((f) => f.id === run.fault).label}, ${run.policy}`;
    const s = run.seconds;
    const steady = s.slice(0, run.steadySeconds).map(rate).join(' ');
    const fault = s.slice(run.steadySeconds, run.steadySeconds + run.faultSeconds).map(rate).join(' ');
    const after = s.slice(run.steadySeconds + run.faultSeconds).map(rate).join(' ');
    lines.push(`${`${name}:`.padEnd(42)} ${steady} | ${fault} | ${after}`);
  }
  return lines.join('\n');
}

function verdict(checks) {
  if (checks.length === 0) return 'not measured';
  if (checks.some((c) => c.ok === undefined)) return checks.some((c) => c.ok === false) ? 'NOT MET' : 'not measured (a run failed)';
  return checks.every((c) => c.ok) ? 'met' : 'NOT MET';
}

function runName(run) {
  return `${FAULTS.find((f) => f.id === run.fault).label}/${run.policy}`;
}

/**
 * The targets, each with its verdict and the numbers behind it.
 * @returns {Array<{ name: string, verdict: string, details: string }>}
 */
export function targets(results) {
  const list = [];
  const check = (run, okay, text) => (ok(run) ? { ok: okay(measures(run), run), text: `${runName(run)} ${text(measures(run), run)}` } : { ok: undefined, text: `${runName(run)} failed` });
  const add = (name, checks) => list.push({ name, verdict: verdict(checks), details: checks.map((c) => c.text).join('; ') || 'no run selected' });

  add(
    '0 failed reads in every fault',
    results.map((run) =>
      check(
        run,
        (m) => m.failedReads === 0,
        (m) => int(m.failedReads),
      ),
    ),
  );
  add(
    '0 lost acknowledged writes with default policies',
    results
      .filter((r) => r.policy === 'default')
      .map((run) =>
        check(
          run,
          (_m, r) => r.verify.lost === 0,
          (_m, r) => int(r.verify.lost),
        ),
      ),
  );
  add(
    `lost acknowledged writes with write retries never more than the official client's (${FAULTS.map((f) => `${f.label} ${OFFICIAL[f.id].lostRetry}`).join(', ')})`,
    results
      .filter((r) => r.policy === 'retry')
      .map((run) =>
        check(
          run,
          (_m, r) => r.verify.lost <= OFFICIAL[r.fault].lostRetry,
          (_m, r) => `${int(r.verify.lost)} (official ≤ ${OFFICIAL[r.fault].lostRetry})`,
        ),
      ),
  );
  add(
    `a dead or hung node out of rotation within about one tend interval (≤ ${int(ROTATION_LIMIT_MS)} ms: ${int(TEND_INTERVAL_MS)} ms tend interval + ${SAMPLE_MS} ms sampling)`,
    results
      .filter((r) => r.fault === 'kill' || r.fault === 'pause')
      .map((run) =>
        check(
          run,
          (_m, r) => r.rotation.outAfterMs !== null && r.rotation.outAfterMs <= ROTATION_LIMIT_MS,
          (_m, r) => (r.rotation.outAfterMs === null ? 'still receiving at recovery' : millis(r.rotation.outAfterMs)),
        ),
      ),
  );
  add(
    `failed writes with write retries at most a quarter of the official client's (${FAULTS.map((f) => `${f.label} ≤ ${int(Math.floor(OFFICIAL[f.id].retryWrites / 4))}`).join(', ')})`,
    results
      .filter((r) => r.policy === 'retry')
      .map((run) =>
        check(
          run,
          (m, r) => m.failedWrites <= Math.floor(OFFICIAL[r.fault].retryWrites / 4),
          (m, r) => `${int(m.failedWrites)} (limit ${int(Math.floor(OFFICIAL[r.fault].retryWrites / 4))})`,
        ),
      ),
  );
  add(
    '0 failed writes reported inDoubt: false that were applied (each read back at once)',
    results.map((run) =>
      check(
        run,
        (m) => m.appliedNotInDoubt === 0,
        (m) => `${int(m.appliedNotInDoubt)}${m.unchecked > 0 ? ` (${int(m.unchecked)} could not be read back)` : ''}`,
      ),
    ),
  );
  add(
    "0 stale reads with readModeAP 'allDuringMigrations'",
    results
      .filter((r) => r.readMode === 'allDuringMigrations')
      .map((run) =>
        check(
          run,
          (m) => m.staleReads === 0,
          (m) => int(m.staleReads),
        ),
      ),
  );
  add(
    'no second without a completed operation (worst one-second throughput during the fault shown)',
    results.map((run) =>
      check(
        run,
        (m) => m.zeroSeconds === 0,
        (m) => `${int(m.zeroSeconds)} zero seconds, worst ${int(m.worstFault)} ops/s`,
      ),
    ),
  );
  return list;
}

/** The targets as markdown. */
export function targetsSection(results) {
  return targets(results)
    .map((t) => `- ${t.verdict === 'met' ? 'met' : t.verdict}: ${t.name}\n  ${t.details}`)
    .join('\n');
}
