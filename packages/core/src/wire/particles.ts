/**
 * Particle types and the encoding of bin values as particles: the bytes that
 * follow an operation header, or a key field's type byte.
 */

import { InvalidArgumentError, protocolError } from '../errors.js';
import { ResultCode } from '../result-codes.js';
import { type BinValue, Double, GeoJSON, HyperLogLog } from '../values.js';
import { pack, packedSize, unpack } from './msgpack.js';
import { isWellFormed, loneSurrogateIndex } from './utf16.js';

/** Particle (value) types. */
export const ParticleType = {
  NULL: 0,
  INTEGER: 1,
  DOUBLE: 2,
  STRING: 3,
  BLOB: 4,
  JAVA_BLOB: 7,
  CSHARP_BLOB: 8,
  PYTHON_BLOB: 9,
  RUBY_BLOB: 10,
  PHP_BLOB: 11,
  ERLANG_BLOB: 12,
  BOOL: 17,
  HLL: 18,
  MAP: 19,
  LIST: 20,
  GEOJSON: 23,
} as const;
/** @see {@link ParticleType} */
export type ParticleType = (typeof ParticleType)[keyof typeof ParticleType];

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const TWO_63 = 2 ** 63;

/**
 * A value prepared for the wire: its particle type and byte size, computed
 * once so that the request can be sized before anything is written.
 */
export interface EncodedParticle {
  type: number;
  size: number;
}

function badValue(bin: string, problem: string): InvalidArgumentError {
  return new InvalidArgumentError(ResultCode.PARAMETER_ERROR, `bin "${bin}": ${problem}`);
}

function notWellFormed(bin: string, s: string): InvalidArgumentError {
  return badValue(bin, `string is not well-formed UTF-16 (lone surrogate at index ${loneSurrogateIndex(s)})`);
}

/**
 * Particle type of a bin value. `null` is NULL: written, it deletes the bin.
 * Throws {@link InvalidArgumentError} naming the bin for values that cannot
 * be stored (undefined, functions, symbols, out-of-range bigints and integral
 * numbers, strings with a lone surrogate).
 */
export function particleTypeOf(value: BinValue | undefined, bin: string): number {
  switch (typeof value) {
    case 'number':
      if (!Number.isInteger(value)) return ParticleType.DOUBLE;
      // An integral number outside int64 (1e300, 2 ** 64) has no integer particle; say so instead of a RangeError.
      if (value < -TWO_63 || value >= TWO_63) {
        throw badValue(bin, `${value} does not fit in a signed 64-bit integer; wrap it in Double to store it as a float`);
      }
      return ParticleType.INTEGER;
    case 'string':
      if (!isWellFormed(value)) throw notWellFormed(bin, value);
      return ParticleType.STRING;
    case 'boolean':
      return ParticleType.BOOL;
    case 'bigint':
      if (value < INT64_MIN || value > INT64_MAX) throw badValue(bin, `${value} does not fit in a signed 64-bit integer`);
      return ParticleType.INTEGER;
    case 'object':
      if (value === null) return ParticleType.NULL;
      if (value instanceof Uint8Array) return ParticleType.BLOB;
      if (Array.isArray(value)) return ParticleType.LIST;
      if (value instanceof Double) return ParticleType.DOUBLE;
      if (value instanceof GeoJSON) {
        if (!isWellFormed(value.value)) throw notWellFormed(bin, value.value);
        return ParticleType.GEOJSON;
      }
      if (value instanceof HyperLogLog) return ParticleType.HLL;
      return ParticleType.MAP;
    default:
      throw badValue(bin, `${typeof value} values cannot be stored; use null to delete a bin`);
  }
}

/**
 * Byte size of `value` encoded as a particle of type `type` (from
 * {@link particleTypeOf}). `bin`, when given, names the bin in errors about
 * values inside a list or map.
 */
export function particleSize(value: BinValue, type: number, bin?: string): number {
  switch (type) {
    case ParticleType.NULL:
      return 0;
    case ParticleType.INTEGER:
    case ParticleType.DOUBLE:
      return 8;
    case ParticleType.BOOL:
      return 1;
    case ParticleType.STRING:
      return Buffer.byteLength(value as string, 'utf8');
    case ParticleType.BLOB:
      return (value as Uint8Array).length;
    case ParticleType.HLL:
      return (value as HyperLogLog).bytes.length;
    case ParticleType.GEOJSON:
      // flags (1) + cell count (2) + the JSON text; requests carry no cells.
      return 3 + Buffer.byteLength((value as GeoJSON).value, 'utf8');
    default:
      return packedSize(value, bin);
  }
}

