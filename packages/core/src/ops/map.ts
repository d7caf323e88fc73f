/**
 * Builders of map operations, for `client.operate(key, operations)`.
 *
 * Every builder takes its required arguments first and an options object
 * last. Options carry the context (`ctx`) of a nested map, the map policy
 * of a write, or, for selections, what to return (`returnType`) and whether
 * to select everything the arguments do not (`inverted`). Indexes count
 * entries in key order and ranks order entries by value; both may be
 * negative (-1 is the last, or the largest).
 *
 * ```ts
 * const { bins } = await client.operate(key, [
 *   maps.put('stats', 'visits', 1),
 *   maps.getByRankRange('scores', -3, 3, { returnType: 'key' }),
 * ], { respondAllOps: true });
 * ```
 *
 * @packageDocumentation
 */

import { invalidArgument } from '../errors.js';
import type { CdtValue, CdtSentinel, Double, MapKey } from '../values.js';
import { MapOp, MapOrder, MapWriteFlags, MapWriteMode, mapOrderCreateFlag } from '../wire/cdt/map.js';
import { OperationType } from '../wire/message.js';
import type { Operation } from '../wire/operation.js';
import {
  type CdtArg,
  type CdtOptions,
  type MapReturnTypeName,
  packAmount,
  binName,
  bool,
  checkCount,
  encodeCdt,
  flags,
  hasContext,
  int,
  list,
  mapKey,
  mapKeys,
  mapOrder,
  operation,
  optionsOf,
  rangeKey,
  rangeValue,
  returnTypeOf,
  show,
  packValue,
  withCreateFlag,
} from './cdt-encode.js';

export type { CdtOptions, MapReturnTypeName } from './cdt-encode.js';

/** Every map write flag. */
const MAP_WRITE_FLAGS = MapWriteFlags.CREATE_ONLY | MapWriteFlags.UPDATE_ONLY | MapWriteFlags.NO_FAIL | MapWriteFlags.PARTIAL;
/** Attribute bit of a map whose index the server keeps on disk. */
const PERSIST_INDEX = 0x10;

/**
 * How a map write behaves.
 *
 * - `order`: the order of a map the write creates (default unordered).
 * - `writeFlags`: an OR of {@link MapWriteFlags}; the way to say
 *   create-only, update-only, no-fail or partial.
 * - `writeMode`: the older way to say update-only or create-only, kept for
 *   code written against it; it picks the operation code (put, replace or
 *   add). Give `writeFlags` or a `writeMode` other than `UPDATE`, not both.
 * - `persistIndex`: keep the map's index on disk (top-level maps only).
 *
 * @example
 * ```ts
 * const policy: MapPolicy = { order: MapOrder.KEY_ORDERED, writeFlags: MapWriteFlags.CREATE_ONLY | MapWriteFlags.NO_FAIL };
 * maps.put('m', 'a', 1, { policy });
 * ```
 */
export interface MapPolicy {
  /** Order of a map created by the write (default {@link MapOrder.UNORDERED}). */
  order?: MapOrder | undefined;
  /** Put (default), replace (update-only) or add (create-only). */
  writeMode?: MapWriteMode | undefined;
  /** OR of {@link MapWriteFlags} (default 0). */
  writeFlags?: number | undefined;
  /** Keep the map's index on disk (default false). */
  persistIndex?: boolean | undefined;
}

/**
 * Options of a map write that takes a {@link MapPolicy}.
 *
 * @example
 * ```ts
 * maps.putItems('m', { a: 1, b: 2 }, { policy: { order: MapOrder.KEY_ORDERED }, ctx: [ctx.mapKey('inner')] });
 * ```
 */
export interface MapWriteOptions extends CdtOptions {
  /** How the write behaves (default: unordered map, plain put). */
  policy?: MapPolicy | undefined;
}

/**
 * Options of a map selection of one entry (`getByIndex`, `getByRank`,
 * `removeByIndex`, `removeByRank`, `getByKey`, `removeByKey`): what to return. The server
 * cannot invert a selection of one entry; use the range form for that.
 *
 * @example
 * ```ts
 * maps.getByKey('m', 'a', { returnType: 'exists' });
 * ```
 */
