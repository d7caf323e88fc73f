/**
 * What the engine reads of the cluster to route a record command, and
 * which nodes may answer for a partition: the master, a replica for reads,
 * or any node while the master it would proxy to answers.
 */

import type { Clock, NamespaceStore } from '../storage/store.js';
import type { Ownership } from '../topology/ownership.js';

/** What the engine reads of the cluster to route and run a record command. */
export interface ClusterRouting {
  /** The cluster's clock. */
  readonly clock: Clock;
  /** The store of a namespace, or undefined when there is no such namespace. */
  store(namespace: string): NamespaceStore | undefined;
  /** Partition ownership of a namespace, or undefined when there is no such namespace. */
  ownership(namespace: string): Ownership | undefined;
  /** True while partitions are migrating. */
  migrating(): boolean;
  /** Whether a node answers as a partition's master now: it runs, is not paused, has joined, and the others have not dropped it. */
  answersAsMaster(nodeName: string): boolean;
}

/**
 * Whether `nodeName` can answer for partition `pid` now: it is the master,
 * or holds a replica (reads), or can proxy to a master that answers.
 */
export function servable(routing: ClusterRouting, nodeName: string, own: Ownership, pid: number, write: boolean): boolean {
  const master = own.master(pid);
  if (master === nodeName) return true;
  if (!write && own.owners.some((row) => row[pid] === nodeName)) return true;
  if (master === undefined) return false;
  return routing.answersAsMaster(master);
}
