/**
 * Reading the measurement scripts' environment variables (BENCH_*, FAILOVER_*),
 * with errors that name the variable and the value it had.
 */

/** A variable's value, or undefined when unset or blank. */
export function env(name) {
  return process.env[name]?.trim() || undefined;
}

/** A comma-separated selection from `allowed`, kept in the canonical order; `fallback` when unset. */
export function list(name, allowed, fallback) {
  const raw = env(name);
  if (raw === undefined) return fallback;
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(item)) throw new Error(`${name}: unknown value "${item}" (expected some of ${allowed.join(', ')})`);
  }
  // Keep the canonical order, so tables from different selections line up.
  return allowed.filter((a) => items.includes(a));
}

/** A positive number variable, or `fallback` when unset. */
export function positiveNumber(name, fallback) {
  const raw = env(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}: expected a positive number, got "${raw}"`);
  return n;
}

/** A positive integer variable, or `fallback` when unset. */
export function positiveInteger(name, fallback) {
  const raw = env(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name}: expected a positive integer, got "${raw}"`);
  return n;
}
