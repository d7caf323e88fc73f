/**
 * The msgpack dialect Aerospike uses for list and map particles, CDT, bit and
 * HLL operation arguments, expressions and UDF argument lists.
 *
 * It differs from plain msgpack in a few ways:
 * - Strings travel as msgpack `str` whose payload starts with a particle-type
 *   byte: 0x03 for text, 0x04 for blobs (blobs are `str`, not `bin`), 0x17 for
 *   GeoJSON. Only bin names inside expressions go without that byte
 *   ({@link packRawString}).
 * - An ordered list or map starts with an ext value carrying the order flags
 *   (`c7 00 <flags>`), counted as an element; in a map it is the first key,
 *   paired with nil. Decoders drop it.
 * - CDT range sentinels are the ext values `d4 ff 00` (wildcard) and
 *   `d4 ff 01` (infinity).
 *
 * Encoding is two-pass so that a request can be sized and allocated once:
 * {@link packedSize} returns the exact byte count, then {@link pack} writes
 * into the caller's buffer. Decoding bounds-checks every read against the
 * end the caller gives and reports malformed input as {@link ProtocolError}.
 */

import { InvalidArgumentError, invalidArgument, type ProtocolError, protocolError } from '../errors.js';
import { type BinValue, type CdtValue, CdtSentinel, type MapKey, Double, GeoJSON, HyperLogLog, INFINITY, PackedMsgpack, WILDCARD } from '../values.js';
import { isWellFormed, loneSurrogateIndex, quote } from './utf16.js';

/**
 * How deeply lists and maps may nest, on encode and decode. The outermost
 * list or map is level 1; a container at level 257 is rejected. This bounds
 * recursion on hostile input and catches cyclic objects on encode.
 */
export const MAX_MSGPACK_DEPTH = 256;

/** Particle-type prefixes of msgpack strings. */
const PREFIX_STRING = 0x03;
const PREFIX_BLOB = 0x04;
const PREFIX_HLL = 0x12;
const PREFIX_GEOJSON = 0x17;

/** Ext type of the CDT sentinels. */
const EXT_SENTINEL = 0xff;
/** Order flag the official clients put on maps built from plain objects. */
const MAP_K_ORDERED = 0x01;

const TWO_32 = 0x1_0000_0000;
const TWO_63 = 2 ** 63;
const TWO_64 = 2 ** 64;
const INT64_MIN = -(1n << 63n);
const UINT64_MAX = (1n << 64n) - 1n;

const WHAT = 'msgpack value';

// ---------------------------------------------------------------------------
// Low-level writers

/**
 * Byte length of `value` in UTF-8, as `Buffer.byteLength` computes it (a lone
 * surrogate counts as the 3 bytes of U+FFFD). Short strings are counted in
 * JavaScript because the native call costs more than the loop.
 */
export function utf8Length(value: string): number {
  const n = value.length;
  if (n > 64) return Buffer.byteLength(value, 'utf8');
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      bytes += 1;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = value.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        // A pair is two UTF-16 units and four UTF-8 bytes.
        bytes += 2;
        i++;
      } else {
        bytes += 2;
      }
    } else {
      bytes += 2;
    }
  }
  return bytes;
}

/**
 * Writes the UTF-8 of `value` at `offset` and returns the byte count. Short
 * strings are encoded in JavaScript: for them the native `buf.write` call
 * costs more than the encoding. Lone surrogates become U+FFFD, as
 * `buf.write` and {@link utf8Length} have them.
 */
function writeUtf8(value: string, buf: Buffer, offset: number): number {
  const n = value.length;
  if (n > 64) return buf.write(value, offset, 'utf8');
  let at = offset;
  for (let i = 0; i < n; i++) {
    let c = value.charCodeAt(i);
    if (c < 0x80) {
      buf[at++] = c;
      continue;
    }
    if (c < 0x800) {
      buf[at++] = 0xc0 | (c >> 6);
      buf[at++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = c <= 0xdbff && i + 1 < n ? value.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        buf[at++] = 0xf0 | (c >> 18);
        buf[at++] = 0x80 | ((c >> 12) & 0x3f);
        buf[at++] = 0x80 | ((c >> 6) & 0x3f);
        buf[at++] = 0x80 | (c & 0x3f);
        continue;
      }
      c = 0xfffd;
    }
    buf[at++] = 0xe0 | (c >> 12);
    buf[at++] = 0x80 | ((c >> 6) & 0x3f);
    buf[at++] = 0x80 | (c & 0x3f);
  }
  return at - offset;
}

/** Size of a msgpack `str` header for a payload of `length` bytes. */
function strHeaderSize(length: number): number {
  if (length < 32) return 1;
  if (length < 0x100) return 2;
  if (length < 0x1_0000) return 3;
  return 5;
}

/** Writes a msgpack `str` header; Aerospike uses `str` for blobs too. */
function writeStrHeader(length: number, buf: Buffer, offset: number): number {
  if (length < 32) {
    buf[offset] = 0xa0 | length;
    return offset + 1;
  }
  if (length < 0x100) {
    buf[offset] = 0xd9;
    buf[offset + 1] = length;
    return offset + 2;
  }
  if (length < 0x1_0000) {
    buf[offset] = 0xda;
    buf.writeUInt16BE(length, offset + 1);
    return offset + 3;
  }
  if (length > 0xffff_ffff) throw invalidArgument(WHAT, `string or blob of ${length} bytes is too long`);
  buf[offset] = 0xdb;
  buf.writeUInt32BE(length, offset + 1);
  return offset + 5;
}

