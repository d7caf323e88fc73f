/**
 * Arithmetic and integer bit expressions.
 *
 * The server does not convert between integers and floats implicitly:
 * every argument of `add`, `sub`, `mul`, `div`, `min`, `max` must be an
 * integer, or every one a float. Use {@link toInt} / {@link toFloat}.
 *
 * @packageDocumentation
 */

import { invalidArgument } from '../errors.js';
import { ExpOp, ExpType } from '../wire/cdt/exp.js';
import { type BoolExp, type Exp, type ExpFloat, type ExpInt, type FloatExp, type IntExp, type ListNode, T_DYNAMIC, op, typeName, typed } from './exp.js';

/**
 * The numeric result types: integer or float.
 * @example `function double<T extends ExpNumber>(e: Exp<T>) { return exp.add(e, e); }`
 */
export type ExpNumber = ExpInt | ExpFloat;

function numeric(fn: string, code: number, args: readonly unknown[]): ListNode {
  if (args.length < 1) throw invalidArgument(fn, 'needs at least one number expression');
  let type = T_DYNAMIC;
  const nodes = args.map((a, i) => {
    const n = typed(fn, `argument ${i + 1}`, a, ExpType.INT, ExpType.FLOAT);
    if (n.type !== T_DYNAMIC) {
      if (type === T_DYNAMIC) type = n.type;
      else if (n.type !== type) {
        throw invalidArgument(fn, `argument ${i + 1} is ${typeName(n.type)} but an earlier one is ${typeName(type)}: use all int or all float (see exp.toInt, exp.toFloat)`);
      }
    }
    return n;
  });
  return op(type, code, ...nodes);
}

/**
 * The sum of the arguments (all integers or all floats).
 * @example `exp.gt(exp.add(exp.binInt('a'), exp.binInt('b')), exp.int(10))`
 */
export function add<T extends ExpNumber>(...args: [Exp<T>, ...Exp<T>[]]): Exp<T> {
  return numeric('exp.add', ExpOp.ADD, args);
}

/**
 * The first argument minus the others; with one argument, its negation.
 * @example `exp.sub(exp.binInt('total'), exp.binInt('used'))`
 */
export function sub<T extends ExpNumber>(...args: [Exp<T>, ...Exp<T>[]]): Exp<T> {
  return numeric('exp.sub', ExpOp.SUB, args);
}

/**
 * The product of the arguments.
 * @example `exp.mul(exp.binFloat('price'), exp.float(1.15))`
 */
export function mul<T extends ExpNumber>(...args: [Exp<T>, ...Exp<T>[]]): Exp<T> {
  return numeric('exp.mul', ExpOp.MUL, args);
}

/**
 * The first argument divided by the others (integer division for integers);
 * with one argument, its reciprocal.
 * @example `exp.div(exp.binInt('total'), exp.int(2))`
 */
export function div<T extends ExpNumber>(...args: [Exp<T>, ...Exp<T>[]]): Exp<T> {
  return numeric('exp.div', ExpOp.DIV, args);
}

/**
 * `base` raised to `exponent` (floats only).
 * @example `exp.pow(exp.binFloat('x'), exp.float(2))`
 */
export function pow(base: FloatExp, exponent: FloatExp): FloatExp {
  const fn = 'exp.pow';
  return op(ExpType.FLOAT, ExpOp.POW, typed(fn, 'base', base, ExpType.FLOAT), typed(fn, 'exponent', exponent, ExpType.FLOAT));
}

/**
 * The logarithm of `num` in `base` (floats only).
 * @example `exp.log(exp.binFloat('x'), exp.float(10))`
 */
export function log(num: FloatExp, base: FloatExp): FloatExp {
  const fn = 'exp.log';
  return op(ExpType.FLOAT, ExpOp.LOG, typed(fn, 'num', num, ExpType.FLOAT), typed(fn, 'base', base, ExpType.FLOAT));
}

/**
 * `numerator` modulo `denominator` (integers only).
 * @example `exp.eq(exp.mod(exp.binInt('n'), exp.int(2)), exp.int(0))`
 */
export function mod(numerator: IntExp, denominator: IntExp): IntExp {
  const fn = 'exp.mod';
  return op(ExpType.INT, ExpOp.MOD, typed(fn, 'numerator', numerator, ExpType.INT), typed(fn, 'denominator', denominator, ExpType.INT));
}

/**
 * The absolute value, of the argument's type.
 * @example `exp.abs(exp.binInt('delta'))`
 */
export function abs<T extends ExpNumber>(value: Exp<T>): Exp<T> {
  const n = typed('exp.abs', 'value', value, ExpType.INT, ExpType.FLOAT);
  return op(n.type, ExpOp.ABS, n);
}

/**
 * The largest integral float not greater than the argument.
 * @example `exp.floor(exp.binFloat('x'))`
 */
export function floor(value: FloatExp): FloatExp {
  return op(ExpType.FLOAT, ExpOp.FLOOR, typed('exp.floor', 'value', value, ExpType.FLOAT));
}

/**
 * The smallest integral float not less than the argument.
 * @example `exp.ceil(exp.binFloat('x'))`
 */
export function ceil(value: FloatExp): FloatExp {
  return op(ExpType.FLOAT, ExpOp.CEIL, typed('exp.ceil', 'value', value, ExpType.FLOAT));
}

