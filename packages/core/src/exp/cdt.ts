/**
 * What list, map, bit and HLL expressions share: the CALL node that wraps a
 * module operation, and how a return type decides the result type.
 *
 * `[CALL, resultType, module, [opcode, args…], bin]`, or with a context
 * `[CALL, resultType, module, [CONTEXT_EVAL, context, [opcode, args…]], bin]`.
 * Arguments that are plain values go to the module as they are; arguments
 * that are expressions (msgpack lists) are evaluated first, which is why
 * list constants travel quoted.
 *
 * @packageDocumentation
 */

import { invalidArgument } from '../errors.js';
import type { CdtContext } from '../ops/ctx.js';
import type { ListPolicy } from '../ops/list.js';
import type { MapPolicy } from '../ops/map.js';
import { CTX_CONTAINER_MASK, CtxType } from '../wire/cdt/ctx.js';
import { CALL_MODIFY, CDT_CONTEXT_EVAL_OP, CallModule, ExpOp, ExpType } from '../wire/cdt/exp.js';
import { CdtReturnType, ListOrder } from '../wire/cdt/list.js';
import { MapOp, MapOrder, MapWriteMode } from '../wire/cdt/map.js';
import {
  CDT_ARG_TYPES,
  VALUE_TYPES,
  type CtxNode,
  type ExpBool,
  type ExpInt,
  type ExpKind,
  type ExpKindOf,
  type ExpList,
  type ExpMap,
  type ExpNode,
  IntNode,
  ListNode,
  T_PART,
  checkFlags,
  checkOneOf,
  ctxNode,
  describe,
  intArg,
  part,
  typeName,
  typed,
} from './exp.js';

/** The list and map return types (without {@link CdtReturnType.INVERTED}). */
type R = typeof CdtReturnType;

/** Return types by the names the operation builders use (`'count'`, `'value'`…). */
const RETURN_TYPE_CODES = {
  none: CdtReturnType.NONE,
  index: CdtReturnType.INDEX,
  reverseIndex: CdtReturnType.REVERSE_INDEX,
  rank: CdtReturnType.RANK,
  reverseRank: CdtReturnType.REVERSE_RANK,
  count: CdtReturnType.COUNT,
  key: CdtReturnType.KEY,
  value: CdtReturnType.VALUE,
  keyValue: CdtReturnType.KEY_VALUE,
  exists: CdtReturnType.EXISTS,
  unorderedMap: CdtReturnType.UNORDERED_MAP,
  orderedMap: CdtReturnType.ORDERED_MAP,
} as const;

/**
 * A return type: its name, as the operation builders take it (`'count'`,
 * `'value'`, `'key'`…), or a {@link CdtReturnType} code (maybe with
 * `INVERTED` OR-ed in).
 * @example `exp.lists.getByValue(exp.binList('tags'), exp.str('vip'), 'count')`
 */
export type ReturnTypeArg = number | keyof typeof RETURN_TYPE_CODES;

/** The code of a return type given by name or by code. */
type Code<RT> = RT extends keyof typeof RETURN_TYPE_CODES ? (typeof RETURN_TYPE_CODES)[RT] : RT;

/**
 * Result type of a list expression that selects several elements, by its
 * return type: indexes and ranks come back as a list, a count as an
 * integer, values as a list, existence as a boolean.
 * @example `type T = ListMultiResult<typeof CdtReturnType.COUNT>; // ExpInt`
 */
type ListMultiResultOfCode<RT> = RT extends R['INDEX'] | R['REVERSE_INDEX'] | R['RANK'] | R['REVERSE_RANK'] | R['VALUE']
  ? ExpList
  : RT extends R['COUNT']
    ? ExpInt
    : RT extends R['EXISTS']
      ? ExpBool
      : ExpKind;

/**
 * Result type of a list expression that selects one element: an index,
 * rank or count is an integer, the value has the declared `valueType`.
 * @example `type T = ListSingleResult<typeof CdtReturnType.VALUE, typeof ExpType.STRING>; // ExpString`
 */
