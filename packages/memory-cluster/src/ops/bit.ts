/**
 * Bit operations on blob bins (BIT_READ and BIT_MODIFY), evaluated as the
 * server evaluates them: the same argument parsing, the same checks in the
 * same order, the same result codes, and the same bytes, down to the corner
 * cases where the server's arithmetic is not what a bit-string model would
 * give (scans that report a bit before the requested range, signed overflow
 * that goes unnoticed when the sum is exactly zero, partial writes that
 * recompute the size from the start of the byte).
 *
 * The payload is the operation's msgpack list `[opcode, args…]`.
 */

import { ResultCode } from '@aerospike-ts/core';
import { BIT_INT_SIGNED, BitOp, BitOverflowAction, BitResizeFlags, BitWriteFlags, ParticleType } from '@aerospike-ts/core/wire';
import type { StoredBin } from '../store.js';
import { OpFailure, type OpResult } from './types.js';

/** Largest message body the server accepts; offsets and sizes are bounded by it. */
const PROTO_SIZE_MAX = 128 * 1024 * 1024;
const TWO_32 = 0x1_0000_0000;
const U64 = (1n << 64n) - 1n;

// ---------------------------------------------------------------------------
// Argument reading

/** A msgpack string or binary found in a payload: where its bytes start and how many there are. */
export interface PayloadBytes {
  start: number;
  length: number;
}

/**
 * Reads operation arguments with the server's rules rather than strict
 * msgpack ones: any integer encoding is accepted where an unsigned one is
 * expected (a negative value reads as its two's complement), strings and
 * binaries are interchangeable, and reading past the payload fails.
 * Every reader returns `undefined` when the next value is not of the kind
 * asked for, and then the read position must not be relied upon.
 */
export class OpArgs {
  /** Read position in {@link OpArgs.buf}. */
  offset: number;

  constructor(
    readonly buf: Buffer,
    offset = 0,
  ) {
    this.offset = offset;
  }

  /** True when every byte of the payload has been read. */
  get atEnd(): boolean {
    return this.offset >= this.buf.length;
  }

  /** Element count of a list header. */
  listCount(): number | undefined {
    const buf = this.buf;
    const at = this.offset;
    if (at >= buf.length) return undefined;
    const b = buf[at]!;
    if ((b & 0xf0) === 0x90) {
      this.offset = at + 1;
      return b & 0x0f;
    }
    if (b === 0xdc) {
      if (at + 3 > buf.length) return undefined;
      this.offset = at + 3;
      return buf.readUInt16BE(at + 1);
    }
    if (b === 0xdd) {
      if (at + 5 > buf.length) return undefined;
      this.offset = at + 5;
      return buf.readUInt32BE(at + 1);
    }
    return undefined;
  }

  /** Any msgpack integer as 64 unsigned bits (negative values as their two's complement). */
  uint64(): bigint | undefined {
    const buf = this.buf;
    const at = this.offset;
    if (at >= buf.length) return undefined;
    const b = buf[at]!;
    if (b < 0x80) {
      this.offset = at + 1;
      return BigInt(b);
    }
    if (b >= 0xe0) {
      this.offset = at + 1;
      return BigInt(b) | (U64 ^ 0xffn);
    }
    let width: number;
    let signed = false;
    switch (b) {
      case 0xcc:
        width = 1;
        break;
      case 0xcd:
        width = 2;
        break;
      case 0xce:
        width = 4;
        break;
      case 0xcf:
        width = 8;
        break;
      case 0xd0:
        width = 1;
        signed = true;
        break;
      case 0xd1:
        width = 2;
        signed = true;
        break;
      case 0xd2:
        width = 4;
        signed = true;
        break;
      case 0xd3:
        width = 8;
        signed = true;
        break;
      default:
        return undefined;
    }
    if (at + 1 + width > buf.length) return undefined;
    this.offset = at + 1 + width;
    let v = 0n;
    for (let i = 0; i < width; i++) v = (v << 8n) | BigInt(buf[at + 1 + i]!);
    if (signed && (buf[at + 1]! & 0x80) !== 0) v = BigInt.asUintN(64, BigInt.asIntN(width * 8, v));
    return v;
  }

  /** Any msgpack integer as a signed 64-bit value. */
  int64(): bigint | undefined {
    const v = this.uint64();
    return v === undefined ? undefined : BigInt.asIntN(64, v);
  }

  /** A msgpack boolean. */
  bool(): boolean | undefined {
    const b = this.buf[this.offset];
    if (b !== 0xc2 && b !== 0xc3) return undefined;
    this.offset++;
    return b === 0xc3;
  }

  /** A msgpack str or bin (fixstr, str 8/16/32, bin 8/16/32). */
  bytes(): PayloadBytes | undefined {
    const buf = this.buf;
    const at = this.offset;
    if (at >= buf.length) return undefined;
    const b = buf[at]!;
    let length: number;
    let header: number;
    if ((b & 0xe0) === 0xa0) {
      header = 1;
      length = b & 0x1f;
    } else if (b === 0xc4 || b === 0xd9) {
      header = 2;
      if (at + 2 > buf.length) return undefined;
      length = buf[at + 1]!;
    } else if (b === 0xc5 || b === 0xda) {
      header = 3;
      if (at + 3 > buf.length) return undefined;
      length = buf.readUInt16BE(at + 1);
    } else if (b === 0xc6 || b === 0xdb) {
      header = 5;
      if (at + 5 > buf.length) return undefined;
      length = buf.readUInt32BE(at + 1);
    } else {
      return undefined;
    }
    const start = at + header;
    if (start + length > buf.length) return undefined;
    this.offset = start + length;
    return { start, length };
  }
}

