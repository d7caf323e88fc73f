/**
 * Turns cell results into the markdown printed at the end of a run.
 */

const COLUMNS = ['workload', 'concurrency', 'client', 'ops/s', 'p50 µs', 'p99 µs', 'p999 µs', 'CPU µs/op', 'peak RSS MiB', 'errors'];
const RIGHT_ALIGNED = new Set(COLUMNS.slice(3).concat('concurrency'));
/** Where the ratio summary compares clients. */
export const SUMMARY_CONCURRENCY = 64;

export function num(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** @param {object} cell one entry of `results` (see run.js) */
function row(cell) {
  if (cell.failure !== undefined) {
    return [cell.workload, String(cell.concurrency), cell.client, 'failed', '–', '–', '–', '–', '–', '–'];
  }
  const r = cell.result;
  const errors = r.errors + (r.stuckWorkers > 0 ? ` (+${r.stuckWorkers} hung)` : '');
  return [
    cell.workload,
    String(cell.concurrency),
    cell.client,
    num(r.opsPerSec),
    num(r.latencyUs.p50),
    num(r.latencyUs.p99),
    num(r.latencyUs.p999),
    num(r.cpuUsPerOp, 1),
    num(r.maxRssMiB, 1),
    errors,
  ];
}

export function table(cells) {
  return markdownTable(COLUMNS, cells.map(row), RIGHT_ALIGNED);
}

/**
 * A markdown table padded to line up in a terminal too.
 * @param {string[]} columns
 * @param {string[][]} rows
 * @param {Set<string>} rightAligned names of the numeric columns
 */
export function markdownTable(columns, rows, rightAligned) {
  const all = [columns, ...rows];
  const widths = columns.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((v, i) => (rightAligned.has(columns[i]) ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (rightAligned.has(columns[i]) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(columns), rule, ...rows.map(line)].join('\n');
}

function find(cells, workload, client) {
  const cell = cells.find((c) => c.workload === workload && c.client === client && c.concurrency === SUMMARY_CONCURRENCY);
  return cell?.failure === undefined ? cell?.result : undefined;
}

function ratio(a, b) {
  return a === null || b === null || a === undefined || b === undefined || b === 0 ? '–' : `${num(a / b, 2)}×`;
}

/**
 * Ours against the official client and against the raw loop, at
 * SUMMARY_CONCURRENCY. Ops/s above 1× is faster; CPU/op below 1× is cheaper.
 */
export function summary(cells, workloads) {
  const lines = [];
  for (const workload of workloads) {
    const ours = find(cells, workload, 'ours');
    if (ours === undefined) continue;
    for (const other of ['official', 'raw']) {
      const them = find(cells, workload, other);
      if (them === undefined) continue;
      lines.push(
        `- ${workload}: ours vs ${other}: ops/s ${ratio(ours.opsPerSec, them.opsPerSec)}, CPU/op ${ratio(ours.cpuUsPerOp, them.cpuUsPerOp)}`,
      );
    }
  }
  if (lines.length === 0) return `(no ratios: needs "ours" and another client at concurrency ${SUMMARY_CONCURRENCY})`;
  return [`At concurrency ${SUMMARY_CONCURRENCY} (ops/s above 1× means ours is faster; CPU/op below 1× means ours is cheaper):`, '', ...lines].join(
    '\n',
  );
}

/** Failures and error messages, so a bad cell says why. */
export function problems(cells) {
  const lines = [];
  for (const c of cells) {
    const name = `${c.workload} c=${c.concurrency} ${c.client}`;
    if (c.failure !== undefined) {
      lines.push(`- ${name}: failed: ${c.failure}`);
      continue;
    }
    const r = c.result;
    if (r.stuckWorkers > 0) lines.push(`- ${name}: ${r.stuckWorkers} operations still pending 10 s after the window`);
    for (const e of r.errorKinds) lines.push(`- ${name}: ${e.count}× ${e.message}`);
  }
  return lines.join('\n');
}
