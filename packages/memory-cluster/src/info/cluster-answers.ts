/**
 * Info answers read from the cluster's live state, as one node reports
 * them: its partition bitmaps (`replicas`, `replicas-all`,
 * `replicas-master`), `namespace/<ns>`, `sets` and `statistics`.
 */

import type { Clock, NamespaceStore } from '../storage/store.js';
import type { Migrations } from '../topology/migrations.js';
import type { Ownership } from '../topology/ownership.js';
import type { MemoryNodeView } from './cluster-state.js';
import { namespaceConfig } from './config.js';
import { namespaceStatisticsAnswer, nodeRecords, setsAnswer, statisticsAnswer } from './stats.js';

/** Base64 of a 4096-bit bitmap with no partition set. */
const EMPTY_BITMAP = Buffer.alloc(512).toString('base64');

/**
 * `replicas` (`withRegime`: with the regime column) and `replicas-all`:
 * per namespace, the replica count and one bitmap per replica of the
 * partitions `nodeName` holds. Before its first balance (`loading`) a node
 * reports one column and owns nothing.
 */
export function replicasAnswer(
  ownership: ReadonlyMap<string, Ownership>,
  nodeName: string,
  loading: boolean,
  withRegime: boolean,
): string {
  const parts: string[] = [];
  for (const [ns, own] of ownership) {
    if (loading) {
      parts.push(`${ns}:${withRegime ? '0,' : ''}1,${EMPTY_BITMAP}`);
      continue;
    }
    const count = own.owners.length;
    const bitmaps: string[] = [];
    for (let r = 0; r < count; r++) bitmaps.push(own.bitmap(nodeName, r));
    parts.push(`${ns}:${withRegime ? '0,' : ''}${count}${bitmaps.map((b) => `,${b}`).join('')}`);
  }
  return parts.join(';');
}

/** `replicas-master`: per namespace, the bitmap of the partitions `nodeName` is master of (none while `loading`). */
export function mastersAnswer(ownership: ReadonlyMap<string, Ownership>, nodeName: string, loading: boolean): string {
  return [...ownership].map(([ns, own]) => `${ns}:${loading ? EMPTY_BITMAP : own.bitmap(nodeName, 0)}`).join(';');
}

/**
 * `namespace/<ns>` as `node` answers it: its statistics, then the
 * namespace's configuration. Each of the `clusterSize` members reports its
 * share of the migrations; summed over the nodes they give the cluster's figure.
 */
export function namespaceAnswer(
  store: NamespaceStore,
  own: Ownership | undefined,
  node: MemoryNodeView,
  clusterSize: number,
  migrations: Migrations,
  clock: Clock,
): string {
  const share = clusterSize === 0 ? 0 : Math.ceil(migrations.remaining() / clusterSize);
  const stats = namespaceStatisticsAnswer({
    clusterSize,
    effectiveReplicationFactor: Math.min(store.replicationFactor, clusterSize),
    records: nodeRecords(store, own, node.name, node.loading),
    migrateTxRemaining: share,
    migrateRxRemaining: share,
    unavailablePartitions: 0,
    deadPartitions: 0,
    nowMs: clock.now(),
  });
  return `${stats};${namespaceConfig(store, node.rackId)}`;
}

/** `sets`, `sets/<ns>` and `sets/<ns>/<set>` as `node` answers them, over `stores` (every namespace, or `namespace`). */
export function setsInfoAnswer(
  stores: ReadonlyMap<string, NamespaceStore>,
  ownership: ReadonlyMap<string, Ownership>,
  namespace: string | undefined,
  node: MemoryNodeView,
  set?: string,
): string {
  let out = '';
  for (const [ns, store] of stores) {
    if (namespace !== undefined && ns !== namespace) continue;
    out += setsAnswer(ns, nodeRecords(store, ownership.get(ns), node.name, node.loading).sets, set);
  }
  return out;
}

/** What `statistics` reports of the cluster as one node sees it. */
export interface StatisticsView {
  /** True while the node has not joined the cluster: it holds no records and sees a cluster of its own. */
  loading: boolean;
  /** The cluster's members as the node sees them (itself alone while loading). */
  members: readonly MemoryNodeView[];
  /** The cluster key the node reports. */
  clusterKey: string;
  /** The cluster's generation: rebalances since it formed. */
  clusterGeneration: number;
  /** Open client connections of the node. */
  clientConnections: number;
  /** Partitions the cluster has left to migrate (0 while loading). */
  migratePartitionsRemaining: number;
}

/** `statistics` as `node` answers it: the records it holds over `stores`, and what `view` says of the cluster. */
export function nodeStatisticsAnswer(
  stores: ReadonlyMap<string, NamespaceStore>,
  ownership: ReadonlyMap<string, Ownership>,
  node: MemoryNodeView,
  view: StatisticsView,
): string {
  let objects = 0;
  for (const [ns, store] of stores) objects += nodeRecords(store, ownership.get(ns), node.name, view.loading).objects;
  // The principal is the member with the highest node id; a node that has not joined is its own.
  const principal = view.members.reduce((a, b) => (Number.parseInt(b.name, 16) > Number.parseInt(a.name, 16) ? b : a), node).name;
  return statisticsAnswer({
    clusterSize: view.loading ? 1 : view.members.length,
    clusterKey: view.clusterKey,
    clusterGeneration: view.clusterGeneration,
    principal,
    objects,
    clientConnections: view.clientConnections,
    migrateAllowed: !view.loading,
    migratePartitionsRemaining: view.migratePartitionsRemaining,
    uptimeSeconds: Math.floor(process.uptime()),
  });
}