/** Throws the failure the server reports with `code`. */
function fail(code: number, why: string): never {
  throw new OpFailure(code, why);
}

// ---------------------------------------------------------------------------
// Operation table

const F_CREATE_ONLY = BigInt(BitWriteFlags.CREATE_ONLY);
const F_UPDATE_ONLY = BigInt(BitWriteFlags.UPDATE_ONLY);
const F_NO_FAIL = BigInt(BitWriteFlags.NO_FAIL);
const F_PARTIAL = BigInt(BitWriteFlags.PARTIAL);
const S_SIGNED = BigInt(BIT_INT_SIGNED);
const S_SATURATE = BigInt(BitOverflowAction.SATURATE);
const S_WRAP = BigInt(BitOverflowAction.WRAP);
const R_FROM_FRONT = BigInt(BitResizeFlags.FROM_FRONT);
const R_GROW_ONLY = BigInt(BitResizeFlags.GROW_ONLY);
const R_SHRINK_ONLY = BigInt(BitResizeFlags.SHRINK_ONLY);

/** One parsed operation: offsets and sizes in bits, as the server keeps them. */
interface BitsOp {
  /** Bit offset; after normalization, the offset within the first byte. */
  offset: number;
  /** Size in bits (uint32). */
  size: number;
  /** Integer argument: shift count, value to add/set, or scan target (0/1). */
  value: bigint;
  /** Where the buffer argument's bytes start in the payload (after its particle-type byte). */
  bufStart: number;
  payload: Buffer;
  flags: bigint;
  subflags: bigint;
}

type ArgParser = (args: OpArgs, op: BitsOp, def: OpDef) => void;

/** How an operation is laid out in the blob. */
const Action = { Overwrite: 0, Expand: 1, Remove: 2 } as const;
type Action = (typeof Action)[keyof typeof Action];

/** The byte layout an operation gives the new blob: head, zero fill, operation bytes, tail. */
interface Layout {
  oldSize: number;
  head: number;
  expand: number;
  op: number;
  tail: number;
  action: Action;
}

/** The window of bytes an operation works on. */
type Window = Uint8Array;

type Prepare = (layout: Layout, op: BitsOp, byteOffset: number, opSize: number) => number;
type Modify = (op: BitsOp, from: Window, n: number) => Uint8Array | undefined;
type Read = (op: BitsOp, from: Window, n: number) => StoredBin;

interface OpDef {
  name: string;
  allowedFlags: bigint;
  minArgs: number;
  maxArgs: number;
  args: ArgParser[];
  prepare: Prepare;
  modify?: Modify;
  read?: Read;
  /** Whether the operation may create the bin (insert and resize). */
  creates?: boolean;
}

// Prepare results, as the server's: 1 proceed, 0 succeed without change, negative fail.
const PROCEED = 1;
const NO_CHANGE = 0;

function parseByteOffset(args: OpArgs, op: BitsOp, def: OpDef): void {
  const v = args.int64();
  if (v === undefined) fail(ResultCode.PARAMETER_ERROR, `${def.name}: cannot parse the byte offset`);
  // The server's labs() leaves INT64_MIN negative, so it passes the bound and truncates to 0.
  if (v !== -(1n << 63n) && (v < 0n ? -v : v) > BigInt(PROTO_SIZE_MAX)) {
    fail(ResultCode.PARAMETER_ERROR, `${def.name}: byte offset ${v} is out of range`);
  }
  op.offset = Number(BigInt.asIntN(32, v)) * 8;
}

function parseOffset(args: OpArgs, op: BitsOp, def: OpDef): void {
  const v = args.int64();
  if (v === undefined) fail(ResultCode.PARAMETER_ERROR, `${def.name}: cannot parse the bit offset`);
  if (v !== -(1n << 63n) && (v < 0n ? -v : v) > BigInt(PROTO_SIZE_MAX * 8)) {
    fail(ResultCode.PARAMETER_ERROR, `${def.name}: bit offset ${v} is out of range`);
  }
  op.offset = Number(BigInt.asIntN(32, v));
}

function readUnsigned(args: OpArgs, def: OpDef, what: string): bigint {
  const v = args.uint64();
  if (v === undefined) fail(ResultCode.PARAMETER_ERROR, `${def.name}: cannot parse the ${what}`);
  return v;
}

function parseIntegerSize(args: OpArgs, op: BitsOp, def: OpDef): void {
  const v = readUnsigned(args, def, 'integer size');
  if (v === 0n || v > 64n) fail(ResultCode.PARAMETER_ERROR, `${def.name}: integer size ${v} is not in [1, 64]`);
  op.size = Number(v);
}

function parseByteSize(args: OpArgs, op: BitsOp, def: OpDef): void {
  const v = readUnsigned(args, def, 'byte size');
  if (v === 0n || v > BigInt(PROTO_SIZE_MAX)) fail(ResultCode.PARAMETER_ERROR, `${def.name}: byte size ${v} is out of range`);
  op.size = Number(v) * 8;
}

