/**
 * List expressions (`exp.lists`): read and modify a list bin, a list value,
 * or a list nested in a list or map (with a context), inside an expression.
 * Modifications change a copy: the bin is only written by an
 * `expOps.write` of the result.
 *
 * Integer arguments (indexes, ranks, counts) may be numbers or integer
 * expressions; value arguments are expressions.
 *
 * @packageDocumentation
 */

import type { CdtContext } from '../ops/ctx.js';
import type { ListPolicy } from '../ops/list.js';
import { CdtReturnType, ListOp, ListSortFlags } from '../wire/cdt/list.js';
import {
  type ListMultiResult,
  type ReturnTypeArg,
  type ListSingleResult,
  cdtCall,
  checkReturnType,
  containerBin,
  ctxArg,
  indexArg,
  listArg,
  listPolicyParts,
  modifyType,
  multiType,
  returnTypePart,
  singleType,
  storedValueArg,
  valueArg,
} from './cdt.js';
import {
  type Exp,
  type ExpKind,
  type ExpList,
  type ExpMap,
  type ExpNode,
  type ExpSentinel,
  type IntExp,
  type ListExp,
  type ListNode,
  checkFlags,
  part,
} from './exp.js';

/**
 * A list or map expression: what list expressions work on (a map only
 * with a context that leads to a nested list).
 * @example `const bin: ContainerExp = exp.binList('tags');`
 */
export type ContainerExp = Exp<ExpList | ExpMap>;
/**
 * A value argument of a list or map expression: any value, or
 * `exp.wildcard()` / `exp.inf()`.
 * @example `const v: CdtArgExp = exp.inf();`
 */
export type CdtArgExp = Exp<ExpKind | ExpSentinel>;
/**
 * An integer argument: a number, a bigint or an integer expression.
 * @example `const i: IntArg = -1;`
 */
export type IntArg = IntExp | number | bigint;
/**
 * The context of a nested list or map; `null`, `undefined` or `[]` for none.
 * @example `const c: CtxArg = [ctx.mapKey('scores')];`
 */
export type CtxArg = CdtContext | null | undefined;

const PREFIX = 'exp.lists.';
const LIST_SORT_MASK = ListSortFlags.DESCENDING | ListSortFlags.DROP_DUPLICATES;

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
  const b = containerBin(fn, 'list', bin, c);
  const rt = checkReturnType(fn, 'list', returnType, false);
  const type = valueType === undefined ? multiType(rt) : singleType(fn, rt, valueType.valueType);
  return cdtCall(type, false, opcode, [returnTypePart(rt), ...params(fn)], b, c);
}

function modify(name: string, opcode: number, bin: unknown, ctx: CtxArg, params: (fn: string) => ExpNode[]): ListNode {
  const fn = PREFIX + name;
  const c = ctxArg(fn, ctx);
  const b = containerBin(fn, 'list', bin, c);
  return cdtCall(modifyType('list', b, c), true, opcode, params(fn), b, c);
}

function remove(name: string, opcode: number, bin: unknown, ctx: CtxArg, returnType: unknown, params: (fn: string) => ExpNode[]): ListNode {
  return modify(name, opcode, bin, ctx, (fn) => [returnTypePart(checkReturnType(fn, 'list', returnType, true)), ...params(fn)]);
}

/**
 * List expressions. Reads return what `returnType` selects
 * ({@link CdtReturnType}); modifications return the whole modified bin
 * (a list, or the map that holds the list when `ctx` starts in a map).
 * @example `exp.gt(exp.lists.getByValue(exp.binList('tags'), exp.str('vip'), CdtReturnType.COUNT), exp.int(0))`
 */
