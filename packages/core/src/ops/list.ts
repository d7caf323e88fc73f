/**
 * Builders of list operations, for `client.operate(key, operations)`.
 *
 * Every builder takes its required arguments first and an options object
 * last. Options carry the context (`ctx`) of a nested list, the list policy
 * of a write, or, for selections, what to return (`returnType`) and whether
 * to select everything the arguments do not (`inverted`). Indexes and ranks
 * may be negative: -1 is the last element, or the largest.
 *
 * ```ts
 * const { bins } = await client.operate(key, [
 *   lists.append('tags', 'new'),
 *   lists.getByRankRange('scores', -3, 3),
 * ]);
 * ```
 *
 * @packageDocumentation
 */

import { invalidArgument } from '../errors.js';
import type { CdtValue, Double } from '../values.js';
import { ListOp, ListOrder, ListSortFlags, ListWriteFlags, listOrderFlag } from '../wire/cdt/list.js';
import { OperationType } from '../wire/message.js';
import type { Operation } from '../wire/operation.js';
import {
  type CdtArg,
  type CdtOptions,
  type ListReturnTypeName,
  binName,
  bool,
  checkCount,
  encodeCdt,
  flags,
  hasContext,
  int,
  list,
  listOrder,
  packAmount,
  operation,
  optionsOf,
  rangeValue,
  returnTypeOf,
  show,
  packValue,
  withCreateFlag,
} from './cdt-encode.js';

export type { CdtOptions, ListReturnTypeName } from './cdt-encode.js';

/** Every list write flag. */
const LIST_WRITE_FLAGS = ListWriteFlags.ADD_UNIQUE | ListWriteFlags.INSERT_BOUNDED | ListWriteFlags.NO_FAIL | ListWriteFlags.PARTIAL;
/** Every list sort flag. */
const LIST_SORT_FLAGS = ListSortFlags.DESCENDING | ListSortFlags.DROP_DUPLICATES;
/** Attribute bit of a list whose index the server keeps on disk. */
const PERSIST_INDEX = 0x10;

/**
 * How a list write behaves. `order` is the order of the list the write
 * creates when the bin (or the nested element) holds none yet; `writeFlags`
 * is an OR of {@link ListWriteFlags}.
 *
 * Append, append-items and increment send both; insert, insert-items and
 * set send only `writeFlags` (the server takes no order there).
 *
 * @example
 * ```ts
 * const policy: ListPolicy = { order: ListOrder.ORDERED, writeFlags: ListWriteFlags.ADD_UNIQUE | ListWriteFlags.NO_FAIL };
 * lists.append('tags', 'new', { policy });
 * ```
 */
export interface ListPolicy {
  /** Order of a list created by the write (default {@link ListOrder.UNORDERED}). */
  order?: ListOrder | undefined;
  /** OR of {@link ListWriteFlags} (default 0). */
  writeFlags?: number | undefined;
}

/**
 * Options of a list write that takes a {@link ListPolicy}.
 *
 * @example
 * ```ts
 * lists.appendItems('tags', ['a', 'b'], { policy: { writeFlags: ListWriteFlags.ADD_UNIQUE }, ctx: [ctx.mapKey('meta')] });
 * ```
 */
export interface ListWriteOptions extends CdtOptions {
  /** How the write behaves; when absent, the server's defaults apply and no policy is sent. */
  policy?: ListPolicy | undefined;
}

/**
 * Options of a list selection of one element (`getByIndex`, `getByRank`,
 * `removeByIndex`, `removeByRank`): what to return. The server
 * cannot invert a selection of one element; use the range form for that.
 *
 * @example
 * ```ts
 * lists.getByIndex('l', -1, { returnType: 'rank' });
 * ```
 */
export interface ListReturnOptions extends CdtOptions {
  /**
   * What to return: a {@link ListReturnTypeName} or a `CdtReturnType`
   * value. Default `'value'` for `getBy…`, `'none'` for `removeBy…`.
   */
  returnType?: ListReturnTypeName | number | undefined;
}