function parseByteSizeAllowZero(args: OpArgs, op: BitsOp, def: OpDef): void {
  const v = readUnsigned(args, def, 'byte size');
  if (v > BigInt(PROTO_SIZE_MAX)) fail(ResultCode.PARAMETER_ERROR, `${def.name}: byte size ${v} is out of range`);
  op.size = Number(v) * 8;
}

function parseSize(args: OpArgs, op: BitsOp, def: OpDef): void {
  const v = readUnsigned(args, def, 'bit size');
  if (v === 0n || v > BigInt(PROTO_SIZE_MAX * 8)) fail(ResultCode.PARAMETER_ERROR, `${def.name}: bit size ${v} is out of range`);
  op.size = Number(v);
}

function parseBoolean(args: OpArgs, op: BitsOp, def: OpDef): void {
  const v = args.bool();
  if (v === undefined) fail(ResultCode.PARAMETER_ERROR, `${def.name}: cannot parse the boolean`);
  op.value = v ? 1n : 0n;
}

function parseIntegerValue(args: OpArgs, op: BitsOp, def: OpDef): void {
  op.value = readUnsigned(args, def, 'integer value');
}

function parseShift(args: OpArgs, op: BitsOp, def: OpDef): void {
  parseIntegerValue(args, op, def);
  if (op.value > BigInt(PROTO_SIZE_MAX * 8)) fail(ResultCode.PARAMETER_ERROR, `${def.name}: shift ${op.value} is out of range`);
}

function parseBuffer(args: OpArgs, op: BitsOp, def: OpDef): void {
  const b = args.bytes();
  // The first byte is the particle type the clients put before blob bytes.
  if (b === undefined || b.length === 1) fail(ResultCode.PARAMETER_ERROR, `${def.name}: invalid buffer`);
  op.bufStart = b.start + 1;
  // uint32 arithmetic: an empty string (no type byte) wraps to a huge size, as on the server.
  const bits = ((b.length - 1) * 8 + TWO_32) % TWO_32;
  if (op.size !== 0) {
    if (bits < op.size) fail(ResultCode.PARAMETER_ERROR, `${def.name}: buffer is smaller than the size`);
  } else {
    op.size = bits;
  }
}

function parseFlags(args: OpArgs, op: BitsOp, def: OpDef): void {
  op.flags = readUnsigned(args, def, 'flags');
  if ((op.flags & ~def.allowedFlags) !== 0n) fail(ResultCode.PARAMETER_ERROR, `${def.name}: invalid flags 0x${op.flags.toString(16)}`);
  if ((op.flags & F_CREATE_ONLY) !== 0n && (op.flags & F_UPDATE_ONLY) !== 0n) {
    fail(ResultCode.PARAMETER_ERROR, `${def.name}: CREATE_ONLY and UPDATE_ONLY together`);
  }
}

function parseResizeSubflags(args: OpArgs, op: BitsOp, def: OpDef): void {
  op.subflags = readUnsigned(args, def, 'resize flags');
  if ((op.subflags & ~(R_FROM_FRONT | R_GROW_ONLY | R_SHRINK_ONLY)) !== 0n) fail(ResultCode.PARAMETER_ERROR, `${def.name}: invalid resize flags`);
  if ((op.subflags & R_GROW_ONLY) !== 0n && (op.subflags & R_SHRINK_ONLY) !== 0n) {
    fail(ResultCode.PARAMETER_ERROR, `${def.name}: GROW_ONLY and SHRINK_ONLY together`);
  }
}

function parseArithmeticSubflags(args: OpArgs, op: BitsOp, def: OpDef): void {
  op.subflags = readUnsigned(args, def, 'overflow flags');
  if ((op.subflags & ~(S_SIGNED | S_SATURATE | S_WRAP)) !== 0n) fail(ResultCode.PARAMETER_ERROR, `${def.name}: invalid overflow flags`);
  if ((op.subflags & S_SATURATE) !== 0n && (op.subflags & S_WRAP) !== 0n) {
    fail(ResultCode.PARAMETER_ERROR, `${def.name}: SATURATE and WRAP together`);
  }
}

function parseGetIntSubflags(args: OpArgs, op: BitsOp, def: OpDef): void {
  op.subflags = readUnsigned(args, def, 'flags');
  if ((op.subflags & ~S_SIGNED) !== 0n) fail(ResultCode.PARAMETER_ERROR, `${def.name}: invalid flags`);
}

// ---------------------------------------------------------------------------
// Prepare: where the operation lands in the blob

function noFailOr(op: BitsOp, code: number, why: string): number {
  if ((op.flags & F_NO_FAIL) !== 0n) return NO_CHANGE;
  fail(code, why);
}

const prepareResize: Prepare = (l, op, _byteOffset, opSize) => {
  const fromFront = (op.subflags & R_FROM_FRONT) !== 0n;
  if (opSize < l.oldSize) {
    if ((op.subflags & R_GROW_ONLY) !== 0n) return noFailOr(op, ResultCode.PARAMETER_ERROR, 'bit_resize: cannot shrink with GROW_ONLY');
    const remove = l.oldSize - opSize;
    l.action = Action.Remove;
    if (fromFront) {
      l.op = remove;
      l.tail = l.oldSize - remove;
    } else {
      l.head = l.oldSize - remove;
      l.op = remove;
    }
    return PROCEED;
  }
  if (opSize > l.oldSize) {
    if ((op.subflags & R_SHRINK_ONLY) !== 0n) return noFailOr(op, ResultCode.PARAMETER_ERROR, 'bit_resize: cannot grow with SHRINK_ONLY');
    l.action = Action.Expand;
    if (fromFront) {
      l.op = opSize - l.oldSize;
      l.tail = l.oldSize;
    } else {
      l.head = l.oldSize;
      l.op = opSize - l.oldSize;
    }
    return PROCEED;
  }
  return NO_CHANGE;
};

