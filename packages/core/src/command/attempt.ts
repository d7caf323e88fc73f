/**
 * One attempt on one node: borrow a connection, send the request, wait for
 * one answer frame within the attempt's timeout, and give the connection
 * back. What went wrong is thrown as it happened; whether the request
 * reached a socket, and whether the socket came from the pool, is left in
 * the {@link AttemptState} so the driver can decide about retries and doubt.
 */

import { inflateSync } from 'node:zlib';
import type { Node } from '../cluster/node.js';
import { ConnectionError, ProtocolError } from '../errors.js';
import { SINGLE_FRAME } from '../net/connection.js';
import { ResultCode } from '../result-codes.js';
import { MSG_HEADER_SIZE } from '../wire/message.js';
import { PROTO_HEADER_SIZE, ProtoType, readProtoHeader } from '../wire/proto.js';

/** What an attempt leaves behind for the driver, reset before each attempt. */
export interface AttemptState {
  /** The request was handed to a socket: a write may have been applied. */
  sent: boolean;
  /** The connection came from the pool rather than being opened for this attempt. */
  reused: boolean;
}

/** Raised for an answer too short to hold an AS_MSG header. */
export function checkMessageBody(body: Buffer): void {
  if (body.length < MSG_HEADER_SIZE) throw new ProtocolError(ResultCode.PARSE_ERROR, `record reply of ${body.length} bytes`);
}

/** Raised instead of sending a write to a master that is not answering; nothing is sent. */
export function suspectMaster(node: Node): ConnectionError {
  return new ConnectionError(ResultCode.SERVER_NOT_AVAILABLE, `node ${node.name} is not answering; write not sent`, {
    node: node.name,
    address: node.address,
  });
}

/** Unwraps a compressed (type 4) reply into the AS_MSG body it carries. */
function inflate(body: Buffer): Buffer {
  if (body.length < 8) throw new ProtocolError(ResultCode.PARSE_ERROR, 'compressed reply shorter than its size prefix');
  let inner: Buffer;
  try {
    inner = inflateSync(body.subarray(8));
  } catch (err) {
    throw new ProtocolError(ResultCode.PARSE_ERROR, `compressed reply does not inflate: ${(err as Error).message}`, { cause: err });
  }
  const h = readProtoHeader(inner, 0);
  if (h.type !== ProtoType.MESSAGE || inner.length !== PROTO_HEADER_SIZE + h.length) {
    throw new ProtocolError(ResultCode.PARSE_ERROR, 'compressed reply does not hold one AS_MSG frame');
  }
  return inner.subarray(PROTO_HEADER_SIZE);
}

/**
 * Sends `request` to `node` and resolves with the AS_MSG body of its one
 * answer frame (not yet checked to hold a whole message header). With
 * `refuse`, nothing is sent: the node's writes must wait for a fresher map.
 * `beforeSend` runs once a connection is in hand, just before the request
 * goes out (a driver's last-moment adjustments).
 */
export async function attemptOnce(
  node: Node,
  request: Buffer,
  timeout: number,
  state: AttemptState,
  refuse: boolean,
  beforeSend: ((request: Buffer) => void) | undefined,
): Promise<Buffer> {
  state.sent = false;
  const pool = node.pool();
  let conn = pool.tryAcquire();
  state.reused = conn !== undefined;
  try {
    if (refuse) throw suspectMaster(node);
    if (conn === undefined) conn = await pool.acquire(timeout);
    state.sent = true;
    node.counters.commands++;
    beforeSend?.(request);
    let body = await conn.run(request, SINGLE_FRAME, timeout);
    if (conn.lastType === ProtoType.COMPRESSED) body = inflate(body);
    else if (conn.lastType !== ProtoType.MESSAGE) {
      conn.close();
      throw new ProtocolError(ResultCode.PARSE_ERROR, `expected a record reply, got proto type ${conn.lastType}`);
    }
    pool.release(conn);
    conn = undefined;
    return body;
  } catch (err) {
    if (conn !== undefined) pool.release(conn);
    throw err;
  }
}
