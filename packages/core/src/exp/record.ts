/**
 * Record expressions: the key, metadata and bins of the record being
 * filtered or operated on.
 *
 * @packageDocumentation
 */

import { invalidArgument } from '../errors.js';
import { ExpOp, ExpType } from '../wire/cdt/exp.js';
import { MAX_BIN_NAME } from '../wire/names.js';
import { packRawString, rawStringSize, utf8Length } from '../wire/msgpack.js';
import { isWellFormed } from '../wire/utf16.js';
import {
  type BlobExp,
  type BoolExp,
  type FloatExp,
  type GeoExp,
  type HllExp,
  type IntExp,
  type ListExp,
  type MapExp,
  type StringExp,
  type ListNode,
  RawNode,
  T_PART,
  checkInt,
  describe,
  op,
  part,
} from './exp.js';

/**
 * A raw msgpack string (no particle-type prefix): how bin and variable names travel.
 * @internal
 */
export function rawString(value: string): RawNode {
  const buf = Buffer.allocUnsafe(rawStringSize(value));
  packRawString(value, buf, 0);
  return new RawNode(T_PART, buf);
}

/**
 * Checks a bin name (non-empty, well-formed, at most 15 UTF-8 bytes) and returns it as a raw string part.
 * @internal
 */
export function binNamePart(fn: string, name: unknown): RawNode {
  if (typeof name !== 'string') throw invalidArgument(fn, `bin name must be a string, got ${describe(name)}`);
  if (name === '') throw invalidArgument(fn, 'bin name must not be empty');
  if (!isWellFormed(name)) throw invalidArgument(fn, `bin name ${JSON.stringify(name)} is not well-formed UTF-16`);
  const length = utf8Length(name);
  if (length > MAX_BIN_NAME) throw invalidArgument(fn, `bin name "${name}" is ${length} bytes; the limit is ${MAX_BIN_NAME}`);
  return rawString(name);
}

// ---------------------------------------------------------------------------
// Key

function key(type: number): ListNode {
  return op(type, ExpOp.KEY, part(type));
}

/**
 * The record's key as an integer; unknown when the key is not an integer
 * or was not stored (write policy `sendKey`).
 * @example `exp.eq(exp.keyInt(), exp.int(42))`
 */
export function keyInt(): IntExp {
  return key(ExpType.INT);
}

/**
 * The record's key as a string; unknown when the key is not a string or
 * was not stored.
 * @example `exp.cmpRegex(0, '^user:', exp.keyStr())`
 */
export function keyStr(): StringExp {
  return key(ExpType.STRING);
}

/**
 * The record's key as a blob; unknown when the key is not a blob or was
 * not stored.
 * @example `exp.eq(exp.keyBlob(), exp.bytes(Buffer.from([1, 2])))`
 */
export function keyBlob(): BlobExp {
  return key(ExpType.BLOB);
}

/**
 * True when the record stores its key (it was written with `sendKey`).
 * @example `exp.keyExists()`
 */
export function keyExists(): BoolExp {
  return op(ExpType.BOOL, ExpOp.KEY_EXISTS);
}

// ---------------------------------------------------------------------------
// Metadata

/**
 * The record's set name.
 * @example `exp.eq(exp.setName(), exp.str('users'))`
 */
export function setName(): StringExp {
  return op(ExpType.STRING, ExpOp.SET_NAME);
}

/**
 * The record's size in bytes (server 7.0 and later).
 * @example `exp.gt(exp.recordSize(), exp.int(1024))`
 */
export function recordSize(): IntExp {
  return op(ExpType.INT, ExpOp.RECORD_SIZE);
}

/**
 * The record's size on device; deprecated by the server in favor of {@link recordSize}.
 * @example `exp.gt(exp.deviceSize(), exp.int(1024))`
 */
export function deviceSize(): IntExp {
  return op(ExpType.INT, ExpOp.DEVICE_SIZE);
}

/**
 * The record's size in memory; deprecated by the server in favor of {@link recordSize}.
 * @example `exp.gt(exp.memorySize(), exp.int(1024))`
 */
export function memorySize(): IntExp {
  return op(ExpType.INT, ExpOp.MEMORY_SIZE);
}

/**
 * When the record was last written, in nanoseconds since the Unix epoch.
 * @example `exp.gt(exp.lastUpdate(), exp.int(BigInt(Date.now() - 3600_000) * 1_000_000n))`
 */
export function lastUpdate(): IntExp {
  return op(ExpType.INT, ExpOp.LAST_UPDATE);
}

/**
 * Milliseconds since the record was last written.
 * @example `exp.lt(exp.sinceUpdate(), exp.int(60_000))`
 */
export function sinceUpdate(): IntExp {
  return op(ExpType.INT, ExpOp.SINCE_UPDATE);
}

/**
 * When the record expires, in nanoseconds since the Unix epoch (0 when it never does).
 * @example `exp.ne(exp.voidTime(), exp.int(0))`
 */