/** Writes `value` as a particle of type `type` at `offset`; returns the new offset. */
export function writeParticle(buf: Buffer, offset: number, value: BinValue, type: number): number {
  switch (type) {
    case ParticleType.NULL:
      return offset;
    case ParticleType.INTEGER:
      if (typeof value === 'bigint') buf.writeBigInt64BE(value, offset);
      else writeInt64(buf, offset, value as number);
      return offset + 8;
    case ParticleType.DOUBLE:
      buf.writeDoubleBE(value instanceof Double ? value.value : (value as number), offset);
      return offset + 8;
    case ParticleType.BOOL:
      buf[offset] = value ? 1 : 0;
      return offset + 1;
    case ParticleType.STRING:
      return offset + buf.write(value as string, offset, 'utf8');
    case ParticleType.BLOB:
      buf.set(value as Uint8Array, offset);
      return offset + (value as Uint8Array).length;
    case ParticleType.HLL: {
      const bytes = (value as HyperLogLog).bytes;
      buf.set(bytes, offset);
      return offset + bytes.length;
    }
    case ParticleType.GEOJSON:
      buf[offset] = 0;
      buf[offset + 1] = 0;
      buf[offset + 2] = 0;
      return offset + 3 + buf.write((value as GeoJSON).value, offset + 3, 'utf8');
    default:
      return pack(value, buf, offset);
  }
}

/**
 * Writes a safe integer as a big-endian int64 without going through BigInt,
 * which would allocate on every call.
 */
export function writeInt64(buf: Buffer, offset: number, value: number): void {
  const high = Math.floor(value / 0x1_0000_0000);
  buf.writeInt32BE(high, offset);
  buf.writeUInt32BE(value - high * 0x1_0000_0000, offset + 4);
}

/** Reads a big-endian int64: a number when it is a safe integer, else a bigint. */
export function readInt64(buf: Buffer, offset: number): number | bigint {
  const high = buf.readInt32BE(offset);
  const low = buf.readUInt32BE(offset + 4);
  // Safe integers are -(2^53 - 1)..2^53 - 1: high word within ±2^21, except -2^53 itself.
  if ((high > -0x20_0000 || (high === -0x20_0000 && low !== 0)) && high < 0x20_0000) return high * 0x1_0000_0000 + low;
  return buf.readBigInt64BE(offset);
}

/**
 * Decodes the particle in `buf[offset, end)`. Lists and maps are msgpack;
 * language-specific blobs come back as Buffers.
 */
export function readParticle(buf: Buffer, offset: number, end: number, type: number): BinValue {
  const size = end - offset;
  switch (type) {
    case ParticleType.NULL:
      return null;
    case ParticleType.INTEGER:
      if (size === 8) return readInt64(buf, offset);
      // Servers may send shorter big-endian integers in some replies.
      if (size >= 0 && size < 8) return readShortInt(buf, offset, size);
      throw protocolError('integer particle', `size ${size}`);
    case ParticleType.DOUBLE:
      if (size !== 8) throw protocolError('double particle', `size ${size}`);
      return buf.readDoubleBE(offset);
    case ParticleType.STRING:
      return buf.toString('utf8', offset, end);
    case ParticleType.BOOL:
      if (size !== 1) throw protocolError('bool particle', `size ${size}`);
      return buf[offset] !== 0;
    case ParticleType.GEOJSON: {
      if (size < 3) throw protocolError('geojson particle', `size ${size}`);
      const cells = buf.readUInt16BE(offset + 1);
      const text = offset + 3 + cells * 8;
      if (text > end) throw protocolError('geojson particle', `${cells} cells do not fit in ${size} bytes`);
      return new GeoJSON(buf.toString('utf8', text, end));
    }
    case ParticleType.HLL:
      return new HyperLogLog(Buffer.from(buf.subarray(offset, end)));
    case ParticleType.LIST:
    case ParticleType.MAP: {
      const r = unpack(buf, offset, end);
      if (r.offset !== end) throw protocolError(type === ParticleType.LIST ? 'list particle' : 'map particle', 'trailing bytes');
      return r.value;
    }
    default:
      // BLOB and the language blobs the official clients once wrote.
      return Buffer.from(buf.subarray(offset, end));
  }
}

function readShortInt(buf: Buffer, offset: number, size: number): number {
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + buf[offset + i]!;
  return v;
}
