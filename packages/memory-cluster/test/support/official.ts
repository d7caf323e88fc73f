/**
 * The official `aerospike` npm client (a root devDependency with a prebuilt
 * native addon), typed just enough for the fidelity tests, plus helpers that
 * put its results and errors next to ours.
 *
 * Its `connect()` blocks the event loop, so it must only talk to a memory
 * cluster running in another process (`startMemoryClusterProcess`).
 */

import { createRequire } from 'node:module';

/** A record as the official client returns it. */
export interface OfficialRecord {
  bins: Record<string, unknown>;
  gen: number;
  ttl: number;
}

/** The calls the tests make on an official client. */
export interface OfficialClient {
  put(key: unknown, bins: object, meta?: object | null, policy?: object | null): Promise<unknown>;
  get(key: unknown, policy?: object | null): Promise<OfficialRecord>;
  select(key: unknown, bins: string[], policy?: object | null): Promise<OfficialRecord>;
  exists(key: unknown, policy?: object | null): Promise<boolean>;
  existsWithMetadata(key: unknown, policy?: object | null): Promise<unknown>;
  remove(key: unknown, policy?: object | null): Promise<unknown>;
  operate(key: unknown, operations: unknown[], meta?: object | null, policy?: object | null): Promise<OfficialRecord>;
  append(key: unknown, bins: object, meta?: object | null, policy?: object | null): Promise<OfficialRecord>;
  prepend(key: unknown, bins: object, meta?: object | null, policy?: object | null): Promise<OfficialRecord>;
  incr(key: unknown, bins: object, meta?: object | null, policy?: object | null): Promise<OfficialRecord>;
  getNodes(): Array<{ name: string; address: string }>;
  /** Synchronous; unreferences the addon's event loop when the last client closes. */
  close(releaseEventLoop?: boolean): void;
}

/** The parts of the `aerospike` module the tests use. */
export interface OfficialModule {
  connect(config: { hosts: string; log?: { level: number } }): Promise<OfficialClient>;
  Key: new (ns: string, set: string | null, key: string | number | Buffer) => unknown;
  Double: new (value: number) => unknown;
  GeoJSON: new (value: object | string) => unknown;
  log: { OFF: number };
  policy: {
    gen: { IGNORE: number; EQ: number; GT: number };
    exists: { IGNORE: number; CREATE: number; UPDATE: number; REPLACE: number; CREATE_OR_REPLACE: number };
    key: { DIGEST: number; SEND: number };
    commitLevel: { ALL: number; MASTER: number };
    readModeAP: { ONE: number; ALL: number };
  };
  operations: {
    read(bin: string): unknown;
    write(bin: string, value: unknown): unknown;
    incr(bin: string, value: number | bigint): unknown;
    add(bin: string, value: number | bigint): unknown;
    append(bin: string, value: string | Buffer): unknown;
    prepend(bin: string, value: string | Buffer): unknown;
    touch(ttl?: number): unknown;
    delete(): unknown;
  };
}

/** Loads the official client. */
export function loadOfficialClient(): OfficialModule {
  return createRequire(import.meta.url)('aerospike') as OfficialModule;
}

/** Connects an official client with its logging off. */
export function connectOfficial(Aerospike: OfficialModule, hosts: string): Promise<OfficialClient> {
  return Aerospike.connect({ hosts, log: { level: Aerospike.log.OFF } });
}

/**
 * The result code of a failed call, from either client: the official client
 * puts it in `code`, ours in `resultCode` (its `code` is the name).
 */
export function resultCodeOf(err: unknown): number {
  const e = err as { code?: unknown; resultCode?: unknown };
  if (typeof e.resultCode === 'number') return e.resultCode;
  if (typeof e.code === 'number') return e.code;
  throw err;
}

/** `{ ok: value }` or `{ rc: resultCode }`: outcomes of both clients in one comparable shape. */
export type Outcome<T> = { ok: T } | { rc: number };

/** Runs `fn` and captures its value or its result code. */
export async function outcome<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: await fn() };
  } catch (err) {
    return { rc: resultCodeOf(err) };
  }
}
