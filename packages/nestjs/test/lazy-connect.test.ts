import { type Client, InvalidArgumentError } from '@aerospike-ts/core';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { AerospikeModule, getAerospikeClientToken } from '@aerospike-ts/nestjs';
import { afterEach, describe, expect, it } from 'vitest';
import { usersController } from './fixtures.js';
import { RecordingLogger, deadPort, expectNoLeftoverHandles, handleCounts, request, startApp, waitFor } from './support.js';

describe('lazyConnect', () => {
  const clusters: MemoryCluster[] = [];
  afterEach(async () => {
    await Promise.all(clusters.splice(0).map((c) => c.close()));
  });

  it('resolves bootstrap before connecting, then connects in the background', async () => {
    const before = handleCounts();
    const cluster = await startMemoryCluster();
    clusters.push(cluster);
    const { app, moduleRef, url } = await startApp({
      imports: [AerospikeModule.forRoot({ hosts: cluster.hosts, lazyConnect: true })],
      controllers: [usersController()],
    });
    const client = moduleRef.get<Client>(getAerospikeClientToken());
    expect(client.isConnected()).toBe(false);
    await waitFor(() => client.isConnected());
    expect((await request(`${url}/users/lazy`, { method: 'PUT', body: { v: 1 } })).status).toBe(200);
    await app.close();
    expect(client.state).toBe('closed');
    await cluster.close();
    await expectNoLeftoverHandles(before);
  });

  it('starts while the cluster is down and connects once it comes up', async () => {
    const logger = new RecordingLogger();
    const port = await deadPort();
    const started = Date.now();
    const { app, moduleRef, url } = await startApp(
      {
        imports: [AerospikeModule.forRoot({ hosts: `127.0.0.1:${port}`, lazyConnect: true, retryDelay: 50, timeout: 200 })],
        controllers: [usersController()],
      },
      logger,
    );
    expect(Date.now() - started).toBeLessThan(3000);
    const client = moduleRef.get<Client>(getAerospikeClientToken());
    expect(client.state).toBe('created');
    expect((await request(`${url}/users/early`)).status).toBe(500);

    await waitFor(() => logger.matching('Retrying (2)').length > 0);
    const cluster = await startMemoryCluster({ ports: [port] });
    clusters.push(cluster);
    await waitFor(() => client.isConnected());
    expect(logger.matching('Connected to the Aerospike cluster')).toHaveLength(1);
    expect((await request(`${url}/users/late`, { method: 'PUT', body: { v: 2 } })).status).toBe(200);
    expect(await request(`${url}/users/late`)).toMatchObject({ status: 200, body: { v: 2 } });
    await app.close();
    expect(client.state).toBe('closed');
  });

  it('stops retrying at shutdown and leaves nothing running', async () => {
    const before = handleCounts();
    const logger = new RecordingLogger();
    const port = await deadPort();
    const { app, moduleRef } = await startApp(
      { imports: [AerospikeModule.forRoot({ hosts: `127.0.0.1:${port}`, lazyConnect: true, retryDelay: 60_000, timeout: 200 })] },
      logger,
    );
    await waitFor(() => logger.matching('Retrying (1)').length > 0);
    const closing = Date.now();
    await app.close();
    expect(Date.now() - closing).toBeLessThan(3000);
    expect(moduleRef.get<Client>(getAerospikeClientToken()).state).toBe('closed');
    expect(logger.matching('Gave up')).toHaveLength(0);
    await expectNoLeftoverHandles(before);
  });

  it('gives up on refused credentials, logs why, and still closes the client', async () => {
    const logger = new RecordingLogger();
    const cluster = await startMemoryCluster({ users: { admin: 'secret' } });
    clusters.push(cluster);
    const { app, moduleRef } = await startApp(
      { imports: [AerospikeModule.forRoot({ hosts: cluster.hosts, user: 'admin', password: 'nope', lazyConnect: true, retryDelay: 10 })] },
      logger,
    );
    await waitFor(() => logger.matching('Gave up connecting').length > 0);
    expect(logger.matching('Gave up connecting')[0]).toMatch(/refused/);
    expect(logger.matching('Retrying')).toHaveLength(0);
    const client = moduleRef.get<Client>(getAerospikeClientToken());
    expect(client.state).toBe('created');
    await app.close();
    expect(client.state).toBe('closed');
  });

  it('honours a finite retryAttempts', async () => {
    const logger = new RecordingLogger();
    const port = await deadPort();
    const { app } = await startApp(
      { imports: [AerospikeModule.forRoot({ hosts: `127.0.0.1:${port}`, lazyConnect: true, retryAttempts: 2, retryDelay: 10, timeout: 200 })] },
      logger,
    );
    await waitFor(() => logger.matching('Gave up connecting').length > 0);
    expect(logger.matching('Retrying')).toHaveLength(2);
    await app.close();
  });

  it('still fails bootstrap on a bad configuration', async () => {
    await expect(startApp({ imports: [AerospikeModule.forRoot({ hosts: '127.0.0.1:3000', lazyConnect: true, maxConnsPerNode: -1 })] })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
  });
});
