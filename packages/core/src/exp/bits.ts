/**
 * Bit expressions (`exp.bit`): read and modify a blob bin or blob value
 * inside an expression. Modifications return the modified blob; the bin is
 * only written by an `expOps.write` of the result.
 *
 * Offsets and sizes may be numbers or integer expressions.
 *
 * @packageDocumentation
 */

import { invalidArgument } from '../errors.js';
import type { BitPolicy } from '../ops/bit.js';
import { BIT_INT_SIGNED, BitOp, BitOverflowAction, BitResizeFlags } from '../wire/cdt/bit.js';
import { CallModule, ExpType } from '../wire/cdt/exp.js';
import { call, checkPolicy } from './cdt.js';
import { type BlobExp, type BoolExp, type ExpNode, type IntExp, type ListNode, checkFlags, checkOneOf, describe, intArg, part, typed } from './exp.js';
import type { IntArg } from './lists.js';

const PREFIX = 'exp.bit.';
const WRITE_FLAGS_MASK = 0x0f;
const RESIZE_FLAGS_MASK = BitResizeFlags.FROM_FRONT | BitResizeFlags.GROW_ONLY | BitResizeFlags.SHRINK_ONLY;
const OVERFLOW_ACTIONS = [BitOverflowAction.FAIL, BitOverflowAction.SATURATE, BitOverflowAction.WRAP];

function policyFlags(fn: string, policy: BitPolicy | null | undefined): ExpNode {
  if (policy === undefined || policy === null) return part(0);
  checkPolicy(fn, policy);
  return part(checkFlags(fn, 'policy.writeFlags', policy.writeFlags ?? 0, WRITE_FLAGS_MASK));
}

function blob(fn: string, bin: unknown): ExpNode {
  return typed(fn, 'bin', bin, ExpType.BLOB, ExpType.NIL);
}

function modify(name: string, opcode: number, bin: unknown, params: (fn: string) => ExpNode[]): ListNode {
  const fn = PREFIX + name;
  const b = blob(fn, bin);
  return call(ExpType.BLOB, CallModule.BIT, true, opcode, params(fn), b);
}

function read(name: string, type: number, opcode: number, bin: unknown, params: (fn: string) => ExpNode[]): ListNode {
  const fn = PREFIX + name;
  const b = blob(fn, bin);
  return call(type, CallModule.BIT, false, opcode, params(fn), b);
}

function valueBlob(fn: string, value: unknown): ExpNode {
  return typed(fn, 'value', value, ExpType.BLOB);
}

function mathFlags(fn: string, signed: unknown, action: unknown): ExpNode {
  if (typeof signed !== 'boolean') throw invalidArgument(fn, `signed must be a boolean, got ${describe(signed)}`);
  const a = checkOneOf(fn, 'action', action, OVERFLOW_ACTIONS);
  return part(signed ? a | BIT_INT_SIGNED : a);
}

/**
 * Bit expressions, in the names of the official Node.js client.
 * @example `exp.gt(exp.bit.count(exp.binBlob('flags'), 0, 64), exp.int(3))`
 */
