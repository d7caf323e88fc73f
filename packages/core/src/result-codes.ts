/**
 * Aerospike result codes.
 *
 * Codes `>= 0` are sent by the server in the result-code byte of a reply.
 * Codes `< 0` never travel on the wire: the client raises them itself (parse
 * failures, exhausted pools, retries used up, transaction state, ...).
 *
 * Names follow the official Java client. A few extra keys are aliases of a
 * canonical code (see {@link ResultCode}); {@link resultCodeName} always
 * returns the canonical name.
 *
 * @packageDocumentation
 */

/**
 * Every known Aerospike result code, by name.
 *
 * Aliases (same number as another key; {@link resultCodeName} never returns
 * them):
 * - `COMMON_ERROR` = `CLIENT_ERROR` (-1)
 * - `NAMESPACE_NOT_FOUND` = `INVALID_NAMESPACE` (20)
 * - `INDEX_FOUND` = `INDEX_ALREADY_EXISTS` (200)
 * - `INDEX_NOT_FOUND` = `INDEX_NOTFOUND` (201)
 */
export const ResultCode = {
  // ---- Client-side codes (never sent by the server) ----

  /** Commit was requested for a transaction that had already been aborted. */
  TXN_ALREADY_ABORTED: -19,
  /** Abort was requested for a transaction that had already been committed. */
  TXN_ALREADY_COMMITTED: -18,
  /** The transaction could not be committed or aborted. */
  TXN_FAILED: -17,
  /** At least one key of a batch command failed. */
  BATCH_FAILED: -16,
  /** The server did not answer (e.g. a batch key that got no reply). */
  NO_RESPONSE: -15,
  /** The client has no usable partition map for the namespace. */
  INVALID_CLUSTER_PARTITION_MAP: -13,
  /** The node's error-rate limit was reached; commands to it are refused for now. */
  MAX_ERROR_RATE: -12,
  /** The command failed on every allowed attempt. */
  MAX_RETRIES_EXCEEDED: -11,
  /** A value could not be encoded for the wire. */
  SERIALIZE_ERROR: -10,
  /** The queue of delayed asynchronous commands is full. */
  ASYNC_QUEUE_FULL: -9,
  /** A connection to the server could not be made or was lost. */
  SERVER_NOT_AVAILABLE: -8,
  /** The node's connection pool is exhausted. */
  NO_MORE_CONNECTIONS: -7,
  /** The caller stopped a query. */
  QUERY_TERMINATED: -5,
  /** The caller stopped a scan. */
  SCAN_TERMINATED: -4,
  /** No active node is available for the command. */
  INVALID_NODE_ERROR: -3,
  /** A reply from the server could not be decoded. */
  PARSE_ERROR: -2,
  /** Generic client-side failure. */
  CLIENT_ERROR: -1,
  /** Alias of {@link ResultCode.CLIENT_ERROR}. */
  COMMON_ERROR: -1,

  // ---- Server codes ----

  /** Success. */
  OK: 0,
  /** Unspecified server failure. */
  SERVER_ERROR: 1,
  /** The record does not exist. */
  KEY_NOT_FOUND_ERROR: 2,
  /** The record's generation did not match the expected one. */
  GENERATION_ERROR: 3,
  /** The request carried an invalid parameter. */
  PARAMETER_ERROR: 4,
  /** A create-only write found an existing record. */
  KEY_EXISTS_ERROR: 5,
  /** A create-only bin write found an existing bin. */
  BIN_EXISTS_ERROR: 6,
  /** The cluster changed while the command ran (cluster key mismatch). */
  CLUSTER_KEY_MISMATCH: 7,
  /** The server ran out of memory or storage space. */
  SERVER_MEM_ERROR: 8,
  /** The command timed out (client or server). */
  TIMEOUT: 9,
  /** The operation is never allowed with the server's configuration. */
  ALWAYS_FORBIDDEN: 10,
  /** The partition is currently unavailable. */
  PARTITION_UNAVAILABLE: 11,
  /** The operation does not fit the bin's type. */
  BIN_TYPE_ERROR: 12,
  /** The record would exceed the maximum record size. */
  RECORD_TOO_BIG: 13,
  /** Too many concurrent commands on the same record (hot key). */
  KEY_BUSY: 14,
  /** The server aborted the scan. */
  SCAN_ABORT: 15,
  /** The server does not support the requested feature. */
  UNSUPPORTED_FEATURE: 16,
  /** An update-only bin write found no such bin. */
  BIN_NOT_FOUND: 17,
  /** The storage device cannot keep up with writes. */
  DEVICE_OVERLOAD: 18,
  /** The key sent does not match the key stored with the record. */
  KEY_MISMATCH: 19,
  /** The namespace does not exist. */
  INVALID_NAMESPACE: 20,
  /** Alias of {@link ResultCode.INVALID_NAMESPACE}. */
  NAMESPACE_NOT_FOUND: 20,
  /** A bin name is too long, or the record has too many bins. */
  BIN_NAME_TOO_LONG: 21,
  /** The operation is not allowed at this time. */
  FAIL_FORBIDDEN: 22,
  /** An update-only map/list write found no such element. */
  ELEMENT_NOT_FOUND: 23,
  /** A create-only map/list write found an existing element. */
  ELEMENT_EXISTS: 24,
  /** The feature needs Enterprise Edition or a feature key. */
  ENTERPRISE_ONLY: 25,
  /** The operation cannot be applied to the bin's current value. */
  OP_NOT_APPLICABLE: 26,
  /** The filter expression evaluated to false; nothing was done. */
  FILTERED_OUT: 27,
  /** The write lost a conflict resolution against XDR. */
  LOST_CONFLICT: 28,
  /** A string bin or argument is not valid UTF-8 (server 8.1.3+). */
  INVALID_ENCODING: 29,
  /** The write must wait until XDR has shipped the record. */
  XDR_KEY_BUSY: 32,
  /** The query has no more records. */
  QUERY_END: 50,
  /** The server does not support security features. */
  SECURITY_NOT_SUPPORTED: 51,
  /** Security is not enabled on the server. */
  SECURITY_NOT_ENABLED: 52,
  /** The authentication scheme is not supported. */
  SECURITY_SCHEME_NOT_SUPPORTED: 53,
  /** Unrecognized administration command. */
  INVALID_COMMAND: 54,
  /** Invalid field in an administration command. */
  INVALID_FIELD: 55,
  /** The security protocol was not followed. */
  ILLEGAL_STATE: 56,
  /** The user name is missing or unknown. */
  INVALID_USER: 60,
  /** The user already exists. */
  USER_ALREADY_EXISTS: 61,
  /** The password is missing or wrong. */
  INVALID_PASSWORD: 62,
  /** The password has expired. */
  EXPIRED_PASSWORD: 63,
  /** The password is not allowed (e.g. used recently). */
  FORBIDDEN_PASSWORD: 64,
  /** The credential is missing or wrong. */
  INVALID_CREDENTIAL: 65,
  /** The login session has expired. */
  EXPIRED_SESSION: 66,
  /** The role is missing or unknown. */
  INVALID_ROLE: 70,
  /** The role already exists. */
  ROLE_ALREADY_EXISTS: 71,
  /** The privilege is missing or unknown. */
  INVALID_PRIVILEGE: 72,
  /** The IP address allowlist is invalid. */
  INVALID_WHITELIST: 73,
  /** Quotas are not enabled on the server. */
  QUOTAS_NOT_ENABLED: 74,
  /** The quota value is invalid. */
  INVALID_QUOTA: 75,
  /** The connection has not authenticated. */
  NOT_AUTHENTICATED: 80,
  /** The user lacks the privilege the command needs. */
  ROLE_VIOLATION: 81,
  /** The client's IP address is not on the allowlist. */
  NOT_WHITELISTED: 82,
  /** The user's rate quota is currently exceeded. */
  QUOTA_EXCEEDED: 83,
  /** A user-defined function returned an error. */
  UDF_BAD_RESPONSE: 100,
  /** The record is locked by another transaction. */
  MRT_BLOCKED: 120,
  /** The record changed outside the transaction after it was read. */
  MRT_VERSION_MISMATCH: 121,
  /** The transaction's deadline passed before commit or abort. */
  MRT_EXPIRED: 122,
  /** The transaction has too many writes. */
  MRT_TOO_MANY_WRITES: 123,
  /** The transaction has already been committed. */
  MRT_COMMITTED: 124,
  /** The transaction has already been aborted. */
  MRT_ABORTED: 125,
  /** The record is already locked by an earlier write of this transaction. */
  MRT_ALREADY_LOCKED: 126,
  /** The transaction's monitor record already exists (concurrent use of one transaction). */
  MRT_MONITOR_EXISTS: 127,
  /** Batch commands are disabled on the server. */
  BATCH_DISABLED: 150,
  /** The server's limit on batch requests was exceeded. */
  BATCH_MAX_REQUESTS_EXCEEDED: 151,
  /** All batch queues on the server are full. */
  BATCH_QUEUES_FULL: 152,
  /** The GeoJSON value is invalid or unsupported. */
  GEO_INVALID_GEOJSON: 160,
  /** The secondary index already exists. */
  INDEX_ALREADY_EXISTS: 200,
  /** Alias of {@link ResultCode.INDEX_ALREADY_EXISTS}. */
  INDEX_FOUND: 200,
  /** The secondary index does not exist. */
  INDEX_NOTFOUND: 201,
  /** Alias of {@link ResultCode.INDEX_NOTFOUND}. */
  INDEX_NOT_FOUND: 201,
  /** The secondary index ran out of memory. */
  INDEX_OOM: 202,
  /** The secondary index is not readable yet. */
  INDEX_NOTREADABLE: 203,
  /** Generic secondary index failure. */
  INDEX_GENERIC: 204,
  /** The index name is too long. */
  INDEX_NAME_MAXLEN: 205,
  /** The maximum number of indexes was reached. */
  INDEX_MAXCOUNT: 206,
  /** The server aborted the query. */
  QUERY_ABORTED: 210,
  /** The server's query queue is full. */
  QUERY_QUEUEFULL: 211,
  /** The query timed out on the server. */
  QUERY_TIMEOUT: 212,
  /** Generic query failure. */
  QUERY_GENERIC: 213,
  /** Network I/O failure while the server ran the query. */
  QUERY_NETIO_ERR: 214,
  /** A query with the same task id is already running. */
  QUERY_DUPLICATE: 215,
} as const;

