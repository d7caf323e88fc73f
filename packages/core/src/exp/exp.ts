/**
 * The expression type and its packing.
 *
 * An expression is an immutable tree of nodes. Every node knows its packed
 * size when it is built (its children are built first), so packing is one
 * allocation and one pass that writes into it. Each node also records the
 * value type the server will infer for it, so that a mistake the type system
 * cannot see (a call from JavaScript, a value built at run time) is reported
 * when the expression is built, as the server would refuse it.
 *
 * @packageDocumentation
 */

import { InvalidArgumentError, invalidArgument } from '../errors.js';
import { type CdtContext, contextSize, packContext } from '../ops/ctx.js';
import type { CdtValue } from '../values.js';
import { ExpType } from '../wire/cdt/exp.js';
import { MsgpackReader, arrayHeaderSize, intSize, packArrayHeader, packInt, pack, packedSize } from '../wire/msgpack.js';

// ---------------------------------------------------------------------------
// Compile-time result types

/**
 * Key of the phantom property that carries an expression's result type. It
 * exists only in type declarations; no expression object has it.
 * @example
 * ```ts
 * type ResultOf<E> = E extends { readonly [EXP_KIND]?: infer K } ? K : never;
 * ```
 */
export declare const EXP_KIND: unique symbol;
declare const UNKNOWN_BRAND: unique symbol;

/**
 * Result type marker: nil.
 * @example `const e: Exp<ExpNil> = exp.nil();`
 */
export interface ExpNil {
  readonly expType: 'nil';
}
/**
 * Result type marker: boolean.
 * @example `const e: Exp<ExpBool> = exp.binBool('active');`
 */
export interface ExpBool {
  readonly expType: 'bool';
}
/**
 * Result type marker: 64-bit integer. Distinct from {@link ExpFloat}: the
 * server refuses to compare or combine an integer with a float.
 * @example `const e: Exp<ExpInt> = exp.binInt('age');`
 */
export interface ExpInt {
  readonly expType: 'int';
}
/**
 * Result type marker: 64-bit float.
 * @example `const e: Exp<ExpFloat> = exp.float(1.5);`
 */
export interface ExpFloat {
  readonly expType: 'float';
}
/**
 * Result type marker: string.
 * @example `const e: Exp<ExpString> = exp.binStr('name');`
 */
export interface ExpString {
  readonly expType: 'string';
}
/**
 * Result type marker: list.
 * @example `const e: Exp<ExpList> = exp.binList('tags');`
 */
export interface ExpList {
  readonly expType: 'list';
}
/**
 * Result type marker: map.
 * @example `const e: Exp<ExpMap> = exp.binMap('scores');`
 */
export interface ExpMap {
  readonly expType: 'map';
}
/**
 * Result type marker: blob (bytes).
 * @example `const e: Exp<ExpBlob> = exp.binBlob('bits');`
 */
export interface ExpBlob {
  readonly expType: 'blob';
}
/**
 * Result type marker: GeoJSON.
 * @example `const e: Exp<ExpGeo> = exp.binGeo('location');`
 */
export interface ExpGeo {
  readonly expType: 'geo';
}
/**
 * Result type marker: HyperLogLog.
 * @example `const e: Exp<ExpHll> = exp.binHll('visitors');`
 */
export interface ExpHll {
  readonly expType: 'hll';
}
/**
 * Result type marker of {@link exp.wildcard} and {@link exp.inf}: values that
 * only mean something as arguments of list and map expressions.
 * @example `exp.lists.getByValueRange(exp.binList('l'), exp.int(10), exp.inf(), CdtReturnType.COUNT)`
 */
export interface ExpSentinel {
  readonly expType: 'sentinel';
}
/**
 * Result type marker of {@link exp.removeResult}: "remove this element", the
 * result of a `modifyByPath` expression.
 * @example `exp.modifyByPath(exp.binList('l'), ExpType.LIST, exp.removeResult(), 0, [ctx.allChildrenWithFilter(f)])`
 */
export interface ExpRemove {
  readonly expType: 'remove';
}

/**
 * The value types an expression can have on the server.
 * @example `function describe(e: Exp<ExpKind>): string { return e.toBase64(); }`
 */
export type ExpKind = ExpNil | ExpBool | ExpInt | ExpFloat | ExpString | ExpList | ExpMap | ExpBlob | ExpGeo | ExpHll;

/**
 * Every result type marker, including the two that are not values
 * ({@link ExpSentinel}, {@link ExpRemove}).
 * @example `const any: Exp<ExpAnyKind> = exp.wildcard();`
 */
