/**
 * A sessions API: create a session with a time to live, read it, extend it,
 * delete it. Sessions expire on the server by themselves (record TTL), so
 * nothing here sweeps old ones.
 */

import { randomUUID } from 'node:crypto';
import { type BinValue, ExistsAction, RecordNotFoundError, ResultCode } from '@aerospike-ts/core';
import fastifyAerospike from '@aerospike-ts/fastify';
import { getMetrics, instrumentAerospike } from '@aerospike-ts/prometheus';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { Registry } from 'prom-client';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** Aerospike seed hosts, `host:port[,…]`. */
  hosts: string;
  /** Aerospike namespace holding the sessions. Default: `test`. */
  namespace?: string;
  /** Set holding the sessions. Default: `sessions`. */
  set?: string;
  /** TTL of a session created without one, in seconds. Default: 1800. */
  defaultTtl?: number;
  /** Longest TTL a client may ask for, in seconds. Default: 86400. */
  maxTtl?: number;
  /** Registry `/metrics` exposes. Default: a new one, so two apps in a process do not share series. */
  registry?: Registry;
  /** Fastify's logger option. Default: false. */
  logger?: FastifyServerOptions['logger'];
}

/** A session as the API returns it. */
export interface Session {
  /** Random UUID, made by the server. */
  id: string;
  /** Whose session it is. */
  userId: string;
  /** Free-form JSON object, stored as an Aerospike map. */
  data: Record<string, BinValue>;
  /** Seconds left to live. */
  ttl: number;
}

interface CreateBody {
  userId: string;
  data?: Record<string, BinValue>;
  ttl?: number;
}

interface IdParams {
  id: string;
}

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' } },
} as const;

/**
 * Builds the Fastify app (not listening yet): the Aerospike plugin with its
 * error handler, Prometheus metrics on `/metrics`, `/health`, and the
 * sessions routes. `app.close()` closes the client.
 */
export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const namespace = options.namespace ?? 'test';
  const set = options.set ?? 'sessions';
  const defaultTtl = options.defaultTtl ?? 1800;
  const maxTtl = options.maxTtl ?? 86_400;
  const registry = options.registry ?? new Registry();

  const app = Fastify({ logger: options.logger ?? false });
  await app.register(fastifyAerospike, { hosts: options.hosts, errorHandler: true });

  const metrics = instrumentAerospike({ registry, clients: [app.aerospike] });
  // The metrics subscribe to process-wide diagnostics channels; an app that is gone must stop counting.
  app.addHook('onClose', async () => metrics.disable());

  const keyOf = (id: string): [string, string, string] => [namespace, set, id];

  app.post<{ Body: CreateBody }>(
    '/sessions',
    {
      schema: {
        body: {
          type: 'object',
          required: ['userId'],
          additionalProperties: false,
          properties: {
            userId: { type: 'string', minLength: 1, maxLength: 128 },
            data: { type: 'object' },
            ttl: { type: 'integer', minimum: 1, maximum: maxTtl },
          },
        },
      },
    },
    async (request, reply) => {
      const id = randomUUID();
      const ttl = request.body.ttl ?? defaultTtl;
      const data = request.body.data ?? {};
      // CREATE_ONLY: a (vanishingly unlikely) id collision fails with 409 instead of overwriting someone's session.
      await app.aerospike.put(keyOf(id), { userId: request.body.userId, data, createdAt: Date.now() }, { ttl, exists: ExistsAction.CREATE_ONLY });
      const session: Session = { id, userId: request.body.userId, data, ttl };
      return reply.code(201).header('location', `/sessions/${id}`).send(session);
    },
  );

  app.get<{ Params: IdParams }>('/sessions/:id', { schema: { params: idParams } }, async (request) => {
    const record = await app.aerospike.get(keyOf(request.params.id));
    const session: Session = {
      id: request.params.id,
      userId: String(record.bins.userId),
      data: (record.bins.data ?? {}) as Record<string, BinValue>,
      ttl: record.ttl,
    };
    return session;
  });

  app.post<{ Params: IdParams; Querystring: { ttl?: number } }>(
    '/sessions/:id/refresh',
    {
      schema: {
        params: idParams,
        querystring: { type: 'object', additionalProperties: false, properties: { ttl: { type: 'integer', minimum: 1, maximum: maxTtl } } },
      },
    },
    async (request) => {
      // touch resets the TTL without rewriting the bins, and fails with 404 when the session has expired.
      const meta = await app.aerospike.touch(keyOf(request.params.id), { ttl: request.query.ttl ?? defaultTtl });
      return { id: request.params.id, ttl: meta.ttl };
    },
  );

  app.delete<{ Params: IdParams }>('/sessions/:id', { schema: { params: idParams } }, async (request, reply) => {
    const existed = await app.aerospike.remove(keyOf(request.params.id));
    if (!existed) throw new RecordNotFoundError(ResultCode.KEY_NOT_FOUND_ERROR, `session ${request.params.id} not found`);
    return reply.code(204).send();
  });

  app.get('/health', async (_request, reply) => {
    const connected = app.aerospike.isConnected();
    return reply.code(connected ? 200 : 503).send({ status: connected ? 'ok' : 'unavailable', nodes: app.aerospike.nodes().length });
  });

  app.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await getMetrics(registry)));

  return app;
}
