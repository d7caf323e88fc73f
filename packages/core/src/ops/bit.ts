/**
 * Builders of bit operations on blob bins, for `client.operate(key, operations)`.
 *
 * Offsets count from the start of the blob, or from its end when negative;
 * `byte…` arguments are in bytes, `bit…` arguments in bits. Writes take a
 * {@link BitPolicy} in their options.
 *
 * ```ts
 * await client.operate(key, [
 *   bits.set('flags', 0, 8, Buffer.from([0b1010_0000])),
 *   bits.count('flags', 0, 8),
 * ], { respondAllOps: true });
 * ```
 *
 * @packageDocumentation
 */

import { invalidArgument } from '../errors.js';
import { BIT_INT_SIGNED, BitOp, BitOverflowAction, BitResizeFlags, BitWriteFlags } from '../wire/cdt/bit.js';
import { OperationType } from '../wire/message.js';
import type { Operation } from '../wire/operation.js';
import { type CdtArg, binName, bool, encodeCdt, flags, intIn, operation, optionsOf, show, packValue } from './cdt-encode.js';

const BIT_WRITE_FLAGS = BitWriteFlags.CREATE_ONLY | BitWriteFlags.UPDATE_ONLY | BitWriteFlags.NO_FAIL | BitWriteFlags.PARTIAL;
const BIT_RESIZE_FLAGS = BitResizeFlags.FROM_FRONT | BitResizeFlags.GROW_ONLY | BitResizeFlags.SHRINK_ONLY;
/** Largest blob the server handles, in bytes (its largest message). */
const MAX_BYTES = 128 * 1024 * 1024;
const MAX_BITS = MAX_BYTES * 8;
const INT64_MIN = -(1n << 63n);
const UINT64_MAX = (1n << 64n) - 1n;

/**
 * How a bit write behaves: `writeFlags` is an OR of {@link BitWriteFlags}.
 *
 * @example
 * ```ts
 * bits.resize('b', 16, { policy: { writeFlags: BitWriteFlags.CREATE_ONLY | BitWriteFlags.NO_FAIL } });
 * ```
 */
export interface BitPolicy {
  /** OR of {@link BitWriteFlags} (default 0). */
  writeFlags?: number | undefined;
}

/**
 * Options of a bit write.
 *
 * @example
 * ```ts
 * bits.not('b', 0, 8, { policy: { writeFlags: BitWriteFlags.UPDATE_ONLY } });
 * ```
 */
export interface BitWriteOptions {
  /** How the write behaves. */
  policy?: BitPolicy | undefined;
}

/**
 * Options of {@link bits.resize}.
 *
 * @example
 * ```ts
 * bits.resize('b', 4, { resizeFlags: BitResizeFlags.FROM_FRONT | BitResizeFlags.SHRINK_ONLY });
 * ```
 */
export interface BitResizeOptions extends BitWriteOptions {
  /** OR of {@link BitResizeFlags} (default 0: grow or shrink at the end). */
  resizeFlags?: number | undefined;
}

/**
 * What `add` and `subtract` do when the result does not fit, by name (or
 * give a {@link BitOverflowAction} value): `'fail'` refuses the operation,
 * `'saturate'` stops at the smallest or largest value, `'wrap'` wraps around.
 *
 * @example
 * ```ts
 * const overflow: BitOverflowActionName = 'wrap';
 * bits.add('counter', 0, 8, 1, { overflow });
 * ```
 */
export type BitOverflowActionName = 'fail' | 'saturate' | 'wrap';

/**
 * Options of {@link bits.add} and {@link bits.subtract}.
 *
 * @example
 * ```ts
 * bits.add('b', 0, 8, 1, { signed: false, overflow: 'saturate' });
 * ```
 */
export interface BitMathOptions extends BitWriteOptions {
  /** The integer at the offset is signed (two's complement). Default false. */
  signed?: boolean | undefined;
  /** What to do when the result does not fit: fail (default), saturate or wrap. */
  overflow?: BitOverflowActionName | BitOverflowAction | undefined;
}

/**
 * Options of {@link bits.getInt}.
 *
 * @example
 * ```ts
 * bits.getInt('b', 0, 16, { signed: true });
 * ```
 */
export interface BitGetIntOptions {
  /** Read the integer as signed (two's complement). Default false. */
  signed?: boolean | undefined;
}

const OVERFLOW_NAMES: Readonly<Record<BitOverflowActionName, BitOverflowAction>> = {
  fail: BitOverflowAction.FAIL,
  saturate: BitOverflowAction.SATURATE,
  wrap: BitOverflowAction.WRAP,
};

