/**
 * Aerospike's total order over values, as the server compares msgpack:
 * first by type — nil < false < true < integers < strings < lists < maps <
 * blobs < floats < GeoJSON < other ext < wildcard < infinity — then within
 * the type: integers and floats numerically, strings/blobs/GeoJSON bytewise
 * then by length, lists element by element (a prefix is smaller), maps by
 * entry count and then entry by entry in stored order. A wildcard equals
 * anything it is compared with, and the comparison stops there: `[1, *]`
 * equals `[1, 2, 3]`.
 */

import { BytesType, type Value } from './value.js';

/** Rank of each kind of value in the cross-type order. */
function typeRank(v: Value): number {
  switch (v.kind) {
    case 'nil':
      return 0;
    case 'bool':
      return v.v ? 2 : 1;
    case 'int':
      return 3;
    case 'bytes':
      if (v.type === BytesType.STRING) return 4;
      if (v.type === BytesType.GEOJSON) return 9;
      return 7;
    case 'list':
      return 5;
    case 'map':
      return 6;
    case 'float':
      return 8;
    case 'ext':
      return 10;
    case 'wildcard':
      return 11;
    case 'inf':
      return 12;
  }
}

function sign(n: number): -1 | 0 | 1 {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** A wildcard was met: the server stops there and calls the values equal. */
const STOP = 2;

/** Compares `a` with `b`: negative, zero or positive, as the server orders them. */
export function compareValues(a: Value, b: Value): -1 | 0 | 1 {
  const c = compareFrom(a, b);
  return c === STOP ? 0 : c;
}

function compareFrom(a: Value, b: Value): -1 | 0 | 1 | typeof STOP {
  if (a.kind === 'wildcard' || b.kind === 'wildcard') return STOP;
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (a.kind) {
    case 'int': {
      const bv = (b as typeof a).v;
      return a.v < bv ? -1 : a.v > bv ? 1 : 0;
    }
    case 'float': {
      const bv = (b as typeof a).v;
      return a.v < bv ? -1 : a.v > bv ? 1 : 0;
    }
    case 'bytes':
      return sign(Buffer.compare(a.v, (b as typeof a).v));
    case 'ext':
      return sign(Buffer.compare(a.data, (b as typeof a).data));
    case 'list': {
      const bi = (b as typeof a).items;
      const n = Math.min(a.items.length, bi.length);
      for (let i = 0; i < n; i++) {
        const c = compareFrom(a.items[i]!, bi[i]!);
        if (c !== 0) return c;
      }
      return sign(a.items.length - bi.length);
    }
    case 'map': {
      const be = (b as typeof a).entries;
      if (a.entries.length !== be.length) return a.entries.length < be.length ? -1 : 1;
      for (let i = 0; i < a.entries.length; i++) {
        const [ak, av] = a.entries[i]!;
        const [bk, bv] = be[i]!;
        const ck = compareFrom(ak, bk);
        if (ck !== 0) return ck;
        const cv = compareFrom(av, bv);
        if (cv !== 0) return cv;
      }
      return 0;
    }
    default:
      return 0;
  }
}

/** True when `a` and `b` compare equal (a wildcard matches anything). */
export function valuesEqual(a: Value, b: Value): boolean {
  return compareValues(a, b) === 0;
}
