/**
 * Parsing of AS_MSG requests as the server lays them out: the message
 * header, the fields (namespace, set, digest, key…) and the operations.
 * Only structure lives here; what a command does is in `engine/`.
 */

import {
  FIELD_HEADER_SIZE,
  FieldType,
  MSG_HEADER_SIZE,
  type MessageHeader,
  OP_HEADER_SIZE,
  readMessageHeader,
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
