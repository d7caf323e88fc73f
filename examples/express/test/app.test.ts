import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type App, type User, createApp } from '../src/app.js';
import { startServer, wantsTracing } from '../src/server.js';

let cluster: MemoryCluster;
let built: App;
let server: Server;
let url: string;

beforeAll(async () => {
  cluster = await startMemoryCluster();
  built = await createApp({ hosts: cluster.hosts });
  server = built.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await built.close();
  await cluster.close();
});

function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('users API', () => {
  it('creates, reads, updates and deletes a user', async () => {
    const created = await send('POST', '/users', { id: 'ada', name: 'Ada', email: 'ada@example.com' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/users/ada');
    expect(created.headers.get('etag')).toBe('"1"');
    expect(await created.json()).toEqual({ id: 'ada', name: 'Ada', email: 'ada@example.com' });

    const read = await send('GET', '/users/ada');
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ id: 'ada', name: 'Ada', email: 'ada@example.com' } satisfies User);

    const updated = await send('PATCH', '/users/ada', { name: 'Ada Lovelace' });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('"2"');
    expect(await updated.json()).toEqual({ id: 'ada', name: 'Ada Lovelace', email: 'ada@example.com' });

    expect((await send('DELETE', '/users/ada')).status).toBe(204);
    const gone = await send('GET', '/users/ada');
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ statusCode: 404, code: 'KEY_NOT_FOUND_ERROR' });
    expect((await send('DELETE', '/users/ada')).status).toBe(404);
    expect((await send('PATCH', '/users/ada', { name: 'x' })).status).toBe(404);
  });

  it('answers a duplicate id with 409', async () => {
    expect((await send('POST', '/users', { id: 'dup', name: 'One', email: 'one@example.com' })).status).toBe(201);
    const again = await send('POST', '/users', { id: 'dup', name: 'Two', email: 'two@example.com' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'KEY_EXISTS_ERROR' });
    expect(await (await send('GET', '/users/dup')).json()).toMatchObject({ name: 'One' });
  });

  it('applies If-Match against the record generation, answering a stale ETag with 412', async () => {
    const etag = (await send('POST', '/users', { id: 'grace', name: 'Grace', email: 'grace@example.com' })).headers.get('etag')!;
    const first = await send('PATCH', '/users/grace', { name: 'Grace Hopper' }, { 'if-match': etag });
    expect(first.status).toBe(200);
    const stale = await send('PATCH', '/users/grace', { name: 'G. Hopper' }, { 'if-match': etag });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ statusCode: 412, error: 'Precondition Failed', code: 'GENERATION_ERROR' });
    expect(await (await send('GET', '/users/grace')).json()).toMatchObject({ name: 'Grace Hopper' });
    expect((await send('PATCH', '/users/grace', { name: 'x' }, { 'if-match': 'W/"abc"' })).status).toBe(400);
  });

  it('rejects bad input with 400', async () => {
    for (const body of [{}, { id: 'a b', name: 'n', email: 'e@x' }, { id: 'a', name: '', email: 'e@x' }, { id: 'a', name: 'n', email: 'nope' }, { id: 'a', name: 'n', email: 'e@x', admin: true }]) {
      const res = await send('POST', '/users', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
    expect((await send('PATCH', '/users/x', {})).status).toBe(400);
    expect((await send('PATCH', '/users/x', { id: 'y' })).status).toBe(400);
    expect((await send('GET', `/users/${'x'.repeat(65)}`)).status).toBe(400);
  });

  it('reports health and Prometheus metrics', async () => {
    expect(await (await send('GET', '/health')).json()).toEqual({ status: 'ok', nodes: 1 });
    await send('GET', '/users/nobody');
    const metrics = await send('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await metrics.text();
    expect(text).toMatch(/db_client_operation_duration_seconds_count\{[^}]*db_collection_name="users",db_operation_name="get",error_type="KEY_NOT_FOUND_ERROR"\} [1-9]/);
    expect(text).toMatch(/aerospike_client_nodes\b/);
  });
});

describe('startServer', () => {
  it('runs against an in-process cluster by default and shuts down gracefully', async () => {
    const running = await startServer({ env: { PORT: '0', HOST: '127.0.0.1' } });
    expect(running.memory).toBeDefined();
    expect(running.tracing).toBe(false);
    expect(await (await fetch(`${running.url}/health`)).json()).toEqual({ status: 'ok', nodes: 1 });
    await running.shutdown.shutdown();
    running.shutdown();
    expect(running.app.aerospike.client.state).toBe('closed');
    await expect(fetch(`${running.url}/health`)).rejects.toThrow();
  });

  it('installs signal handlers only when asked', async () => {
    const before = process.listenerCount('SIGTERM');
    const running = await startServer({ env: { PORT: '0', HOST: '127.0.0.1', AEROSPIKE_HOSTS: cluster.hosts }, signals: ['SIGTERM'] });
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    running.shutdown();
    expect(process.listenerCount('SIGTERM')).toBe(before);
    await running.shutdown.shutdown();
  });

  it('uses AEROSPIKE_HOSTS when set, and turns tracing on when OTEL_* is set', async () => {
    // initTracing reads the exporter choice from process.env; `none` makes spans without sending them anywhere.
    vi.stubEnv('OTEL_TRACES_EXPORTER', 'none');
    try {
      const env = { PORT: '0', HOST: '127.0.0.1', AEROSPIKE_HOSTS: cluster.hosts, OTEL_TRACES_EXPORTER: 'none' };
      expect(wantsTracing(env)).toBe(true);
      expect(wantsTracing({ PORT: '1' })).toBe(false);
      const running = await startServer({ env });
      try {
        expect(running.memory).toBeUndefined();
        expect(running.tracing).toBe(true);
        const res = await fetch(`${running.url}/users`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ id: 'traced', name: 'T', email: 't@example.com' }),
        });
        expect(res.status).toBe(201);
      } finally {
        await running.shutdown.shutdown();
      }
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
