/**
 * Map expressions (`exp.maps`): read and modify a map bin, a map value, or
 * a map nested in a list or map (with a context), inside an expression.
 * Modifications change a copy: the bin is only written by an
 * `expOps.write` of the result.
 *
 * @packageDocumentation
 */

import type { MapPolicy } from '../ops/map.js';
import { ExpType } from '../wire/cdt/exp.js';
import { CdtReturnType } from '../wire/cdt/list.js';
import { MapOp } from '../wire/cdt/map.js';
import {
  type MapMultiResult,
  type ReturnTypeArg,
  type MapSingleResult,
  cdtCall,
  checkReturnType,
  containerBin,
  ctxArg,
  indexArg,
  listArg,
  mapAttributeParts,
  mapPut,
  modifyType,
  multiType,
  returnTypePart,
  singleType,
  storedValueArg,
  valueArg,
} from './cdt.js';
import { type Exp, type ExpKind, type ExpList, type ExpMap, type ExpNode, type IntExp, type ListExp, type ListNode, type MapExp, typed } from './exp.js';
import type { CdtArgExp, ContainerExp, CtxArg, IntArg } from './lists.js';

const PREFIX = 'exp.maps.';

function read(
  name: string,
  opcode: number,
  bin: unknown,
  returnType: unknown,
  valueType: { readonly valueType: unknown } | undefined,
  ctx: CtxArg,
  params: (fn: string) => ExpNode[],
): ListNode {
  const fn = PREFIX + name;
  const c = ctxArg(fn, ctx);
  const b = containerBin(fn, 'map', bin, c);
  const rt = checkReturnType(fn, 'map', returnType, false);
  const type = valueType === undefined ? multiType(rt) : singleType(fn, rt, valueType.valueType);
  return cdtCall(type, false, opcode, [returnTypePart(rt), ...params(fn)], b, c);
}

function modify(name: string, opcode: number, bin: unknown, ctx: CtxArg, params: (fn: string) => ExpNode[]): ListNode {
  const fn = PREFIX + name;
  const c = ctxArg(fn, ctx);
  const b = containerBin(fn, 'map', bin, c);
  return cdtCall(modifyType('map', b, c), true, opcode, params(fn), b, c);
}

function remove(name: string, opcode: number, bin: unknown, ctx: CtxArg, returnType: unknown, params: (fn: string) => ExpNode[]): ListNode {
  return modify(name, opcode, bin, ctx, (fn) => [returnTypePart(checkReturnType(fn, 'map', returnType, true)), ...params(fn)]);
}

/**
 * Map expressions. Reads return what `returnType` selects
 * ({@link CdtReturnType}); modifications return the whole modified bin
 * (a map, or the list that holds the map when `ctx` starts in a list).
 * @example `exp.eq(exp.maps.getByKey(exp.binMap('prefs'), exp.str('theme'), ExpType.STRING, CdtReturnType.VALUE), exp.str('dark'))`
 */