export interface MapReturnOptions extends CdtOptions {
  /**
   * What to return: a {@link MapReturnTypeName} or a `CdtReturnType`
   * value. Default `'value'` for `getBy…`, `'none'` for `removeBy…`.
   */
  returnType?: MapReturnTypeName | number | undefined;
}

/**
 * Options of a map selection of any number of entries (`getBy…`, `removeBy…`):
 * what to return, and whether to select everything the arguments do not.
 *
 * @example
 * ```ts
 * maps.getByKeyList('m', ['a', 'b'], { returnType: 'keyValue', inverted: true });
 * ```
 */
export interface MapSelectOptions extends MapReturnOptions {
  /** Select every entry the arguments do not select. */
  inverted?: boolean | undefined;
}

/**
 * Options of {@link maps.create}.
 *
 * @example
 * ```ts
 * maps.create('m', MapOrder.KEY_ORDERED, { persistIndex: true });
 * ```
 */
export interface MapCreateOptions extends CdtOptions {
  /** Keep the map's index on disk (top-level maps only; ignored with a context). Default false. */
  persistIndex?: boolean | undefined;
}

/** What a map policy puts on the wire. */
interface ResolvedMapPolicy {
  /** Order, plus the persist-index bit. */
  attributes: number;
  flags: number;
  /** Operation code of a single put: PUT, REPLACE or ADD. */
  item: number;
  /** Operation code of a put of several items: PUT_ITEMS, REPLACE_ITEMS or ADD_ITEMS. */
  items: number;
}

const DEFAULT_POLICY: ResolvedMapPolicy = { attributes: MapOrder.UNORDERED, flags: 0, item: MapOp.PUT, items: MapOp.PUT_ITEMS };

function policyOf(builder: string, policy: MapPolicy | undefined): ResolvedMapPolicy {
  if (policy === undefined) return DEFAULT_POLICY;
  if (typeof policy !== 'object' || policy === null) throw invalidArgument(builder, `policy must be an object, got ${show(policy)}`);
  const order = policy.order === undefined ? MapOrder.UNORDERED : mapOrder(builder, 'policy.order', policy.order);
  const persist = policy.persistIndex === undefined ? false : bool(builder, 'policy.persistIndex', policy.persistIndex);
  const writeFlags = policy.writeFlags === undefined ? 0 : flags(builder, 'policy.writeFlags', policy.writeFlags, MAP_WRITE_FLAGS);
  const mode = policy.writeMode ?? MapWriteMode.UPDATE;
  let item: number;
  let items: number;
  switch (mode) {
    case MapWriteMode.UPDATE:
      item = MapOp.PUT;
      items = MapOp.PUT_ITEMS;
      break;
    case MapWriteMode.UPDATE_ONLY:
      item = MapOp.REPLACE;
      items = MapOp.REPLACE_ITEMS;
      break;
    case MapWriteMode.CREATE_ONLY:
      item = MapOp.ADD;
      items = MapOp.ADD_ITEMS;
      break;
    default:
      throw invalidArgument(builder, `policy.writeMode must be MapWriteMode.UPDATE, UPDATE_ONLY or CREATE_ONLY, got ${show(mode)}`);
  }
  if (writeFlags !== 0 && mode !== MapWriteMode.UPDATE) {
    throw invalidArgument(
      builder,
      'policy.writeMode and policy.writeFlags cannot be combined; say create-only or update-only with MapWriteFlags instead',
    );
  }
  return { attributes: persist ? order | PERSIST_INDEX : order, flags: writeFlags, item, items };
}

function modify(builder: string, bin: string, opcode: number, args: readonly CdtArg[], options: CdtOptions): Operation {
  return operation(OperationType.CDT_MODIFY, bin, encodeCdt(builder, opcode, args, options.ctx), true);
}

/** A selection by return type. */
function select(
  builder: string,
  bin: string,
  opcode: number,
  args: readonly CdtArg[],
  options: MapSelectOptions | undefined,
  fallback: 'none' | 'value',
  write: boolean,
  single = false,
): Operation {
  const o = optionsOf(builder, options);
  const returnType = returnTypeOf(builder, 'map', o.returnType, o.inverted, fallback, single);
  const bytes = encodeCdt(builder, opcode, [returnType, ...args], o.ctx);
  return operation(write ? OperationType.CDT_MODIFY : OperationType.CDT_READ, bin, bytes, true);
}

