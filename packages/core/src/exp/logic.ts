/**
 * Comparisons, boolean logic and control flow (`cond`, `let`, variables).
 *
 * @packageDocumentation
 */

import { invalidArgument } from '../errors.js';
import { ExpOp, ExpType, RegexFlags } from '../wire/cdt/exp.js';
import { isWellFormed } from '../wire/utf16.js';
import {
  type BoolExp,
  type Exp,
  type ExpAnyKind,
  type ExpBlob,
  type ExpBool,
  type ExpFloat,
  type ExpInt,
  type ExpKind,
  type ExpList,
  type ExpMap,
  type ExpNil,
  type ExpNode,
  type ExpString,
  type GeoExp,
  type ListExp,
  ListNode,
  T_DYNAMIC,
  T_PART,
  T_SENTINEL,
  T_UNKNOWN,
  type UnknownExp,
  VALUE_TYPES,
  checkFlags,
  describe,
  node,
  op,
  part,
  typeName,
  typed,
} from './exp.js';
import { rawString } from './record.js';

// ---------------------------------------------------------------------------
// Comparisons

/**
 * The types the server compares with `eq`, `ne`, `gt`, `ge`, `lt`, `le`
 * (GeoJSON and HyperLogLog values cannot be compared).
 * @example `function same<T extends ExpComparable>(a: Exp<T>, b: Exp<T>) { return exp.eq(a, b); }`
 */
export type ExpComparable = ExpNil | ExpBool | ExpInt | ExpFloat | ExpString | ExpList | ExpMap | ExpBlob;

const COMPARABLE: readonly number[] = [
  ExpType.NIL,
  ExpType.BOOL,
  ExpType.INT,
  ExpType.FLOAT,
  ExpType.STRING,
  ExpType.LIST,
  ExpType.MAP,
  ExpType.BLOB,
];

function compare(fn: string, code: number, left: unknown, right: unknown): BoolExp {
  const l = typed(fn, 'left', left, ...COMPARABLE);
  const r = typed(fn, 'right', right, ...COMPARABLE);
  const lt = l.type === T_UNKNOWN ? ExpType.BOOL : l.type;
  const rt = r.type === T_UNKNOWN ? ExpType.BOOL : r.type;
  if (lt !== T_DYNAMIC && rt !== T_DYNAMIC && lt !== rt) {
    throw invalidArgument(fn, `cannot compare ${typeName(lt)} with ${typeName(rt)}: both sides must have the same type`);
  }
  return op(ExpType.BOOL, code, l, r);
}

/**
 * True when both sides are equal. Both must have the same type: an integer
 * never equals a float or a string.
 * @example `exp.eq(exp.binStr('status'), exp.str('active'))`
 */
export function eq<T extends ExpComparable>(left: Exp<T>, right: Exp<T>): BoolExp {
  return compare('exp.eq', ExpOp.EQ, left, right);
}

/**
 * True when the sides differ.
 * @example `exp.ne(exp.binInt('a'), exp.int(0))`
 */
export function ne<T extends ExpComparable>(left: Exp<T>, right: Exp<T>): BoolExp {
  return compare('exp.ne', ExpOp.NE, left, right);
}

/**
 * True when `left > right`.
 * @example `exp.gt(exp.binInt('age'), exp.int(21))`
 */
export function gt<T extends ExpComparable>(left: Exp<T>, right: Exp<T>): BoolExp {
  return compare('exp.gt', ExpOp.GT, left, right);
}

/**
 * True when `left >= right`.
 * @example `exp.ge(exp.binFloat('score'), exp.float(9.5))`
 */
export function ge<T extends ExpComparable>(left: Exp<T>, right: Exp<T>): BoolExp {
  return compare('exp.ge', ExpOp.GE, left, right);
}

/**
 * True when `left < right`.
 * @example `exp.lt(exp.ttl(), exp.int(3600))`
 */
export function lt<T extends ExpComparable>(left: Exp<T>, right: Exp<T>): BoolExp {
  return compare('exp.lt', ExpOp.LT, left, right);
}

/**
 * True when `left <= right`.
 * @example `exp.le(exp.lists.size(exp.binList('l')), exp.int(10))`
 */
export function le<T extends ExpComparable>(left: Exp<T>, right: Exp<T>): BoolExp {
  return compare('exp.le', ExpOp.LE, left, right);
}

const REGEX_FLAGS_MASK = RegexFlags.EXTENDED | RegexFlags.ICASE | RegexFlags.NOSUB | RegexFlags.NEWLINE;

/**
 * True when the string matches the POSIX regular expression `regex`.
 * @param flags - {@link RegexFlags} OR-ed together (`regcomp` flags).
 * @example `exp.cmpRegex(RegexFlags.ICASE, '^prod-', exp.binStr('host'))`
 */