type ListSingleResultOfCode<RT, V> = RT extends R['INDEX'] | R['REVERSE_INDEX'] | R['RANK'] | R['REVERSE_RANK'] | R['COUNT']
  ? ExpInt
  : RT extends R['VALUE']
    ? ExpKindOf<V>
    : RT extends R['EXISTS']
      ? ExpBool
      : ExpKind;

/**
 * Result type of a map expression that selects several entries: keys and
 * values come back as lists, entries as a map.
 * @example `type T = MapMultiResult<typeof CdtReturnType.KEY_VALUE>; // ExpMap`
 */
type MapMultiResultOfCode<RT> = RT extends R['KEY_VALUE'] | R['UNORDERED_MAP'] | R['ORDERED_MAP']
  ? ExpMap
  : RT extends R['KEY']
    ? ExpList
    : ListMultiResultOfCode<RT>;

/**
 * Result type of a map expression that selects one entry: the key or value
 * has the declared `valueType`, an entry is a map.
 * @example `type T = MapSingleResult<typeof CdtReturnType.KEY, typeof ExpType.INT>; // ExpInt`
 */
type MapSingleResultOfCode<RT, V> = RT extends R['KEY_VALUE'] | R['UNORDERED_MAP'] | R['ORDERED_MAP']
  ? ExpMap
  : RT extends R['KEY']
    ? ExpKindOf<V>
    : ListSingleResultOfCode<RT, V>;

/**
 * Result type of a list expression that selects several elements, by its
 * return type (name or code): indexes and ranks come back as a list, a count
 * as an integer, values as a list, existence as a boolean.
 * @example `type T = ListMultiResult<'count'>; // ExpInt`
 */
export type ListMultiResult<RT> = ListMultiResultOfCode<Code<RT>>;

/**
 * Result type of a list expression that selects one element: an index,
 * rank or count is an integer, the value has the declared `valueType`.
 * @example `type T = ListSingleResult<'value', typeof ExpType.STRING>; // ExpString`
 */
export type ListSingleResult<RT, V> = ListSingleResultOfCode<Code<RT>, V>;

/**
 * Result type of a map expression that selects several entries: keys and
 * values come back as lists, entries as a map.
 * @example `type T = MapMultiResult<'keyValue'>; // ExpMap`
 */
export type MapMultiResult<RT> = MapMultiResultOfCode<Code<RT>>;

/**
 * Result type of a map expression that selects one entry: the key or value
 * has the declared `valueType`, an entry is a map.
 * @example `type T = MapSingleResult<'key', typeof ExpType.INT>; // ExpInt`
 */
export type MapSingleResult<RT, V> = MapSingleResultOfCode<Code<RT>, V>;

const LIST_RETURN_TYPES = [
  CdtReturnType.INDEX,
  CdtReturnType.REVERSE_INDEX,
  CdtReturnType.RANK,
  CdtReturnType.REVERSE_RANK,
  CdtReturnType.COUNT,
  CdtReturnType.VALUE,
  CdtReturnType.EXISTS,
] as number[];
const MAP_RETURN_TYPES = [
  ...LIST_RETURN_TYPES,
  CdtReturnType.KEY,
  CdtReturnType.KEY_VALUE,
  CdtReturnType.UNORDERED_MAP,
  CdtReturnType.ORDERED_MAP,
] as number[];

/**
 * Which container a family of expressions works on.
 * @internal
 */
export type Container = 'list' | 'map';

/**
 * Checks a return type (a {@link CdtReturnType}, maybe with INVERTED); `none` allows NONE.
 * @internal
 */