const prepareInsert: Prepare = (l, _op, byteOffset, opSize) => {
  l.action = Action.Expand;
  if (byteOffset >= l.oldSize) {
    l.head = l.oldSize;
    l.expand = byteOffset - l.oldSize;
    l.op = opSize;
  } else {
    l.head = byteOffset;
    l.op = opSize;
    l.tail = l.oldSize - byteOffset;
  }
  return PROCEED;
};

const prepareRemove: Prepare = (l, op, byteOffset, opSize) => {
  if (byteOffset >= l.oldSize) return noFailOr(op, ResultCode.PARAMETER_ERROR, 'bit_remove: offset past the end of the blob');
  l.action = Action.Remove;
  if (byteOffset + opSize > l.oldSize) {
    if ((op.flags & F_PARTIAL) === 0n) return noFailOr(op, ResultCode.PARAMETER_ERROR, 'bit_remove: past the end of the blob without PARTIAL');
    l.head = byteOffset;
    l.op = l.oldSize - byteOffset;
    op.size = l.oldSize * 8 - op.offset;
  } else {
    l.head = byteOffset;
    l.op = opSize;
    l.tail = l.oldSize - (byteOffset + opSize);
  }
  return PROCEED;
};

const prepareOverwrite: Prepare = (l, op, byteOffset, opSize) => {
  if (byteOffset >= l.oldSize) return noFailOr(op, ResultCode.OP_NOT_APPLICABLE, 'offset past the end of the blob');
  l.action = Action.Overwrite;
  if (byteOffset + opSize > l.oldSize) {
    if ((op.flags & F_PARTIAL) === 0n) return noFailOr(op, ResultCode.OP_NOT_APPLICABLE, 'past the end of the blob without PARTIAL');
    l.head = byteOffset;
    l.op = l.oldSize - byteOffset;
    // As the server: from the bit offset within the byte, not from the byte offset.
    op.size = l.oldSize * 8 - op.offset;
  } else {
    l.head = byteOffset;
    l.op = opSize;
    l.tail = l.oldSize - (byteOffset + opSize);
  }
  return PROCEED;
};

const prepareRead: Prepare = (l, op, byteOffset, opSize) => {
  if (byteOffset >= l.oldSize) return noFailOr(op, ResultCode.OP_NOT_APPLICABLE, 'offset past the end of the blob');
  if (byteOffset + opSize > l.oldSize) return noFailOr(op, ResultCode.OP_NOT_APPLICABLE, 'past the end of the blob');
  l.head = byteOffset;
  l.op = opSize;
  l.tail = l.oldSize - (byteOffset + opSize);
  return PROCEED;
};

const prepareInteger: Prepare = (l, op, byteOffset, opSize) => {
  l.action = Action.Overwrite;
  return prepareRead(l, op, byteOffset, opSize);
};

// ---------------------------------------------------------------------------
// Byte-level helpers: shifts within a window, and the ends the operation must not touch

/**
 * The window shifted left by `shift` bits, its last byte first masked to the
 * operation's end; zeros come in from the right.
 */
function shiftLeft(offset: number, size: number, shift: number, from: Window, n: number): Uint8Array {
  const to = new Uint8Array(n);
  if (shift >= size) return to;
  const lastMask = (0xff << ((8 - ((offset + size) % 8)) % 8)) & 0xff;
  const lastByte = from[n - 1]! & lastMask;
  const shiftBytes = Math.floor(shift / 8);
  const l8 = shift % 8;
  const r8 = 8 - l8;
  const end = n - 1;
  let cur = shiftBytes;
  let o = 0;
  if (l8 === 0) {
    if (cur > end) return to; // the server copies a negative length here
    while (cur < end) to[o++] = from[cur++]!;
    to[o] = lastByte;
    return to;
  }
  while (end - cur > 1) {
    to[o++] = ((from[cur]! << l8) | (from[cur + 1]! >> r8)) & 0xff;
    cur++;
  }
  if (cur < end) to[o++] = ((from[cur]! << l8) | (lastByte >> r8)) & 0xff;
  to[o] = (lastByte << l8) & 0xff;
  return to;
}

/**
 * `src` shifted right by `shift` bits into a window of `n` bytes, its first
 * byte masked past `firstOffset` bits; zeros come in from the left.
 */
function shiftRight(firstOffset: number, size: number, shift: number, src: (i: number) => number, n: number): Uint8Array {
  const to = new Uint8Array(n);
  if (shift >= size) return to;
  const shiftBytes = Math.floor(shift / 8);
  if (shiftBytes >= n) return to;
  const first = src(0) & (0xff >> firstOffset);
  const r8 = shift % 8;
  const l8 = 8 - r8;
  const end = n - shiftBytes;
  let o = shiftBytes;
  if (r8 === 0) {
    to[o++] = first;
    for (let cur = 1; cur < end; cur++) to[o++] = src(cur);
    return to;
  }
  to[o++] = first >> r8;
  let cur = 1;
  if (cur < end) {
    to[o++] = ((first << l8) | (src(cur) >> r8)) & 0xff;
    cur++;
  }
  for (; cur < end; cur++) to[o++] = ((src(cur - 1) << l8) | (src(cur) >> r8)) & 0xff;
  return to;
}