/** Any value of {@link ResultCode}. */
export type ResultCodeValue = (typeof ResultCode)[keyof typeof ResultCode];

/** Keys of {@link ResultCode} that repeat another key's number. */
type AliasName = 'COMMON_ERROR' | 'NAMESPACE_NOT_FOUND' | 'INDEX_FOUND' | 'INDEX_NOT_FOUND';

/** Keys of {@link ResultCode} returned by {@link resultCodeName}. */
type CanonicalName = Exclude<keyof typeof ResultCode, AliasName>;

/** One message per canonical name; the type makes a missing or stray entry a compile error. */
const MESSAGES: { readonly [K in CanonicalName]: string } = {
  TXN_ALREADY_ABORTED: 'Cannot commit: transaction already aborted',
  TXN_ALREADY_COMMITTED: 'Cannot abort: transaction already committed',
  TXN_FAILED: 'Transaction failed',
  BATCH_FAILED: 'One or more batch keys failed',
  NO_RESPONSE: 'No response from server',
  INVALID_CLUSTER_PARTITION_MAP: 'Invalid cluster partition map',
  MAX_ERROR_RATE: 'Node error rate limit reached',
  MAX_RETRIES_EXCEEDED: 'Retry limit exceeded',
  SERIALIZE_ERROR: 'Value cannot be serialized',
  ASYNC_QUEUE_FULL: 'Command queue full',
  SERVER_NOT_AVAILABLE: 'Server not reachable',
  NO_MORE_CONNECTIONS: 'Connection pool exhausted',
  QUERY_TERMINATED: 'Query stopped by caller',
  SCAN_TERMINATED: 'Scan stopped by caller',
  INVALID_NODE_ERROR: 'No active node available',
  PARSE_ERROR: 'Malformed server response',
  CLIENT_ERROR: 'Client error',
  OK: 'Success',
  SERVER_ERROR: 'Unspecified server error',
  KEY_NOT_FOUND_ERROR: 'Record not found',
  GENERATION_ERROR: 'Generation mismatch',
  PARAMETER_ERROR: 'Invalid parameter',
  KEY_EXISTS_ERROR: 'Record already exists',
  BIN_EXISTS_ERROR: 'Bin already exists',
  CLUSTER_KEY_MISMATCH: 'Cluster changed during command',
  SERVER_MEM_ERROR: 'Server out of memory or space',
  TIMEOUT: 'Timed out',
  ALWAYS_FORBIDDEN: 'Forbidden by server configuration',
  PARTITION_UNAVAILABLE: 'Partition unavailable',
  BIN_TYPE_ERROR: 'Incompatible bin type',
  RECORD_TOO_BIG: 'Record too big',
  KEY_BUSY: 'Record busy (hot key)',
  SCAN_ABORT: 'Scan aborted by server',
  UNSUPPORTED_FEATURE: 'Feature not supported by server',
  BIN_NOT_FOUND: 'Bin not found',
  DEVICE_OVERLOAD: 'Storage device overloaded',
  KEY_MISMATCH: 'Key does not match stored record',
  INVALID_NAMESPACE: 'Namespace not found',
  BIN_NAME_TOO_LONG: 'Bin name too long or too many bins',
  FAIL_FORBIDDEN: 'Operation not allowed now',
  ELEMENT_NOT_FOUND: 'Collection element not found',
  ELEMENT_EXISTS: 'Collection element already exists',
  ENTERPRISE_ONLY: 'Enterprise feature not available',
  OP_NOT_APPLICABLE: 'Operation not applicable to bin value',
  FILTERED_OUT: 'Record filtered out',
  LOST_CONFLICT: 'Write lost XDR conflict',
  INVALID_ENCODING: 'Invalid UTF-8 string',
  XDR_KEY_BUSY: 'Record busy until XDR ships it',
  QUERY_END: 'Query finished',
  SECURITY_NOT_SUPPORTED: 'Security not supported by server',
  SECURITY_NOT_ENABLED: 'Security not enabled on server',
  SECURITY_SCHEME_NOT_SUPPORTED: 'Authentication scheme not supported',
  INVALID_COMMAND: 'Invalid admin command',
  INVALID_FIELD: 'Invalid admin command field',
  ILLEGAL_STATE: 'Security protocol violation',
  INVALID_USER: 'Invalid user',
  USER_ALREADY_EXISTS: 'User already exists',
  INVALID_PASSWORD: 'Invalid password',
  EXPIRED_PASSWORD: 'Password expired',
  FORBIDDEN_PASSWORD: 'Password not allowed',
  INVALID_CREDENTIAL: 'Invalid credential',
  EXPIRED_SESSION: 'Session expired',
  INVALID_ROLE: 'Invalid role',
  ROLE_ALREADY_EXISTS: 'Role already exists',
  INVALID_PRIVILEGE: 'Invalid privilege',
  INVALID_WHITELIST: 'Invalid IP allowlist',
  QUOTAS_NOT_ENABLED: 'Quotas not enabled',
  INVALID_QUOTA: 'Invalid quota',
  NOT_AUTHENTICATED: 'Not authenticated',
  ROLE_VIOLATION: 'Permission denied',
  NOT_WHITELISTED: 'Client address not allowed',
  QUOTA_EXCEEDED: 'Quota exceeded',
  UDF_BAD_RESPONSE: 'UDF returned an error',
  MRT_BLOCKED: 'Record locked by another transaction',
  MRT_VERSION_MISMATCH: 'Record changed outside transaction',
  MRT_EXPIRED: 'Transaction expired',
  MRT_TOO_MANY_WRITES: 'Too many writes in transaction',
  MRT_COMMITTED: 'Transaction already committed',
  MRT_ABORTED: 'Transaction already aborted',
  MRT_ALREADY_LOCKED: 'Record already locked by this transaction',
  MRT_MONITOR_EXISTS: 'Transaction monitor already exists',
  BATCH_DISABLED: 'Batch commands disabled',
  BATCH_MAX_REQUESTS_EXCEEDED: 'Too many batch requests',
  BATCH_QUEUES_FULL: 'Batch queues full',
  GEO_INVALID_GEOJSON: 'Invalid GeoJSON',
  INDEX_ALREADY_EXISTS: 'Index already exists',
  INDEX_NOTFOUND: 'Index not found',
  INDEX_OOM: 'Index out of memory',
  INDEX_NOTREADABLE: 'Index not readable',
  INDEX_GENERIC: 'Index error',
  INDEX_NAME_MAXLEN: 'Index name too long',
  INDEX_MAXCOUNT: 'Too many indexes',
  QUERY_ABORTED: 'Query aborted by server',
  QUERY_QUEUEFULL: 'Query queue full',
  QUERY_TIMEOUT: 'Query timed out on server',
  QUERY_GENERIC: 'Query error',
  QUERY_NETIO_ERR: 'Query network error on server',
  QUERY_DUPLICATE: 'Duplicate query task id',
};

