/**
 * The one place that decides whether a failed write is in doubt.
 *
 * **A write is in doubt when it may have been applied.** That is the case
 * when:
 * - it was sent and no complete answer came back: the attempt timed out, the
 *   socket closed or was reset after the request was written, the reply was
 *   cut short or did not decode;
 * - the server answered with a result code that does not prove that nothing
 *   was applied: TIMEOUT (the master applied the write, then gave up waiting
 *   for a replica; or a proxied write timed out on the way), QUERY_TIMEOUT,
 *   and any code this client does not know;
 * - any earlier attempt of the same command was in doubt, whatever the last
 *   attempt's error says (a create-only write that timed out and then found
 *   the record on retry most likely created it itself).
 *
 * It is not in doubt when it was never sent (no connection could be opened,
 * the pool was exhausted, the client held it back), or when every attempt
 * was answered with a code that proves the server applied nothing: the
 * server rejects those before it touches the record, or rolls the record
 * back (GENERATION_ERROR, KEY_EXISTS_ERROR, KEY_NOT_FOUND_ERROR,
 * PARTITION_UNAVAILABLE, KEY_BUSY, DEVICE_OVERLOAD, SERVER_MEM_ERROR,
 * FAIL_FORBIDDEN, PARAMETER_ERROR, FILTERED_OUT, …: see
 * {@link NOT_APPLIED_CODES}). Reads are never in doubt.
 *
 * These facts come from the server's write, delete and UDF paths: once the
 * master has applied a write, the only answers it can send are OK and
 * TIMEOUT; every other code is sent from a check made before the apply, or
 * after a failed apply has been undone.
 *
 * @packageDocumentation
 */

import { ResultCode } from '../result-codes.js';

/**
 * Server result codes that prove a write was not applied. Codes missing from
 * this set (TIMEOUT, QUERY_TIMEOUT, codes a newer server may add) leave the
 * write in doubt.
 */
