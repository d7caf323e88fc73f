/** Runs an info request on a connection and parses the reply. */

import { ProtocolError } from '../errors.js';
import { type Connection, SINGLE_FRAME } from '../net/connection.js';
import { ResultCode } from '../result-codes.js';
import { encodeInfoRequest, parseInfoResponse } from '../wire/info.js';
import { ProtoType } from '../wire/proto.js';

/** Sends info `commands` on `conn` and returns `name → value`. */
export async function infoOn(conn: Connection, commands: readonly string[], timeoutMs: number): Promise<Map<string, string>> {
  const body = await conn.run(encodeInfoRequest(commands), SINGLE_FRAME, timeoutMs);
  if (conn.lastType !== ProtoType.INFO) {
    conn.close();
    throw new ProtocolError(ResultCode.PARSE_ERROR, `expected an info reply from ${conn.address}, got proto type ${conn.lastType}`, {
      address: conn.address,
    });
  }
  return parseInfoResponse(body);
}