/** Puts back the bits of the first and last bytes that lie outside [offset, offset + size). */
function restoreEnds(offset: number, size: number, to: Uint8Array, from: Window, n: number): void {
  const end = (offset + size) % 8;
  if (n === 1) {
    const headMask = (0xff << (8 - offset)) & 0xff;
    const tailMask = 0xff >> (8 - ((8 - end) % 8));
    const m = headMask | tailMask;
    to[0] = (to[0]! & ~m) | (from[0]! & m);
    return;
  }
  if (offset !== 0) {
    const headMask = (0xff << (8 - offset)) & 0xff;
    to[0] = (to[0]! & ~headMask) | (from[0]! & headMask);
  }
  if (end !== 0) {
    const tailMask = 0xff >> end;
    to[n - 1] = (to[n - 1]! & ~tailMask) | (from[n - 1]! & tailMask);
  }
}

/** The buffer argument, byte by byte; reading past it reads what follows in the payload, then zeros. */
function bufferReader(op: BitsOp): (i: number) => number {
  const p = op.payload;
  const start = op.bufStart;
  return (i) => p[start + i] ?? 0;
}

/** The buffer shifted right by the bit offset and combined with the window byte by byte. */
function combine(op: BitsOp, from: Window, n: number, f: (b: number, w: number) => number): Uint8Array {
  const to = new Uint8Array(n);
  const buf = bufferReader(op);
  const r8 = op.offset;
  const l8 = 8 - r8;
  const opBytes = Math.floor((op.size + 7) / 8);
  const put = (i: number, b: number) => {
    if (i < n) to[i] = f(b & 0xff, from[i]!) & 0xff;
  };
  if (r8 === 0) {
    for (let i = 0; i < opBytes; i++) put(i, buf(i));
  } else {
    put(0, buf(0) >> r8);
    for (let i = 1; i < opBytes; i++) put(i, (buf(i - 1) << l8) | (buf(i) >> r8));
    if (Math.floor((r8 + op.size + 7) / 8) > opBytes) put(opBytes, buf(opBytes - 1) << l8);
  }
  restoreEnds(op.offset, op.size, to, from, n);
  return to;
}

/** The unsigned integer held in bits [offset, offset + size) of the window. */
function loadInt(op: BitsOp, from: Window, n: number): bigint {
  let v = 0n;
  for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(from[i]!);
  const total = BigInt(n * 8);
  return (v >> (total - BigInt(op.offset + op.size))) & ((1n << BigInt(op.size)) - 1n);
}

/** The window with bits [offset, offset + size) replaced by `value`. */
function storeInt(op: BitsOp, value: bigint, from: Window, n: number): Uint8Array {
  const bytes = Buffer.alloc(9);
  bytes.writeBigUInt64BE((value << BigInt(64 - op.size)) & U64);
  const to = shiftRight(0, Math.floor((op.size + 7) / 8) * 8, op.offset, (i) => bytes[i]!, n);
  restoreEnds(op.offset, op.size, to, from, n);
  return to;
}

function signExtend(v: bigint, bits: number): bigint {
  return BigInt.asIntN(bits, v);
}

/** The server's signed overflow check: only a sign flip away from two operands of the same sign counts. */
function signedOverflow(bits: number, saturate: boolean, load: bigint, value: bigint, result: bigint): bigint | undefined {
  const mask = (1n << BigInt(bits)) - 1n;
  const sResult = signExtend(result, bits);
  const sLoad = signExtend(load & mask, bits);
  const sValue = signExtend(value & mask, bits);
  if (sLoad < 0n && sValue < 0n && sResult > 0n) return saturate ? 1n << BigInt(bits - 1) : undefined;
  if (sLoad > 0n && sValue > 0n && sResult < 0n) return saturate ? mask >> 1n : undefined;
  return result;
}

// ---------------------------------------------------------------------------
// Modify operations

const modifyFill: Modify = (_op, _from, n) => new Uint8Array(n);

const modifyInsert: Modify = (op, _from, n) => {
  const buf = bufferReader(op);
  const to = new Uint8Array(n);
  for (let i = 0; i < n; i++) to[i] = buf(i);
  return to;
};

const modifySet: Modify = (op, from, n) => {
  const to = shiftRight(0, Math.floor((op.size + 7) / 8) * 8, op.offset, bufferReader(op), n);
  restoreEnds(op.offset, op.size, to, from, n);
  return to;
};

const modifyOr: Modify = (op, from, n) => combine(op, from, n, (b, w) => b | w);
const modifyXor: Modify = (op, from, n) => combine(op, from, n, (b, w) => b ^ w);
const modifyAnd: Modify = (op, from, n) => combine(op, from, n, (b, w) => b & w);

const modifyNot: Modify = (op, from, n) => {
  const to = new Uint8Array(n);
  for (let i = 0; i < n; i++) to[i] = ~from[i]! & 0xff;
  restoreEnds(op.offset, op.size, to, from, n);
  return to;
};

const modifyLshift: Modify = (op, from, n) => {
  const to = shiftLeft(op.offset, op.size, Number(op.value), from, n);
  restoreEnds(op.offset, op.size, to, from, n);
  return to;
};