export function checkReturnType(fn: string, container: Container, returnType: unknown, none: boolean): number {
  const allowed = container === 'list' ? LIST_RETURN_TYPES : MAP_RETURN_TYPES;
  const given = returnType;
  if (typeof returnType === 'string' && Object.hasOwn(RETURN_TYPE_CODES, returnType)) {
    returnType = RETURN_TYPE_CODES[returnType as keyof typeof RETURN_TYPE_CODES];
  }
  if (typeof returnType === 'number' && Number.isInteger(returnType) && returnType >= 0) {
    const base = returnType & 0xffff;
    const rest = returnType - base;
    if ((rest === 0 || rest === CdtReturnType.INVERTED) && (allowed.includes(base) || (none && base === CdtReturnType.NONE))) {
      return returnType;
    }
  }
  const what = none ? 'a return type name or CdtReturnType' : "a return type name or CdtReturnType other than 'none'";
  throw invalidArgument(fn, `returnType must be ${what} valid for ${container}s (maybe with INVERTED), got ${describe(given)}`);
}

/**
 * The result type the server gives a selection of several elements with `returnType`.
 * @internal
 */
export function multiType(returnType: number): number {
  switch (returnType & 0xffff) {
    case CdtReturnType.COUNT:
      return ExpType.INT;
    case CdtReturnType.EXISTS:
      return ExpType.BOOL;
    case CdtReturnType.KEY_VALUE:
    case CdtReturnType.UNORDERED_MAP:
    case CdtReturnType.ORDERED_MAP:
      return ExpType.MAP;
    default:
      return ExpType.LIST;
  }
}

/**
 * The result type of a selection of one element with `returnType`, checked
 * against the declared `valueType` (as the official clients check it).
 * @internal
 */
export function singleType(fn: string, returnType: number, valueType: unknown): number {
  const declared = checkInt0to9(fn, valueType);
  let expected: number;
  switch (returnType & 0xffff) {
    case CdtReturnType.VALUE:
    case CdtReturnType.KEY:
      return declared;
    case CdtReturnType.EXISTS:
      expected = ExpType.BOOL;
      break;
    case CdtReturnType.KEY_VALUE:
    case CdtReturnType.UNORDERED_MAP:
    case CdtReturnType.ORDERED_MAP:
      expected = ExpType.MAP;
      break;
    default:
      expected = ExpType.INT;
  }
  if (declared !== expected) {
    throw invalidArgument(fn, `valueType ${typeName(declared)} does not match returnType ${returnType}, which returns ${typeName(expected)}`);
  }
  return declared;
}

function checkInt0to9(fn: string, valueType: unknown): number {
  if (typeof valueType !== 'number' || !Number.isInteger(valueType) || valueType < ExpType.NIL || valueType > ExpType.HLL) {
    throw invalidArgument(fn, `valueType must be an ExpType, got ${describe(valueType)}`);
  }
  return valueType;
}

/**
 * Checks an ExpType argument (a `valueType`); returns it.
 * @internal
 */
export function checkValueType(fn: string, valueType: unknown): number {
  return checkInt0to9(fn, valueType);
}

/**
 * The list or map a list/map expression works on: checked to be a list or
 * map (or nil, or of unknown type), and consistent with the first step of
 * the context when both are known.
 * @internal
 */
export function containerBin(fn: string, container: Container, bin: unknown, ctx: CtxNode | undefined): ExpNode {
  const n = typed(fn, 'bin', bin, ExpType.LIST, ExpType.MAP, ExpType.NIL);
  const top = topContainer(ctx);
  if (top === undefined) {
    const own = container === 'list' ? ExpType.LIST : ExpType.MAP;
    if (ctx === undefined && (n.type === ExpType.LIST || n.type === ExpType.MAP) && n.type !== own) {
      throw invalidArgument(fn, `bin is a ${typeName(n.type)}; a ${container} expression on it needs a ctx that leads to the nested ${container}`);
    }
  } else if ((n.type === ExpType.LIST || n.type === ExpType.MAP) && n.type !== top) {
    throw invalidArgument(fn, `bin is a ${typeName(n.type)} but the first ctx step selects in a ${typeName(top)}`);
  }
  return n;
}

