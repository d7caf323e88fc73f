/**
 * Bins ⇄ values: a stored bin is a particle (type and bytes as the wire
 * carries them); operations and expressions work on {@link Value}s.
 */

import { ParticleType } from '@aerospike-ts/core/wire';
import type { StoredBin } from '../store.js';
import { decodeValue, encodeValue } from './codec.js';
import { BytesType, type Value } from './value.js';

/** The value a bin holds. GeoJSON bins give their JSON text as a GeoJSON bytes value. */
export function binToValue(bin: StoredBin): Value {
  switch (bin.type) {
    case ParticleType.NULL:
      return { kind: 'nil' };
    case ParticleType.INTEGER:
      return { kind: 'int', v: bin.data.readBigInt64BE(0) };
    case ParticleType.DOUBLE:
      return { kind: 'float', v: bin.data.readDoubleBE(0) };
    case ParticleType.BOOL:
      return { kind: 'bool', v: bin.data[0] !== 0 };
    case ParticleType.LIST:
    case ParticleType.MAP:
      return decodeValue(bin.data);
    case ParticleType.GEOJSON:
      return { kind: 'bytes', type: BytesType.GEOJSON, v: geoJsonText(bin.data) };
    default:
      // Strings, blobs of every language, HLL: the particle type is the msgpack prefix.
      return { kind: 'bytes', type: bin.type, v: bin.data };
  }
}

/**
 * The JSON text of a GeoJSON particle: the wire form is a flags byte, a
 * u16 count of cells, 8 bytes per cell, then the text.
 */
export function geoJsonText(data: Buffer): Buffer {
  if (data.length < 3) return data;
  const cells = data.readUInt16BE(1);
  return data.subarray(3 + cells * 8);
}

/** A GeoJSON particle for `text`, with no cells (as clients send it). */
export function geoJsonParticle(text: Buffer): Buffer {
  const out = Buffer.alloc(3 + text.length);
  text.copy(out, 3);
  return out;
}

/** The bin that stores `v`. */
export function valueToBin(v: Value): StoredBin {
  switch (v.kind) {
    case 'nil':
      return { type: ParticleType.NULL, data: Buffer.alloc(0) };
    case 'int': {
      const data = Buffer.allocUnsafe(8);
      data.writeBigInt64BE(BigInt.asIntN(64, v.v));
      return { type: ParticleType.INTEGER, data };
    }
    case 'float': {
      const data = Buffer.allocUnsafe(8);
      data.writeDoubleBE(v.v);
      return { type: ParticleType.DOUBLE, data };
    }
    case 'bool':
      return { type: ParticleType.BOOL, data: Buffer.from([v.v ? 1 : 0]) };
    case 'list':
      return { type: ParticleType.LIST, data: encodeValue(v) };
    case 'map':
      return { type: ParticleType.MAP, data: encodeValue(v) };
    case 'bytes':
      if (v.type === BytesType.GEOJSON) return { type: ParticleType.GEOJSON, data: geoJsonParticle(v.v) };
      return { type: v.type === -1 ? ParticleType.BLOB : v.type, data: v.v };
    default:
      return { type: ParticleType.BLOB, data: encodeValue(v) };
  }
}
