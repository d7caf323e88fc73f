/**
 * The health gauges, scraped from a registry while the memory cluster goes
 * through each state `client.health()` reports.
 */

import type { Client } from '@aerospike-ts/core';
import { type AerospikeMetrics, CLUSTER_STATUS_VALUES, METRIC_NAMES, getMetrics, instrumentAerospike } from '@aerospike-ts/prometheus';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useClusters } from '../../../test/support/clusters.js';
import { type Exposition, parseExposition, select, total } from './exposition.js';

const NS = 'test';
const PARTITIONS = 4096;
const UNAVAILABLE = 'aerospike_partitions_unavailable';
const UNDER_REPLICATED = 'aerospike_partitions_under_replicated';
const MIGRATIONS = 'aerospike_migrations_remaining';
const STATUS = 'aerospike_cluster_status';

// Registered before the afterEach below, which (hooks run as a stack) therefore runs first.
const clusters = useClusters();
let metrics: AerospikeMetrics | undefined;
let registry: Registry;

afterEach(async () => {
  metrics?.disable();
  metrics = undefined;
});

function instrument(watched: Client[], labels?: Record<string, string>): void {
  metrics?.disable();
  registry = new Registry();
  metrics = instrumentAerospike({ registry, clients: watched, ...(labels ? { labels } : {}) });
}

async function scrape(): Promise<Exposition> {
  return parseExposition(await registry.metrics());
}

/** Scrapes until `check` holds (health answers are reused for a second), then returns that scrape. */
async function scrapeUntil(check: (e: Exposition) => boolean, timeoutMs = 5_000): Promise<Exposition> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const e = await scrape();
    if (check(e) || Date.now() >= until) return e;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const value = (e: Exposition, name: string, ns?: string) => total(e, name, ns === undefined ? {} : { namespace: ns });

describe('health gauges', () => {
  it('a healthy cluster: zero for every namespace, status 0 (ok), with the constant labels', async () => {
    const c = await clusters.start({ nodes: 2, replicationFactor: 2 });
    instrument([await clusters.connect(c)], { service: 'orders' });
    const e = await scrape();
    expect(Object.values(METRIC_NAMES)).toEqual(expect.arrayContaining([UNAVAILABLE, UNDER_REPLICATED, MIGRATIONS, STATUS]));
    for (const name of [UNAVAILABLE, UNDER_REPLICATED, MIGRATIONS, STATUS]) expect(e.types.get(name)).toBe('gauge');
    for (const name of [UNAVAILABLE, UNDER_REPLICATED, MIGRATIONS]) {
      expect(select(e, name).map((s) => s.labels)).toEqual(
        expect.arrayContaining([
          { namespace: 'test', service: 'orders' },
          { namespace: 'bar', service: 'orders' },
        ]),
      );
      expect(select(e, name).every((s) => s.value === 0)).toBe(true);
    }
    expect(select(e, STATUS)).toEqual([{ name: STATUS, labels: { service: 'orders' }, value: CLUSTER_STATUS_VALUES.ok }]);
  });

  it('RF 2, one of two nodes stopped: every partition under-replicated, status 1 (degraded)', async () => {
    const c = await clusters.start({ nodes: 2, replicationFactor: 2 });
    instrument([await clusters.connect(c)]);
    expect(value(await scrape(), UNDER_REPLICATED, NS)).toBe(0);
    await c.stopNode(1);
    const e = await scrapeUntil((x) => value(x, UNDER_REPLICATED, NS) === PARTITIONS);
    expect(value(e, UNDER_REPLICATED, NS)).toBe(PARTITIONS);
    expect(value(e, UNAVAILABLE, NS)).toBe(0);
    expect(value(e, STATUS)).toBe(CLUSTER_STATUS_VALUES.degraded);
  });

  it('RF 1, a dead node not yet replaced: its 2048 partitions unavailable; every node stopped: status 2 (down)', async () => {
    const c = await clusters.start({ nodes: 2, replicationFactor: 1, heartbeatTimeoutMs: 60_000 });
    instrument([await clusters.connect(c)]);
    await c.stopNode(1);
    const e = await scrapeUntil((x) => value(x, UNAVAILABLE, NS) === PARTITIONS / 2);
    expect(value(e, UNAVAILABLE, NS)).toBe(PARTITIONS / 2);
    expect(value(e, UNDER_REPLICATED, NS)).toBe(0);
    expect(value(e, STATUS)).toBe(CLUSTER_STATUS_VALUES.degraded);
    await c.stopNode(0);
    expect(value(await scrapeUntil((x) => value(x, STATUS) === CLUSTER_STATUS_VALUES.down), STATUS)).toBe(CLUSTER_STATUS_VALUES.down);
  });

  it('a node added: migrations remaining above zero while they run', async () => {
    const c = await clusters.start({ nodes: 2, replicationFactor: 2, migrationMs: 1_500 });
    const client = await clusters.connect(c);
    instrument([client]);
    await c.addNode();
    const e = await scrapeUntil((x) => value(x, MIGRATIONS, NS) > 0, 1_400);
    expect(value(e, MIGRATIONS, NS)).toBeGreaterThan(0);
    expect(value(e, STATUS)).toBe(CLUSTER_STATUS_VALUES.degraded);
  });

  it('one scrape asks each client for its health once, not once per gauge', async () => {
    const c = await clusters.start({ nodes: 1, replicationFactor: 1 });
    const a = await clusters.connect(c);
    const b = await clusters.connect(c);
    instrument([a, b]);
    const spyA = vi.spyOn(a, 'health');
    const spyB = vi.spyOn(b, 'health');
    await getMetrics(registry);
    expect(spyA).toHaveBeenCalledTimes(1);
    expect(spyB).toHaveBeenCalledTimes(1);
  });

  it('two clients that know the same namespace: the worst figure and the worst status', async () => {
    const healthy = await clusters.start({ nodes: 1, replicationFactor: 1 });
    const degraded = await clusters.start({ nodes: 2, replicationFactor: 2 });
    const lagging = await clusters.connect(degraded);
    instrument([await clusters.connect(healthy), lagging]);
    await degraded.stopNode(1);
    const e = await scrapeUntil((x) => value(x, UNDER_REPLICATED, NS) === PARTITIONS);
    expect(select(e, UNDER_REPLICATED, { namespace: NS })).toHaveLength(1);
    expect(value(e, UNDER_REPLICATED, NS)).toBe(PARTITIONS);
    expect(value(e, STATUS)).toBe(CLUSTER_STATUS_VALUES.degraded);
  });

  it('a client whose health() rejects is skipped; with none left, the gauges have no sample', async () => {
    const c = await clusters.start({ nodes: 2, replicationFactor: 2 });
    const good = await clusters.connect(c);
    const failing = await clusters.connect(c);
    vi.spyOn(failing, 'health').mockRejectedValue(new Error('the client is closed'));
    instrument([failing, good]);
    const e = await scrape();
    expect(value(e, STATUS)).toBe(CLUSTER_STATUS_VALUES.ok);
    expect(select(e, UNDER_REPLICATED, { namespace: NS })).toHaveLength(1);

    instrument([failing]);
    const none = await scrape();
    for (const name of [UNAVAILABLE, UNDER_REPLICATED, MIGRATIONS, STATUS]) expect(select(none, name)).toEqual([]);
  });
});
