/** The client's synchronous views of itself: counters per client and per node, and the node list. */

import type { Cluster } from '../cluster/cluster.js';
import type { CommandCounters } from '../command/command.js';

/** Point-in-time counters, from `Client.stats()`. */
export interface ClientStats {
  clusterName: string | undefined;
  commandsInFlight: number;
  retries: number;
  tends: number;
  tendErrors: number;
  partitionUpdates: number;
  nodesAdded: number;
  nodesRemoved: number;
  /**
   * Namespaces whose partitions the client sees migrating (reads with
   * `readModeAP: 'allDuringMigrations'` ask for duplicate resolution there).
   */
  migratingNamespaces: string[];
  nodes: NodeStats[];
}

/** Per-node counters in {@link ClientStats}. */
export interface NodeStats {
  name: string;
  address: string;
  active: boolean;
  /** Master partitions owned, per namespace. */
  partitions: Record<string, number>;
  connections: { inUse: number; idle: number; opened: number; closed: number; waiting: number; exhausted: number };
  commands: number;
  errors: number;
  timeouts: number;
  tends: number;
  tendFailures: number;
}

/** A node, as `Client.nodes()` lists it. */
export interface NodeInfo {
  name: string;
  address: string;
  host: string;
  port: number;
}

/** The nodes of `cluster`. */
export function nodeList(cluster: Cluster): NodeInfo[] {
  return cluster.nodes.map((n) => ({ name: n.name, address: n.address, host: n.host, port: n.port }));
}

/** A snapshot of the counters. */
export function statsOf(cluster: Cluster, clusterName: string | undefined, counters: CommandCounters): ClientStats {
  const c = cluster.counters;
  return {
    clusterName,
    commandsInFlight: counters.inFlight,
    retries: counters.retries,
    tends: c.tends,
    tendErrors: c.tendErrors,
    partitionUpdates: c.partitionUpdates,
    nodesAdded: c.nodesAdded,
    nodesRemoved: c.nodesRemoved,
    migratingNamespaces: cluster.partitions.namespaces().filter((ns) => cluster.isMigrating(ns)),
    nodes: cluster.nodes.map((n) => {
      const s = n.poolStats();
      return {
        name: n.name,
        address: n.address,
        active: n.active,
        partitions: cluster.partitions.ownership(n.name),
        connections: { inUse: s.inUse, idle: s.idle, opened: s.opened, closed: s.closed, waiting: s.waiting, exhausted: s.exhausted },
        commands: n.counters.commands,
        errors: n.counters.errors,
        timeouts: n.counters.timeouts,
        tends: n.tends,
        tendFailures: n.failures,
      };
    }),
  };
}
