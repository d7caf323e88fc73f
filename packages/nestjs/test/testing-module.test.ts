import { Client, connect } from '@aerospike-ts/core';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { InjectAerospike, getAerospikeClientToken } from '@aerospike-ts/nestjs';
import { AerospikeTestingModule, getAerospikeMemoryClusterToken } from '@aerospike-ts/nestjs/testing';
import { Inject, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { usersController } from './fixtures.js';
import { expectNoLeftoverHandles, handleCounts, request, startApp } from './support.js';

/** Code under test: a feature module that relies on the root registering a client. */
@Injectable()
class CounterService {
  constructor(@InjectAerospike() private readonly client: Client) {}

  async increment(id: string): Promise<number> {
    await this.client.add(['test', 'counters', id], { n: 1 });
    return (await this.client.get(['test', 'counters', id])).bins.n as number;
  }
}

@Module({ providers: [CounterService], exports: [CounterService] })
class CounterModule {}

describe('AerospikeTestingModule', () => {
  it('starts a memory cluster with the module, serves the code under test, and stops both on close', async () => {
    const before = handleCounts();
    const { app, moduleRef, url } = await startApp({
      imports: [AerospikeTestingModule.forRoot(), CounterModule],
      controllers: [usersController()],
    });
    const counter = moduleRef.get(CounterService);
    expect(await counter.increment('a')).toBe(1);
    expect(await counter.increment('a')).toBe(2);
    expect((await request(`${url}/users/t`, { method: 'PUT', body: { ok: 1 } })).status).toBe(200);

    const cluster = moduleRef.get<MemoryCluster>(getAerospikeMemoryClusterToken());
    const client = moduleRef.get<Client>(getAerospikeClientToken());
    expect(cluster.namespace('test')?.size).toBe(2);
    await app.close();
    expect(client.state).toBe('closed');
    expect(cluster.nodes.every((n) => !n.running)).toBe(true);
    await expectNoLeftoverHandles(before);
  });

  it('passes memory-cluster options through and logs in as the first user', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AerospikeTestingModule.forRoot({ name: 'secure', memoryCluster: { nodes: 2, users: { admin: 'pw' } }, clientConfig: { timeout: 500 } })],
    }).compile();
    const app = await moduleRef.createNestApplication({ logger: false }).init();
    const client = moduleRef.get<Client>(getAerospikeClientToken('secure'));
    expect(client.nodes()).toHaveLength(2);
    expect(client.config.user).toBe('admin');
    expect(client.config.timeout).toBe(500);
    const cluster = moduleRef.get<MemoryCluster>(getAerospikeMemoryClusterToken('secure'));
    expect(cluster.nodes).toHaveLength(2);
    await app.close();
    expect(client.state).toBe('closed');
  });

  it('provides a given client instead, and closes nothing', async () => {
    const cluster = await startMemoryCluster();
    try {
      await using client = await connect({ hosts: cluster.hosts });
      const moduleRef = await Test.createTestingModule({ imports: [AerospikeTestingModule.forRoot({ client }), CounterModule] }).compile();
      const app = await moduleRef.createNestApplication({ logger: false }).init();
      expect(await moduleRef.get(CounterService).increment('b')).toBe(1);
      expect(moduleRef.get(getAerospikeMemoryClusterToken())).toBeUndefined();
      await app.close();
      expect(client.state).toBe('connected');
      expect(cluster.nodes[0]?.running).toBe(true);
    } finally {
      await cluster.close();
    }
  });

  it('works with any injected fake, with no test-runner mocks involved', async () => {
    const calls: unknown[] = [];
    const fake = {
      add: async (...args: unknown[]) => void calls.push(args),
      get: async () => ({ bins: { n: 42 } }),
    } as unknown as Client;
    const moduleRef = await Test.createTestingModule({ imports: [AerospikeTestingModule.forRoot({ client: fake }), CounterModule] }).compile();
    expect(await moduleRef.get(CounterService).increment('c')).toBe(42);
    expect(calls).toHaveLength(1);
    await moduleRef.close();
  });

  it('needs a client when the memory cluster is turned off', async () => {
    await expect(Test.createTestingModule({ imports: [AerospikeTestingModule.forRoot({ memoryCluster: false })] }).compile()).rejects.toThrow(
      /give a client or leave memoryCluster on/,
    );
  });

  it('is injectable by type in a provider that asks for the Client class token', async () => {
    @Injectable()
    class ByClass {
      constructor(@Inject(Client) readonly client: Client) {}
    }
    const moduleRef = await Test.createTestingModule({ imports: [AerospikeTestingModule.forRoot()], providers: [ByClass] }).compile();
    expect(moduleRef.get(ByClass).client.isConnected()).toBe(true);
    await moduleRef.close();
  });
});
