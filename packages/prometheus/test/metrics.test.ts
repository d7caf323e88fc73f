/**
 * Metrics of real commands against the memory cluster, scraped over HTTP
 * and read back from the exposition text.
 */

import { createServer as createNetServer } from 'node:net';
import { Client, Key } from '@aerospike-ts/core';
import { partitionId } from '@aerospike-ts/core/wire';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import {
  type AerospikeMetrics,
  DEFAULT_DURATION_BUCKETS,
  type MetricsServer,
  getMetrics,
  instrumentAerospike,
  startMetricsServer,
  stopMetricsServer,
} from '@aerospike-ts/prometheus';
import { Histogram, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Exposition, parseExposition, select, total } from './exposition.js';

const NS = 'test';
const DURATION = 'db_client_operation_duration_seconds';

let cluster: MemoryCluster;
let client: Client;
let registry: Registry;
let metrics: AerospikeMetrics;
let server: MetricsServer;
let setCounter = 0;

function uniqueSet(): string {
  return `prom${process.pid}x${++setCounter}`;
}

async function scrape(path = '/metrics'): Promise<{ status: number; contentType: string | null; text: string }> {
  const res = await fetch(`http://127.0.0.1:${server.port}${path}`);
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
}

async function scrapeParsed(): Promise<Exposition> {
  const { status, text } = await scrape();
  expect(status).toBe(200);
  return parseExposition(text);
}

beforeAll(async () => {
  registry = new Registry();
  // Instrumented before connecting, so the first tends and connections count.
  metrics = instrumentAerospike({ registry });
  cluster = await startMemoryCluster({ nodes: 2, replicationFactor: 2 });
  client = await new Client({ hosts: cluster.hosts }).connect();
  metrics.addClient(client);
  server = await startMetricsServer({ port: 0, host: '127.0.0.1', registry });
});

afterAll(async () => {
  await stopMetricsServer();
  metrics?.disable();
  await client?.close();
  await cluster?.close();
});

describe('db_client_operation_duration_seconds', () => {
  it('counts commands per operation, with the aerospike-py labels, in the advertised buckets', async () => {
    const set = uniqueSet();
    await client.put([NS, set, 'a'], { v: 1 });
    await client.put([NS, set, 'b'], { v: 2 });
    await client.get([NS, set, 'a']);
    await client.exists([NS, set, 'nope']);

    const scraped = await scrapeParsed();
    expect(scraped.types.get(DURATION)).toBe('histogram');
    const labels = { db_system_name: 'aerospike', db_namespace: NS, db_collection_name: set, error_type: '' };
    expect(total(scraped, `${DURATION}_count`, { ...labels, db_operation_name: 'put' })).toBe(2);
    expect(total(scraped, `${DURATION}_count`, { ...labels, db_operation_name: 'get' })).toBe(1);
    // A missing record is a normal answer to exists(), not an error.
    expect(total(scraped, `${DURATION}_count`, { ...labels, db_operation_name: 'exists' })).toBe(1);

    const buckets = select(scraped, `${DURATION}_bucket`, { ...labels, db_operation_name: 'put' });
    expect(buckets.map((b) => b.labels.le)).toEqual([...DEFAULT_DURATION_BUCKETS.map(String), '+Inf']);
    expect(buckets.at(-1)?.value).toBe(2);
    const sum = total(scraped, `${DURATION}_sum`, { ...labels, db_operation_name: 'put' });
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(5);
  });

  it('labels a failed command with its error type', async () => {
    const set = uniqueSet();
    await expect(client.get([NS, set, 'missing'])).rejects.toMatchObject({ code: 'KEY_NOT_FOUND_ERROR' });
    const scraped = await scrapeParsed();
    expect(
      total(scraped, `${DURATION}_count`, { db_collection_name: set, db_operation_name: 'get', error_type: 'KEY_NOT_FOUND_ERROR' }),
    ).toBe(1);
    expect(total(scraped, `${DURATION}_count`, { db_collection_name: set, error_type: '' })).toBe(0);
    expect(total(scraped, 'aerospike_client_errors_total', { error_type: 'KEY_NOT_FOUND_ERROR' })).toBeGreaterThanOrEqual(1);
  });

  it('a record outside any set has an empty db_collection_name', async () => {
    await client.put([NS, null, `noset-${process.pid}`], { v: 1 });
    const scraped = await scrapeParsed();
    expect(total(scraped, `${DURATION}_count`, { db_collection_name: '', db_operation_name: 'put' })).toBeGreaterThanOrEqual(1);
  });
});