function optionalCount(builder: string, n: number | undefined): CdtArg[] {
  return n === undefined ? [] : [checkCount(builder, 'count', n)];
}

/** `[begin, end]` of a range: an absent begin is nil (the lowest), an absent end is left out (no upper bound). */
function ends(begin: CdtArg | undefined, end: CdtArg | undefined): CdtArg[] {
  return end === null || end === undefined ? [begin ?? null] : [begin ?? null, end];
}

/** Items of a put: a `Map` (any key type, sent in its iteration order) or a plain object (sent in key order). */
function itemsOf(builder: string, items: Map<MapKey, CdtValue> | Record<string, CdtValue>): CdtArg {
  if (typeof items !== 'object' || items === null || Array.isArray(items) || items instanceof Uint8Array) {
    throw invalidArgument(builder, `items must be a Map or a plain object, got ${show(items)}`);
  }
  return packValue(builder, 'items', items);
}

/**
 * Map operations. Each builder returns an {@link Operation} whose bytes are
 * already encoded; bad arguments throw `InvalidArgumentError` naming the
 * builder and the argument.
 *
 * @example
 * ```ts
 * const { results } = await client.operate(key, [
 *   maps.increment('visits', 'home', 1),
 *   maps.getByRankRange('visits', -3, 3, { returnType: 'key' }),
 * ], { respondAllOps: true });
 * ```
 */
