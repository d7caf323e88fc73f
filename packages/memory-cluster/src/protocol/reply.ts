/**
 * Building of AS_MSG replies as the server lays them out: header, fields
 * and one operation per returned bin.
 */

import { FIELD_HEADER_SIZE, MSG_HEADER_SIZE, OP_HEADER_SIZE, PROTO_HEADER_SIZE, ProtoType, writeProtoHeader } from '@aerospike-ts/core/wire';

/** One operation of a reply: a bin name and its particle (type 0 with no data for "no value"). */
export interface ReplyOp {
  name: string;
  type: number;
  data: Buffer | undefined;
}

/** A field of a reply. */
export interface ReplyField {
  type: number;
  data: Buffer;
}

/** Header values of a reply. */
export interface ReplyHeader {
  resultCode: number;
  generation: number;
  voidTime: number;
  info1?: number;
  info3?: number;
  /** The transaction TTL slot (the row index in batch replies). */
  transactionTtl?: number;
}

/** Size of one reply message (no proto header). */
export function replyMessageSize(fields: readonly ReplyField[], ops: readonly ReplyOp[]): number {
  let size = MSG_HEADER_SIZE;
  for (const f of fields) size += FIELD_HEADER_SIZE + f.data.length;
  for (const o of ops) size += OP_HEADER_SIZE + Buffer.byteLength(o.name, 'utf8') + (o.data?.length ?? 0);
  return size;
}

/** Writes one reply message at `offset`; returns the offset after it. */
export function writeReplyMessage(
  buf: Buffer,
  offset: number,
  h: ReplyHeader,
  fields: readonly ReplyField[],
  ops: readonly ReplyOp[],
): number {
  buf[offset] = MSG_HEADER_SIZE;
  buf[offset + 1] = h.info1 ?? 0;
  buf[offset + 2] = 0;
  buf[offset + 3] = h.info3 ?? 0;
  buf[offset + 4] = 0;
  buf[offset + 5] = h.resultCode;
  buf.writeUInt32BE(h.generation >>> 0, offset + 6);
  buf.writeUInt32BE(h.voidTime >>> 0, offset + 10);
  buf.writeUInt32BE((h.transactionTtl ?? 0) >>> 0, offset + 14);
  buf.writeUInt16BE(fields.length, offset + 18);
  buf.writeUInt16BE(ops.length, offset + 20);
  let p = offset + MSG_HEADER_SIZE;
  for (const f of fields) {
    buf.writeUInt32BE(f.data.length + 1, p);
    buf[p + 4] = f.type;
    f.data.copy(buf, p + FIELD_HEADER_SIZE);
    p += FIELD_HEADER_SIZE + f.data.length;
  }
  for (const o of ops) {
    const nameLength = buf.write(o.name, p + OP_HEADER_SIZE, 'utf8');
    const dataLength = o.data?.length ?? 0;
    buf.writeUInt32BE(4 + nameLength + dataLength, p);
    buf[p + 4] = 1;
    buf[p + 5] = o.type;
    buf[p + 6] = 0;
    buf[p + 7] = nameLength;
    p += OP_HEADER_SIZE + nameLength;
    if (o.data !== undefined) {
      o.data.copy(buf, p);
      p += dataLength;
    }
  }
  return p;
}

const NO_FIELDS: ReplyField[] = [];

/** A whole single-record reply frame (proto header included). */
export function encodeReply(h: ReplyHeader, ops: readonly ReplyOp[], fields: readonly ReplyField[] = NO_FIELDS): Buffer {
  const size = replyMessageSize(fields, ops);
  const buf = Buffer.allocUnsafe(PROTO_HEADER_SIZE + size);
  writeProtoHeader(buf, 0, ProtoType.MESSAGE, size);
  writeReplyMessage(buf, PROTO_HEADER_SIZE, h, fields, ops);
  return buf;
}

/** A bare error reply: result code, optional generation, nothing else. */
export function encodeError(resultCode: number, generation = 0): Buffer {
  return encodeReply({ resultCode, generation, voidTime: 0 }, []);
}

/** The result code of a whole single-record reply frame built by {@link encodeReply}. */
export function replyResultCode(reply: Buffer): number {
  return reply[PROTO_HEADER_SIZE + 5]!;
}
