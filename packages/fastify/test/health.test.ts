import type { Client, ClusterHealth } from '@aerospike-ts/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { useClusters } from '../../../test/support/clusters.js';
import { DEFAULT_HEALTH_ROUTE, FastifyAerospikeErrorCode, aerospikeHealth, fastifyAerospike } from '../src/index.js';

const PARTITIONS = 4096;

// Registered before the afterEach below, which (hooks run as a stack) therefore runs first: apps close before clients and clusters.
const clusters = useClusters();
const apps: FastifyInstance[] = [];

afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

function app(): FastifyInstance {
  const a = Fastify();
  apps.push(a);
  return a;
}

async function until(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('aerospikeHealth', () => {
  it('ok: 200 with the ClusterHealth view as JSON, over a real listener', async () => {
    const client = await clusters.connect(await clusters.start({ nodes: 2, replicationFactor: 2 }));
    const a = app();
    a.get('/health/aerospike', aerospikeHealth(client));
    const address = await a.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${address}/health/aerospike`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as ClusterHealth;
    expect(body).toMatchObject({
      status: 'ok',
      problems: [],
      namespaces: { test: { replicationFactor: 2, partitions: PARTITIONS, unavailable: 0, underReplicated: 0, migrationsRemaining: 0 } },
    });
    expect(body.nodes).toHaveLength(2);
  });

  it('degraded: 200 by default, 503 with degradedIsDown; down: 503', async () => {
    const c = await clusters.start({ nodes: 2, replicationFactor: 2 });
    const client = await clusters.connect(c);
    const a = app();
    a.get('/health', aerospikeHealth(client));
    a.get('/ready', aerospikeHealth(() => client, { degradedIsDown: true }));
    await c.stopNode(1);
    await until(() => client.nodes().length === 1);
    const health = await a.inject({ url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'degraded', namespaces: { test: { underReplicated: PARTITIONS } } });
    const ready = await a.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'degraded', problems: expect.arrayContaining([expect.stringContaining('fewer than 2 reachable copies')]) });

    await c.stopNode(0);
    const down = await a.inject({ url: '/health' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ status: 'down' });
  });

  it('RF 1, a dead node: 200, degraded, with its partitions unavailable', async () => {
    const c = await clusters.start({ nodes: 2, replicationFactor: 1, heartbeatTimeoutMs: 60_000 });
    const client = await clusters.connect(c);
    const a = app();
    a.get('/health', aerospikeHealth(client));
    await c.stopNode(1);
    const res = await a.inject({ url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'degraded', namespaces: { test: { unavailable: PARTITIONS / 2, underReplicated: 0 } } });
  });

  it('a closed client: 503 with the error message', async () => {
    const client = await clusters.connect(await clusters.start({ nodes: 1, replicationFactor: 1 }));
    const a = app();
    a.get('/health', aerospikeHealth(client));
    await client.close();
    const res = await a.inject({ url: '/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'down', message: 'the client is closed' });
  });

  it('rejects something that is neither a client nor a getter', () => {
    expect(() => aerospikeHealth({} as Client)).toThrow(TypeError);
  });
});

describe('the healthRoute option', () => {
  it('true mounts /health/aerospike for the default instance and /health/aerospike/<name> for a named one', async () => {
    const main = await clusters.start({ nodes: 1, replicationFactor: 1 });
    const cache = await clusters.start({ nodes: 1, replicationFactor: 2 });
    const a = app();
    await a.register(fastifyAerospike, { hosts: main.hosts, healthRoute: true });
    await a.register(fastifyAerospike, { hosts: cache.hosts, namespace: 'cache', healthRoute: true });
    const own = await a.inject({ url: DEFAULT_HEALTH_ROUTE });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ status: 'ok', nodes: [{ name: main.node(0).name }] });
    const named = await a.inject({ url: `${DEFAULT_HEALTH_ROUTE}/cache` });
    expect(named.statusCode).toBe(200);
    // One node with RF 2: every partition lacks its second copy.
    expect(named.json()).toMatchObject({ status: 'degraded', nodes: [{ name: cache.node(0).name }], namespaces: { test: { underReplicated: PARTITIONS } } });
  });

  it('a path or { url, degradedIsDown }; after close the route answers 503', async () => {
    const single = await clusters.start({ nodes: 1, replicationFactor: 2 });
    const a = app();
    await a.register(fastifyAerospike, { hosts: single.hosts, healthRoute: '/healthz' });
    await a.register(fastifyAerospike, { hosts: single.hosts, namespace: 'strict', healthRoute: { url: '/readyz', degradedIsDown: true } });
    expect((await a.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await a.inject({ url: DEFAULT_HEALTH_ROUTE })).statusCode).toBe(404);
    const ready = await a.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'degraded' });
    await a.aerospike.close();
    expect((await a.inject({ url: '/healthz' })).json()).toEqual({ status: 'down', message: 'the client is closed' });
  });

  it('rejects a bad healthRoute with FST_AEROSPIKE_INVALID_OPTION', async () => {
    for (const healthRoute of ['health', 42, { url: 'x' }, { degradedIsDown: 'yes' }]) {
      const a = app();
      a.register(fastifyAerospike, { hosts: '127.0.0.1:1', healthRoute } as never);
      await expect(a.ready()).rejects.toMatchObject({ code: FastifyAerospikeErrorCode.INVALID_OPTION, message: expect.stringContaining('healthRoute') });
    }
  });
});
