/** Runs an info request on a connection and parses the reply. */

import { ProtocolError } from '../errors.js';
import { type Connection, SINGLE_FRAME } from '../net/connection.js';
import { ResultCode } from '../result-codes.js';
import { encodeInfoRequest, parseInfoResponse } from '../wire/info.js';
import { ProtoType } from '../wire/proto.js';

/**
 * Longest info reply the client reads from a node unless told otherwise: the
 * tend's answers (node, generations, peers, replicas, rack ids) are a few
 * tens of KiB on the largest clusters, and even a `replicas` answer for 32
 * namespaces with 256 replicas each (about 5.6 MB) fits. A longer reply is
 * refused on its header, before its body is buffered.
 */
export const MAX_INFO_REPLY = 8 * 1024 * 1024;

/**
 * Sends info `commands` on `conn` and returns `name → value`. A reply longer
 * than `maxBytes` rejects with {@link ProtocolError} naming the address and
 * closes the connection.
 */
export async function infoOn(
  conn: Connection,
  commands: readonly string[],
  timeoutMs: number,
  maxBytes = MAX_INFO_REPLY,
): Promise<Map<string, string>> {
  let body: Buffer;
  try {
    body = await conn.run(encodeInfoRequest(commands), SINGLE_FRAME, timeoutMs, maxBytes);
  } catch (err) {
    // The frame reader does not know where its bytes came from.
    if (err instanceof ProtocolError && err.address === undefined) {
      throw new ProtocolError(err.resultCode, err.message, { address: conn.address, cause: err });
    }
    throw err;
  }
  if (conn.lastType !== ProtoType.INFO) {
    conn.close();
    throw new ProtocolError(ResultCode.PARSE_ERROR, `expected an info reply from ${conn.address}, got proto type ${conn.lastType}`, {
      address: conn.address,
    });
  }
  return parseInfoResponse(body);
}
