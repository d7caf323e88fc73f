/**
 * Express error middleware that answers Aerospike errors with the status the
 * shared table in `@aerospike-ts/core` gives them, so an Express API answers
 * like the Fastify and NestJS integrations do.
 */

import { STATUS_CODES } from 'node:http';
import { AerospikeError, type HttpErrorMapping, httpStatusFor, resultCodeMessage } from '@aerospike-ts/core';
import type { ErrorRequestHandler, Request } from 'express';

/** Options of {@link createAerospikeErrorHandler}. */
export interface AerospikeErrorHandlerOptions {
  /**
   * Overrides the mapping of an error: return a mapping to use it, or
   * `undefined` to keep the default from `httpStatusFor` (passed as
   * `fallback`). For example, answer GENERATION_ERROR with 412 when the
   * generation comes from an `If-Match` header.
   */
  mapError?: (error: AerospikeError, fallback: HttpErrorMapping) => HttpErrorMapping | undefined;
  /**
   * Called with every Aerospike error the handler answers, before it
   * answers; the place to log it (the response carries only a generic
   * message, so the details, including `inDoubt`, live in the log).
   */
  onError?: (error: AerospikeError, req: Request, mapping: HttpErrorMapping) => void;
}

/** The JSON body sent for an Aerospike error (the shape Fastify uses for its error replies). */
export interface AerospikeErrorBody {
  /** HTTP status, repeated in the body. */
  statusCode: number;
  /** HTTP reason phrase, e.g. `Not Found`. */
  error: string;
  /** Aerospike result code name, e.g. `KEY_NOT_FOUND_ERROR`. */
  code: string;
  /** Generic description of the result code (never node names or addresses). */
  message: string;
}

/**
 * Builds error middleware (mount it after the routes). An Aerospike error
 * gets the shared status, a `Retry-After` header when the table gives one,
 * and an {@link AerospikeErrorBody}. Any other error, or any error once the
 * response has started, goes to `next(err)`.
 */
export function createAerospikeErrorHandler(options: AerospikeErrorHandlerOptions = {}): ErrorRequestHandler {
  const { mapError, onError } = options;
  if (mapError !== undefined && typeof mapError !== 'function') {
    throw new TypeError(`mapError must be a function, got ${typeof mapError}`);
  }
  if (onError !== undefined && typeof onError !== 'function') {
    throw new TypeError(`onError must be a function, got ${typeof onError}`);
  }
  return function aerospikeErrorHandler(err, req, res, next) {
    if (!(err instanceof AerospikeError) || res.headersSent) {
      next(err);
      return;
    }
    const fallback = httpStatusFor(err);
    const mapping = mapError?.(err, fallback) ?? fallback;
    onError?.(err, req, mapping);
    if (mapping.retryAfter !== undefined) res.set('Retry-After', String(mapping.retryAfter));
    const body: AerospikeErrorBody = {
      statusCode: mapping.status,
      error: STATUS_CODES[mapping.status] ?? 'Error',
      code: mapping.code,
      // The error's own message names nodes and addresses: keep those out of the response.
      message: resultCodeMessage(err.resultCode),
    };
    res.status(mapping.status).json(body);
  };
}

/** The error middleware with the default mapping: `app.use(aerospikeErrorHandler)` after the routes. */
export const aerospikeErrorHandler: ErrorRequestHandler = createAerospikeErrorHandler();
