import { Client } from '@aerospike-ts/core';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { AerospikeModule, getAerospikeClientToken } from '@aerospike-ts/nestjs';
import { Module } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usersController } from './fixtures.js';
import { expectNoLeftoverHandles, handleCounts, request, startApp } from './support.js';

describe('AerospikeModule.forRoot', () => {
  let cluster: MemoryCluster;
  beforeAll(async () => {
    cluster = await startMemoryCluster();
  });
  afterAll(async () => {
    await cluster.close();
  });

  it('connects before bootstrap completes, serves real HTTP requests and closes the client on shutdown', async () => {
    const before = handleCounts();
    const { app, moduleRef, url } = await startApp({
      imports: [AerospikeModule.forRoot({ hosts: cluster.hosts })],
      controllers: [usersController()],
    });
    const client = moduleRef.get<Client>(getAerospikeClientToken());
    expect(client).toBeInstanceOf(Client);
    expect(client.state).toBe('connected');
    expect(moduleRef.get(Client)).toBe(client);

    const put = await request(`${url}/users/ada`, { method: 'PUT', body: { name: 'Ada', born: 1815 } });
    expect(put).toMatchObject({ status: 200, body: { id: 'ada', generation: 1 } });
    expect(await request(`${url}/users/ada`)).toMatchObject({ status: 200, body: { name: 'Ada', born: 1815 } });
    expect(await request(`${url}/users/ada`, { method: 'DELETE' })).toMatchObject({ status: 204 });
    expect(cluster.namespace('test')?.size).toBe(0);

    await app.close();
    expect(client.state).toBe('closed');
    await expectNoLeftoverHandles(before);
  });

  it('is global: a module that does not import it can inject the client', async () => {
    const Users = usersController();
    @Module({ controllers: [Users] })
    class FeatureModule {}
    const { app, url } = await startApp({ imports: [AerospikeModule.forRoot({ hosts: cluster.hosts }), FeatureModule] });
    expect((await request(`${url}/users/x`, { method: 'PUT', body: { n: 1 } })).status).toBe(200);
    await app.close();
  });

  it('gives each application compiled from one module object its own client', async () => {
    const registration = AerospikeModule.forRoot({ hosts: cluster.hosts });
    const first = await startApp({ imports: [registration] });
    const second = await startApp({ imports: [registration] });
    const a = first.moduleRef.get(Client);
    const b = second.moduleRef.get(Client);
    expect(a).not.toBe(b);
    await first.app.close();
    expect(a.state).toBe('closed');
    expect(b.state).toBe('connected');
    await second.app.close();
    expect(b.state).toBe('closed');
  });

  it('rejects a bad configuration at bootstrap without retrying', async () => {
    const started = Date.now();
    await expect(startApp({ imports: [AerospikeModule.forRoot({ hosts: cluster.hosts, timeout: -5 })] })).rejects.toMatchObject({
      name: 'InvalidArgumentError',
      code: 'PARAMETER_ERROR',
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('rejects an empty client name', () => {
    expect(() => AerospikeModule.forRoot({ hosts: cluster.hosts, name: '' })).toThrow(/non-empty string/);
  });
});
