/**
 * Commands on a node that the others dropped while it was paused (see
 * `StaleCopy`): the requests it held run on its own old data, and until
 * migrations end it serves reads of its partitions from that data.
 */

import type { ParsedRequest } from '../protocol/request.js';
import { encodeError, replyResultCode } from '../protocol/reply.js';
import type { MemoryNode } from '../server/node.js';
import type { StaleCopy } from '../storage/stale-copy.js';
import type { Clock } from '../storage/store.js';
import type { Ownership } from '../topology/ownership.js';
import { Info1, ResultCode } from '../wire.js';
import { executeRecordCommand, readRecord } from './record.js';
import type { ClusterRouting } from './routing.js';

/**
 * Runs a request a dropped node held while paused on its own data. A write
 * is applied there, but its replicas now belong to a cluster that moved on
 * and will not acknowledge it: a real master answers TIMEOUT.
 */
export function replayOnStaleCopy(req: ParsedRequest, copy: StaleCopy, clock: Clock, write: boolean): Buffer {
  const reply = executeRecordCommand(req, (ns) => copy.store(ns), clock);
  return write && replyResultCode(reply) === ResultCode.OK ? encodeError(ResultCode.TIMEOUT) : reply;
}

/**
 * A read on a node that came back from a pause: while migrations run, a
 * read that does not ask for duplicate resolution gets the node's old copy
 * of a partition it owns. Undefined when the read is served normally.
 */
export function staleRead(req: ParsedRequest, node: MemoryNode, own: Ownership, pid: number, routing: ClusterRouting): Buffer | undefined {
  const copy = node.staleCopy!;
  if (!routing.migrating()) {
    node.staleCopy = undefined;
    return undefined;
  }
  if ((req.header.info1 & Info1.READ_MODE_AP_ALL) !== 0 || !own.owners.some((row) => row[pid] === node.name)) return undefined;
  const digestKey = req.digest!.toString('latin1');
  const store = routing.store(req.namespace!);
  return readRecord(req, copy.read(req.namespace!, digestKey, store?.get(digestKey)));
}
