/**
 * A Fastify error handler that answers Aerospike errors with the status the
 * shared table in `@aerospike-ts/core` gives them, so a Fastify API answers
 * like the Express and NestJS integrations do.
 */

import { STATUS_CODES } from 'node:http';
import { AerospikeError, type HttpErrorMapping, httpStatusFor, resultCodeMessage } from '@aerospike-ts/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Options of {@link createAerospikeErrorHandler}. */
export interface AerospikeErrorHandlerOptions {
  /**
   * Overrides the mapping of an error: return a mapping to use it, or
   * `undefined` to keep the default from `httpStatusFor` (passed as
   * `fallback`). For example, answer GENERATION_ERROR with 412 when the
   * generation comes from an `If-Match` header.
   */
  mapError?: (error: AerospikeError, fallback: HttpErrorMapping) => HttpErrorMapping | undefined;
}

/** The JSON body sent for an Aerospike error; the same shape as Fastify's own error replies. */
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

/** A function for `fastify.setErrorHandler`. */
export type AerospikeErrorHandler = (error: Error, request: FastifyRequest, reply: FastifyReply) => FastifyReply;

/**
 * Builds an error handler for `fastify.setErrorHandler`. Aerospike errors
 * get the shared status, a `Retry-After` header when the table gives one,
 * and an {@link AerospikeErrorBody}; every other error is rethrown, which
 * hands it to the parent (by default Fastify's own) error handler.
 */
export function createAerospikeErrorHandler(options: AerospikeErrorHandlerOptions = {}): AerospikeErrorHandler {
  const { mapError } = options;
  if (mapError !== undefined && typeof mapError !== 'function') {
    throw new TypeError(`mapError must be a function, got ${typeof mapError}`);
  }
  return function aerospikeErrorHandler(error, request, reply) {
    if (!(error instanceof AerospikeError)) throw error;
    const fallback = httpStatusFor(error);
    const mapping = mapError?.(error, fallback) ?? fallback;
    // The server's message names nodes and addresses; callers get the generic text, the log the detail.
    if (mapping.status >= 500) {
      request.log.error({ err: error, inDoubt: error.inDoubt }, 'aerospike command failed');
    } else {
      request.log.info({ err: error }, 'aerospike command rejected');
    }
    if (mapping.retryAfter !== undefined) reply.header('retry-after', String(mapping.retryAfter));
    const body: AerospikeErrorBody = {
      statusCode: mapping.status,
      error: STATUS_CODES[mapping.status] ?? 'Error',
      code: mapping.code,
      message: resultCodeMessage(error.resultCode),
    };
    return reply.code(mapping.status).send(body);
  };
}

/**
 * The error handler with the default mapping:
 * `fastify.setErrorHandler(aerospikeErrorHandler)`, or register the plugin
 * with `errorHandler: true`.
 */
export const aerospikeErrorHandler: AerospikeErrorHandler = createAerospikeErrorHandler();