/** Bytes taken by a list header for `count` elements. */
export function arrayHeaderSize(count: number): number {
  return count < 16 ? 1 : count < 0x1_0000 ? 3 : 5;
}

/**
 * Writes a list header for `count` elements; the caller then writes the
 * elements. Used by operation encoders to emit `[opcode, args…]` directly.
 * @returns the offset after the header.
 */
export function packArrayHeader(count: number, buf: Buffer, offset: number): number {
  if (count < 16) {
    buf[offset] = 0x90 | count;
    return offset + 1;
  }
  if (count < 0x1_0000) {
    buf[offset] = 0xdc;
    buf.writeUInt16BE(count, offset + 1);
    return offset + 3;
  }
  buf[offset] = 0xdd;
  buf.writeUInt32BE(count, offset + 1);
  return offset + 5;
}

/** Bytes taken by a map header for `count` key/value pairs. */
export function mapHeaderSize(count: number): number {
  return count < 16 ? 1 : count < 0x1_0000 ? 3 : 5;
}

/**
 * Writes a map header for `count` key/value pairs; the caller then writes
 * the keys and values alternately.
 * @returns the offset after the header.
 */
export function packMapHeader(count: number, buf: Buffer, offset: number): number {
  if (count < 16) {
    buf[offset] = 0x80 | count;
    return offset + 1;
  }
  if (count < 0x1_0000) {
    buf[offset] = 0xde;
    buf.writeUInt16BE(count, offset + 1);
    return offset + 3;
  }
  buf[offset] = 0xdf;
  buf.writeUInt32BE(count, offset + 1);
  return offset + 5;
}

function numberIntSize(value: number): number {
  if (value >= 0) {
    if (value < 0x80) return 1;
    if (value < 0x100) return 2;
    if (value < 0x1_0000) return 3;
    if (value < TWO_32) return 5;
    if (value < TWO_64) return 9;
  } else {
    if (value >= -32) return 1;
    if (value >= -0x80) return 2;
    if (value >= -0x8000) return 3;
    if (value >= -0x8000_0000) return 5;
    if (value >= -TWO_63) return 9;
  }
  throw invalidArgument(WHAT, `integer ${value} does not fit in 64 bits`);
}

function bigintIntSize(value: bigint): number {
  if (value >= -0x8000_0000n && value < 0x1_0000_0000n) return numberIntSize(Number(value));
  if (value < INT64_MIN || value > UINT64_MAX) throw invalidArgument(WHAT, `integer ${value} does not fit in 64 bits`);
  return 9;
}

/**
 * Bytes taken by the integer `value` in its smallest msgpack form.
 * @throws {@link InvalidArgumentError} when `value` is not an integer in
 *   [-2^63, 2^64 - 1].
 */
export function intSize(value: number | bigint): number {
  if (typeof value === 'bigint') return bigintIntSize(value);
  if (!Number.isInteger(value)) throw invalidArgument(WHAT, `${value} is not an integer`);
  return numberIntSize(value);
}

function writeNumberInt(value: number, buf: Buffer, offset: number): number {
  if (value >= 0) {
    if (value < 0x80) {
      buf[offset] = value;
      return offset + 1;
    }
    if (value < 0x100) {
      buf[offset] = 0xcc;
      buf[offset + 1] = value;
      return offset + 2;
    }
    if (value < 0x1_0000) {
      buf[offset] = 0xcd;
      buf.writeUInt16BE(value, offset + 1);
      return offset + 3;
    }
    if (value < TWO_32) {
      buf[offset] = 0xce;
      buf.writeUInt32BE(value, offset + 1);
      return offset + 5;
    }
    if (value < TWO_64) {
      // Splitting into words is exact for any integral double and avoids BigInt.
      const high = Math.floor(value / TWO_32);
      buf[offset] = 0xcf;
      buf.writeUInt32BE(high, offset + 1);
      buf.writeUInt32BE(value - high * TWO_32, offset + 5);
      return offset + 9;
    }
  } else {
    if (value >= -32) {
      buf[offset] = value & 0xff;
      return offset + 1;
    }
    if (value >= -0x80) {
      buf[offset] = 0xd0;
      buf.writeInt8(value, offset + 1);
      return offset + 2;
    }
    if (value >= -0x8000) {
      buf[offset] = 0xd1;
      buf.writeInt16BE(value, offset + 1);
      return offset + 3;
    }
    if (value >= -0x8000_0000) {
      buf[offset] = 0xd2;
      buf.writeInt32BE(value, offset + 1);
      return offset + 5;
    }
    if (value >= -TWO_63) {
      const high = Math.floor(value / TWO_32);
      buf[offset] = 0xd3;
      buf.writeInt32BE(high, offset + 1);
      buf.writeUInt32BE(value - high * TWO_32, offset + 5);
      return offset + 9;
    }
  }
  throw invalidArgument(WHAT, `integer ${value} does not fit in 64 bits`);
}

function writeBigInt(value: bigint, buf: Buffer, offset: number): number {
  if (value >= -0x8000_0000n && value < 0x1_0000_0000n) return writeNumberInt(Number(value), buf, offset);
  if (value >= 0n) {
    if (value > UINT64_MAX) throw invalidArgument(WHAT, `integer ${value} does not fit in 64 bits`);
    buf[offset] = 0xcf;
    buf.writeBigUInt64BE(value, offset + 1);
  } else {
    if (value < INT64_MIN) throw invalidArgument(WHAT, `integer ${value} does not fit in 64 bits`);
    buf[offset] = 0xd3;
    buf.writeBigInt64BE(value, offset + 1);
  }
  return offset + 9;
}