export const bit = {
  /**
   * Resizes the blob to `byteSize` bytes.
   * @param flags - {@link BitResizeFlags} OR-ed together.
   * @example `exp.bit.reSize(exp.binBlob('b'), 16, BitResizeFlags.GROW_ONLY)`
   */
  reSize(bin: BlobExp, byteSize: IntArg, flags: BitResizeFlags, policy?: BitPolicy | null): BlobExp {
    return modify('reSize', BitOp.RESIZE, bin, (fn) => [
      intArg(fn, 'byteSize', byteSize),
      policyFlags(fn, policy),
      part(checkFlags(fn, 'flags', flags, RESIZE_FLAGS_MASK)),
    ]);
  },

  /**
   * Inserts `value` at byte `byteOffset`.
   * @example `exp.bit.insert(exp.binBlob('b'), 0, exp.bytes(Buffer.from([1, 2])))`
   */
  insert(bin: BlobExp, byteOffset: IntArg, value: BlobExp, policy?: BitPolicy | null): BlobExp {
    return modify('insert', BitOp.INSERT, bin, (fn) => [intArg(fn, 'byteOffset', byteOffset), valueBlob(fn, value), policyFlags(fn, policy)]);
  },

  /**
   * Removes `byteSize` bytes from byte `byteOffset`.
   * @example `exp.bit.remove(exp.binBlob('b'), 0, 2)`
   */
  remove(bin: BlobExp, byteOffset: IntArg, byteSize: IntArg, policy?: BitPolicy | null): BlobExp {
    return modify('remove', BitOp.REMOVE, bin, (fn) => [intArg(fn, 'byteOffset', byteOffset), intArg(fn, 'byteSize', byteSize), policyFlags(fn, policy)]);
  },

  /**
   * Overwrites `bitSize` bits from `bitOffset` with the leading bits of `value`.
   * @example `exp.bit.set(exp.binBlob('b'), 0, 8, exp.bytes(Buffer.from([0xff])))`
   */
  set(bin: BlobExp, bitOffset: IntArg, bitSize: IntArg, value: BlobExp, policy?: BitPolicy | null): BlobExp {
    return modify('set', BitOp.SET, bin, (fn) => [
      intArg(fn, 'bitOffset', bitOffset),
      intArg(fn, 'bitSize', bitSize),
      valueBlob(fn, value),
      policyFlags(fn, policy),
    ]);
  },

  /**
   * ORs `bitSize` bits from `bitOffset` with `value`.
   * @example `exp.bit.or(exp.binBlob('b'), 0, 8, exp.bytes(Buffer.from([0x0f])))`
   */
  or(bin: BlobExp, bitOffset: IntArg, bitSize: IntArg, value: BlobExp, policy?: BitPolicy | null): BlobExp {
    return modify('or', BitOp.OR, bin, (fn) => [intArg(fn, 'bitOffset', bitOffset), intArg(fn, 'bitSize', bitSize), valueBlob(fn, value), policyFlags(fn, policy)]);
  },

  /**
   * XORs `bitSize` bits from `bitOffset` with `value`.
   * @example `exp.bit.xor(exp.binBlob('b'), 0, 8, exp.bytes(Buffer.from([0x0f])))`
   */
  xor(bin: BlobExp, bitOffset: IntArg, bitSize: IntArg, value: BlobExp, policy?: BitPolicy | null): BlobExp {
    return modify('xor', BitOp.XOR, bin, (fn) => [intArg(fn, 'bitOffset', bitOffset), intArg(fn, 'bitSize', bitSize), valueBlob(fn, value), policyFlags(fn, policy)]);
  },

  /**
   * ANDs `bitSize` bits from `bitOffset` with `value`.
   * @example `exp.bit.and(exp.binBlob('b'), 0, 8, exp.bytes(Buffer.from([0x0f])))`
   */
  and(bin: BlobExp, bitOffset: IntArg, bitSize: IntArg, value: BlobExp, policy?: BitPolicy | null): BlobExp {
    return modify('and', BitOp.AND, bin, (fn) => [intArg(fn, 'bitOffset', bitOffset), intArg(fn, 'bitSize', bitSize), valueBlob(fn, value), policyFlags(fn, policy)]);
  },

  /**
   * Negates `bitSize` bits from `bitOffset`.
   * @example `exp.bit.not(exp.binBlob('b'), 0, 8)`
   */
  not(bin: BlobExp, bitOffset: IntArg, bitSize: IntArg, policy?: BitPolicy | null): BlobExp {
    return modify('not', BitOp.NOT, bin, (fn) => [intArg(fn, 'bitOffset', bitOffset), intArg(fn, 'bitSize', bitSize), policyFlags(fn, policy)]);
  },

  /**
   * Shifts `bitSize` bits from `bitOffset` left by `shift`.
   * @example `exp.bit.lShift(exp.binBlob('b'), 0, 16, 3)`
   */
  lShift(bin: BlobExp, bitOffset: IntArg, bitSize: IntArg, shift: IntArg, policy?: BitPolicy | null): BlobExp {
    return modify('lShift', BitOp.LSHIFT, bin, (fn) => [
      intArg(fn, 'bitOffset', bitOffset),
      intArg(fn, 'bitSize', bitSize),
      intArg(fn, 'shift', shift),
      policyFlags(fn, policy),
    ]);
  },

  /**
   * Shifts `bitSize` bits from `bitOffset` right by `shift`.
   * @example `exp.bit.rShift(exp.binBlob('b'), 0, 16, 3)`
   */
  rShift(bin: BlobExp, bitOffset: IntArg, bitSize: IntArg, shift: IntArg, policy?: BitPolicy | null): BlobExp {
    return modify('rShift', BitOp.RSHIFT, bin, (fn) => [
      intArg(fn, 'bitOffset', bitOffset),
      intArg(fn, 'bitSize', bitSize),
      intArg(fn, 'shift', shift),
      policyFlags(fn, policy),
    ]);
  },

  /**
   * Adds `value` to the `bitSize`-bit integer (at most 64 bits) at `bitOffset`.
   * @param signed - whether the integer in the blob is signed.
   * @param action - what to do on overflow ({@link BitOverflowAction}).
   * @example `exp.bit.add(exp.binBlob('b'), 0, 8, 1, false, BitOverflowAction.WRAP)`
   */
  add(bin: BlobExp, bitOffset: IntArg, bitSize: IntArg, value: IntArg, signed: boolean, action: BitOverflowAction, policy?: BitPolicy | null): BlobExp {
    return modify('add', BitOp.ADD, bin, (fn) => [
      intArg(fn, 'bitOffset', bitOffset),
      intArg(fn, 'bitSize', bitSize),
      intArg(fn, 'value', value),
      policyFlags(fn, policy),
      mathFlags(fn, signed, action),
    ]);
  },

  /**
   * Subtracts `value` from the `bitSize`-bit integer at `bitOffset`.
   * @example `exp.bit.subtract(exp.binBlob('b'), 0, 8, 1, false, BitOverflowAction.SATURATE)`
   */
  subtract(bin: BlobExp, bitOffset: IntArg, bitSize: IntArg, value: IntArg, signed: boolean, action: BitOverflowAction, policy?: BitPolicy | null): BlobExp {
    return modify('subtract', BitOp.SUBTRACT, bin, (fn) => [
      intArg(fn, 'bitOffset', bitOffset),
      intArg(fn, 'bitSize', bitSize),
      intArg(fn, 'value', value),
      policyFlags(fn, policy),
      mathFlags(fn, signed, action),
    ]);
  },

  /**
   * Writes `value` as a `bitSize`-bit integer at `bitOffset`.
   * @example `exp.bit.setInt(exp.binBlob('b'), 0, 8, 255)`
   */
  setInt(bin: BlobExp, bitOffset: IntArg, bitSize: IntArg, value: IntArg, policy?: BitPolicy | null): BlobExp {
    return modify('setInt', BitOp.SET_INT, bin, (fn) => [
      intArg(fn, 'bitOffset', bitOffset),
      intArg(fn, 'bitSize', bitSize),
      intArg(fn, 'value', value),
      policyFlags(fn, policy),
    ]);
  },

  /**
   * `bitSize` bits from `bitOffset`, as a blob.
   * @example `exp.eq(exp.bit.get(exp.binBlob('b'), 0, 8), exp.bytes(Buffer.from([0x80])))`
   */
  get(bin: BlobExp, bitOffset: IntArg, bitSize: IntArg): BlobExp {
    return read('get', ExpType.BLOB, BitOp.GET, bin, (fn) => [intArg(fn, 'bitOffset', bitOffset), intArg(fn, 'bitSize', bitSize)]);
  },

  /**
   * The number of bits set in `bitSize` bits from `bitOffset`.
   * @example `exp.gt(exp.bit.count(exp.binBlob('b'), 0, 64), exp.int(3))`
   */
  count(bin: BlobExp, bitOffset: IntArg, bitSize: IntArg): IntExp {
    return read('count', ExpType.INT, BitOp.COUNT, bin, (fn) => [intArg(fn, 'bitOffset', bitOffset), intArg(fn, 'bitSize', bitSize)]);
  },

  /**
   * The offset of the first bit equal to `value` in `bitSize` bits from `bitOffset`, or -1.
   * @example `exp.bit.lScan(exp.binBlob('b'), 0, 64, exp.bool(true))`
   */
  lScan(bin: BlobExp, bitOffset: IntArg, bitSize: IntArg, value: BoolExp): IntExp {
    return read('lScan', ExpType.INT, BitOp.LSCAN, bin, (fn) => [
      intArg(fn, 'bitOffset', bitOffset),
      intArg(fn, 'bitSize', bitSize),
      typed(fn, 'value', value, ExpType.BOOL),
    ]);
  },

  /**
   * The offset of the last bit equal to `value` in `bitSize` bits from `bitOffset`, or -1.
   * @example `exp.bit.rScan(exp.binBlob('b'), 0, 64, exp.bool(true))`
   */
  rScan(bin: BlobExp, bitOffset: IntArg, bitSize: IntArg, value: BoolExp): IntExp {
    return read('rScan', ExpType.INT, BitOp.RSCAN, bin, (fn) => [
      intArg(fn, 'bitOffset', bitOffset),
      intArg(fn, 'bitSize', bitSize),
      typed(fn, 'value', value, ExpType.BOOL),
    ]);
  },

  /**
   * The `bitSize`-bit integer (at most 64 bits) at `bitOffset`.
   * @param signed - read it as signed.
   * @example `exp.eq(exp.bit.getInt(exp.binBlob('b'), 0, 8, false), exp.int(255))`
   */
  getInt(bin: BlobExp, bitOffset: IntArg, bitSize: IntArg, signed: boolean): IntExp {
    return read('getInt', ExpType.INT, BitOp.GET_INT, bin, (fn) => {
      if (typeof signed !== 'boolean') throw invalidArgument(fn, `signed must be a boolean, got ${describe(signed)}`);
      return [intArg(fn, 'bitOffset', bitOffset), intArg(fn, 'bitSize', bitSize), part(signed ? BIT_INT_SIGNED : 0)];
    });
  },
} as const;
