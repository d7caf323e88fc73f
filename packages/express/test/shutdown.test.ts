import http from 'node:http';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExpressAerospike, attachGracefulShutdown, createAerospike } from '../src/index.js';
import { deferred, handles, listen, request, settleTo } from './support.js';

let cluster: MemoryCluster;

beforeAll(async () => {
  cluster = await startMemoryCluster();
});

afterAll(async () => {
  await cluster.close();
});

/** An app with a slow route that writes through the client after `delayMs`; events go to `log`. */
async function slowApp(log: string[], delayMs = 300) {
  const aerospike = await createAerospike({ hosts: cluster.hosts });
  const arrived = deferred();
  const app = express();
  app.use(aerospike.middleware);
  app.get('/slow/:id', async (req, res) => {
    log.push('request started');
    arrived.resolve();
    await new Promise((r) => setTimeout(r, delayMs));
    await req.aerospike.put(['test', 'shutdown', req.params.id], { done: true });
    res.on('finish', () => log.push('response finished'));
    res.json({ done: true });
  });
  app.get('/hang', () => {
    log.push('hanging');
    arrived.resolve();
  });
  app.use(aerospike.errorHandler);
  const { server, url } = await listen(app);
  // Record when the client is closed, and what state it is in when closing starts.
  const tracked = {
    close: async () => {
      log.push('client closing');
      await aerospike.close();
      log.push('client closed');
    },
  };
  return { aerospike, arrived: arrived.promise, server, url, tracked };
}

function refused(url: string): Promise<string> {
  return request(url).then(
    () => 'accepted',
    (err: NodeJS.ErrnoException) => err.code ?? String(err),
  );
}