const NAME_BY_CODE = new Map<number, string>();
const MESSAGE_BY_CODE = new Map<number, string>();

for (const name of Object.keys(MESSAGES) as CanonicalName[]) {
  const code = ResultCode[name];
  const taken = NAME_BY_CODE.get(code);
  if (taken !== undefined) {
    throw new Error(`result code ${code} is named both ${taken} and ${name}`);
  }
  NAME_BY_CODE.set(code, name);
  MESSAGE_BY_CODE.set(code, MESSAGES[name]);
}

/**
 * The canonical name of a result code, e.g. `resultCodeName(2)` is
 * `'KEY_NOT_FOUND_ERROR'`. Aliases are never returned (`20` gives
 * `'INVALID_NAMESPACE'`, not `'NAMESPACE_NOT_FOUND'`).
 *
 * An unknown code gives `UNKNOWN_RESULT_CODE_<n>`, or
 * `UNKNOWN_RESULT_CODE_MINUS_<n>` when it is negative (so `-42` gives
 * `UNKNOWN_RESULT_CODE_MINUS_42`), which keeps the result a valid identifier.
 */
export function resultCodeName(code: number): string {
  const name = NAME_BY_CODE.get(code);
  if (name !== undefined) return name;
  return code < 0 ? `UNKNOWN_RESULT_CODE_MINUS_${-code}` : `UNKNOWN_RESULT_CODE_${code}`;
}

/**
 * A short human-readable description of a result code, e.g.
 * `resultCodeMessage(3)` is `'Generation mismatch'`. An unknown code gives
 * `Unknown result code <n>`.
 */
export function resultCodeMessage(code: number): string {
  return MESSAGE_BY_CODE.get(code) ?? `Unknown result code ${code}`;
}
