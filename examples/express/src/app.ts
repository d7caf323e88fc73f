/**
 * A users API: create, read, update (with optimistic concurrency through
 * ETag / If-Match, backed by the record generation) and delete users.
 */

import { ExistsAction, GenerationPolicy, RecordNotFoundError, ResultCode } from '@aerospike-ts/core';
import { type ExpressAerospike, createAerospike } from '@aerospike-ts/express';
import { getMetrics, instrumentAerospike } from '@aerospike-ts/prometheus';
import express, { type Express, type Response } from 'express';
import { Registry } from 'prom-client';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** Aerospike seed hosts, `host:port[,…]`. */
  hosts: string;
  /** Aerospike namespace holding the users. Default: `test`. */
  namespace?: string;
  /** Set holding the users. Default: `users`. */
  set?: string;
  /** Registry `/metrics` exposes. Default: a new one, so two apps in a process do not share series. */
  registry?: Registry;
}

/** What {@link createApp} returns. */
export interface App {
  /** The Express application, ready for `app.listen()` or `http.createServer(app)`. */
  app: Express;
  /** The client and its middleware. */
  aerospike: ExpressAerospike;
  /** Closes the client and stops the metrics; call it once the HTTP server has stopped. */
  close(): Promise<void>;
}

/** A user as the API returns it. */
export interface User {
  /** Chosen by the caller: 1-64 letters, digits, `_` or `-`. */
  id: string;
  /** Display name, 1-200 characters. */
  name: string;
  /** E-mail address. */
  email: string;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

function badRequest(res: Response, message: string): void {
  res.status(400).json({ statusCode: 400, error: 'Bad Request', message });
}

/** An error message for the first invalid field, or undefined when `body` is a valid (partial, with `partial`) user. */
function invalidUser(body: unknown, partial: boolean): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body must be a JSON object';
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (!['id', 'name', 'email'].includes(key)) return `unknown field ${key}`;
  }
  if (!partial && (typeof b.id !== 'string' || !ID.test(b.id))) return 'id must be 1-64 letters, digits, _ or -';
  if (partial && b.id !== undefined) return 'id cannot be changed';
  if (partial && b.name === undefined && b.email === undefined) return 'nothing to update: give name or email';
  if ((!partial || b.name !== undefined) && (typeof b.name !== 'string' || b.name.length === 0 || b.name.length > 200)) {
    return 'name must be a string of 1-200 characters';
  }
  if ((!partial || b.email !== undefined) && (typeof b.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(b.email) || b.email.length > 254)) {
    return 'email must be an e-mail address';
  }
  return undefined;
}

/**
 * Builds the Express app: the Aerospike middleware and error handler
 * (generation conflicts answered with 412, as If-Match asks), Prometheus
 * metrics on `/metrics`, `/health`, and the users routes.
 */
export async function createApp(options: AppOptions): Promise<App> {
  const namespace = options.namespace ?? 'test';
  const set = options.set ?? 'users';
  const registry = options.registry ?? new Registry();
  const aerospike = await createAerospike({
    hosts: options.hosts,
    errorHandler: {
      // A failed If-Match is a failed precondition, not a conflict.
      mapError: (err, fallback) => (err.resultCode === ResultCode.GENERATION_ERROR ? { ...fallback, status: 412 } : undefined),
    },
  });
  const metrics = instrumentAerospike({ registry, clients: [aerospike.client] });
  const keyOf = (id: string): [string, string, string] => [namespace, set, id];

  const app = express();
  // The record generation is the ETag; Express' body hash would change with every representation detail.
  app.set('etag', false);
  app.use(express.json());
  app.use(aerospike.middleware);

  app.post('/users', async (req, res) => {
    const problem = invalidUser(req.body, false);
    if (problem !== undefined) return badRequest(res, problem);
    const { id, name, email } = req.body as User;
    // CREATE_ONLY turns a duplicate id into KEY_EXISTS_ERROR, which the error handler answers with 409.
    const meta = await req.aerospike.put(keyOf(id), { name, email }, { exists: ExistsAction.CREATE_ONLY });
    res.status(201).location(`/users/${id}`).set('ETag', `"${meta.generation}"`).json({ id, name, email } satisfies User);
  });

  app.get('/users/:id', async (req, res) => {
    if (!ID.test(req.params.id)) return badRequest(res, 'invalid id');
    const record = await req.aerospike.get(keyOf(req.params.id));
    const user: User = { id: req.params.id, name: String(record.bins.name), email: String(record.bins.email) };
    res.set('ETag', `"${record.generation}"`).json(user);
  });

  app.patch('/users/:id', async (req, res) => {
    if (!ID.test(req.params.id)) return badRequest(res, 'invalid id');
    const problem = invalidUser(req.body, true);
    if (problem !== undefined) return badRequest(res, problem);
    const ifMatch = req.get('if-match');
    const generation = ifMatch === undefined ? undefined : Number(/^"?(\d+)"?$/.exec(ifMatch)?.[1]);
    if (generation !== undefined && !Number.isInteger(generation)) return badRequest(res, 'If-Match must be an ETag this API returned');
    const changes = req.body as Partial<User>;
    await req.aerospike.put(keyOf(req.params.id), changes as Record<string, string>, {
      exists: ExistsAction.UPDATE_ONLY,
      ...(generation === undefined ? {} : { gen: GenerationPolicy.EXPECT_EQUAL, generation }),
    });
    const record = await req.aerospike.get(keyOf(req.params.id));
    res.set('ETag', `"${record.generation}"`).json({ id: req.params.id, name: String(record.bins.name), email: String(record.bins.email) } satisfies User);
  });

  app.delete('/users/:id', async (req, res) => {
    if (!ID.test(req.params.id)) return badRequest(res, 'invalid id');
    const existed = await req.aerospike.remove(keyOf(req.params.id));
    if (!existed) throw new RecordNotFoundError(ResultCode.KEY_NOT_FOUND_ERROR, `user ${req.params.id} not found`);
    res.status(204).end();
  });

  app.get('/health', (req, res) => {
    const connected = req.aerospike.isConnected();
    res.status(connected ? 200 : 503).json({ status: connected ? 'ok' : 'unavailable', nodes: req.aerospike.nodes().length });
  });

  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await getMetrics(registry));
  });

  app.use(aerospike.errorHandler);

  return {
    app,
    aerospike,
    async close() {
      metrics.disable();
      await aerospike.close();
    },
  };
}
