/**
 * The memory cluster's model of a msgpack value inside a list, a map, an
 * operation argument or an expression. It is lossless: an integer stays an
 * integer and a float a float (2 and 2.0 differ), a string keeps its
 * particle-type prefix, a list or map keeps its order flags, and a map its
 * entry order, so that a value decoded and encoded again gives the bytes the
 * client sent.
 */

/** Particle-type prefixes of msgpack `str`/`bin` payloads. */
export const BytesType = {
  STRING: 0x03,
  BLOB: 0x04,
  HLL: 0x12,
  GEOJSON: 0x17,
} as const;

export type Value = NilValue | BoolValue | IntValue | FloatValue | BytesValue | ListValue | MapValue | ExtValue | WildcardValue | InfValue;

export interface NilValue {
  readonly kind: 'nil';
}
export interface BoolValue {
  readonly kind: 'bool';
  readonly v: boolean;
}
/** An integer: -2^63 .. 2^64-1 (msgpack carries unsigned 64-bit integers too). */
export interface IntValue {
  readonly kind: 'int';
  readonly v: bigint;
}
export interface FloatValue {
  readonly kind: 'float';
  readonly v: number;
}
/**
 * A string, blob, GeoJSON or HLL: `type` is the particle-type prefix (see
 * {@link BytesType}; -1 for a msgpack `str`/`bin` with no payload, which has
 * no prefix), `v` the payload after it. `bin` is true when it travelled as
 * msgpack `bin` rather than `str`.
 */
export interface BytesValue {
  readonly kind: 'bytes';
  readonly type: number;
  readonly v: Buffer;
  readonly bin?: boolean;
}
/** A list; `flags` is the order byte of its ext header (0: no header, unordered). */
export interface ListValue {
  readonly kind: 'list';
  readonly items: Value[];
  flags: number;
}
/** A map in stored order; `flags` is the order byte of its ext header (0: none, unordered). */
export interface MapValue {
  readonly kind: 'map';
  readonly entries: Array<[Value, Value]>;
  flags: number;
}
/** Any other msgpack ext value. */
export interface ExtValue {
  readonly kind: 'ext';
  readonly type: number;
  readonly data: Buffer;
}
/** The CDT wildcard (`d4 ff 00`): equal to anything in comparisons. */
export interface WildcardValue {
  readonly kind: 'wildcard';
}
/** The CDT infinity (`d4 ff 01`): greater than anything. */
export interface InfValue {
  readonly kind: 'inf';
}

export const NIL: NilValue = Object.freeze({ kind: 'nil' });
export const WILDCARD_VALUE: WildcardValue = Object.freeze({ kind: 'wildcard' });
export const INF_VALUE: InfValue = Object.freeze({ kind: 'inf' });

/** List order flag: ordered. */
export const LIST_ORDERED = 0x01;
/** List flag: unordered, but may be padded by an index beyond its end. */
export const LIST_UNORDERED_UNBOUND = 0x02;
/** Map order flags. */
export const MAP_K_ORDERED = 0x01;
export const MAP_KV_ORDERED = 0x03;
/** Container flag: the server keeps an index for it (stored, not semantic here). */
export const PERSIST_INDEX = 0x10;

export function int(v: bigint | number): IntValue {
  return { kind: 'int', v: typeof v === 'bigint' ? v : BigInt(v) };
}
export function float(v: number): FloatValue {
  return { kind: 'float', v };
}
export function bool(v: boolean): BoolValue {
  return { kind: 'bool', v };
}
export function str(v: string): BytesValue {
  return { kind: 'bytes', type: BytesType.STRING, v: Buffer.from(v, 'utf8') };
}
export function blob(v: Uint8Array, type: number = BytesType.BLOB): BytesValue {
  return { kind: 'bytes', type, v: Buffer.from(v) };
}
export function list(items: Value[], flags = 0): ListValue {
  return { kind: 'list', items, flags };
}
export function map(entries: Array<[Value, Value]>, flags = 0): MapValue {
  return { kind: 'map', entries, flags };
}

/** True for a list whose elements are kept sorted. */
export function isOrderedList(l: ListValue): boolean {
  return (l.flags & LIST_ORDERED) !== 0;
}
/** True for a map whose entries are kept in key order. */
export function isKeyOrderedMap(m: MapValue): boolean {
  return (m.flags & MAP_K_ORDERED) !== 0;
}
