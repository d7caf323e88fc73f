/**
 * Answers Aerospike errors over HTTP with the status the shared table in
 * core gives them, so a Nest API answers as the Express and Fastify
 * integrations do.
 */

import { AerospikeError, httpStatusFor } from '@aerospike-ts/core';
import { type ArgumentsHost, Catch, type ExceptionFilter, Inject, Logger, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type Observable, throwError } from 'rxjs';

/** The JSON body {@link AerospikeExceptionFilter} answers with. */
export interface AerospikeErrorResponseBody {
  /** The HTTP status, repeated in the body as Nest's own errors do. */
  statusCode: number;
  /** The error's stable code, e.g. `KEY_NOT_FOUND_ERROR`. */
  error: string;
  /** The error's message. */
  message: string;
}

interface ExpressLikeResponse {
  setHeader(name: string, value: string): unknown;
  status(code: number): { json(body: unknown): unknown };
}

interface FastifyLikeReply {
  header(name: string, value: string): unknown;
  code(code: number): { send(body: unknown): unknown };
}

/**
 * Maps every `AerospikeError` thrown by a handler to an HTTP answer with
 * core's `httpStatusFor`: 404 for a missing record, 409 for an existing
 * record or a generation mismatch, 400 for bad parameters, 413 for a record
 * too big, 503 with `Retry-After` for overload and unavailable nodes, 504
 * for timeouts, 500 for the rest. The body is
 * `{ statusCode, error: code, message }`. Errors with a 5xx status are
 * logged. Other exceptions are left to Nest's own handling.
 *
 * Register it globally, either through DI (it then uses the HTTP adapter,
 * so it works with Express and Fastify alike):
 *
 * ```ts
 * providers: [{ provide: APP_FILTER, useClass: AerospikeExceptionFilter }]
 * ```
 *
 * or with `app.useGlobalFilters(new AerospikeExceptionFilter(app.get(HttpAdapterHost)))`.
 * Without an adapter it answers through the Express or Fastify response
 * API directly. Outside HTTP contexts it rethrows the error.
 */
@Catch(AerospikeError)
export class AerospikeExceptionFilter implements ExceptionFilter<AerospikeError> {
  private readonly logger = new Logger('AerospikeExceptionFilter');

  constructor(@Optional() @Inject(HttpAdapterHost) private readonly adapterHost?: HttpAdapterHost) {}

  /** Writes the HTTP answer for `error`. */
  catch(error: AerospikeError, host: ArgumentsHost): Observable<never> | undefined {
    if (host.getType() !== 'http') return throwError(() => error);
    const { status, retryAfter, code } = httpStatusFor(error);
    const body: AerospikeErrorResponseBody = { statusCode: status, error: code, message: error.message };
    if (status >= 500) this.logger.error(`${code}: ${error.message}`, error.stack);
    const response: unknown = host.switchToHttp().getResponse();
    const headers: Array<[string, string]> = retryAfter === undefined ? [] : [['Retry-After', String(retryAfter)]];
    const adapter = this.adapterHost?.httpAdapter;
    if (adapter !== undefined) {
      for (const [name, value] of headers) adapter.setHeader(response, name, value);
      adapter.reply(response, body, status);
      return undefined;
    }
    if (isExpressResponse(response)) {
      for (const [name, value] of headers) response.setHeader(name, value);
      response.status(status).json(body);
    } else if (isFastifyReply(response)) {
      for (const [name, value] of headers) response.header(name, value);
      response.code(status).send(body);
    } else {
      // Neither an adapter nor a response this filter knows how to write: let Nest answer.
      throw error;
    }
    return undefined;
  }
}

function isExpressResponse(value: unknown): value is ExpressLikeResponse {
  const r = value as Partial<ExpressLikeResponse> | null;
  return typeof r === 'object' && r !== null && typeof r.status === 'function' && typeof r.setHeader === 'function';
}

function isFastifyReply(value: unknown): value is FastifyLikeReply {
  const r = value as Partial<FastifyLikeReply> | null;
  return typeof r === 'object' && r !== null && typeof r.code === 'function' && typeof r.header === 'function';
}
