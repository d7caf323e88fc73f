import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client } from '@aerospike-ts/core';
import { startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';

function handleCounts(): { tcp: number; timers: number } {
  const info = process.getActiveResourcesInfo();
  return { tcp: info.filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap').length, timers: info.filter((r) => r === 'Timeout').length };
}

async function expectNoLeftoverHandles(before: { tcp: number; timers: number }): Promise<void> {
  const until = Date.now() + 3000;
  let now = handleCounts();
  while ((now.tcp > before.tcp || now.timers > before.timers) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    now = handleCounts();
  }
  expect(now.tcp, process.getActiveResourcesInfo().join(', ')).toBeLessThanOrEqual(before.tcp);
  expect(now.timers, process.getActiveResourcesInfo().join(', ')).toBeLessThanOrEqual(before.timers);
}

async function call(url: string, method = 'GET', body?: unknown): Promise<{ status: number; headers: Headers; body: unknown }> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const isJson = res.headers.get('content-type')?.includes('json') ?? false;
  return { status: res.status, headers: res.headers, body: isJson ? JSON.parse(text) : text };
}

describe('the NestJS example', () => {
  it('serves the users API, health and metrics, and shuts down cleanly', async () => {
    const before = handleCounts();
    // On the cluster of AEROSPIKE_HOSTS when set (CI against a real server), else on a memory cluster.
    const { app, memoryCluster, close } = await createApp({ logger: false });
    expect(memoryCluster === undefined).toBe(Boolean(process.env.AEROSPIKE_HOSTS));
    const grace = `grace-${randomUUID().slice(0, 8)}`;
    await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const client = app.get(Client);

    const created = await call(`${url}/users`, 'POST', { name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(created.status).toBe(201);
    const { id } = created.body as { id: string };
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    expect(await call(`${url}/users/${id}`)).toMatchObject({ status: 200, body: { id, name: 'Ada Lovelace', email: 'ada@example.com' } });
    expect(await call(`${url}/users`, 'POST', { id: grace, name: 'Grace', email: 'grace@example.com' })).toMatchObject({ status: 201 });
    expect(await call(`${url}/users`, 'POST', { id: grace, name: 'Grace', email: 'grace@example.com' })).toMatchObject({
      status: 409,
      body: { statusCode: 409, error: 'KEY_EXISTS_ERROR' },
    });
    expect(await call(`${url}/users`, 'POST', { name: '', email: 'x' })).toMatchObject({ status: 400, body: { message: 'name: expected a non-empty string' } });
    expect(await call(`${url}/users/nobody`)).toMatchObject({ status: 404, body: { error: 'KEY_NOT_FOUND_ERROR' } });

    expect((await call(`${url}/users/${grace}`, 'DELETE')).status).toBe(204);
    expect((await call(`${url}/users/${grace}`, 'DELETE')).status).toBe(404);
    expect((await call(`${url}/users/${grace}`)).status).toBe(404);

    // However many nodes the target has (one memory node, or a real cluster of AEROSPIKE_HOSTS).
    const nodes = client.nodes().length;
    expect(nodes).toBeGreaterThan(0);
    expect(await call(`${url}/health`)).toMatchObject({ status: 200, body: { status: 'ok', info: { aerospike: { status: 'up', nodes } } } });

    const metrics = await call(`${url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(/db_client_operation_duration_seconds_count\{[^}]*db_operation_name="put"[^}]*\} 2/);
    expect(metrics.body).toMatch(/error_type="KEY_EXISTS_ERROR"/);

    await close();
    expect(client.state).toBe('closed');
    expect(memoryCluster?.nodes.every((n) => !n.running) ?? true).toBe(true);
    await expectNoLeftoverHandles(before);
  });

  it('runs against the cluster given in hosts and reports down when it stops answering', async () => {
    const cluster = await startMemoryCluster();
    try {
      const { app, memoryCluster, close } = await createApp({ hosts: cluster.hosts, logger: false });
      expect(memoryCluster).toBeUndefined();
      await app.listen(0, '127.0.0.1');
      const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
      try {
        expect((await call(`${url}/users`, 'POST', { id: 'x', name: 'X', email: 'x@example.com' })).status).toBe(201);
        expect(cluster.namespace('test')?.size).toBe(1);
        cluster.node(0).faults.latencyMs = 1500;
        expect(await call(`${url}/health`)).toMatchObject({ status: 503, body: { status: 'error', error: { aerospike: { status: 'down' } } } });
        cluster.node(0).faults.latencyMs = 0;
      } finally {
        await close();
      }
    } finally {
      await cluster.close();
    }
  });
});
