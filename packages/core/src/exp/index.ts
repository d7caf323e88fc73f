/**
 * Filter expressions and expression operations.
 *
 * ```ts
 * import { exp, expOps } from '@aerospike-ts/core';
 *
 * // records whose "age" bin is at least 18
 * await client.get(key, { filterExpression: exp.ge(exp.binInt('age'), exp.int(18)) });
 *
 * // compute a value on the server
 * await client.operate(key, [expOps.read('total', exp.add(exp.binInt('a'), exp.binInt('b')))]);
 * ```
 *
 * @packageDocumentation
 */

import { ExpReadFlags, ExpType, ExpWriteFlags, LoopVarPart, PathSelectFlags, RegexFlags } from '../wire/cdt/exp.js';
import { abs, add, ceil, div, floor, intAnd, intArshift, intCount, intLscan, intLshift, intNot, intOr, intRscan, intRshift, intXor, log, max, min, mod, mul, pow, sub, toFloat, toInt } from './arithmetic.js';
import { bit } from './bits.js';
import { expressionFromBase64, expressionFromBytes, expressionToBase64 } from './exp.js';
import { hll } from './hll.js';
import { lists } from './lists.js';
import { and, cmpGeo, cmpRegex, cond, def, eq, exclusive, ge, gt, inList, le, letExp, lt, ne, not, or, varExp } from './logic.js';
import { maps } from './maps.js';
import { expOps } from './operations.js';
import {
  PathModifyFlags,
  loopVarBlob,
  loopVarBool,
  loopVarFloat,
  loopVarGeoJSON,
  loopVarHLL,
  loopVarInt,
  loopVarList,
  loopVarMap,
  loopVarNil,
  loopVarStr,
  mapKeys,
  mapValues,
  modifyByPath,
  removeResult,
  selectByPath,
} from './path.js';
import {
  binBlob,
  binBool,
  binExists,
  binFloat,
  binGeo,
  binHll,
  binInt,
  binList,
  binMap,
  binStr,
  binType,
  deviceSize,
  digestModulo,
  isTombstone,
  keyBlob,
  keyExists,
  keyInt,
  keyStr,
  lastUpdate,
  memorySize,
  recordSize,
  setName,
  sinceUpdate,
  ttl,
  voidTime,
} from './record.js';
import { bool, bytes, float, geo, inf, int, list, map, nil, str, uint, unknown, wildcard } from './values.js';

/** {@link ExpType} plus the official Node.js client's names `STR` and `GEOJSON`. */
const EXP_TYPE = Object.freeze({ ...ExpType, STR: ExpType.STRING, GEOJSON: ExpType.GEO } as const);
/** {@link PathSelectFlags} plus the official Node.js client's names. */
const PATH_SELECT_FLAGS = Object.freeze({
  ...PathSelectFlags,
  VALUE: PathSelectFlags.VALUES,
  LIST_VALUE: PathSelectFlags.VALUES,
  MAP_VALUE: PathSelectFlags.VALUES,
  MAP_KEY: PathSelectFlags.MAP_KEYS,
  MAP_KEY_VALUE: PathSelectFlags.MAP_KEY_VALUES,
} as const);
/** {@link LoopVarPart} plus the official Node.js client's names `KEY` and `INDEX`. */
const LOOP_VAR_PART = Object.freeze({ ...LoopVarPart, KEY: LoopVarPart.MAP_KEY, INDEX: LoopVarPart.LIST_INDEX } as const);

/**
 * The expression builders, in the names of the official Node.js client.
 * Every builder checks its arguments and throws `InvalidArgumentError`
 * (naming the builder and the argument) for input the server would refuse.
 *
 * @example
 * ```ts
 * const filter = exp.and(
 *   exp.eq(exp.binStr('country'), exp.str('NZ')),
 *   exp.gt(exp.lists.size(exp.binList('orders')), exp.int(2)),
 * );
 * ```
 */
export const exp = Object.freeze({
  // values
  bool,
  int,
  uint,
  float,
  str,
  bytes,
  geo,
  list,
  map,
  nil,
  inf,
  wildcard,
  unknown,
  // record key and metadata
  keyInt,
  keyStr,
  keyBlob,
  keyExists,
  /** Alias of {@link keyExists}, as the official Node.js client names it. */
  keyExist: keyExists,
  setName,
  recordSize,
  deviceSize,
  memorySize,
  lastUpdate,
  sinceUpdate,
  voidTime,
  ttl,
  isTombstone,
  digestModulo,
  // bins
  binInt,
  binFloat,
  binStr,
  binBlob,
  binBool,
  binGeo,
  binList,
  binMap,
  binHll,
  binType,
  binExists,
  // comparison and logic
  eq,
  ne,
  gt,
  ge,
  lt,
  le,
  cmpRegex,
  cmpGeo,
  inList,
  and,
  or,
  not,
  exclusive,
  // arithmetic
  add,
  sub,
  mul,
  div,
  pow,
  log,
  mod,
  abs,
  floor,
  ceil,
  toInt,
  toFloat,
  min,
  max,
  // integer bits
  intAnd,
  intOr,
  intXor,
  intNot,
  intLshift,
  intRshift,
  intArshift,
  intCount,
  intLscan,
  intRscan,
  // control
  cond,
  let: letExp,
  def,
  var: varExp,
  // server 8.1 paths
  selectByPath,
  modifyByPath,
  mapKeys,
  mapValues,
  removeResult,
  /** Alias of {@link removeResult}. */
  resultRemove: removeResult,
  loopVarNil,
  loopVarBool,
  loopVarInt,
  loopVarFloat,
  loopVarStr,
  loopVarBlob,
  loopVarList,
  loopVarMap,
  loopVarGeoJSON,
  loopVarHLL,
  // modules
  lists,
  maps,
  bit,
  hll,
  operations: expOps,
  // base64
  toBase64: expressionToBase64,
  fromBase64: expressionFromBase64,
  fromBytes: expressionFromBytes,
  // enums, with the official Node.js client's names as aliases
  type: EXP_TYPE,
  expReadFlags: ExpReadFlags,
  expWriteFlags: ExpWriteFlags,
  pathSelectFlags: PATH_SELECT_FLAGS,
  pathModifyFlags: PathModifyFlags,
  loopVarPart: LOOP_VAR_PART,
  regexFlags: RegexFlags,
});

export {
  type BlobExp,
  type BoolExp,
  type EXP_KIND,
  type Exp,
  type ExpAnyKind,
  type ExpBlob,
  type ExpBool,
  type ExpFloat,
  type ExpGeo,
  type ExpHll,
  type ExpInt,
  type ExpKind,
  type ExpKindOf,
  type ExpList,
  type ExpMap,
  type ExpNil,
  type ExpRemove,
  type ExpSentinel,
  type ExpString,
  type FloatExp,
  type GeoExp,
  type HllExp,
  type IntExp,
  type ListExp,
  type MapExp,
  type NilExp,
  type StringExp,
  type UnknownExp,
  expressionFromBase64,
  expressionFromBytes,
  expressionToBase64,
} from './exp.js';
export type { ExpNumber } from './arithmetic.js';
export type { ListMultiResult, ListSingleResult, MapMultiResult, MapSingleResult, ReturnTypeArg } from './cdt.js';
export type { CdtArgExp, ContainerExp, CtxArg, IntArg } from './lists.js';
export type { Branch, ExpComparable, ExpDef, LongCond } from './logic.js';
export { expOps } from './operations.js';
export { PathModifyFlags } from './path.js';