/**
 * Writes the integer `value` in its smallest msgpack form: positive values
 * use the unsigned encodings, negative values the signed ones, as the
 * official clients do.
 * @returns the offset after the integer.
 * @throws {@link InvalidArgumentError} when `value` is not an integer in
 *   [-2^63, 2^64 - 1].
 */
export function packInt(value: number | bigint, buf: Buffer, offset: number): number {
  if (typeof value === 'bigint') return writeBigInt(value, buf, offset);
  if (!Number.isInteger(value)) throw invalidArgument(WHAT, `${value} is not an integer`);
  return writeNumberInt(value, buf, offset);
}

/** Bytes taken by a float: msgpack float64 is the only float the encoder emits. */
export const FLOAT_SIZE = 9;

/**
 * Writes `value` as a msgpack float64, whatever its value (integral numbers
 * included, which is how {@link Double} is encoded).
 * @returns the offset after the float.
 */
export function packFloat(value: number, buf: Buffer, offset: number): number {
  buf[offset] = 0xcb;
  buf.writeDoubleBE(value, offset + 1);
  return offset + 9;
}

/** Bytes taken by `value` as an Aerospike string (`str` with the 0x03 prefix). */
export function stringSize(value: string): number {
  const length = utf8Length(value) + 1;
  return strHeaderSize(length) + length;
}

/**
 * Writes a `str` whose payload is the particle-type byte `prefix` followed
 * by the UTF-8 of `value`. When the header size follows from the string's
 * UTF-16 length alone, the text is written first and the exact length
 * filled in afterwards, which saves a second UTF-8 length computation.
 */
function writeTypedString(prefix: number, value: string, buf: Buffer, offset: number): number {
  const n = value.length;
  let header: number;
  // UTF-8 length is within [n, 3n]: pick the header when both ends agree.
  if (3 * n + 1 < 32) header = 1;
  else if (n + 1 >= 32 && 3 * n + 1 < 0x100) header = 2;
  else if (n + 1 >= 0x100 && 3 * n + 1 < 0x1_0000) header = 3;
  else if (n + 1 >= 0x1_0000) header = 5;
  else {
    const length = utf8Length(value) + 1;
    offset = writeStrHeader(length, buf, offset);
    buf[offset] = prefix;
    return offset + 1 + writeUtf8(value, buf, offset + 1);
  }
  const start = offset + header;
  buf[start] = prefix;
  const written = writeUtf8(value, buf, start + 1);
  const length = written + 1;
  switch (header) {
    case 1:
      buf[offset] = 0xa0 | length;
      break;
    case 2:
      buf[offset] = 0xd9;
      buf[offset + 1] = length;
      break;
    case 3:
      buf[offset] = 0xda;
      buf.writeUInt16BE(length, offset + 1);
      break;
    default:
      if (length > 0xffff_ffff) throw invalidArgument(WHAT, `string of ${length} bytes is too long`);
      buf[offset] = 0xdb;
      buf.writeUInt32BE(length, offset + 1);
  }
  return start + length;
}

/**
 * Writes `value` as an Aerospike string: msgpack `str` whose payload is the
 * byte 0x03 followed by the UTF-8 text. This is how every string inside a
 * list, map or CDT argument travels.
 * @returns the offset after the string.
 */
export function packString(value: string, buf: Buffer, offset: number): number {
  return writeTypedString(PREFIX_STRING, value, buf, offset);
}

/** Bytes taken by `value` as a plain msgpack `str` with no particle-type prefix. */
export function rawStringSize(value: string): number {
  const length = utf8Length(value);
  return strHeaderSize(length) + length;
}

/**
 * Writes `value` as a plain msgpack `str` with no particle-type prefix: the
 * form bin names and variable names take inside expressions.
 * @returns the offset after the string.
 */
export function packRawString(value: string, buf: Buffer, offset: number): number {
  const length = utf8Length(value);
  offset = writeStrHeader(length, buf, offset);
  return offset + writeUtf8(value, buf, offset);
}

/** Bytes taken by `bytes` as an Aerospike blob (`str` with the 0x04 prefix). */
export function bytesSize(bytes: Uint8Array): number {
  const length = bytes.length + 1;
  return strHeaderSize(length) + length;
}

function writeTypedBytes(prefix: number, bytes: Uint8Array, buf: Buffer, offset: number): number {
  offset = writeStrHeader(bytes.length + 1, buf, offset);
  buf[offset] = prefix;
  buf.set(bytes, offset + 1);
  return offset + 1 + bytes.length;
}

/**
 * Writes `bytes` as an Aerospike blob: msgpack `str` (not `bin`) whose
 * payload is the byte 0x04 followed by the bytes, as the official clients
 * send blobs inside lists, maps and operation arguments.
 * @returns the offset after the blob.
 */
export function packBytes(bytes: Uint8Array, buf: Buffer, offset: number): number {
  return writeTypedBytes(PREFIX_BLOB, bytes, buf, offset);
}

// ---------------------------------------------------------------------------
// Values

function tooDeep(): never {
  throw invalidArgument(WHAT, `lists and maps nested deeper than ${MAX_MSGPACK_DEPTH} levels (or a cycle)`);
}

/** Plain objects only: class instances (Date, Set, typed arrays…) have no msgpack form. */
function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as object | null;
  // A null grandparent also admits Object.prototype of another realm.
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
}

function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object';
}

function unsupported(value: unknown): never {
  throw invalidArgument(WHAT, `${describe(value)} cannot be encoded`);
}

/**
 * Orders object keys as the server orders string keys (bytewise on UTF-8,
 * i.e. by code point), which is also how the official client sorts them.
 * Plain `sort()` compares UTF-16 units and would put astral characters
 * before U+E000–U+FFFF; the two orders agree everywhere else.
 */