export const maps = {
  /**
   * Writes `value` under `key` (the map is created when missing). Returns the new size.
   * @example
   * ```ts
   * maps.put('stats', 'visits', 1);
   * maps.put('stats', 'first', Date.now(), { policy: { writeFlags: MapWriteFlags.CREATE_ONLY | MapWriteFlags.NO_FAIL } });
   * ```
   */
  put(bin: string, key: MapKey, value: CdtValue, options?: MapWriteOptions): Operation {
    const B = 'maps.put';
    const o = optionsOf(B, options);
    const p = policyOf(B, o.policy);
    const k = mapKey(B, 'key', key);
    const v = packValue(B, 'value', value);
    let opcode: number;
    let args: CdtArg[];
    if (p.flags !== 0) {
      opcode = MapOp.PUT;
      args = [k, v, p.attributes, p.flags];
    } else if (p.item === MapOp.REPLACE) {
      // A replace never creates the map, so it takes no attributes.
      opcode = MapOp.REPLACE;
      args = [k, v];
    } else {
      opcode = p.item;
      args = [k, v, p.attributes];
    }
    return modify(B, binName(B, bin), opcode, args, o);
  },

  /**
   * Writes every entry of `items`. A `Map` may have any key type; a plain
   * object's keys are strings. Returns the new size.
   * @example
   * ```ts
   * maps.putItems('stats', { visits: 1, last: Date.now() });
   * maps.putItems('byId', new Map([[1, 'a'], [2, 'b']]));
   * ```
   */
  putItems(bin: string, items: Map<MapKey, CdtValue> | Record<string, CdtValue>, options?: MapWriteOptions): Operation {
    const B = 'maps.putItems';
    const o = optionsOf(B, options);
    const p = policyOf(B, o.policy);
    const v = itemsOf(B, items);
    let opcode: number;
    let args: CdtArg[];
    if (p.flags !== 0) {
      opcode = MapOp.PUT_ITEMS;
      args = [v, p.attributes, p.flags];
    } else if (p.items === MapOp.REPLACE_ITEMS) {
      opcode = MapOp.REPLACE_ITEMS;
      args = [v];
    } else {
      opcode = p.items;
      args = [v, p.attributes];
    }
    return modify(B, binName(B, bin), opcode, args, o);
  },

  /**
   * Adds `amount` to the number under `key` (created as `amount` when
   * missing). Returns the result.
   * @example
   * ```ts
   * maps.increment('stats', 'visits', 1);
   * ```
   */
  increment(bin: string, key: MapKey, amount: number | bigint | Double, options?: MapWriteOptions): Operation {
    const B = 'maps.increment';
    const o = optionsOf(B, options);
    const p = policyOf(B, o.policy);
    const args = [mapKey(B, 'key', key), packAmount(B, 'amount', amount), p.attributes];
    return modify(B, binName(B, bin), MapOp.INCREMENT, args, o);
  },

  /**
   * Subtracts `amount` from the number under `key`. Returns the result.
   * Same as {@link maps.increment} with the opposite amount.
   * @example
   * ```ts
   * maps.decrement('stock', 'apples', 3);
   * ```
   */
  decrement(bin: string, key: MapKey, amount: number | bigint | Double, options?: MapWriteOptions): Operation {
    const B = 'maps.decrement';
    const o = optionsOf(B, options);
    const p = policyOf(B, o.policy);
    const args = [mapKey(B, 'key', key), packAmount(B, 'amount', amount), p.attributes];
    return modify(B, binName(B, bin), MapOp.DECREMENT, args, o);
  },

  /**
   * Removes every entry, keeping the (empty) map.
   * @example
   * ```ts
   * maps.clear('stats');
   * ```
   */
  clear(bin: string, options?: CdtOptions): Operation {
    const B = 'maps.clear';
    const o = optionsOf(B, options);
    return modify(B, binName(B, bin), MapOp.CLEAR, [], o);
  },

  /**
   * Removes the entry under `key`; returns what `returnType` asks for (default nothing).
   * @example
   * ```ts
   * maps.removeByKey('m', 'a', { returnType: 'value' });
   * ```
   */
  removeByKey(bin: string, key: MapKey, options?: MapReturnOptions): Operation {
    const B = 'maps.removeByKey';
    return select(B, binName(B, bin), MapOp.REMOVE_BY_KEY, [mapKey(B, 'key', key)], options, 'none', true, true);
  },

  /**
   * Removes the entries under `keys`.
   * @example
   * ```ts
   * maps.removeByKeyList('m', ['a', 'b']);
   * ```
   */
  removeByKeyList(bin: string, keys: readonly MapKey[], options?: MapSelectOptions): Operation {
    const B = 'maps.removeByKeyList';
    return select(B, binName(B, bin), MapOp.REMOVE_BY_KEY_LIST, [mapKeys(B, 'keys', keys)], options, 'none', true);
  },

  /**
   * Removes the entries whose key is in `[begin, end)`. A null or absent
   * `begin` is the lowest key; a null or absent `end` leaves the range open above.
   * @example
   * ```ts
   * maps.removeByKeyRange('m', 'a', 'c');
   * ```
   */
  removeByKeyRange(
    bin: string,
    begin: MapKey | CdtSentinel | null | undefined,
    end: MapKey | CdtSentinel | null | undefined,
    options?: MapSelectOptions,
  ): Operation {
    const B = 'maps.removeByKeyRange';
    const args = ends(rangeKey(B, 'begin', begin), rangeKey(B, 'end', end));
    return select(B, binName(B, bin), MapOp.REMOVE_BY_KEY_INTERVAL, args, options, 'none', true);
  },

  /**
   * Removes the entries whose index, relative to `key` (which need not be
   * in the map), is from `index` on (`count` of them, or all when absent).
   * @example
   * ```ts
   * // keys a, c, d, e: key "b", index 0 → c, d, e; index -1, count 2 → a, c
   * maps.removeByKeyRelIndexRange('m', 'b', -1, 2);
   * ```
   */
  removeByKeyRelIndexRange(bin: string, key: MapKey, index: number, count?: number, options?: MapSelectOptions): Operation {
    const B = 'maps.removeByKeyRelIndexRange';
    const args = [mapKey(B, 'key', key), int(B, 'index', index), ...optionalCount(B, count)];
    return select(B, binName(B, bin), MapOp.REMOVE_BY_KEY_REL_INDEX_RANGE, args, options, 'none', true);
  },

  /**
   * Removes every entry whose value equals `value`.
   * @example
   * ```ts
   * maps.removeByValue('m', 0, { returnType: 'key' });
   * ```
   */
  removeByValue(bin: string, value: CdtValue, options?: MapSelectOptions): Operation {
    const B = 'maps.removeByValue';
    return select(B, binName(B, bin), MapOp.REMOVE_ALL_BY_VALUE, [packValue(B, 'value', value)], options, 'none', true);
  },

  /**
   * Removes every entry whose value equals one of `values`.
   * @example
   * ```ts
   * maps.removeByValueList('m', [0, null]);
   * ```
   */
  removeByValueList(bin: string, values: readonly CdtValue[], options?: MapSelectOptions): Operation {
    const B = 'maps.removeByValueList';
    return select(B, binName(B, bin), MapOp.REMOVE_BY_VALUE_LIST, [list(B, 'values', values)], options, 'none', true);
  },

  /**
   * Removes the entries whose value is in `[begin, end)`. A null or absent
   * `begin` is the lowest value; a null or absent `end` leaves the range open above.
   * @example
   * ```ts
   * maps.removeByValueRange('scores', null, 10, { returnType: 'count' });
   * ```
   */
  removeByValueRange(bin: string, begin: CdtValue | undefined, end: CdtValue | undefined, options?: MapSelectOptions): Operation {
    const B = 'maps.removeByValueRange';
    const args = ends(rangeValue(B, 'begin', begin), rangeValue(B, 'end', end));
    return select(B, binName(B, bin), MapOp.REMOVE_BY_VALUE_INTERVAL, args, options, 'none', true);
  },

  /**
   * Removes the entries whose value rank, relative to `value`, is from
   * `rank` on (`count` of them, or all when absent).
   * @example
   * ```ts
   * maps.removeByValueRelRankRange('scores', 50, 0); // every score of 50 or more
   * ```
   */
  removeByValueRelRankRange(bin: string, value: CdtValue, rank: number, count?: number, options?: MapSelectOptions): Operation {
    const B = 'maps.removeByValueRelRankRange';
    const args = [packValue(B, 'value', value), int(B, 'rank', rank), ...optionalCount(B, count)];
    return select(B, binName(B, bin), MapOp.REMOVE_BY_VALUE_REL_RANK_RANGE, args, options, 'none', true);
  },

  /**
   * Removes the entry at `index` in key order.
   * @example
   * ```ts
   * maps.removeByIndex('m', 0, { returnType: 'keyValue' });
   * ```
   */
  removeByIndex(bin: string, index: number, options?: MapReturnOptions): Operation {
    const B = 'maps.removeByIndex';
    return select(B, binName(B, bin), MapOp.REMOVE_BY_INDEX, [int(B, 'index', index)], options, 'none', true, true);
  },

  /**
   * Removes `count` entries from `index` in key order (to the end when absent).
   * @example
   * ```ts
   * maps.removeByIndexRange('m', 0, 10, { inverted: true }); // keep the first ten keys
   * ```
   */
  removeByIndexRange(bin: string, index: number, count?: number, options?: MapSelectOptions): Operation {
    const B = 'maps.removeByIndexRange';
    const args = [int(B, 'index', index), ...optionalCount(B, count)];
    return select(B, binName(B, bin), MapOp.REMOVE_BY_INDEX_RANGE, args, options, 'none', true);
  },

  /**
   * Removes the entry whose value has rank `rank` (0 the smallest, -1 the largest).
   * @example
   * ```ts
   * maps.removeByRank('scores', 0, { returnType: 'key' });
   * ```
   */
  removeByRank(bin: string, rank: number, options?: MapReturnOptions): Operation {
    const B = 'maps.removeByRank';
    return select(B, binName(B, bin), MapOp.REMOVE_BY_RANK, [int(B, 'rank', rank)], options, 'none', true, true);
  },

  /**
   * Removes `count` entries from value rank `rank` on (all when absent).
   * @example
   * ```ts
   * maps.removeByRankRange('scores', -3, 3, { inverted: true }); // keep the top three
   * ```
   */
  removeByRankRange(bin: string, rank: number, count?: number, options?: MapSelectOptions): Operation {
    const B = 'maps.removeByRankRange';
    const args = [int(B, 'rank', rank), ...optionalCount(B, count)];
    return select(B, binName(B, bin), MapOp.REMOVE_BY_RANK_RANGE, args, options, 'none', true);
  },

  /**
   * Sets the order (and persist-index flag) of the map; `policy.writeMode`
   * and `policy.writeFlags` play no part here.
   * @example
   * ```ts
   * maps.setPolicy('m', { order: MapOrder.KEY_ORDERED });
   * ```
   */
  setPolicy(bin: string, policy: MapPolicy, options?: CdtOptions): Operation {
    const B = 'maps.setPolicy';
    const o = optionsOf(B, options);
    if (policy === undefined) throw invalidArgument(B, 'policy is required');
    const p = policyOf(B, policy);
    // A nested map cannot keep its index on disk: the bit is dropped there, as the server would ignore it.
    const attributes = hasContext(o.ctx) ? p.attributes & ~PERSIST_INDEX : p.attributes;
    return modify(B, binName(B, bin), MapOp.SET_TYPE, [attributes], o);
  },

  /**
   * Creates a map with `order` where none is. Without a context it sets the
   * order of the bin's map (creating an empty one when the bin is empty);
   * with a context, the last step creates the nested map when it is missing.
   * @example
   * ```ts
   * maps.create('m', MapOrder.KEY_ORDERED);
   * maps.create('m', MapOrder.KEY_ORDERED, { ctx: [ctx.mapKey('inner')] });
   * ```
   */
  create(bin: string, order: MapOrder, options?: MapCreateOptions): Operation {
    const B = 'maps.create';
    const o = optionsOf(B, options);
    const ord = mapOrder(B, 'order', order);
    const persist = o.persistIndex === undefined ? false : bool(B, 'persistIndex', o.persistIndex);
    const name = binName(B, bin);
    if (!hasContext(o.ctx)) return modify(B, name, MapOp.SET_TYPE, [persist ? ord | PERSIST_INDEX : ord], {});
    return modify(B, name, MapOp.SET_TYPE, [ord], { ctx: withCreateFlag(o.ctx, mapOrderCreateFlag(ord)) });
  },

  /**
   * Reads the number of entries.
   * @example
   * ```ts
   * maps.size('m');
   * ```
   */
  size(bin: string, options?: CdtOptions): Operation {
    const B = 'maps.size';
    const o = optionsOf(B, options);
    return operation(OperationType.CDT_READ, binName(B, bin), encodeCdt(B, MapOp.SIZE, [], o.ctx), true);
  },

  /**
   * Selects the entry under `key`; returns what `returnType` asks for (default its value).
   * @example
   * ```ts
   * maps.getByKey('m', 'a');
   * maps.getByKey('m', 'a', { returnType: 'exists' });
   * ```
   */
  getByKey(bin: string, key: MapKey, options?: MapReturnOptions): Operation {
    const B = 'maps.getByKey';
    return select(B, binName(B, bin), MapOp.GET_BY_KEY, [mapKey(B, 'key', key)], options, 'value', false, true);
  },

  /**
   * Selects the entries under `keys`.
   * @example
   * ```ts
   * maps.getByKeyList('m', ['a', 'b'], { returnType: 'orderedMap' });
   * ```
   */
  getByKeyList(bin: string, keys: readonly MapKey[], options?: MapSelectOptions): Operation {
    const B = 'maps.getByKeyList';
    return select(B, binName(B, bin), MapOp.GET_BY_KEY_LIST, [mapKeys(B, 'keys', keys)], options, 'value', false);
  },

  /**
   * Selects the entries whose key is in `[begin, end)`. A null or absent
   * `begin` is the lowest key; a null or absent `end` leaves the range open above.
   * @example
   * ```ts
   * maps.getByKeyRange('m', 'a', 'n', { returnType: 'keyValue' });
   * maps.getByKeyRange('events', 1_700_000_000, null);
   * ```
   */
  getByKeyRange(
    bin: string,
    begin: MapKey | CdtSentinel | null | undefined,
    end: MapKey | CdtSentinel | null | undefined,
    options?: MapSelectOptions,
  ): Operation {
    const B = 'maps.getByKeyRange';
    const args = ends(rangeKey(B, 'begin', begin), rangeKey(B, 'end', end));
    return select(B, binName(B, bin), MapOp.GET_BY_KEY_INTERVAL, args, options, 'value', false);
  },

  /**
   * Selects the entries whose index, relative to `key` (which need not be
   * in the map), is from `index` on (`count` of them, or all when absent).
   * @example
   * ```ts
   * maps.getByKeyRelIndexRange('m', 'b', 0, 2, { returnType: 'key' });
   * ```
   */
  getByKeyRelIndexRange(bin: string, key: MapKey, index: number, count?: number, options?: MapSelectOptions): Operation {
    const B = 'maps.getByKeyRelIndexRange';
    const args = [mapKey(B, 'key', key), int(B, 'index', index), ...optionalCount(B, count)];
    return select(B, binName(B, bin), MapOp.GET_BY_KEY_REL_INDEX_RANGE, args, options, 'value', false);
  },

  /**
   * Selects every entry whose value equals `value`.
   * @example
   * ```ts
   * maps.getByValue('m', 0, { returnType: 'key' });
   * ```
   */
  getByValue(bin: string, value: CdtValue, options?: MapSelectOptions): Operation {
    const B = 'maps.getByValue';
    return select(B, binName(B, bin), MapOp.GET_ALL_BY_VALUE, [packValue(B, 'value', value)], options, 'value', false);
  },

  /**
   * Selects every entry whose value equals one of `values`.
   * @example
   * ```ts
   * maps.getByValueList('m', [1, 2], { returnType: 'key' });
   * ```
   */
  getByValueList(bin: string, values: readonly CdtValue[], options?: MapSelectOptions): Operation {
    const B = 'maps.getByValueList';
    return select(B, binName(B, bin), MapOp.GET_BY_VALUE_LIST, [list(B, 'values', values)], options, 'value', false);
  },

  /**
   * Selects the entries whose value is in `[begin, end)`. A null or absent
   * `begin` is the lowest value; a null or absent `end` leaves the range open above.
   * @example
   * ```ts
   * maps.getByValueRange('scores', 90, null, { returnType: 'key' });
   * ```
   */
  getByValueRange(bin: string, begin: CdtValue | undefined, end: CdtValue | undefined, options?: MapSelectOptions): Operation {
    const B = 'maps.getByValueRange';
    const args = ends(rangeValue(B, 'begin', begin), rangeValue(B, 'end', end));
    return select(B, binName(B, bin), MapOp.GET_BY_VALUE_INTERVAL, args, options, 'value', false);
  },

  /**
   * Selects the entries whose value rank, relative to `value`, is from
   * `rank` on (`count` of them, or all when absent).
   * @example
   * ```ts
   * maps.getByValueRelRankRange('scores', 50, -1, 3, { returnType: 'key' });
   * ```
   */
  getByValueRelRankRange(bin: string, value: CdtValue, rank: number, count?: number, options?: MapSelectOptions): Operation {
    const B = 'maps.getByValueRelRankRange';
    const args = [packValue(B, 'value', value), int(B, 'rank', rank), ...optionalCount(B, count)];
    return select(B, binName(B, bin), MapOp.GET_BY_VALUE_REL_RANK_RANGE, args, options, 'value', false);
  },

  /**
   * Selects the entry at `index` in key order.
   * @example
   * ```ts
   * maps.getByIndex('m', 0, { returnType: 'key' }); // the smallest key
   * ```
   */
  getByIndex(bin: string, index: number, options?: MapReturnOptions): Operation {
    const B = 'maps.getByIndex';
    return select(B, binName(B, bin), MapOp.GET_BY_INDEX, [int(B, 'index', index)], options, 'value', false, true);
  },

  /**
   * Selects `count` entries from `index` in key order (to the end when absent).
   * @example
   * ```ts
   * maps.getByIndexRange('m', 0, 10, { returnType: 'orderedMap' });
   * ```
   */
  getByIndexRange(bin: string, index: number, count?: number, options?: MapSelectOptions): Operation {
    const B = 'maps.getByIndexRange';
    const args = [int(B, 'index', index), ...optionalCount(B, count)];
    return select(B, binName(B, bin), MapOp.GET_BY_INDEX_RANGE, args, options, 'value', false);
  },

  /**
   * Selects the entry whose value has rank `rank` (0 the smallest, -1 the largest).
   * @example
   * ```ts
   * maps.getByRank('scores', -1, { returnType: 'key' }); // who has the best score
   * ```
   */
  getByRank(bin: string, rank: number, options?: MapReturnOptions): Operation {
    const B = 'maps.getByRank';
    return select(B, binName(B, bin), MapOp.GET_BY_RANK, [int(B, 'rank', rank)], options, 'value', false, true);
  },

  /**
   * Selects `count` entries from value rank `rank` on (all when absent).
   * @example
   * ```ts
   * maps.getByRankRange('scores', -3, 3, { returnType: 'keyValue' }); // the top three
   * ```
   */
  getByRankRange(bin: string, rank: number, count?: number, options?: MapSelectOptions): Operation {
    const B = 'maps.getByRankRange';
    const args = [int(B, 'rank', rank), ...optionalCount(B, count)];
    return select(B, binName(B, bin), MapOp.GET_BY_RANK_RANGE, args, options, 'value', false);
  },
} as const;
