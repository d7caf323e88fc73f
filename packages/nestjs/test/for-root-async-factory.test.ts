import type { Client } from '@aerospike-ts/core';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { AerospikeModule, getAerospikeClientToken } from '@aerospike-ts/nestjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigModule, ConfigService, usersController } from './fixtures.js';
import { expectNoLeftoverHandles, handleCounts, request, startApp } from './support.js';

describe('AerospikeModule.forRootAsync with useFactory + inject + imports', () => {
  let cluster: MemoryCluster;
  beforeAll(async () => {
    cluster = await startMemoryCluster();
  });
  afterAll(async () => {
    await cluster.close();
  });

  it('builds the options from an imported provider, serves requests and closes the client', async () => {
    const before = handleCounts();
    const seen: string[] = [];
    const { app, moduleRef, url } = await startApp({
      imports: [
        AerospikeModule.forRootAsync({
          imports: [ConfigModule.forRoot({ AEROSPIKE_HOSTS: cluster.hosts, AEROSPIKE_TIMEOUT: '500' })],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => {
            seen.push(config.get('AEROSPIKE_HOSTS'));
            return { hosts: config.get('AEROSPIKE_HOSTS'), timeout: Number(config.get('AEROSPIKE_TIMEOUT')) };
          },
        }),
      ],
      controllers: [usersController()],
    });
    expect(seen).toEqual([cluster.hosts]);
    const client = moduleRef.get<Client>(getAerospikeClientToken());
    expect(client.config.timeout).toBe(500);

    expect((await request(`${url}/users/grace`, { method: 'PUT', body: { name: 'Grace' } })).status).toBe(200);
    expect(await request(`${url}/users/grace`)).toMatchObject({ status: 200, body: { name: 'Grace' } });

    await app.close();
    expect(client.state).toBe('closed');
    await expectNoLeftoverHandles(before);
  });

  it('accepts an async factory', async () => {
    const { app, moduleRef } = await startApp({
      imports: [
        AerospikeModule.forRootAsync({
          useFactory: async () => {
            await new Promise((resolve) => setTimeout(resolve, 5));
            return { hosts: cluster.hosts };
          },
        }),
      ],
    });
    expect(moduleRef.get<Client>(getAerospikeClientToken()).isConnected()).toBe(true);
    await app.close();
  });

  it('fails bootstrap when the factory names a different client than the registration', async () => {
    await expect(
      startApp({ imports: [AerospikeModule.forRootAsync({ name: 'a', useFactory: () => ({ hosts: cluster.hosts, name: 'b' }) })] }),
    ).rejects.toThrow(/set name on the forRootAsync options/);
  });

  it('requires exactly one of useFactory, useClass and useExisting', () => {
    expect(() => AerospikeModule.forRootAsync({})).toThrow(/exactly one of useFactory, useClass and useExisting, got 0/);
  });
});