describe('attachGracefulShutdown', () => {
  it('lets a slow in-flight request finish, refuses new connections, then closes the client', async () => {
    const baseline = handles();
    const log: string[] = [];
    const { aerospike, arrived, server, url, tracked } = await slowApp(log);
    const detach = attachGracefulShutdown(server, tracked, { timeoutMs: 5_000 });
    // A keep-alive agent: the connection must still be closed right after the response, not after keepAliveTimeout.
    const agent = new http.Agent({ keepAlive: true });

    const inFlight = request(`${url}/slow/a`, { agent });
    await arrived;
    const started = Date.now();
    const shutdown = detach.shutdown();
    expect(detach.shutdown()).toBe(shutdown);
    expect(await refused(`${url}/slow/b`)).toBe('ECONNREFUSED');

    const reply = await inFlight;
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ done: true });
    expect(reply.headers.connection).toBe('close');
    await shutdown;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(log).toEqual(['request started', 'response finished', 'client closing', 'client closed']);
    expect(aerospike.client.state).toBe('closed');

    detach();
    agent.destroy();
    const after = await settleTo(baseline);
    expect(after.sockets).toBeLessThanOrEqual(baseline.sockets);
    expect(after.servers).toBeLessThanOrEqual(baseline.servers);
    expect(after.timers).toBeLessThanOrEqual(baseline.timers);
  });

  it('closes the client after the application closes the server itself', async () => {
    const log: string[] = [];
    const { aerospike, arrived, server, url, tracked } = await slowApp(log, 150);
    attachGracefulShutdown(server, tracked);
    const agent = new http.Agent({ keepAlive: true });
    const inFlight = request(`${url}/slow/c`, { agent });
    await arrived;
    const started = Date.now();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    expect((await inFlight).status).toBe(200);
    await closed;
    // Not held open until the agent's keep-alive socket times out (5 s by default).
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect.poll(() => aerospike.client.state).toBe('closed');
    expect(log).toEqual(['request started', 'response finished', 'client closing', 'client closed']);
    agent.destroy();
  });

  it('cuts connections still open after timeoutMs, then closes the client', async () => {
    const log: string[] = [];
    const { aerospike, arrived, server, url, tracked } = await slowApp(log);
    const handle = attachGracefulShutdown(server, tracked, { timeoutMs: 200 });
    const hung = request(`${url}/hang`).catch((err: NodeJS.ErrnoException) => err.code);
    await arrived;
    const started = Date.now();
    await handle.shutdown();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await hung).toBe('ECONNRESET');
    expect(log).toEqual(['hanging', 'client closing', 'client closed']);
    expect(aerospike.client.state).toBe('closed');
  });

  it('installs no signal handler unless asked', async () => {
    const before = { term: process.listenerCount('SIGTERM'), int: process.listenerCount('SIGINT') };
    const log: string[] = [];
    const { server, tracked } = await slowApp(log);
    const detach = attachGracefulShutdown(server, tracked);
    expect(process.listenerCount('SIGTERM')).toBe(before.term);
    expect(process.listenerCount('SIGINT')).toBe(before.int);

    const withSignals = attachGracefulShutdown(server, tracked, { signals: ['SIGTERM', 'SIGINT'] });
    expect(process.listenerCount('SIGTERM')).toBe(before.term + 1);
    expect(process.listenerCount('SIGINT')).toBe(before.int + 1);
    withSignals();
    expect(process.listenerCount('SIGTERM')).toBe(before.term);
    expect(process.listenerCount('SIGINT')).toBe(before.int);
    await detach.shutdown();
    detach();
  });

  it('shuts down on a listed signal, then removes its handlers', async () => {
    // SIGUSR2 rather than SIGTERM, so no other handler in the test worker reacts.
    const before = process.listenerCount('SIGUSR2');
    const log: string[] = [];
    const { aerospike, arrived, server, url, tracked } = await slowApp(log, 100);
    const finished = deferred<unknown>();
    attachGracefulShutdown(server, tracked, { signals: ['SIGUSR2'], exitOnSignal: false, onShutdown: (err) => finished.resolve(err) });
    expect(process.listenerCount('SIGUSR2')).toBe(before + 1);

    const inFlight = request(`${url}/slow/d`);
    await arrived;
    process.emit('SIGUSR2', 'SIGUSR2');
    expect(process.listenerCount('SIGUSR2')).toBe(before);
    expect((await inFlight).status).toBe(200);
    expect(await finished.promise).toBeUndefined();
    expect(aerospike.client.state).toBe('closed');
    expect(log).toEqual(['request started', 'response finished', 'client closing', 'client closed']);
  });

  it('reports a failing close to onShutdown', async () => {
    const log: string[] = [];
    const { server, aerospike } = await slowApp(log);
    const failure = new Error('close failed');
    const finished = deferred<unknown>();
    attachGracefulShutdown(
      server,
      {
        close: async () => {
          await aerospike.close();
          throw failure;
        },
      },
      { signals: ['SIGUSR2'], exitOnSignal: false, onShutdown: (err) => finished.resolve(err) },
    );
    process.emit('SIGUSR2', 'SIGUSR2');
    expect(await finished.promise).toBe(failure);
  });

  it.each<[string, unknown, RegExp]>([
    ['signals that are not signals', { signals: ['TERM'] }, /signals must be an array of signal names/],
    ['a negative timeoutMs', { timeoutMs: -1 }, /timeoutMs must be a non-negative number/],
    ['a non-boolean exitOnSignal', { exitOnSignal: 'no' }, /exitOnSignal must be a boolean/],
    ['a non-function onShutdown', { onShutdown: 1 }, /onShutdown must be a function/],
  ])('rejects %s with a TypeError', (_what, options, message) => {
    const server = http.createServer();
    expect(() => attachGracefulShutdown(server, { close: () => undefined }, options as object)).toThrow(message);
    expect(() => attachGracefulShutdown(server, {} as ExpressAerospike)).toThrow(/client must have a close\(\) method/);
    expect(() => attachGracefulShutdown({} as http.Server, { close: () => undefined })).toThrow(/server must be an http or https Server/);
  });
});
