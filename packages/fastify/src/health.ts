/**
 * A route handler that answers with the cluster's health view
 * (`client.health()`) as JSON: 200 while the cluster can serve, 503 when it
 * is down (or, on request, degraded) or the check itself fails.
 */

import { type Client, type HealthErrorBody, type HealthHttpOptions, healthHttpResponse } from '@aerospike-ts/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Options of {@link aerospikeHealth}.
 *
 * ```ts
 * const options: AerospikeHealthOptions = { degradedIsDown: true };
 * ```
 */
export type AerospikeHealthOptions = HealthHttpOptions;

/**
 * The body sent when `client.health()` itself fails, e.g. because the
 * client is closed.
 *
 * ```ts
 * const body: AerospikeHealthErrorBody = { status: 'down', message: 'the client is closed' };
 * ```
 */
export type AerospikeHealthErrorBody = HealthErrorBody;

/**
 * A route handler built by {@link aerospikeHealth}.
 *
 * ```ts
 * const handler: AerospikeHealthHandler = aerospikeHealth(() => app.aerospike);
 * app.get('/health/aerospike', handler);
 * ```
 */
export type AerospikeHealthHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/**
 * Builds a route handler that answers with `client.health()` as JSON (a
 * `ClusterHealth`: status, problems, nodes, per-namespace figures) and
 * `Cache-Control: no-store`. The status is 200 when the cluster is `ok` or
 * `degraded`, 503 when it is `down` (and when `degraded`, with
 * `degradedIsDown`). When the check throws, as it does for a closed or
 * not yet connected client, the answer is 503 with an
 * {@link AerospikeHealthErrorBody}. The plugin's `healthRoute` option
 * mounts it for you.
 *
 * ```ts
 * app.get('/health/aerospike', aerospikeHealth(() => app.aerospike));
 * app.get('/ready', aerospikeHealth(() => app.aerospike.cache, { degradedIsDown: true }));
 * ```
 *
 * The view names nodes and their addresses: mount it where only operators
 * and probes can reach it.
 */
export function aerospikeHealth(
  client: Client | ((request: FastifyRequest) => Client),
  options: AerospikeHealthOptions = {},
): AerospikeHealthHandler {
  if (typeof client !== 'function' && typeof (client as Partial<Client> | null)?.health !== 'function') {
    throw new TypeError('aerospikeHealth: pass an aerospike-ts Client or a function returning one');
  }
  return async function aerospikeHealthHandler(request, reply) {
    const { status, body } = await healthHttpResponse(() => (typeof client === 'function' ? client(request) : client).health(), options);
    return reply.header('cache-control', 'no-store').code(status).send(body);
  };
}
