/**
 * Value expressions: constants of each type.
 *
 * @packageDocumentation
 */

import { invalidArgument } from '../errors.js';
import { type CdtValue, Double, GeoJSON, INFINITY, type MapKey, WILDCARD } from '../values.js';
import { ExpOp, ExpType } from '../wire/cdt/exp.js';
import { isWellFormed } from '../wire/utf16.js';
import {
  type BlobExp,
  type BoolExp,
  type Exp,
  type ExpSentinel,
  type FloatExp,
  type GeoExp,
  type IntExp,
  type ListExp,
  type MapExp,
  type NilExp,
  type StringExp,
  T_SENTINEL,
  T_UNKNOWN,
  type UnknownExp,
  ListNode,
  ValueNode,
  describe,
  op,
  part,
  valueNode,
} from './exp.js';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/**
 * A boolean constant.
 * @example `exp.eq(exp.binBool('active'), exp.bool(true))`
 */
export function bool(value: boolean): BoolExp {
  if (typeof value !== 'boolean') throw invalidArgument('exp.bool', `value must be a boolean, got ${describe(value)}`);
  return new ValueNode(ExpType.BOOL, value, 1);
}

/**
 * A signed 64-bit integer constant. Numbers must be safe integers; larger
 * values are given as bigints.
 * @example `exp.gt(exp.binInt('age'), exp.int(21))`
 */
export function int(value: number | bigint): IntExp {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw invalidArgument('exp.int', `value must be a safe integer (or a bigint), got ${describe(value)}`);
  } else if (typeof value === 'bigint') {
    if (value < INT64_MIN || value > INT64_MAX) throw invalidArgument('exp.int', `${value} does not fit in a signed 64-bit integer; use exp.uint`);
  } else {
    throw invalidArgument('exp.int', `value must be a number or a bigint, got ${describe(value)}`);
  }
  return valueNode('exp.int', 'value', ExpType.INT, value);
}

/**
 * An unsigned 64-bit integer constant (up to 2^64 - 1). The server reads
 * integers as signed, so values of 2^63 and above compare as negative.
 * @example `exp.eq(exp.binInt('mask'), exp.uint(0xffff_ffff_ffff_ffffn))`
 */
export function uint(value: number | bigint): IntExp {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw invalidArgument('exp.uint', `value must be a non-negative safe integer (or a bigint), got ${describe(value)}`);
  } else if (typeof value === 'bigint') {
    if (value < 0n || value > UINT64_MAX) throw invalidArgument('exp.uint', `${value} does not fit in an unsigned 64-bit integer`);
  } else {
    throw invalidArgument('exp.uint', `value must be a number or a bigint, got ${describe(value)}`);
  }
  return valueNode('exp.uint', 'value', ExpType.INT, value);
}

/**
 * A 64-bit float constant; integral values are still floats (`exp.float(2)`
 * is 2.0, which does not compare with the integer 2).
 * @example `exp.lt(exp.binFloat('ratio'), exp.float(0.5))`
 */
export function float(value: number): FloatExp {
  if (typeof value !== 'number') throw invalidArgument('exp.float', `value must be a number, got ${describe(value)}`);
  return new ValueNode(ExpType.FLOAT, new Double(value), 9);
}

/**
 * A string constant.
 * @example `exp.eq(exp.binStr('country'), exp.str('NZ'))`
 */
export function str(value: string): StringExp {
  if (typeof value !== 'string') throw invalidArgument('exp.str', `value must be a string, got ${describe(value)}`);
  return valueNode('exp.str', 'value', ExpType.STRING, value);
}

/**
 * A blob constant.
 * @example `exp.eq(exp.binBlob('token'), exp.bytes(Buffer.from('abc')))`
 */
export function bytes(value: Uint8Array): BlobExp {
  if (!(value instanceof Uint8Array)) throw invalidArgument('exp.bytes', `value must be a Buffer or Uint8Array, got ${describe(value)}`);
  return valueNode('exp.bytes', 'value', ExpType.BLOB, value);
}