export const NOT_APPLIED_CODES: ReadonlySet<number> = new Set<number>([
  ResultCode.SERVER_ERROR,
  ResultCode.KEY_NOT_FOUND_ERROR,
  ResultCode.GENERATION_ERROR,
  ResultCode.PARAMETER_ERROR,
  ResultCode.KEY_EXISTS_ERROR,
  ResultCode.BIN_EXISTS_ERROR,
  ResultCode.CLUSTER_KEY_MISMATCH,
  ResultCode.SERVER_MEM_ERROR,
  ResultCode.ALWAYS_FORBIDDEN,
  ResultCode.PARTITION_UNAVAILABLE,
  ResultCode.BIN_TYPE_ERROR,
  ResultCode.RECORD_TOO_BIG,
  ResultCode.KEY_BUSY,
  ResultCode.SCAN_ABORT,
  ResultCode.UNSUPPORTED_FEATURE,
  ResultCode.BIN_NOT_FOUND,
  ResultCode.DEVICE_OVERLOAD,
  ResultCode.KEY_MISMATCH,
  ResultCode.INVALID_NAMESPACE,
  ResultCode.BIN_NAME_TOO_LONG,
  ResultCode.FAIL_FORBIDDEN,
  ResultCode.ELEMENT_NOT_FOUND,
  ResultCode.ELEMENT_EXISTS,
  ResultCode.ENTERPRISE_ONLY,
  ResultCode.OP_NOT_APPLICABLE,
  ResultCode.FILTERED_OUT,
  ResultCode.LOST_CONFLICT,
  ResultCode.INVALID_ENCODING,
  ResultCode.XDR_KEY_BUSY,
  ResultCode.SECURITY_NOT_SUPPORTED,
  ResultCode.SECURITY_NOT_ENABLED,
  ResultCode.SECURITY_SCHEME_NOT_SUPPORTED,
  ResultCode.INVALID_COMMAND,
  ResultCode.INVALID_FIELD,
  ResultCode.ILLEGAL_STATE,
  ResultCode.INVALID_USER,
  ResultCode.USER_ALREADY_EXISTS,
  ResultCode.INVALID_PASSWORD,
  ResultCode.EXPIRED_PASSWORD,
  ResultCode.FORBIDDEN_PASSWORD,
  ResultCode.INVALID_CREDENTIAL,
  ResultCode.EXPIRED_SESSION,
  ResultCode.INVALID_ROLE,
  ResultCode.ROLE_ALREADY_EXISTS,
  ResultCode.INVALID_PRIVILEGE,
  ResultCode.INVALID_WHITELIST,
  ResultCode.QUOTAS_NOT_ENABLED,
  ResultCode.INVALID_QUOTA,
  ResultCode.NOT_AUTHENTICATED,
  ResultCode.ROLE_VIOLATION,
  ResultCode.NOT_WHITELISTED,
  ResultCode.QUOTA_EXCEEDED,
  ResultCode.UDF_BAD_RESPONSE,
  ResultCode.MRT_BLOCKED,
  ResultCode.MRT_VERSION_MISMATCH,
  ResultCode.MRT_EXPIRED,
  ResultCode.MRT_TOO_MANY_WRITES,
  ResultCode.MRT_COMMITTED,
  ResultCode.MRT_ABORTED,
  ResultCode.MRT_ALREADY_LOCKED,
  ResultCode.MRT_MONITOR_EXISTS,
  ResultCode.BATCH_DISABLED,
  ResultCode.BATCH_MAX_REQUESTS_EXCEEDED,
  ResultCode.BATCH_QUEUES_FULL,
  ResultCode.GEO_INVALID_GEOJSON,
  // Index and query answers: a single-record write never gets them; listed so that every known code but the
  // timeouts is classified.
  ResultCode.QUERY_END,
  ResultCode.INDEX_ALREADY_EXISTS,
  ResultCode.INDEX_NOTFOUND,
  ResultCode.INDEX_OOM,
  ResultCode.INDEX_NOTREADABLE,
  ResultCode.INDEX_GENERIC,
  ResultCode.INDEX_NAME_MAXLEN,
  ResultCode.INDEX_MAXCOUNT,
  ResultCode.QUERY_ABORTED,
  ResultCode.QUERY_QUEUEFULL,
  ResultCode.QUERY_GENERIC,
  ResultCode.QUERY_NETIO_ERR,
  ResultCode.QUERY_DUPLICATE,
]);

/** How one attempt of a command ended, as far as in-doubt is concerned. */
export const AttemptOutcome = {
  /** Nothing reached a socket: no connection, pool exhausted, held back by the client. */
  NOT_SENT: 'notSent',
  /** Sent, and no complete, decodable answer came back (timeout, socket closed or reset, reply cut short or garbled). */
  NO_ANSWER: 'noAnswer',
  /** The server answered with a result code. */
  ANSWERED: 'answered',
} as const;
/** @see {@link AttemptOutcome} */
export type AttemptOutcome = (typeof AttemptOutcome)[keyof typeof AttemptOutcome];

/**
 * Whether one attempt of a write may have applied it. `resultCode` is the
 * server's answer and only matters for {@link AttemptOutcome.ANSWERED}.
 *
 * ```ts
 * mayHaveApplied(AttemptOutcome.ANSWERED, ResultCode.TIMEOUT); // true
 * mayHaveApplied(AttemptOutcome.ANSWERED, ResultCode.GENERATION_ERROR); // false
 * mayHaveApplied(AttemptOutcome.NO_ANSWER); // true
 * ```
 */
export function mayHaveApplied(outcome: AttemptOutcome, resultCode = 0): boolean {
  switch (outcome) {
    case AttemptOutcome.NOT_SENT:
      return false;
    case AttemptOutcome.NO_ANSWER:
      return true;
    default:
      // OK was applied; a failure code is in doubt unless it proves otherwise.
      return !NOT_APPLIED_CODES.has(resultCode);
  }
}