function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        // Move surrogates above U+E000–U+FFFF so units compare as code points.
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

function notWellFormed(s: string, what = 'string'): never {
  throw invalidArgument(WHAT, `${what} is not well-formed UTF-16 (lone surrogate at index ${loneSurrogateIndex(s)})`);
}

/** What a map key that {@link MapKey} does not allow is, for the error message. */
function keyKind(key: unknown): string {
  if (key === null) return 'null';
  if (Array.isArray(key)) return 'a list';
  if (typeof key !== 'object') return typeof key;
  return isPlainObject(key) ? 'a plain object' : describe(key);
}

/** Size of a map key, which must be a {@link MapKey}: a string, number, bigint or bytes. */
function keySize(key: unknown): number {
  switch (typeof key) {
    case 'string':
      if (!isWellFormed(key)) notWellFormed(key, `map key ${quote(key)}`);
      return stringSize(key);
    case 'number':
      return Number.isInteger(key) ? numberIntSize(key) : FLOAT_SIZE;
    case 'bigint':
      return bigintIntSize(key);
    default:
      if (key instanceof Uint8Array) return bytesSize(key);
      throw invalidArgument(WHAT, `map keys must be strings, numbers, bigints or bytes; found ${keyKind(key)}`);
  }
}

/**
 * Steps from the value being encoded down to the one that failed, innermost
 * first. Filled only while an error unwinds out of {@link sizeOf}, and
 * emptied by {@link measure}.
 */
const failedAt: string[] = [];

/** The path step of a map key: `["name"]`, `[7]`, `[7n]`, `[<3 bytes>]`. */
function keyStep(key: unknown): string {
  if (typeof key === 'string') return `[${quote(key)}]`;
  if (typeof key === 'bigint') return `[${key}n]`;
  if (key instanceof Uint8Array) return `[<${key.length} bytes>]`;
  return `[${String(key)}]`;
}

function sizeOf(value: unknown, depth: number): number {
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? numberIntSize(value as number) : FLOAT_SIZE;
    case 'string':
      if (!isWellFormed(value as string)) notWellFormed(value as string);
      return stringSize(value as string);
    case 'boolean':
    case 'undefined':
      return 1;
    case 'bigint':
      return bigintIntSize(value as bigint);
    case 'object': {
      if (value === null) return 1;
      if (Array.isArray(value)) {
        if (depth >= MAX_MSGPACK_DEPTH) tooDeep();
        const n = value.length;
        let size = arrayHeaderSize(n);
        let i = 0;
        try {
          for (; i < n; i++) size += sizeOf(value[i], depth + 1);
        } catch (err) {
          failedAt.push(`[${i}]`);
          throw err;
        }
        return size;
      }
      if (value instanceof Uint8Array) return bytesSize(value);
      if (value instanceof Map) {
        if (depth >= MAX_MSGPACK_DEPTH) tooDeep();
        let size = mapHeaderSize(value.size);
        value.forEach((v: unknown, k: unknown) => {
          size += keySize(k);
          try {
            size += sizeOf(v, depth + 1);
          } catch (err) {
            failedAt.push(keyStep(k));
            throw err;
          }
        });
        return size;
      }
      if (value instanceof Double) return FLOAT_SIZE;
      if (value instanceof GeoJSON) {
        if (!isWellFormed(value.value)) notWellFormed(value.value, 'GeoJSON string');
        return stringSize(value.value);
      }
      if (value instanceof HyperLogLog) return bytesSize(value.bytes);
      if (value instanceof CdtSentinel) return 3;
      if (value instanceof PackedMsgpack) return value.bytes.length;
      if (!isPlainObject(value)) unsupported(value);
      if (depth >= MAX_MSGPACK_DEPTH) tooDeep();
      const keys = Object.keys(value);
      // Header, then the order marker pair `c7 00 01 c0`.
      let size = mapHeaderSize(keys.length + 1) + 4;
      for (const k of keys) {
        size += keySize(k);
        try {
          size += sizeOf((value as Record<string, unknown>)[k], depth + 1);
        } catch (err) {
          failedAt.push(keyStep(k));
          throw err;
        }
      }
      return size;
    }
    default:
      return unsupported(value);
  }
}

/** Longest path shown in an error; deeper failures (a cycle, say) show its start. */
const MAX_PATH_STEPS = 16;

/**
 * {@link sizeOf} of a whole value. An {@link InvalidArgumentError} from
 * inside a list or map is raised again with where it happened, e.g.
 * `bin "tags" at [2]["name"]: …`; `bin` names the bin the value is for.
 */
function measure(value: unknown, bin: string | undefined): number {
  try {
    return sizeOf(value, 0);
  } catch (err) {
    const steps = failedAt.reverse();
    const path = steps.length > MAX_PATH_STEPS ? `${steps.slice(0, MAX_PATH_STEPS).join('')}…` : steps.join('');
    failedAt.length = 0;
    if (!(err instanceof InvalidArgumentError) || (path === '' && bin === undefined)) throw err;
    const prefix = `${WHAT}: `;
    const problem = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
    const what = bin === undefined ? WHAT : `bin "${bin}"`;
    throw invalidArgument(path === '' ? what : `${what} at ${path}`, problem);
  }
}

