/**
 * The execution loop every single-record command runs: pick the node for
 * the key's partition, borrow a connection, send, wait within the attempt's
 * deadline, and retry on the next replica when the failure allows it.
 *
 * Retry rules:
 * - A command whose request never reached a socket (no connection could be
 *   opened, the node is suspect) cannot have been applied, so it is retried
 *   after the cluster map is refreshed: reads, and writes with `maxRetries`
 *   above 0, until the total timeout; other writes after one refresh only,
 *   then they fail (not in doubt) instead of holding the caller until the
 *   cluster has moved the dead node's partitions.
 * - PARTITION_UNAVAILABLE is a routing answer: the node cannot serve the
 *   partition now and applied nothing. The partition is marked stale on that
 *   node and a tend is asked for; a read goes to another replica at once, a
 *   write waits for the next map update; both until the total timeout.
 * - A command that was sent and then timed out or lost its connection is
 *   retried only while `maxRetries` allows.
 * - Server answers TIMEOUT, KEY_BUSY and DEVICE_OVERLOAD are retried within
 *   `maxRetries`; every other result code is final.
 *
 * Whether a failed write is in doubt is decided in `in-doubt.ts`.
 */

import { inflateSync } from 'node:zlib';
import type { Cluster } from '../cluster/cluster.js';
import type { Node } from '../cluster/node.js';
import {
  AerospikeError,
  type AttemptFailure,
  BackpressureError,
  ClusterError,
  ConnectionError,
  ProtocolError,
  TimeoutError,
  errorFromResultCode,
} from '../errors.js';
import { type CommandContext, channels, publish } from '../diagnostics.js';
import { SINGLE_FRAME } from '../net/connection.js';
import type { BasePolicy, Replica } from '../policy/types.js';
import { ResultCode, resultCodeMessage } from '../result-codes.js';
import { Info1, MSG_HEADER_SIZE } from '../wire/message.js';
import { PROTO_HEADER_SIZE, ProtoType, readProtoHeader } from '../wire/proto.js';
import { AttemptOutcome, mayHaveApplied } from './in-doubt.js';

/** What the loop needs to know about a command besides its bytes. */
export interface CommandTarget {
  namespace: string;
  /** Partition id of the key. */
  pid: number;
  /** Writes go to the master only and may be in doubt after a failure. */
  write: boolean;
  replica: Replica;
  /** Session and linearize reads of a strong-consistency namespace must go to the master. */
  scMaster: boolean;
  /**
   * Ask for duplicate resolution (read mode AP ALL) while the cluster
   * migrates the namespace's partitions, and read one copy otherwise.
   */
  readAllDuringMigrations: boolean;
}

/** Turns a reply body into the command's result; throws for error result codes. */
export type ReplyParser<T, A> = (body: Buffer, node: Node, attempts: number, arg: A) => T;

/** Counters the loop maintains for `client.stats()`. */
export interface CommandCounters {
  inFlight: number;
  retries: number;
}

/** Map refreshes an unsent write without a retry policy waits for before it fails. */
const UNSENT_WRITE_REFRESHES = 1;
/** Offset of the AS_MSG `info1` byte in a request frame. */
const INFO1_OFFSET = PROTO_HEADER_SIZE + 1;

