import { type Client, connect } from '@aerospike-ts/core';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { AerospikeModule, getAerospikeClientToken } from '@aerospike-ts/nestjs';
import { type AerospikeHealthCheckOptions, AerospikeHealthIndicator } from '@aerospike-ts/nestjs/health';
import { Controller, type DynamicModule, Get, Inject, type ModuleMetadata, Query } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useClusters } from '../../../test/support/clusters.js';
import { expectNoLeftoverHandles, handleCounts, request, startApp, waitFor } from './support.js';

let checkOptions: AerospikeHealthCheckOptions = {};

@Controller('health')
class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(AerospikeHealthIndicator) private readonly aerospike: AerospikeHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check(@Query('name') name?: string) {
    return this.health.check([() => this.aerospike.isHealthy('aerospike', { ...checkOptions, ...(name ? { name } : {}) })]);
  }
}

/** An application with the health controller, plus `imports`. */
function withHealth(...imports: DynamicModule[]): ModuleMetadata {
  return { imports: [TerminusModule, ...imports], controllers: [HealthController], providers: [AerospikeHealthIndicator] };
}

describe('AerospikeHealthIndicator', () => {
  let cluster: MemoryCluster;
  beforeAll(async () => {
    cluster = await startMemoryCluster();
  });
  afterAll(async () => {
    await cluster.close();
  });

  it('reports up with the node count and ping latency, over real HTTP', async () => {
    checkOptions = {};
    const before = handleCounts();
    const { app, moduleRef, url } = await startApp(withHealth(AerospikeModule.forRoot({ hosts: cluster.hosts })));
    const res = await request(`${url}/health`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { aerospike: { status: 'up', nodes: 1, latencyMs: expect.any(Number) } } });
    const client = moduleRef.get<Client>(getAerospikeClientToken());
    await app.close();
    expect(client.state).toBe('closed');
    await expectNoLeftoverHandles(before);
  });

  it('skips the ping with ping: false', async () => {
    checkOptions = { ping: false };
    const { app, url } = await startApp(withHealth(AerospikeModule.forRoot({ hosts: cluster.hosts })));
    const res = await request(`${url}/health`);
    expect(res.body).toMatchObject({ status: 'ok', info: { aerospike: { status: 'up', nodes: 1 } } });
    expect((res.body as { info: { aerospike: object } }).info.aerospike).not.toHaveProperty('latencyMs');
    await app.close();
  });

  it('reports down with 503, naming the node, when the only node does not answer within the timeout', async () => {
    checkOptions = { timeout: 100 };
    const slow = await startMemoryCluster();
    const { app, url } = await startApp(withHealth(AerospikeModule.forRoot({ hosts: slow.hosts })));
    slow.node(0).faults.latencyMs = 400;
    try {
      const res = await request(`${url}/health`);
      expect(res.status).toBe(503);
      // Each node gets 80% of the check's time, so the check reports which node did not answer instead of timing out.
      expect(res.body).toMatchObject({
        status: 'error',
        error: { aerospike: { status: 'down', clusterStatus: 'down', nodes: 1, message: expect.stringMatching(/^the cluster is down: node \S+ \(127\.0\.0\.1:\d+\) does not answer: no reply .* within 80 ms/) } },
      });
    } finally {
      slow.node(0).faults.latencyMs = 0;
      await app.close();
      await slow.close();
    }
  });

  it('reports down while a lazy client is not connected', async () => {
    checkOptions = {};
    const { app, url } = await startApp(
      withHealth(AerospikeModule.forRoot({ hosts: '127.0.0.1:1', lazyConnect: true, retryDelay: 60_000, timeout: 100 })),
    );
    const res = await request(`${url}/health`);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ error: { aerospike: { status: 'down', message: expect.stringMatching(/^the client is (created|connecting)$/) } } });
    await app.close();
  });

  it('reports down for a closed client and for a name nobody registered', async () => {
    const closed = await connect({ hosts: cluster.hosts });
    await closed.close();
    checkOptions = { client: closed };
    const { app, url } = await startApp(withHealth());
    expect(await request(`${url}/health`)).toMatchObject({ status: 503, body: { error: { aerospike: { status: 'down', message: 'the client is closed' } } } });
    checkOptions = {};
    expect(await request(`${url}/health?name=nobody`)).toMatchObject({
      status: 503,
      body: { error: { aerospike: { message: 'no Aerospike client is registered under the name "nobody"' } } },
    });
    await app.close();
  });

  it('checks a named client', async () => {
    checkOptions = {};
    const { app, url } = await startApp(withHealth(AerospikeModule.forRoot({ name: 'side', hosts: cluster.hosts })));
    expect(await request(`${url}/health?name=side`)).toMatchObject({ status: 200, body: { info: { aerospike: { status: 'up' } } } });
    await app.close();
  });
});

describe('AerospikeHealthIndicator and the cluster health', () => {
  const PARTITIONS = 4096;
  const clusters = useClusters();

  it('ok: up, with the cluster status, no problems and the per-namespace figures', async () => {
    checkOptions = {};
    const c = await clusters.start({ nodes: 2, replicationFactor: 2 });
    const { app, url } = await startApp(withHealth(AerospikeModule.forRoot({ hosts: c.hosts })));
    const res = await request(`${url}/health`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      info: {
        aerospike: {
          status: 'up',
          nodes: 2,
          clusterStatus: 'ok',
          problems: [],
          namespaces: { test: { replicationFactor: 2, partitions: PARTITIONS, unavailable: 0, underReplicated: 0, migrationsRemaining: 0 } },
        },
      },
    });
    await app.close();
  });

  it('degraded: still up, saying why; with degradedIsDown it is down with 503', async () => {
    const c = await clusters.start({ nodes: 2, replicationFactor: 2 });
    const { app, moduleRef, url } = await startApp(withHealth(AerospikeModule.forRoot({ hosts: c.hosts, tendInterval: 100 })));
    await c.stopNode(1);
    await waitFor(() => moduleRef.get<Client>(getAerospikeClientToken()).nodes().length === 1);
    checkOptions = {};
    const degraded = {
      clusterStatus: 'degraded',
      problems: expect.arrayContaining([expect.stringContaining('fewer than 2 reachable copies')]),
      namespaces: { test: { replicationFactor: 2, underReplicated: PARTITIONS } },
    };
    let res = await request(`${url}/health`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { aerospike: { status: 'up', nodes: 1, ...degraded } } });

    checkOptions = { degradedIsDown: true };
    res = await request(`${url}/health`);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      status: 'error',
      error: { aerospike: { status: 'down', state: 'connected', message: expect.stringMatching(/^the cluster is degraded: /), ...degraded } },
    });
    await app.close();
  });

  it('down: no node answers, 503 with the cluster status', async () => {
    checkOptions = {};
    const c = await clusters.start({ nodes: 2, replicationFactor: 1, heartbeatTimeoutMs: 60_000 });
    const { app, url } = await startApp(withHealth(AerospikeModule.forRoot({ hosts: c.hosts })));
    await c.stopNode(1);
    await c.stopNode(0);
    const res = await request(`${url}/health`);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      status: 'error',
      error: { aerospike: { status: 'down', clusterStatus: 'down', message: expect.stringMatching(/^the cluster is down: /) } },
    });
    await app.close();
  });
});
