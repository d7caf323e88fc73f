/**
 * Errors raised by the client.
 *
 * Every error is an {@link AerospikeError}: it carries the server (or client)
 * result code, a stable string `code`, the node that answered and how many
 * attempts the command made. Subclasses exist for the cases callers branch on.
 *
 * `instanceof` works across two installed copies of this package: each class
 * answers `Symbol.hasInstance` by looking for a brand registered with
 * `Symbol.for`, not by prototype identity.
 *
 * @packageDocumentation
 */

import { ResultCode, resultCodeName } from './result-codes.js';

const BRAND = Symbol.for('aerospike-ts.error');

/** Where and how an error happened; every field is optional. */
export interface ErrorContext {
  /** Name of the node that produced the error (e.g. `BB9020011AC4202`). */
  node?: string | undefined;
  /** `host:port` of that node. */
  address?: string | undefined;
  /** Number of attempts the command made, the failing one included. */
  attempts?: number | undefined;
  /** True when a write may have been applied although the client saw an error. */
  inDoubt?: boolean | undefined;
  /** The underlying cause (a socket error, a failure of an earlier attempt…). */
  cause?: unknown;
  /** One entry per failed attempt, oldest first, when a command was retried. */
  failures?: readonly AttemptFailure[] | undefined;
}

/** What went wrong on one attempt of a retried command. */
export interface AttemptFailure {
  node?: string | undefined;
  address?: string | undefined;
  resultCode: number;
  message: string;
}

function brandsOf(value: unknown): ReadonlySet<string> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const brands = (value as { [BRAND]?: unknown })[BRAND];
  return brands instanceof Set ? (brands as ReadonlySet<string>) : undefined;
}

/**
 * Base class of every error this client raises.
 *
 * `resultCode` is the Aerospike result code (negative codes are raised by the
 * client itself, as in the official clients); `code` is its stable name, e.g.
 * `KEY_NOT_FOUND_ERROR`.
 */
export class AerospikeError extends Error {
  /** Aerospike result code: server codes are >= 0, client-side codes < 0. */
  readonly resultCode: number;
  /** Stable name of {@link AerospikeError.resultCode}, e.g. `TIMEOUT`. */
  readonly code: string;
  /** Node name, when a node was involved. */
  readonly node: string | undefined;
  /** `host:port` of that node. */
  readonly address: string | undefined;
  /** Attempts made, the failing one included (0 when nothing was sent). */
  readonly attempts: number;
  /** True when a write may have been applied despite the error. */
  readonly inDoubt: boolean;
  /** Failures of earlier attempts when the command was retried. */
  readonly failures: readonly AttemptFailure[];

