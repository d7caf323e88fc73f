/**
 * `@aerospike-ts/fastify`: a Fastify plugin that decorates
 * `fastify.aerospike` with a connected client, supports named instances,
 * closes the clients it owns when Fastify closes, can answer Aerospike
 * errors with the shared HTTP status table, and can serve the cluster's
 * health (`healthRoute`, `aerospikeHealth`).
 *
 * ```ts
 * import fastifyAerospike from '@aerospike-ts/fastify';
 * await app.register(fastifyAerospike, { hosts: 'localhost:3000', errorHandler: true });
 * app.get('/users/:id', (req) => app.aerospike.get(['test', 'users', req.params.id]));
 * ```
 *
 * @packageDocumentation
 */

import { fastifyAerospike } from './plugin.js';

export {
  type AerospikeErrorBody,
  type AerospikeErrorHandler,
  type AerospikeErrorHandlerOptions,
  aerospikeErrorHandler,
  createAerospikeErrorHandler,
} from './error-handler.js';
export { FastifyAerospikeError, FastifyAerospikeErrorCode } from './errors.js';
export { type AerospikeHealthErrorBody, type AerospikeHealthHandler, type AerospikeHealthOptions, aerospikeHealth } from './health.js';
export {
  DEFAULT_CONNECT_TIMEOUT,
  DEFAULT_HEALTH_ROUTE,
  type FastifyAerospike,
  type FastifyAerospikeBaseOptions,
  type FastifyAerospikeClientOptions,
  type FastifyAerospikeConfigOptions,
  type FastifyAerospikeHealthRouteOptions,
  type FastifyAerospikeNamedClients,
  type FastifyAerospikeOptions,
  fastifyAerospike,
} from './plugin.js';

/** The plugin, as the default export (`import fastifyAerospike from '@aerospike-ts/fastify'`). */
export default fastifyAerospike;