export type ExpAnyKind = ExpKind | ExpSentinel | ExpRemove;

/**
 * A filter or operation expression whose result has type `T`.
 *
 * `Exp<ExpInt>` and `Exp<ExpString>` are different types, so comparing an
 * integer bin with a string, or mixing integers and floats in arithmetic,
 * does not compile. An `Exp<never>` (a variable, `exp.var`) fits anywhere.
 * Build expressions with the {@link exp} functions; pass them as a policy's
 * `filterExpression`, or to {@link expOps}.
 *
 * @example
 * ```ts
 * const adults: Exp<ExpBool> = exp.ge(exp.binInt('age'), exp.int(18));
 * await client.get(key, { filterExpression: adults });
 * ```
 */
export interface Exp<T extends ExpAnyKind = ExpKind> {
  /** Phantom: the result type. Never present at run time. */
  readonly [EXP_KIND]?: T;
  /**
   * The expression packed as the server reads it (the FILTER_EXP field).
   * @example `exp.eq(exp.binInt('a'), exp.int(1)).pack()` → `<93 01 93 51 02 a1 61 01>`
   */
  pack(): Buffer;
  /**
   * Base64 of {@link Exp.pack}, as the official clients' `expressionToBase64` gives it.
   * @example `exp.eq(exp.binInt('a'), exp.int(1)).toBase64()` → `'kwGTUQKhYQE='`
   */
  toBase64(): string;
}

/**
 * A boolean expression: what a filter must be.
 * @example `const f: BoolExp = exp.and(exp.binExists('a'), exp.gt(exp.binInt('a'), exp.int(0)));`
 */
export type BoolExp = Exp<ExpBool>;
/**
 * An integer expression.
 * @example `const n: IntExp = exp.lists.size(exp.binList('tags'));`
 */
export type IntExp = Exp<ExpInt>;
/**
 * A float expression.
 * @example `const f: FloatExp = exp.toFloat(exp.binInt('count'));`
 */
export type FloatExp = Exp<ExpFloat>;
/**
 * A string expression.
 * @example `const s: StringExp = exp.setName();`
 */
export type StringExp = Exp<ExpString>;
/**
 * A list expression.
 * @example `const l: ListExp = exp.list([1, 2, 3]);`
 */
export type ListExp = Exp<ExpList>;
/**
 * A map expression.
 * @example `const m: MapExp = exp.map({ a: 1 });`
 */
export type MapExp = Exp<ExpMap>;
/**
 * A blob expression.
 * @example `const b: BlobExp = exp.bytes(Buffer.from([1, 2]));`
 */
export type BlobExp = Exp<ExpBlob>;
/**
 * A GeoJSON expression.
 * @example `const g: GeoExp = exp.geo({ type: 'Point', coordinates: [1, 2] });`
 */
export type GeoExp = Exp<ExpGeo>;
/**
 * A HyperLogLog expression.
 * @example `const h: HllExp = exp.binHll('visitors');`
 */
export type HllExp = Exp<ExpHll>;
/**
 * A nil expression.
 * @example `const n: NilExp = exp.nil();`
 */
export type NilExp = Exp<ExpNil>;

/**
 * The type of {@link exp.unknown}: evaluates to "unknown", failing the
 * expression. It is a boolean to the server, and also fits any branch of
 * {@link exp.cond}.
 * @example `exp.cond(exp.binExists('a'), exp.binInt('a'), exp.unknown())`
 */
export interface UnknownExp extends Exp<ExpBool> {
  readonly [UNKNOWN_BRAND]: true;
}

/**
 * The result type marker of an {@link ExpType} number: what a
 * `valueType` argument declares.
 * @example `type T = ExpKindOf<typeof ExpType.INT>; // ExpInt`
 */
export type ExpKindOf<V> = V extends 0
  ? ExpNil
  : V extends 1
    ? ExpBool
    : V extends 2
      ? ExpInt
      : V extends 3
        ? ExpString
        : V extends 4
          ? ExpList
          : V extends 5
            ? ExpMap
            : V extends 6
              ? ExpBlob
              : V extends 7
                ? ExpFloat
                : V extends 8
                  ? ExpGeo
                  : V extends 9
                    ? ExpHll
                    : ExpKind;

// ---------------------------------------------------------------------------
// Run-time types

/**
 * Run-time type of a node whose type only the server knows (a variable, decoded bytes).
 * @internal
 */
export const T_DYNAMIC = -1;
/**
 * Run-time type of `exp.unknown()`: a boolean, also allowed in any `cond` branch.
 * @internal
 */