function policyFlags(builder: string, policy: BitPolicy | undefined): number {
  if (policy === undefined) return 0;
  if (typeof policy !== 'object' || policy === null) throw invalidArgument(builder, `policy must be an object, got ${show(policy)}`);
  return policy.writeFlags === undefined ? 0 : flags(builder, 'policy.writeFlags', policy.writeFlags, BIT_WRITE_FLAGS);
}

function overflowOf(builder: string, overflow: BitOverflowActionName | BitOverflowAction | undefined): number {
  if (overflow === undefined) return BitOverflowAction.FAIL;
  if (typeof overflow === 'string' && Object.hasOwn(OVERFLOW_NAMES, overflow)) return OVERFLOW_NAMES[overflow];
  if (overflow === BitOverflowAction.FAIL || overflow === BitOverflowAction.SATURATE || overflow === BitOverflowAction.WRAP) {
    return overflow;
  }
  throw invalidArgument(builder, `overflow must be 'fail', 'saturate', 'wrap' or a BitOverflowAction, got ${show(overflow)}`);
}

function checkBitOffset(builder: string, offset: number): number {
  return intIn(builder, 'bitOffset', offset, -MAX_BITS, MAX_BITS);
}

function checkByteOffset(builder: string, offset: number): number {
  return intIn(builder, 'byteOffset', offset, -MAX_BYTES, MAX_BYTES);
}

function checkBitSize(builder: string, size: number): number {
  return intIn(builder, 'bitSize', size, 1, MAX_BITS);
}

/** Size of an integer field: 1 to 64 bits. */
function intSize(builder: string, size: number): number {
  return intIn(builder, 'bitSize', size, 1, 64);
}

/** A blob argument: the bytes to write or combine. */
function bytes(builder: string, what: string, v: Uint8Array): CdtArg {
  if (!(v instanceof Uint8Array)) throw invalidArgument(builder, `${what} must be a Buffer or Uint8Array, got ${show(v)}`);
  if (v.length === 0) throw invalidArgument(builder, `${what} must not be empty`);
  return packValue(builder, what, v);
}

/** An integer operand of add, subtract or setInt: a 64-bit integer. */
function integer(builder: string, what: string, v: number | bigint): CdtArg {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'bigint' && v >= INT64_MIN && v <= UINT64_MAX) return packValue(builder, what, v);
  throw invalidArgument(builder, `${what} must be a 64-bit integer (a safe integer or a bigint), got ${show(v)}`);
}

function modify(builder: string, bin: string, opcode: number, args: readonly CdtArg[]): Operation {
  return operation(OperationType.BIT_MODIFY, binName(builder, bin), encodeCdt(builder, opcode, args), true);
}

function read(builder: string, bin: string, opcode: number, args: readonly CdtArg[]): Operation {
  return operation(OperationType.BIT_READ, binName(builder, bin), encodeCdt(builder, opcode, args), true);
}

/** `set`, `or`, `xor`, `and`: combine `value` into the bits at the offset. */
function combine(builder: string, opcode: number, bin: string, offset: number, size: number, v: Uint8Array, options: BitWriteOptions | undefined) {
  const o = optionsOf(builder, options);
  const args = [checkBitOffset(builder, offset), checkBitSize(builder, size), bytes(builder, 'value', v), policyFlags(builder, o.policy)];
  return modify(builder, bin, opcode, args);
}

function shiftOperation(builder: string, opcode: number, bin: string, offset: number, size: number, n: number, options: BitWriteOptions | undefined) {
  const o = optionsOf(builder, options);
  const args = [checkBitOffset(builder, offset), checkBitSize(builder, size), intIn(builder, 'shift', n, 0, MAX_BITS), policyFlags(builder, o.policy)];
  return modify(builder, bin, opcode, args);
}

function math(builder: string, opcode: number, bin: string, offset: number, size: number, v: number | bigint, options: BitMathOptions | undefined) {
  const o = optionsOf(builder, options);
  const signed = o.signed === undefined ? false : bool(builder, 'signed', o.signed);
  const action = overflowOf(builder, o.overflow) | (signed ? BIT_INT_SIGNED : 0);
  const args = [checkBitOffset(builder, offset), intSize(builder, size), integer(builder, 'value', v), policyFlags(builder, o.policy), action];
  return modify(builder, bin, opcode, args);
}

function scan(builder: string, opcode: number, bin: string, offset: number, size: number, v: boolean) {
  return read(builder, bin, opcode, [checkBitOffset(builder, offset), checkBitSize(builder, size), bool(builder, 'value', v)]);
}

/**
 * Bit operations on blob bins. Each builder returns an {@link Operation}
 * whose bytes are already encoded; bad arguments throw
 * `InvalidArgumentError` naming the builder and the argument.
 *
 * @example
 * ```ts
 * const { results } = await client.operate(key, [
 *   bits.resize('flags', 8, { resizeFlags: BitResizeFlags.GROW_ONLY }),
 *   bits.set('flags', 3, 1, Buffer.from([0x80])),
 *   bits.count('flags', 0, 64),
 * ], { respondAllOps: true });
 * ```
 */
