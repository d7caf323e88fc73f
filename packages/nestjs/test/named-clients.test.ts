import { Client } from '@aerospike-ts/core';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { AerospikeModule, InjectAerospike, getAerospikeClientToken } from '@aerospike-ts/nestjs';
import { Controller, Get } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigModule, ConfigService, usersController } from './fixtures.js';
import { expectNoLeftoverHandles, handleCounts, request, startApp } from './support.js';

@Controller('both')
class BothController {
  constructor(
    @InjectAerospike() private readonly main: Client,
    @InjectAerospike('analytics') private readonly analytics: Client,
  ) {}

  @Get()
  same(): { distinct: boolean } {
    return { distinct: this.main !== this.analytics };
  }
}

describe('named clients', () => {
  let main: MemoryCluster;
  let analytics: MemoryCluster;
  beforeAll(async () => {
    [main, analytics] = await Promise.all([startMemoryCluster(), startMemoryCluster()]);
  });
  afterAll(async () => {
    await Promise.all([main.close(), analytics.close()]);
  });

  it('gives the default client the Client class as token and named clients a string token', () => {
    expect(getAerospikeClientToken()).toBe(Client);
    expect(getAerospikeClientToken('default')).toBe(Client);
    expect(getAerospikeClientToken('analytics')).toBe('AerospikeClient:analytics');
  });

  it('registers two clients under two tokens, each talking to its own cluster, and closes both', async () => {
    const before = handleCounts();
    const { app, moduleRef, url } = await startApp({
      imports: [
        AerospikeModule.forRoot({ hosts: main.hosts }),
        AerospikeModule.forRootAsync({
          name: 'analytics',
          imports: [ConfigModule.forRoot({ HOSTS: analytics.hosts })],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({ hosts: config.get('HOSTS') }),
        }),
      ],
      controllers: [usersController(undefined, 'users'), usersController('analytics', 'events'), BothController],
    });
    const mainClient = moduleRef.get<Client>(getAerospikeClientToken());
    const analyticsClient = moduleRef.get<Client>(getAerospikeClientToken('analytics'));
    expect(mainClient).not.toBe(analyticsClient);
    expect(await request(`${url}/both`)).toMatchObject({ body: { distinct: true } });

    expect((await request(`${url}/users/u1`, { method: 'PUT', body: { kind: 'user' } })).status).toBe(200);
    expect((await request(`${url}/events/e1`, { method: 'PUT', body: { kind: 'event' } })).status).toBe(200);
    expect((await request(`${url}/events/e2`, { method: 'PUT', body: { kind: 'event' } })).status).toBe(200);
    expect(main.namespace('test')?.size).toBe(1);
    expect(analytics.namespace('test')?.size).toBe(2);

    await app.close();
    expect(mainClient.state).toBe('closed');
    expect(analyticsClient.state).toBe('closed');
    await expectNoLeftoverHandles(before);
  });

  it('registers two named clients with forRoot alone', async () => {
    const { app, moduleRef } = await startApp({
      imports: [AerospikeModule.forRoot({ name: 'a', hosts: main.hosts }), AerospikeModule.forRoot({ name: 'b', hosts: analytics.hosts })],
    });
    const a = moduleRef.get<Client>(getAerospikeClientToken('a'));
    const b = moduleRef.get<Client>(getAerospikeClientToken('b'));
    expect(a.config.hosts[0]?.port).toBe(main.nodes[0]?.port);
    expect(b.config.hosts[0]?.port).toBe(analytics.nodes[0]?.port);
    await app.close();
    expect([a.state, b.state]).toEqual(['closed', 'closed']);
  });
});