export const T_UNKNOWN = -2;
/**
 * Run-time type of `exp.wildcard()` / `exp.inf()`.
 * @internal
 */
export const T_SENTINEL = -3;
/**
 * Run-time type of `exp.removeResult()`.
 * @internal
 */
export const T_REMOVE = -4;
/**
 * Run-time type of the parts of an expression that are not expressions (names, contexts…).
 * @internal
 */
export const T_PART = -5;

const TYPE_NAMES: Record<number, string> = {
  [ExpType.NIL]: 'nil',
  [ExpType.BOOL]: 'bool',
  [ExpType.INT]: 'int',
  [ExpType.STRING]: 'string',
  [ExpType.LIST]: 'list',
  [ExpType.MAP]: 'map',
  [ExpType.BLOB]: 'blob',
  [ExpType.FLOAT]: 'float',
  [ExpType.GEO]: 'geo',
  [ExpType.HLL]: 'hll',
  [T_DYNAMIC]: 'dynamic',
  [T_UNKNOWN]: 'unknown',
  [T_SENTINEL]: 'wildcard/inf',
  [T_REMOVE]: 'removeResult',
  [T_PART]: 'part',
};

/**
 * Name of a run-time type, for messages.
 * @internal
 */
export function typeName(type: number): string {
  return TYPE_NAMES[type] ?? `type ${type}`;
}

const BRAND = Symbol.for('aerospike-ts.exp');

/**
 * How deeply expressions may nest: far beyond real filters, and well within
 * what packing (which recurses) and the server's parser can take.
 * @internal
 */
export const MAX_EXP_DEPTH = 3000;

/**
 * One node of an expression tree: its run-time type, its packed size
 * (computed when built) and how to write it.
 * @internal
 */
export abstract class ExpNode {
  /** Marks expressions across copies of this package. */
  readonly [BRAND] = true;

  /**
   * @param type - the run-time result type ({@link ExpType} or one of the `T_*` codes).
   * @param byteSize - exact packed size.
   */
  protected constructor(
    readonly type: number,
    readonly byteSize: number,
    readonly depth = 1,
  ) {}

  /** Writes the node at `offset`; returns the offset after it. */
  abstract write(buf: Buffer, offset: number): number;

  /** The packed expression. */
  pack(): Buffer {
    const buf = Buffer.allocUnsafe(this.byteSize);
    const end = this.write(buf, 0);
    if (end !== this.byteSize) throw new Error(`expression packed to ${end} bytes, expected ${this.byteSize}`);
    return buf;
  }

  /** Base64 of {@link ExpNode.pack}. */
  toBase64(): string {
    return this.pack().toString('base64');
  }

  /** The base64 form, so that logs show something readable. */
  toString(): string {
    return `Exp(${this.toBase64()})`;
  }
}

/**
 * True when `value` is an expression node built by this package (any copy of it).
 * @internal
 */
export function isExpNode(value: unknown): value is ExpNode {
  return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
}

/**
 * A list `[items…]`.
 * @internal
 */
export class ListNode extends ExpNode {
  constructor(
    type: number,
    readonly items: readonly ExpNode[],
  ) {
    let size = arrayHeaderSize(items.length);
    let depth = 0;
    for (const item of items) {
      size += item.byteSize;
      if (item.depth > depth) depth = item.depth;
    }
    super(type, size, depth + 1);
  }

  write(buf: Buffer, offset: number): number {
    let at = packArrayHeader(this.items.length, buf, offset);
    for (const item of this.items) at = item.write(buf, at);
    return at;
  }
}

/**
 * A msgpack value (numbers, strings, lists, maps…) in Aerospike's dialect.
 * @internal
 */
export class ValueNode extends ExpNode {
  constructor(
    type: number,
    readonly value: CdtValue,
    size: number,
  ) {
    super(type, size);
  }

  write(buf: Buffer, offset: number): number {
    return pack(this.value, buf, offset);
  }
}

/**
 * Bytes written as they are.
 * @internal
 */
export class RawNode extends ExpNode {
  constructor(
    type: number,
    readonly bytes: Buffer,
  ) {
    super(type, bytes.length);
  }

  write(buf: Buffer, offset: number): number {
    buf.set(this.bytes, offset);
    return offset + this.bytes.length;
  }
}

/**
 * An integer part (an op code, a flag, a return type).
 * @internal
 */
export class IntNode extends ExpNode {
  constructor(
    type: number,
    readonly value: number | bigint,
  ) {
    super(type, intSize(value));
  }

  write(buf: Buffer, offset: number): number {
    return packInt(this.value, buf, offset);
  }
}

