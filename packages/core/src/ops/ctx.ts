/**
 * CDT contexts: the path from a bin to the nested list or map an operation
 * (or an expression, or an index) works on. A context is an array of steps,
 * outermost first:
 *
 * ```ts
 * // the last element of the list under key "scores" of the map in bin "m"
 * await client.operate(key, [lists.getByIndex('m', -1, { ctx: [ctx.mapKey('scores')] })]);
 * ```
 */

import { invalidArgument } from '../errors.js';
import { type CdtValue, type MapKey, PackedMsgpack } from '../values.js';
import { CtxType } from '../wire/cdt/ctx.js';
import { ListOrder, listOrderFlag } from '../wire/cdt/list.js';
import { MapOrder, mapOrderCreateFlag } from '../wire/cdt/map.js';
import { arrayHeaderSize, intSize, packArrayHeader, packInt, pack, packedSize, unpackCdt } from '../wire/msgpack.js';

/** One step of a {@link CdtContext}: how to pick the next nested element. */
export interface CtxStep {
  /** The context id the server reads ({@link CtxType}, maybe with create and AND bits). */
  readonly id: number;
  /** The index, rank, key, value, key list or expression of the step. */
  readonly value: CdtValue;
}

/** A path into nested lists and maps, outermost step first. */
export type CdtContext = readonly CtxStep[];

/** Something that packs to one msgpack value: what an expression gives a context. */
export interface PackableExpression {
  /** The expression's msgpack bytes. */
  pack(): Buffer;
}

function checkInt(builder: string, what: string, value: number): number {
  if (!Number.isSafeInteger(value)) throw invalidArgument(`ctx.${builder}`, `${what} must be an integer, got ${String(value)}`);
  return value;
}

function checkListOrder(builder: string, order: ListOrder): ListOrder {
  if (order !== ListOrder.ORDERED && order !== ListOrder.UNORDERED) {
    throw invalidArgument(`ctx.${builder}`, `order must be ListOrder.ORDERED or ListOrder.UNORDERED, got ${String(order)}`);
  }
  return order;
}

function checkMapOrder(builder: string, order: MapOrder): MapOrder {
  if (order !== MapOrder.UNORDERED && order !== MapOrder.KEY_ORDERED && order !== MapOrder.KEY_VALUE_ORDERED) {
    throw invalidArgument(`ctx.${builder}`, `order must be a MapOrder, got ${String(order)}`);
  }
  return order;
}

function expressionBytes(builder: string, filter: PackableExpression): PackedMsgpack {
  if (typeof filter !== 'object' || filter === null || typeof filter.pack !== 'function') {
    throw invalidArgument(`ctx.${builder}`, 'filter must be an expression built with exp.*');
  }
  return new PackedMsgpack(filter.pack());
}

const TRUE = new PackedMsgpack(Buffer.from([0xc3]));

/**
 * Builders of context steps. Negative indexes and ranks count from the end
 * (-1 is the last element, or the highest rank).
 */
