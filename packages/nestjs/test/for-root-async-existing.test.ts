import type { Client } from '@aerospike-ts/core';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { type AerospikeModuleOptions, AerospikeModule, type AerospikeOptionsFactory, getAerospikeClientToken } from '@aerospike-ts/nestjs';
import { type DynamicModule, Inject, Injectable, Module } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigModule, ConfigService, usersController } from './fixtures.js';
import { expectNoLeftoverHandles, handleCounts, request, startApp } from './support.js';

let created = 0;

/** An application's own settings service, which also knows how to configure Aerospike. */
@Injectable()
class SettingsService implements AerospikeOptionsFactory {
  constructor(@Inject(ConfigService) private readonly config: ConfigService) {
    created++;
  }

  createAerospikeOptions(): AerospikeModuleOptions {
    return { hosts: this.config.get('AEROSPIKE_HOSTS'), clusterName: null };
  }
}

@Module({})
class SettingsModule {
  static forRoot(hosts: string): DynamicModule {
    return {
      module: SettingsModule,
      imports: [ConfigModule.forRoot({ AEROSPIKE_HOSTS: hosts })],
      providers: [SettingsService],
      exports: [SettingsService],
    };
  }
}

describe('AerospikeModule.forRootAsync with useExisting', () => {
  let cluster: MemoryCluster;
  beforeAll(async () => {
    cluster = await startMemoryCluster();
  });
  afterAll(async () => {
    await cluster.close();
  });

  it('reuses the imported provider instead of creating another, serves requests and closes the client', async () => {
    created = 0;
    const before = handleCounts();
    const settings = SettingsModule.forRoot(cluster.hosts);
    const { app, moduleRef, url } = await startApp({
      imports: [settings, AerospikeModule.forRootAsync({ imports: [settings], useExisting: SettingsService })],
      controllers: [usersController()],
    });
    expect(created).toBe(1);
    expect((await request(`${url}/users/ken`, { method: 'PUT', body: { name: 'Ken' } })).status).toBe(200);
    expect(await request(`${url}/users/ken`)).toMatchObject({ status: 200, body: { name: 'Ken' } });
    const client = moduleRef.get<Client>(getAerospikeClientToken());
    await app.close();
    expect(client.state).toBe('closed');
    await expectNoLeftoverHandles(before);
  });
});
