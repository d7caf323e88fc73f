/**
 * The 8-byte proto header that frames every Aerospike message:
 * version (always 2), type, and a 48-bit big-endian body length.
 */

import { protocolError } from '../errors.js';

/** Protocol version every frame carries. */
export const PROTO_VERSION = 2;
/** Size of the proto header in bytes. */
export const PROTO_HEADER_SIZE = 8;

/** Proto message types. */
export const ProtoType = {
  /** Info request or reply: newline-separated text. */
  INFO: 1,
  /** Security (admin) message: login, authenticate, user management. */
  ADMIN: 2,
  /** AS_MSG: record commands. */
  MESSAGE: 3,
  /** zlib-compressed AS_MSG (8-byte uncompressed size, then the deflated inner frame). */
  COMPRESSED: 4,
} as const;
/** @see {@link ProtoType} */
export type ProtoType = (typeof ProtoType)[keyof typeof ProtoType];

/**
 * Largest body accepted from the network. Servers cap a record at 8 MiB and a
 * scan frame far below this; anything bigger is a corrupt length, and
 * trusting it would make a reader wait forever or allocate without bound.
 */
export const MAX_PROTO_BODY = 128 * 1024 * 1024;

/** Writes a proto header at `offset`. */
export function writeProtoHeader(buf: Buffer, offset: number, type: ProtoType, bodyLength: number): void {
  buf[offset] = PROTO_VERSION;
  buf[offset + 1] = type;
  // 48-bit length: the top 16 bits, then the low 32.
  buf.writeUInt16BE(Math.floor(bodyLength / 0x1_0000_0000) & 0xffff, offset + 2);
  buf.writeUInt32BE(bodyLength >>> 0, offset + 4);
}

/** A decoded proto header. */
export interface ProtoHeader {
  version: number;
  type: ProtoType;
  /** Body length in bytes, header excluded. */
  length: number;
}

/**
 * Reads and validates a proto header. Throws {@link ProtocolError} for a
 * wrong version, an unknown type or an implausible length.
 */
export function readProtoHeader(buf: Uint8Array, offset: number): ProtoHeader {
  if (buf.length - offset < PROTO_HEADER_SIZE) {
    throw protocolError('proto header', `need ${PROTO_HEADER_SIZE} bytes, have ${buf.length - offset}`);
  }
  const version = buf[offset]!;
  const type = buf[offset + 1]!;
  if (version !== PROTO_VERSION) {
    throw protocolError('proto header', `version ${version}, expected ${PROTO_VERSION}`);
  }
  if (type < ProtoType.INFO || type > ProtoType.COMPRESSED) {
    throw protocolError('proto header', `unknown message type ${type}`);
  }
  const high = (buf[offset + 2]! << 8) | buf[offset + 3]!;
  const low = ((buf[offset + 4]! << 24) >>> 0) + ((buf[offset + 5]! << 16) | (buf[offset + 6]! << 8) | buf[offset + 7]!);
  const length = high * 0x1_0000_0000 + low;
  if (length > MAX_PROTO_BODY) {
    throw protocolError('proto header', `body length ${length} exceeds ${MAX_PROTO_BODY}`);
  }
  return { version, type: type as ProtoType, length };
}
