import type { Server } from 'node:http';
import {
  AerospikeError,
  Client,
  ExistsAction,
  GenerationPolicy,
  InvalidArgumentError,
  RecordNotFoundError,
  ResultCode,
} from '@aerospike-ts/core';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { type CreateAerospikeOptions, type ExpressAerospike, aerospikeErrorHandler, createAerospike } from '../src/index.js';
import { handles, listen, request, settleTo } from './support.js';

let cluster: MemoryCluster;

beforeAll(async () => {
  cluster = await startMemoryCluster();
});

afterAll(async () => {
  await cluster.close();
});

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

describe('createAerospike', () => {
  it('serves routes through req.aerospike over a real server, and close() closes the client', async () => {
    const baseline = handles();
    const aerospike = await createAerospike({ hosts: cluster.hosts });
    const app = express();
    app.use(express.json());
    app.use(aerospike.middleware);
    app.put('/users/:id', async (req, res) => {
      await req.aerospike.put(['test', 'users', req.params.id], { name: req.body.name });
      res.status(204).end();
    });
    app.get('/users/:id', async (req, res) => {
      const record = await req.aerospike.get(['test', 'users', req.params.id]);
      res.json({
        bins: record.bins,
        sameOnLocals: res.locals.aerospike === req.aerospike,
        sameOnApp: req.app.locals.aerospike === req.aerospike,
      });
    });
    app.use(aerospike.errorHandler);
    const { server, url } = await listen(app);

    expect(aerospike.client).toBeInstanceOf(Client);
    expect(aerospike.client.isConnected()).toBe(true);
    expect((await request(`${url}/users/ada`, { method: 'PUT', body: { name: 'Ada' } })).status).toBe(204);
    const got = await request(`${url}/users/ada`);
    expect(got.status).toBe(200);
    expect(got.json()).toEqual({ bins: { name: 'Ada' }, sameOnLocals: true, sameOnApp: true });
    expect(app.locals.aerospike).toBe(aerospike.client);
    expect((await request(`${url}/users/nobody`)).status).toBe(404);

    await closeServer(server);
    await aerospike.close();
    await aerospike.close();
    expect(aerospike.client.state).toBe('closed');
    const after = await settleTo(baseline);
    expect(after).toEqual({
      sockets: expect.toSatisfy((n: number) => n <= baseline.sockets),
      servers: expect.toSatisfy((n: number) => n <= baseline.servers),
      timers: expect.toSatisfy((n: number) => n <= baseline.timers),
    });
  });

  it('leaves app.locals.aerospike alone when the application set it', async () => {
    const aerospike = await createAerospike({ hosts: cluster.hosts });
    const app = express();
    app.locals.aerospike = 'mine' as unknown as Client;
    app.use(aerospike.middleware);
    app.get('/', (req, res) => {
      res.json({ app: String(req.app.locals.aerospike), req: req.aerospike === aerospike.client });
    });
    const { server, url } = await listen(app);
    expect((await request(url)).json()).toEqual({ app: 'mine', req: true });
    await closeServer(server);
    await aerospike.close();
  });

  it('connects a passed-in client and closes it only with closeClient: true', async () => {
    const kept = new Client({ hosts: cluster.hosts });
    const borrowed = await createAerospike({ client: kept });
    expect(borrowed.client).toBe(kept);
    expect(kept.isConnected()).toBe(true);
    await borrowed.close();
    expect(kept.state).toBe('connected');

    const handedOver = await createAerospike({ client: kept, closeClient: true });
    await handedOver.close();
    expect(kept.state).toBe('closed');
  });

  it.each<[string, unknown, RegExp]>([
    ['no hosts and no client', {}, /either hosts .* or client is required/],
    ['null', null, /options must be an object, got null/],
    ['a client that is not a client', { client: {} }, /client must be an aerospike-ts Client/],
    ['client together with hosts', { client: new Client('h:3000'), hosts: 'h:3000' }, /either client or connection options, not both .*hosts/],
    ['closeClient without client', { hosts: 'h:3000', closeClient: true }, /closeClient applies only with client/],
    ['a non-boolean closeClient', { client: new Client('h:3000'), closeClient: 'yes' }, /closeClient must be a boolean/],
    ['a non-object errorHandler', { hosts: 'h:3000', errorHandler: true }, /errorHandler must be an options object/],
    ['a non-function mapError', { hosts: 'h:3000', errorHandler: { mapError: 1 } }, /errorHandler\.mapError must be a function/],
    ['an invalid client configuration', { hosts: 'h:3000', timeout: -1 }, /config\.timeout/],
    ['an unknown client option', { hosts: 'h:3000', hostz: 'x' }, /config\.hostz/],
  ])('rejects %s with InvalidArgumentError', async (_what, options, message) => {
    const err = await createAerospike(options as CreateAerospikeOptions).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).code).toBe('PARAMETER_ERROR');
    expect((err as Error).message).toMatch(message);
  });

  it('rejects a closed client', async () => {
    const client = await new Client({ hosts: cluster.hosts }).connect();
    await client.close();
    await expect(createAerospike({ client })).rejects.toThrow(/client is closed/);
  });

  it('rejects with the client error when it cannot connect', async () => {
    const down = await startMemoryCluster();
    const hosts = down.hosts;
    await down.close();
    const err = await createAerospike({ hosts }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AerospikeError);
  });
});

