/**
 * The cluster-health gauges, collected by the real SDK's metric reader while
 * the memory cluster goes through each state `client.health()` reports.
 */

import type { Client } from '@aerospike-ts/core';
import { type AerospikeInstrumentation, CLUSTER_STATUS_VALUES, instrumentAerospike } from '@aerospike-ts/otel';
import { DataPointType, type GaugeMetricData, MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useClusters } from '../../../test/support/clusters.js';
import { TestReader } from './support/test-reader.js';

const NS = 'test';
const PARTITIONS = 4096;
const UNAVAILABLE = 'aerospike.partitions.unavailable';
const UNDER_REPLICATED = 'aerospike.partitions.under_replicated';
const MIGRATIONS = 'aerospike.migrations.remaining';
const STATUS = 'aerospike.cluster.status';

type Points = Map<string, Array<{ attributes: Record<string, unknown>; value: number }>>;

// Registered before the afterEach below, which (hooks run as a stack) therefore runs first.
const clusters = useClusters();
let reader: TestReader;
let meterProvider: MeterProvider | undefined;
let instrumentation: AerospikeInstrumentation | undefined;

afterEach(async () => {
  instrumentation?.disable();
  instrumentation = undefined;
  await meterProvider?.shutdown();
  meterProvider = undefined;
});

function instrument(watched?: Client[]): AerospikeInstrumentation {
  reader = new TestReader();
  meterProvider = new MeterProvider({ readers: [reader] });
  instrumentation = instrumentAerospike({ meterProvider, ...(watched ? { clients: watched } : {}) });
  return instrumentation;
}

async function collect(): Promise<Points> {
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  const points: Points = new Map();
  for (const metric of resourceMetrics.scopeMetrics.flatMap((s) => s.metrics)) {
    if (metric.dataPointType !== DataPointType.GAUGE) continue;
    const gauge = metric as GaugeMetricData;
    points.set(
      gauge.descriptor.name,
      gauge.dataPoints.map((p) => ({ attributes: p.attributes, value: p.value })),
    );
  }
  return points;
}

function value(points: Points, name: string, ns?: string): number | undefined {
  return points.get(name)?.find((p) => ns === undefined || p.attributes['db.namespace'] === ns)?.value;
}

/** Collects until `check` holds, then returns that collection. */
async function collectUntil(check: (p: Points) => boolean, timeoutMs = 5_000): Promise<Points> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const points = await collect();
    if (check(points) || Date.now() >= until) return points;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('cluster-health gauges', () => {
  it('a healthy cluster: zero per namespace with db.namespace, status 0 (ok)', async () => {
    const c = await clusters.start({ nodes: 2, replicationFactor: 2 });
    instrument([await clusters.connect(c)]);
    const points = await collect();
    for (const name of [UNAVAILABLE, UNDER_REPLICATED, MIGRATIONS]) {
      expect(points.get(name)).toEqual(
        expect.arrayContaining([
          { attributes: { 'db.system.name': 'aerospike', 'db.namespace': 'test' }, value: 0 },
          { attributes: { 'db.system.name': 'aerospike', 'db.namespace': 'bar' }, value: 0 },
        ]),
      );
    }
    expect(points.get(STATUS)).toEqual([{ attributes: { 'db.system.name': 'aerospike' }, value: CLUSTER_STATUS_VALUES.ok }]);
  });

  it('RF 2, one of two nodes stopped: every partition under-replicated, status 1 (degraded)', async () => {
    const c = await clusters.start({ nodes: 2, replicationFactor: 2 });
    instrument([await clusters.connect(c)]);
    await c.stopNode(1);
    const points = await collectUntil((p) => value(p, UNDER_REPLICATED, NS) === PARTITIONS);
    expect(value(points, UNDER_REPLICATED, NS)).toBe(PARTITIONS);
    expect(value(points, UNAVAILABLE, NS)).toBe(0);
    expect(value(points, STATUS)).toBe(CLUSTER_STATUS_VALUES.degraded);
  });

  it('RF 1, a dead node not yet replaced: its 2048 partitions unavailable; every node stopped: status 2 (down)', async () => {
    const c = await clusters.start({ nodes: 2, replicationFactor: 1, heartbeatTimeoutMs: 60_000 });
    instrument([await clusters.connect(c)]);
    await c.stopNode(1);
    const points = await collect();
    expect(value(points, UNAVAILABLE, NS)).toBe(PARTITIONS / 2);
    expect(value(points, UNDER_REPLICATED, NS)).toBe(0);
    await c.stopNode(0);
    expect(value(await collect(), STATUS)).toBe(CLUSTER_STATUS_VALUES.down);
  });

  it('a node added: migrations remaining above zero while they run', async () => {
    const c = await clusters.start({ nodes: 2, replicationFactor: 2, migrationMs: 1_500 });
    instrument([await clusters.connect(c)]);
    await c.addNode();
    const points = await collectUntil((p) => (value(p, MIGRATIONS, NS) ?? 0) > 0, 1_400);
    expect(value(points, MIGRATIONS, NS)).toBeGreaterThan(0);
    expect(value(points, STATUS)).toBe(CLUSTER_STATUS_VALUES.degraded);
  });

  it('one collection asks each client for its health once; the worst figure of two clusters wins', async () => {
    const healthy = await clusters.start({ nodes: 1, replicationFactor: 1 });
    const single = await clusters.start({ nodes: 1, replicationFactor: 2 });
    const a = await clusters.connect(healthy);
    const b = await clusters.connect(single);
    const spyA = vi.spyOn(a, 'health');
    const spyB = vi.spyOn(b, 'health');
    instrument([a, b]);
    const points = await collect();
    expect(spyA).toHaveBeenCalledTimes(1);
    expect(spyB).toHaveBeenCalledTimes(1);
    // One node with RF 2 leaves every partition short of a copy.
    expect(points.get(UNDER_REPLICATED)?.filter((p) => p.attributes['db.namespace'] === NS)).toEqual([
      { attributes: { 'db.system.name': 'aerospike', 'db.namespace': NS }, value: PARTITIONS },
    ]);
    expect(value(points, STATUS)).toBe(CLUSTER_STATUS_VALUES.degraded);
  });

  it('clients added later count; one whose health() rejects is skipped; disable() stops observing', async () => {
    const c = await clusters.start({ nodes: 1, replicationFactor: 1 });
    const handle = instrument();
    expect((await collect()).get(STATUS) ?? []).toEqual([]);
    const failing = await clusters.connect(c);
    vi.spyOn(failing, 'health').mockRejectedValue(new Error('the client is closed'));
    handle.addClient(failing);
    expect((await collect()).get(STATUS) ?? []).toEqual([]);
    const good = await clusters.connect(c);
    // A second call with the same providers adds its clients to the first handle.
    expect(instrumentAerospike({ meterProvider: meterProvider!, clients: [good] })).toBe(handle);
    expect(value(await collect(), STATUS)).toBe(CLUSTER_STATUS_VALUES.ok);

    const spy = vi.spyOn(good, 'health');
    handle.disable();
    await collect();
    expect(spy).not.toHaveBeenCalled();
  });
});
