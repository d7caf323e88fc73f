/**
 * Shared pieces of the list, map, bit and HLL operation builders: argument
 * checks that name the builder and the argument, return-type parsing, and
 * the packing of `[opcode, args…]`, wrapped as `[0xff, context, [opcode,
 * args…]]` when the operation works on a nested list or map.
 *
 * Every builder encodes its bytes when it is called, so bad input throws
 * {@link InvalidArgumentError} before anything is sent.
 *
 * Only {@link CdtOptions} and the return-type names are public; the rest
 * is shared by the builder modules.
 *
 * @packageDocumentation
 */

import { InvalidArgumentError, invalidArgument } from '../errors.js';
import type { Operation } from '../wire/operation.js';
import { ParticleType } from '../wire/particles.js';
import { type CdtValue, CdtSentinel, Double, type MapKey, PackedMsgpack } from '../values.js';
import { CDT_CONTEXT_EVAL_OP } from '../wire/cdt/exp.js';
import { CdtReturnType, ListOrder } from '../wire/cdt/list.js';
import { MapOrder } from '../wire/cdt/map.js';
import { packToBuffer } from '../wire/msgpack.js';
import { type CdtContext, packContextToBuffer } from './ctx.js';

/**
 * What a list selection returns, by name:
 *
 * - `'none'`: nothing (the default of `remove…` builders);
 * - `'index'` / `'reverseIndex'`: the index of each selected element, from
 *   the start or from the end;
 * - `'rank'` / `'reverseRank'`: the rank of each selected element, from the
 *   smallest or from the largest;
 * - `'count'`: how many elements were selected;
 * - `'value'`: the selected values (the default of `get…` builders);
 * - `'exists'`: whether anything was selected.
 *
 * @example
 * ```ts
 * lists.getByValue('tags', 'urgent', { returnType: 'index' });
 * ```
 */
export type ListReturnTypeName = 'none' | 'index' | 'reverseIndex' | 'rank' | 'reverseRank' | 'count' | 'value' | 'exists';

/**
 * What a map selection returns, by name: the list names
 * ({@link ListReturnTypeName}), plus
 *
 * - `'key'`: the keys of the selected entries;
 * - `'keyValue'`: the selected entries as a map, in the order they were
 *   selected (by rank for rank selections);
 * - `'unorderedMap'` / `'orderedMap'`: the selected entries as a map.
 *
 * @example
 * ```ts
 * maps.getByRankRange('scores', -3, 3, { returnType: 'orderedMap' });
 * ```
 */
export type MapReturnTypeName = ListReturnTypeName | 'key' | 'keyValue' | 'unorderedMap' | 'orderedMap';

const LIST_RETURN_TYPES: Readonly<Record<ListReturnTypeName, number>> = {
  none: CdtReturnType.NONE,
  index: CdtReturnType.INDEX,
  reverseIndex: CdtReturnType.REVERSE_INDEX,
  rank: CdtReturnType.RANK,
  reverseRank: CdtReturnType.REVERSE_RANK,
  count: CdtReturnType.COUNT,
  value: CdtReturnType.VALUE,
  exists: CdtReturnType.EXISTS,
};

const MAP_ONLY_RETURN_TYPES: Readonly<Record<Exclude<MapReturnTypeName, ListReturnTypeName>, number>> = {
  key: CdtReturnType.KEY,
  keyValue: CdtReturnType.KEY_VALUE,
  unorderedMap: CdtReturnType.UNORDERED_MAP,
  orderedMap: CdtReturnType.ORDERED_MAP,
};

const LIST_CODES = new Set<number>(Object.values(LIST_RETURN_TYPES));
const MAP_ONLY_CODES = new Set<number>(Object.values(MAP_ONLY_RETURN_TYPES));

