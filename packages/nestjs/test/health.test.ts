import { type Client, connect } from '@aerospike-ts/core';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { AerospikeModule, getAerospikeClientToken } from '@aerospike-ts/nestjs';
import { type AerospikeHealthCheckOptions, AerospikeHealthIndicator } from '@aerospike-ts/nestjs/health';
import { Controller, type DynamicModule, Get, Inject, type ModuleMetadata, Query } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeftoverHandles, handleCounts, request, startApp } from './support.js';

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

  it('reports down with 503 when the ping exceeds the timeout', async () => {
    checkOptions = { timeout: 100 };
    const slow = await startMemoryCluster();
    const { app, url } = await startApp(withHealth(AerospikeModule.forRoot({ hosts: slow.hosts })));
    slow.node(0).faults.latencyMs = 400;
    try {
      const res = await request(`${url}/health`);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'error', error: { aerospike: { status: 'down', message: 'timeout of 100ms exceeded', nodes: 1 } } });
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