function write(value: unknown, buf: Buffer, offset: number, depth: number): number {
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? writeNumberInt(value as number, buf, offset) : packFloat(value as number, buf, offset);
    case 'string':
      return writeTypedString(PREFIX_STRING, value as string, buf, offset);
    case 'boolean':
      buf[offset] = value ? 0xc3 : 0xc2;
      return offset + 1;
    case 'undefined':
      buf[offset] = 0xc0;
      return offset + 1;
    case 'bigint':
      return writeBigInt(value as bigint, buf, offset);
    case 'object': {
      if (value === null) {
        buf[offset] = 0xc0;
        return offset + 1;
      }
      if (Array.isArray(value)) {
        if (depth >= MAX_MSGPACK_DEPTH) tooDeep();
        const n = value.length;
        offset = packArrayHeader(n, buf, offset);
        for (let i = 0; i < n; i++) offset = write(value[i], buf, offset, depth + 1);
        return offset;
      }
      if (value instanceof Uint8Array) return writeTypedBytes(PREFIX_BLOB, value, buf, offset);
      if (value instanceof Map) {
        if (depth >= MAX_MSGPACK_DEPTH) tooDeep();
        let at = packMapHeader(value.size, buf, offset);
        value.forEach((v: unknown, k: unknown) => {
          at = write(k, buf, at, depth + 1);
          at = write(v, buf, at, depth + 1);
        });
        return at;
      }
      if (value instanceof Double) return packFloat(value.value, buf, offset);
      if (value instanceof GeoJSON) return writeTypedString(PREFIX_GEOJSON, value.value, buf, offset);
      if (value instanceof HyperLogLog) return writeTypedBytes(PREFIX_HLL, value.bytes, buf, offset);
      if (value instanceof CdtSentinel) {
        buf[offset] = 0xd4;
        buf[offset + 1] = EXT_SENTINEL;
        buf[offset + 2] = value.code;
        return offset + 3;
      }
      if (value instanceof PackedMsgpack) {
        buf.set(value.bytes, offset);
        return offset + value.bytes.length;
      }
      if (!isPlainObject(value)) unsupported(value);
      if (depth >= MAX_MSGPACK_DEPTH) tooDeep();
      const keys = Object.keys(value).sort(compareKeys);
      offset = packMapHeader(keys.length + 1, buf, offset);
      buf[offset] = 0xc7;
      buf[offset + 1] = 0;
      buf[offset + 2] = MAP_K_ORDERED;
      buf[offset + 3] = 0xc0;
      offset += 4;
      for (const k of keys) {
        offset = writeTypedString(PREFIX_STRING, k, buf, offset);
        offset = write((value as Record<string, unknown>)[k], buf, offset, depth + 1);
      }
      return offset;
    }
    default:
      return unsupported(value);
  }
}

/**
 * Exact number of bytes {@link pack} writes for `value`.
 *
 * Encoding rules:
 * - integral numbers and bigints: the smallest msgpack integer; non-integral
 *   numbers, NaN, ±Infinity and {@link Double}: float64;
 * - strings, blobs (`Buffer`/`Uint8Array`), {@link GeoJSON} and
 *   {@link HyperLogLog}: `str` with particle-type prefix 0x03, 0x04, 0x17, 0x12;
 * - `null` and `undefined`: nil; booleans: true/false;
 * - arrays: lists; a `Map`: an unordered map with its entries in iteration
 *   order; a plain object: a key-ordered map (the `c7 00 01` / nil marker
 *   pair first, then the keys in code-point order), as the official Node.js
 *   client sends objects;
 * - {@link WILDCARD} / {@link INFINITY}: ext `d4 ff 00` / `d4 ff 01`.
 *
 * @param bin - the bin the value is for, named in errors.
 * @throws {@link InvalidArgumentError} for values with no encoding (functions,
 *   symbols, class instances, integers outside [-2^63, 2^64 - 1]), strings
 *   that are not well-formed UTF-16, `Map` keys other than strings, numbers,
 *   bigints and bytes ({@link MapKey}), and nesting deeper than
 *   {@link MAX_MSGPACK_DEPTH}. The message says where in the value the
 *   problem is, e.g. `bin "tags" at [2]["name"]: …`.
 */
export function packedSize(value: CdtValue, bin?: string): number {
  return measure(value, bin);
}

/**
 * Writes `value` at `offset` in `buf`, which must have at least
 * {@link packedSize}`(value)` bytes from `offset` on.
 * @returns the offset after the value.
 * @throws {@link InvalidArgumentError} as {@link packedSize} does.
 */
export function pack(value: CdtValue, buf: Buffer, offset: number): number {
  return write(value, buf, offset, 0);
}

/** Encodes `value` into a new Buffer of exactly the right size. */
export function packToBuffer(value: CdtValue): Buffer {
  const buf = Buffer.allocUnsafe(measure(value, undefined));
  const end = write(value, buf, 0, 0);
  // Cannot happen unless sizeOf and write disagree; a short buffer would leak old memory.
  if (end !== buf.length) throw new Error(`msgpack size mismatch: computed ${buf.length}, wrote ${end}`);
  return buf;
}

// ---------------------------------------------------------------------------
// Decoding

/** Options of {@link unpack}, {@link unpackCdt} and {@link MsgpackReader}. */
export interface UnpackOptions {
  /**
   * How maps are returned. `'auto'` (the default): a plain object when every
   * key is a string, else a `Map`. `'map'`: always a `Map`, so that key
   * types and entry order survive exactly.
   */
  maps?: 'auto' | 'map';
  /**
   * How `str` payloads are read. `'particle'` (the default): the first byte
   * is a particle type (0x03 text, 0x04 blob, 0x17 GeoJSON, 0x12 HLL).
   * `'raw'`: the whole payload is UTF-8 text, as in expression bin names.
   */
  strings?: 'particle' | 'raw';
}

/** Result of {@link unpack}: the value and the offset just after it. */
export interface UnpackResult<T = BinValue> {
  value: T;
  offset: number;
}

