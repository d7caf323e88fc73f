/**
 * The retry core every driver shares: how long one attempt may wait, which
 * failures are worth another attempt, and how the final error carries the
 * command's history (where it ended, how many attempts, each failure, and
 * whether a write may have been applied).
 */

import type { Node } from '../cluster/node.js';
import { AerospikeError, type AttemptFailure, ProtocolError, TimeoutError, errorFromResultCode } from '../errors.js';
import type { BasePolicy } from '../policy/types.js';
import { ResultCode, resultCodeMessage } from '../result-codes.js';
import type { ReplyParser } from './command.js';
import { AttemptOutcome, mayHaveApplied } from './in-doubt.js';

/** Server result codes worth another attempt: the node was busy, not the request wrong. */
export function retryableResult(code: number): boolean {
  return code === ResultCode.TIMEOUT || code === ResultCode.KEY_BUSY || code === ResultCode.DEVICE_OVERLOAD;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The absolute deadline of a command that starts now; 0 when it has none. */
export function deadlineOf(policy: BasePolicy): number {
  return policy.totalTimeout > 0 ? Date.now() + policy.totalTimeout : 0;
}

/**
 * Longest one attempt may wait: the socket timeout, the time left, and —
 * when retries remain — an equal share of the total timeout, so a node that
 * hangs leaves time to retry elsewhere.
 */
export function attemptTimeout(policy: BasePolicy, deadline: number, now: number): number {
  let timeout = policy.socketTimeout;
  if (deadline === 0) return timeout;
  const remaining = deadline - now;
  if (timeout === 0 || remaining < timeout) timeout = remaining;
  if (policy.maxRetries > 0) {
    const share = Math.ceil(policy.totalTimeout / (policy.maxRetries + 1));
    if (share < timeout) timeout = share;
  }
  return timeout;
}

/** How long to sleep between retries, never past the deadline. */
export function sleepFor(policy: BasePolicy, deadline: number): number {
  if (deadline === 0) return policy.sleepBetweenRetries;
  return Math.max(0, Math.min(policy.sleepBetweenRetries, deadline - Date.now()));
}

/** Appends an attempt's failure, creating the list on the first one (most commands never fail). */
export function withFailure(failures: AttemptFailure[] | undefined, failure: AttemptFailure): AttemptFailure[] {
  if (failures === undefined) return [failure];
  failures.push(failure);
  return failures;
}

/** Adds where the command ended and its history to the error of its last attempt. */
export function withContext(
  err: AerospikeError,
  node: Node,
  attempts: number,
  failures: AttemptFailure[] | undefined,
  inDoubt: boolean,
): AerospikeError {
  return recontext(err, node.name, node.address, Math.max(attempts, 1), failures, inDoubt);
}

/** Adds the command's history to an error raised before any node was picked for the last attempt. */
export function withAttempts(err: unknown, attempts: number, failures: AttemptFailure[] | undefined, inDoubt: boolean): unknown {
  if (!(err instanceof AerospikeError) || (attempts === 0 && !inDoubt)) return err;
  const last = failures?.[failures.length - 1];
  return recontext(err, last?.node, last?.address, attempts, failures, inDoubt);
}

/** The same error, of the same class, with the given context (the original becomes its cause). */
function recontext(
  err: AerospikeError,
  node: string | undefined,
  address: string | undefined,
  attempts: number,
  failures: AttemptFailure[] | undefined,
  inDoubt: boolean,
): AerospikeError {
  const Ctor = err.constructor as new (code: number, message: string, ctx: object) => AerospikeError;
  return new Ctor(err.resultCode, stripContext(err.message), { node, address, attempts, inDoubt, failures, cause: err });
}

function stripContext(message: string): string {
  return message.replace(/ \((node|\d+ attempt)[^)]*\)$/, '');
}

/** The error of a command that ran out of total time. */
export function finalTimeout(policy: BasePolicy, attempts: number, failures: AttemptFailure[] | undefined, inDoubt: boolean): TimeoutError {
  const last = failures?.[failures.length - 1];
  const why = last === undefined ? '' : `; last failure: ${stripContext(last.message)}`;
  return new TimeoutError(ResultCode.TIMEOUT, `command did not complete within totalTimeout ${policy.totalTimeout} ms${why}`, {
    node: last?.node,
    address: last?.address,
    attempts,
    inDoubt,
    failures,
  });
}

/** Raises the error a non-zero result code stands for, with where it happened. */
export function resultError(resultCode: number, node: Node, attempts: number, detail?: string): AerospikeError {
  const message = detail ?? resultCodeMessage(resultCode);
  return errorFromResultCode(resultCode, message, { node: node.name, address: node.address, attempts });
}

/**
 * Hands the final answer to the command's parser. A parser's error is given
 * the command's history: earlier attempts, and whether any of them (or this
 * answer) may have applied a write.
 */
export function parseAnswer<T, A>(
  parse: ReplyParser<T, A>,
  body: Buffer,
  node: Node,
  attempt: number,
  arg: A,
  failures: AttemptFailure[] | undefined,
  inDoubt: boolean,
  write: boolean,
): T {
  try {
    return parse(body, node, attempt + 1, arg);
  } catch (err) {
    if (!(err instanceof AerospikeError)) throw err;
    // A reply body that does not decode is raised by the wire decoder, which knows no node; after a
    // garbled answer to a write nothing says whether it was applied.
    const garbled = err instanceof ProtocolError && err.node === undefined;
    if (garbled && write && body[5] === 0) inDoubt = inDoubt || mayHaveApplied(AttemptOutcome.NO_ANSWER);
    if (garbled || failures !== undefined || inDoubt) throw withContext(err, node, attempt + 1, failures, inDoubt);
    throw err;
  }
}
