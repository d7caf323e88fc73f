import type { Client } from '@aerospike-ts/core';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { type AerospikeModuleOptions, AerospikeModule, type AerospikeOptionsFactory, getAerospikeClientToken } from '@aerospike-ts/nestjs';
import { Inject, Injectable } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigModule, ConfigService, usersController } from './fixtures.js';
import { expectNoLeftoverHandles, handleCounts, request, startApp } from './support.js';

const names: Array<string | undefined> = [];

@Injectable()
class AerospikeConfig implements AerospikeOptionsFactory {
  constructor(@Inject(ConfigService) private readonly config: ConfigService) {}

  createAerospikeOptions(name?: string): AerospikeModuleOptions {
    names.push(name);
    return { hosts: this.config.get('AEROSPIKE_HOSTS') };
  }
}

describe('AerospikeModule.forRootAsync with useClass', () => {
  let cluster: MemoryCluster;
  beforeAll(async () => {
    cluster = await startMemoryCluster();
  });
  afterAll(async () => {
    await cluster.close();
  });

  it('instantiates the class with its dependencies, serves requests and closes the client', async () => {
    names.length = 0;
    const before = handleCounts();
    const { app, moduleRef, url } = await startApp({
      imports: [AerospikeModule.forRootAsync({ imports: [ConfigModule.forRoot({ AEROSPIKE_HOSTS: cluster.hosts })], useClass: AerospikeConfig })],
      controllers: [usersController()],
    });
    expect(names).toEqual([undefined]);
    expect((await request(`${url}/users/linus`, { method: 'PUT', body: { name: 'Linus' } })).status).toBe(200);
    expect(await request(`${url}/users/linus`)).toMatchObject({ status: 200, body: { name: 'Linus' } });
    const client = moduleRef.get<Client>(getAerospikeClientToken());
    await app.close();
    expect(client.state).toBe('closed');
    await expectNoLeftoverHandles(before);
  });

  it('passes the registration name to createAerospikeOptions', async () => {
    names.length = 0;
    const { app, moduleRef, url } = await startApp({
      imports: [
        AerospikeModule.forRootAsync({
          name: 'reports',
          imports: [ConfigModule.forRoot({ AEROSPIKE_HOSTS: cluster.hosts })],
          useClass: AerospikeConfig,
        }),
      ],
      controllers: [usersController('reports')],
    });
    expect(names).toEqual(['reports']);
    expect((await request(`${url}/users/r1`, { method: 'PUT', body: { n: 1 } })).status).toBe(200);
    const client = moduleRef.get<Client>(getAerospikeClientToken('reports'));
    await app.close();
    expect(client.state).toBe('closed');
  });

  it('takes the dependencies of the class from extraProviders too', async () => {
    const { app, moduleRef } = await startApp({
      imports: [
        AerospikeModule.forRootAsync({
          useClass: AerospikeConfig,
          extraProviders: [{ provide: ConfigService, useValue: new ConfigService({ AEROSPIKE_HOSTS: cluster.hosts }) }],
        }),
      ],
    });
    expect(moduleRef.get<Client>(getAerospikeClientToken()).isConnected()).toBe(true);
    await app.close();
  });
});