export const ctx = {
  /**
   * The list element at `index`.
   * @example `ctx.listIndex(-1)` — the last element.
   */
  listIndex(index: number): CtxStep {
    return { id: CtxType.LIST_INDEX, value: checkInt('listIndex', 'index', index) };
  },
  /**
   * The list element at `index`, creating the list (with `order`, and
   * padding with nils up to `index` when `pad`) when it is missing.
   * @example `ctx.listIndexCreate(0, ListOrder.UNORDERED, true)`
   */
  listIndexCreate(index: number, order: ListOrder = ListOrder.UNORDERED, pad = false): CtxStep {
    const flag = listOrderFlag(checkListOrder('listIndexCreate', order), pad);
    return { id: CtxType.LIST_INDEX | flag, value: checkInt('listIndexCreate', 'index', index) };
  },
  /**
   * The list element of rank `rank` (0 the smallest, -1 the largest).
   * @example `ctx.listRank(-1)` — the largest element.
   */
  listRank(rank: number): CtxStep {
    return { id: CtxType.LIST_RANK, value: checkInt('listRank', 'rank', rank) };
  },
  /**
   * The first list element equal to `value`.
   * @example `ctx.listValue('admin')`
   */
  listValue(value: CdtValue): CtxStep {
    return { id: CtxType.LIST_VALUE, value };
  },
  /**
   * The map entry at `index` in key order.
   * @example `ctx.mapIndex(0)` — the entry with the smallest key.
   */
  mapIndex(index: number): CtxStep {
    return { id: CtxType.MAP_INDEX, value: checkInt('mapIndex', 'index', index) };
  },
  /**
   * The map entry whose value has rank `rank`.
   * @example `ctx.mapRank(-1)` — the entry with the largest value.
   */
  mapRank(rank: number): CtxStep {
    return { id: CtxType.MAP_RANK, value: checkInt('mapRank', 'rank', rank) };
  },
  /**
   * The map entry under `key`.
   * @example `ctx.mapKey('address')`
   */
  mapKey(key: MapKey): CtxStep {
    return { id: CtxType.MAP_KEY, value: key };
  },
  /**
   * The map entry under `key`, creating a map with `order` there when it is missing.
   * @example `ctx.mapKeyCreate('stats', MapOrder.KEY_ORDERED)`
   */
  mapKeyCreate(key: MapKey, order: MapOrder = MapOrder.UNORDERED): CtxStep {
    return { id: CtxType.MAP_KEY | mapOrderCreateFlag(checkMapOrder('mapKeyCreate', order)), value: key };
  },
  /**
   * The first map entry whose value equals `value`.
   * @example `ctx.mapValue('gold')`
   */
  mapValue(value: CdtValue): CtxStep {
    return { id: CtxType.MAP_VALUE, value };
  },
  /**
   * Server 8.1: every map entry whose key is one of `keys`.
   * @example `ctx.mapKeysIn(['a', 'b'])`
   */
  mapKeysIn(keys: readonly MapKey[]): CtxStep {
    if (!Array.isArray(keys)) throw invalidArgument('ctx.mapKeysIn', 'keys must be an array');
    return { id: CtxType.MAP_KEYS_IN, value: [...keys] };
  },
  /**
   * Server 8.1: every child of the list or map.
   * @example `ctx.allChildren()`
   */
  allChildren(): CtxStep {
    return { id: CtxType.EXP, value: TRUE };
  },
  /**
   * Server 8.1: every child of the list or map for which `filter` is true
   * (the filter reads the child through loop variables).
   * @example `ctx.allChildrenWithFilter(exp.gt(exp.loopVarInt(LoopVarPart.VALUE), exp.int(10)))`
   */
  allChildrenWithFilter(filter: PackableExpression): CtxStep {
    return { id: CtxType.EXP, value: expressionBytes('allChildrenWithFilter', filter) };
  },
  /**
   * Server 8.1: narrows the step before it (an `allChildren…` step) to the
   * children for which `filter` is also true.
   * @example `[ctx.allChildrenWithFilter(a), ctx.and(b)]`
   */
  and(filter: PackableExpression): CtxStep {
    return { id: CtxType.AND | CtxType.EXP, value: expressionBytes('and', filter) };
  },
} as const;

function checkContext(context: CdtContext): void {
  if (!Array.isArray(context) || context.length === 0) throw invalidArgument('ctx', 'a context must be a non-empty array of ctx.* steps');
  for (let i = 0; i < context.length; i++) {
    const step = context[i];
    if (typeof step !== 'object' || step === null || typeof step.id !== 'number') {
      throw invalidArgument(`ctx[${i}]`, 'every step must come from a ctx.* builder');
    }
  }
}

/** Bytes of `context` packed as the server reads it: `[id, value, id, value, …]`. */
export function contextSize(context: CdtContext): number {
  checkContext(context);
  let size = arrayHeaderSize(context.length * 2);
  for (const step of context) size += intSize(step.id) + packedSize(step.value);
  return size;
}

/** Writes `context` at `offset` (after {@link contextSize}); returns the offset after it. */
export function packContext(context: CdtContext, buf: Buffer, offset: number): number {
  let at = packArrayHeader(context.length * 2, buf, offset);
  for (const step of context) {
    at = packInt(step.id, buf, at);
    at = pack(step.value, buf, at);
  }
  return at;
}

/** `context` packed into a buffer of its own. */
export function packContextToBuffer(context: CdtContext): Buffer {
  const buf = Buffer.allocUnsafe(contextSize(context));
  packContext(context, buf, 0);
  return buf;
}

/**
 * The base64 form of a context, as secondary-index definitions and the
 * official clients' `contextToBase64` use it.
 * @example `contextToBase64([ctx.mapKey('a'), ctx.listIndex(-1)])` → `'lCKiA2EQ/w=='`
 */
export function contextToBase64(context: CdtContext): string {
  return packContextToBuffer(context).toString('base64');
}

/**
 * Reads a context back from its base64 form ({@link contextToBase64}).
 * Expression steps come back as their packed bytes.
 * @throws {@link InvalidArgumentError} when the text is not a packed context.
 */
export function contextFromBase64(text: string): CdtContext {
  const bytes = Buffer.from(text, 'base64');
  let items: CdtValue;
  try {
    items = unpackCdt(bytes, 0, bytes.length, { maps: 'map' }).value;
  } catch (err) {
    throw invalidArgument('contextFromBase64', `not a packed context: ${(err as Error).message}`);
  }
  if (!Array.isArray(items) || items.length === 0 || items.length % 2 !== 0) {
    throw invalidArgument('contextFromBase64', 'not a packed context: expected a list of [id, value] pairs');
  }
  const steps: CtxStep[] = [];
  for (let i = 0; i < items.length; i += 2) {
    const id = items[i];
    if (typeof id !== 'number' || !Number.isInteger(id)) throw invalidArgument('contextFromBase64', `step ${i / 2}: id must be an integer`);
    steps.push({ id, value: items[i + 1] as CdtValue });
  }
  return steps;
}