export function cmpRegex(flags: RegexFlags, regex: string, value: Exp<ExpString>): BoolExp {
  const fn = 'exp.cmpRegex';
  checkFlags(fn, 'flags', flags, REGEX_FLAGS_MASK);
  if (typeof regex !== 'string') throw invalidArgument(fn, `regex must be a string, got ${describe(regex)}`);
  if (!isWellFormed(regex)) throw invalidArgument(fn, 'regex is not well-formed UTF-16');
  if (regex.includes('\0')) throw invalidArgument(fn, 'regex must not contain a NUL character');
  return op(ExpType.BOOL, ExpOp.REGEX, part(flags), rawString(regex), typed(fn, 'value', value, ExpType.STRING));
}

/**
 * True when the two GeoJSON values intersect (a point within a region, or
 * a region containing a point).
 * @example `exp.cmpGeo(exp.binGeo('loc'), exp.geo({ type: 'AeroCircle', coordinates: [[-122.0, 37.5], 1000] }))`
 */
export function cmpGeo(left: GeoExp, right: GeoExp): BoolExp {
  const fn = 'exp.cmpGeo';
  return op(ExpType.BOOL, ExpOp.GEO, typed(fn, 'left', left, ExpType.GEO), typed(fn, 'right', right, ExpType.GEO));
}

/**
 * True when `value` is an element of `list` (server 8.1).
 * @example `exp.inList(exp.binStr('color'), exp.list(['red', 'green']))`
 */
export function inList(value: Exp<ExpKind>, list: ListExp): BoolExp {
  const fn = 'exp.inList';
  return op(ExpType.BOOL, ExpOp.IN_LIST, typed(fn, 'value', value, ...VALUE_TYPES), typed(fn, 'list', list, ExpType.LIST));
}

// ---------------------------------------------------------------------------
// Logic

function logical(fn: string, code: number, args: readonly unknown[]): BoolExp {
  if (args.length < 2) throw invalidArgument(fn, `needs at least 2 boolean expressions, got ${args.length}`);
  return op(ExpType.BOOL, code, ...args.map((a, i) => typed(fn, `argument ${i + 1}`, a, ExpType.BOOL)));
}

/**
 * True when every argument is true (at least two).
 * @example `exp.and(exp.binExists('a'), exp.gt(exp.binInt('a'), exp.int(0)))`
 */
export function and(...args: [BoolExp, BoolExp, ...BoolExp[]]): BoolExp {
  return logical('exp.and', ExpOp.AND, args);
}

/**
 * True when any argument is true (at least two).
 * @example `exp.or(exp.eq(exp.binStr('c'), exp.str('a')), exp.eq(exp.binStr('c'), exp.str('b')))`
 */
export function or(...args: [BoolExp, BoolExp, ...BoolExp[]]): BoolExp {
  return logical('exp.or', ExpOp.OR, args);
}

/**
 * True when exactly one argument is true (at least two).
 * @example `exp.exclusive(exp.binExists('a'), exp.binExists('b'))`
 */
export function exclusive(...args: [BoolExp, BoolExp, ...BoolExp[]]): BoolExp {
  return logical('exp.exclusive', ExpOp.EXCLUSIVE, args);
}

/**
 * The negation of a boolean.
 * @example `exp.not(exp.binExists('deleted'))`
 */
export function not(value: BoolExp): BoolExp {
  return op(ExpType.BOOL, ExpOp.NOT, typed('exp.not', 'value', value, ExpType.BOOL));
}

// ---------------------------------------------------------------------------
// cond

/**
 * What a branch of {@link cond} may be: an expression of the branch type,
 * or {@link unknown}.
 * @example `const b: Branch<ExpInt> = exp.unknown();`
 */
export type Branch<T extends ExpAnyKind> = Exp<T> | UnknownExp;

/**
 * The argument list of a {@link cond} with more than 8 cases.
 * @example `const args: LongCond<ExpInt> = [c1, v1, c2, v2, c3, v3, c4, v4, c5, v5, c6, v6, c7, v7, c8, v8, c9, v9, other];`
 */
export type LongCond<T extends ExpAnyKind> = [
  BoolExp,
  Branch<T>,
  BoolExp,
  Branch<T>,
  BoolExp,
  Branch<T>,
  BoolExp,
  Branch<T>,
  BoolExp,
  Branch<T>,
  BoolExp,
  Branch<T>,
  BoolExp,
  Branch<T>,
  BoolExp,
  Branch<T>,
  BoolExp,
  Branch<T>,
  Branch<T>,
  ...(BoolExp | Branch<T>)[],
];

