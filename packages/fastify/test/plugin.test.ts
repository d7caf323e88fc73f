import { Client, ExistsAction, GenerationPolicy, InvalidArgumentError, RecordNotFoundError } from '@aerospike-ts/core';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  DEFAULT_CONNECT_TIMEOUT,
  type FastifyAerospike,
  FastifyAerospikeError,
  FastifyAerospikeErrorCode,
  type FastifyAerospikeOptions,
  aerospikeErrorHandler,
  fastifyAerospike,
} from '../src/index.js';
import { freePort, handles, settleTo, startSilentServer } from './support.js';

let cluster: MemoryCluster;
let other: MemoryCluster;

beforeAll(async () => {
  cluster = await startMemoryCluster();
  other = await startMemoryCluster();
});

afterAll(async () => {
  await cluster.close();
  await other.close();
});

/** Registers the plugin on a fresh app and returns the startup error, failing the test if there is none. */
async function registrationError(options: unknown, app: FastifyInstance = Fastify()): Promise<FastifyAerospikeError> {
  app.register(fastifyAerospike, options as FastifyAerospikeOptions);
  try {
    await app.ready();
  } catch (err) {
    return err as FastifyAerospikeError;
  } finally {
    await app.close();
  }
  throw new Error('registration succeeded');
}