describe('errorHandler', () => {
  let aerospike: ExpressAerospike;
  let failing: MemoryCluster;
  let failingClient: Client;
  let server: Server;
  let url: string;
  const passedOn: unknown[] = [];
  const logged: Array<[string, number]> = [];

  beforeAll(async () => {
    failing = await startMemoryCluster();
    failingClient = await new Client({ hosts: failing.hosts }).connect();
    aerospike = await createAerospike({
      hosts: cluster.hosts,
      errorHandler: { onError: (err, _req, mapping) => logged.push([err.code, mapping.status]) },
    });
    const app = express();
    app.use(aerospike.middleware);
    app.get('/records/:id', async (req, res) => {
      res.json((await req.aerospike.get(['test', 'eh', req.params.id])).bins);
    });
    app.post('/records/:id', async (req, res) => {
      await req.aerospike.put(['test', 'eh', req.params.id], { v: 1 }, { exists: ExistsAction.CREATE_ONLY });
      res.status(201).json({ created: req.params.id });
    });
    app.get('/bad-bins', async (req) => {
      await req.aerospike.get(['test', 'eh', 'x'], ['']);
    });
    app.get('/slow', async (req, res) => {
      cluster.nodes[0]!.faults.latencyMs = 300;
      try {
        res.json(await req.aerospike.get(['test', 'eh', 'x'], undefined, { totalTimeout: 100 }));
      } finally {
        cluster.nodes[0]!.faults.latencyMs = 0;
      }
    });
    app.get('/unavailable', async () => {
      await failingClient.get(['test', 'eh', 'x'], undefined, { totalTimeout: 0, maxRetries: 0 });
    });
    app.get('/boom', async () => {
      throw new Error('boom');
    });
    app.get('/started', (_req, res, next) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
      next(new RecordNotFoundError(ResultCode.KEY_NOT_FOUND_ERROR, 'gone'));
    });
    app.use(aerospike.errorHandler);
    const last: ErrorRequestHandler = (err, _req, res, _next) => {
      passedOn.push(err);
      if (res.headersSent) res.end();
      else res.status(500).json({ passedOn: (err as Error).message });
    };
    app.use(last);
    ({ server, url } = await listen(app));
  });

  afterAll(async () => {
    await closeServer(server);
    await aerospike.close();
    await failingClient.close();
    await failing.close();
  });

  it('answers a missing record with 404 and a generic JSON body', async () => {
    const res = await request(`${url}/records/missing`);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.json()).toEqual({ statusCode: 404, error: 'Not Found', code: 'KEY_NOT_FOUND_ERROR', message: expect.any(String) });
    expect(res.body).not.toMatch(/127\.0\.0\.1/);
    expect(logged).toContainEqual(['KEY_NOT_FOUND_ERROR', 404]);
  });

  it('answers a create-only conflict with 409', async () => {
    expect((await request(`${url}/records/once`, { method: 'POST' })).status).toBe(201);
    const res = await request(`${url}/records/once`, { method: 'POST' });
    expect(res.status).toBe(409);
    expect(res.json()).toMatchObject({ error: 'Conflict', code: 'KEY_EXISTS_ERROR' });
  });

  it('answers an InvalidArgumentError with 400', async () => {
    const res = await request(`${url}/bad-bins`);
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, code: 'PARAMETER_ERROR' });
  });

  it('answers a timeout with 504', async () => {
    const res = await request(`${url}/slow`);
    expect(res.status).toBe(504);
    expect(res.json()).toMatchObject({ code: 'TIMEOUT' });
    expect(res.headers['retry-after']).toBeUndefined();
  });

  it('answers an unavailable server with 503 and Retry-After', async () => {
    await failing.stopNode(0);
    const res = await request(`${url}/unavailable`);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json()).toMatchObject({ statusCode: 503, error: 'Service Unavailable', code: 'SERVER_NOT_AVAILABLE' });
  });

  it('passes other errors to next(err)', async () => {
    const res = await request(`${url}/boom`);
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ passedOn: 'boom' });
  });

  it('passes Aerospike errors to next(err) once the response has started', async () => {
    const res = await request(`${url}/started`);
    expect(res.status).toBe(200);
    expect(res.body).toBe('partial');
    expect(passedOn.at(-1)).toBeInstanceOf(RecordNotFoundError);
  });

  it('lets mapError override a mapping, and works as the exported default handler', async () => {
    const custom = await createAerospike({
      hosts: cluster.hosts,
      errorHandler: { mapError: (err, fallback) => (err.code === 'GENERATION_ERROR' ? { ...fallback, status: 412 } : undefined) },
    });
    const app = express();
    app.use(custom.middleware);
    app.put('/guarded', async (req, res) => {
      res.json(await req.aerospike.put(['test', 'eh', 'guarded'], { v: 1 }, { gen: GenerationPolicy.EXPECT_EQUAL, generation: 99 }));
    });
    app.get('/missing', async (req) => {
      await req.aerospike.get(['test', 'eh', 'nope']);
    });
    app.use('/default', custom.middleware, async (req) => {
      await req.aerospike.put(['test', 'eh', 'guarded'], { v: 1 }, { gen: GenerationPolicy.EXPECT_EQUAL, generation: 99 });
    });
    app.use('/default', aerospikeErrorHandler);
    app.use(custom.errorHandler);
    const listening = await listen(app);
    const guarded = await request(`${listening.url}/guarded`, { method: 'PUT' });
    expect(guarded.status).toBe(412);
    expect(guarded.json()).toMatchObject({ statusCode: 412, error: 'Precondition Failed', code: 'GENERATION_ERROR' });
    expect((await request(`${listening.url}/missing`)).status).toBe(404);
    expect((await request(`${listening.url}/default`)).status).toBe(409);
    await closeServer(listening.server);
    await custom.close();
  });
});

describe('types', () => {
  it('types req.aerospike and the locals by declaration merging, and keeps client and hosts exclusive', () => {
    expectTypeOf<Request['aerospike']>().toEqualTypeOf<Client>();
    expectTypeOf<Response['locals']['aerospike']>().toEqualTypeOf<Client>();
    expectTypeOf<express.Application['locals']['aerospike']>().toEqualTypeOf<Client>();
    const client = new Client('h:3000');
    expectTypeOf({ client, closeClient: true }).toExtend<CreateAerospikeOptions>();
    expectTypeOf({ hosts: 'h:3000', timeout: 500, errorHandler: {} }).toExtend<CreateAerospikeOptions>();
    expectTypeOf({ client, hosts: 'h:3000' }).not.toExtend<CreateAerospikeOptions>();
    expectTypeOf({ hosts: 'h:3000', closeClient: true }).not.toExtend<CreateAerospikeOptions>();
  });
});
