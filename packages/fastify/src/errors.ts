/**
 * Errors the plugin raises while it registers. Each carries a stable `code`
 * in the `FST_*` style of the `@fastify/*` plugins, so startup failures can
 * be told apart without parsing messages.
 */

/** Every code a {@link FastifyAerospikeError} can carry. */
export const FastifyAerospikeErrorCode = {
  /** An option has the wrong type or value, or the client configuration is invalid. */
  INVALID_OPTION: 'FST_AEROSPIKE_INVALID_OPTION',
  /** A named instance with this `namespace` is already registered on the instance. */
  NAMESPACE_EXISTS: 'FST_AEROSPIKE_NAMESPACE_EXISTS',
  /** The default (unnamed) instance is already registered, or named instances were registered first. */
  ALREADY_REGISTERED: 'FST_AEROSPIKE_ALREADY_REGISTERED',
  /** The client did not connect within `connectTimeout`. */
  CONNECT_TIMEOUT: 'FST_AEROSPIKE_CONNECT_TIMEOUT',
  /** The client failed to connect; `cause` holds the client's error. */
  CONNECT_FAILED: 'FST_AEROSPIKE_CONNECT_FAILED',
} as const;

/** @see {@link FastifyAerospikeErrorCode} */
export type FastifyAerospikeErrorCode = (typeof FastifyAerospikeErrorCode)[keyof typeof FastifyAerospikeErrorCode];

/**
 * An error raised while registering the plugin. It surfaces from
 * `fastify.ready()` / `fastify.listen()`.
 */
export class FastifyAerospikeError extends Error {
  /** Stable code, e.g. `FST_AEROSPIKE_INVALID_OPTION`. */
  readonly code: FastifyAerospikeErrorCode;
  /** Always 500: these are server configuration errors, never the HTTP caller's fault. */
  readonly statusCode = 500;

  /** Builds an error with `code`; `cause` keeps the underlying error, if any. */
  constructor(code: FastifyAerospikeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FastifyAerospikeError';
    this.code = code;
  }
}