/** How a value appears in an error message. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

function hasOwn(table: object, key: string): boolean {
  return Object.hasOwn(table, key);
}

/**
 * The numeric return type of a selection: `returnType` (a name or a
 * {@link CdtReturnType} value) or `fallback`, with `INVERTED` OR-ed in when
 * `inverted`. Map-only return types are refused for lists, and inverting a
 * `single`-element selection is refused, as the server does.
 */
export function returnTypeOf(
  builder: string,
  kind: 'list' | 'map',
  returnType: MapReturnTypeName | number | undefined,
  inverted: boolean | undefined,
  fallback: ListReturnTypeName,
  single = false,
): number {
  let code: number;
  if (returnType === undefined) {
    code = LIST_RETURN_TYPES[fallback];
  } else if (typeof returnType === 'string') {
    if (hasOwn(LIST_RETURN_TYPES, returnType)) {
      code = LIST_RETURN_TYPES[returnType as ListReturnTypeName];
    } else if (hasOwn(MAP_ONLY_RETURN_TYPES, returnType)) {
      if (kind === 'list') throw invalidArgument(builder, `returnType ${show(returnType)} is a map return type; a list cannot return it`);
      code = MAP_ONLY_RETURN_TYPES[returnType as keyof typeof MAP_ONLY_RETURN_TYPES];
    } else {
      const names = Object.keys(kind === 'list' ? LIST_RETURN_TYPES : { ...LIST_RETURN_TYPES, ...MAP_ONLY_RETURN_TYPES });
      throw invalidArgument(builder, `returnType must be one of ${names.map((n) => `'${n}'`).join(', ')}, got ${show(returnType)}`);
    }
  } else if (typeof returnType === 'number' && Number.isInteger(returnType) && returnType >= 0 && returnType <= 0x1ffff) {
    const base = returnType & 0xffff;
    if (kind === 'list' && MAP_ONLY_CODES.has(base)) {
      throw invalidArgument(builder, `returnType ${returnType} is a map return type; a list cannot return it`);
    }
    if (!LIST_CODES.has(base) && !MAP_ONLY_CODES.has(base)) {
      throw invalidArgument(builder, `returnType ${returnType} is not a known return type`);
    }
    code = returnType;
  } else {
    throw invalidArgument(builder, `returnType must be a return type name or a CdtReturnType value, got ${show(returnType)}`);
  }
  if (inverted !== undefined && typeof inverted !== 'boolean') {
    throw invalidArgument(builder, `inverted must be a boolean, got ${show(inverted)}`);
  }
  const result = inverted ? code | CdtReturnType.INVERTED : code;
  if (single && result & CdtReturnType.INVERTED) {
    throw invalidArgument(builder, 'a selection of one element cannot be inverted (the server refuses it); use the range form');
  }
  return result;
}

/** The options object of a builder: undefined or an object. */
export function optionsOf<T extends object>(builder: string, options: T | undefined): Partial<T> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalidArgument(builder, `options must be an object, got ${show(options)}`);
  }
  return options;
}

/** The bin name a builder was given; an empty name would address the whole record. */
export function binName(builder: string, bin: string): string {
  if (typeof bin !== 'string' || bin === '') {
    throw invalidArgument(builder, `bin name must be a non-empty string, got ${typeof bin === 'string' ? '""' : show(bin)}`);
  }
  return bin;
}

/** An integer argument (an index, a rank, an offset): a safe integer, possibly negative. */
export function int(builder: string, what: string, value: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw invalidArgument(builder, `${what} must be an integer, got ${show(value)}`);
  }
  return value;
}

/** A count or a size: a non-negative safe integer. */
export function checkCount(builder: string, what: string, value: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidArgument(builder, `${what} must be a non-negative integer, got ${show(value)}`);
  }
  return value;
}

/** An integer in `[min, max]`. */
export function intIn(builder: string, what: string, value: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw invalidArgument(builder, `${what} must be an integer from ${min} to ${max}, got ${show(value)}`);
  }
  return value;
}

