/**
 * `@aerospike-ts/express`: Express middleware that puts a connected client on
 * `req.aerospike` and `app.locals.aerospike`, error middleware that answers
 * Aerospike errors with the shared HTTP status table, a handler serving the
 * cluster's health (`aerospikeHealth`), and an opt-in graceful shutdown that
 * closes the client after the server has drained.
 *
 * ```ts
 * const aerospike = await createAerospike({ hosts: 'localhost:3000' });
 * app.use(aerospike.middleware);  // routes use req.aerospike
 * app.use(aerospike.errorHandler); // after the routes
 * ```
 *
 * @packageDocumentation
 */

export {
  type CreateAerospikeBaseOptions,
  type CreateAerospikeClientOptions,
  type CreateAerospikeConfigOptions,
  type CreateAerospikeOptions,
  type ExpressAerospike,
  createAerospike,
} from './aerospike.js';
export {
  type AerospikeErrorBody,
  type AerospikeErrorHandlerOptions,
  aerospikeErrorHandler,
  createAerospikeErrorHandler,
} from './error-handler.js';
export { type AerospikeHealthErrorBody, type AerospikeHealthOptions, aerospikeHealth } from './health.js';
export {
  type Closeable,
  DEFAULT_SHUTDOWN_TIMEOUT,
  type GracefulShutdown,
  type GracefulShutdownOptions,
  attachGracefulShutdown,
} from './shutdown.js';
