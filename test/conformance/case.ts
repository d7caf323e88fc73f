/**
 * Server semantics as data: each case names an operation, the record it
 * starts from, and what the server answered — its results and the record
 * afterwards, or its result code. The expectations were taken from a real
 * Aerospike 8.1 server; the runner replays them against the memory cluster
 * (CI) or a real server (`AEROSPIKE_HOSTS`).
 */

/** The official `aerospike` module; builders are called on it, so it stays untyped here. */
// biome-ignore lint/suspicious/noExplicitAny: the official client's builders are many and loosely typed.
export type Official = any;

/** What the server answered. */
export type Expectation =
  | {
      /**
       * The bins `operate` returned, as the official client reports them
       * (one entry per bin: the result of the last operation on it).
       * Omitted: not checked.
       */
      result?: Record<string, unknown>;
      /** The record's bins afterwards; `null` when the record must not exist. Omitted: not checked. */
      bins?: Record<string, unknown> | null;
    }
  | {
      /** The result code the command failed with; the record must be as it was before. */
      error: number;
    };

export interface ConformanceCase {
  /** What the case shows, e.g. `append to a missing bin creates the list`. */
  name: string;
  /** Bins written with one `put` before anything else (official client values). */
  start?: (as: Official) => Record<string, unknown>;
  /** Operations run after the put and before the ones under test (e.g. to make a list ordered). */
  setup?: (as: Official) => unknown[];
  /** The operations under test, built with the official client. */
  ops: (as: Official) => unknown[];
  /** Policy of the `operate` under test (official client form). */
  policy?: (as: Official) => Record<string, unknown>;
  expect: Expectation;
}

/**
 * A value in a form both clients' decodings compare equal in: maps become
 * `{ map: [[k, v]…] }` in their order (plain objects too), buffers hex,
 * bigints in the safe range numbers.
 */
export function normalize(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : `${value}n`;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('hex') };
  if (Array.isArray(value)) return value.map(normalize);
  if (value instanceof Map) return { map: [...value].map(([k, v]) => [normalize(k), normalize(v)]) };
  if (typeof value === 'object') {
    const v = value as { value?: unknown; constructor?: { name?: string } };
    const name = v.constructor?.name;
    if (name === 'Double' || name === 'GeoJSON') return normalize(name === 'GeoJSON' ? String(value) : v.value);
    if (name === 'HyperLogLog' || name === 'HLL') return normalize((value as { bytes?: unknown }).bytes ?? value);
    return { map: Object.entries(value).map(([k, x]) => [k, normalize(x)]) };
  }
  return value;
}
