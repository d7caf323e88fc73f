/**
 * A route handler that answers with the cluster's health view
 * (`client.health()`) as JSON: 200 while the cluster can serve, 503 when it
 * is down (or, on request, degraded) or the check itself fails.
 */

import { type Client, type HealthErrorBody, type HealthHttpOptions, healthHttpResponse } from '@aerospike-ts/core';
import type { Request, RequestHandler } from 'express';

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
 * Builds a handler that answers with `client.health()` as JSON (a
 * `ClusterHealth`: status, problems, nodes, per-namespace figures) and
 * `Cache-Control: no-store`. The status is 200 when the cluster is `ok` or
 * `degraded`, 503 when it is `down` (and when `degraded`, with
 * `degradedIsDown`). When the check throws, as it does for a closed
 * client, the answer is 503 with an {@link AerospikeHealthErrorBody}.
 *
 * ```ts
 * app.get('/health/aerospike', aerospikeHealth(aerospike.client));
 * app.get('/ready', aerospikeHealth((req) => req.aerospike, { degradedIsDown: true }));
 * ```
 *
 * The view names nodes and their addresses: mount it where only operators
 * and probes can reach it.
 */
export function aerospikeHealth(client: Client | ((req: Request) => Client), options: AerospikeHealthOptions = {}): RequestHandler {
  if (typeof client !== 'function' && typeof (client as Partial<Client> | null)?.health !== 'function') {
    throw new TypeError('aerospikeHealth: pass an aerospike-ts Client or a function returning one');
  }
  return async function aerospikeHealthHandler(req, res) {
    const { status, body } = await healthHttpResponse(() => (typeof client === 'function' ? client(req) : client).health(), options);
    res.set('Cache-Control', 'no-store').status(status).json(body);
  };
}
