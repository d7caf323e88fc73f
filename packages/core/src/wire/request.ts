/**
 * Encoders of single-record AS_MSG requests. Each counts the exact size
 * first, then writes the proto header, message header, key fields and
 * operations through one {@link MessageWriter}.
 */

import { InvalidArgumentError, invalidArgument } from '../errors.js';
import { ResultCode } from '../result-codes.js';
import type { BinValue } from '../values.js';
import { type UserKey, keyParticleType } from './digest.js';
import { FieldType, MSG_HEADER_SIZE, OperationType } from './message.js';
import { binNameBytes } from './names.js';
import type { Operation } from './operation.js';
import { ParticleType, particleSize, particleTypeOf, writeInt64, writeParticle } from './particles.js';
import { ProtoType } from './proto.js';
import { MessageWriter, type RequestHeader, fieldSize, opSize } from './writer.js';

/** Header values of a request; result code and counts are filled in by the encoder. */
export type CommandHeader = RequestHeader;

/** The key of the record a command addresses, with names already encoded. */
export interface KeyFields {
  namespace: Buffer;
  set: Buffer;
  digest: Buffer;
  /** Sent as the KEY field when defined (sendKey). */
  userKey?: UserKey | undefined;
}

const MAX_OPS = 0xffff;

function userKeySize(key: UserKey): number {
  if (typeof key === 'string') return Buffer.byteLength(key, 'utf8');
  if (typeof key === 'number' || typeof key === 'bigint') return 8;
  return key.length;
}

function writeUserKey(w: MessageWriter, key: UserKey): void {
  w.u8(keyParticleType(key));
  if (typeof key === 'string') w.utf8(key);
  else if (typeof key === 'number') {
    writeInt64(w.buf, w.offset, key);
    w.offset += 8;
  } else if (typeof key === 'bigint') {
    w.buf.writeBigInt64BE(key, w.offset);
    w.offset += 8;
  } else w.bytes(key);
}

function keyFieldsSize(key: KeyFields, userKeyBytes: number): number {
  let size = fieldSize(key.namespace.length) + fieldSize(key.set.length) + fieldSize(key.digest.length);
  if (key.userKey !== undefined) size += fieldSize(1 + userKeyBytes);
  return size;
}

function writeKeyFields(w: MessageWriter, key: KeyFields, userKeyBytes: number): void {
  w.field(FieldType.NAMESPACE, key.namespace);
  w.field(FieldType.SET, key.set);
  w.field(FieldType.DIGEST, key.digest);
  if (key.userKey !== undefined) {
    w.fieldHeader(FieldType.KEY, userKeyBytes + 1);
    writeUserKey(w, key.userKey);
  }
}

function fieldCount(key: KeyFields, filter: Buffer | undefined): number {
  return 3 + (key.userKey === undefined ? 0 : 1) + (filter === undefined ? 0 : 1);
}

/**
 * Allocates the request and writes everything up to the first operation;
 * the caller writes `opCount` operations of `opsSize` bytes in all.
 */
function begin(h: CommandHeader, key: KeyFields, filter: Buffer | undefined, opsSize: number, opCount: number): MessageWriter {
  if (opCount > MAX_OPS) {
    throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, `a command may carry at most ${MAX_OPS} operations, got ${opCount}`);
  }
  const userKeyBytes = key.userKey === undefined ? 0 : userKeySize(key.userKey);
  let size = MSG_HEADER_SIZE + keyFieldsSize(key, userKeyBytes) + opsSize;
  if (filter !== undefined) size += fieldSize(filter.length);
  const w = MessageWriter.frame(ProtoType.MESSAGE, size);
  w.messageHeader(h, fieldCount(key, filter), opCount);
  writeKeyFields(w, key, userKeyBytes);
  if (filter !== undefined) w.field(FieldType.FILTER_EXP, filter);
  return w;
}

/** A request with no operations: get all bins, get header, exists, remove. */
export function encodeKeyCommand(h: CommandHeader, key: KeyFields, filter?: Buffer): Buffer {
  return begin(h, key, filter, 0, 0).finish();
}

/** A read of the named bins: one READ operation per bin. */
export function encodeReadBinsCommand(h: CommandHeader, key: KeyFields, bins: readonly string[], filter?: Buffer): Buffer {
  let opsSize = 0;
  for (let i = 0; i < bins.length; i++) opsSize += opSize(binNameBytes(bins[i]!).length, 0);
  const w = begin(h, key, filter, opsSize, bins.length);
  for (let i = 0; i < bins.length; i++) w.opHeader(OperationType.READ, ParticleType.NULL, binNameBytes(bins[i]!), 0);
  return w.finish();
}

