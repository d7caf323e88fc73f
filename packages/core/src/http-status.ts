/**
 * One mapping from Aerospike errors (and from the cluster's health) to HTTP
 * statuses, shared by the Express, Fastify and NestJS integrations so an API
 * answers the same way whichever framework serves it.
 */

import type { ClusterHealth } from './cluster/health.js';
import { AerospikeError, ClientClosedError } from './errors.js';
import { ResultCode } from './result-codes.js';

/** How an error should be answered over HTTP. */
export interface HttpErrorMapping {
  /** HTTP status code. */
  status: number;
  /** Seconds for a `Retry-After` header (only with 503). */
  retryAfter?: number;
  /** Stable error code for the response body, e.g. `KEY_NOT_FOUND_ERROR`. */
  code: string;
}

const NOT_FOUND = new Set<number>([ResultCode.KEY_NOT_FOUND_ERROR]);
const CONFLICT = new Set<number>([ResultCode.KEY_EXISTS_ERROR, ResultCode.GENERATION_ERROR, ResultCode.BIN_EXISTS_ERROR]);
const BAD_REQUEST = new Set<number>([
  ResultCode.PARAMETER_ERROR,
  ResultCode.BIN_TYPE_ERROR,
  ResultCode.BIN_NAME_TOO_LONG,
  ResultCode.BIN_NOT_FOUND,
  ResultCode.INVALID_NAMESPACE,
  ResultCode.OP_NOT_APPLICABLE,
  ResultCode.ELEMENT_NOT_FOUND,
  ResultCode.ELEMENT_EXISTS,
  ResultCode.FILTERED_OUT,
  ResultCode.SERIALIZE_ERROR,
]);
const TOO_BIG = new Set<number>([ResultCode.RECORD_TOO_BIG]);
const UNAVAILABLE = new Set<number>([
  ResultCode.KEY_BUSY,
  ResultCode.DEVICE_OVERLOAD,
  ResultCode.QUOTA_EXCEEDED,
  ResultCode.PARTITION_UNAVAILABLE,
  ResultCode.SERVER_NOT_AVAILABLE,
  ResultCode.NO_MORE_CONNECTIONS,
  ResultCode.INVALID_NODE_ERROR,
  ResultCode.INVALID_CLUSTER_PARTITION_MAP,
  ResultCode.MAX_ERROR_RATE,
  ResultCode.BATCH_QUEUES_FULL,
]);
const TIMEOUT = new Set<number>([ResultCode.TIMEOUT, ResultCode.QUERY_TIMEOUT]);

/**
 * The HTTP status for an error: 404 not found, 409 exists or generation
 * mismatch, 400 bad parameters or bins, 413 record too big, 503 with
 * Retry-After for overload, unavailable nodes, no connections or a client that
 * is not connected, 504 for
 * timeouts, 500 for everything else (including errors that are not
 * Aerospike errors).
 */
export function httpStatusFor(error: unknown): HttpErrorMapping {
  if (!(error instanceof AerospikeError)) return { status: 500, code: 'INTERNAL_ERROR' };
  // Not connected yet (lazy connect) or shutting down: the service is unavailable, not broken.
  if (error instanceof ClientClosedError) return { status: 503, retryAfter: 1, code: error.code };
  const rc = error.resultCode;
  const code = error.code;
  if (NOT_FOUND.has(rc)) return { status: 404, code };
  if (CONFLICT.has(rc)) return { status: 409, code };
  if (BAD_REQUEST.has(rc)) return { status: 400, code };
  if (TOO_BIG.has(rc)) return { status: 413, code };
  if (UNAVAILABLE.has(rc)) return { status: 503, retryAfter: 1, code };
  if (TIMEOUT.has(rc)) return { status: 504, code };
  return { status: 500, code };
}

/** Options of {@link healthHttpResponse}. */
export interface HealthHttpOptions {
  /** Answer 503 when the cluster is `degraded` too, not only when it is `down`. Default: false. */
  degradedIsDown?: boolean;
}

/** The body of a health answer when `client.health()` itself failed (a closed client, say). */
export interface HealthErrorBody {
  status: 'down';
  /** The error's message. */
  message: string;
}

/** What an HTTP health endpoint answers: a status and a JSON body. */
export interface HealthHttpResponse {
  status: 200 | 503;
  body: ClusterHealth | HealthErrorBody;
}

/**
 * The HTTP answer to a health probe, the same for every framework
 * integration: the `client.health()` view with 200 while the cluster can
 * serve (`ok`, or `degraded` unless `degradedIsDown`), 503 otherwise, and
 * 503 with a {@link HealthErrorBody} when the check itself fails.
 *
 * ```ts
 * const { status, body } = await healthHttpResponse(() => client.health(), { degradedIsDown: true });
 * res.status(status).json(body);
 * ```
 */
export async function healthHttpResponse(check: () => Promise<ClusterHealth>, options: HealthHttpOptions = {}): Promise<HealthHttpResponse> {
  try {
    const health = await check();
    const down = health.status === 'down' || (health.status === 'degraded' && options.degradedIsDown === true);
    return { status: down ? 503 : 200, body: health };
  } catch (err) {
    return { status: 503, body: { status: 'down', message: err instanceof Error ? err.message : String(err) } };
  }
}
