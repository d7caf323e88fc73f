/**
 * Record keys. A key names a namespace, an optional set and a user key (or
 * only a digest); its digest is computed once and cached on the key.
 */

import { invalidArgument } from './errors.js';
import { type UserKey, computeDigest, keyParticleType, partitionId } from './wire/digest.js';
import { isWellFormed, notWellFormed, quote } from './wire/utf16.js';

export type { UserKey } from './wire/digest.js';

/** A record key. */
export class Key {
  /** Namespace name. */
  readonly namespace: string;
  /** Set name; empty string for records outside any set. */
  readonly set: string;
  /** The user key, or undefined when the key was made from a digest alone. */
  readonly userKey: UserKey | undefined;
  private cachedDigest: Buffer | undefined;

  /**
   * @param namespace - namespace name
   * @param set - set name (`''`, `null` or `undefined` for no set)
   * @param userKey - string, safe integer, bigint or bytes; omit when giving `digest`
   * @param digest - the 20-byte digest, when the user key is unknown
   * @throws InvalidArgumentError for a missing namespace, a set that is not a
   *   string, a user key of the wrong type or range, a string user key that
   *   is not well-formed UTF-16, or a digest that is not 20 bytes.
   */
  constructor(namespace: string, set: string | null | undefined, userKey?: UserKey, digest?: Uint8Array) {
    if (typeof namespace !== 'string' || namespace.length === 0) {
      throw invalidArgument('key.namespace', `must be a non-empty string, got ${describe(namespace)}`);
    }
    if (set !== null && set !== undefined && typeof set !== 'string') {
      throw invalidArgument('key.set', `must be a string, got ${describe(set)}`);
    }
    this.namespace = namespace;
    this.set = set ?? '';
    if (userKey === undefined || userKey === null) {
      if (digest === undefined) throw invalidArgument('key', 'needs a user key or a digest');
      if (!(digest instanceof Uint8Array) || digest.length !== 20) {
        throw invalidArgument('key.digest', `must be 20 bytes, got ${describe(digest)}`);
      }
      this.userKey = undefined;
      this.cachedDigest = Buffer.from(digest);
    } else {
      keyParticleType(userKey);
      if (typeof userKey === 'string' && !isWellFormed(userKey)) throw notWellFormed(`key ${quote(userKey)}`, userKey);
      this.userKey = userKey;
      if (digest !== undefined) this.cachedDigest = Buffer.from(digest);
    }
  }

  /** RIPEMD-160 digest of set and user key: what the server indexes records by. */
  get digest(): Buffer {
    let d = this.cachedDigest;
    if (d === undefined) {
      d = computeDigest(this.set, this.userKey!);
      this.cachedDigest = d;
    }
    return d;
  }

  /** Partition (0-4095) the record lives in. */
  get partitionId(): number {
    return partitionId(this.digest);
  }

  /** A readable form, e.g. `test:users:42`. */
  toString(): string {
    const k = this.userKey === undefined ? `digest:${this.digest.toString('hex')}` : String(this.userKey);
    return `${this.namespace}:${this.set}:${k}`;
  }
}

/**
 * Anything accepted where a key is expected: a {@link Key}, an
 * aerospike-py style tuple `[namespace, set, key]`, or an object
 * `{ ns, set, key }` / `{ namespace, set, key }` as the official Node client takes.
 */
export type KeyInput =
  | Key
  | readonly [namespace: string, set: string | null | undefined, key: UserKey]
  | { ns: string; set?: string | null | undefined; key?: UserKey | undefined; digest?: Uint8Array | undefined }
  | { namespace: string; set?: string | null | undefined; key?: UserKey | undefined; digest?: Uint8Array | undefined };

/** Normalises a {@link KeyInput}; throws InvalidArgumentError naming what is wrong. */
export function toKey(input: KeyInput): Key {
  if (input instanceof Key) return input;
  if (Array.isArray(input)) {
    if (input.length !== 3) throw invalidArgument('key', `a key tuple is [namespace, set, key]; got ${input.length} items`);
    return new Key(input[0], input[1], input[2]);
  }
  if (typeof input === 'object' && input !== null) {
    const o = input as { ns?: string; namespace?: string; set?: string | null; key?: UserKey; digest?: Uint8Array };
    return new Key((o.ns ?? o.namespace) as string, o.set, o.key, o.digest);
  }
  throw invalidArgument('key', `expected a Key, [namespace, set, key] or { ns, set, key }, got ${describe(input)}`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  return typeof v === 'string' ? JSON.stringify(v) : typeof v;
}
