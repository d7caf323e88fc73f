/**
 * Encoders of single-record AS_MSG requests. Each computes the exact size
 * first, allocates one buffer and writes the proto header, message header,
 * key fields and operations straight into it.
 */

import { InvalidArgumentError, invalidArgument } from '../errors.js';
import { ResultCode } from '../result-codes.js';
import type { BinValue } from '../values.js';
import { type UserKey, keyParticleType } from './digest.js';
import {
  FIELD_HEADER_SIZE,
  FieldType,
  MSG_HEADER_SIZE,
  OP_HEADER_SIZE,
  OperationType,
} from './message.js';
import { binNameBytes } from './names.js';
import type { Operation } from './operation.js';
import { ParticleType, particleSize, particleTypeOf, writeInt64, writeParticle } from './particles.js';
import { PROTO_HEADER_SIZE, ProtoType, writeProtoHeader } from './proto.js';

/** Header values of a request; result code and counts are filled in by the encoder. */
export interface CommandHeader {
  info1: number;
  info2: number;
  info3: number;
  info4: number;
  generation: number;
  /** TTL in seconds for writes (0xFFFFFFFF never, 0xFFFFFFFE don't update); read-touch percent for reads. */
  recordTtl: number;
  /** Server-side timeout in ms (0: none). */
  transactionTtl: number;
}

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

function writeUserKey(buf: Buffer, offset: number, key: UserKey): number {
  buf[offset] = keyParticleType(key);
  offset += 1;
  if (typeof key === 'string') return offset + buf.write(key, offset, 'utf8');
  if (typeof key === 'number') {
    writeInt64(buf, offset, key);
    return offset + 8;
  }
  if (typeof key === 'bigint') {
    buf.writeBigInt64BE(key, offset);
    return offset + 8;
  }
  buf.set(key, offset);
  return offset + key.length;
}

function keyFieldsSize(key: KeyFields, userKeyBytes: number): number {
  let size = FIELD_HEADER_SIZE * 3 + key.namespace.length + key.set.length + key.digest.length;
  if (key.userKey !== undefined) size += FIELD_HEADER_SIZE + 1 + userKeyBytes;
  return size;
}

function writeField(buf: Buffer, offset: number, type: number, data: Uint8Array): number {
  buf.writeUInt32BE(data.length + 1, offset);
  buf[offset + 4] = type;
  buf.set(data, offset + FIELD_HEADER_SIZE);
  return offset + FIELD_HEADER_SIZE + data.length;
}

function writeKeyFields(buf: Buffer, offset: number, key: KeyFields, userKeyBytes: number): number {
  offset = writeField(buf, offset, FieldType.NAMESPACE, key.namespace);
  offset = writeField(buf, offset, FieldType.SET, key.set);
  offset = writeField(buf, offset, FieldType.DIGEST, key.digest);
  if (key.userKey !== undefined) {
    buf.writeUInt32BE(userKeyBytes + 2, offset);
    buf[offset + 4] = FieldType.KEY;
    offset = writeUserKey(buf, offset + FIELD_HEADER_SIZE, key.userKey);
  }
  return offset;
}

function fieldCount(key: KeyFields, filter: Buffer | undefined): number {
  return 3 + (key.userKey === undefined ? 0 : 1) + (filter === undefined ? 0 : 1);
}

/**
 * Allocates the request and writes everything up to the first operation.
 * Returns the buffer and the offset where operations start.
 */
