/**
 * Layering of policies: built-in defaults, then the client's defaults
 * (`config.policies`), then the policy passed to one call.
 *
 * Merging runs on the command path whenever a caller passes a policy, so it
 * allocates at most one object, does no work when there is nothing to merge,
 * and validates only the fields actually given.
 *
 * @packageDocumentation
 */

import { invalidArgument } from '../errors.js';
import { DEFAULT_READ_POLICY, DEFAULT_WRITE_POLICY, MAX_GENERATION, MAX_TIMEOUT_MS, MAX_TTL } from './defaults.js';
import {
  CommitLevel,
  ExistsAction,
  GenerationPolicy,
  type PolicyDefaults,
  ReadModeAP,
  ReadModeSC,
  type ReadPolicy,
  type ReadPolicyInput,
  Replica,
  type WritePolicy,
  type WritePolicyInput,
} from './types.js';

/** Throws when `value` is not acceptable for the field named `where`. */
type Check = (value: unknown, where: string) => void;

/**
 * Short, safe description of a value for an error message. Long strings are
 * cut so a pasted certificate or a huge blob does not flood the message.
 *
 * @internal
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 64 ? `${value.slice(0, 61)}...` : value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'undefined':
      return 'undefined';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return 'an array';
      if (value instanceof Uint8Array) return 'a Buffer';
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = new Array<number>(b.length + 1);
  let curr = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      curr[j] = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[b.length]!;
}

/**
 * Error text for an unknown option `key`, with a suggestion when one of
 * `known` is close enough. Users coming from aerospike-py write snake_case and
 * users coming from the Java client use its field names, so both are mapped
 * before falling back to edit distance; `aliases` maps such foreign names to
 * ours.
 *
 * @internal
 */
export function unknownOptionMessage(
  key: string,
  known: Iterable<string>,
  aliases: Readonly<Record<string, string>> = {},
): string {
  const names = [...known];
  const base = 'is not a known option';
  const alias = Object.hasOwn(aliases, key) ? aliases[key] : undefined;
  if (alias !== undefined) return `${base}; did you mean ${alias}?`;
  const camel = key.replace(/[_-]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
  const lower = camel.toLowerCase();
  const exact = names.find((n) => n.toLowerCase() === lower);
  if (exact !== undefined) return `${base}; did you mean ${exact}?`;
  if (Object.hasOwn(aliases, camel)) return `${base}; did you mean ${aliases[camel]}?`;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of names) {
    const d = levenshtein(lower, name.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = name;
    }
  }
  const limit = Math.min(3, Math.max(1, Math.floor(key.length / 4)));
  if (best !== undefined && bestDistance <= limit) return `${base}; did you mean ${best}?`;
  return `${base} (known: ${names.join(', ')})`;
}

function integerIn(min: number, max: number, unit = ''): Check {
  const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
  return (value, where) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw invalidArgument(where, `must be an integer ${range}${unit}, got ${describeValue(value)}`);
    }
  };
}

const checkBoolean: Check = (value, where) => {
  if (typeof value !== 'boolean') throw invalidArgument(where, `must be true or false, got ${describeValue(value)}`);
};

function oneOf(values: Readonly<Record<string, string>>): Check {
  const allowed = new Set<unknown>(Object.values(values));
  const list = [...allowed].map((v) => `'${String(v)}'`).join(', ');
  return (value, where) => {
    if (!allowed.has(value)) throw invalidArgument(where, `must be one of ${list}, got ${describeValue(value)}`);
  };
}

const checkMs = integerIn(0, MAX_TIMEOUT_MS, ' (ms)');

const checkExpression: Check = (value, where) => {
  if (typeof value !== 'object' || typeof (value as { pack?: unknown }).pack !== 'function') {
    throw invalidArgument(where, `must be an expression built with exp.*, got ${describeValue(value)}`);
  }
};

const BASE_CHECKS: ReadonlyArray<readonly [string, Check]> = [
  ['socketTimeout', checkMs],
  ['totalTimeout', checkMs],
  ['maxRetries', integerIn(0, 0x7fffffff)],
  ['sleepBetweenRetries', checkMs],
  ['sendKey', checkBoolean],
  ['filterExpression', checkExpression],
  ['failOnFilteredOut', checkBoolean],
  ['replica', oneOf(Replica)],
  ['readModeAP', oneOf(ReadModeAP)],
  ['readModeSC', oneOf(ReadModeSC)],
];

const READ_CHECKS: ReadonlyMap<string, Check> = new Map([
  ...BASE_CHECKS,
  ['readTouchTtlPercent', integerIn(-1, 100, ' (percent; -1 = never touch, 0 = server default)')],
]);

