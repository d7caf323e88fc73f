/** Copies of the request frames a node receives, for tests that inspect what a client sent. */

import { PROTO_HEADER_SIZE } from '@aerospike-ts/core/wire';

/** A request the node received, for tests that inspect what a client sent. */
export interface CapturedRequest {
  node: string;
  type: number;
  /** The whole frame, proto header included. */
  frame: Buffer;
}

/** A received request as a whole frame again: proto header (version 2, type, 48-bit length), then the body. */
export function capturedRequest(node: string, type: number, body: Buffer): CapturedRequest {
  const frame = Buffer.allocUnsafe(PROTO_HEADER_SIZE + body.length);
  frame[0] = 2;
  frame[1] = type;
  frame.writeUInt16BE(Math.floor(body.length / 0x1_0000_0000), 2);
  frame.writeUInt32BE(body.length >>> 0, 4);
  body.copy(frame, PROTO_HEADER_SIZE);
  return { node, type, frame };
}
