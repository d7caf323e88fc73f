/**
 * AS_MSG layout: the 22-byte message header, its info bits, field types and
 * operation types. Pure constants and header access; see `request.ts` and
 * `reply.ts` for whole messages.
 */

import { protocolError } from '../errors.js';

/** Size of the AS_MSG header (the first byte of the header repeats it). */
export const MSG_HEADER_SIZE = 22;
/** Size of a field header: u32 size + u8 type. */
export const FIELD_HEADER_SIZE = 5;
/** Size of an operation header: u32 size + op + particle type + version + name length. */
export const OP_HEADER_SIZE = 8;

/** info1 bits: how to read. */
export const Info1 = {
  READ: 0x01,
  GET_ALL: 0x02,
  SHORT_QUERY: 0x04,
  BATCH: 0x08,
  XDR: 0x10,
  /** Metadata only, no bin data. */
  NOBINDATA: 0x20,
  READ_MODE_AP_ALL: 0x40,
  COMPRESS_RESPONSE: 0x80,
} as const;

/** info2 bits: how to write. */
export const Info2 = {
  WRITE: 0x01,
  DELETE: 0x02,
  GENERATION: 0x04,
  GENERATION_GT: 0x08,
  DURABLE_DELETE: 0x10,
  CREATE_ONLY: 0x20,
  RELAX_AP_LONG_QUERY: 0x40,
  RESPOND_ALL_OPS: 0x80,
} as const;

/** info3 bits: commit level, exists actions, SC read modes; LAST ends a stream. */
export const Info3 = {
  LAST: 0x01,
  COMMIT_MASTER: 0x02,
  PARTITION_DONE: 0x04,
  UPDATE_ONLY: 0x08,
  CREATE_OR_REPLACE: 0x10,
  REPLACE_ONLY: 0x20,
  SC_READ_TYPE: 0x40,
  SC_READ_RELAX: 0x80,
} as const;

/** info4 bits: transactions. */
export const Info4 = {
  TXN_VERIFY_READ: 0x01,
  TXN_ROLL_FORWARD: 0x02,
  TXN_ROLL_BACK: 0x04,
  TXN_ON_LOCKING_ONLY: 0x10,
} as const;

/** Field types. */
export const FieldType = {
  NAMESPACE: 0,
  SET: 1,
  KEY: 2,
  RECORD_VERSION: 3,
  DIGEST: 4,
  TXN_ID: 5,
  TXN_DEADLINE: 6,
  QUERY_ID: 7,
  SOCKET_TIMEOUT: 9,
  RECORDS_PER_SECOND: 10,
  PID_ARRAY: 11,
  DIGEST_ARRAY: 12,
  MAX_RECORDS: 13,
  BVAL_ARRAY: 15,
  INDEX_NAME: 21,
  INDEX_RANGE: 22,
  INDEX_CONTEXT: 23,
  INDEX_EXPRESSION: 24,
  INDEX_TYPE: 26,
  UDF_PACKAGE_NAME: 30,
  UDF_FUNCTION: 31,
  UDF_ARGLIST: 32,
  UDF_OP: 33,
  QUERY_BINLIST: 40,
  BATCH_INDEX: 41,
  FILTER_EXP: 43,
} as const;

/** Operation types. */
export const OperationType = {
  READ: 1,
  WRITE: 2,
  CDT_READ: 3,
  CDT_MODIFY: 4,
  ADD: 5,
  EXP_READ: 7,
  EXP_MODIFY: 8,
  APPEND: 9,
  PREPEND: 10,
  TOUCH: 11,
  BIT_READ: 12,
  BIT_MODIFY: 13,
  DELETE: 14,
  HLL_READ: 15,
  HLL_MODIFY: 16,
} as const;
/** @see {@link OperationType} */
export type OperationType = (typeof OperationType)[keyof typeof OperationType];

/** Operation types that only read. */
export function isReadOperation(op: number): boolean {
  return (
    op === OperationType.READ ||
    op === OperationType.CDT_READ ||
    op === OperationType.EXP_READ ||
    op === OperationType.BIT_READ ||
    op === OperationType.HLL_READ
  );
}

/** The AS_MSG header fields. */
export interface MessageHeader {
  info1: number;
  info2: number;
  info3: number;
  info4: number;
  resultCode: number;
  generation: number;
  /** Record TTL slot: void time in replies, TTL (or read-touch percent) in requests. */
  recordTtl: number;
  /** Transaction TTL slot: server-side timeout in requests, batch index in batch replies. */
  transactionTtl: number;
  fieldCount: number;
  opCount: number;
}

/** Writes the 22-byte AS_MSG header at `offset`; returns the offset after it. */
export function writeMessageHeader(buf: Buffer, offset: number, h: MessageHeader): number {
  buf[offset] = MSG_HEADER_SIZE;
  buf[offset + 1] = h.info1;
  buf[offset + 2] = h.info2;
  buf[offset + 3] = h.info3;
  buf[offset + 4] = h.info4;
  buf[offset + 5] = h.resultCode;
  buf.writeUInt32BE(h.generation >>> 0, offset + 6);
  buf.writeUInt32BE(h.recordTtl >>> 0, offset + 10);
  buf.writeUInt32BE(h.transactionTtl >>> 0, offset + 14);
  buf.writeUInt16BE(h.fieldCount, offset + 18);
  buf.writeUInt16BE(h.opCount, offset + 20);
  return offset + MSG_HEADER_SIZE;
}

/** Reads and validates an AS_MSG header that must end at or before `end`. */
export function readMessageHeader(buf: Buffer, offset: number, end: number): MessageHeader {
  if (end - offset < MSG_HEADER_SIZE) {
    throw protocolError('message header', `need ${MSG_HEADER_SIZE} bytes, have ${end - offset}`);
  }
  const size = buf[offset]!;
  if (size !== MSG_HEADER_SIZE) {
    throw protocolError('message header', `header size ${size}, expected ${MSG_HEADER_SIZE}`);
  }
  return {
    info1: buf[offset + 1]!,
    info2: buf[offset + 2]!,
    info3: buf[offset + 3]!,
    info4: buf[offset + 4]!,
    resultCode: buf[offset + 5]!,
    generation: buf.readUInt32BE(offset + 6),
    recordTtl: buf.readUInt32BE(offset + 10),
    transactionTtl: buf.readUInt32BE(offset + 14),
    fieldCount: buf.readUInt16BE(offset + 18),
    opCount: buf.readUInt16BE(offset + 20),
  };
}

/** Seconds between the Unix epoch and the Aerospike epoch (2010-01-01T00:00:00Z). */
export const CITRUSLEAF_EPOCH = 1_262_304_000;

/**
 * Converts a void time from a reply (seconds since 2010-01-01, 0 = never
 * expires) into seconds left to live: -1 for never, at least 1 otherwise
 * (a record the server returned has not expired yet).
 */
export function voidTimeToTtl(voidTime: number, nowMs: number = Date.now()): number {
  if (voidTime === 0) return -1;
  const left = voidTime - (Math.floor(nowMs / 1000) - CITRUSLEAF_EPOCH);
  return left > 0 ? left : 1;
}
