/**
 * Dispatch of the requests a node receives: admin requests go to security,
 * info requests to the info answers, and AS_MSG requests (plain or
 * compressed) to the record engine, which serves the command on the node
 * that may answer for its partition or proxies it to the master. What is not
 * served is answered honestly (UNSUPPORTED_FEATURE) rather than ignored.
 */

import { FieldType, ProtoType, encodeInfoResponse, parseInfoRequest, partitionId } from '@aerospike-ts/core/wire';
import { answerInfo } from '../info/answer.js';
import { inflateMessage } from '../protocol/compressed.js';
import { encodeError, replyResultCode } from '../protocol/reply.js';
import { MalformedRequest, type ParsedRequest, parseRequest } from '../protocol/request.js';
import type { MemoryNode } from '../server/node.js';
import type { NodeHost } from '../server/node-host.js';
import type { ConnectionSession } from '../server/session.js';
import { Info1, Info2, ResultCode } from '../wire.js';
import { proxyToMaster } from './proxy.js';
import { executeRecordCommand } from './record.js';
import { type ClusterRouting, servable } from './routing.js';
import { replayOnStaleCopy, staleRead } from './stale-reads.js';

/**
 * Answers one request frame `node` received on a connection with
 * `session`. Throws {@link MalformedRequest} for a request whose structure
 * is broken.
 */
export function answerRequest(
  type: ProtoType,
  body: Buffer,
  session: ConnectionSession,
  node: MemoryNode,
  host: NodeHost,
  authRequired: boolean,
): Buffer | Promise<Buffer> {
  switch (type) {
    case ProtoType.ADMIN:
      return host.handleAdmin(body, node, session);
    case ProtoType.INFO:
      // Info is allowed before login on a real server only for a few commands; clients tend over logged-in sockets.
      if (authRequired && !session.authenticated) return encodeInfoResponse([['', 'ERROR:80:not authenticated']]);
      return encodeInfoResponse(answerInfo(parseInfoRequest(body), node, host));
    case ProtoType.MESSAGE:
      if (authRequired && !session.authenticated) return encodeError(ResultCode.NOT_AUTHENTICATED);
      return host.handleMessage(body, node);
    case ProtoType.COMPRESSED:
      if (authRequired && !session.authenticated) return encodeError(ResultCode.NOT_AUTHENTICATED);
      return host.handleMessage(inflateMessage(body), node);
    default:
      throw new MalformedRequest(`unknown proto type ${type}`);
  }
}

/**
 * Answers an AS_MSG request body on `node`: a single-record command is
 * served where the node may answer for its partition, else proxied to the
 * master; batch, scan, query, filter expressions and UDFs answer
 * UNSUPPORTED_FEATURE.
 */
export function answerMessage(body: Buffer, node: MemoryNode, routing: ClusterRouting): Buffer | Promise<Buffer> {
  const req = parseRequest(body);
  if ((req.header.info1 & Info1.BATCH) !== 0 || req.digest === undefined) {
    // Batch, scan and query are not served yet.
    if (req.namespace !== undefined && routing.store(req.namespace) === undefined) return encodeError(ResultCode.INVALID_NAMESPACE);
    return encodeError(ResultCode.UNSUPPORTED_FEATURE);
  }
  // Answer what is not implemented honestly, rather than ignore a filter or a UDF call and pretend it ran.
  for (const f of req.fields) {
    if (f.type === FieldType.FILTER_EXP || f.type === FieldType.UDF_PACKAGE_NAME || f.type === FieldType.UDF_FUNCTION) {
      return encodeError(ResultCode.UNSUPPORTED_FEATURE);
    }
  }
  // Before its first partition balance a node serves nothing.
  if (node.loading) return encodeError(ResultCode.PARTITION_UNAVAILABLE);
  const replaying = node.replaying;
  const write = (req.header.info2 & Info2.WRITE) !== 0;
  if (replaying !== undefined) return replayOnStaleCopy(req, replaying, routing.clock, write);
  const run = (): Buffer => serve(req, node, write, routing);
  const own = req.namespace === undefined ? undefined : routing.ownership(req.namespace);
  if (own === undefined) return run();
  const pid = partitionId(req.digest);
  if (servable(routing, node.name, own, pid, write)) {
    if (node.staleCopy !== undefined && !write) {
      const stale = staleRead(req, node, own, pid, routing);
      if (stale !== undefined) return stale;
    }
    return run();
  }
  return proxyToMaster(req, node, own, pid, write, routing, run);
}

/** Runs a record command on the cluster's store, with the node's faults applied to what it answers. */
function serve(req: ParsedRequest, node: MemoryNode, write: boolean, routing: ClusterRouting): Buffer {
  const reply = executeRecordCommand(req, (ns) => routing.store(ns), routing.clock);
  if (!write) return reply;
  if (node.staleCopy !== undefined) node.staleCopy.wrote(req.namespace ?? '', req.digest!.toString('latin1'));
  // The master applied the write, then gave up waiting for a replica: a real server answers TIMEOUT.
  if (node.faults.replicaWriteTimeout && replyResultCode(reply) === ResultCode.OK) return encodeError(ResultCode.TIMEOUT);
  return reply;
}