/**
 * Options of a list selection of any number of elements (`getBy…`, `removeBy…`):
 * what to return, and whether to select everything the arguments do not.
 *
 * @example
 * ```ts
 * lists.removeByValue('tags', 'old', { returnType: 'count', inverted: true });
 * ```
 */
export interface ListSelectOptions extends ListReturnOptions {
  /** Select every element the arguments do not select. */
  inverted?: boolean | undefined;
}

/**
 * Options of {@link lists.create}.
 *
 * @example
 * ```ts
 * lists.create('l', ListOrder.UNORDERED, { pad: true, ctx: [ctx.mapKey('a')] });
 * ```
 */
export interface ListCreateOptions extends CdtOptions {
  /**
   * With a context ending in a list index: fill the parent list with nils up
   * to that index when it is shorter. Default false.
   */
  pad?: boolean | undefined;
  /** Keep the list's index on disk (top-level lists only; ignored with a context). Default false. */
  persistIndex?: boolean | undefined;
}

/**
 * Options of {@link lists.setOrder}.
 *
 * @example
 * ```ts
 * lists.setOrder('l', ListOrder.ORDERED, { persistIndex: true });
 * ```
 */
export interface ListSetOrderOptions extends CdtOptions {
  /** Keep the list's index on disk (top-level lists only). Default false. */
  persistIndex?: boolean | undefined;
}

function modify(builder: string, bin: string, opcode: number, args: readonly CdtArg[], options: CdtOptions): Operation {
  return operation(OperationType.CDT_MODIFY, bin, encodeCdt(builder, opcode, args, options.ctx));
}

function read(builder: string, bin: string, opcode: number, args: readonly CdtArg[], options: CdtOptions): Operation {
  return operation(OperationType.CDT_READ, bin, encodeCdt(builder, opcode, args, options.ctx));
}

/** `[order, flags]` of a policy, or undefined when none was given. */
function policyOf(builder: string, policy: ListPolicy | undefined): { order: number; flags: number } | undefined {
  if (policy === undefined) return undefined;
  if (typeof policy !== 'object' || policy === null) throw invalidArgument(builder, `policy must be an object, got ${show(policy)}`);
  return {
    order: policy.order === undefined ? ListOrder.UNORDERED : listOrder(builder, 'policy.order', policy.order),
    flags: policy.writeFlags === undefined ? 0 : flags(builder, 'policy.writeFlags', policy.writeFlags, LIST_WRITE_FLAGS),
  };
}

/** A selection by return type. */
function select(
  builder: string,
  bin: string,
  opcode: number,
  args: readonly CdtArg[],
  options: ListSelectOptions | undefined,
  fallback: ListReturnTypeName,
  write: boolean,
  single = false,
): Operation {
  const o = optionsOf(builder, options);
  const returnType = returnTypeOf(builder, 'list', o.returnType, o.inverted, fallback, single);
  const bytes = encodeCdt(builder, opcode, [returnType, ...args], o.ctx);
  return operation(write ? OperationType.CDT_MODIFY : OperationType.CDT_READ, bin, bytes);
}

/** `count` when given, nothing when absent (to the end). */
function optionalCount(builder: string, n: number | undefined): CdtArg[] {
  return n === undefined ? [] : [checkCount(builder, 'count', n)];
}

/** `[begin, end]` of a value range: an absent begin is nil (the lowest), an absent end is left out (no upper bound). */
function range(builder: string, begin: CdtValue | undefined, end: CdtValue | undefined): CdtArg[] {
  const b = rangeValue(builder, 'begin', begin);
  const e = rangeValue(builder, 'end', end);
  return e === null || e === undefined ? [b ?? null] : [b ?? null, e];
}