export const lists = {
  /**
   * The number of elements.
   * @example `exp.gt(exp.lists.size(exp.binList('tags')), exp.int(0))`
   */
  size(bin: ContainerExp, ctx?: CtxArg): IntExp {
    const fn = `${PREFIX}size`;
    const c = ctxArg(fn, ctx);
    return cdtCall(multiType(CdtReturnType.COUNT), false, ListOp.SIZE, [], containerBin(fn, 'list', bin, c), c);
  },

  /**
   * The elements equal to `value`, as `returnType` says.
   * @example `exp.gt(exp.lists.getByValue(exp.binList('tags'), exp.str('new'), CdtReturnType.COUNT), exp.int(0))`
   */
  getByValue<RT extends ReturnTypeArg>(bin: ContainerExp, value: CdtArgExp, returnType: RT, ctx?: CtxArg): Exp<ListMultiResult<RT>> {
    return read('getByValue', ListOp.GET_ALL_BY_VALUE, bin, returnType, undefined, ctx, (fn) => [valueArg(fn, 'value', value)]);
  },

  /**
   * The elements in `[begin, end)`; `exp.inf()` as `end` for no upper bound, `exp.nil()` as `begin` for none below.
   * @example `exp.lists.getByValueRange(exp.binList('scores'), exp.int(10), exp.int(20), CdtReturnType.VALUE)`
   */
  getByValueRange<RT extends ReturnTypeArg>(bin: ContainerExp, begin: CdtArgExp, end: CdtArgExp, returnType: RT, ctx?: CtxArg): Exp<ListMultiResult<RT>> {
    return read('getByValueRange', ListOp.GET_BY_VALUE_INTERVAL, bin, returnType, undefined, ctx, (fn) => [
      valueArg(fn, 'begin', begin),
      valueArg(fn, 'end', end),
    ]);
  },

  /**
   * The elements equal to any of `values`.
   * @example `exp.lists.getByValueList(exp.binList('tags'), exp.list(['a', 'b']), CdtReturnType.COUNT)`
   */
  getByValueList<RT extends ReturnTypeArg>(bin: ContainerExp, values: ListExp, returnType: RT, ctx?: CtxArg): Exp<ListMultiResult<RT>> {
    return read('getByValueList', ListOp.GET_ALL_BY_VALUE_LIST, bin, returnType, undefined, ctx, (fn) => [listArg(fn, 'values', values)]);
  },

  /**
   * The elements from rank `rank` relative to `value` (the rank `value`
   * would have) to the highest.
   * @example `exp.lists.getByRelRankRangeToEnd(exp.binList('scores'), exp.int(50), 0, CdtReturnType.VALUE)`
   */
  getByRelRankRangeToEnd<RT extends ReturnTypeArg>(bin: ContainerExp, value: CdtArgExp, rank: IntArg, returnType: RT, ctx?: CtxArg): Exp<ListMultiResult<RT>> {
    return read('getByRelRankRangeToEnd', ListOp.GET_BY_VALUE_REL_RANK_RANGE, bin, returnType, undefined, ctx, (fn) => [
      valueArg(fn, 'value', value),
      indexArg(fn, 'rank', rank),
    ]);
  },

  /**
   * `count` elements from rank `rank` relative to `value`.
   * @example `exp.lists.getByRelRankRange(exp.binList('scores'), exp.int(50), -1, 3, CdtReturnType.VALUE)`
   */
  getByRelRankRange<RT extends ReturnTypeArg>(bin: ContainerExp, value: CdtArgExp, rank: IntArg, count: IntArg, returnType: RT, ctx?: CtxArg): Exp<ListMultiResult<RT>> {
    return read('getByRelRankRange', ListOp.GET_BY_VALUE_REL_RANK_RANGE, bin, returnType, undefined, ctx, (fn) => [
      valueArg(fn, 'value', value),
      indexArg(fn, 'rank', rank),
      indexArg(fn, 'count', count),
    ]);
  },

  /**
   * The element at `index` (negative from the end). `valueType` declares
   * the element's type, which is the result type when `returnType` is VALUE.
   * @example `exp.eq(exp.lists.getByIndex(exp.binList('l'), -1, ExpType.STRING, CdtReturnType.VALUE), exp.str('last'))`
   */
  getByIndex<V extends number, RT extends ReturnTypeArg>(bin: ContainerExp, index: IntArg, valueType: V, returnType: RT, ctx?: CtxArg): Exp<ListSingleResult<RT, V>> {
    return read('getByIndex', ListOp.GET_BY_INDEX, bin, returnType, { valueType }, ctx, (fn) => [indexArg(fn, 'index', index)]);
  },

  /**
   * The elements from `index` to the end.
   * @example `exp.lists.getByIndexRangeToEnd(exp.binList('l'), 1, CdtReturnType.VALUE)`
   */
  getByIndexRangeToEnd<RT extends ReturnTypeArg>(bin: ContainerExp, index: IntArg, returnType: RT, ctx?: CtxArg): Exp<ListMultiResult<RT>> {
    return read('getByIndexRangeToEnd', ListOp.GET_BY_INDEX_RANGE, bin, returnType, undefined, ctx, (fn) => [indexArg(fn, 'index', index)]);
  },

  /**
   * `count` elements from `index`.
   * @example `exp.lists.getByIndexRange(exp.binList('l'), 0, 3, CdtReturnType.VALUE)`
   */
  getByIndexRange<RT extends ReturnTypeArg>(bin: ContainerExp, index: IntArg, count: IntArg, returnType: RT, ctx?: CtxArg): Exp<ListMultiResult<RT>> {
    return read('getByIndexRange', ListOp.GET_BY_INDEX_RANGE, bin, returnType, undefined, ctx, (fn) => [
      indexArg(fn, 'index', index),
      indexArg(fn, 'count', count),
    ]);
  },

  /**
   * The element of rank `rank` (0 the smallest, -1 the largest).
   * @example `exp.lists.getByRank(exp.binList('scores'), -1, ExpType.INT, CdtReturnType.VALUE)`
   */
  getByRank<V extends number, RT extends ReturnTypeArg>(bin: ContainerExp, rank: IntArg, valueType: V, returnType: RT, ctx?: CtxArg): Exp<ListSingleResult<RT, V>> {
    return read('getByRank', ListOp.GET_BY_RANK, bin, returnType, { valueType }, ctx, (fn) => [indexArg(fn, 'rank', rank)]);
  },

  /**
   * The elements from rank `rank` to the highest.
   * @example `exp.lists.getByRankRangeToEnd(exp.binList('scores'), -3, CdtReturnType.VALUE)`
   */
  getByRankRangeToEnd<RT extends ReturnTypeArg>(bin: ContainerExp, rank: IntArg, returnType: RT, ctx?: CtxArg): Exp<ListMultiResult<RT>> {
    return read('getByRankRangeToEnd', ListOp.GET_BY_RANK_RANGE, bin, returnType, undefined, ctx, (fn) => [indexArg(fn, 'rank', rank)]);
  },

  /**
   * `count` elements from rank `rank`.
   * @example `exp.lists.getByRankRange(exp.binList('scores'), 0, 3, CdtReturnType.VALUE)`
   */
  getByRankRange<RT extends ReturnTypeArg>(bin: ContainerExp, rank: IntArg, count: IntArg, returnType: RT, ctx?: CtxArg): Exp<ListMultiResult<RT>> {
    return read('getByRankRange', ListOp.GET_BY_RANK_RANGE, bin, returnType, undefined, ctx, (fn) => [
      indexArg(fn, 'rank', rank),
      indexArg(fn, 'count', count),
    ]);
  },

  /**
   * Appends `value`. Without a policy the server's defaults apply; with
   * one, its `order` (for a list the append creates) and `writeFlags` are
   * sent (`insert`, `insertItems` and `set` send only the flags).
   * @example `expOps.write('tags', exp.lists.append(exp.binList('tags'), exp.str('new')))`
   */
  append<B extends ExpList | ExpMap>(bin: Exp<B>, value: Exp<ExpKind>, policy?: ListPolicy | null, ctx?: CtxArg): Exp<B> {
    return modify('append', ListOp.APPEND, bin, ctx, (fn) => [storedValueArg(fn, 'value', value), ...listPolicyParts(fn, policy, true)]);
  },

  /**
   * Appends every element of `values`.
   * @example `exp.lists.appendItems(exp.binList('tags'), exp.list(['a', 'b']))`
   */
  appendItems<B extends ExpList | ExpMap>(bin: Exp<B>, values: ListExp, policy?: ListPolicy | null, ctx?: CtxArg): Exp<B> {
    return modify('appendItems', ListOp.APPEND_ITEMS, bin, ctx, (fn) => [listArg(fn, 'values', values), ...listPolicyParts(fn, policy, true)]);
  },

  /**
   * Inserts `value` at `index`.
   * @example `exp.lists.insert(exp.binList('l'), 0, exp.int(1))`
   */
  insert<B extends ExpList | ExpMap>(bin: Exp<B>, index: IntArg, value: Exp<ExpKind>, policy?: ListPolicy | null, ctx?: CtxArg): Exp<B> {
    return modify('insert', ListOp.INSERT, bin, ctx, (fn) => [
      indexArg(fn, 'index', index),
      storedValueArg(fn, 'value', value),
      ...listPolicyParts(fn, policy, false),
    ]);
  },

  /**
   * Inserts the elements of `values` at `index`.
   * @example `exp.lists.insertItems(exp.binList('l'), 0, exp.list([1, 2]))`
   */
  insertItems<B extends ExpList | ExpMap>(bin: Exp<B>, index: IntArg, values: ListExp, policy?: ListPolicy | null, ctx?: CtxArg): Exp<B> {
    return modify('insertItems', ListOp.INSERT_ITEMS, bin, ctx, (fn) => [
      indexArg(fn, 'index', index),
      listArg(fn, 'values', values),
      ...listPolicyParts(fn, policy, false),
    ]);
  },

  /**
   * Adds `value` to the number at `index`.
   * @example `exp.lists.increment(exp.binList('counts'), 0, exp.int(1))`
   */
  increment<B extends ExpList | ExpMap>(bin: Exp<B>, index: IntArg, value: Exp<ExpKind>, policy?: ListPolicy | null, ctx?: CtxArg): Exp<B> {
    return modify('increment', ListOp.INCREMENT, bin, ctx, (fn) => [
      indexArg(fn, 'index', index),
      storedValueArg(fn, 'value', value),
      ...listPolicyParts(fn, policy, true),
    ]);
  },

  /**
   * Replaces the element at `index` with `value`.
   * @example `exp.lists.set(exp.binList('l'), 0, exp.str('first'))`
   */
  set<B extends ExpList | ExpMap>(bin: Exp<B>, index: IntArg, value: Exp<ExpKind>, policy?: ListPolicy | null, ctx?: CtxArg): Exp<B> {
    return modify('set', ListOp.SET, bin, ctx, (fn) => [indexArg(fn, 'index', index), storedValueArg(fn, 'value', value), ...listPolicyParts(fn, policy, false)]);
  },

  /**
   * Removes every element.
   * @example `exp.lists.clear(exp.binList('l'))`
   */
  clear<B extends ExpList | ExpMap>(bin: Exp<B>, ctx?: CtxArg): Exp<B> {
    return modify('clear', ListOp.CLEAR, bin, ctx, () => []);
  },

  /**
   * Sorts the list.
   * @param flags - {@link ListSortFlags} OR-ed together.
   * @example `exp.lists.sort(exp.binList('l'), ListSortFlags.DESCENDING)`
   */
  sort<B extends ExpList | ExpMap>(bin: Exp<B>, flags: ListSortFlags, ctx?: CtxArg): Exp<B> {
    return modify('sort', ListOp.SORT, bin, ctx, (fn) => [part(checkFlags(fn, 'flags', flags, LIST_SORT_MASK))]);
  },

  /**
   * Removes the elements equal to `value` (`returnType` with INVERTED keeps them and removes the others).
   * @example `exp.lists.removeByValue(exp.binList('tags'), exp.str('old'))`
   */
  removeByValue<B extends ExpList | ExpMap>(bin: Exp<B>, value: CdtArgExp, ctx?: CtxArg, returnType: number = CdtReturnType.NONE): Exp<B> {
    return remove('removeByValue', ListOp.REMOVE_ALL_BY_VALUE, bin, ctx, returnType, (fn) => [valueArg(fn, 'value', value)]);
  },

  /**
   * Removes the elements equal to any of `values`.
   * @example `exp.lists.removeByValueList(exp.binList('tags'), exp.list(['a', 'b']))`
   */
  removeByValueList<B extends ExpList | ExpMap>(bin: Exp<B>, values: ListExp, ctx?: CtxArg, returnType: number = CdtReturnType.NONE): Exp<B> {
    return remove('removeByValueList', ListOp.REMOVE_ALL_BY_VALUE_LIST, bin, ctx, returnType, (fn) => [listArg(fn, 'values', values)]);
  },

  /**
   * Removes the elements in `[begin, end)`.
   * @example `exp.lists.removeByValueRange(exp.binList('scores'), exp.int(0), exp.int(10))`
   */
  removeByValueRange<B extends ExpList | ExpMap>(bin: Exp<B>, begin: CdtArgExp, end: CdtArgExp, ctx?: CtxArg, returnType: number = CdtReturnType.NONE): Exp<B> {
    return remove('removeByValueRange', ListOp.REMOVE_BY_VALUE_INTERVAL, bin, ctx, returnType, (fn) => [valueArg(fn, 'begin', begin), valueArg(fn, 'end', end)]);
  },

  /**
   * Removes the elements from rank `rank` relative to `value` to the highest.
   * @example `exp.lists.removeByRelRankRangeToEnd(exp.binList('scores'), exp.int(50), 0)`
   */
  removeByRelRankRangeToEnd<B extends ExpList | ExpMap>(bin: Exp<B>, value: CdtArgExp, rank: IntArg, ctx?: CtxArg, returnType: number = CdtReturnType.NONE): Exp<B> {
    return remove('removeByRelRankRangeToEnd', ListOp.REMOVE_BY_VALUE_REL_RANK_RANGE, bin, ctx, returnType, (fn) => [
      valueArg(fn, 'value', value),
      indexArg(fn, 'rank', rank),
    ]);
  },

  /**
   * Removes `count` elements from rank `rank` relative to `value`.
   * @example `exp.lists.removeByRelRankRange(exp.binList('scores'), exp.int(50), 0, 2)`
   */
  removeByRelRankRange<B extends ExpList | ExpMap>(
    bin: Exp<B>,
    value: CdtArgExp,
    rank: IntArg,
    count: IntArg,
    ctx?: CtxArg,
    returnType: number = CdtReturnType.NONE,
  ): Exp<B> {
    return remove('removeByRelRankRange', ListOp.REMOVE_BY_VALUE_REL_RANK_RANGE, bin, ctx, returnType, (fn) => [
      valueArg(fn, 'value', value),
      indexArg(fn, 'rank', rank),
      indexArg(fn, 'count', count),
    ]);
  },

  /**
   * Removes the element at `index`.
   * @example `exp.lists.removeByIndex(exp.binList('l'), -1)`
   */
  removeByIndex<B extends ExpList | ExpMap>(bin: Exp<B>, index: IntArg, ctx?: CtxArg): Exp<B> {
    return remove('removeByIndex', ListOp.REMOVE_BY_INDEX, bin, ctx, CdtReturnType.NONE, (fn) => [indexArg(fn, 'index', index)]);
  },

  /**
   * Removes the elements from `index` to the end.
   * @example `exp.lists.removeByIndexRangeToEnd(exp.binList('l'), 10)`
   */
  removeByIndexRangeToEnd<B extends ExpList | ExpMap>(bin: Exp<B>, index: IntArg, ctx?: CtxArg, returnType: number = CdtReturnType.NONE): Exp<B> {
    return remove('removeByIndexRangeToEnd', ListOp.REMOVE_BY_INDEX_RANGE, bin, ctx, returnType, (fn) => [indexArg(fn, 'index', index)]);
  },

  /**
   * Removes `count` elements from `index`.
   * @example `exp.lists.removeByIndexRange(exp.binList('l'), 0, 2)`
   */
  removeByIndexRange<B extends ExpList | ExpMap>(bin: Exp<B>, index: IntArg, count: IntArg, ctx?: CtxArg, returnType: number = CdtReturnType.NONE): Exp<B> {
    return remove('removeByIndexRange', ListOp.REMOVE_BY_INDEX_RANGE, bin, ctx, returnType, (fn) => [indexArg(fn, 'index', index), indexArg(fn, 'count', count)]);
  },

  /**
   * Removes the element of rank `rank`.
   * @example `exp.lists.removeByRank(exp.binList('scores'), 0)`
   */
  removeByRank<B extends ExpList | ExpMap>(bin: Exp<B>, rank: IntArg, ctx?: CtxArg): Exp<B> {
    return remove('removeByRank', ListOp.REMOVE_BY_RANK, bin, ctx, CdtReturnType.NONE, (fn) => [indexArg(fn, 'rank', rank)]);
  },

  /**
   * Removes the elements from rank `rank` to the highest.
   * @example `exp.lists.removeByRankRangeToEnd(exp.binList('scores'), -2)`
   */
  removeByRankRangeToEnd<B extends ExpList | ExpMap>(bin: Exp<B>, rank: IntArg, ctx?: CtxArg, returnType: number = CdtReturnType.NONE): Exp<B> {
    return remove('removeByRankRangeToEnd', ListOp.REMOVE_BY_RANK_RANGE, bin, ctx, returnType, (fn) => [indexArg(fn, 'rank', rank)]);
  },

  /**
   * Removes `count` elements from rank `rank`.
   * @example `exp.lists.removeByRankRange(exp.binList('scores'), 0, 2)`
   */
  removeByRankRange<B extends ExpList | ExpMap>(bin: Exp<B>, rank: IntArg, count: IntArg, ctx?: CtxArg, returnType: number = CdtReturnType.NONE): Exp<B> {
    return remove('removeByRankRange', ListOp.REMOVE_BY_RANK_RANGE, bin, ctx, returnType, (fn) => [indexArg(fn, 'rank', rank), indexArg(fn, 'count', count)]);
  },
} as const;