/** Server result codes worth another attempt: the node was busy, not the request wrong. */
function retryableResult(code: number): boolean {
  return code === ResultCode.TIMEOUT || code === ResultCode.KEY_BUSY || code === ResultCode.DEVICE_OVERLOAD;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Raised internally when a write's master is suspect: nothing is sent, the map is refreshed first. */
function suspectMaster(node: Node): ConnectionError {
  return new ConnectionError(ResultCode.SERVER_NOT_AVAILABLE, `node ${node.name} is not answering; write not sent`, {
    node: node.name,
    address: node.address,
  });
}

/** Unwraps a compressed (type 4) reply into the AS_MSG body it carries. */
function inflate(body: Buffer): Buffer {
  if (body.length < 8) throw new ProtocolError(ResultCode.PARSE_ERROR, 'compressed reply shorter than its size prefix');
  let inner: Buffer;
  try {
    inner = inflateSync(body.subarray(8));
  } catch (err) {
    throw new ProtocolError(ResultCode.PARSE_ERROR, `compressed reply does not inflate: ${(err as Error).message}`, { cause: err });
  }
  const h = readProtoHeader(inner, 0);
  if (h.type !== ProtoType.MESSAGE || inner.length !== PROTO_HEADER_SIZE + h.length) {
    throw new ProtocolError(ResultCode.PARSE_ERROR, 'compressed reply does not hold one AS_MSG frame');
  }
  return inner.subarray(PROTO_HEADER_SIZE);
}

/**
 * Longest one attempt may wait: the socket timeout, the time left, and —
 * when retries remain — an equal share of the total timeout, so a node that
 * hangs leaves time to retry elsewhere.
 */
function attemptTimeout(policy: BasePolicy, deadline: number, now: number): number {
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

/**
 * Runs a single-record command. `request` is sent as is on each attempt
 * (but for the read-mode bit of reads that follow migrations); `parse` sees
 * the reply body of the attempt that got an answer.
 */
export async function executeCommand<T, A>(
  cluster: Cluster,
  counters: CommandCounters,
  target: CommandTarget,
  policy: BasePolicy,
  request: Buffer,
  parse: ReplyParser<T, A>,
  arg: A,
  trace?: CommandContext,
): Promise<T> {
  const deadline = policy.totalTimeout > 0 ? Date.now() + policy.totalTimeout : 0;
  let attempt = 0;
  let sentAttempts = 0;
  let unsentAttempts = 0;
  let failures: AttemptFailure[] | undefined;
  let inDoubt = false;
  let lastError: AerospikeError | undefined;
  let lastNode: Node | undefined;
  /** The node that last answered PARTITION_UNAVAILABLE: picked again, it means there is nowhere else to go yet. */
  let unavailableOn: Node | undefined;
  counters.inFlight++;
  try {
    for (;;) {
      const now = Date.now();
      if (deadline !== 0 && now >= deadline) {
        // Out of time while every connection was busy, or while the partition had no node to serve it: say so.
        if (lastError !== undefined && (lastError instanceof BackpressureError || lastError.resultCode === ResultCode.PARTITION_UNAVAILABLE)) {
          throw withContext(lastError, lastNode!, attempt, failures, inDoubt);
        }
        throw finalTimeout(policy, attempt, failures, inDoubt);
      }
      const timeout = attemptTimeout(policy, deadline, now);
      let node: Node;
      try {
        node = cluster.nodeFor(target.namespace, target.pid, target.replica, target.write, attempt, target.scMaster);
      } catch (err) {
        // A partition briefly without a live owner (a node just left) gets one at the next map update.
        if (!(err instanceof ClusterError) || deadline === 0 || Date.now() >= deadline) throw withAttempts(err, attempt, failures, inDoubt);
        failures = withFailure(failures, { resultCode: err.resultCode, message: err.message });
        attempt++;
        await cluster.refreshed(deadline);
        continue;
      }
      if (node === unavailableOn) {
        // The only candidate still cannot serve the partition: wait for the map to move (or a tend to pass).
        unavailableOn = undefined;
        await cluster.refreshed(deadline);
        continue;
      }
      if (trace !== undefined) {
        trace.nodeName = node.name;
        trace.serverAddress = node.host;
        trace.serverPort = node.port;
        trace.attempts = attempt + 1;
      }
      const pool = node.pool();
      let conn = pool.tryAcquire();
      const reused = conn !== undefined;
      let body: Buffer;
      let sent = false;
      try {
        if (target.write && node.suspect && cluster.hasOtherLiveNode(node)) throw suspectMaster(node);
        if (conn === undefined) conn = await pool.acquire(timeout);
        sent = true;
        node.counters.commands++;
        // Decided as late as possible: the cluster may have started migrating while this attempt waited for a connection.
        if (target.readAllDuringMigrations) {
          const info1 = request[INFO1_OFFSET]!;
          request[INFO1_OFFSET] = cluster.isMigrating(target.namespace) ? info1 | Info1.READ_MODE_AP_ALL : info1 & ~Info1.READ_MODE_AP_ALL;
        }
        body = await conn.run(request, SINGLE_FRAME, timeout);
        if (conn.lastType === ProtoType.COMPRESSED) body = inflate(body);
        else if (conn.lastType !== ProtoType.MESSAGE) {
          conn.close();
          throw new ProtocolError(ResultCode.PARSE_ERROR, `expected a record reply, got proto type ${conn.lastType}`);
        }
        pool.release(conn);
        conn = undefined;
        if (node.suspect) cluster.nodeAnswered(node);
        if (body.length < MSG_HEADER_SIZE) throw new ProtocolError(ResultCode.PARSE_ERROR, `record reply of ${body.length} bytes`);
      } catch (err) {
        if (conn !== undefined) pool.release(conn);
        if (!(err instanceof AerospikeError)) throw err;
        lastError = err;
        lastNode = node;
        if (trace !== undefined) trace.resultCode = err.resultCode;
        if (err instanceof BackpressureError) publish(channels.poolExhausted, () => ({ clusterName: cluster.clusterName, nodeName: node.name, address: node.address }));
        failures = withFailure(failures, { node: node.name, address: node.address, resultCode: err.resultCode, message: err.message });
        attempt++;
        if (target.write && mayHaveApplied(sent ? AttemptOutcome.NO_ANSWER : AttemptOutcome.NOT_SENT)) inDoubt = true;
        if (sent) {
          sentAttempts++;
          node.counters.errors++;
          if (err instanceof TimeoutError) node.counters.timeouts++;
        }
        // A pooled socket the server had already closed says nothing about the node; a timeout or a
        // connection that could not be opened does, and routes traffic away until the node answers again.
        if (err instanceof TimeoutError || (err instanceof ConnectionError && !reused)) node.markSuspect();
        if (err instanceof TimeoutError || err instanceof ConnectionError) cluster.requestTend();
        const retryable = err instanceof ConnectionError || err instanceof TimeoutError || err instanceof BackpressureError;
        // Unsent commands cannot have been applied, so they may retry after a map refresh: reads (and writes
        // with a retry policy) until the deadline; a write without one gets one refresh and then fails fast,
        // so a dead master's partitions cost errors the caller can retry rather than a stalled workload.
        if (!sent) unsentAttempts++;
        const allowed = sent
          ? sentAttempts <= policy.maxRetries
          : !target.write ||
            policy.maxRetries > 0 ||
            // Once a tend that started after the node went quiet has completed, the map is as fresh as it gets:
            // fail now. (A tend already running when it went quiet may have asked it before, and proves nothing.)
            (unsentAttempts <= UNSENT_WRITE_REFRESHES && cluster.lastCompletedTendStart <= node.suspectSince);
        if (!retryable || !allowed || (deadline === 0 && !sent && attempt > policy.maxRetries + 1) || (deadline !== 0 && Date.now() >= deadline)) {
          throw withContext(err, node, attempt, failures, inDoubt);
        }
        counters.retries++;
        if (!sent) {
          // Let the map catch up before trying again; a tend is already under way.
          await cluster.refreshed(deadline);
        } else if (policy.sleepBetweenRetries > 0) {
          await sleep(sleepFor(policy, deadline));
        } else if (err instanceof ConnectionError) {
          // Sockets a node closed together fail one by one; let the closes already received be seen before picking another.
          await new Promise((resolve) => setImmediate(resolve));
        }
        continue;
      }
      const rc = body[5]!;
      if (trace !== undefined) trace.resultCode = rc;
      if (rc === 0) {
        if (unavailableOn !== undefined || failures !== undefined) cluster.partitionServed(target.namespace, target.pid, node);
        return parseAnswer(parse, body, node, attempt, arg, failures, inDoubt, target.write);
      }
      if (target.write && mayHaveApplied(AttemptOutcome.ANSWERED, rc)) inDoubt = true;
      if (rc === ResultCode.PARTITION_UNAVAILABLE) {
        // Nothing was applied; the node cannot serve this partition now. Route around it.
        cluster.partitionUnavailable(target.namespace, target.pid, node);
        lastError = resultError(rc, node, attempt + 1, `${resultCodeMessage(rc)} on node ${node.name} for partition ${target.pid}`);
        lastNode = node;
        failures = withFailure(failures, { node: node.name, address: node.address, resultCode: rc, message: lastError.message });
        attempt++;
        unsentAttempts++;
        if ((deadline === 0 && unsentAttempts > policy.maxRetries) || (deadline !== 0 && Date.now() >= deadline)) {
          return parseAnswer(parse, body, node, attempt - 1, arg, failures, inDoubt, target.write);
        }
        counters.retries++;
        unavailableOn = node;
        continue;
      }
      if (retryableResult(rc) && sentAttempts + 1 <= policy.maxRetries && (deadline === 0 || Date.now() < deadline)) {
        failures = withFailure(failures, { node: node.name, address: node.address, resultCode: rc, message: resultCodeMessage(rc) });
        attempt++;
        sentAttempts++;
        counters.retries++;
        if (policy.sleepBetweenRetries > 0) await sleep(sleepFor(policy, deadline));
        continue;
      }
      return parseAnswer(parse, body, node, attempt, arg, failures, inDoubt, target.write);
    }
  } finally {
    counters.inFlight--;
  }
}

/**
 * Hands the final answer to the command's parser. A parser's error is given
 * the command's history: earlier attempts, and whether any of them (or this
 * answer) may have applied a write.
 */
function parseAnswer<T, A>(
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

/** Appends an attempt's failure, creating the list on the first one (most commands never fail). */
function withFailure(failures: AttemptFailure[] | undefined, failure: AttemptFailure): AttemptFailure[] {
  if (failures === undefined) return [failure];
  failures.push(failure);
  return failures;
}

function sleepFor(policy: BasePolicy, deadline: number): number {
  if (deadline === 0) return policy.sleepBetweenRetries;
  return Math.max(0, Math.min(policy.sleepBetweenRetries, deadline - Date.now()));
}

/** Adds where the command ended and its history to the error of its last attempt. */
function withContext(
  err: AerospikeError,
  node: Node,
  attempts: number,
  failures: AttemptFailure[] | undefined,
  inDoubt: boolean,
): AerospikeError {
  return recontext(err, node.name, node.address, Math.max(attempts, 1), failures, inDoubt);
}

/** Adds the command's history to an error raised before any node was picked for the last attempt. */
function withAttempts(err: unknown, attempts: number, failures: AttemptFailure[] | undefined, inDoubt: boolean): unknown {
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

function finalTimeout(policy: BasePolicy, attempts: number, failures: AttemptFailure[] | undefined, inDoubt: boolean): TimeoutError {
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