/** A flags argument: a non-negative integer with no bit outside `known`. */
export function flags(builder: string, what: string, value: number, known: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidArgument(builder, `${what} must be a non-negative integer, got ${show(value)}`);
  }
  if (value > 0xffff_ffff || (value & ~known) !== 0) {
    throw invalidArgument(builder, `${what} has unknown bits: 0x${value.toString(16)} (known bits: 0x${known.toString(16)})`);
  }
  return value;
}

/** A boolean argument. */
export function bool(builder: string, what: string, value: boolean): boolean {
  if (typeof value !== 'boolean') throw invalidArgument(builder, `${what} must be a boolean, got ${show(value)}`);
  return value;
}

/** A list order: {@link ListOrder.UNORDERED} or {@link ListOrder.ORDERED}. */
export function listOrder(builder: string, what: string, order: ListOrder): ListOrder {
  if (order !== ListOrder.UNORDERED && order !== ListOrder.ORDERED) {
    throw invalidArgument(builder, `${what} must be ListOrder.UNORDERED or ListOrder.ORDERED, got ${show(order)}`);
  }
  return order;
}

/** A map order: one of {@link MapOrder}. */
export function mapOrder(builder: string, what: string, order: MapOrder): MapOrder {
  if (order !== MapOrder.UNORDERED && order !== MapOrder.KEY_ORDERED && order !== MapOrder.KEY_VALUE_ORDERED) {
    throw invalidArgument(builder, `${what} must be MapOrder.UNORDERED, KEY_ORDERED or KEY_VALUE_ORDERED, got ${show(order)}`);
  }
  return order;
}

/**
 * Rewrites an encoder error (`msgpack value at [2]: …`) so that it names the
 * builder and the argument (`lists.append: value at [2]: …`).
 */
function renamed(builder: string, what: string, err: unknown): unknown {
  if (!(err instanceof InvalidArgumentError)) return err;
  const prefix = 'msgpack value';
  const message = err.message;
  return invalidArgument(builder, message.startsWith(prefix) ? `${what}${message.slice(prefix.length)}` : `${what}: ${message}`);
}

/**
 * A value argument, packed now so that a value the wire cannot carry fails
 * here with the builder and argument named. `undefined` is refused: inside
 * a list it would silently become nil.
 */
export function packValue(builder: string, what: string, v: CdtValue): PackedMsgpack {
  if (v === undefined) throw invalidArgument(builder, `${what} is required`);
  try {
    return new PackedMsgpack(packToBuffer(v));
  } catch (err) {
    throw renamed(builder, what, err);
  }
}

/** A list argument (items, values, keys): an array, packed now. */
export function list(builder: string, what: string, items: readonly CdtValue[]): PackedMsgpack {
  if (!Array.isArray(items)) throw invalidArgument(builder, `${what} must be an array, got ${show(items)}`);
  return packValue(builder, what, items as CdtValue[]);
}

/** True for a value a map key may be. */
function isMapKey(key: unknown): key is MapKey {
  return typeof key === 'string' || typeof key === 'number' || typeof key === 'bigint' || key instanceof Uint8Array;
}

/** A map key argument: a string, number, bigint or bytes. */
export function mapKey(builder: string, what: string, key: MapKey): PackedMsgpack {
  if (!isMapKey(key)) throw invalidArgument(builder, `${what} must be a string, number, bigint or bytes, got ${show(key)}`);
  return packValue(builder, what, key);
}

/** A list of map keys. */
export function mapKeys(builder: string, what: string, keys: readonly MapKey[]): PackedMsgpack {
  if (!Array.isArray(keys)) throw invalidArgument(builder, `${what} must be an array, got ${show(keys)}`);
  for (let i = 0; i < keys.length; i++) {
    if (!isMapKey(keys[i])) {
      throw invalidArgument(builder, `${what}[${i}] must be a string, number, bigint or bytes, got ${show(keys[i])}`);
    }
  }
  return packValue(builder, what, keys as MapKey[]);
}