export const maps = {
  /**
   * Puts `value` under `key`. Without a policy the server's defaults apply;
   * with one, its `order` (and `persistIndex`) for a map the put creates and
   * its `writeFlags` are sent, or its older `writeMode` picks replace
   * (update-only) or add (create-only), as for `maps.put` operations.
   * @example `expOps.write('m', exp.maps.put(exp.binMap('m'), exp.str('visits'), exp.int(1)))`
   */
  put<B extends ExpList | ExpMap>(bin: Exp<B>, key: Exp<ExpKind>, value: Exp<ExpKind>, policy?: MapPolicy | null, ctx?: CtxArg): Exp<B> {
    const how = mapPut(`${PREFIX}put`, policy, false);
    return modify('put', how.opcode, bin, ctx, (fn) => [storedValueArg(fn, 'key', key), storedValueArg(fn, 'value', value), ...how.parts]);
  },

  /**
   * Puts every entry of `items`; the policy as for {@link maps.put}.
   * @example `exp.maps.putItems(exp.binMap('m'), exp.map({ a: 1, b: 2 }))`
   */
  putItems<B extends ExpList | ExpMap>(bin: Exp<B>, items: MapExp, policy?: MapPolicy | null, ctx?: CtxArg): Exp<B> {
    const how = mapPut(`${PREFIX}putItems`, policy, true);
    return modify('putItems', how.opcode, bin, ctx, (fn) => [typed(fn, 'items', items, ExpType.MAP), ...how.parts]);
  },

  /**
   * Adds `value` to the number under `key` (created when missing). Only
   * the policy's `order` is sent: it is the order of a map the operation creates.
   * @example `exp.maps.increment(exp.binMap('counts'), exp.str('clicks'), exp.int(1))`
   */
  increment<B extends ExpList | ExpMap>(bin: Exp<B>, key: Exp<ExpKind>, value: Exp<ExpKind>, policy?: MapPolicy | null, ctx?: CtxArg): Exp<B> {
    return modify('increment', MapOp.INCREMENT, bin, ctx, (fn) => [
      storedValueArg(fn, 'key', key),
      storedValueArg(fn, 'value', value),
      ...mapAttributeParts(fn, policy),
    ]);
  },

  /**
   * Removes every entry.
   * @example `exp.maps.clear(exp.binMap('m'))`
   */
  clear<B extends ExpList | ExpMap>(bin: Exp<B>, ctx?: CtxArg): Exp<B> {
    return modify('clear', MapOp.CLEAR, bin, ctx, () => []);
  },

  /**
   * Removes the entry under `key`.
   * @example `exp.maps.removeByKey(exp.binMap('m'), exp.str('obsolete'))`
   */
  removeByKey<B extends ExpList | ExpMap>(bin: Exp<B>, key: CdtArgExp, ctx?: CtxArg): Exp<B> {
    return remove('removeByKey', MapOp.REMOVE_BY_KEY, bin, ctx, CdtReturnType.NONE, (fn) => [valueArg(fn, 'key', key)]);
  },

  /**
   * Removes the entries under any of `keys`.
   * @example `exp.maps.removeByKeyList(exp.binMap('m'), exp.list(['a', 'b']))`
   */
  removeByKeyList<B extends ExpList | ExpMap>(bin: Exp<B>, keys: ListExp, ctx?: CtxArg, returnType: number = CdtReturnType.NONE): Exp<B> {
    return remove('removeByKeyList', MapOp.REMOVE_BY_KEY_LIST, bin, ctx, returnType, (fn) => [listArg(fn, 'keys', keys)]);
  },

  /**
   * Removes the entries whose key is in `[begin, end)`.
   * @example `exp.maps.removeByKeyRange(exp.binMap('m'), exp.str('a'), exp.str('c'))`
   */
  removeByKeyRange<B extends ExpList | ExpMap>(bin: Exp<B>, begin: CdtArgExp, end: CdtArgExp, ctx?: CtxArg, returnType: number = CdtReturnType.NONE): Exp<B> {
    return remove('removeByKeyRange', MapOp.REMOVE_BY_KEY_INTERVAL, bin, ctx, returnType, (fn) => [valueArg(fn, 'begin', begin), valueArg(fn, 'end', end)]);
  },

  /**
   * Removes the entries from index `index` relative to `key` (the index `key` would have) to the end.
   * @example `exp.maps.removeByKeyRelIndexRangeToEnd(exp.binMap('m'), exp.str('b'), 0)`
   */
  removeByKeyRelIndexRangeToEnd<B extends ExpList | ExpMap>(bin: Exp<B>, key: CdtArgExp, index: IntArg, ctx?: CtxArg, returnType: number = CdtReturnType.NONE): Exp<B> {
    return remove('removeByKeyRelIndexRangeToEnd', MapOp.REMOVE_BY_KEY_REL_INDEX_RANGE, bin, ctx, returnType, (fn) => [
      valueArg(fn, 'key', key),
      indexArg(fn, 'index', index),
    ]);
  },

  /**
   * Removes `count` entries from index `index` relative to `key`.
   * @example `exp.maps.removeByKeyRelIndexRange(exp.binMap('m'), exp.str('b'), 0, 2)`
   */
  removeByKeyRelIndexRange<B extends ExpList | ExpMap>(
    bin: Exp<B>,
    key: CdtArgExp,
    index: IntArg,
    count: IntArg,
    ctx?: CtxArg,
    returnType: number = CdtReturnType.NONE,
  ): Exp<B> {
    return remove('removeByKeyRelIndexRange', MapOp.REMOVE_BY_KEY_REL_INDEX_RANGE, bin, ctx, returnType, (fn) => [
      valueArg(fn, 'key', key),
      indexArg(fn, 'index', index),
      indexArg(fn, 'count', count),
    ]);
  },

  /**
   * Removes the entries whose value equals `value`.
   * @example `exp.maps.removeByValue(exp.binMap('m'), exp.int(0))`
   */
  removeByValue<B extends ExpList | ExpMap>(bin: Exp<B>, value: CdtArgExp, ctx?: CtxArg, returnType: number = CdtReturnType.NONE): Exp<B> {
    return remove('removeByValue', MapOp.REMOVE_ALL_BY_VALUE, bin, ctx, returnType, (fn) => [valueArg(fn, 'value', value)]);
  },

  /**
   * Removes the entries whose value equals any of `values`.
   * @example `exp.maps.removeByValueList(exp.binMap('m'), exp.list([0, -1]))`
   */
  removeByValueList<B extends ExpList | ExpMap>(bin: Exp<B>, values: ListExp, ctx?: CtxArg, returnType: number = CdtReturnType.NONE): Exp<B> {
    return remove('removeByValueList', MapOp.REMOVE_BY_VALUE_LIST, bin, ctx, returnType, (fn) => [listArg(fn, 'values', values)]);
  },

  /**
   * Removes the entries whose value is in `[begin, end)`.
   * @example `exp.maps.removeByValueRange(exp.binMap('m'), exp.int(0), exp.int(10))`
   */
  removeByValueRange<B extends ExpList | ExpMap>(bin: Exp<B>, begin: CdtArgExp, end: CdtArgExp, ctx?: CtxArg, returnType: number = CdtReturnType.NONE): Exp<B> {
    return remove('removeByValueRange', MapOp.REMOVE_BY_VALUE_INTERVAL, bin, ctx, returnType, (fn) => [valueArg(fn, 'begin', begin), valueArg(fn, 'end', end)]);
  },

  /**
   * Removes the entries from rank `rank` relative to `value` to the highest.
   * @example `exp.maps.removeByValueRelRankRangeToEnd(exp.binMap('m'), exp.int(10), 0)`
   */
  removeByValueRelRankRangeToEnd<B extends ExpList | ExpMap>(bin: Exp<B>, value: CdtArgExp, rank: IntArg, ctx?: CtxArg, returnType: number = CdtReturnType.NONE): Exp<B> {
    return remove('removeByValueRelRankRangeToEnd', MapOp.REMOVE_BY_VALUE_REL_RANK_RANGE, bin, ctx, returnType, (fn) => [
      valueArg(fn, 'value', value),
      indexArg(fn, 'rank', rank),
    ]);
  },

  /**
   * Removes `count` entries from rank `rank` relative to `value`.
   * @example `exp.maps.removeByValueRelRankRange(exp.binMap('m'), exp.int(10), 0, 2)`
   */
  removeByValueRelRankRange<B extends ExpList | ExpMap>(
    bin: Exp<B>,
    value: CdtArgExp,
    rank: IntArg,
    count: IntArg,
    ctx?: CtxArg,
    returnType: number = CdtReturnType.NONE,
  ): Exp<B> {
    return remove('removeByValueRelRankRange', MapOp.REMOVE_BY_VALUE_REL_RANK_RANGE, bin, ctx, returnType, (fn) => [
      valueArg(fn, 'value', value),
      indexArg(fn, 'rank', rank),
      indexArg(fn, 'count', count),
    ]);
  },

  /**
   * Removes the entry at `index` (in key order).
   * @example `exp.maps.removeByIndex(exp.binMap('m'), 0)`
   */
  removeByIndex<B extends ExpList | ExpMap>(bin: Exp<B>, index: IntArg, ctx?: CtxArg): Exp<B> {
    return remove('removeByIndex', MapOp.REMOVE_BY_INDEX, bin, ctx, CdtReturnType.NONE, (fn) => [indexArg(fn, 'index', index)]);
  },

  /**
   * Removes the entries from `index` to the end.
   * @example `exp.maps.removeByIndexRangeToEnd(exp.binMap('m'), 10)`
   */
  removeByIndexRangeToEnd<B extends ExpList | ExpMap>(bin: Exp<B>, index: IntArg, ctx?: CtxArg, returnType: number = CdtReturnType.NONE): Exp<B> {
    return remove('removeByIndexRangeToEnd', MapOp.REMOVE_BY_INDEX_RANGE, bin, ctx, returnType, (fn) => [indexArg(fn, 'index', index)]);
  },

  /**
   * Removes `count` entries from `index`.
   * @example `exp.maps.removeByIndexRange(exp.binMap('m'), 0, 2)`
   */
  removeByIndexRange<B extends ExpList | ExpMap>(bin: Exp<B>, index: IntArg, count: IntArg, ctx?: CtxArg, returnType: number = CdtReturnType.NONE): Exp<B> {
    return remove('removeByIndexRange', MapOp.REMOVE_BY_INDEX_RANGE, bin, ctx, returnType, (fn) => [indexArg(fn, 'index', index), indexArg(fn, 'count', count)]);
  },

  /**
   * Removes the entry whose value has rank `rank`.
   * @example `exp.maps.removeByRank(exp.binMap('m'), -1)`
   */
  removeByRank<B extends ExpList | ExpMap>(bin: Exp<B>, rank: IntArg, ctx?: CtxArg): Exp<B> {
    return remove('removeByRank', MapOp.REMOVE_BY_RANK, bin, ctx, CdtReturnType.NONE, (fn) => [indexArg(fn, 'rank', rank)]);
  },

  /**
   * Removes the entries from rank `rank` to the highest.
   * @example `exp.maps.removeByRankRangeToEnd(exp.binMap('m'), -2)`
   */
  removeByRankRangeToEnd<B extends ExpList | ExpMap>(bin: Exp<B>, rank: IntArg, ctx?: CtxArg, returnType: number = CdtReturnType.NONE): Exp<B> {
    return remove('removeByRankRangeToEnd', MapOp.REMOVE_BY_RANK_RANGE, bin, ctx, returnType, (fn) => [indexArg(fn, 'rank', rank)]);
  },

  /**
   * Removes `count` entries from rank `rank`.
   * @example `exp.maps.removeByRankRange(exp.binMap('m'), 0, 2)`
   */
  removeByRankRange<B extends ExpList | ExpMap>(bin: Exp<B>, rank: IntArg, count: IntArg, ctx?: CtxArg, returnType: number = CdtReturnType.NONE): Exp<B> {
    return remove('removeByRankRange', MapOp.REMOVE_BY_RANK_RANGE, bin, ctx, returnType, (fn) => [indexArg(fn, 'rank', rank), indexArg(fn, 'count', count)]);
  },

  /**
   * The number of entries.
   * @example `exp.gt(exp.maps.size(exp.binMap('m')), exp.int(0))`
   */
  size(bin: ContainerExp, ctx?: CtxArg): IntExp {
    const fn = `${PREFIX}size`;
    const c = ctxArg(fn, ctx);
    return cdtCall(multiType(CdtReturnType.COUNT), false, MapOp.SIZE, [], containerBin(fn, 'map', bin, c), c);
  },

  /**
   * The entry under `key`. `valueType` declares the value's (or key's)
   * type, the result type when `returnType` is VALUE (or KEY).
   * @example `exp.gt(exp.maps.getByKey(exp.binMap('m'), exp.str('visits'), ExpType.INT, CdtReturnType.VALUE), exp.int(10))`
   */
  getByKey<V extends number, RT extends ReturnTypeArg>(bin: ContainerExp, key: CdtArgExp, valueType: V, returnType: RT, ctx?: CtxArg): Exp<MapSingleResult<RT, V>> {
    return read('getByKey', MapOp.GET_BY_KEY, bin, returnType, { valueType }, ctx, (fn) => [valueArg(fn, 'key', key)]);
  },

  /**
   * The entries whose key is in `[begin, end)`.
   * @example `exp.maps.getByKeyRange(exp.binMap('m'), exp.str('a'), exp.str('c'), CdtReturnType.KEY_VALUE)`
   */
  getByKeyRange<RT extends ReturnTypeArg>(bin: ContainerExp, begin: CdtArgExp, end: CdtArgExp, returnType: RT, ctx?: CtxArg): Exp<MapMultiResult<RT>> {
    return read('getByKeyRange', MapOp.GET_BY_KEY_INTERVAL, bin, returnType, undefined, ctx, (fn) => [valueArg(fn, 'begin', begin), valueArg(fn, 'end', end)]);
  },

  /**
   * The entries under any of `keys`.
   * @example `exp.maps.getByKeyList(exp.binMap('m'), exp.list(['a', 'b']), CdtReturnType.VALUE)`
   */
  getByKeyList<RT extends ReturnTypeArg>(bin: ContainerExp, keys: ListExp, returnType: RT, ctx?: CtxArg): Exp<MapMultiResult<RT>> {
    return read('getByKeyList', MapOp.GET_BY_KEY_LIST, bin, returnType, undefined, ctx, (fn) => [listArg(fn, 'keys', keys)]);
  },

  /**
   * The entries from index `index` relative to `key` to the end.
   * @example `exp.maps.getByKeyRelIndexRangeToEnd(exp.binMap('m'), exp.str('b'), 0, CdtReturnType.KEY)`
   */
  getByKeyRelIndexRangeToEnd<RT extends ReturnTypeArg>(bin: ContainerExp, key: CdtArgExp, index: IntArg, returnType: RT, ctx?: CtxArg): Exp<MapMultiResult<RT>> {
    return read('getByKeyRelIndexRangeToEnd', MapOp.GET_BY_KEY_REL_INDEX_RANGE, bin, returnType, undefined, ctx, (fn) => [
      valueArg(fn, 'key', key),
      indexArg(fn, 'index', index),
    ]);
  },

  /**
   * `count` entries from index `index` relative to `key`.
   * @example `exp.maps.getByKeyRelIndexRange(exp.binMap('m'), exp.str('b'), 0, 2, CdtReturnType.KEY)`
   */
  getByKeyRelIndexRange<RT extends ReturnTypeArg>(bin: ContainerExp, key: CdtArgExp, index: IntArg, count: IntArg, returnType: RT, ctx?: CtxArg): Exp<MapMultiResult<RT>> {
    return read('getByKeyRelIndexRange', MapOp.GET_BY_KEY_REL_INDEX_RANGE, bin, returnType, undefined, ctx, (fn) => [
      valueArg(fn, 'key', key),
      indexArg(fn, 'index', index),
      indexArg(fn, 'count', count),
    ]);
  },

  /**
   * The entries whose value equals `value`.
   * @example `exp.maps.getByValue(exp.binMap('m'), exp.int(0), CdtReturnType.KEY)`
   */
  getByValue<RT extends ReturnTypeArg>(bin: ContainerExp, value: CdtArgExp, returnType: RT, ctx?: CtxArg): Exp<MapMultiResult<RT>> {
    return read('getByValue', MapOp.GET_ALL_BY_VALUE, bin, returnType, undefined, ctx, (fn) => [valueArg(fn, 'value', value)]);
  },

  /**
   * The entries whose value is in `[begin, end)`.
   * @example `exp.maps.getByValueRange(exp.binMap('m'), exp.int(10), exp.inf(), CdtReturnType.COUNT)`
   */
  getByValueRange<RT extends ReturnTypeArg>(bin: ContainerExp, begin: CdtArgExp, end: CdtArgExp, returnType: RT, ctx?: CtxArg): Exp<MapMultiResult<RT>> {
    return read('getByValueRange', MapOp.GET_BY_VALUE_INTERVAL, bin, returnType, undefined, ctx, (fn) => [valueArg(fn, 'begin', begin), valueArg(fn, 'end', end)]);
  },

  /**
   * The entries whose value equals any of `values`.
   * @example `exp.maps.getByValueList(exp.binMap('m'), exp.list([1, 2]), CdtReturnType.KEY)`
   */
  getByValueList<RT extends ReturnTypeArg>(bin: ContainerExp, values: ListExp, returnType: RT, ctx?: CtxArg): Exp<MapMultiResult<RT>> {
    return read('getByValueList', MapOp.GET_BY_VALUE_LIST, bin, returnType, undefined, ctx, (fn) => [listArg(fn, 'values', values)]);
  },

  /**
   * The entries from rank `rank` relative to `value` to the highest.
   * @example `exp.maps.getByValueRelRankRangeToEnd(exp.binMap('m'), exp.int(10), 0, CdtReturnType.KEY)`
   */
  getByValueRelRankRangeToEnd<RT extends ReturnTypeArg>(bin: ContainerExp, value: CdtArgExp, rank: IntArg, returnType: RT, ctx?: CtxArg): Exp<MapMultiResult<RT>> {
    return read('getByValueRelRankRangeToEnd', MapOp.GET_BY_VALUE_REL_RANK_RANGE, bin, returnType, undefined, ctx, (fn) => [
      valueArg(fn, 'value', value),
      indexArg(fn, 'rank', rank),
    ]);
  },

  /**
   * `count` entries from rank `rank` relative to `value`.
   * @example `exp.maps.getByValueRelRankRange(exp.binMap('m'), exp.int(10), 0, 2, CdtReturnType.KEY)`
   */
  getByValueRelRankRange<RT extends ReturnTypeArg>(bin: ContainerExp, value: CdtArgExp, rank: IntArg, count: IntArg, returnType: RT, ctx?: CtxArg): Exp<MapMultiResult<RT>> {
    return read('getByValueRelRankRange', MapOp.GET_BY_VALUE_REL_RANK_RANGE, bin, returnType, undefined, ctx, (fn) => [
      valueArg(fn, 'value', value),
      indexArg(fn, 'rank', rank),
      indexArg(fn, 'count', count),
    ]);
  },

  /**
   * The entry at `index` in key order.
   * @example `exp.maps.getByIndex(exp.binMap('m'), 0, ExpType.STRING, CdtReturnType.KEY)`
   */
  getByIndex<V extends number, RT extends ReturnTypeArg>(bin: ContainerExp, index: IntArg, valueType: V, returnType: RT, ctx?: CtxArg): Exp<MapSingleResult<RT, V>> {
    return read('getByIndex', MapOp.GET_BY_INDEX, bin, returnType, { valueType }, ctx, (fn) => [indexArg(fn, 'index', index)]);
  },

  /**
   * The entries from `index` to the end.
   * @example `exp.maps.getByIndexRangeToEnd(exp.binMap('m'), 1, CdtReturnType.VALUE)`
   */
  getByIndexRangeToEnd<RT extends ReturnTypeArg>(bin: ContainerExp, index: IntArg, returnType: RT, ctx?: CtxArg): Exp<MapMultiResult<RT>> {
    return read('getByIndexRangeToEnd', MapOp.GET_BY_INDEX_RANGE, bin, returnType, undefined, ctx, (fn) => [indexArg(fn, 'index', index)]);
  },

  /**
   * `count` entries from `index`.
   * @example `exp.maps.getByIndexRange(exp.binMap('m'), 0, 2, CdtReturnType.KEY_VALUE)`
   */
  getByIndexRange<RT extends ReturnTypeArg>(bin: ContainerExp, index: IntArg, count: IntArg, returnType: RT, ctx?: CtxArg): Exp<MapMultiResult<RT>> {
    return read('getByIndexRange', MapOp.GET_BY_INDEX_RANGE, bin, returnType, undefined, ctx, (fn) => [indexArg(fn, 'index', index), indexArg(fn, 'count', count)]);
  },

  /**
   * The entry whose value has rank `rank` (0 the smallest, -1 the largest).
   * @example `exp.maps.getByRank(exp.binMap('scores'), -1, ExpType.STRING, CdtReturnType.KEY)`
   */
  getByRank<V extends number, RT extends ReturnTypeArg>(bin: ContainerExp, rank: IntArg, valueType: V, returnType: RT, ctx?: CtxArg): Exp<MapSingleResult<RT, V>> {
    return read('getByRank', MapOp.GET_BY_RANK, bin, returnType, { valueType }, ctx, (fn) => [indexArg(fn, 'rank', rank)]);
  },

  /**
   * The entries from rank `rank` to the highest.
   * @example `exp.maps.getByRankRangeToEnd(exp.binMap('scores'), -3, CdtReturnType.KEY)`
   */
  getByRankRangeToEnd<RT extends ReturnTypeArg>(bin: ContainerExp, rank: IntArg, returnType: RT, ctx?: CtxArg): Exp<MapMultiResult<RT>> {
    return read('getByRankRangeToEnd', MapOp.GET_BY_RANK_RANGE, bin, returnType, undefined, ctx, (fn) => [indexArg(fn, 'rank', rank)]);
  },

  /**
   * `count` entries from rank `rank`.
   * @example `exp.maps.getByRankRange(exp.binMap('scores'), 0, 3, CdtReturnType.KEY)`
   */
  getByRankRange<RT extends ReturnTypeArg>(bin: ContainerExp, rank: IntArg, count: IntArg, returnType: RT, ctx?: CtxArg): Exp<MapMultiResult<RT>> {
    return read('getByRankRange', MapOp.GET_BY_RANK_RANGE, bin, returnType, undefined, ctx, (fn) => [indexArg(fn, 'rank', rank), indexArg(fn, 'count', count)]);
  },
} as const;
