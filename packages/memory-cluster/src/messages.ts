/**
 * Parsing of AS_MSG requests and building of replies, as the server lays
 * them out. Only structure lives here; what a command does is in `commands.ts`.
 */

import {
  FIELD_HEADER_SIZE,
  FieldType,
  MSG_HEADER_SIZE,
  type MessageHeader,
  OP_HEADER_SIZE,
  PROTO_HEADER_SIZE,
  ProtoType,
  readMessageHeader,
  writeProtoHeader,
} from '@aerospike-ts/core/wire';

/** A field of a request (a view into the request bytes). */
export interface RequestField {
  type: number;
  data: Buffer;
}

/** An operation of a request (views into the request bytes). */
export interface RequestOp {
  op: number;
  particleType: number;
  name: string;
  data: Buffer;
}

/** A parsed request. */
export interface ParsedRequest {
  header: MessageHeader;
  namespace: string | undefined;
  set: string | undefined;
  digest: Buffer | undefined;
  /** The KEY field: particle type byte + key bytes. */
  key: Buffer | undefined;
  fields: RequestField[];
  ops: RequestOp[];
}

/** Thrown for a request whose structure is broken; the connection answers PARAMETER_ERROR and closes. */
export class MalformedRequest extends Error {}

/** Parses an AS_MSG request body; throws {@link MalformedRequest} for broken structure. */
export function parseRequest(body: Buffer): ParsedRequest {
  let header: MessageHeader;
  try {
    header = readMessageHeader(body, 0, body.length);
  } catch (err) {
    throw new MalformedRequest((err as Error).message);
  }
  let p = MSG_HEADER_SIZE;
  const end = body.length;
  const fields: RequestField[] = [];
  let namespace: string | undefined;
  let set: string | undefined;
  let digest: Buffer | undefined;
  let key: Buffer | undefined;
  for (let i = 0; i < header.fieldCount; i++) {
    if (end - p < FIELD_HEADER_SIZE) throw new MalformedRequest(`field ${i} truncated`);
    const size = body.readUInt32BE(p);
    if (size < 1 || size > end - p - 4) throw new MalformedRequest(`field ${i} size ${size} overruns the message`);
    const type = body[p + 4]!;
    const data = body.subarray(p + FIELD_HEADER_SIZE, p + 4 + size);
    fields.push({ type, data });
    if (type === FieldType.NAMESPACE) namespace = data.toString('utf8');
    else if (type === FieldType.SET) set = data.toString('utf8');
    else if (type === FieldType.DIGEST) digest = data;
    else if (type === FieldType.KEY) key = data;
    p += 4 + size;
  }
  const ops: RequestOp[] = [];
  for (let i = 0; i < header.opCount; i++) {
    if (end - p < OP_HEADER_SIZE) throw new MalformedRequest(`operation ${i} truncated`);
    const size = body.readUInt32BE(p);
    const nameLength = body[p + 7]!;
    if (size < 4 + nameLength || size > end - p - 4) throw new MalformedRequest(`operation ${i} size ${size} overruns the message`);
    ops.push({
      op: body[p + 4]!,
      particleType: body[p + 5]!,
      name: body.toString('utf8', p + OP_HEADER_SIZE, p + OP_HEADER_SIZE + nameLength),
      data: body.subarray(p + OP_HEADER_SIZE + nameLength, p + 4 + size),
    });
    p += 4 + size;
  }
  if (p !== end) throw new MalformedRequest(`${end - p} bytes after the last operation`);
  return { header, namespace, set, digest, key, fields, ops };
}

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