function begin(
  h: CommandHeader,
  key: KeyFields,
  filter: Buffer | undefined,
  opsSize: number,
  opCount: number,
): { buf: Buffer; offset: number } {
  if (opCount > MAX_OPS) {
    throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, `a command may carry at most ${MAX_OPS} operations, got ${opCount}`);
  }
  const userKeyBytes = key.userKey === undefined ? 0 : userKeySize(key.userKey);
  let size = PROTO_HEADER_SIZE + MSG_HEADER_SIZE + keyFieldsSize(key, userKeyBytes) + opsSize;
  if (filter !== undefined) size += FIELD_HEADER_SIZE + filter.length;
  const buf = Buffer.allocUnsafe(size);
  writeProtoHeader(buf, 0, ProtoType.MESSAGE, size - PROTO_HEADER_SIZE);
  buf[PROTO_HEADER_SIZE] = MSG_HEADER_SIZE;
  buf[PROTO_HEADER_SIZE + 1] = h.info1;
  buf[PROTO_HEADER_SIZE + 2] = h.info2;
  buf[PROTO_HEADER_SIZE + 3] = h.info3;
  buf[PROTO_HEADER_SIZE + 4] = h.info4;
  buf[PROTO_HEADER_SIZE + 5] = 0;
  buf.writeUInt32BE(h.generation >>> 0, PROTO_HEADER_SIZE + 6);
  buf.writeUInt32BE(h.recordTtl >>> 0, PROTO_HEADER_SIZE + 10);
  buf.writeUInt32BE(h.transactionTtl >>> 0, PROTO_HEADER_SIZE + 14);
  buf.writeUInt16BE(fieldCount(key, filter), PROTO_HEADER_SIZE + 18);
  buf.writeUInt16BE(opCount, PROTO_HEADER_SIZE + 20);
  let offset = writeKeyFields(buf, PROTO_HEADER_SIZE + MSG_HEADER_SIZE, key, userKeyBytes);
  if (filter !== undefined) offset = writeField(buf, offset, FieldType.FILTER_EXP, filter);
  return { buf, offset };
}

function writeOpHeader(buf: Buffer, offset: number, op: number, particle: number, name: Buffer, valueSize: number): number {
  buf.writeUInt32BE(4 + name.length + valueSize, offset);
  buf[offset + 4] = op;
  buf[offset + 5] = particle;
  buf[offset + 6] = 0;
  buf[offset + 7] = name.length;
  buf.set(name, offset + OP_HEADER_SIZE);
  return offset + OP_HEADER_SIZE + name.length;
}

/** A request with no operations: get all bins, get header, exists, remove. */
export function encodeKeyCommand(h: CommandHeader, key: KeyFields, filter?: Buffer): Buffer {
  return begin(h, key, filter, 0, 0).buf;
}

/** A read of the named bins: one READ operation per bin. */
export function encodeReadBinsCommand(h: CommandHeader, key: KeyFields, bins: readonly string[], filter?: Buffer): Buffer {
  let opsSize = 0;
  for (let i = 0; i < bins.length; i++) opsSize += OP_HEADER_SIZE + binNameBytes(bins[i]!).length;
  const { buf, offset: start } = begin(h, key, filter, opsSize, bins.length);
  let offset = start;
  for (let i = 0; i < bins.length; i++) {
    offset = writeOpHeader(buf, offset, OperationType.READ, ParticleType.NULL, binNameBytes(bins[i]!), 0);
  }
  return buf;
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
    opsSize += OP_HEADER_SIZE + binNameBytes(name).length + size;
  }
  const { buf, offset: start } = begin(h, key, filter, opsSize, n);
  let offset = start;
  for (let i = 0; i < n; i++) {
    const name = names[i]!;
    const type = scratchTypes[i]!;
    offset = writeOpHeader(buf, offset, op, type, binNameBytes(name), scratchSizes[i]!);
    offset = writeParticle(buf, offset, bins[name] as BinValue, type);
  }
  return buf;
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
    opsSize += OP_HEADER_SIZE + binNameBytes(o.bin).length + size;
  }
  const { buf, offset: start } = begin(h, key, filter, opsSize, n);
  let offset = start;
  for (let i = 0; i < n; i++) {
    const o = ops[i]!;
    const type = scratchTypes[i]!;
    offset = writeOpHeader(buf, offset, o.op, type, binNameBytes(o.bin), scratchSizes[i]!);
    if (o.encoded !== undefined) {
      buf.set(o.encoded.bytes, offset);
      offset += o.encoded.bytes.length;
    } else if (o.value !== undefined) {
      offset = writeParticle(buf, offset, o.value, type);
    }
  }
  return buf;
}

