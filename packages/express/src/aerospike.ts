/**
 * The factory: creates (or adopts) and connects a client, and returns the
 * middleware that exposes it, the error middleware, and `close()`.
 */

import { Client, type ClientConfig, InvalidArgumentError, ResultCode } from '@aerospike-ts/core';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { type AerospikeErrorHandlerOptions, createAerospikeErrorHandler } from './error-handler.js';

declare global {
  // Express declares its extension points as global interfaces; merging into them types req and locals.
  namespace Express {
    interface Request {
      /** The Aerospike client, set by the `@aerospike-ts/express` middleware. */
      aerospike: Client;
    }
    interface Locals {
      /** The Aerospike client, on `app.locals` and `res.locals`, set by the `@aerospike-ts/express` middleware. */
      aerospike: Client;
    }
  }
}

/** Options every form of {@link createAerospike} accepts. */
export interface CreateAerospikeBaseOptions {
  /** Options of the error middleware: a `mapError` override and an `onError` hook for logging. */
  errorHandler?: AerospikeErrorHandlerOptions;
}

/** Connection settings: every `ClientConfig` field. The factory creates, connects and owns the client. */
export interface CreateAerospikeConfigOptions extends ClientConfig, CreateAerospikeBaseOptions {
  /** Not with connection settings: pass one or the other. */
  client?: undefined;
  /** Not with connection settings: a client the factory creates is always closed by `close()`. */
  closeClient?: undefined;
}

/** An existing client, connected by the factory if it is not yet. */
export interface CreateAerospikeClientOptions extends CreateAerospikeBaseOptions {
  /** A client created by the application; it must not be closed or closing. */
  client: Client;
  /** Make `close()` close the given client. Default: false (the application owns it). */
  closeClient?: boolean;
  /** Not with `client`: pass one or the other. */
  hosts?: undefined;
}

/** Options of {@link createAerospike}: connection settings, or an existing `client`. */
export type CreateAerospikeOptions = CreateAerospikeConfigOptions | CreateAerospikeClientOptions;

/** What {@link createAerospike} returns. */
export interface ExpressAerospike {
  /** The connected client. */
  readonly client: Client;
  /**
   * Sets `req.aerospike` and `res.locals.aerospike` on every request, and
   * `app.locals.aerospike` the first time (unless the application set it).
   */
  readonly middleware: RequestHandler;
  /** Error middleware mapping Aerospike errors to HTTP; mount it after the routes. */
  readonly errorHandler: ErrorRequestHandler;
  /**
   * Closes the client if the factory owns it (it created it, or
   * `closeClient` was set); otherwise does nothing. Call it after the HTTP
   * server has stopped, or use `attachGracefulShutdown`. Safe to call twice.
   */
  close(): Promise<void>;
}

function invalid(message: string): InvalidArgumentError {
  return new InvalidArgumentError(ResultCode.PARAMETER_ERROR, `createAerospike: ${message}`);
}

function isClientLike(value: unknown): value is Client {
  // Duck-typed rather than instanceof: the application may hold a client from another installed copy of core.
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return typeof c.connect === 'function' && typeof c.close === 'function' && typeof c.get === 'function' && typeof c.put === 'function';
}

/**
 * Creates and connects a client (or adopts `options.client`) and returns
 * the Express pieces around it:
 *
 * ```ts
 * const aerospike = await createAerospike({ hosts: 'localhost:3000' });
 * app.use(aerospike.middleware);
 * app.get('/users/:id', async (req, res) => res.json((await req.aerospike.get(['test', 'users', req.params.id])).bins));
 * app.use(aerospike.errorHandler);
 * ```
 *
 * Rejects with `InvalidArgumentError` for bad options (including a bad
 * client configuration), or with the client's error when it cannot connect.
 */
export async function createAerospike(options: CreateAerospikeOptions): Promise<ExpressAerospike> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalid(`options must be an object, got ${options === null ? 'null' : typeof options}`);
  }
  const { client: given, closeClient, errorHandler: handlerOptions, ...config } = options as unknown as Record<string, unknown>;
  if (handlerOptions !== undefined && (typeof handlerOptions !== 'object' || handlerOptions === null)) {
    throw invalid(`errorHandler must be an options object, got ${handlerOptions === null ? 'null' : typeof handlerOptions}`);
  }
  let errorHandler: ErrorRequestHandler;
  try {
    errorHandler = createAerospikeErrorHandler(handlerOptions as AerospikeErrorHandlerOptions | undefined);
  } catch (err) {
    throw invalid(`errorHandler.${(err as Error).message}`);
  }

  let client: Client;
  let owned: boolean;
  if (given !== undefined) {
    if (!isClientLike(given)) throw invalid('client must be an aerospike-ts Client');
    const extra = Object.keys(config).filter((k) => config[k] !== undefined);
    if (extra.length > 0) throw invalid(`pass either client or connection options, not both (got client and ${extra.join(', ')})`);
    if (given.state === 'closing' || given.state === 'closed') throw invalid(`client is ${given.state}; pass a client that is open`);
    if (closeClient !== undefined && typeof closeClient !== 'boolean') throw invalid('closeClient must be a boolean');
    client = given;
    owned = closeClient === true;
  } else {
    if (closeClient !== undefined) throw invalid('closeClient applies only with client: a client the factory creates is always closed');
    if (config.hosts === undefined || config.hosts === null) throw invalid('either hosts (with any other client settings) or client is required');
    // The constructor validates the configuration and throws InvalidArgumentError naming the bad field.
    client = new Client(config as unknown as ClientConfig);
    owned = true;
  }
  if (client.state === 'created' || client.state === 'connecting') await client.connect();

  const middleware: RequestHandler = (req, res, next) => {
    req.aerospike = client;
    res.locals.aerospike = client;
    if (req.app.locals.aerospike === undefined) req.app.locals.aerospike = client;
    next();
  };

  let closing: Promise<void> | undefined;
  return {
    client,
    middleware,
    errorHandler,
    close(): Promise<void> {
      if (!owned) return Promise.resolve();
      closing ??= client.close();
      return closing;
    },
  };
}