/**
 * The value of the first branch whose condition is true, else the default:
 * `cond(if1, then1, if2, then2, …, otherwise)`. Every branch has the same
 * type; {@link unknown} fits any branch.
 * @example
 * ```ts
 * exp.cond(
 *   exp.lt(exp.binInt('age'), exp.int(13)), exp.str('child'),
 *   exp.lt(exp.binInt('age'), exp.int(20)), exp.str('teen'),
 *   exp.str('adult'),
 * )
 * ```
 */
export function cond<T extends ExpAnyKind>(if1: BoolExp, then1: Branch<T>, otherwise: Branch<T>): Exp<T>;
/**
 * {@link cond} with 2 cases and a default.
 * @example `exp.cond(c1, v1, c2, v2, otherwise)`
 */
export function cond<T extends ExpAnyKind>(if1: BoolExp, then1: Branch<T>, if2: BoolExp, then2: Branch<T>, otherwise: Branch<T>): Exp<T>;
/**
 * {@link cond} with 3 cases and a default.
 * @example `exp.cond(c1, v1, c2, v2, …, otherwise)`
 */
export function cond<T extends ExpAnyKind>(if1: BoolExp, then1: Branch<T>, if2: BoolExp, then2: Branch<T>, if3: BoolExp, then3: Branch<T>, otherwise: Branch<T>): Exp<T>;
/**
 * {@link cond} with 4 cases and a default.
 * @example `exp.cond(c1, v1, c2, v2, …, otherwise)`
 */
export function cond<T extends ExpAnyKind>(if1: BoolExp, then1: Branch<T>, if2: BoolExp, then2: Branch<T>, if3: BoolExp, then3: Branch<T>, if4: BoolExp, then4: Branch<T>, otherwise: Branch<T>): Exp<T>;
/**
 * {@link cond} with 5 cases and a default.
 * @example `exp.cond(c1, v1, c2, v2, …, otherwise)`
 */
export function cond<T extends ExpAnyKind>(if1: BoolExp, then1: Branch<T>, if2: BoolExp, then2: Branch<T>, if3: BoolExp, then3: Branch<T>, if4: BoolExp, then4: Branch<T>, if5: BoolExp, then5: Branch<T>, otherwise: Branch<T>): Exp<T>;
/**
 * {@link cond} with 6 cases and a default.
 * @example `exp.cond(c1, v1, c2, v2, …, otherwise)`
 */
export function cond<T extends ExpAnyKind>(if1: BoolExp, then1: Branch<T>, if2: BoolExp, then2: Branch<T>, if3: BoolExp, then3: Branch<T>, if4: BoolExp, then4: Branch<T>, if5: BoolExp, then5: Branch<T>, if6: BoolExp, then6: Branch<T>, otherwise: Branch<T>): Exp<T>;
/**
 * {@link cond} with 7 cases and a default.
 * @example `exp.cond(c1, v1, c2, v2, …, otherwise)`
 */
export function cond<T extends ExpAnyKind>(if1: BoolExp, then1: Branch<T>, if2: BoolExp, then2: Branch<T>, if3: BoolExp, then3: Branch<T>, if4: BoolExp, then4: Branch<T>, if5: BoolExp, then5: Branch<T>, if6: BoolExp, then6: Branch<T>, if7: BoolExp, then7: Branch<T>, otherwise: Branch<T>): Exp<T>;
/**
 * {@link cond} with 8 cases and a default.
 * @example `exp.cond(c1, v1, c2, v2, …, otherwise)`
 */
export function cond<T extends ExpAnyKind>(if1: BoolExp, then1: Branch<T>, if2: BoolExp, then2: Branch<T>, if3: BoolExp, then3: Branch<T>, if4: BoolExp, then4: Branch<T>, if5: BoolExp, then5: Branch<T>, if6: BoolExp, then6: Branch<T>, if7: BoolExp, then7: Branch<T>, if8: BoolExp, then8: Branch<T>, otherwise: Branch<T>): Exp<T>;
/**
 * {@link cond} with more than 8 cases.
 * @example `exp.cond(c1, v1, c2, v2, c3, v3, c4, v4, c5, v5, c6, v6, c7, v7, c8, v8, c9, v9, otherwise)`
 */
export function cond<T extends ExpAnyKind>(...args: LongCond<T>): Exp<T>;
export function cond(...args: unknown[]): Exp<ExpAnyKind> {
  const fn = 'exp.cond';
  if (args.length < 3 || args.length % 2 === 0) {
    throw invalidArgument(fn, `needs (condition, value) pairs and a default: an odd number of arguments, at least 3, got ${args.length}`);
  }
  const items: ExpNode[] = [];
  let type: number | undefined;
  let dynamic = false;
  const branch = (value: unknown, what: string): ExpNode => {
    const n = node(fn, what, value);
    if (n.type === T_SENTINEL) throw invalidArgument(fn, `${what} cannot be exp.wildcard() or exp.inf()`);
    if (n.type === T_UNKNOWN) return n;
    if (n.type === T_DYNAMIC) {
      dynamic = true;
      return n;
    }
    if (type === undefined) type = n.type;
    else if (n.type !== type) throw invalidArgument(fn, `${what} is ${typeName(n.type)} but an earlier branch is ${typeName(type)}: every branch must have the same type`);
    return n;
  };
  for (let i = 0; i + 1 < args.length; i += 2) {
    items.push(typed(fn, `condition ${i / 2 + 1}`, args[i], ExpType.BOOL));
    items.push(branch(args[i + 1], `value ${i / 2 + 1}`));
  }
  items.push(branch(args[args.length - 1], 'default'));
  const result = type ?? (dynamic ? T_DYNAMIC : ExpType.BOOL);
  return new ListNode(result, [part(ExpOp.COND), ...items]);
}