const modifyRshift: Modify = (op, from, n) => {
  const to = shiftRight(op.offset, op.size, Number(op.value), (i) => from[i] ?? 0, n);
  restoreEnds(op.offset, op.size, to, from, n);
  return to;
};

function arithmetic(op: BitsOp, from: Window, n: number, subtract: boolean): Uint8Array | undefined {
  const load = loadInt(op, from, n);
  const bits = op.size;
  const mask = (1n << BigInt(bits)) - 1n;
  const value = op.value & mask;
  let result = (subtract ? load - value : load + value) & mask;
  const signed = (op.subflags & S_SIGNED) !== 0n;
  const wrap = (op.subflags & S_WRAP) !== 0n;
  const saturate = (op.subflags & S_SATURATE) !== 0n;
  if (!wrap) {
    if (signed) {
      const operand = subtract ? BigInt.asUintN(64, -value) : value;
      const checked = signedOverflow(bits, saturate, load, operand, result);
      if (checked === undefined) return undefined;
      result = checked;
    } else if (subtract ? result > load : result < load) {
      if (!saturate) return undefined;
      result = subtract ? 0n : mask;
    }
  }
  return storeInt(op, result, from, n);
}

const modifyAdd: Modify = (op, from, n) => arithmetic(op, from, n, false);
const modifySubtract: Modify = (op, from, n) => arithmetic(op, from, n, true);
const modifySetInt: Modify = (op, from, n) => storeInt(op, op.value & ((1n << BigInt(op.size)) - 1n), from, n);

// ---------------------------------------------------------------------------
// Read operations

function integerResult(v: bigint): StoredBin {
  const data = Buffer.alloc(8);
  data.writeBigInt64BE(BigInt.asIntN(64, v));
  return { type: ParticleType.INTEGER, data };
}

const readGet: Read = (op, from, n) => {
  const size = Math.floor((op.size + 7) / 8);
  const shifted = shiftLeft(0, size * 8, op.offset, from, n);
  const data = Buffer.from(shifted.subarray(0, size));
  const tail = op.size % 8;
  if (tail !== 0) data[size - 1]! &= (0xff << (8 - tail)) & 0xff;
  return { type: ParticleType.BLOB, data };
};

function popcount8(b: number): number {
  let c = 0;
  for (let v = b; v !== 0; v &= v - 1) c++;
  return c;
}

const readCount: Read = (op, from, n) => {
  const headMask = (0xff << (8 - op.offset)) & 0xff;
  const tailLen = (op.size + op.offset) % 8;
  const tailMask = tailLen !== 0 ? 0xff >> tailLen : 0;
  let count = 0;
  if (n === 1) {
    count = popcount8(from[0]! & ~(headMask | tailMask) & 0xff);
  } else {
    count = popcount8(from[0]! & ~headMask & 0xff);
    for (let i = 1; i < n - 1; i++) count += popcount8(from[i]!);
    count += popcount8(from[n - 1]! & ~tailMask & 0xff);
  }
  return integerResult(BigInt(count));
};

const readLscan: Read = (op, from, n) => {
  const ones = op.value === 1n;
  const view = (b: number) => (ones ? b : ~b & 0xff);
  const end = n - 1;
  let cur = 0;
  let last = view(from[0]!) & (0xff >> op.offset);
  if (last === 0 && n !== 1) {
    const skip = ones ? 0x00 : 0xff;
    cur++;
    while (from[cur] === skip && cur < end) cur++;
    last = view(from[cur]!);
  }
  let answer = -1;
  if (last !== 0) {
    const bit = Math.clz32(last) - 24;
    answer = cur * 8 + bit - op.offset;
    if (answer >= op.size) answer = -1;
  }
  return integerResult(BigInt(answer));
};

const readRscan: Read = (op, from, n) => {
  const ones = op.value === 1n;
  const view = (b: number) => (ones ? b : ~b & 0xff);
  let cur = n - 1;
  const lastMask = (0xff << ((8 - ((op.size + op.offset) % 8)) % 8)) & 0xff;
  let last = view(from[cur]!) & lastMask;
  if (last === 0 && n !== 1) {
    const skip = ones ? 0x00 : 0xff;
    cur--;
    while (from[cur] === skip && cur > 0) cur--;
    last = view(from[cur]!);
  }
  let answer = -1;
  if (last !== 0) {
    const bit = Math.clz32(last & -last) - 24;
    // Not bounded below: a bit before the offset in the first byte gives a negative answer.
    answer = cur * 8 + bit - op.offset;
    if (answer >= op.size) answer = -1;
  }
  return integerResult(BigInt(answer));
};

const readGetInt: Read = (op, from, n) => {
  const v = loadInt(op, from, n);
  return integerResult((op.subflags & S_SIGNED) !== 0n ? signExtend(v, op.size) : v);
};

// ---------------------------------------------------------------------------
// Tables

const MODIFY_FLAGS_CREATE = F_CREATE_ONLY | F_UPDATE_ONLY | F_NO_FAIL;
const MODIFY_FLAGS_PARTIAL = F_UPDATE_ONLY | F_NO_FAIL | F_PARTIAL;
const MODIFY_FLAGS_INT = F_UPDATE_ONLY | F_NO_FAIL;