export const bits = {
  /**
   * Resizes the blob to `byteSize` bytes (created when missing), adding
   * zero bytes or dropping bytes at the end (at the front with
   * `BitResizeFlags.FROM_FRONT`).
   * @example
   * ```ts
   * bits.resize('b', 16);
   * bits.resize('b', 4, { resizeFlags: BitResizeFlags.FROM_FRONT | BitResizeFlags.SHRINK_ONLY });
   * ```
   */
  resize(bin: string, byteSize: number, options?: BitResizeOptions): Operation {
    const B = 'bits.resize';
    const o = optionsOf(B, options);
    const resizeFlags = o.resizeFlags === undefined ? 0 : flags(B, 'resizeFlags', o.resizeFlags, BIT_RESIZE_FLAGS);
    const args = [intIn(B, 'byteSize', byteSize, 0, MAX_BYTES), policyFlags(B, o.policy), resizeFlags];
    return modify(B, bin, BitOp.RESIZE, args);
  },

  /**
   * Inserts the bytes of `value` at `byteOffset`.
   * @example
   * ```ts
   * bits.insert('b', 0, Buffer.from([0xff]));
   * ```
   */
  insert(bin: string, byteOffset: number, value: Uint8Array, options?: BitWriteOptions): Operation {
    const B = 'bits.insert';
    const o = optionsOf(B, options);
    return modify(B, bin, BitOp.INSERT, [checkByteOffset(B, byteOffset), bytes(B, 'value', value), policyFlags(B, o.policy)]);
  },

  /**
   * Removes `byteSize` bytes from `byteOffset`.
   * @example
   * ```ts
   * bits.remove('b', 0, 2);
   * ```
   */
  remove(bin: string, byteOffset: number, byteSize: number, options?: BitWriteOptions): Operation {
    const B = 'bits.remove';
    const o = optionsOf(B, options);
    const args = [checkByteOffset(B, byteOffset), intIn(B, 'byteSize', byteSize, 1, MAX_BYTES), policyFlags(B, o.policy)];
    return modify(B, bin, BitOp.REMOVE, args);
  },

  /**
   * Overwrites `bitSize` bits from `bitOffset` with the leading bits of `value`.
   * @example
   * ```ts
   * bits.set('b', 4, 4, Buffer.from([0b1111_0000]));
   * ```
   */
  set(bin: string, bitOffset: number, bitSize: number, value: Uint8Array, options?: BitWriteOptions): Operation {
    return combine('bits.set', BitOp.SET, bin, bitOffset, bitSize, value, options);
  },

  /**
   * ORs the leading `bitSize` bits of `value` into the bits from `bitOffset`.
   * @example
   * ```ts
   * bits.or('b', 0, 8, Buffer.from([0x0f]));
   * ```
   */
  or(bin: string, bitOffset: number, bitSize: number, value: Uint8Array, options?: BitWriteOptions): Operation {
    return combine('bits.or', BitOp.OR, bin, bitOffset, bitSize, value, options);
  },

  /**
   * XORs the leading `bitSize` bits of `value` into the bits from `bitOffset`.
   * @example
   * ```ts
   * bits.xor('b', 0, 8, Buffer.from([0xff]));
   * ```
   */
  xor(bin: string, bitOffset: number, bitSize: number, value: Uint8Array, options?: BitWriteOptions): Operation {
    return combine('bits.xor', BitOp.XOR, bin, bitOffset, bitSize, value, options);
  },

  /**
   * ANDs the leading `bitSize` bits of `value` into the bits from `bitOffset`.
   * @example
   * ```ts
   * bits.and('b', 0, 8, Buffer.from([0xf0]));
   * ```
   */
  and(bin: string, bitOffset: number, bitSize: number, value: Uint8Array, options?: BitWriteOptions): Operation {
    return combine('bits.and', BitOp.AND, bin, bitOffset, bitSize, value, options);
  },

  /**
   * Flips `bitSize` bits from `bitOffset`.
   * @example
   * ```ts
   * bits.not('b', 0, 8);
   * ```
   */
  not(bin: string, bitOffset: number, bitSize: number, options?: BitWriteOptions): Operation {
    const B = 'bits.not';
    const o = optionsOf(B, options);
    return modify(B, bin, BitOp.NOT, [checkBitOffset(B, bitOffset), checkBitSize(B, bitSize), policyFlags(B, o.policy)]);
  },

  /**
   * Shifts the `bitSize` bits from `bitOffset` left by `shift`, filling with zeros.
   * @example
   * ```ts
   * bits.lshift('b', 0, 16, 3);
   * ```
   */
  lshift(bin: string, bitOffset: number, bitSize: number, shift: number, options?: BitWriteOptions): Operation {
    return shiftOperation('bits.lshift', BitOp.LSHIFT, bin, bitOffset, bitSize, shift, options);
  },

  /**
   * Shifts the `bitSize` bits from `bitOffset` right by `shift`, filling with zeros.
   * @example
   * ```ts
   * bits.rshift('b', 0, 16, 3);
   * ```
   */
  rshift(bin: string, bitOffset: number, bitSize: number, shift: number, options?: BitWriteOptions): Operation {
    return shiftOperation('bits.rshift', BitOp.RSHIFT, bin, bitOffset, bitSize, shift, options);
  },

  /**
   * Adds `value` to the `bitSize`-bit integer (1 to 64 bits) at `bitOffset`.
   * @example
   * ```ts
   * bits.add('counter', 0, 32, 1, { overflow: 'wrap' });
   * ```
   */
  add(bin: string, bitOffset: number, bitSize: number, value: number | bigint, options?: BitMathOptions): Operation {
    return math('bits.add', BitOp.ADD, bin, bitOffset, bitSize, value, options);
  },

  /**
   * Subtracts `value` from the `bitSize`-bit integer (1 to 64 bits) at `bitOffset`.
   * @example
   * ```ts
   * bits.subtract('counter', 0, 32, 1, { signed: true, overflow: 'saturate' });
   * ```
   */
  subtract(bin: string, bitOffset: number, bitSize: number, value: number | bigint, options?: BitMathOptions): Operation {
    return math('bits.subtract', BitOp.SUBTRACT, bin, bitOffset, bitSize, value, options);
  },

  /**
   * Writes `value` as a `bitSize`-bit integer (1 to 64 bits) at `bitOffset`.
   * @example
   * ```ts
   * bits.setInt('b', 8, 16, 0x1234);
   * ```
   */
  setInt(bin: string, bitOffset: number, bitSize: number, value: number | bigint, options?: BitWriteOptions): Operation {
    const B = 'bits.setInt';
    const o = optionsOf(B, options);
    const args = [checkBitOffset(B, bitOffset), intSize(B, bitSize), integer(B, 'value', value), policyFlags(B, o.policy)];
    return modify(B, bin, BitOp.SET_INT, args);
  },

  /**
   * Reads `bitSize` bits from `bitOffset`, as a blob.
   * @example
   * ```ts
   * bits.get('b', 0, 12);
   * ```
   */
  get(bin: string, bitOffset: number, bitSize: number): Operation {
    const B = 'bits.get';
    return read(B, bin, BitOp.GET, [checkBitOffset(B, bitOffset), checkBitSize(B, bitSize)]);
  },

  /**
   * Counts the bits set to 1 in the `bitSize` bits from `bitOffset`.
   * @example
   * ```ts
   * bits.count('b', 0, 64);
   * ```
   */
  count(bin: string, bitOffset: number, bitSize: number): Operation {
    const B = 'bits.count';
    return read(B, bin, BitOp.COUNT, [checkBitOffset(B, bitOffset), checkBitSize(B, bitSize)]);
  },

  /**
   * Finds the first bit equal to `value` in the `bitSize` bits from
   * `bitOffset`, scanning from the left; returns its position in the range, or -1.
   * @example
   * ```ts
   * bits.lscan('b', 0, 64, true);
   * ```
   */
  lscan(bin: string, bitOffset: number, bitSize: number, value: boolean): Operation {
    return scan('bits.lscan', BitOp.LSCAN, bin, bitOffset, bitSize, value);
  },

  /**
   * Finds the last bit equal to `value` in the `bitSize` bits from
   * `bitOffset`, scanning from the right; returns its position in the range, or -1.
   * @example
   * ```ts
   * bits.rscan('b', 0, 64, false);
   * ```
   */
  rscan(bin: string, bitOffset: number, bitSize: number, value: boolean): Operation {
    return scan('bits.rscan', BitOp.RSCAN, bin, bitOffset, bitSize, value);
  },

  /**
   * Reads the `bitSize`-bit integer (1 to 64 bits) at `bitOffset`.
   * @example
   * ```ts
   * bits.getInt('b', 0, 8);
   * bits.getInt('b', 0, 16, { signed: true });
   * ```
   */
  getInt(bin: string, bitOffset: number, bitSize: number, options?: BitGetIntOptions): Operation {
    const B = 'bits.getInt';
    const o = optionsOf(B, options);
    const args: CdtArg[] = [checkBitOffset(B, bitOffset), intSize(B, bitSize)];
    if (o.signed !== undefined && bool(B, 'signed', o.signed)) args.push(BIT_INT_SIGNED);
    return read(B, bin, BitOp.GET_INT, args);
  },
} as const;