// ---------------------------------------------------------------------------
// Variables

const DEF_BRAND = Symbol.for('aerospike-ts.exp.def');
declare const DEF_KIND: unique symbol;

/**
 * A variable definition for {@link letExp | exp.let}, made by {@link def}.
 * It is not an expression and can only be given to `exp.let`.
 * @example `const d: ExpDef = exp.def('total', exp.add(exp.binInt('a'), exp.binInt('b')));`
 */
export interface ExpDef {
  /** The variable's name. */
  readonly name: string;
  /** Phantom: makes definitions a type of their own. */
  readonly [DEF_KIND]?: true;
}

class DefPart implements ExpDef {
  readonly [DEF_BRAND] = true;
  constructor(
    readonly name: string,
    readonly nameNode: ExpNode,
    readonly value: ExpNode,
  ) {}
}

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkVarName(fn: string, name: unknown): string {
  if (typeof name !== 'string') throw invalidArgument(fn, `variable name must be a string, got ${describe(name)}`);
  if (!VAR_NAME.test(name)) {
    throw invalidArgument(fn, `variable name ${JSON.stringify(name)} must start with a letter or "_" and contain only letters, digits and "_"`);
  }
  return name;
}

/**
 * Defines variable `name` as `value`, for {@link letExp | exp.let}.
 * @param name - letters, digits and `_`, not starting with a digit.
 * @example `exp.let(exp.def('x', exp.binInt('a')), exp.gt(exp.var('x'), exp.int(0)))`
 */
export function def(name: string, value: Exp<ExpAnyKind>): ExpDef {
  const fn = 'exp.def';
  checkVarName(fn, name);
  const n = node(fn, 'value', value);
  if (n.type === T_SENTINEL) throw invalidArgument(fn, 'value cannot be exp.wildcard() or exp.inf()');
  return new DefPart(name, rawString(name), n);
}

/**
 * Evaluates the definitions in order, then `scope`, in which
 * {@link varExp | exp.var} reads the variables: `let(def…, scope)`. A name
 * may not be defined twice, nor shadow a variable of an enclosing `let`.
 * @example
 * ```ts
 * exp.let(
 *   exp.def('total', exp.add(exp.binInt('a'), exp.binInt('b'))),
 *   exp.and(exp.gt(exp.var('total'), exp.int(10)), exp.lt(exp.var('total'), exp.int(20))),
 * )
 * ```
 */
export function letExp<T extends ExpAnyKind>(...args: [ExpDef, ...ExpDef[], Exp<T>]): Exp<T> {
  const fn = 'exp.let';
  if (args.length < 2) throw invalidArgument(fn, `needs at least one exp.def and a scope expression, got ${args.length} arguments`);
  const items: ExpNode[] = [part(ExpOp.LET)];
  const names = new Set<string>();
  for (let i = 0; i < args.length - 1; i++) {
    const d = args[i] as unknown;
    if (!(typeof d === 'object' && d !== null && (d as { [DEF_BRAND]?: unknown })[DEF_BRAND] === true)) {
      throw invalidArgument(fn, `argument ${i + 1} must be an exp.def(name, value), got ${describe(d)}`);
    }
    const definition = d as DefPart;
    if (names.has(definition.name)) throw invalidArgument(fn, `variable "${definition.name}" is defined twice`);
    names.add(definition.name);
    items.push(definition.nameNode, definition.value);
  }
  const scope = node(fn, 'scope', args[args.length - 1]);
  if (scope.type === T_PART) throw invalidArgument(fn, 'scope must be an expression');
  items.push(scope);
  return new ListNode(scope.type, items);
}

/**
 * The value of a variable defined by an enclosing {@link letExp | exp.let}.
 * Its type is only known to the server, so it fits any argument.
 * @example `exp.let(exp.def('x', exp.binInt('a')), exp.gt(exp.var('x'), exp.int(0)))`
 */
export function varExp(name: string): Exp<never> {
  return new ListNode(T_DYNAMIC, [part(ExpOp.VAR), rawString(checkVarName('exp.var', name))]);
}

