/**
 * Spans and metrics of real commands against the memory cluster, recorded
 * by the real OpenTelemetry SDK.
 */

import { Client, Key, ops } from '@aerospike-ts/core';
import { partitionId } from '@aerospike-ts/core/wire';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import {
  type AerospikeInstrumentation,
  DB_CLIENT_OPERATION_DURATION_BUCKETS,
  instrumentAerospike,
  spanName,
} from '@aerospike-ts/otel';
import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import { AggregationType, DataPointType, type HistogramMetricData, MeterProvider } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TestReader } from './support/test-reader.js';

const NS = 'test';
const CLUSTER_NAME = 'otel-test';

let cluster: MemoryCluster;
let client: Client;
const exporter = new InMemorySpanExporter();
// A Node provider registers the AsyncLocalStorage context manager, which
// parent/child propagation across awaits needs.
const tracerProvider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let reader: TestReader;
let meterProvider: MeterProvider;
let instrumentation: AerospikeInstrumentation | undefined;
let setCounter = 0;

function uniqueSet(): string {
  return `otel${process.pid}x${++setCounter}`;
}

function spans(): ReadableSpan[] {
  return exporter.getFinishedSpans().filter((s) => s.instrumentationScope.name === '@aerospike-ts/otel');
}

async function durationPoints() {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics
    .flatMap((s) => s.metrics)
    .find((m) => m.descriptor.name === 'db.client.operation.duration') as HistogramMetricData | undefined;
  return metric;
}

beforeAll(async () => {
  tracerProvider.register();
  cluster = await startMemoryCluster({ nodes: 2, replicationFactor: 2, clusterName: CLUSTER_NAME });
  client = await new Client({ hosts: cluster.hosts, clusterName: CLUSTER_NAME }).connect();
});

afterAll(async () => {
  await client?.close();
  await cluster?.close();
  await tracerProvider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});

beforeEach(() => {
  reader = new TestReader();
  meterProvider = new MeterProvider({ readers: [reader] });
  instrumentation = instrumentAerospike({ tracerProvider, meterProvider });
  exporter.reset();
});

afterEach(async () => {
  instrumentation?.disable();
  instrumentation = undefined;
  await meterProvider.shutdown();
});

