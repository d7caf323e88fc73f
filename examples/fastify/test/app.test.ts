import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Session, createApp } from '../src/app.js';
import { startServer, wantsTracing } from '../src/server.js';

let cluster: MemoryCluster;
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  cluster = await startMemoryCluster();
  app = await createApp({ hosts: cluster.hosts, defaultTtl: 600 });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app.close();
  await cluster.close();
});

async function createSession(body: unknown): Promise<Response> {
  return fetch(`${url}/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('sessions API', () => {
  it('creates, reads, refreshes and deletes a session', async () => {
    const created = await createSession({ userId: 'u-1', data: { cart: [1, 2], theme: 'dark' }, ttl: 120 });
    expect(created.status).toBe(201);
    const session = (await created.json()) as Session;
    expect(session).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), userId: 'u-1', data: { cart: [1, 2], theme: 'dark' }, ttl: 120 });
    expect(created.headers.get('location')).toBe(`/sessions/${session.id}`);

    const read = await fetch(`${url}/sessions/${session.id}`);
    expect(read.status).toBe(200);
    const got = (await read.json()) as Session;
    expect(got).toMatchObject({ id: session.id, userId: 'u-1', data: { cart: [1, 2], theme: 'dark' } });
    expect(got.ttl).toBeGreaterThan(110);
    expect(got.ttl).toBeLessThanOrEqual(120);

    const refreshed = await fetch(`${url}/sessions/${session.id}/refresh?ttl=3600`, { method: 'POST' });
    expect(await refreshed.json()).toEqual({ id: session.id, ttl: 3600 });
    expect(((await (await fetch(`${url}/sessions/${session.id}`)).json()) as Session).ttl).toBeGreaterThan(3500);

    expect((await fetch(`${url}/sessions/${session.id}`, { method: 'DELETE' })).status).toBe(204);
    const gone = await fetch(`${url}/sessions/${session.id}`);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ statusCode: 404, code: 'KEY_NOT_FOUND_ERROR' });
    expect((await fetch(`${url}/sessions/${session.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('uses the default TTL, and the session expires on the server', async () => {
    const session = (await (await createSession({ userId: 'u-2' })).json()) as Session;
    expect(session.ttl).toBe(600);
    expect(session.data).toEqual({});
    cluster.advanceTime(601);
    expect((await fetch(`${url}/sessions/${session.id}`)).status).toBe(404);
    const refresh = await fetch(`${url}/sessions/${session.id}/refresh`, { method: 'POST' });
    expect(refresh.status).toBe(404);
    expect(await refresh.json()).toMatchObject({ code: 'KEY_NOT_FOUND_ERROR' });
  });

  it('rejects bad input with 400 before touching the database', async () => {
    expect((await createSession({})).status).toBe(400);
    expect((await createSession({ userId: 'u', ttl: 0 })).status).toBe(400);
    expect((await createSession({ userId: 'u', ttl: 10 ** 9 })).status).toBe(400);
    expect((await fetch(`${url}/sessions/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}/refresh?ttl=-1`, { method: 'POST' })).status).toBe(400);
    const badId = await fetch(`${url}/sessions/not-a-uuid`);
    expect(badId.status).toBe(400);
    expect(await badId.json()).toMatchObject({ code: 'FST_ERR_VALIDATION' });
  });

  it('reports health and Prometheus metrics', async () => {
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok', nodes: 1 });
    await createSession({ userId: 'u-3' });
    const metrics = await fetch(`${url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await metrics.text();
    expect(text).toMatch(/db_client_operation_duration_seconds_count\{[^}]*db_collection_name="sessions",db_operation_name="put"[^}]*\} [1-9]/);
    expect(text).toMatch(/aerospike_client_nodes\b/);
  });
});

describe('startServer', () => {
  it('runs against an in-process cluster by default and closes everything', async () => {
    const server = await startServer({ env: { PORT: '0', HOST: '127.0.0.1' }, logger: false });
    try {
      expect(server.memory).toBeDefined();
      expect(server.tracing).toBe(false);
      expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ status: 'ok', nodes: 1 });
    } finally {
      await server.close();
    }
    expect(server.app.aerospike.state).toBe('closed');
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });

  it('uses AEROSPIKE_HOSTS when set, and turns tracing on when OTEL_* is set', async () => {
    // initTracing reads the exporter choice from process.env; `none` makes spans without sending them anywhere.
    vi.stubEnv('OTEL_TRACES_EXPORTER', 'none');
    try {
      const env = { PORT: '0', HOST: '127.0.0.1', AEROSPIKE_HOSTS: cluster.hosts, OTEL_TRACES_EXPORTER: 'none' };
      expect(wantsTracing(env)).toBe(true);
      const server = await startServer({ env, logger: false });
      try {
        expect(server.memory).toBeUndefined();
        expect(server.hosts).toBe(cluster.hosts);
        expect(server.tracing).toBe(true);
        expect((await createSessionAt(server.url)).status).toBe(201);
      } finally {
        await server.close();
      }
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

function createSessionAt(base: string): Promise<Response> {
  return fetch(`${base}/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'traced' }) });
}