/** LIST or MAP when the first context step says which container the bin is; undefined when it does not (or there is no context). */
function topContainer(ctx: CtxNode | undefined): number | undefined {
  if (ctx === undefined) return undefined;
  const container = ctx.firstId & CTX_CONTAINER_MASK;
  if (container === (CtxType.LIST_INDEX & CTX_CONTAINER_MASK)) return ExpType.LIST;
  if (container === (CtxType.MAP_INDEX & CTX_CONTAINER_MASK)) return ExpType.MAP;
  return undefined;
}

/**
 * The declared result type of a list or map modification: the bin's type
 * (the whole bin comes back). When the bin's type is not known before the
 * server evaluates it, the official clients' rule: the first context step's
 * container, else the family's own container.
 * @internal
 */
export function modifyType(container: Container, bin: ExpNode, ctx: CtxNode | undefined): number {
  if (bin.type === ExpType.LIST || bin.type === ExpType.MAP) return bin.type;
  if (ctx !== undefined) return (ctx.firstId & CtxType.LIST_INDEX) === 0 ? ExpType.MAP : ExpType.LIST;
  return container === 'list' ? ExpType.LIST : ExpType.MAP;
}

/**
 * A CALL node: `[CALL, type, module, args, bin]` where args is
 * `[opcode, params…]`, wrapped as `[CONTEXT_EVAL, ctx, [opcode, params…]]`
 * when there is a context.
 * @internal
 */
export function call(type: number, module: number, modify: boolean, opcode: number, params: readonly ExpNode[], bin: ExpNode, ctx?: CtxNode): ListNode {
  const operation = new ListNode(T_PART, [part(opcode), ...params]);
  const args = ctx === undefined ? operation : new ListNode(T_PART, [part(CDT_CONTEXT_EVAL_OP), ctx, operation]);
  return new ListNode(type, [part(ExpOp.CALL), part(type), part(module | (modify ? CALL_MODIFY : 0)), args, bin]);
}

/**
 * A CDT CALL.
 * @internal
 */
export function cdtCall(type: number, modify: boolean, opcode: number, params: readonly ExpNode[], bin: ExpNode, ctx?: CtxNode): ListNode {
  return call(type, CallModule.CDT, modify, opcode, params, bin, ctx);
}

/**
 * A list or map argument that is a value: any value type, or a range sentinel.
 * @internal
 */
export function valueArg(fn: string, what: string, value: unknown): ExpNode {
  return typed(fn, what, value, ...CDT_ARG_TYPES);
}

/**
 * A value to store (append, put, set): any value type, not a range sentinel.
 * @internal
 */
export function storedValueArg(fn: string, what: string, value: unknown): ExpNode {
  return typed(fn, what, value, ...VALUE_TYPES);
}

/**
 * A list argument (a value list or key list).
 * @internal
 */
export function listArg(fn: string, what: string, value: unknown): ExpNode {
  return typed(fn, what, value, ExpType.LIST);
}

/**
 * An integer argument: a number or an integer expression.
 * @internal
 */
export function indexArg(fn: string, what: string, value: unknown): ExpNode {
  return intArg(fn, what, value);
}

/**
 * A return type part.
 * @internal
 */
export function returnTypePart(returnType: number): IntNode {
  return new IntNode(T_PART, returnType);
}

/**
 * The context argument of a list/map expression.
 * @internal
 */
export function ctxArg(fn: string, ctx: CdtContext | null | undefined): CtxNode | undefined {
  return ctxNode(fn, ctx);
}

const LIST_FLAGS_MASK = 0x0f;
const MAP_FLAGS_MASK = 0x0f;
/** Attribute bit of a map whose index the server keeps on disk. */
const PERSIST_INDEX = 0x10;

/**
 * Checks that `policy` is an object and does not use `flags` (the field is
 * `writeFlags`, as in every policy of this client).
 * @internal
 */
