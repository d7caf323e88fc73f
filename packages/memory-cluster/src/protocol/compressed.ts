/**
 * Compressed requests: an 8-byte size prefix, then a zlib stream holding a
 * whole AS_MSG frame, proto header included.
 */

import { inflateSync } from 'node:zlib';
import { PROTO_HEADER_SIZE, ProtoType, readProtoHeader } from '@aerospike-ts/core/wire';
import { MalformedRequest } from './request.js';

/**
 * The body of the AS_MSG a compressed request carries (its proto header
 * stripped); throws {@link MalformedRequest} when it does not inflate or
 * holds anything but an AS_MSG.
 */
export function inflateMessage(body: Buffer): Buffer {
  if (body.length < 8) throw new MalformedRequest('compressed request shorter than its size prefix');
  let inner: Buffer;
  try {
    inner = inflateSync(body.subarray(8));
  } catch {
    throw new MalformedRequest('compressed request does not inflate');
  }
  const h = readProtoHeader(inner, 0);
  if (h.type !== ProtoType.MESSAGE) throw new MalformedRequest('compressed request is not an AS_MSG');
  return inner.subarray(PROTO_HEADER_SIZE, PROTO_HEADER_SIZE + h.length);
}