/**
 * A CDT context, packed as `[id, value, …]` when built (so that changing
 * the array afterwards changes nothing).
 * @internal
 */
export class CtxNode extends ExpNode {
  /** The id of the first step: which container the bin is, when it says. */
  readonly firstId: number;
  private readonly bytes: Buffer;

  constructor(context: CdtContext, size: number) {
    super(T_PART, size);
    this.firstId = context[0]!.id;
    this.bytes = Buffer.allocUnsafe(size);
    const end = packContext(context, this.bytes, 0);
    if (end !== size) throw new Error(`context packed to ${end} bytes, expected ${size}`);
  }

  write(buf: Buffer, offset: number): number {
    buf.set(this.bytes, offset);
    return offset + this.bytes.length;
  }
}

// ---------------------------------------------------------------------------
// Building helpers

/**
 * An integer part of the expression (not an expression itself).
 * @internal
 */
export function part(value: number): IntNode {
  return new IntNode(T_PART, value);
}

/**
 * `[code, args…]` with result type `type`.
 * @internal
 */
export function op(type: number, code: number, ...args: ExpNode[]): ListNode {
  return new ListNode(type, [part(code), ...args]);
}

/** Drops the `msgpack value: ` prefix of an encoder error so it can be re-raised under a function's name. */
function problemOf(err: InvalidArgumentError): string {
  const prefix = 'msgpack value: ';
  return err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
}

/**
 * A node for `value`, packed now: a value the wire cannot carry is
 * reported by `fn` when the expression is built, and changing the value
 * afterwards (an array, a map) changes nothing.
 * @internal
 */
export function valueNode(fn: string, what: string, type: number, value: CdtValue): RawNode {
  let bytes: Buffer;
  try {
    bytes = Buffer.allocUnsafe(packedSize(value));
    const end = pack(value, bytes, 0);
    if (end !== bytes.length) throw new Error(`value packed to ${end} bytes, expected ${bytes.length}`);
  } catch (err) {
    if (err instanceof InvalidArgumentError) throw invalidArgument(fn, `${what}: ${problemOf(err)}`);
    throw err;
  }
  return new RawNode(type, bytes);
}

/**
 * A context node, checked and sized now. `undefined`, `null` and `[]` mean no context.
 * @internal
 */
export function ctxNode(fn: string, context: CdtContext | null | undefined): CtxNode | undefined {
  if (context === undefined || context === null) return undefined;
  if (!Array.isArray(context)) throw invalidArgument(fn, 'ctx must be an array of ctx.* steps');
  if (context.length === 0) return undefined;
  let size: number;
  try {
    size = contextSize(context);
  } catch (err) {
    if (err instanceof InvalidArgumentError) throw invalidArgument(fn, `ctx: ${problemOf(err)}`);
    throw err;
  }
  return new CtxNode(context, size);
}

/**
 * `value` as an expression node, or an error naming `fn` and `what` when it
 * is not an expression built with `exp.*`.
 * @internal
 */
export function node(fn: string, what: string, value: unknown): ExpNode {
  if (!isExpNode(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw invalidArgument(fn, `${what} must be an expression built with exp.*, got ${got}`);
  }
  if (value.type === T_PART) throw invalidArgument(fn, `${what} is not an expression`);
  if (value.depth >= MAX_EXP_DEPTH) throw invalidArgument(fn, `${what} is nested ${value.depth} levels deep; the limit is ${MAX_EXP_DEPTH}`);
  return value;
}

/**
 * {@link node}, and the check that its type is one of `allowed` (when the
 * type is known before the server evaluates it). `exp.unknown()` counts as
 * a boolean, as it does on the server.
 * @internal
 */
export function typed(fn: string, what: string, value: unknown, ...allowed: number[]): ExpNode {
  const n = node(fn, what, value);
  const type = n.type === T_UNKNOWN ? ExpType.BOOL : n.type;
  if (type === T_DYNAMIC || allowed.includes(type)) return n;
  const names = allowed.map(typeName);
  const expected = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
  throw invalidArgument(fn, `${what} must be a${/^[aeiou]/.test(expected ?? '') ? 'n' : ''} ${expected} expression, got ${typeName(n.type)}`);
}

/**
 * The value types an expression may have as a value (every server type).
 * @internal
 */
export const VALUE_TYPES: readonly number[] = [
  ExpType.NIL,
  ExpType.BOOL,
  ExpType.INT,
  ExpType.STRING,
  ExpType.LIST,
  ExpType.MAP,
  ExpType.BLOB,
  ExpType.FLOAT,
  ExpType.GEO,
  ExpType.HLL,
];

/**
 * Value types plus the range sentinels: what a list or map argument may be.
 * @internal
 */
export const CDT_ARG_TYPES: readonly number[] = [...VALUE_TYPES, T_SENTINEL];

/**
 * Checks that `value` is an integer in [min, max]; returns it.
 * @internal
 */
export function checkInt(fn: string, what: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidArgument(fn, `${what} must be an integer in [${min}, ${max}], got ${describe(value)}`);
  }
  return value;
}