function modifyDef(name: string, allowedFlags: bigint, minArgs: number, args: ArgParser[], prepare: Prepare, modify: Modify): OpDef {
  return { name, allowedFlags, minArgs, maxArgs: args.length, args, prepare, modify };
}

function readDef(name: string, minArgs: number, args: ArgParser[], read: Read): OpDef {
  return { name, allowedFlags: 0n, minArgs, maxArgs: args.length, args, prepare: prepareRead, read };
}

const OFFSET_SIZE_BUF = [parseOffset, parseSize, parseBuffer, parseFlags];
const OFFSET_SIZE_SHIFT = [parseOffset, parseSize, parseShift, parseFlags];

const MODIFY_OPS: ReadonlyMap<number, OpDef> = new Map([
  [
    BitOp.RESIZE,
    {
      ...modifyDef('bit_resize', MODIFY_FLAGS_CREATE, 1, [parseByteSizeAllowZero, parseFlags, parseResizeSubflags], prepareResize, modifyFill),
      creates: true,
    },
  ],
  [
    BitOp.INSERT,
    { ...modifyDef('bit_insert', MODIFY_FLAGS_CREATE, 2, [parseByteOffset, parseBuffer, parseFlags], prepareInsert, modifyInsert), creates: true },
  ],
  [BitOp.REMOVE, modifyDef('bit_remove', MODIFY_FLAGS_PARTIAL, 2, [parseByteOffset, parseByteSize, parseFlags], prepareRemove, modifyFill)],
  [BitOp.SET, modifyDef('bit_set', MODIFY_FLAGS_PARTIAL, 3, OFFSET_SIZE_BUF, prepareOverwrite, modifySet)],
  [BitOp.OR, modifyDef('bit_or', MODIFY_FLAGS_PARTIAL, 3, OFFSET_SIZE_BUF, prepareOverwrite, modifyOr)],
  [BitOp.XOR, modifyDef('bit_xor', MODIFY_FLAGS_PARTIAL, 3, OFFSET_SIZE_BUF, prepareOverwrite, modifyXor)],
  [BitOp.AND, modifyDef('bit_and', MODIFY_FLAGS_PARTIAL, 3, OFFSET_SIZE_BUF, prepareOverwrite, modifyAnd)],
  [BitOp.NOT, modifyDef('bit_not', MODIFY_FLAGS_PARTIAL, 2, [parseOffset, parseSize, parseFlags], prepareOverwrite, modifyNot)],
  [BitOp.LSHIFT, modifyDef('bit_lshift', MODIFY_FLAGS_PARTIAL, 3, OFFSET_SIZE_SHIFT, prepareOverwrite, modifyLshift)],
  [BitOp.RSHIFT, modifyDef('bit_rshift', MODIFY_FLAGS_PARTIAL, 3, OFFSET_SIZE_SHIFT, prepareOverwrite, modifyRshift)],
  [
    BitOp.ADD,
    modifyDef(
      'bit_add',
      MODIFY_FLAGS_INT,
      3,
      [parseOffset, parseIntegerSize, parseIntegerValue, parseFlags, parseArithmeticSubflags],
      prepareInteger,
      modifyAdd,
    ),
  ],
  [
    BitOp.SUBTRACT,
    modifyDef(
      'bit_subtract',
      MODIFY_FLAGS_INT,
      3,
      [parseOffset, parseIntegerSize, parseIntegerValue, parseFlags, parseArithmeticSubflags],
      prepareInteger,
      modifySubtract,
    ),
  ],
  [
    BitOp.SET_INT,
    modifyDef('bit_set_int', MODIFY_FLAGS_INT, 3, [parseOffset, parseIntegerSize, parseIntegerValue, parseFlags], prepareInteger, modifySetInt),
  ],
]);

const READ_OPS: ReadonlyMap<number, OpDef> = new Map([
  [BitOp.GET, readDef('bit_get', 2, [parseOffset, parseSize], readGet)],
  [BitOp.COUNT, readDef('bit_count', 2, [parseOffset, parseSize], readCount)],
  [BitOp.LSCAN, readDef('bit_lscan', 3, [parseOffset, parseSize, parseBoolean], readLscan)],
  [BitOp.RSCAN, readDef('bit_rscan', 3, [parseOffset, parseSize, parseBoolean], readRscan)],
  [BitOp.GET_INT, readDef('bit_get_int', 2, [parseOffset, parseIntegerSize, parseGetIntSubflags], readGetInt)],
]);

// ---------------------------------------------------------------------------
// Evaluation

function parseOp(payload: Buffer, modify: boolean): { def: OpDef; op: BitsOp } {
  const args = new OpArgs(payload);
  const count = args.listCount();
  if (count === undefined || count === 0) fail(ResultCode.PARAMETER_ERROR, 'bit operation: expected a list [opcode, args…]');
  const code = args.uint64();
  if (code === undefined) fail(ResultCode.PARAMETER_ERROR, 'bit operation: cannot parse the opcode');
  // The server keeps the opcode in a 32-bit enum.
  const opcode = Number(code & 0xffff_ffffn);
  const def = (modify ? MODIFY_OPS : READ_OPS).get(opcode);
  if (def === undefined) fail(ResultCode.PARAMETER_ERROR, `bit operation: ${opcode} is not a ${modify ? 'modify' : 'read'} opcode`);
  const n = count - 1;
  if (n < def.minArgs || n > def.maxArgs) fail(ResultCode.PARAMETER_ERROR, `${def.name}: unexpected number of arguments ${n}`);
  const op: BitsOp = { offset: 0, size: 0, value: 0n, bufStart: 0, payload, flags: 0n, subflags: 0n };
  for (let i = 0; i < n; i++) def.args[i]!(args, op, def);
  return { def, op };
}