  constructor(resultCode: number, message: string, context: ErrorContext = {}) {
    super(decorate(message, context), context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.resultCode = resultCode;
    this.code = resultCodeName(resultCode);
    this.node = context.node;
    this.address = context.address;
    this.attempts = context.attempts ?? 0;
    this.inDoubt = context.inDoubt ?? false;
    this.failures = context.failures ?? [];
    const brands = new Set<string>();
    // Record every class name up the chain so `instanceof` of a base class matches too.
    for (let proto: { name: string } | null = new.target; proto !== null && proto !== Error; proto = Object.getPrototypeOf(proto)) {
      brands.add(proto.name);
    }
    Object.defineProperty(this, BRAND, { value: brands, enumerable: false });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof; naming the base class would make every error match every subclass.
    return brandsOf(value)?.has(this.name) === true;
  }
}

function decorate(message: string, context: ErrorContext): string {
  const where: string[] = [];
  if (context.node !== undefined || context.address !== undefined) {
    where.push(`node ${[context.node, context.address].filter(Boolean).join(' ')}`);
  }
  if (context.attempts !== undefined && context.attempts > 0) {
    where.push(`${context.attempts} attempt${context.attempts === 1 ? '' : 's'}`);
  }
  return where.length === 0 ? message : `${message} (${where.join(', ')})`;
}

/** The record does not exist (result code 2). */
export class RecordNotFoundError extends AerospikeError {}
/** A generation check failed (result code 3). */
export class GenerationError extends AerospikeError {}
/** A create-only write found an existing record (result code 5). */
export class RecordExistsError extends AerospikeError {}
/** The command did not complete within its socket or total timeout. */
export class TimeoutError extends AerospikeError {}
/** A socket could not be opened, or broke while a command was using it. */
export class ConnectionError extends AerospikeError {}
/** The cluster is unusable: no reachable node, wrong cluster name, no partition owner, a partition unavailable. */
export class ClusterError extends AerospikeError {}
/** The caller passed something the client cannot send (bad key, bin name, policy, config). */
export class InvalidArgumentError extends AerospikeError {}
/** Bytes from the network did not form a valid Aerospike message. */
export class ProtocolError extends AerospikeError {}
/** Authentication or authorization failed. */
export class SecurityError extends AerospikeError {}
/** The client was closed, or used before it connected. */
export class ClientClosedError extends AerospikeError {}
/** A filter expression excluded the record (result code 27). */
export class FilteredOutError extends AerospikeError {}
/** The server refused the command because it is overloaded or a pool is exhausted. */
export class BackpressureError extends AerospikeError {}
/** An operation met a bin of another type: a list operation on a string bin, say (result code 12). */
export class BinTypeError extends AerospikeError {}
/** An update-only list or map write found no such element (result code 23). */
export class ElementNotFoundError extends AerospikeError {}
/** A create-only or add-unique list or map write found the element already there (result code 24). */
export class ElementExistsError extends AerospikeError {}
/** The operation cannot apply to the value: an index out of bounds, a context step that finds nothing (result code 26). */
export class OpNotApplicableError extends AerospikeError {}

/** Shorthand for raising {@link InvalidArgumentError} about one named input. */
export function invalidArgument(what: string, problem: string): InvalidArgumentError {
  return new InvalidArgumentError(ResultCode.PARAMETER_ERROR, `${what}: ${problem}`);
}

/**
 * Shorthand for raising {@link ProtocolError} while decoding `what`;
 * `context` says which node sent it, when the caller knows.
 */
export function protocolError(what: string, problem: string, context?: ErrorContext): ProtocolError {
  return new ProtocolError(ResultCode.PARSE_ERROR, `malformed ${what}: ${problem}`, context);
}

const BY_CODE = new Map<number, typeof AerospikeError>([
  [ResultCode.KEY_NOT_FOUND_ERROR, RecordNotFoundError],
  [ResultCode.GENERATION_ERROR, GenerationError],
  [ResultCode.KEY_EXISTS_ERROR, RecordExistsError],
  [ResultCode.TIMEOUT, TimeoutError],
  [ResultCode.FILTERED_OUT, FilteredOutError],
  [ResultCode.BIN_TYPE_ERROR, BinTypeError],
  [ResultCode.ELEMENT_NOT_FOUND, ElementNotFoundError],
  [ResultCode.ELEMENT_EXISTS, ElementExistsError],
  [ResultCode.OP_NOT_APPLICABLE, OpNotApplicableError],
  [ResultCode.PARAMETER_ERROR, InvalidArgumentError],
  [ResultCode.INVALID_NAMESPACE, InvalidArgumentError],
  [ResultCode.BIN_NAME_TOO_LONG, InvalidArgumentError],
  [ResultCode.SERVER_NOT_AVAILABLE, ConnectionError],
  [ResultCode.NO_MORE_CONNECTIONS, BackpressureError],
  [ResultCode.KEY_BUSY, BackpressureError],
  [ResultCode.DEVICE_OVERLOAD, BackpressureError],
  [ResultCode.QUOTA_EXCEEDED, BackpressureError],
  [ResultCode.PARSE_ERROR, ProtocolError],
  [ResultCode.INVALID_NODE_ERROR, ClusterError],
  [ResultCode.INVALID_CLUSTER_PARTITION_MAP, ClusterError],
  [ResultCode.PARTITION_UNAVAILABLE, ClusterError],
  [ResultCode.NOT_AUTHENTICATED, SecurityError],
  [ResultCode.INVALID_USER, SecurityError],
  [ResultCode.INVALID_PASSWORD, SecurityError],
  [ResultCode.INVALID_CREDENTIAL, SecurityError],
  [ResultCode.EXPIRED_PASSWORD, SecurityError],
  [ResultCode.EXPIRED_SESSION, SecurityError],
  [ResultCode.ROLE_VIOLATION, SecurityError],
  [ResultCode.NOT_WHITELISTED, SecurityError],
  [ResultCode.SECURITY_NOT_ENABLED, SecurityError],
  [ResultCode.SECURITY_NOT_SUPPORTED, SecurityError],
]);

/** Builds the right subclass of {@link AerospikeError} for a result code. */
export function errorFromResultCode(resultCode: number, message: string, context: ErrorContext = {}): AerospikeError {
  const Cls = BY_CODE.get(resultCode) ?? AerospikeError;
  return new Cls(resultCode, message, context);
}
