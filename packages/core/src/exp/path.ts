/**
 * Server 8.1 path expressions: select or modify every element of a nested
 * list/map structure that a context reaches (contexts may select all
 * children, filtered by expressions that read the current element through
 * loop variables), plus the map key/value extractors and `removeResult`.
 *
 * @packageDocumentation
 */

import { invalidArgument } from '../errors.js';
import type { CdtContext } from '../ops/ctx.js';
import { CDT_SELECT_OP, CallModule, ExpOp, ExpType, LoopVarPart, PathSelectFlags } from '../wire/cdt/exp.js';
import { call, checkValueType } from './cdt.js';
import {
  type BlobExp,
  type BoolExp,
  type Exp,
  type ExpAnyKind,
  type ExpKindOf,
  type ExpList,
  type ExpMap,
  type ExpNode,
  type ExpRemove,
  type FloatExp,
  type GeoExp,
  type HllExp,
  type IntExp,
  type ListExp,
  type MapExp,
  type NilExp,
  type StringExp,
  T_REMOVE,
  T_SENTINEL,
  checkFlags,
  ctxNode,
  node,
  op,
  part,
  typeName,
  typed,
} from './exp.js';

/**
 * Flags of {@link modifyByPath}: only `NO_FAIL` (an element a context
 * filter cannot evaluate is skipped instead of failing the operation).
 * @example `exp.modifyByPath(bin, ExpType.MAP, e, PathModifyFlags.NO_FAIL, path)`
 */
export const PathModifyFlags = {
  DEFAULT: 0,
  NO_FAIL: PathSelectFlags.NO_FAIL,
} as const;
/**
 * A combination of {@link PathModifyFlags}.
 * @example `const f: PathModifyFlags = PathModifyFlags.NO_FAIL;`
 */
export type PathModifyFlags = number;

const SELECT_TYPES: readonly number[] = [
  PathSelectFlags.MATCHING_TREE,
  PathSelectFlags.VALUES,
  PathSelectFlags.MAP_KEYS,
  PathSelectFlags.MAP_KEY_VALUES,
];

function pathCtx(fn: string, context: unknown): ExpNode {
  if (!Array.isArray(context) || context.length === 0) throw invalidArgument(fn, 'ctx must be a non-empty array of ctx.* steps');
  const c = ctxNode(fn, context as CdtContext);
  if (c === undefined) throw invalidArgument(fn, 'ctx must be a non-empty array of ctx.* steps');
  return c;
}

/**
 * The elements of `bin` that the context `ctx` reaches (server 8.1). What
 * comes back depends on `flags`: the tree down to them
 * (`MATCHING_TREE`, the bin's type), or a list of their values, map keys or
 * key/value pairs. `valueType` declares that type.
 * @param flags - one of `MATCHING_TREE`, `VALUES`, `MAP_KEYS`, `MAP_KEY_VALUES` of {@link PathSelectFlags}, maybe with `NO_FAIL`.
 * @example
 * ```ts
 * // the values above 10 of every map in the list under key "readings"
 * exp.selectByPath(exp.binMap('m'), ExpType.LIST, PathSelectFlags.VALUES, [
 *   ctx.mapKey('readings'),
 *   ctx.allChildren(),
 *   ctx.allChildrenWithFilter(exp.gt(exp.loopVarInt(LoopVarPart.VALUE), exp.int(10))),
 * ])
 * ```
 */
export function selectByPath<V extends number>(bin: Exp<ExpList | ExpMap>, valueType: V, flags: PathSelectFlags, ctx: CdtContext): Exp<ExpKindOf<V>> {
  const fn = 'exp.selectByPath';
  const type = checkValueType(fn, valueType);
  checkFlags(fn, 'flags', flags, 0x0f | PathSelectFlags.NO_FAIL);
  if (!SELECT_TYPES.includes(flags & 0x0f)) {
    throw invalidArgument(fn, `flags must select MATCHING_TREE, VALUES, MAP_KEYS or MAP_KEY_VALUES (maybe with NO_FAIL), got ${flags}`);
  }
  const c = pathCtx(fn, ctx);
  const b = typed(fn, 'bin', bin, ExpType.LIST, ExpType.MAP);
  const expected = (flags & 0x0f) === PathSelectFlags.MATCHING_TREE ? b.type : ExpType.LIST;
  if ((expected === ExpType.LIST || expected === ExpType.MAP) && type !== expected) {
    throw invalidArgument(fn, `valueType ${typeName(type)} does not match what flags ${flags} select (${typeName(expected)})`);
  }
  return call(type, CallModule.CDT, false, CDT_SELECT_OP, [c, part(flags)], b);
}