/**
 * Checks that `value` is a flag set made only of the bits in `mask`; returns it.
 * @internal
 */
export function checkFlags(fn: string, what: string, value: unknown, mask: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || (value & ~mask) !== 0 || value > 0x7fff_ffff) {
    throw invalidArgument(fn, `${what} must be a combination of the flags 0x${mask.toString(16)}, got ${describe(value)}`);
  }
  return value;
}

/**
 * Checks that `value` is one of `allowed`; returns it.
 * @internal
 */
export function checkOneOf(fn: string, what: string, value: unknown, allowed: readonly number[]): number {
  if (typeof value !== 'number' || !allowed.includes(value)) {
    throw invalidArgument(fn, `${what} must be one of ${allowed.join(', ')}, got ${describe(value)}`);
  }
  return value;
}

/**
 * Short description of a bad argument.
 * @internal
 */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/**
 * An integer argument that may be given as a number or an integer
 * expression: a number must be a safe integer (or a bigint in int64 range).
 * @internal
 */
export function intArg(fn: string, what: string, value: unknown): ExpNode {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw invalidArgument(fn, `${what} must be an integer, got ${describe(value)}`);
    return new IntNode(ExpType.INT, value);
  }
  if (typeof value === 'bigint') {
    if (value < INT64_MIN || value > INT64_MAX) throw invalidArgument(fn, `${what} ${value} does not fit in a signed 64-bit integer`);
    return new IntNode(ExpType.INT, value);
  }
  return typed(fn, what, value, ExpType.INT);
}

// ---------------------------------------------------------------------------
// Base64

/**
 * The base64 form of an expression, as the official clients'
 * `expressionToBase64` gives it (and as secondary-index expressions and
 * configuration files carry it).
 * @throws {@link InvalidArgumentError} when `e` is not an expression built with `exp.*`.
 * @example `expressionToBase64(exp.eq(exp.binInt('a'), exp.int(1)))` → `'kwGTUQKhYQE='`
 */
export function expressionToBase64(e: Exp<ExpAnyKind>): string {
  return node('expressionToBase64', 'expression', e).toBase64();
}

/**
 * An expression from its packed bytes: for expressions stored as base64
 * (see {@link expressionToBase64}) or built by another client. Its result
 * type is unknown to the compiler unless given as `T`.
 * @throws {@link InvalidArgumentError} when the bytes are not exactly one msgpack value.
 * @example
 * ```ts
 * const filter = expressionFromBase64<ExpBool>('kwGTUQKhYQE=');
 * ```
 */
export function expressionFromBase64<T extends ExpAnyKind = never>(text: string): Exp<T> {
  if (typeof text !== 'string') throw invalidArgument('expressionFromBase64', `text must be a string, got ${describe(text)}`);
  const bytes = Buffer.from(text, 'base64');
  return fromBytes('expressionFromBase64', bytes);
}

/**
 * An expression from its packed bytes (a copy is kept).
 * @throws {@link InvalidArgumentError} when the bytes are not exactly one msgpack value.
 * @example `expressionFromBytes(exp.int(1).pack())`
 */
export function expressionFromBytes<T extends ExpAnyKind = never>(bytes: Uint8Array): Exp<T> {
  if (!(bytes instanceof Uint8Array)) throw invalidArgument('expressionFromBytes', `bytes must be a Buffer, got ${describe(bytes)}`);
  return fromBytes('expressionFromBytes', Buffer.from(bytes));
}

function fromBytes<T extends ExpAnyKind>(fn: string, bytes: Buffer): Exp<T> {
  if (bytes.length === 0) throw invalidArgument(fn, 'empty expression');
  try {
    const reader = new MsgpackReader(bytes, 0, bytes.length, undefined, true);
    reader.skipValue();
    if (reader.offset !== bytes.length) throw new Error(`${bytes.length - reader.offset} bytes after the expression`);
  } catch (err) {
    throw invalidArgument(fn, `not a packed expression: ${(err as Error).message}`);
  }
  return new RawNode(T_DYNAMIC, bytes);
}
