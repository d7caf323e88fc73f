import type { Server } from 'node:http';
import type { Client, ClusterHealth } from '@aerospike-ts/core';
import type { MemoryCluster, MemoryClusterOptions } from '@aerospike-ts/memory-cluster';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { useClusters } from '../../../test/support/clusters.js';
import { aerospikeHealth, createAerospike } from '../src/index.js';
import { listen, request } from './support.js';

const PARTITIONS = 4096;

// Registered before the afterEach below, which (hooks run as a stack) therefore runs first: servers close before clients and clusters.
const clusters = useClusters();
const servers: Server[] = [];

afterEach(async () => {
  for (const s of servers.splice(0)) {
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  }
});

async function setup(options: MemoryClusterOptions): Promise<{ cluster: MemoryCluster; client: Client; app: express.Express; start(): Promise<string> }> {
  const cluster = await clusters.start(options);
  const client = await clusters.connect(cluster);
  const app = express();
  return {
    cluster,
    client,
    app,
    async start() {
      const { server, url } = await listen(app);
      servers.push(server);
      return url;
    },
  };
}

async function until(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('aerospikeHealth', () => {
  it('ok: 200 with the ClusterHealth view as JSON, not cached', async () => {
    const { client, app, start } = await setup({ nodes: 2, replicationFactor: 2 });
    app.get('/health/aerospike', aerospikeHealth(client));
    const res = await request(`${await start()}/health/aerospike`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json() as ClusterHealth;
    expect(body).toMatchObject({
      status: 'ok',
      problems: [],
      clusterKeyAgreed: true,
      namespaces: { test: { replicationFactor: 2, partitions: PARTITIONS, unavailable: 0, underReplicated: 0, migrationsRemaining: 0 } },
    });
    expect(body.nodes).toHaveLength(2);
    expect(body.nodes.every((n) => n.answering)).toBe(true);
    expect(typeof body.checkedAt).toBe('number');
  });

  it('degraded: 200 by default, 503 with degradedIsDown', async () => {
    const { cluster, client, app, start } = await setup({ nodes: 2, replicationFactor: 2 });
    app.get('/health', aerospikeHealth(client));
    app.get('/ready', aerospikeHealth(client, { degradedIsDown: true }));
    const url = await start();
    await cluster.stopNode(1);
    await until(() => client.nodes().length === 1);
    const health = await request(`${url}/health`);
    expect(health.status).toBe(200);
    expect(health.json()).toMatchObject({ status: 'degraded', namespaces: { test: { underReplicated: PARTITIONS } } });
    const ready = await request(`${url}/ready`);
    expect(ready.status).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'degraded', problems: expect.arrayContaining([expect.stringContaining('fewer than 2 reachable copies')]) });
  });

  it('down: 503 with the view when no node answers', async () => {
    const { cluster, client, app, start } = await setup({ nodes: 2, replicationFactor: 1, heartbeatTimeoutMs: 60_000 });
    app.get('/health', aerospikeHealth(client));
    const url = await start();
    await cluster.stopNode(1);
    const partial = await request(`${url}/health`);
    expect(partial.status).toBe(200);
    expect(partial.json()).toMatchObject({ status: 'degraded', namespaces: { test: { unavailable: PARTITIONS / 2 } } });
    await cluster.stopNode(0);
    const res = await request(`${url}/health`);
    expect(res.status).toBe(503);
    expect(res.json()).toMatchObject({ status: 'down' });
  });

  it('a closed client: 503 with the error message; a getter is called with the request', async () => {
    const { client, app, start } = await setup({ nodes: 1, replicationFactor: 1 });
    const aerospike = await createAerospike({ client });
    app.use(aerospike.middleware);
    app.get('/health', aerospikeHealth((req) => req.aerospike));
    const url = await start();
    expect((await request(`${url}/health`)).json()).toMatchObject({ status: 'ok' });
    await client.close();
    const res = await request(`${url}/health`);
    expect(res.status).toBe(503);
    expect(res.json()).toEqual({ status: 'down', message: 'the client is closed' });
  });

  it('rejects something that is neither a client nor a getter', () => {
    expect(() => aerospikeHealth({} as Client)).toThrow(TypeError);
  });
});