/**
 * `bin` with every element that the context `ctx` reaches replaced by
 * `modExp` evaluated on it (server 8.1): `modExp` reads the element through
 * the loop variables, and returns its new value or {@link removeResult} to
 * remove it. `valueType` is the bin's type (the whole bin comes back).
 * @param flags - {@link PathModifyFlags}.
 * @example
 * ```ts
 * // add 1 to every value of the map in bin "m"
 * expOps.write('m', exp.modifyByPath(exp.binMap('m'), ExpType.MAP,
 *   exp.add(exp.loopVarInt(LoopVarPart.VALUE), exp.int(1)), 0, [ctx.allChildren()]))
 * ```
 */
export function modifyByPath<V extends number>(
  bin: Exp<ExpList | ExpMap>,
  valueType: V,
  modExp: Exp<ExpAnyKind>,
  flags: PathModifyFlags,
  ctx: CdtContext,
): Exp<ExpKindOf<V>> {
  const fn = 'exp.modifyByPath';
  const type = checkValueType(fn, valueType);
  checkFlags(fn, 'flags', flags, PathSelectFlags.APPLY | PathSelectFlags.NO_FAIL);
  const c = pathCtx(fn, ctx);
  const m = node(fn, 'modExp', modExp);
  if (m.type === T_SENTINEL) throw invalidArgument(fn, 'modExp cannot be exp.wildcard() or exp.inf()');
  const b = typed(fn, 'bin', bin, ExpType.LIST, ExpType.MAP);
  if ((b.type === ExpType.LIST || b.type === ExpType.MAP) && type !== b.type) {
    throw invalidArgument(fn, `valueType ${typeName(type)} does not match the bin, a ${typeName(b.type)}`);
  }
  return call(type, CallModule.CDT, true, CDT_SELECT_OP, [c, part(flags | PathSelectFlags.APPLY), m], b);
}

/**
 * The keys of a map, as a list (server 8.1).
 * @example `exp.inList(exp.str('admin'), exp.mapKeys(exp.binMap('roles')))`
 */
export function mapKeys(map: MapExp): ListExp {
  return op(ExpType.LIST, ExpOp.MAP_KEYS, typed('exp.mapKeys', 'map', map, ExpType.MAP));
}

/**
 * The values of a map, as a list (server 8.1).
 * @example `exp.inList(exp.int(0), exp.mapValues(exp.binMap('counts')))`
 */
export function mapValues(map: MapExp): ListExp {
  return op(ExpType.LIST, ExpOp.MAP_VALUES, typed('exp.mapValues', 'map', map, ExpType.MAP));
}

/**
 * "Remove this element": the result of a {@link modifyByPath} expression
 * that deletes the elements it is applied to (server 8.1).
 * @example `exp.modifyByPath(exp.binList('l'), ExpType.LIST, exp.removeResult(), 0, [ctx.allChildrenWithFilter(exp.lt(exp.loopVarInt(LoopVarPart.VALUE), exp.int(0)))])`
 */
export function removeResult(): Exp<ExpRemove> {
  return op(T_REMOVE, ExpOp.REMOVE_RESULT);
}

const LOOP_PARTS: readonly number[] = [LoopVarPart.MAP_KEY, LoopVarPart.VALUE, LoopVarPart.LIST_INDEX];