// Reused between calls: encoding is synchronous, so no two requests interleave.
let scratchTypes: number[] = [];
let scratchSizes: number[] = [];

/**
 * A write of every bin of `bins` with the same operation type: WRITE for
 * put, ADD for add, APPEND/PREPEND for those. A `null` bin value deletes the bin.
 * Every bin name must be non-empty.
 */
export function encodeBinsCommand(
  h: CommandHeader,
  key: KeyFields,
  op: number,
  bins: Readonly<Record<string, BinValue>>,
  filter?: Buffer,
): Buffer {
  const names = Object.keys(bins);
  const n = names.length;
  if (n === 0) throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, 'bins: at least one bin is required');
  if (scratchTypes.length < n) {
    scratchTypes = new Array<number>(n);
    scratchSizes = new Array<number>(n);
  }
  let opsSize = 0;
  for (let i = 0; i < n; i++) {
    const name = names[i]!;
    if (name === '') throw invalidArgument('bins', 'every bin name must be a non-empty string, got ""');
    const value = bins[name] as BinValue;
    const type = particleTypeOf(value, name);
    checkScalarOp(op, type, name);
    const size = particleSize(value, type, name);
    scratchTypes[i] = type;
    scratchSizes[i] = size;
    opsSize += opSize(binNameBytes(name).length, size);
  }
  const w = begin(h, key, filter, opsSize, n);
  for (let i = 0; i < n; i++) {
    const name = names[i]!;
    const type = scratchTypes[i]!;
    w.opHeader(op, type, binNameBytes(name), scratchSizes[i]!);
    w.offset = writeParticle(w.buf, w.offset, bins[name] as BinValue, type);
  }
  return w.finish();
}

function checkScalarOp(op: number, type: number, bin: string): void {
  if (op === OperationType.ADD && type !== ParticleType.INTEGER && type !== ParticleType.DOUBLE) {
    throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, `bin "${bin}": add needs an integer or double`);
  }
  if (
    (op === OperationType.APPEND || op === OperationType.PREPEND) &&
    type !== ParticleType.STRING &&
    type !== ParticleType.BLOB
  ) {
    throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, `bin "${bin}": append and prepend need a string or bytes`);
  }
}

/** True for the operations that act on the whole record and so carry an empty bin name. */
function isRecordOperation(op: number): boolean {
  return op === OperationType.READ || op === OperationType.TOUCH || op === OperationType.DELETE;
}

/**
 * An operate command: the given operations, in order. Only a READ (of all
 * bins), TOUCH or DELETE may have an empty bin name.
 */
export function encodeOperateCommand(h: CommandHeader, key: KeyFields, ops: readonly Operation[], filter?: Buffer): Buffer {
  const n = ops.length;
  if (scratchTypes.length < n) {
    scratchTypes = new Array<number>(n);
    scratchSizes = new Array<number>(n);
  }
  let opsSize = 0;
  for (let i = 0; i < n; i++) {
    const o = ops[i]!;
    if (o.bin === '' && !isRecordOperation(o.op)) {
      throw invalidArgument(`operations[${i}]`, `operation type ${o.op} needs a non-empty bin name`);
    }
    let type: number;
    let size: number;
    if (o.encoded !== undefined) {
      type = o.encoded.particleType;
      size = o.encoded.bytes.length;
    } else if (o.value === undefined) {
      type = ParticleType.NULL;
      size = 0;
    } else {
      type = particleTypeOf(o.value, o.bin);
      checkScalarOp(o.op, type, o.bin);
      size = particleSize(o.value, type, o.bin);
    }
    scratchTypes[i] = type;
    scratchSizes[i] = size;
    opsSize += opSize(binNameBytes(o.bin).length, size);
  }
  const w = begin(h, key, filter, opsSize, n);
  for (let i = 0; i < n; i++) {
    const o = ops[i]!;
    const type = scratchTypes[i]!;
    w.opHeader(o.op, type, binNameBytes(o.bin), scratchSizes[i]!);
    if (o.encoded !== undefined) w.bytes(o.encoded.bytes);
    else if (o.value !== undefined) w.offset = writeParticle(w.buf, w.offset, o.value, type);
  }
  return w.finish();
}