const WRITE_CHECKS: ReadonlyMap<string, Check> = new Map([
  ...BASE_CHECKS,
  ['ttl', integerIn(-2, MAX_TTL, ' (seconds; -1 = never expire, -2 = keep current, 0 = namespace default)')],
  ['exists', oneOf(ExistsAction)],
  ['gen', oneOf(GenerationPolicy)],
  ['generation', integerIn(0, MAX_GENERATION)],
  ['commitLevel', oneOf(CommitLevel)],
  ['durableDelete', checkBoolean],
  ['respondAllOps', checkBoolean],
]);

/** Names other clients use for the same policy fields. */
const POLICY_ALIASES: Readonly<Record<string, string>> = {
  timeout: 'totalTimeout',
  expiration: 'ttl',
  recordExistsAction: 'exists',
  generationPolicy: 'gen',
  key: 'sendKey',
  consistencyLevel: 'readModeAP',
};

function merge<T extends object>(
  base: T,
  override: object | null | undefined,
  checks: ReadonlyMap<string, Check>,
  where: string,
): T {
  if (override === undefined || override === null || override === base) return base;
  if (typeof override !== 'object' || Array.isArray(override)) {
    throw invalidArgument(where, `must be an object, got ${describeValue(override)}`);
  }
  let merged: Record<string, unknown> | undefined;
  // for...in rather than Object.keys: no array allocation on the hot path.
  for (const key in override) {
    if (!Object.hasOwn(override, key)) continue;
    const check = checks.get(key);
    if (check === undefined) {
      throw invalidArgument(`${where}.${key}`, unknownOptionMessage(key, checks.keys(), POLICY_ALIASES));
    }
    const value = (override as Record<string, unknown>)[key];
    // null as well as undefined: policies often come from JSON, which has no undefined.
    if (value === undefined || value === null) continue;
    check(value, `${where}.${key}`);
    if (merged === undefined) merged = { ...base } as Record<string, unknown>;
    merged[key] = value;
  }
  return merged === undefined ? base : (merged as T);
}

/**
 * Layers `override` over `base` for a read.
 *
 * Returns `base` itself, without allocating, when `override` is undefined or
 * null, is `base`, has no own keys, or sets every key to `undefined`/`null`;
 * otherwise returns a new object and leaves both arguments untouched. Keys
 * whose value is `undefined` or `null` are skipped, so
 * `{ totalTimeout: maybe }` is safe to pass.
 *
 * @param where - prefix of the field names in error messages.
 * @throws InvalidArgumentError naming `<where>.<field>` for an unknown field
 *   (with a suggestion for likely typos) or a value of the wrong type, out of
 *   range, or not a member of its enum.
 */
export function mergeReadPolicy(
  base: ReadPolicy,
  override: ReadPolicyInput | null | undefined,
  where = 'policy',
): ReadPolicy {
  return merge(base, override, READ_CHECKS, where);
}

/**
 * Layers `override` over `base` for a write; the same contract as
 * {@link mergeReadPolicy}.
 *
 * Validates, besides the shared fields: `ttl` an integer from -2 to
 * {@link MAX_TTL} (see `Ttl` for -2/-1/0), `generation` an integer from 0 to
 * 2^32-1, `exists`/`gen`/`commitLevel` members of their enums.
 */
export function mergeWritePolicy(
  base: WritePolicy,
  override: WritePolicyInput | null | undefined,
  where = 'policy',
): WritePolicy {
  return merge(base, override, WRITE_CHECKS, where);
}

const POLICY_KINDS = ['read', 'write'] as const;

/**
 * Builds a client's policy defaults: the built-in defaults with the client's
 * overrides (`config.policies`) applied. Runs once per client.
 *
 * Kinds without overrides share the frozen built-in objects; the others are
 * frozen too, because every command that passes no policy uses them as is.
 *
 * @param where - prefix of the field names in error messages.
 * @throws InvalidArgumentError for an unknown policy kind or an invalid field.
 */
export function resolvePolicyDefaults(
  input?: { read?: ReadPolicyInput; write?: WritePolicyInput } | null,
  where = 'policies',
): PolicyDefaults {
  if (input === undefined || input === null) {
    return { read: DEFAULT_READ_POLICY, write: DEFAULT_WRITE_POLICY };
  }
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw invalidArgument(where, `must be an object with optional read and write policies, got ${describeValue(input)}`);
  }
  for (const key of Object.keys(input)) {
    if (!(POLICY_KINDS as readonly string[]).includes(key)) {
      throw invalidArgument(`${where}.${key}`, unknownOptionMessage(key, POLICY_KINDS));
    }
  }
  const read = mergeReadPolicy(DEFAULT_READ_POLICY, input.read, `${where}.read`);
  const write = mergeWritePolicy(DEFAULT_WRITE_POLICY, input.write, `${where}.write`);
  return { read: Object.freeze(read), write: Object.freeze(write) };
}