/**
 * List operations. Each builder returns an {@link Operation} whose bytes are
 * already encoded; bad arguments throw `InvalidArgumentError` naming the
 * builder and the argument.
 *
 * @example
 * ```ts
 * const { results } = await client.operate(key, [
 *   lists.appendItems('scores', [12, 7, 30]),
 *   lists.getByRankRange('scores', -2, 2, { returnType: 'value' }),
 * ]);
 * ```
 */
export const lists = {
  /**
   * Appends `value` to the list (created when missing). Returns the new size.
   * @example
   * ```ts
   * lists.append('tags', 'new');
   * lists.append('tags', 'new', { policy: { writeFlags: ListWriteFlags.ADD_UNIQUE | ListWriteFlags.NO_FAIL } });
   * ```
   */
  append(bin: string, value: CdtValue, options?: ListWriteOptions): Operation {
    const B = 'lists.append';
    const o = optionsOf(B, options);
    const p = policyOf(B, o.policy);
    const v = packValue(B, 'value', value);
    return modify(B, binName(B, bin), ListOp.APPEND, p ? [v, p.order, p.flags] : [v], o);
  },

  /**
   * Appends every item of `items`. Returns the new size.
   * @example
   * ```ts
   * lists.appendItems('tags', ['a', 'b']);
   * ```
   */
  appendItems(bin: string, items: readonly CdtValue[], options?: ListWriteOptions): Operation {
    const B = 'lists.appendItems';
    const o = optionsOf(B, options);
    const p = policyOf(B, o.policy);
    const v = list(B, 'items', items);
    return modify(B, binName(B, bin), ListOp.APPEND_ITEMS, p ? [v, p.order, p.flags] : [v], o);
  },

  /**
   * Inserts `value` at `index`, shifting the elements from there on. Returns the new size.
   * @example
   * ```ts
   * lists.insert('queue', 0, 'first');
   * ```
   */
  insert(bin: string, index: number, value: CdtValue, options?: ListWriteOptions): Operation {
    const B = 'lists.insert';
    const o = optionsOf(B, options);
    const p = policyOf(B, o.policy);
    const args: CdtArg[] = [int(B, 'index', index), packValue(B, 'value', value)];
    if (p) args.push(p.flags);
    return modify(B, binName(B, bin), ListOp.INSERT, args, o);
  },

  /**
   * Inserts every item of `items` at `index`. Returns the new size.
   * @example
   * ```ts
   * lists.insertItems('queue', 1, ['b', 'c']);
   * ```
   */
  insertItems(bin: string, index: number, items: readonly CdtValue[], options?: ListWriteOptions): Operation {
    const B = 'lists.insertItems';
    const o = optionsOf(B, options);
    const p = policyOf(B, o.policy);
    const args: CdtArg[] = [int(B, 'index', index), list(B, 'items', items)];
    if (p) args.push(p.flags);
    return modify(B, binName(B, bin), ListOp.INSERT_ITEMS, args, o);
  },

  /**
   * Removes the element at `index` and returns it.
   * @example
   * ```ts
   * lists.pop('queue', 0);
   * ```
   */
  pop(bin: string, index: number, options?: CdtOptions): Operation {
    const B = 'lists.pop';
    const o = optionsOf(B, options);
    return modify(B, binName(B, bin), ListOp.POP, [int(B, 'index', index)], o);
  },

  /**
   * Removes `count` elements from `index` (to the end when `count` is
   * absent) and returns them.
   * @example
   * ```ts
   * lists.popRange('queue', 0, 10);
   * ```
   */
  popRange(bin: string, index: number, count?: number, options?: CdtOptions): Operation {
    const B = 'lists.popRange';
    const o = optionsOf(B, options);
    return modify(B, binName(B, bin), ListOp.POP_RANGE, [int(B, 'index', index), ...optionalCount(B, count)], o);
  },

  /**
   * Removes the element at `index`. Returns how many were removed.
   * @example
   * ```ts
   * lists.remove('queue', -1);
   * ```
   */
  remove(bin: string, index: number, options?: CdtOptions): Operation {
    const B = 'lists.remove';
    const o = optionsOf(B, options);
    return modify(B, binName(B, bin), ListOp.REMOVE, [int(B, 'index', index)], o);
  },

  /**
   * Removes `count` elements from `index` (to the end when `count` is
   * absent). Returns how many were removed.
   * @example
   * ```ts
   * lists.removeRange('queue', 2);
   * ```
   */
  removeRange(bin: string, index: number, count?: number, options?: CdtOptions): Operation {
    const B = 'lists.removeRange';
    const o = optionsOf(B, options);
    return modify(B, binName(B, bin), ListOp.REMOVE_RANGE, [int(B, 'index', index), ...optionalCount(B, count)], o);
  },

  /**
   * Removes the element at `index`; returns what `returnType` asks for (default nothing).
   * @example
   * ```ts
   * lists.removeByIndex('l', 0, { returnType: 'value' });
   * ```
   */
  removeByIndex(bin: string, index: number, options?: ListReturnOptions): Operation {
    const B = 'lists.removeByIndex';
    return select(B, binName(B, bin), ListOp.REMOVE_BY_INDEX, [int(B, 'index', index)], options, 'none', true, true);
  },

  /**
   * Removes `count` elements from `index` (to the end when `count` is absent).
   * @example
   * ```ts
   * lists.removeByIndexRange('l', 0, 2, { inverted: true }); // keep only the first two
   * ```
   */
  removeByIndexRange(bin: string, index: number, count?: number, options?: ListSelectOptions): Operation {
    const B = 'lists.removeByIndexRange';
    const args = [int(B, 'index', index), ...optionalCount(B, count)];
    return select(B, binName(B, bin), ListOp.REMOVE_BY_INDEX_RANGE, args, options, 'none', true);
  },

  /**
   * Removes every element equal to `value`.
   * @example
   * ```ts
   * lists.removeByValue('tags', 'old', { returnType: 'count' });
   * ```
   */
  removeByValue(bin: string, value: CdtValue, options?: ListSelectOptions): Operation {
    const B = 'lists.removeByValue';
    return select(B, binName(B, bin), ListOp.REMOVE_ALL_BY_VALUE, [packValue(B, 'value', value)], options, 'none', true);
  },

  /**
   * Removes every element equal to one of `values`.
   * @example
   * ```ts
   * lists.removeByValueList('tags', ['a', 'b']);
   * ```
   */
  removeByValueList(bin: string, values: readonly CdtValue[], options?: ListSelectOptions): Operation {
    const B = 'lists.removeByValueList';
    return select(B, binName(B, bin), ListOp.REMOVE_ALL_BY_VALUE_LIST, [list(B, 'values', values)], options, 'none', true);
  },

  /**
   * Removes the elements in `[begin, end)`. A null or absent `begin` is the
   * lowest value; a null or absent `end` leaves the range open above.
   * @example
   * ```ts
   * lists.removeByValueRange('scores', 0, 10);
   * lists.removeByValueRange('scores', 90, null, { returnType: 'count' });
   * ```
   */
  removeByValueRange(
    bin: string,
    begin: CdtValue | undefined,
    end: CdtValue | undefined,
    options?: ListSelectOptions,
  ): Operation {
    const B = 'lists.removeByValueRange';
    return select(B, binName(B, bin), ListOp.REMOVE_BY_VALUE_INTERVAL, range(B, begin, end), options, 'none', true);
  },

  /**
   * Removes the elements whose rank, relative to `value`, is from `rank`
   * on (`count` of them, or all when `count` is absent).
   * @example
   * ```ts
   * // in [0, 4, 5, 9, 11, 15]: value 5, rank 0 → [5, 9, 11, 15]; rank -1, count 2 → [4, 5]
   * lists.removeByValueRelRankRange('l', 5, -1, 2);
   * ```
   */
  removeByValueRelRankRange(bin: string, value: CdtValue, rank: number, count?: number, options?: ListSelectOptions): Operation {
    const B = 'lists.removeByValueRelRankRange';
    const args = [packValue(B, 'value', value), int(B, 'rank', rank), ...optionalCount(B, count)];
    return select(B, binName(B, bin), ListOp.REMOVE_BY_VALUE_REL_RANK_RANGE, args, options, 'none', true);
  },

  /**
   * Removes the element of rank `rank` (0 the smallest, -1 the largest).
   * @example
   * ```ts
   * lists.removeByRank('scores', 0, { returnType: 'value' });
   * ```
   */
  removeByRank(bin: string, rank: number, options?: ListReturnOptions): Operation {
    const B = 'lists.removeByRank';
    return select(B, binName(B, bin), ListOp.REMOVE_BY_RANK, [int(B, 'rank', rank)], options, 'none', true, true);
  },

  /**
   * Removes `count` elements from rank `rank` on (all when `count` is absent).
   * @example
   * ```ts
   * lists.removeByRankRange('scores', -3, 3, { inverted: true }); // keep the top three
   * ```
   */
  removeByRankRange(bin: string, rank: number, count?: number, options?: ListSelectOptions): Operation {
    const B = 'lists.removeByRankRange';
    const args = [int(B, 'rank', rank), ...optionalCount(B, count)];
    return select(B, binName(B, bin), ListOp.REMOVE_BY_RANK_RANGE, args, options, 'none', true);
  },

  /**
   * Removes every element, keeping the (empty) list.
   * @example
   * ```ts
   * lists.clear('tags');
   * ```
   */
  clear(bin: string, options?: CdtOptions): Operation {
    const B = 'lists.clear';
    const o = optionsOf(B, options);
    return modify(B, binName(B, bin), ListOp.CLEAR, [], o);
  },

  /**
   * Replaces the element at `index` with `value`.
   * @example
   * ```ts
   * lists.set('l', 2, 'x', { policy: { writeFlags: ListWriteFlags.INSERT_BOUNDED } });
   * ```
   */
  set(bin: string, index: number, value: CdtValue, options?: ListWriteOptions): Operation {
    const B = 'lists.set';
    const o = optionsOf(B, options);
    const p = policyOf(B, o.policy);
    const args: CdtArg[] = [int(B, 'index', index), packValue(B, 'value', value)];
    if (p) args.push(p.flags);
    return modify(B, binName(B, bin), ListOp.SET, args, o);
  },

  /**
   * Keeps only the `count` elements from `index`. Returns how many were removed.
   * @example
   * ```ts
   * lists.trim('recent', 0, 100);
   * ```
   */
  trim(bin: string, index: number, count: number, options?: CdtOptions): Operation {
    const B = 'lists.trim';
    const o = optionsOf(B, options);
    return modify(B, binName(B, bin), ListOp.TRIM, [int(B, 'index', index), checkCount(B, 'count', count)], o);
  },

  /**
   * Adds `value` (default 1) to the number at `index`. Returns the result.
   * @example
   * ```ts
   * lists.increment('counts', 3, 10);
   * lists.increment('counts', 0);
   * ```
   */
  increment(bin: string, index: number, value?: number | bigint | Double, options?: ListWriteOptions): Operation {
    const B = 'lists.increment';
    const o = optionsOf(B, options);
    const p = policyOf(B, o.policy);
    const args: CdtArg[] = [int(B, 'index', index)];
    if (value !== undefined) args.push(packAmount(B, 'value', value));
    if (p) {
      if (value === undefined) args.push(1);
      args.push(p.order, p.flags);
    }
    return modify(B, binName(B, bin), ListOp.INCREMENT, args, o);
  },

  /**
   * Creates a list with `order` where none is. Without a context it sets
   * the order of the bin's list (creating an empty one when the bin is
   * empty); with a context, the last step creates the nested list when it
   * is missing.
   * @example
   * ```ts
   * lists.create('l', ListOrder.ORDERED);
   * lists.create('m', ListOrder.UNORDERED, { pad: true, ctx: [ctx.mapKey('a')] });
   * ```
   */
  create(bin: string, order: ListOrder, options?: ListCreateOptions): Operation {
    const B = 'lists.create';
    const o = optionsOf(B, options);
    const ord = listOrder(B, 'order', order);
    const pad = o.pad === undefined ? false : bool(B, 'pad', o.pad);
    const persist = o.persistIndex === undefined ? false : bool(B, 'persistIndex', o.persistIndex);
    const name = binName(B, bin);
    if (!hasContext(o.ctx)) return modify(B, name, ListOp.SET_TYPE, [persist ? ord | PERSIST_INDEX : ord], {});
    return modify(B, name, ListOp.SET_TYPE, [ord], { ctx: withCreateFlag(o.ctx, listOrderFlag(ord, pad)) });
  },

  /**
   * Sets the order of the list (sorting it when it becomes ordered).
   * @example
   * ```ts
   * lists.setOrder('l', ListOrder.ORDERED);
   * ```
   */
  setOrder(bin: string, order: ListOrder, options?: ListSetOrderOptions): Operation {
    const B = 'lists.setOrder';
    const o = optionsOf(B, options);
    const ord = listOrder(B, 'order', order);
    const persist = o.persistIndex === undefined ? false : bool(B, 'persistIndex', o.persistIndex);
    return modify(B, binName(B, bin), ListOp.SET_TYPE, [persist ? ord | PERSIST_INDEX : ord], o);
  },

  /**
   * Sorts the list; `sortFlags` is an OR of {@link ListSortFlags} (default
   * ascending, keeping duplicates). Server 8.1 refuses `DESCENDING` together
   * with `DROP_DUPLICATES` (parameter error).
   * @example
   * ```ts
   * lists.sort('l', ListSortFlags.DESCENDING | ListSortFlags.DROP_DUPLICATES);
   * ```
   */
  sort(bin: string, sortFlags: number = ListSortFlags.DEFAULT, options?: CdtOptions): Operation {
    const B = 'lists.sort';
    const o = optionsOf(B, options);
    return modify(B, binName(B, bin), ListOp.SORT, [flags(B, 'sortFlags', sortFlags, LIST_SORT_FLAGS)], o);
  },

  /**
   * Reads the element at `index`.
   * @example
   * ```ts
   * lists.get('l', -1);
   * ```
   */
  get(bin: string, index: number, options?: CdtOptions): Operation {
    const B = 'lists.get';
    const o = optionsOf(B, options);
    return read(B, binName(B, bin), ListOp.GET, [int(B, 'index', index)], o);
  },

  /**
   * Reads `count` elements from `index` (to the end when `count` is absent).
   * @example
   * ```ts
   * lists.getRange('l', 0, 10);
   * ```
   */
  getRange(bin: string, index: number, count?: number, options?: CdtOptions): Operation {
    const B = 'lists.getRange';
    const o = optionsOf(B, options);
    return read(B, binName(B, bin), ListOp.GET_RANGE, [int(B, 'index', index), ...optionalCount(B, count)], o);
  },

  /**
   * Selects the element at `index`; returns what `returnType` asks for (default its value).
   * @example
   * ```ts
   * lists.getByIndex('l', -1);
   * lists.getByIndex('l', 0, { returnType: 'rank' });
   * ```
   */
  getByIndex(bin: string, index: number, options?: ListReturnOptions): Operation {
    const B = 'lists.getByIndex';
    return select(B, binName(B, bin), ListOp.GET_BY_INDEX, [int(B, 'index', index)], options, 'value', false, true);
  },

  /**
   * Selects `count` elements from `index` (to the end when `count` is absent).
   * @example
   * ```ts
   * lists.getByIndexRange('l', 1);
   * lists.getByIndexRange('l', 0, 3, { returnType: 'count' });
   * ```
   */
  getByIndexRange(bin: string, index: number, count?: number, options?: ListSelectOptions): Operation {
    const B = 'lists.getByIndexRange';
    const args = [int(B, 'index', index), ...optionalCount(B, count)];
    return select(B, binName(B, bin), ListOp.GET_BY_INDEX_RANGE, args, options, 'value', false);
  },

  /**
   * Selects every element equal to `value`.
   * @example
   * ```ts
   * lists.getByValue('tags', 'urgent', { returnType: 'index' });
   * ```
   */
  getByValue(bin: string, value: CdtValue, options?: ListSelectOptions): Operation {
    const B = 'lists.getByValue';
    return select(B, binName(B, bin), ListOp.GET_ALL_BY_VALUE, [packValue(B, 'value', value)], options, 'value', false);
  },

  /**
   * Selects every element equal to one of `values`.
   * @example
   * ```ts
   * lists.getByValueList('tags', ['a', 'b'], { returnType: 'count' });
   * ```
   */
  getByValueList(bin: string, values: readonly CdtValue[], options?: ListSelectOptions): Operation {
    const B = 'lists.getByValueList';
    return select(B, binName(B, bin), ListOp.GET_ALL_BY_VALUE_LIST, [list(B, 'values', values)], options, 'value', false);
  },

  /**
   * Selects the elements in `[begin, end)`. A null or absent `begin` is the
   * lowest value; a null or absent `end` leaves the range open above.
   * @example
   * ```ts
   * lists.getByValueRange('scores', 10, 20);
   * lists.getByValueRange('points', [10, WILDCARD], [20, WILDCARD]);
   * ```
   */
  getByValueRange(bin: string, begin: CdtValue | undefined, end: CdtValue | undefined, options?: ListSelectOptions): Operation {
    const B = 'lists.getByValueRange';
    return select(B, binName(B, bin), ListOp.GET_BY_VALUE_INTERVAL, range(B, begin, end), options, 'value', false);
  },

  /**
   * Selects the elements whose rank, relative to `value`, is from `rank`
   * on (`count` of them, or all when `count` is absent).
   * @example
   * ```ts
   * // the two elements just above 5
   * lists.getByValueRelRankRange('l', 5, 1, 2);
   * ```
   */
  getByValueRelRankRange(bin: string, value: CdtValue, rank: number, count?: number, options?: ListSelectOptions): Operation {
    const B = 'lists.getByValueRelRankRange';
    const args = [packValue(B, 'value', value), int(B, 'rank', rank), ...optionalCount(B, count)];
    return select(B, binName(B, bin), ListOp.GET_BY_VALUE_REL_RANK_RANGE, args, options, 'value', false);
  },

  /**
   * Selects the element of rank `rank` (0 the smallest, -1 the largest).
   * @example
   * ```ts
   * lists.getByRank('scores', -1);
   * ```
   */
  getByRank(bin: string, rank: number, options?: ListReturnOptions): Operation {
    const B = 'lists.getByRank';
    return select(B, binName(B, bin), ListOp.GET_BY_RANK, [int(B, 'rank', rank)], options, 'value', false, true);
  },

  /**
   * Selects `count` elements from rank `rank` on (all when `count` is absent).
   * @example
   * ```ts
   * lists.getByRankRange('scores', -3, 3); // the top three
   * ```
   */
  getByRankRange(bin: string, rank: number, count?: number, options?: ListSelectOptions): Operation {
    const B = 'lists.getByRankRange';
    const args = [int(B, 'rank', rank), ...optionalCount(B, count)];
    return select(B, binName(B, bin), ListOp.GET_BY_RANK_RANGE, args, options, 'value', false);
  },

  /**
   * Reads the number of elements.
   * @example
   * ```ts
   * lists.size('tags');
   * ```
   */
  size(bin: string, options?: CdtOptions): Operation {
    const B = 'lists.size';
    const o = optionsOf(B, options);
    return read(B, binName(B, bin), ListOp.SIZE, [], o);
  },
} as const;