describe('registration', () => {
  it('decorates fastify.aerospike with a connected client that routes use (inject)', async () => {
    const app = Fastify();
    await app.register(fastifyAerospike, { hosts: cluster.hosts });
    app.put<{ Params: { id: string }; Body: { name: string } }>('/users/:id', async (req, reply) => {
      await app.aerospike.put(['test', 'users', req.params.id], { name: req.body.name });
      return reply.code(204).send();
    });
    app.get<{ Params: { id: string } }>('/users/:id', async (req) => {
      const record = await app.aerospike.get(['test', 'users', req.params.id]);
      return record.bins;
    });

    expect(app.aerospike).toBeInstanceOf(Client);
    expect(app.aerospike.isConnected()).toBe(true);
    const put = await app.inject({ method: 'PUT', url: '/users/ada', payload: { name: 'Ada' } });
    expect(put.statusCode).toBe(204);
    const get = await app.inject({ method: 'GET', url: '/users/ada' });
    expect(get.statusCode).toBe(200);
    expect(get.json()).toEqual({ name: 'Ada' });

    const client = app.aerospike;
    await app.close();
    expect(client.state).toBe('closed');
  });

  it('serves a real listener, and app.close() closes the client and leaves no handle behind', async () => {
    const baseline = handles();
    const app = Fastify();
    await app.register(fastifyAerospike, { hosts: cluster.hosts });
    app.get<{ Params: { id: string } }>('/counter/:id', async (req) => {
      const key = ['test', 'counters', req.params.id] as const;
      await app.aerospike.add([...key], { n: 1 });
      return (await app.aerospike.get([...key])).bins;
    });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });

    const first = await fetch(`${address}/counter/a`);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ n: 1 });
    const second = await fetch(`${address}/counter/a`);
    expect(await second.json()).toEqual({ n: 2 });
    expect(handles().sockets).toBeGreaterThan(baseline.sockets);

    const client = app.aerospike;
    await app.close();
    expect(client.state).toBe('closed');
    await expect(fetch(`${address}/counter/a`)).rejects.toThrow();
    const after = await settleTo(baseline);
    expect(after.sockets).toBeLessThanOrEqual(baseline.sockets);
    expect(after.servers).toBeLessThanOrEqual(baseline.servers);
    expect(after.timers).toBeLessThanOrEqual(baseline.timers);
  });

  it('connects a passed-in client that is not connected yet and leaves it open on close', async () => {
    const client = new Client({ hosts: cluster.hosts });
    const app = Fastify();
    // An explicit undefined, as option objects built from config often carry, is not a connection setting.
    await app.register(fastifyAerospike, { client, hosts: undefined });
    expect(app.aerospike).toBe(client);
    expect(client.isConnected()).toBe(true);
    await app.close();
    expect(client.state).toBe('connected');
    await client.put(['test', 'owned', 'still-open'], { v: 1 });
    await client.close();
  });

  it('uses a passed-in connected client as is, and closes it only with closeClient: true', async () => {
    const kept = await new Client({ hosts: cluster.hosts }).connect();
    const handedOver = await new Client({ hosts: cluster.hosts }).connect();
    const app = Fastify();
    await app.register(fastifyAerospike, { client: kept });
    await app.register(fastifyAerospike, { client: handedOver, closeClient: true, namespace: 'handedOver' });
    expect(app.aerospike.handedOver).toBe(handedOver);
    await app.close();
    expect(kept.state).toBe('connected');
    expect(handedOver.state).toBe('closed');
    await kept.close();
  });

  it('registers named instances next to the default one, each with its own client', async () => {
    const app = Fastify();
    await app.register(fastifyAerospike, { hosts: cluster.hosts });
    await app.register(fastifyAerospike, { hosts: other.hosts, namespace: 'archive' });
    await app.register(fastifyAerospike, { hosts: cluster.hosts, namespace: 'cache' });
    await app.ready();

    const { aerospike } = app;
    const archive = aerospike.archive!;
    const cache = aerospike.cache!;
    expect(archive).toBeInstanceOf(Client);
    expect(new Set([aerospike, archive, cache]).size).toBe(3);

    // The archive client talks to the other cluster: a record written there is not in the first one.
    await archive.put(['test', 'docs', 'd1'], { v: 'archived' });
    expect((await archive.get(['test', 'docs', 'd1'])).bins).toEqual({ v: 'archived' });
    await expect(aerospike.get(['test', 'docs', 'd1'])).rejects.toBeInstanceOf(RecordNotFoundError);
    await cache.put(['test', 'docs', 'd2'], { v: 'cached' });
    expect((await aerospike.get(['test', 'docs', 'd2'])).bins).toEqual({ v: 'cached' });

    await app.close();
    expect([aerospike.state, archive.state, cache.state]).toEqual(['closed', 'closed', 'closed']);
  });

  it('registers named instances without a default one on a prototype-less holder', async () => {
    const app = Fastify();
    await app.register(fastifyAerospike, { hosts: cluster.hosts, namespace: 'primary' });
    await app.register(fastifyAerospike, { hosts: other.hosts, namespace: 'secondary' });
    expect(Object.keys(app.aerospike).sort()).toEqual(['primary', 'secondary']);
    expect(Object.getPrototypeOf(app.aerospike)).toBeNull();
    expect(app.aerospike.primary!.isConnected()).toBe(true);
    const clients = [app.aerospike.primary!, app.aerospike.secondary!];
    await app.close();
    expect(clients.map((c) => c.state)).toEqual(['closed', 'closed']);
  });

  it('starts the connection in the background with lazyConnect', async () => {
    const silent = await startSilentServer();
    const app = Fastify();
    const started = Date.now();
    // A core timeout far above the bound below: waiting for the connection would show.
    await app.register(fastifyAerospike, { hosts: silent.hosts, lazyConnect: true, timeout: 3_000 });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(app.aerospike.state).toBe('connecting');
    const client = app.aerospike;
    // Dropping the seed's sockets makes the pending connect fail now rather than after its timeout.
    await silent.close();
    await app.close();
    expect(client.state).toBe('closed');

    const lazy = Fastify();
    await lazy.register(fastifyAerospike, { hosts: cluster.hosts, lazyConnect: true });
    await lazy.aerospike.connect();
    expect(lazy.aerospike.isConnected()).toBe(true);
    await lazy.close();
  });
});