/**
 * A float truncated to an integer.
 * @example `exp.eq(exp.toInt(exp.binFloat('x')), exp.int(3))`
 */
export function toInt(value: FloatExp): IntExp {
  return op(ExpType.INT, ExpOp.TO_INT, typed('exp.toInt', 'value', value, ExpType.FLOAT));
}

/**
 * An integer as a float.
 * @example `exp.gt(exp.toFloat(exp.binInt('n')), exp.binFloat('limit'))`
 */
export function toFloat(value: IntExp): FloatExp {
  return op(ExpType.FLOAT, ExpOp.TO_FLOAT, typed('exp.toFloat', 'value', value, ExpType.INT));
}

/**
 * The smallest argument (all integers or all floats).
 * @example `exp.min(exp.binInt('a'), exp.binInt('b'), exp.int(100))`
 */
export function min<T extends ExpNumber>(...args: [Exp<T>, ...Exp<T>[]]): Exp<T> {
  return numeric('exp.min', ExpOp.MIN, args);
}

/**
 * The largest argument (all integers or all floats).
 * @example `exp.max(exp.binFloat('a'), exp.float(0))`
 */
export function max<T extends ExpNumber>(...args: [Exp<T>, ...Exp<T>[]]): Exp<T> {
  return numeric('exp.max', ExpOp.MAX, args);
}

// ---------------------------------------------------------------------------
// Integer bits

function ints(fn: string, code: number, args: readonly unknown[]): IntExp {
  if (args.length < 1) throw invalidArgument(fn, 'needs at least one integer expression');
  return op(ExpType.INT, code, ...args.map((a, i) => typed(fn, `argument ${i + 1}`, a, ExpType.INT)));
}

/**
 * Bitwise AND of the arguments.
 * @example `exp.ne(exp.intAnd(exp.binInt('flags'), exp.int(0x4)), exp.int(0))`
 */
export function intAnd(...args: [IntExp, ...IntExp[]]): IntExp {
  return ints('exp.intAnd', ExpOp.INT_AND, args);
}

/**
 * Bitwise OR of the arguments.
 * @example `exp.intOr(exp.binInt('flags'), exp.int(0x4))`
 */
export function intOr(...args: [IntExp, ...IntExp[]]): IntExp {
  return ints('exp.intOr', ExpOp.INT_OR, args);
}

/**
 * Bitwise XOR of the arguments.
 * @example `exp.intXor(exp.binInt('a'), exp.binInt('b'))`
 */
export function intXor(...args: [IntExp, ...IntExp[]]): IntExp {
  return ints('exp.intXor', ExpOp.INT_XOR, args);
}

/**
 * Bitwise NOT.
 * @example `exp.intNot(exp.binInt('mask'))`
 */
export function intNot(value: IntExp): IntExp {
  return ints('exp.intNot', ExpOp.INT_NOT, [value]);
}

function shiftNode(fn: string, code: number, value: unknown, by: unknown): IntExp {
  return op(ExpType.INT, code, typed(fn, 'value', value, ExpType.INT), typed(fn, 'shift', by, ExpType.INT));
}

/**
 * `value` shifted left by `shift` bits.
 * @example `exp.intLshift(exp.int(1), exp.binInt('bit'))`
 */
export function intLshift(value: IntExp, shift: IntExp): IntExp {
  return shiftNode('exp.intLshift', ExpOp.INT_LSHIFT, value, shift);
}

/**
 * `value` shifted right by `shift` bits, filling with zeros.
 * @example `exp.intRshift(exp.binInt('flags'), exp.int(8))`
 */
export function intRshift(value: IntExp, shift: IntExp): IntExp {
  return shiftNode('exp.intRshift', ExpOp.INT_RSHIFT, value, shift);
}

/**
 * `value` shifted right by `shift` bits, keeping the sign.
 * @example `exp.intArshift(exp.binInt('delta'), exp.int(1))`
 */
export function intArshift(value: IntExp, shift: IntExp): IntExp {
  return shiftNode('exp.intArshift', ExpOp.INT_ARSHIFT, value, shift);
}

/**
 * The number of bits set.
 * @example `exp.intCount(exp.binInt('flags'))`
 */
export function intCount(value: IntExp): IntExp {
  return ints('exp.intCount', ExpOp.INT_COUNT, [value]);
}

function scan(fn: string, code: number, value: unknown, search: unknown): IntExp {
  return op(ExpType.INT, code, typed(fn, 'value', value, ExpType.INT), typed(fn, 'search', search, ExpType.BOOL));
}

/**
 * The position of the first bit (from the most significant) equal to
 * `search`, or -1.
 * @example `exp.intLscan(exp.binInt('flags'), exp.bool(true))`
 */
export function intLscan(value: IntExp, search: BoolExp): IntExp {
  return scan('exp.intLscan', ExpOp.INT_LSCAN, value, search);
}

/**
 * The position of the last bit (from the most significant) equal to
 * `search`, or -1.
 * @example `exp.intRscan(exp.binInt('flags'), exp.bool(true))`
 */
export function intRscan(value: IntExp, search: BoolExp): IntExp {
  return scan('exp.intRscan', ExpOp.INT_RSCAN, value, search);
}
