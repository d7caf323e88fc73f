/**
 * `client.health()`: a healthy target says ok (or under-replicated, when it
 * has fewer nodes than the replication factor), and the memory cluster
 * produces each degraded state with the figures to match: a lost node with
 * RF 2 leaves partitions under-replicated, a dead node with RF 1 leaves its
 * partitions unavailable, a node added starts migrations, a restarting node
 * disagrees on the cluster key, and no node answering is `down`.
 */

import { describe, expect, it } from 'vitest';
import { useClusters } from '../../../../test/support/clusters.js';
import { eventually } from '../support/errors.js';
import { NAMESPACE, REAL_SERVER, useTarget } from '../support/target.js';

const PARTITIONS = 4096;
const TEND_INTERVAL = 100;

describe('the health of the target', () => {
  const target = useTarget();

  it('every partition has a reachable master, the nodes agree on the cluster key, and the figures add up', async () => {
    const client = await target.connectClient();
    const health = await client.health();
    const ns = health.namespaces[NAMESPACE]!;
    expect(ns).toBeDefined();
    expect(ns.partitions).toBe(PARTITIONS);
    expect(ns.unavailable).toBe(0);
    expect(ns.replicationFactor).toBeGreaterThanOrEqual(1);
    expect(health.clusterKeyAgreed).toBe(true);
    expect(health.clusterKey).toMatch(/^[0-9A-F]+$/);
    expect(health.nodes.every((n) => n.answering)).toBe(true);
    expect(health.nodes.length).toBe(client.nodes().length);
    // With fewer nodes than the replication factor, every partition lacks copies: degraded, and said so.
    const copies = Math.min(ns.replicationFactor, health.nodes.length);
    expect(ns.underReplicated).toBe(copies < ns.replicationFactor ? PARTITIONS : 0);
    expect(health.status).toBe(health.problems.length === 0 ? 'ok' : 'degraded');
  });
});

describe.skipIf(REAL_SERVER)('each degraded state, from the memory cluster', () => {
  const clusters = useClusters();

  it('RF 2, one of two nodes stopped: every partition under-replicated, nothing unavailable', async () => {
    const cluster = await clusters.start({ nodes: 2, replicationFactor: 2 });
    const c = await clusters.connect(cluster, { tendInterval: TEND_INTERVAL });
    expect((await c.health()).status).toBe('ok');
    await cluster.stopNode(1);
    expect(await eventually(() => c.nodes().length === 1, 3_000)).toBe(true);
    const health = await c.health();
    expect(health.namespaces[NAMESPACE]).toMatchObject({ replicationFactor: 2, unavailable: 0, underReplicated: PARTITIONS });
    expect(health.status).toBe('degraded');
    expect(health.problems.join('\n')).toContain('fewer than 2 reachable copies');
  });

  it('RF 1, a node dead and not yet replaced: its partitions are unavailable; no node answering is down', async () => {
    const cluster = await clusters.start({ nodes: 2, replicationFactor: 1, heartbeatTimeoutMs: 60_000 });
    const c = await clusters.connect(cluster, { tendInterval: TEND_INTERVAL });
    const dead = cluster.node(1).name;
    const owned = c.stats().nodes.find((n) => n.name === dead)!.partitions[NAMESPACE]!;
    expect(owned).toBe(PARTITIONS / 2);
    await cluster.stopNode(1);
    const health = await c.health();
    expect(health.namespaces[NAMESPACE]).toMatchObject({ replicationFactor: 1, unavailable: owned, underReplicated: 0 });
    expect(health.nodes.find((n) => n.name === dead)?.answering).toBe(false);
    expect(health.status).toBe('degraded');

    await cluster.stopNode(0);
    const none = await c.health();
    expect(none.status).toBe('down');
    expect(none.nodes.every((n) => !n.answering)).toBe(true);
  });

  it('a node added: migrations remaining until they end, then ok', async () => {
    const cluster = await clusters.start({ nodes: 2, replicationFactor: 2, migrationMs: 1_500 });
    const c = await clusters.connect(cluster, { tendInterval: TEND_INTERVAL });
    await cluster.addNode();
    expect(await eventually(() => c.nodes().length === 3, 3_000)).toBe(true);
    const during = await c.health();
    expect(during.namespaces[NAMESPACE]!.migrationsRemaining).toBeGreaterThan(0);
    expect(during.status).toBe('degraded');
    expect(c.stats().migratingNamespaces).toContain(NAMESPACE);
    expect(await eventually(() => c.stats().migratingNamespaces.length === 0, 5_000, 50)).toBe(true);
    const after = await c.health();
    expect(after.namespaces[NAMESPACE]!.migrationsRemaining).toBe(0);
    expect(after.status).toBe('ok');
  });

  it('a restarted node that has not rejoined disagrees on the cluster key', async () => {
    const cluster = await clusters.start({ nodes: 3, replicationFactor: 2 });
    const c = await clusters.connect(cluster, { tendInterval: TEND_INTERVAL });
    await cluster.restartNode(2, { unavailableMs: 60_000 });
    expect(await eventually(() => c.stats().nodes.length === 3, 3_000)).toBe(true);
    const health = await c.health();
    expect(health.clusterKeyAgreed).toBe(false);
    expect(health.clusterKey).toBeUndefined();
    expect(health.status).toBe('degraded');
  });
});