/**
 * Decodes one msgpack value at a time from `buf[offset, end)`.
 *
 * Every read is checked against `end`; truncated or malformed input throws
 * {@link ProtocolError}, never a RangeError, and no length field is trusted
 * for an allocation before it has been checked against the bytes that remain.
 *
 * Decoding choices:
 * - integers: a number when it is a safe integer, else a bigint; floats
 *   (float32 and float64): numbers;
 * - `str`: by its particle-type prefix (see {@link UnpackOptions.strings});
 *   blobs and other particle types (language blobs…) come back as a copied
 *   Buffer of the bytes after the prefix, HLL as {@link HyperLogLog}, GeoJSON
 *   as {@link GeoJSON}; an empty `str` as `''`. msgpack `bin` is a Buffer;
 * - the order marker that starts an ordered list, or the marker/value pair
 *   that starts an ordered map, is dropped and not counted;
 * - maps: see {@link UnpackOptions.maps}. A plain object result has the
 *   normal prototype; a `"__proto__"` key becomes an own property and never
 *   changes the prototype. Later duplicates of a key overwrite earlier ones.
 *   If a non-string key appears after some string keys, the entries read so
 *   far move to a `Map` in object order, so integer-like string keys among
 *   them come first;
 * - the sentinel ext values: {@link WILDCARD} / {@link INFINITY} when
 *   `sentinels` is set, else a ProtocolError, as is any other ext value.
 */
export class MsgpackReader {
  /** Offset of the next byte to read. */
  offset: number;
  /** Offset just past the last byte that may be read. */
  readonly end: number;
  private readonly buf: Buffer;
  private readonly mapsAsMap: boolean;
  private readonly rawStrings: boolean;
  private readonly sentinels: boolean;
  private extType = -1;
  private extLength = 0;

  /**
   * @param buf - the bytes; a Uint8Array is viewed, not copied.
   * @param offset - where the first value starts.
   * @param end - offset just past the last byte that belongs to the input.
   * @param options - see {@link UnpackOptions}.
   * @param sentinels - accept the CDT sentinel ext values (client-sent CDT arguments).
   * @throws {@link ProtocolError} when `offset`/`end` are not within `buf`.
   */
  constructor(buf: Uint8Array, offset: number, end: number, options?: UnpackOptions, sentinels = false) {
    if (
      !Number.isInteger(offset) ||
      !Number.isInteger(end) ||
      offset < 0 ||
      end < offset ||
      end > buf.length
    ) {
      throw protocolError(WHAT, `range [${offset}, ${end}) is outside a buffer of ${buf.length} bytes`);
    }
    this.buf = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    this.offset = offset;
    this.end = end;
    this.mapsAsMap = options?.maps === 'map';
    this.rawStrings = options?.strings === 'raw';
    this.sentinels = sentinels;
  }

  /** Bytes left before {@link MsgpackReader.end}. */
  get remaining(): number {
    return this.end - this.offset;
  }

  /** Reads the next value. */
  readValue(): CdtValue {
    return this.value(0);
  }

  /**
   * Reads a list header and returns its element count. The count includes
   * an order marker if the list has one; {@link MsgpackReader.readValue}
   * reads whole lists without it.
   */
  readArrayHeader(): number {
    const b = this.byte();
    if ((b & 0xf0) === 0x90) return b & 0x0f;
    if (b === 0xdc) return this.u16();
    if (b === 0xdd) return this.u32();
    this.offset--;
    throw this.fail(`expected a list, found type byte 0x${hex(b)}`);
  }

  /**
   * Reads a map header and returns its pair count, including an order
   * marker pair if the map has one.
   */
  readMapHeader(): number {
    const b = this.byte();
    if ((b & 0xf0) === 0x80) return b & 0x0f;
    if (b === 0xde) return this.u16();
    if (b === 0xdf) return this.u32();
    this.offset--;
    throw this.fail(`expected a map, found type byte 0x${hex(b)}`);
  }

  /** Skips the next value without building it. */
  skipValue(): void {
    // A counter of values still to skip replaces recursion, so no depth limit is needed.
    let pending = 1;
    while (pending > 0) {
      pending--;
      const b = this.byte();
      if (b <= 0x7f || b >= 0xe0) continue;
      if (b <= 0x8f) {
        pending += 2 * (b & 0x0f);
        continue;
      }
      if (b <= 0x9f) {
        pending += b & 0x0f;
        continue;
      }
      if (b <= 0xbf) {
        this.skip(b & 0x1f);
        continue;
      }
      switch (b) {
        case 0xc0:
        case 0xc2:
        case 0xc3:
          break;
        case 0xc4:
        case 0xd9:
          this.skip(this.byte());
          break;
        case 0xc5:
        case 0xda:
          this.skip(this.u16());
          break;
        case 0xc6:
        case 0xdb:
          this.skip(this.u32());
          break;
        case 0xc7:
        case 0xc8:
        case 0xc9:
        case 0xd4:
        case 0xd5:
        case 0xd6:
        case 0xd7:
        case 0xd8:
          this.offset--;
          this.extHeader();
          this.skip(this.extLength);
          break;
        case 0xca:
        case 0xce:
        case 0xd2:
          this.skip(4);
          break;
        case 0xcb:
        case 0xcf:
        case 0xd3:
          this.skip(8);
          break;
        case 0xcc:
        case 0xd0:
          this.skip(1);
          break;
        case 0xcd:
        case 0xd1:
          this.skip(2);
          break;
        case 0xdc:
          pending += this.count(this.u16(), 1);
          break;
        case 0xdd:
          pending += this.count(this.u32(), 1);
          break;
        case 0xde:
          pending += 2 * this.count(this.u16(), 2);
          break;
        case 0xdf:
          pending += 2 * this.count(this.u32(), 2);
          break;
        default:
          this.offset--;
          throw this.fail(`invalid type byte 0x${hex(b)}`);
      }
    }
  }