export function checkPolicy(fn: string, policy: unknown): void {
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) {
    throw invalidArgument(fn, `policy must be an object, got ${describe(policy)}`);
  }
  if ('flags' in policy) throw invalidArgument(fn, 'policy.flags is not a policy field: use policy.writeFlags');
}

/**
 * The `order` and `writeFlags` parts of a list policy (only the flags for
 * insert, insertItems and set); none without a policy, so the server's
 * defaults apply.
 * @internal
 */
export function listPolicyParts(fn: string, policy: ListPolicy | null | undefined, withOrder: boolean): IntNode[] {
  if (policy === undefined || policy === null) return [];
  checkPolicy(fn, policy);
  const flags = checkFlags(fn, 'policy.writeFlags', policy.writeFlags ?? 0, LIST_FLAGS_MASK);
  if (!withOrder) return [part(flags)];
  const order = checkOneOf(fn, 'policy.order', policy.order ?? ListOrder.UNORDERED, [ListOrder.UNORDERED, ListOrder.ORDERED]);
  return [part(order), part(flags)];
}

/** What a map policy says about a put: the operation code and its trailing parts. */
interface MapPut {
  readonly opcode: number;
  readonly parts: IntNode[];
}

/**
 * How a map put (or put of several items) is encoded under `policy`: no
 * policy, `[PUT, …]` alone; write flags (or no write mode), `[PUT, …,
 * attributes, flags]`; the older write modes pick the operation code as the
 * Java client does, `[REPLACE, …]` for update-only and `[ADD, …,
 * attributes]` for create-only.
 * @internal
 */
export function mapPut(fn: string, policy: MapPolicy | null | undefined, items: boolean): MapPut {
  const put = items ? MapOp.PUT_ITEMS : MapOp.PUT;
  if (policy === undefined || policy === null) return { opcode: put, parts: [] };
  const attributes = mapAttributes(fn, policy);
  const flags = checkFlags(fn, 'policy.writeFlags', policy.writeFlags ?? 0, MAP_FLAGS_MASK);
  const mode = checkOneOf(fn, 'policy.writeMode', policy.writeMode ?? MapWriteMode.UPDATE, [
    MapWriteMode.UPDATE,
    MapWriteMode.UPDATE_ONLY,
    MapWriteMode.CREATE_ONLY,
  ]);
  if (mode !== MapWriteMode.UPDATE && flags !== 0) {
    throw invalidArgument(fn, 'policy.writeMode and policy.writeFlags cannot be combined; say create-only or update-only with MapWriteFlags instead');
  }
  if (mode === MapWriteMode.UPDATE_ONLY) return { opcode: items ? MapOp.REPLACE_ITEMS : MapOp.REPLACE, parts: [] };
  if (mode === MapWriteMode.CREATE_ONLY) return { opcode: items ? MapOp.ADD_ITEMS : MapOp.ADD, parts: [part(attributes)] };
  return { opcode: put, parts: [part(attributes), part(flags)] };
}

/**
 * The attributes part of a map policy (the order of a map the operation
 * creates, with the persist-index bit), for `increment`; none without a
 * policy.
 * @internal
 */
export function mapAttributeParts(fn: string, policy: MapPolicy | null | undefined): IntNode[] {
  if (policy === undefined || policy === null) return [];
  const attributes = mapAttributes(fn, policy);
  checkFlags(fn, 'policy.writeFlags', policy.writeFlags ?? 0, MAP_FLAGS_MASK);
  return [part(attributes)];
}

function mapAttributes(fn: string, policy: MapPolicy): number {
  checkPolicy(fn, policy);
  const order = checkOneOf(fn, 'policy.order', policy.order ?? MapOrder.UNORDERED, [MapOrder.UNORDERED, MapOrder.KEY_ORDERED, MapOrder.KEY_VALUE_ORDERED]);
  const persist = policy.persistIndex ?? false;
  if (typeof persist !== 'boolean') throw invalidArgument(fn, `policy.persistIndex must be a boolean, got ${describe(persist)}`);
  return persist ? order | PERSIST_INDEX : order;
}