describe('client gauges and counters', () => {
  it('connection gauges per node (used and idle), node count, commands in flight', async () => {
    await client.put([NS, uniqueSet(), 'k'], { v: 1 });
    const scraped = await scrapeParsed();
    expect(scraped.types.get('db_client_connection_count')).toBe('gauge');
    for (const node of cluster.nodes) {
      const used = select(scraped, 'db_client_connection_count', { db_client_connection_pool_name: node.name, db_client_connection_state: 'used' });
      const idle = select(scraped, 'db_client_connection_count', { db_client_connection_pool_name: node.name, db_client_connection_state: 'idle' });
      expect(used).toHaveLength(1);
      expect(idle).toHaveLength(1);
      expect(used[0]?.value).toBe(0);
      expect(select(scraped, 'db_client_connection_pending_requests', { db_client_connection_pool_name: node.name })).toHaveLength(1);
    }
    const stats = client.stats();
    const idleTotal = stats.nodes.reduce((n, s) => n + s.connections.idle, 0);
    expect(total(scraped, 'db_client_connection_count', { db_client_connection_state: 'idle' })).toBe(idleTotal);
    expect(idleTotal).toBeGreaterThan(0);
    expect(total(scraped, 'aerospike_client_nodes')).toBe(2);
    expect(total(scraped, 'aerospike_client_commands_in_flight')).toBe(0);
  });

  it('tends, partition-map updates and opened connections are counted', async () => {
    const scraped = await scrapeParsed();
    expect(scraped.types.get('aerospike_client_tends_total')).toBe('counter');
    expect(total(scraped, 'aerospike_client_tends_total', { result: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(total(scraped, 'aerospike_client_tend_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(total(scraped, 'aerospike_client_partition_map_updates_total')).toBeGreaterThanOrEqual(2);
    // Only this client has run so far: the counters match its own totals.
    const nodes = client.stats().nodes;
    const opened = nodes.reduce((n, s) => n + s.connections.opened, 0);
    expect(opened).toBeGreaterThanOrEqual(1);
    expect(total(scraped, 'aerospike_client_connections_opened_total')).toBe(opened);
    expect(total(scraped, 'aerospike_client_connections_closed_total')).toBe(nodes.reduce((n, s) => n + s.connections.closed, 0));
  });

  it('a retried read counts in aerospike_client_retries_total and once in the histogram', async () => {
    const set = uniqueSet();
    const key = new Key(NS, set, 'retried');
    await client.put(key, { v: 1 });
    const before = total(await scrapeParsed(), 'aerospike_client_retries_total', { db_operation_name: 'get' });
    const victim = cluster.node(cluster.masterOf(NS, partitionId(key.digest))!);
    victim.faults.dropRequests = true;
    try {
      await client.get(key, undefined, { maxRetries: 2, sleepBetweenRetries: 0, totalTimeout: 5_000 });
    } finally {
      victim.faults.dropRequests = false;
    }
    const scraped = await scrapeParsed();
    expect(total(scraped, 'aerospike_client_retries_total', { db_operation_name: 'get' })).toBeGreaterThan(before);
    expect(total(scraped, `${DURATION}_count`, { db_collection_name: set, db_operation_name: 'get', error_type: '' })).toBe(1);
  });

  it('connections of every added client are summed; a closed client drops out', async () => {
    const idleOf = (c: Client) => c.stats().nodes.reduce((n, s) => n + s.connections.idle, 0);
    const other = await new Client({ hosts: cluster.hosts }).connect();
    metrics.addClient(other);
    await Promise.all(Array.from({ length: 4 }, (_, i) => other.put([NS, uniqueSet(), i], { i }, { totalTimeout: 10_000 })));
    let scraped = await scrapeParsed();
    expect(idleOf(other)).toBeGreaterThan(0);
    expect(total(scraped, 'db_client_connection_count', { db_client_connection_state: 'idle' })).toBe(idleOf(client) + idleOf(other));
    // Both clients see the same two nodes.
    expect(total(scraped, 'aerospike_client_nodes')).toBe(2);
    await other.close();
    scraped = await scrapeParsed();
    expect(total(scraped, 'db_client_connection_count', { db_client_connection_state: 'idle' })).toBe(idleOf(client));
  });
});

describe('registration', () => {
  it('registering twice on one registry does not throw and does not count twice', async () => {
    const again = instrumentAerospike({ registry, clients: [client] });
    expect(again).toBe(metrics);
    const set = uniqueSet();
    await client.put([NS, set, 'k'], { v: 1 });
    const scraped = await scrapeParsed();
    expect(total(scraped, `${DURATION}_count`, { db_collection_name: set })).toBe(1);
    // The client, given twice, is counted once.
    const idle = client.stats().nodes.reduce((n, s) => n + s.connections.idle, 0);
    expect(total(scraped, 'db_client_connection_count', { db_client_connection_state: 'idle' })).toBe(idle);
  });

  it('reuses a compatible metric already on the registry, and names an incompatible one', async () => {
    const own = new Registry();
    const existing = new Histogram({
      name: DURATION,
      help: 'registered elsewhere',
      labelNames: ['db_system_name', 'db_namespace', 'db_collection_name', 'db_operation_name', 'error_type'],
      registers: [own],
    });
    const m = instrumentAerospike({ registry: own });
    try {
      expect(own.getSingleMetric(DURATION)).toBe(existing);
      await client.put([NS, uniqueSet(), 'k'], { v: 1 });
      expect(total(parseExposition(await getMetrics(own)), `${DURATION}_count`)).toBe(1);
    } finally {
      m.disable();
    }
    // disable() removes what it registered, not what it found.
    expect(own.getSingleMetric(DURATION)).toBe(existing);
    expect(own.getSingleMetric('aerospike_client_nodes')).toBeUndefined();

    const clash = new Registry();
    new Histogram({ name: DURATION, help: 'other labels', labelNames: ['op'], registers: [clash] });
    expect(() => instrumentAerospike({ registry: clash })).toThrow(/db_client_operation_duration_seconds/);
  });

  it('prefix, constant labels and custom buckets', async () => {
    const own = new Registry();
    const m = instrumentAerospike({ registry: own, prefix: 'app_', labels: { service: 'orders' }, buckets: [0.001, 0.1], clients: () => [client] });
    try {
      await client.put([NS, uniqueSet(), 'k'], { v: 1 });
      const scraped = parseExposition(await getMetrics(own));
      expect(total(scraped, `app_${DURATION}_count`, { service: 'orders' })).toBe(1);
      expect(select(scraped, `app_${DURATION}_bucket`).map((s) => s.labels.le)).toEqual(['0.001', '0.1', '+Inf']);
      expect(total(scraped, 'app_aerospike_client_nodes', { service: 'orders' })).toBe(2);
      expect(select(scraped, DURATION)).toHaveLength(0);
    } finally {
      m.disable();
    }
  });

  it('disable() stops counting and unregisters its metrics', async () => {
    const own = new Registry();
    const m = instrumentAerospike({ registry: own });
    m.disable();
    m.disable();
    await client.put([NS, uniqueSet(), 'k'], { v: 1 });
    expect(await getMetrics(own)).toBe('\n');
    // A new call after disable() starts afresh.
    const fresh = instrumentAerospike({ registry: own });
    expect(fresh).not.toBe(m);
    fresh.disable();
  });

  it('never touches prom-client’s global registry', async () => {
    const { register } = await import('prom-client');
    expect(register.getMetricsAsArray().filter((m) => m.name.includes('aerospike') || m.name.startsWith('db_client'))).toEqual([]);
  });
});

describe('pool exhaustion', () => {
  it('counts aerospike_client_pool_exhausted_total by node when a command finds no connection', async () => {
    const own = new Registry();
    const m = instrumentAerospike({ registry: own });
    const single = await startMemoryCluster({ nodes: 1 });
    const small = await new Client({ hosts: single.hosts, maxConnsPerNode: 1 }).connect();
    try {
      const key = [NS, uniqueSet(), 'k'] as const;
      await small.put([...key], { v: 1 });
      single.node(0).faults.latencyMs = 200;
      const slow = small.get([...key], undefined, { totalTimeout: 5_000 });
      await expect(small.get([...key], undefined, { totalTimeout: 50, maxRetries: 0 })).rejects.toThrow();
      await slow;
      const scraped = parseExposition(await getMetrics(own));
      expect(total(scraped, 'aerospike_client_pool_exhausted_total', { db_client_connection_pool_name: single.node(0).name })).toBeGreaterThanOrEqual(1);
    } finally {
      single.node(0).faults.latencyMs = 0;
      m.disable();
      await small.close();
      await single.close();
    }
  });
});

describe('metrics server', () => {
  it('serves /metrics with the registry content type, 404 elsewhere, 405 for other methods', async () => {
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.contentType).toBe(registry.contentType);
    expect(ok.text).toContain(`# TYPE ${DURATION} histogram`);
    expect((await scrape('/metrics?x=1')).status).toBe(200);
    expect((await scrape('/')).status).toBe(404);
    expect((await scrape('/metrics/extra')).status).toBe(404);
    const post = await fetch(`http://127.0.0.1:${server.port}/metrics`, { method: 'POST' });
    await post.text();
    expect(post.status).toBe(405);
  });

  it('getMetrics() returns the same exposition as a scrape', async () => {
    const text = await getMetrics(registry);
    const parsed = parseExposition(text);
    expect(select(parsed, `${DURATION}_count`).length).toBeGreaterThan(0);
  });

  it('close() frees the port, even with a keep-alive connection open', async () => {
    const own = await startMetricsServer({ port: 0, host: '127.0.0.1', registry: new Registry() });
    const res = await fetch(`http://127.0.0.1:${own.port}/metrics`, { headers: { connection: 'keep-alive' } });
    await res.text();
    await own.close();
    await own.close();
    const probe = createNetServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(own.port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => probe.close(resolve));
  });

  it('stopMetricsServer() stops every running server; a busy port rejects startMetricsServer()', async () => {
    const a = await startMetricsServer({ port: 0, host: '127.0.0.1', registry: new Registry() });
    await expect(startMetricsServer({ port: a.port, host: '127.0.0.1' })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await stopMetricsServer();
    await expect(fetch(`http://127.0.0.1:${a.port}/metrics`)).rejects.toThrow();
    // The suite's server went too; bring one back for any later test.
    server = await startMetricsServer({ port: 0, host: '127.0.0.1', registry });
  });
});