describe('spans', () => {
  it('put, get and operate each make one CLIENT span named "{operation} {set}" with the database attributes', async () => {
    const set = uniqueSet();
    await client.put([NS, set, 'ada'], { name: 'Ada', visits: 1 });
    await client.get([NS, set, 'ada']);
    await client.operate([NS, set, 'ada'], [ops.add('visits', 1), ops.read('visits')]);

    const done = spans();
    expect(done.map((s) => s.name)).toEqual([`put ${set}`, `get ${set}`, `operate ${set}`]);
    const nodePorts = new Set(cluster.nodes.map((n) => n.port));
    for (const [span, operation] of [
      [done[0]!, 'put'],
      [done[1]!, 'get'],
      [done[2]!, 'operate'],
    ] as const) {
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(span.attributes).toMatchObject({
        'db.system.name': 'aerospike',
        'db.namespace': NS,
        'db.collection.name': set,
        'db.operation.name': operation,
        'server.address': '127.0.0.1',
        'db.aerospike.cluster_name': CLUSTER_NAME,
        'db.aerospike.attempts': 1,
      });
      expect(nodePorts.has(span.attributes['server.port'] as number)).toBe(true);
      expect(cluster.nodes.map((n) => n.name)).toContain(span.attributes['db.aerospike.node_name']);
      expect(span.attributes).not.toHaveProperty('error.type');
      expect(span.attributes).not.toHaveProperty('db.response.status_code');
      expect(span.attributes).not.toHaveProperty('db.operation.batch.size');
    }
  });

  it('a record outside any set: no db.collection.name, and the span is named after the namespace', async () => {
    await client.put([NS, null, `noset-${process.pid}`], { v: 1 });
    const [span] = spans();
    expect(span?.name).toBe(`put ${NS}`);
    expect(span?.attributes).not.toHaveProperty('db.collection.name');
    expect(span?.attributes['db.namespace']).toBe(NS);
  });

  it('a get of a missing record: status ERROR, error.type KEY_NOT_FOUND_ERROR, db.response.status_code "2"', async () => {
    const set = uniqueSet();
    await expect(client.get([NS, set, 'missing'])).rejects.toMatchObject({ code: 'KEY_NOT_FOUND_ERROR' });
    const [span] = spans();
    expect(span?.name).toBe(`get ${set}`);
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.status.message).toMatch(/not found/i);
    expect(span?.attributes['error.type']).toBe('KEY_NOT_FOUND_ERROR');
    expect(span?.attributes['db.response.status_code']).toBe('2');
  });

  it('exists() of a missing record is not an error', async () => {
    expect(await client.exists([NS, uniqueSet(), 'missing'])).toBe(false);
    const [span] = spans();
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    expect(span?.attributes).not.toHaveProperty('error.type');
  });

  it('a retried read is ONE span, with the attempts counted, ending in success', async () => {
    const set = uniqueSet();
    const key = new Key(NS, set, 'retried');
    await client.put(key, { v: 1 });
    const master = cluster.masterOf(NS, partitionId(key.digest));
    expect(master).toBeDefined();
    const victim = cluster.node(master!);
    exporter.reset();
    victim.faults.dropRequests = true;
    try {
      const record = await client.get(key, undefined, { maxRetries: 2, sleepBetweenRetries: 0, totalTimeout: 5_000 });
      expect(record.bins).toEqual({ v: 1 });
    } finally {
      victim.faults.dropRequests = false;
    }
    const done = spans();
    expect(done).toHaveLength(1);
    const [span] = done;
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    expect(span?.attributes['db.aerospike.attempts']).toBeGreaterThanOrEqual(2);
    // The last attempt went to the replica, and that is the node the span names.
    expect(span?.attributes['db.aerospike.node_name']).not.toBe(master);
    expect(span?.attributes).not.toHaveProperty('error.type');
  });

  it('is the child of the span active when the command was called, across awaits', async () => {
    const set = uniqueSet();
    const tracer = tracerProvider.getTracer('app');
    const parentId = await tracer.startActiveSpan('handle request', async (parent) => {
      await new Promise((r) => setTimeout(r, 1));
      await client.put([NS, set, 'k'], { v: 1 });
      await client.get([NS, set, 'k']);
      parent.end();
      return parent.spanContext();
    });
    const children = spans();
    expect(children).toHaveLength(2);
    for (const child of children) {
      expect(child.spanContext().traceId).toBe(parentId.traceId);
      expect(child.parentSpanContext?.spanId).toBe(parentId.spanId);
    }
  });

  it('is a root span when nothing is active', async () => {
    await client.put([NS, uniqueSet(), 'k'], { v: 1 });
    const [span] = spans();
    expect(span?.parentSpanContext).toBeUndefined();
  });

  it('concurrent commands each get their own span', async () => {
    const set = uniqueSet();
    // Twenty sockets open at once here: a loaded machine gets more than the default second.
    await Promise.all(Array.from({ length: 20 }, (_, i) => client.put([NS, set, i], { i }, { totalTimeout: 10_000 })));
    const done = spans();
    expect(done).toHaveLength(20);
    expect(new Set(done.map((s) => s.spanContext().spanId)).size).toBe(20);
  });

  it('disable() stops spans, and the client stops publishing when nobody else listens', async () => {
    const set = uniqueSet();
    await client.put([NS, set, 'a'], { v: 1 });
    expect(spans()).toHaveLength(1);
    instrumentation?.disable();
    instrumentation?.disable();
    await client.put([NS, set, 'b'], { v: 1 });
    expect(spans()).toHaveLength(1);
    const { channels } = await import('@aerospike-ts/core');
    expect(channels.command.hasSubscribers).toBe(false);
  });

  it('calling instrumentAerospike again with the same providers does not duplicate spans', async () => {
    const again = instrumentAerospike({ tracerProvider, meterProvider });
    expect(again).toBe(instrumentation);
    await client.put([NS, uniqueSet(), 'k'], { v: 1 });
    expect(spans()).toHaveLength(1);
  });
});