/** One end of a key range: a map key, a sentinel, or null/undefined for an open end. */
export function rangeKey(builder: string, what: string, key: MapKey | CdtSentinel | null | undefined): PackedMsgpack | null | undefined {
  if (key === null || key === undefined) return key;
  if (key instanceof CdtSentinel) return packValue(builder, what, key);
  return mapKey(builder, what, key);
}

/** One end of a value range: any value, or null/undefined for an open end. */
export function rangeValue(builder: string, what: string, v: CdtValue | undefined): PackedMsgpack | null | undefined {
  if (v === null || v === undefined) return v;
  return packValue(builder, what, v);
}

/** An amount to add: a number, a bigint or a {@link Double}. */
export function packAmount(builder: string, what: string, v: CdtValue): PackedMsgpack {
  const ok = typeof v === 'number' || typeof v === 'bigint' || v instanceof Double;
  if (!ok) throw invalidArgument(builder, `${what} must be a number, a bigint or a Double, got ${show(v)}`);
  return packValue(builder, what, v);
}

/**
 * What a packed operation may hold besides the opcode: validated integers,
 * booleans, nil, and values packed by {@link value} and its siblings.
 *
 * @example
 * ```ts
 * const args: CdtArg[] = [int(B, 'index', index), packValue(B, 'value', v), 0];
 * ```
 */
export type CdtArg = number | boolean | null | PackedMsgpack;

/**
 * Replaces the id of the last step of `context` with `id | flag`: how a
 * create operation says what to create when the nested element is missing.
 */
export function withCreateFlag(context: CdtContext, flag: number): CdtContext {
  const last = context[context.length - 1]!;
  return [...context.slice(0, -1), { id: last.id | flag, value: last.value }];
}

/** True when `context` is given and not empty. */
export function hasContext(context: CdtContext | undefined): context is CdtContext {
  return context !== undefined && !(Array.isArray(context) && context.length === 0);
}

/**
 * Packs `[opcode, args…]`, or `[0xff, context, [opcode, args…]]` when a
 * non-empty context is given.
 */
export function encodeCdt(builder: string, opcode: number, args: readonly CdtArg[], context?: CdtContext): Buffer {
  const body: CdtValue[] = [opcode, ...args];
  if (!hasContext(context)) return packToBuffer(body);
  let packedContext: Buffer;
  try {
    packedContext = packContextToBuffer(context);
  } catch (err) {
    // The context's own checks already start with `ctx`.
    if (err instanceof InvalidArgumentError && err.message.startsWith('ctx')) throw invalidArgument(builder, err.message);
    throw renamed(builder, `ctx[${failingStep(context)}] value`, err);
  }
  return packToBuffer([CDT_CONTEXT_EVAL_OP, new PackedMsgpack(packedContext), body]);
}

/** Index of the first step of `context` whose value cannot be packed (only called once packing failed). */
function failingStep(context: CdtContext): number {
  for (let i = 0; i < context.length; i++) {
    try {
      packToBuffer(context[i]!.value);
    } catch {
      return i;
    }
  }
  return context.length - 1;
}

/**
 * An {@link Operation} carrying `bytes` as a BLOB particle. `positional`
 * marks map, bit and HLL operations, whose results `operate` matches to them
 * by position (it then asks the server for a result per operation).
 */
export function operation(op: number, bin: string, bytes: Buffer, positional = false): Operation {
  return { op, bin, encoded: { particleType: ParticleType.BLOB, bytes }, respondAll: positional };
}

/**
 * The context option every list and map builder takes: the path to the
 * nested list or map the operation works on (built with the `ctx.*` step builders).
 *
 * @example
 * ```ts
 * // append to the list under key "scores" of the map in bin "m"
 * lists.append('m', 42, { ctx: [ctx.mapKey('scores')] });
 * ```
 */
export interface CdtOptions {
  /** Path to the nested list or map; absent or empty for the bin itself. */
  ctx?: CdtContext | undefined;
}
