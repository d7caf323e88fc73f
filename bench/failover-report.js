/**
 * The failover scenario's part of the report: a per-second table per client,
 * then one line of totals per client, then the error messages.
 */

import { markdownTable, num } from './report.js';

const SECOND_COLUMNS = ['second', 'ops/s', 'read errors', 'write errors', 'event'];
const SECOND_RIGHT = new Set(['ops/s', 'read errors', 'write errors']);
const TOTAL_COLUMNS = [
  'client',
  'ops',
  'ops/s',
  'ops/s before stop',
  'lowest 1-s ops/s',
  'last 1-s ops/s',
  'read errors',
  'write errors',
  'seconds with errors',
  'hung',
];
const TOTAL_RIGHT = new Set([...TOTAL_COLUMNS.slice(1, -2), 'hung']);

/** Second of the window in which the node was stopped (the stop returned then), or undefined. */
function stopSecond(r) {
  return r.event.doneAtMs === undefined || r.event.error !== undefined ? undefined : Math.floor(r.event.doneAtMs / 1000);
}

function perSecondTable(run) {
  const r = run.result;
  const at = stopSecond(r);
  const rows = r.perSecond.map((s, i) => [
    `${i}–${i + 1}`,
    num(s.ops),
    num(s.readErrors),
    num(s.writeErrors),
    i === at ? `node ${run.node} stopped at ${(r.event.doneAtMs / 1000).toFixed(2)} s` : '',
  ]);
  return markdownTable(SECOND_COLUMNS, rows, SECOND_RIGHT);
}

function errorSeconds(perSecond) {
  const seconds = perSecond.map((s, i) => (s.readErrors + s.writeErrors > 0 ? i : -1)).filter((i) => i >= 0);
  if (seconds.length === 0) return 'none';
  const first = seconds[0];
  const last = seconds[seconds.length - 1];
  // A contiguous stretch reads best as a range; with gaps, the count says how many.
  return seconds.length === last - first + 1 ? `${first}–${last + 1}` : `${seconds.length} in ${first}–${last + 1}`;
}

function totalsRow(run) {
  if (run.failure !== undefined) return [run.client, 'failed', ...TOTAL_COLUMNS.slice(2).map(() => '–')];
  const r = run.result;
  const at = stopSecond(r) ?? r.seconds;
  const before = r.perSecond.slice(0, at);
  const after = r.perSecond.slice(at);
  return [
    run.client,
    num(r.ops),
    num(r.ops / r.seconds),
    before.length === 0 ? '–' : num(before.reduce((a, s) => a + s.ops, 0) / before.length),
    after.length === 0 ? '–' : num(Math.min(...after.map((s) => s.ops))),
    num(r.perSecond[r.perSecond.length - 1].ops),
    num(r.readErrors),
    num(r.writeErrors),
    errorSeconds(r.perSecond),
    // Operations that had not settled 10 s after the window: no timeout fired for them.
    num(r.stuckWorkers),
  ];
}

function problems(runs) {
  const lines = [];
  for (const run of runs) {
    if (run.failure !== undefined) {
      lines.push(`- ${run.client}: failed: ${run.failure}`);
      continue;
    }
    const r = run.result;
    if (r.event.error !== undefined) lines.push(`- ${run.client}: stopping the node failed: ${r.event.error}`);
    if (r.stuckWorkers > 0) lines.push(`- ${run.client}: ${r.stuckWorkers} operations still pending 10 s after the window`);
    if (r.warmupErrors > 0) lines.push(`- ${run.client}: ${r.warmupErrors} errors during warm-up, before any node was stopped`);
    for (const [op, kinds] of [
      ['get', r.readErrorKinds],
      ['put', r.writeErrorKinds],
    ]) {
      for (const e of kinds) lines.push(`- ${run.client} ${op}: ${e.count}× ${e.message}${e.example ? `; the first: ${e.example}` : ''}`);
    }
  }
  return lines.join('\n');
}

/**
 * @param {object[]} runs from runFailover
 * @param {{ seconds: number, nodes: number, replicationFactor: number, concurrency: number, heartbeatTimeoutMs: number }} settings
 */
export function failoverReport(runs, settings) {
  const out = [
    `${settings.nodes} nodes, RF ${settings.replicationFactor}, concurrency ${settings.concurrency}, 50 % gets and 50 % puts, ` +
      `${settings.seconds} s; one node stopped at half time, taken out of the cluster after ${settings.heartbeatTimeoutMs} ms. ` +
      'Counts are by the second in which an operation settled.',
  ];
  for (const run of runs) {
    if (run.failure !== undefined) continue;
    out.push('', `**${run.client}**`, '', perSecondTable(run));
  }
  out.push('', 'Totals:', '', markdownTable(TOTAL_COLUMNS, runs.map(totalsRow), TOTAL_RIGHT));
  const issues = problems(runs);
  if (issues) out.push('', 'Errors and failures:', '', issues);
  return out.join('\n');
}