function loopVar(fn: string, type: number, which: unknown): ExpNode {
  if (typeof which !== 'number' || !LOOP_PARTS.includes(which)) {
    throw invalidArgument(fn, `part must be a LoopVarPart (MAP_KEY 0, VALUE 1, LIST_INDEX 2), got ${String(which)}`);
  }
  if (which === LoopVarPart.LIST_INDEX && type !== ExpType.INT) {
    throw invalidArgument(fn, 'LoopVarPart.LIST_INDEX is an integer: read it with exp.loopVarInt');
  }
  return op(type, ExpOp.LOOP_VAR, part(type), part(which));
}

/**
 * The current element of a path context (map key or value) read as nil (server 8.1).
 * @example `exp.eq(exp.loopVarNil(LoopVarPart.VALUE), exp.nil())`
 */
export function loopVarNil(which: LoopVarPart): NilExp {
  return loopVar('exp.loopVarNil', ExpType.NIL, which);
}

/**
 * The current element of a path context read as a boolean (server 8.1).
 * @example `ctx.allChildrenWithFilter(exp.loopVarBool(LoopVarPart.VALUE))`
 */
export function loopVarBool(which: LoopVarPart): BoolExp {
  return loopVar('exp.loopVarBool', ExpType.BOOL, which);
}

/**
 * The current element of a path context read as an integer; `LIST_INDEX`
 * is the element's index in its list (server 8.1).
 * @example `ctx.allChildrenWithFilter(exp.gt(exp.loopVarInt(LoopVarPart.VALUE), exp.int(10)))`
 */
export function loopVarInt(which: LoopVarPart): IntExp {
  return loopVar('exp.loopVarInt', ExpType.INT, which);
}

/**
 * The current element of a path context read as a float (server 8.1).
 * @example `ctx.allChildrenWithFilter(exp.gt(exp.loopVarFloat(LoopVarPart.VALUE), exp.float(0.5)))`
 */
export function loopVarFloat(which: LoopVarPart): FloatExp {
  return loopVar('exp.loopVarFloat', ExpType.FLOAT, which);
}

/**
 * The current element of a path context read as a string (server 8.1).
 * @example `ctx.allChildrenWithFilter(exp.eq(exp.loopVarStr(LoopVarPart.MAP_KEY), exp.str('id')))`
 */
export function loopVarStr(which: LoopVarPart): StringExp {
  return loopVar('exp.loopVarStr', ExpType.STRING, which);
}

/**
 * The current element of a path context read as a blob (server 8.1).
 * @example `ctx.allChildrenWithFilter(exp.eq(exp.loopVarBlob(LoopVarPart.VALUE), exp.bytes(Buffer.from([1]))))`
 */
export function loopVarBlob(which: LoopVarPart): BlobExp {
  return loopVar('exp.loopVarBlob', ExpType.BLOB, which);
}

/**
 * The current element of a path context read as a list (server 8.1).
 * @example `ctx.allChildrenWithFilter(exp.gt(exp.lists.size(exp.loopVarList(LoopVarPart.VALUE)), exp.int(2)))`
 */
export function loopVarList(which: LoopVarPart): ListExp {
  return loopVar('exp.loopVarList', ExpType.LIST, which);
}

/**
 * The current element of a path context read as a map (server 8.1).
 * @example `ctx.allChildrenWithFilter(exp.gt(exp.maps.size(exp.loopVarMap(LoopVarPart.VALUE)), exp.int(0)))`
 */
export function loopVarMap(which: LoopVarPart): MapExp {
  return loopVar('exp.loopVarMap', ExpType.MAP, which);
}

/**
 * The current element of a path context read as GeoJSON (server 8.1).
 * @example `ctx.allChildrenWithFilter(exp.cmpGeo(exp.loopVarGeoJSON(LoopVarPart.VALUE), region))`
 */
export function loopVarGeoJSON(which: LoopVarPart): GeoExp {
  return loopVar('exp.loopVarGeoJSON', ExpType.GEO, which);
}

/**
 * The current element of a path context read as a HyperLogLog (server 8.1).
 * @example `ctx.allChildrenWithFilter(exp.gt(exp.hll.getCount(exp.loopVarHLL(LoopVarPart.VALUE)), exp.int(100)))`
 */
export function loopVarHLL(which: LoopVarPart): HllExp {
  return loopVar('exp.loopVarHLL', ExpType.HLL, which);
}