/**
 * A GeoJSON constant, from its text, an object, or a {@link GeoJSON}.
 * @example `exp.cmpGeo(exp.binGeo('loc'), exp.geo({ type: 'AeroCircle', coordinates: [[-122.0, 37.5], 50000] }))`
 */
export function geo(value: string | object | GeoJSON): GeoExp {
  if (!(value instanceof GeoJSON)) {
    if (typeof value !== 'string' && (typeof value !== 'object' || value === null)) {
      throw invalidArgument('exp.geo', `value must be GeoJSON text, an object or a GeoJSON, got ${describe(value)}`);
    }
    try {
      value = new GeoJSON(value);
    } catch (err) {
      throw invalidArgument('exp.geo', (err as Error).message);
    }
  }
  const text = (value as GeoJSON).value;
  if (!isWellFormed(text)) throw invalidArgument('exp.geo', 'GeoJSON text is not well-formed UTF-16');
  try {
    JSON.parse(text);
  } catch {
    throw invalidArgument('exp.geo', `GeoJSON text is not JSON: ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`);
  }
  return valueNode('exp.geo', 'value', ExpType.GEO, value as GeoJSON);
}

/**
 * A list constant. It travels quoted (`[126, list]`), so that the server
 * reads it as a value and not as an expression.
 * @example `exp.inList(exp.binStr('color'), exp.list(['red', 'green']))`
 */
export function list(value: readonly CdtValue[]): ListExp {
  if (!Array.isArray(value)) throw invalidArgument('exp.list', `value must be an array, got ${describe(value)}`);
  return op(ExpType.LIST, ExpOp.QUOTED, valueNode('exp.list', 'value', ExpType.LIST, value as CdtValue[]));
}

/**
 * A map constant: a `Map` (unordered, entries in insertion order) or a
 * plain object (key-ordered, as the official Node.js client sends objects).
 * @example `exp.eq(exp.binMap('prefs'), exp.map({ theme: 'dark' }))`
 */
export function map(value: ReadonlyMap<MapKey, CdtValue> | { readonly [key: string]: CdtValue }): MapExp {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) {
    throw invalidArgument('exp.map', `value must be a Map or a plain object, got ${describe(value)}`);
  }
  return valueNode('exp.map', 'value', ExpType.MAP, value as CdtValue);
}

/**
 * The nil constant.
 * @example `exp.eq(exp.lists.getByIndex(exp.binList('l'), 0, ExpType.NIL, CdtReturnType.VALUE), exp.nil())`
 */
export function nil(): NilExp {
  return new ValueNode(ExpType.NIL, null, 1);
}

/**
 * Infinity: greater than every value, the open end of a list or map range.
 * Only meaningful as an argument of `exp.lists` / `exp.maps` functions.
 * @example `exp.lists.getByValueRange(exp.binList('l'), exp.int(10), exp.inf(), CdtReturnType.COUNT)`
 */
export function inf(): Exp<ExpSentinel> {
  return new ValueNode(T_SENTINEL, INFINITY, 3);
}

/**
 * Wildcard: matches any value in a list or map value comparison, e.g. the
 * second element of `[ 'a', wildcard ]`. Only meaningful as an argument of
 * `exp.lists` / `exp.maps` functions.
 * @example `exp.lists.getByValue(exp.binList('l'), exp.wildcard(), CdtReturnType.COUNT)`
 */
export function wildcard(): Exp<ExpSentinel> {
  return new ValueNode(T_SENTINEL, WILDCARD, 3);
}

/**
 * "Unknown": evaluating it fails the expression (a filter then excludes the
 * record; an operation fails unless its flags include `EVAL_NO_FAIL`). It
 * fits any branch of {@link cond} and any boolean argument.
 * @example `exp.cond(exp.binExists('a'), exp.binInt('a'), exp.unknown())`
 */
export function unknown(): UnknownExp {
  return new ListNode(T_UNKNOWN, [part(ExpOp.UNKNOWN)]) as unknown as UnknownExp;
}
