/**
 * Proxying to a partition's master. A real node forwards a request for a
 * partition it cannot serve to the master; while that master is dead or
 * hung and the cluster has not yet moved its partitions, the proxied
 * request waits, and times out with the request's server timeout.
 */

import type { ParsedRequest } from '../protocol/request.js';
import { encodeError } from '../protocol/reply.js';
import type { MemoryNode } from '../server/node.js';
import type { Ownership } from '../topology/ownership.js';
import { ResultCode } from '../wire.js';
import { type ClusterRouting, servable } from './routing.js';

/** How often a proxied request checks whether its partition has a live master again. */
const PROXY_POLL_MS = 20;
/** How long a proxied request without a server timeout waits, ms. */
const DEFAULT_PROXY_TIMEOUT_MS = 1000;

/**
 * Runs `run` once `node` can answer for partition `pid`, or answers
 * TIMEOUT when the request's server timeout passes first or the node stops.
 */
export function proxyToMaster(
  req: ParsedRequest,
  node: MemoryNode,
  own: Ownership,
  pid: number,
  write: boolean,
  routing: ClusterRouting,
  run: () => Buffer,
): Promise<Buffer> {
  const clock = routing.clock;
  const deadline = clock.now() + (req.header.transactionTtl > 0 ? req.header.transactionTtl : DEFAULT_PROXY_TIMEOUT_MS);
  return new Promise<Buffer>((resolve) => {
    const poll = (): void => {
      if (servable(routing, node.name, own, pid, write)) resolve(run());
      else if (clock.now() >= deadline || !node.running) resolve(encodeError(ResultCode.TIMEOUT));
      else setTimeout(poll, PROXY_POLL_MS).unref();
    };
    poll();
  });
}