describe('registration errors', () => {
  it('rejects a second namespace of the same name', async () => {
    const app = Fastify();
    app.register(fastifyAerospike, { hosts: cluster.hosts, namespace: 'cache' });
    const err = await registrationError({ hosts: cluster.hosts, namespace: 'cache' }, app);
    expect(err).toBeInstanceOf(FastifyAerospikeError);
    expect(err.code).toBe(FastifyAerospikeErrorCode.NAMESPACE_EXISTS);
    expect(err.code).toBe('FST_AEROSPIKE_NAMESPACE_EXISTS');
    expect(err.message).toContain("'cache'");
  });

  it('rejects a second default instance, and a default instance after named ones', async () => {
    const twice = Fastify();
    twice.register(fastifyAerospike, { hosts: cluster.hosts });
    const err = await registrationError({ hosts: cluster.hosts }, twice);
    expect(err.code).toBe('FST_AEROSPIKE_ALREADY_REGISTERED');
    expect(err.message).toMatch(/default instance is already registered/);

    const late = Fastify();
    late.register(fastifyAerospike, { hosts: cluster.hosts, namespace: 'first' });
    const lateErr = await registrationError({ hosts: cluster.hosts }, late);
    expect(lateErr.code).toBe('FST_AEROSPIKE_ALREADY_REGISTERED');
    expect(lateErr.message).toMatch(/register the default instance before them/);
  });

  it('rejects namespaces that would hide a client member', async () => {
    for (const name of ['get', 'close', 'config', 'constructor', '__proto__', 'toString']) {
      const err = await registrationError({ hosts: cluster.hosts, namespace: name });
      expect(err.code, name).toBe('FST_AEROSPIKE_INVALID_OPTION');
      expect(err.message, name).toContain('is reserved');
    }
  });

  it.each<[string, unknown, RegExp]>([
    ['no hosts and no client', {}, /either hosts .* or client is required/],
    ['a namespace that is not a string', { hosts: 'h:3000', namespace: 3 }, /namespace must be a non-empty string, got 3/],
    ['an empty namespace', { hosts: 'h:3000', namespace: '' }, /namespace must be a non-empty string/],
    ['a negative connectTimeout', { hosts: 'h:3000', connectTimeout: -1 }, /connectTimeout must be a positive number/],
    ['a string connectTimeout', { hosts: 'h:3000', connectTimeout: '5s' }, /connectTimeout must be a positive number .* got "5s"/],
    ['a non-boolean lazyConnect', { hosts: 'h:3000', lazyConnect: 'yes' }, /lazyConnect must be a boolean/],
    ['a string errorHandler', { hosts: 'h:3000', errorHandler: 'on' }, /errorHandler must be a boolean or an options object/],
    ['a non-function mapError', { hosts: 'h:3000', errorHandler: { mapError: 1 } }, /errorHandler.mapError must be a function/],
    ['a client that is not a client', { client: { get: 1 } }, /client must be an aerospike-ts Client, got an object/],
    ['client together with hosts', { client: new Client('h:3000'), hosts: 'h:3000' }, /either client or connection options, not both .*hosts/],
    ['closeClient without client', { hosts: 'h:3000', closeClient: true }, /closeClient applies only with client/],
    ['a non-boolean closeClient', { client: new Client('h:3000'), closeClient: 1 }, /closeClient must be a boolean/],
  ])('rejects %s with FST_AEROSPIKE_INVALID_OPTION', async (_what, options, message) => {
    const err = await registrationError(options);
    expect(err).toBeInstanceOf(FastifyAerospikeError);
    expect(err.code).toBe('FST_AEROSPIKE_INVALID_OPTION');
    expect(err.statusCode).toBe(500);
    expect(err.message).toMatch(message);
  });

  it('reports an invalid client configuration with the client error as the cause', async () => {
    const err = await registrationError({ hosts: cluster.hosts, timeout: -5 });
    expect(err.code).toBe('FST_AEROSPIKE_INVALID_OPTION');
    expect(err.message).toContain('config.timeout');
    expect(err.cause).toBeInstanceOf(InvalidArgumentError);

    const typo = await registrationError({ hosts: cluster.hosts, namesapce: 'x' });
    expect(typo.code).toBe('FST_AEROSPIKE_INVALID_OPTION');
    expect(typo.message).toContain('namesapce');
  });

  it('rejects a closed client', async () => {
    const client = await new Client({ hosts: cluster.hosts }).connect();
    await client.close();
    const err = await registrationError({ client });
    expect(err.code).toBe('FST_AEROSPIKE_INVALID_OPTION');
    expect(err.message).toContain('client is closed');
  });

  it('keeps connectTimeout below pluginTimeout', async () => {
    const err = await registrationError({ hosts: cluster.hosts, connectTimeout: 2_000 }, Fastify({ pluginTimeout: 1_000 }));
    expect(err.code).toBe('FST_AEROSPIKE_INVALID_OPTION');
    expect(err.message).toMatch(/connectTimeout \(2000 ms\) must be below Fastify's pluginTimeout \(1000 ms\)/);
    expect(DEFAULT_CONNECT_TIMEOUT).toBeLessThan(10_000);
  });

  it('fails with FST_AEROSPIKE_CONNECT_TIMEOUT when the seed never answers, and leaks nothing', async () => {
    const silent = await startSilentServer();
    const baseline = handles();
    try {
      const started = Date.now();
      const err = await registrationError({ hosts: silent.hosts, timeout: 5_000, connectTimeout: 150 });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(err.code).toBe('FST_AEROSPIKE_CONNECT_TIMEOUT');
      expect(err.message).toContain('within connectTimeout (150 ms)');
    } finally {
      await silent.close();
    }
    const after = await settleTo({ ...baseline, servers: baseline.servers - 1 });
    expect(after.sockets).toBeLessThanOrEqual(baseline.sockets);
    expect(after.timers).toBeLessThanOrEqual(baseline.timers);
  });

  it('derives the default connect bound from a small pluginTimeout, so the plugin times out first', async () => {
    const silent = await startSilentServer();
    try {
      const err = await registrationError({ hosts: silent.hosts, timeout: 5_000 }, Fastify({ pluginTimeout: 1_000 }));
      expect(err.code).toBe('FST_AEROSPIKE_CONNECT_TIMEOUT');
      expect(err.message).toContain('(800 ms)');
    } finally {
      await silent.close();
    }
  });

  it('fails with FST_AEROSPIKE_CONNECT_FAILED, keeping the client error as the cause, when nothing listens', async () => {
    const port = await freePort();
    const err = await registrationError({ hosts: `127.0.0.1:${port}`, namespace: 'down' });
    expect(err.code).toBe('FST_AEROSPIKE_CONNECT_FAILED');
    expect(err.message).toContain("the Aerospike client 'down' could not connect");
    expect(err.cause).toBeInstanceOf(Error);
    expect((err.cause as { code?: unknown }).code).toEqual(expect.any(String));
  });
});

describe('error handler', () => {
  let app: FastifyInstance;
  let failing: MemoryCluster;

  beforeAll(async () => {
    failing = await startMemoryCluster();
    app = Fastify();
    await app.register(fastifyAerospike, { hosts: cluster.hosts, errorHandler: true });
    // A second registration asking for the handler must not trip FST_ERR_ERROR_HANDLER_ALREADY_SET.
    await app.register(fastifyAerospike, { hosts: failing.hosts, namespace: 'failing', errorHandler: true });

    app.get<{ Params: { id: string } }>('/records/:id', async (req) => (await app.aerospike.get(['test', 'eh', req.params.id])).bins);
    app.post<{ Params: { id: string } }>('/records/:id', async (req, reply) => {
      await app.aerospike.put(['test', 'eh', req.params.id], { v: 1 }, { exists: ExistsAction.CREATE_ONLY });
      return reply.code(201).send({ created: req.params.id });
    });
    app.get('/bad-bins', async () => app.aerospike.get(['test', 'eh', 'x'], ['']));
    app.get('/slow', async () => {
      cluster.nodes[0]!.faults.latencyMs = 300;
      try {
        return await app.aerospike.get(['test', 'eh', 'x'], undefined, { totalTimeout: 100 });
      } finally {
        cluster.nodes[0]!.faults.latencyMs = 0;
      }
    });
    app.get('/unavailable', async () => app.aerospike.failing!.get(['test', 'eh', 'x'], undefined, { totalTimeout: 0, maxRetries: 0 }));
    app.get('/boom', async () => {
      throw new Error('boom');
    });
    app.get('/validated', { schema: { querystring: { type: 'object', required: ['q'], properties: { q: { type: 'string' } } } } }, async () => 'ok');
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    await failing.close();
  });

  it('answers a missing record with 404 and a generic body', async () => {
    const res = await app.inject({ method: 'GET', url: '/records/missing' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.json()).toEqual({ statusCode: 404, error: 'Not Found', code: 'KEY_NOT_FOUND_ERROR', message: expect.any(String) });
    expect(res.json().message).not.toMatch(/127\.0\.0\.1|node/);
  });

  it('answers a create-only conflict with 409', async () => {
    expect((await app.inject({ method: 'POST', url: '/records/once' })).statusCode).toBe(201);
    const res = await app.inject({ method: 'POST', url: '/records/once' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'KEY_EXISTS_ERROR' });
  });

  it('answers an InvalidArgumentError with 400', async () => {
    const res = await app.inject({ method: 'GET', url: '/bad-bins' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'PARAMETER_ERROR' });
  });

  it('answers a timeout with 504', async () => {
    const res = await app.inject({ method: 'GET', url: '/slow' });
    expect(res.statusCode).toBe(504);
    expect(res.json()).toMatchObject({ code: 'TIMEOUT', error: 'Gateway Timeout' });
  });

  it('answers an unavailable server with 503 and Retry-After, over a real socket', async () => {
    await failing.stopNode(0);
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${address}/unavailable`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await res.json()).toMatchObject({ statusCode: 503, code: 'SERVER_NOT_AVAILABLE' });
  });

  it('hands errors that are not Aerospike errors to Fastify', async () => {
    const boom = await app.inject({ method: 'GET', url: '/boom' });
    expect(boom.statusCode).toBe(500);
    expect(boom.json()).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'boom' });
    const invalid = await app.inject({ method: 'GET', url: '/validated' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ code: 'FST_ERR_VALIDATION' });
  });

  it('lets mapError override a mapping', async () => {
    const custom = Fastify();
    await custom.register(fastifyAerospike, {
      hosts: cluster.hosts,
      errorHandler: { mapError: (err, fallback) => (err.code === 'GENERATION_ERROR' ? { ...fallback, status: 412 } : undefined) },
    });
    custom.put('/guarded', async () =>
      custom.aerospike.put(['test', 'eh', 'guarded'], { v: 1 }, { gen: GenerationPolicy.EXPECT_EQUAL, generation: 99 }),
    );
    custom.get('/missing', async () => custom.aerospike.get(['test', 'eh', 'nope']));
    const guarded = await custom.inject({ method: 'PUT', url: '/guarded' });
    expect(guarded.statusCode).toBe(412);
    expect(guarded.json()).toMatchObject({ statusCode: 412, error: 'Precondition Failed', code: 'GENERATION_ERROR' });
    expect((await custom.inject({ method: 'GET', url: '/missing' })).statusCode).toBe(404);
    await custom.close();
  });

  it('exports the handler for setErrorHandler in an encapsulated scope', async () => {
    const scoped = Fastify();
    await scoped.register(fastifyAerospike, { hosts: cluster.hosts });
    await scoped.register(async (child) => {
      child.setErrorHandler(aerospikeErrorHandler);
      child.get('/inside', async () => scoped.aerospike.get(['test', 'eh', 'nope']));
    });
    scoped.get('/outside', async () => scoped.aerospike.get(['test', 'eh', 'nope']));
    expect((await scoped.inject({ method: 'GET', url: '/inside' })).statusCode).toBe(404);
    // Outside the scope Fastify's default handler answers: the plugin installs nothing unless asked.
    expect((await scoped.inject({ method: 'GET', url: '/outside' })).statusCode).toBe(500);
    await scoped.close();
  });
});

describe('types', () => {
  it('types fastify.aerospike by declaration merging, and keeps client and hosts exclusive', () => {
    expectTypeOf<FastifyInstance['aerospike']>().toEqualTypeOf<FastifyAerospike>();
    expectTypeOf<FastifyAerospike['get']>().toBeFunction();
    expectTypeOf<FastifyAerospike['cache']>().toEqualTypeOf<Client>();
    const client = new Client('h:3000');
    expectTypeOf({ client, closeClient: true, namespace: 'n' }).toExtend<FastifyAerospikeOptions>();
    expectTypeOf({ hosts: 'h:3000', timeout: 500, lazyConnect: true, errorHandler: true }).toExtend<FastifyAerospikeOptions>();
    expectTypeOf({ client, hosts: 'h:3000' }).not.toExtend<FastifyAerospikeOptions>();
    expectTypeOf({ hosts: 'h:3000', closeClient: true }).not.toExtend<FastifyAerospikeOptions>();
    expectTypeOf({ namespace: 'n' }).not.toExtend<FastifyAerospikeOptions>();
  });
});
