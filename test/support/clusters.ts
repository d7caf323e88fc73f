/**
 * Memory clusters and clients for tests that change a cluster under a
 * client (stop, pause, restart or add a node): everything a test starts is
 * closed after it, clients first.
 *
 * ```ts
 * const clusters = useClusters();
 * it('…', async () => {
 *   const cluster = await clusters.start({ nodes: 2, replicationFactor: 2 });
 *   const client = await clusters.connect(cluster);
 *   await cluster.stopNode(1);
 * });
 * ```
 */

import { Client, type ClientConfig } from '@aerospike-ts/core';
import { type MemoryCluster, type MemoryClusterOptions, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { afterEach } from 'vitest';

/** What {@link useClusters} gives a test file. */
export interface TestClusters {
  /** Starts a memory cluster, closed after the test. */
  start(options?: MemoryClusterOptions): Promise<MemoryCluster>;
  /**
   * Connects a client to the cluster's first node, tending every 100 ms so
   * that it notices a node stopped, added or back quickly; `overrides` are
   * laid over that. Closed after the test.
   */
  connect(cluster: MemoryCluster, overrides?: Partial<ClientConfig>): Promise<Client>;
}

/** Registers an `afterEach` that closes the clients, then the clusters, the test started. */
export function useClusters(): TestClusters {
  const clusters: MemoryCluster[] = [];
  const clients: Client[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    for (const c of clusters.splice(0)) await c.close();
  });
  return {
    async start(options) {
      const cluster = await startMemoryCluster(options);
      clusters.push(cluster);
      return cluster;
    },
    async connect(cluster, overrides = {}) {
      const client = new Client({ hosts: cluster.node(0).address, tendInterval: 100, ...overrides });
      clients.push(client);
      return client.connect();
    },
  };
}