  private fail(problem: string): ProtocolError {
    return protocolError(WHAT, `${problem} at offset ${this.offset}`);
  }

  private need(n: number): void {
    if (this.end - this.offset < n) {
      throw this.fail(`needs ${n} more byte${n === 1 ? '' : 's'}, ${this.end - this.offset} left`);
    }
  }

  private skip(n: number): void {
    this.need(n);
    this.offset += n;
  }

  private byte(): number {
    if (this.offset >= this.end) throw this.fail('truncated');
    return this.buf[this.offset++]!;
  }

  private u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  private u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  /** Rejects element counts that the remaining bytes cannot hold, before anything is allocated. */
  private count(n: number, minBytesEach: number): number {
    if (n * minBytesEach > this.end - this.offset) {
      throw this.fail(`count ${n} exceeds the ${this.end - this.offset} bytes left`);
    }
    return n;
  }

  /** Reads an ext header at the current offset into extType/extLength; leaves the offset at the data. */
  private extHeader(): void {
    const b = this.byte();
    let length: number;
    switch (b) {
      case 0xd4:
        length = 1;
        break;
      case 0xd5:
        length = 2;
        break;
      case 0xd6:
        length = 4;
        break;
      case 0xd7:
        length = 8;
        break;
      case 0xd8:
        length = 16;
        break;
      case 0xc7:
        length = this.byte();
        break;
      case 0xc8:
        length = this.u16();
        break;
      case 0xc9:
        length = this.u32();
        break;
      default:
        this.offset--;
        throw this.fail(`expected an ext value, found type byte 0x${hex(b)}`);
    }
    this.extType = this.byte();
    this.need(length);
    this.extLength = length;
  }

  /**
   * True when the next value is an ext that marks list or map order. The
   * server writes `c7 00 <flags>`; any ext that is not a sentinel is taken
   * as a marker, since an ext has no other meaning at the start of a
   * container.
   */
  private atOrderMarker(): boolean {
    const at = this.offset;
    if (at >= this.end) return false;
    let typeAt: number;
    switch (this.buf[at]) {
      case 0xd4:
      case 0xd5:
      case 0xd6:
      case 0xd7:
      case 0xd8:
        typeAt = at + 1;
        break;
      case 0xc7:
        typeAt = at + 2;
        break;
      case 0xc8:
        typeAt = at + 3;
        break;
      case 0xc9:
        typeAt = at + 5;
        break;
      default:
        return false;
    }
    return typeAt < this.end && this.buf[typeAt] !== EXT_SENTINEL;
  }

  private ext(): CdtSentinel {
    this.offset--;
    const start = this.offset;
    this.extHeader();
    if (this.extType === EXT_SENTINEL && this.extLength === 1) {
      const code = this.buf[this.offset]!;
      if (code === 0 || code === 1) {
        if (!this.sentinels) {
          this.offset = start;
          throw this.fail('CDT sentinel (wildcard/infinity) where a stored value was expected');
        }
        this.offset++;
        return code === 0 ? WILDCARD : INFINITY;
      }
    }
    this.offset = start;
    throw this.fail(`unexpected ext value of type ${this.extType} and length ${this.extLength}`);
  }

  private str(length: number): BinValue {
    this.need(length);
    const buf = this.buf;
    const start = this.offset;
    const end = start + length;
    this.offset = end;
    if (length === 0) return '';
    if (this.rawStrings) return utf8(buf, start, end);
    switch (buf[start]) {
      case PREFIX_STRING:
        return utf8(buf, start + 1, end);
      case PREFIX_GEOJSON:
        return new GeoJSON(utf8(buf, start + 1, end));
      case PREFIX_HLL:
        return new HyperLogLog(copy(buf, start + 1, end));
      default:
        // BLOB and the language blobs some clients wrote (Java, Python…).
        return copy(buf, start + 1, end);
    }
  }

  private bin(length: number): Buffer {
    this.need(length);
    const start = this.offset;
    this.offset += length;
    return copy(this.buf, start, start + length);
  }

  private array(n: number, depth: number): CdtValue[] {
    if (depth >= MAX_MSGPACK_DEPTH) throw this.fail(`lists and maps nested deeper than ${MAX_MSGPACK_DEPTH} levels`);
    this.count(n, 1);
    if (n > 0 && this.atOrderMarker()) {
      this.extHeader();
      this.offset += this.extLength;
      n--;
    }
    const out = new Array<CdtValue>(n);
    for (let i = 0; i < n; i++) out[i] = this.value(depth + 1);
    return out;
  }

  private map(n: number, depth: number): CdtValue {
    if (depth >= MAX_MSGPACK_DEPTH) throw this.fail(`lists and maps nested deeper than ${MAX_MSGPACK_DEPTH} levels`);
    this.count(n, 2);
    let i = 0;
    if (n > 0 && this.atOrderMarker()) {
      this.extHeader();
      this.offset += this.extLength;
      this.skipValue();
      i = 1;
    }
    if (this.mapsAsMap) {
      // Keys are whatever the input holds; MapKey is what well-formed data holds.
      const map = new Map<MapKey, CdtValue>();
      for (; i < n; i++) {
        const k = this.value(depth + 1) as MapKey;
        map.set(k, this.value(depth + 1));
      }
      return map;
    }
    const obj: Record<string, CdtValue> = {};
    for (; i < n; i++) {
      const k = this.value(depth + 1);
      if (typeof k !== 'string') {
        const map = new Map<MapKey, CdtValue>(Object.entries(obj));
        map.set(k as MapKey, this.value(depth + 1));
        for (i++; i < n; i++) {
          const k2 = this.value(depth + 1) as MapKey;
          map.set(k2, this.value(depth + 1));
        }
        return map;
      }
      const v = this.value(depth + 1);
      if (k === '__proto__') {
        Object.defineProperty(obj, k, { value: v, writable: true, enumerable: true, configurable: true });
      } else {
        obj[k] = v;
      }
    }
    return obj;
  }