describe('db.client.operation.duration', () => {
  it('records one observation per command, in seconds, with the conventional attributes and bucket advice', async () => {
    const set = uniqueSet();
    await client.put([NS, set, 'a'], { v: 1 });
    await client.put([NS, set, 'b'], { v: 1 });
    await client.get([NS, set, 'a']);
    await expect(client.get([NS, set, 'missing'])).rejects.toThrow();

    const metric = await durationPoints();
    expect(metric?.descriptor.unit).toBe('s');
    expect(metric?.dataPointType).toBe(DataPointType.HISTOGRAM);
    const points = metric!.dataPoints.filter((p) => p.attributes['db.collection.name'] === set);
    const count = (op: string, error?: string) =>
      points
        .filter((p) => p.attributes['db.operation.name'] === op && p.attributes['error.type'] === error)
        .reduce((n, p) => n + p.value.count, 0);
    expect(count('put')).toBe(2);
    expect(count('get')).toBe(1);
    expect(count('get', 'KEY_NOT_FOUND_ERROR')).toBe(1);

    const failed = points.find((p) => p.attributes['error.type'] === 'KEY_NOT_FOUND_ERROR')!;
    expect(failed.attributes).toMatchObject({
      'db.system.name': 'aerospike',
      'db.namespace': NS,
      'db.response.status_code': '2',
      'server.address': '127.0.0.1',
    });
    expect(failed.value.buckets.boundaries).toEqual([...DB_CLIENT_OPERATION_DURATION_BUCKETS]);
    expect(failed.value.sum).toBeGreaterThan(0);
    expect(failed.value.sum).toBeLessThan(5);
  });

  it('a View replaces the bucket advice (the README recipe)', async () => {
    const viewReader = new TestReader();
    const withView = new MeterProvider({
      views: [
        {
          instrumentName: 'db.client.operation.duration',
          aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [0.00025, 0.001, 0.01] } },
        },
      ],
      readers: [viewReader],
    });
    const own = instrumentAerospike({ tracerProvider, meterProvider: withView });
    try {
      await client.put([NS, uniqueSet(), 'k'], { v: 1 });
      const { resourceMetrics } = await viewReader.collect();
      const metric = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === 'db.client.operation.duration') as
        | HistogramMetricData
        | undefined;
      expect(metric?.dataPoints[0]?.value.buckets.boundaries).toEqual([0.00025, 0.001, 0.01]);
    } finally {
      own.disable();
      await withView.shutdown();
    }
  });

  it('counts retries in aerospike.client.retries', async () => {
    const set = uniqueSet();
    const key = new Key(NS, set, 'retried');
    await client.put(key, { v: 1 });
    const victim = cluster.node(cluster.masterOf(NS, partitionId(key.digest))!);
    victim.faults.dropRequests = true;
    try {
      await client.get(key, undefined, { maxRetries: 2, sleepBetweenRetries: 0, totalTimeout: 5_000 });
    } finally {
      victim.faults.dropRequests = false;
    }
    const { resourceMetrics } = await reader.collect();
    const retries = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === 'aerospike.client.retries');
    const total = (retries?.dataPoints ?? [])
      .filter((p) => p.attributes['db.operation.name'] === 'get')
      .reduce((n, p) => n + (p.value as number), 0);
    expect(total).toBeGreaterThanOrEqual(1);
  });

  it('records tends and partition-map updates of a connecting client', async () => {
    const second = await new Client({ hosts: cluster.hosts, tendInterval: 50 }).connect();
    try {
      await new Promise((r) => setTimeout(r, 150));
    } finally {
      await second.close();
    }
    const { resourceMetrics } = await reader.collect();
    const all = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    const tends = all.find((m) => m.descriptor.name === 'aerospike.client.tend.duration') as HistogramMetricData | undefined;
    expect(tends?.descriptor.unit).toBe('s');
    expect(tends?.dataPoints.reduce((n, p) => n + p.value.count, 0)).toBeGreaterThanOrEqual(1);
    const updates = all.find((m) => m.descriptor.name === 'aerospike.client.partition_map.updates');
    const nodes = new Set(updates?.dataPoints.map((p) => p.attributes['db.aerospike.node_name']));
    expect(nodes).toEqual(new Set(cluster.nodes.map((n) => n.name)));
  });

  it('after disable() nothing more is recorded', async () => {
    const set = uniqueSet();
    await client.put([NS, set, 'a'], { v: 1 });
    instrumentation?.disable();
    await client.put([NS, set, 'b'], { v: 1 });
    const metric = await durationPoints();
    const points = metric!.dataPoints.filter((p) => p.attributes['db.collection.name'] === set);
    expect(points.reduce((n, p) => n + p.value.count, 0)).toBe(1);
  });
});

describe('naming helpers', () => {
  it('spanName falls back from the set to the namespace to the operation alone', () => {
    expect(spanName('get', 'test', 'users')).toBe('get users');
    expect(spanName('get', 'test', '')).toBe('get test');
    expect(spanName('info', undefined, undefined)).toBe('info');
  });
});