/** Normalizes the offset and lays the operation out; returns the prepare outcome and the layout. */
function prepare(def: OpDef, op: BitsOp, blob: Buffer | undefined): { outcome: number; layout: Layout } {
  const layout: Layout = { oldSize: blob?.length ?? 0, head: 0, expand: 0, op: 0, tail: 0, action: Action.Overwrite };
  if (blob === undefined && op.offset < 0) fail(ResultCode.PARAMETER_ERROR, `${def.name}: negative offset on a bin that does not exist`);
  if (op.offset < 0) {
    if (-op.offset > layout.oldSize * 8) fail(ResultCode.PARAMETER_ERROR, `${def.name}: negative offset before the start of the blob`);
    op.offset += layout.oldSize * 8;
  }
  const byteOffset = Math.floor(op.offset / 8);
  op.offset %= 8;
  // uint32 arithmetic, as the server's.
  const opSize = Math.floor(((op.offset + op.size + 7) % TWO_32) / 8);
  return { outcome: def.prepare(layout, op, byteOffset, opSize), layout };
}

function modifyBlob(def: OpDef, op: BitsOp, bin: StoredBin | undefined): OpResult {
  const noFail = (op.flags & F_NO_FAIL) !== 0n;
  if (bin !== undefined) {
    if ((op.flags & F_CREATE_ONLY) !== 0n) {
      if (noFail) return {};
      fail(ResultCode.BIN_EXISTS_ERROR, `${def.name}: bin exists and CREATE_ONLY is set`);
    }
    if (bin.type !== ParticleType.BLOB) fail(ResultCode.BIN_TYPE_ERROR, `${def.name}: bin is not a blob (particle type ${bin.type})`);
  } else if (def.creates !== true || (op.flags & F_UPDATE_ONLY) !== 0n) {
    if (noFail) return {};
    fail(ResultCode.BIN_NOT_FOUND, `${def.name}: bin does not exist`);
  }
  const old = bin?.data;
  const { outcome, layout: l } = prepare(def, op, old);
  if (outcome !== PROCEED) return {};
  const newSize = l.head + l.expand + l.tail + (l.action !== Action.Remove ? l.op : 0);
  if (newSize >= PROTO_SIZE_MAX) fail(ResultCode.PARAMETER_ERROR, `${def.name}: resulting blob of ${newSize} bytes is too large`);
  const out = Buffer.alloc(newSize);
  let to = 0;
  let from = 0;
  if (old !== undefined) {
    old.copy(out, 0, 0, l.head);
    to = from = l.head;
  }
  if (l.action === Action.Overwrite) {
    const window = windowOf(old!, from, l.op);
    const bytes = def.modify!(op, window, l.op);
    if (bytes === undefined) {
      if (noFail) return {};
      fail(ResultCode.OP_NOT_APPLICABLE, `${def.name}: overflow`);
    }
    out.set(bytes.subarray(0, l.op), to);
    to += l.op;
    from += l.op;
  } else if (l.action === Action.Expand) {
    to += l.expand;
    out.set(def.modify!(op, new Uint8Array(0), l.op)!.subarray(0, l.op), to);
    to += l.op;
  } else {
    from += l.op;
  }
  if (old !== undefined && l.tail !== 0) old.copy(out, to, from, from + l.tail);
  return { bin: { type: ParticleType.BLOB, data: out } };
}

/** The `n` bytes of `blob` from `start`. */
function windowOf(blob: Buffer, start: number, n: number): Window {
  return new Uint8Array(blob.buffer, blob.byteOffset + start, n);
}

function readBlob(def: OpDef, op: BitsOp, bin: StoredBin): OpResult {
  if (bin.type !== ParticleType.BLOB) fail(ResultCode.BIN_TYPE_ERROR, `${def.name}: bin is not a blob (particle type ${bin.type})`);
  const { outcome, layout: l } = prepare(def, op, bin.data);
  if (outcome !== PROCEED) return {};
  return { result: def.read!(op, windowOf(bin.data, l.head, l.op), l.op) };
}

/**
 * Applies one bit operation to a bin, as the server's blob particle does.
 *
 * @param bin - the bin as stored, or `undefined` when the record has no such bin.
 * @param payload - the operation's value: msgpack `[opcode, args…]`.
 * @param modify - true for BIT_MODIFY, false for BIT_READ; an opcode of the
 *   other kind is refused with PARAMETER_ERROR.
 * @returns for modify operations the new bin (no result, as the server
 *   returns none), or nothing when a NO_FAIL flag turned a failure into a
 *   no-op; for read operations the result particle: BLOB for get, INTEGER
 *   for count, scans and getInt. A read of a missing bin returns nothing,
 *   without looking at the payload, as the server does.
 * @throws {@link OpFailure} with the server's result code.
 */
export function applyBitOp(bin: StoredBin | undefined, payload: Buffer, modify: boolean): OpResult {
  if (!modify && bin === undefined) return {};
  const { def, op } = parseOp(payload, modify);
  return modify ? modifyBlob(def, op, bin) : readBlob(def, op, bin!);
}
