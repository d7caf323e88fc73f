import { Client, connect } from '@aerospike-ts/core';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { AerospikeModule, getAerospikeClientToken } from '@aerospike-ts/nestjs';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usersController } from './fixtures.js';
import { request, startApp } from './support.js';

describe('bringing your own client', () => {
  let cluster: MemoryCluster;
  beforeAll(async () => {
    cluster = await startMemoryCluster();
  });
  afterAll(async () => {
    await cluster.close();
  });

  it('provides the given client and leaves it open on shutdown', async () => {
    await using client = await connect({ hosts: cluster.hosts });
    const { app, moduleRef, url } = await startApp({
      imports: [AerospikeModule.forRoot({ client })],
      controllers: [usersController()],
    });
    expect(moduleRef.get(getAerospikeClientToken())).toBe(client);
    expect((await request(`${url}/users/own`, { method: 'PUT', body: { mine: 1 } })).status).toBe(200);
    await app.close();
    expect(client.state).toBe('connected');
    expect((await client.get(['test', 'users', 'own'])).bins).toEqual({ mine: 1 });
  });

  it('does not connect a client handed over unconnected', async () => {
    const client = new Client({ hosts: cluster.hosts });
    const { app, moduleRef } = await startApp({ imports: [AerospikeModule.forRootAsync({ name: 'later', useFactory: () => ({ client }) })] });
    expect(moduleRef.get(getAerospikeClientToken('later'))).toBe(client);
    expect(client.state).toBe('created');
    await app.close();
    expect(client.state).toBe('created');
  });

  it('lets a test override the client provider without opening a socket', async () => {
    const fake = { get: async () => ({ bins: { fake: true } }) };
    const moduleRef = await Test.createTestingModule({
      // Nothing listens here: the real factory would fail if it ran.
      imports: [AerospikeModule.forRoot({ hosts: '127.0.0.1:1', retryAttempts: 0 })],
      controllers: [usersController()],
    })
      .overrideProvider(getAerospikeClientToken())
      .useValue(fake)
      .compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    expect(moduleRef.get(getAerospikeClientToken())).toBe(fake);
    await app.close();
  });
});
