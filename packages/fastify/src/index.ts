/**
 * `@aerospike-ts/fastify`: a Fastify plugin that decorates
 * `fastify.aerospike` with a connected client, supports named instances,
 * closes the clients it owns when Fastify closes, and can answer Aerospike
 * errors with the shared HTTP status table.
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
export {
  DEFAULT_CONNECT_TIMEOUT,
  type FastifyAerospike,
  type FastifyAerospikeBaseOptions,
  type FastifyAerospikeClientOptions,
  type FastifyAerospikeConfigOptions,
  type FastifyAerospikeNamedClients,
  type FastifyAerospikeOptions,
  fastifyAerospike,
} from './plugin.js';

/** The plugin, as the default export (`import fastifyAerospike from '@aerospike-ts/fastify'`). */
export default fastifyAerospike;