export function voidTime(): IntExp {
  return op(ExpType.INT, ExpOp.VOID_TIME);
}

/**
 * Seconds until the record expires (-1 when it never does).
 * @example `exp.lt(exp.ttl(), exp.int(3600))`
 */
export function ttl(): IntExp {
  return op(ExpType.INT, ExpOp.TTL);
}

/**
 * True when the record is a tombstone (what a durable delete leaves); only
 * meaningful with policies that read tombstones (e.g. XDR filters).
 * Encoded with op code 72, as the server and the Java and Go clients
 * number it.
 * @example `exp.not(exp.isTombstone())`
 */
export function isTombstone(): BoolExp {
  return op(ExpType.BOOL, ExpOp.IS_TOMBSTONE);
}

/**
 * The record digest modulo `mod`: a cheap way to select a stable fraction
 * of the records.
 * @param mod - a non-zero 32-bit integer.
 * @example `exp.eq(exp.digestModulo(3), exp.int(1))` — about a third of the records
 */
export function digestModulo(mod: number): IntExp {
  checkInt('exp.digestModulo', 'mod', mod, -0x8000_0000, 0x7fff_ffff);
  if (mod === 0) throw invalidArgument('exp.digestModulo', 'mod must not be 0');
  return op(ExpType.INT, ExpOp.DIGEST_MODULO, part(mod));
}

// ---------------------------------------------------------------------------
// Bins

function bin(fn: string, type: number, name: string): ListNode {
  return op(type, ExpOp.BIN, part(type), binNamePart(fn, name));
}

/**
 * A bin read as an integer; unknown when the bin is missing or not an integer.
 * @example `exp.gt(exp.binInt('age'), exp.int(21))`
 */
export function binInt(name: string): IntExp {
  return bin('exp.binInt', ExpType.INT, name);
}

/**
 * A bin read as a float; unknown when the bin is missing or not a float.
 * @example `exp.lt(exp.binFloat('ratio'), exp.float(0.5))`
 */
export function binFloat(name: string): FloatExp {
  return bin('exp.binFloat', ExpType.FLOAT, name);
}

/**
 * A bin read as a string; unknown when the bin is missing or not a string.
 * @example `exp.eq(exp.binStr('country'), exp.str('NZ'))`
 */
export function binStr(name: string): StringExp {
  return bin('exp.binStr', ExpType.STRING, name);
}

/**
 * A bin read as a blob; unknown when the bin is missing or not a blob.
 * @example `exp.bit.count(exp.binBlob('flags'), 0, 64)`
 */
export function binBlob(name: string): BlobExp {
  return bin('exp.binBlob', ExpType.BLOB, name);
}

/**
 * A bin read as a boolean; unknown when the bin is missing or not a boolean.
 * @example `exp.binBool('active')`
 */
export function binBool(name: string): BoolExp {
  return bin('exp.binBool', ExpType.BOOL, name);
}

/**
 * A bin read as GeoJSON; unknown when the bin is missing or not GeoJSON.
 * @example `exp.cmpGeo(exp.binGeo('loc'), exp.geo({ type: 'Polygon', coordinates: [[[0, 0], [0, 1], [1, 1], [0, 0]]] }))`
 */
export function binGeo(name: string): GeoExp {
  return bin('exp.binGeo', ExpType.GEO, name);
}

/**
 * A bin read as a list; unknown when the bin is missing or not a list.
 * @example `exp.lists.size(exp.binList('tags'))`
 */
export function binList(name: string): ListExp {
  return bin('exp.binList', ExpType.LIST, name);
}

/**
 * A bin read as a map; unknown when the bin is missing or not a map.
 * @example `exp.maps.size(exp.binMap('scores'))`
 */
export function binMap(name: string): MapExp {
  return bin('exp.binMap', ExpType.MAP, name);
}

/**
 * A bin read as a HyperLogLog; unknown when the bin is missing or not one.
 * @example `exp.hll.getCount(exp.binHll('visitors'))`
 */
export function binHll(name: string): HllExp {
  return bin('exp.binHll', ExpType.HLL, name);
}

/**
 * The particle type of a bin (`ParticleType`: 0 when the bin is missing,
 * 1 integer, 2 float, 3 string, 4 blob, 19 map, 20 list…).
 * @example `exp.eq(exp.binType('a'), exp.int(ParticleType.STRING))`
 */
export function binType(name: string): IntExp {
  return op(ExpType.INT, ExpOp.BIN_TYPE, binNamePart('exp.binType', name));
}

/**
 * True when the bin exists: `binType(name) != 0`.
 * @example `exp.and(exp.binExists('a'), exp.gt(exp.binInt('a'), exp.int(0)))`
 */
export function binExists(name: string): BoolExp {
  return op(ExpType.BOOL, ExpOp.NE, op(ExpType.INT, ExpOp.BIN_TYPE, binNamePart('exp.binExists', name)), part(0));
}
