/**
 * Record digests and partition ids.
 *
 * The server never sees a user key as such: a record is identified by
 * `RIPEMD-160(set ‖ particle type ‖ key bytes)`, and the digest also decides
 * which of the 4096 partitions (and so which node) owns the record. Every
 * official client computes it the same way, which is what lets records
 * written by one client be read by another.
 *
 * @packageDocumentation
 */

import { invalidArgument } from '../errors.js';
import { RIPEMD160_SIZE, ripemd160 } from './ripemd160.js';

/**
 * A user key: what the application identifies a record by.
 *
 * Integers must fit a signed 64-bit integer; a `number` must also be a safe
 * integer, since a larger one may already have lost its low digits and would
 * silently address a different record. Strings are hashed as UTF-8 and byte
 * arrays as they are.
 */
export type UserKey = string | number | bigint | Uint8Array;

/** Number of partitions in every Aerospike namespace. */
export const PARTITIONS = 4096;

// Particle types as they appear in the digest input (and in the KEY field).
const INTEGER = 1;
const STRING = 3;
const BLOB = 4;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// Digest input is assembled here so that hashing a key allocates only the
// 20-byte result. Grows on demand, but never beyond MAX_RETAINED: a one-off
// huge key should not pin a huge buffer for the life of the process.
const MAX_RETAINED = 64 * 1024;
let scratch = Buffer.allocUnsafe(1024);

/**
 * Writes `s` as UTF-8 at `buf[p]` and returns the position after it; the
 * caller guarantees room for 3 bytes per UTF-16 code unit.
 *
 * Set names and keys are nearly always ASCII and short, and for those a
 * plain loop is several times cheaper than a call into the native UTF-8
 * encoder. The first non-ASCII character hands the whole string to the
 * encoder, which rewrites the identical ASCII prefix.
 */
function writeUtf8(buf: Buffer, s: string, p: number): number {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) return p + buf.write(s, p, 'utf8');
    buf[p + i] = c;
  }
  return p + n;
}

function describe(key: unknown): string {
  switch (typeof key) {
    case 'number':
      return String(key);
    case 'bigint':
      return `${key}n`;
    case 'boolean':
      return `${key} (boolean)`;
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      if (key === null) return 'null';
      if (Array.isArray(key)) return 'an array';
      return 'an object';
  }
}

function badKey(key: unknown): never {
  if (typeof key === 'number' && Number.isInteger(key)) {
    throw invalidArgument('key', `${key} is not a safe integer; integer keys beyond ±(2^53 - 1) must be passed as bigint`);
  }
  if (typeof key === 'bigint') {
    throw invalidArgument('key', `${key}n does not fit in a signed 64-bit integer`);
  }
  throw invalidArgument(
    'key',
    `${describe(key)} is not an integer, string or bytes value; integer keys must be safe integers or bigint`,
  );
}

/**
 * Returns the particle type a user key is hashed and sent with: 1 (INTEGER)
 * for numbers and bigints, 3 (STRING) for strings, 4 (BLOB) for byte arrays.
 *
 * Also validates the key, so that a bad key is rejected before anything is
 * sent rather than addressing an unintended record.
 *
 * @throws InvalidArgumentError for a number that is not a safe integer, a
 *   bigint outside the signed 64-bit range, or a value of any other type.
 */
export function keyParticleType(key: UserKey): number {
  switch (typeof key) {
    case 'string':
      return STRING;
    case 'number':
      if (Number.isSafeInteger(key)) return INTEGER;
      break;
    case 'bigint':
      if (key >= INT64_MIN && key <= INT64_MAX) return INTEGER;
      break;
    default:
      if (key instanceof Uint8Array) return BLOB;
  }
  return badKey(key);
}

/**
 * Computes the 20-byte record digest of `key` in `set`, exactly as the server
 * and the official clients do. An absent or empty set name contributes no
 * bytes, so both address the same records.
 *
 * @throws InvalidArgumentError when `key` is not a valid {@link UserKey}
 *   (see {@link keyParticleType}).
 */
export function computeDigest(set: string | undefined, key: UserKey): Buffer {
  const type = keyParticleType(key);

  // Upper bound of the input size without measuring the strings: UTF-8 needs
  // at most 3 bytes per UTF-16 code unit.
  const setMax = set ? 3 * set.length : 0;
  const keyMax = type === STRING ? 3 * (key as string).length : type === INTEGER ? 8 : (key as Uint8Array).length;
  const max = setMax + 1 + keyMax;
  let buf = scratch;
  if (max > buf.length) {
    buf = Buffer.allocUnsafe(max);
    if (max <= MAX_RETAINED) scratch = buf;
  }

  let p = set ? writeUtf8(buf, set, 0) : 0;
  buf[p++] = type;
  if (type === STRING) {
    p = writeUtf8(buf, key as string, p);
  } else if (type === BLOB) {
    buf.set(key as Uint8Array, p);
    p += (key as Uint8Array).length;
  } else if (typeof key === 'number') {
    // Big-endian two's complement, split into 32-bit halves; exact for every
    // safe integer (ToUint32 is a true modulo, and the difference is a
    // multiple of 2^32 that fits a double).
    const lo = key >>> 0;
    const hi = (key - lo) / 0x100000000;
    buf[p] = hi >>> 24;
    buf[p + 1] = hi >>> 16;
    buf[p + 2] = hi >>> 8;
    buf[p + 3] = hi;
    buf[p + 4] = lo >>> 24;
    buf[p + 5] = lo >>> 16;
    buf[p + 6] = lo >>> 8;
    buf[p + 7] = lo;
    p += 8;
  } else {
    buf.writeBigInt64BE(key as bigint, p);
    p += 8;
  }

  const digest = Buffer.allocUnsafe(RIPEMD160_SIZE);
  ripemd160(buf, 0, p, digest, 0);
  return digest;
}

/**
 * Returns the partition (0–4095) that owns the record with the digest at
 * `digest[offset, offset + 20)`: the low 12 bits of the digest's first two
 * bytes read as a little-endian integer.
 */
export function partitionId(digest: Uint8Array, offset = 0): number {
  return (digest[offset]! | (digest[offset + 1]! << 8)) & (PARTITIONS - 1);
}