  private value(depth: number): CdtValue {
    const buf = this.buf;
    const b = this.byte();
    if (b <= 0x7f) return b;
    if (b >= 0xe0) return b - 0x100;
    if (b <= 0x8f) return this.map(b & 0x0f, depth);
    if (b <= 0x9f) return this.array(b & 0x0f, depth);
    if (b <= 0xbf) return this.str(b & 0x1f);
    let v: number;
    switch (b) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
        return this.bin(this.byte());
      case 0xc5:
        return this.bin(this.u16());
      case 0xc6:
        return this.bin(this.u32());
      case 0xc7:
      case 0xc8:
      case 0xc9:
      case 0xd4:
      case 0xd5:
      case 0xd6:
      case 0xd7:
      case 0xd8:
        return this.ext();
      case 0xca:
        this.need(4);
        v = buf.readFloatBE(this.offset);
        this.offset += 4;
        return v;
      case 0xcb:
        this.need(8);
        v = buf.readDoubleBE(this.offset);
        this.offset += 8;
        return v;
      case 0xcc:
        return this.byte();
      case 0xcd:
        return this.u16();
      case 0xce:
        return this.u32();
      case 0xcf: {
        this.need(8);
        const high = buf.readUInt32BE(this.offset);
        if (high < 0x20_0000) {
          v = high * TWO_32 + buf.readUInt32BE(this.offset + 4);
          this.offset += 8;
          return v;
        }
        const big = buf.readBigUInt64BE(this.offset);
        this.offset += 8;
        return big;
      }
      case 0xd0:
        this.need(1);
        return buf.readInt8(this.offset++);
      case 0xd1:
        this.need(2);
        v = buf.readInt16BE(this.offset);
        this.offset += 2;
        return v;
      case 0xd2:
        this.need(4);
        v = buf.readInt32BE(this.offset);
        this.offset += 4;
        return v;
      case 0xd3: {
        this.need(8);
        const high = buf.readInt32BE(this.offset);
        const low = buf.readUInt32BE(this.offset + 4);
        // Safe integers are (-2^53, 2^53): high word in [-2^21, 2^21), minus -2^53 itself.
        if (high < 0x20_0000 && (high > -0x20_0000 || (high === -0x20_0000 && low !== 0))) {
          this.offset += 8;
          return high * TWO_32 + low;
        }
        const big = buf.readBigInt64BE(this.offset);
        this.offset += 8;
        return big;
      }
      case 0xd9:
        return this.str(this.byte());
      case 0xda:
        return this.str(this.u16());
      case 0xdb:
        return this.str(this.u32());
      case 0xdc:
        return this.array(this.u16(), depth);
      case 0xdd:
        return this.array(this.u32(), depth);
      case 0xde:
        return this.map(this.u16(), depth);
      case 0xdf:
        return this.map(this.u32(), depth);
      default:
        // 0xc1 is the one byte msgpack leaves unused.
        this.offset--;
        throw this.fail(`invalid type byte 0x${hex(b)}`);
    }
  }
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}

function copy(buf: Buffer, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(end - start);
  buf.copy(out, 0, start, end);
  return out;
}

/** Short ASCII strings (map keys, mostly) decode faster in JavaScript than through the native decoder. */
function utf8(buf: Buffer, start: number, end: number): string {
  if (end - start <= 16) {
    let s = '';
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      if (c >= 0x80) return buf.toString('utf8', start, end);
      s += String.fromCharCode(c);
    }
    return s;
  }
  return buf.toString('utf8', start, end);
}

/**
 * Decodes the msgpack value at `buf[offset, end)`: a list or map particle,
 * or a CDT/UDF result. Bytes after the value are left alone; compare the
 * returned offset with `end` to reject trailing data.
 *
 * See {@link MsgpackReader} for how each msgpack type is returned. The CDT
 * sentinel ext values are rejected here, since stored values never contain
 * them; use {@link unpackCdt} for client-sent CDT arguments.
 *
 * @throws {@link ProtocolError} on truncated or malformed input, nesting
 *   deeper than {@link MAX_MSGPACK_DEPTH}, or an unexpected ext value.
 */
export function unpack(buf: Uint8Array, offset: number, end: number, options?: UnpackOptions): UnpackResult<BinValue> {
  const reader = new MsgpackReader(buf, offset, end, options, false);
  const value = reader.readValue() as BinValue;
  return { value, offset: reader.offset };
}

/**
 * As {@link unpack}, but also accepts the CDT range sentinels, returned as
 * {@link WILDCARD} and {@link INFINITY}: for reading operation arguments as
 * a client sends them (e.g. in a test server).
 *
 * @throws {@link ProtocolError} as {@link unpack} does.
 */
export function unpackCdt(buf: Uint8Array, offset: number, end: number, options?: UnpackOptions): UnpackResult<CdtValue> {
  const reader = new MsgpackReader(buf, offset, end, options, true);
  const value = reader.readValue();
  return { value, offset: reader.offset };
}
