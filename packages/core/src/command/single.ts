/**
 * The single-record driver: pick the node for the key's partition, run one
 * attempt there (`attempt.ts`), and retry on the next replica when the
 * failure allows it (`retry.ts` has the shared rules and error context).
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

import type { Cluster } from '../cluster/cluster.js';
import type { Node } from '../cluster/node.js';
import { AerospikeError, type AttemptFailure, BackpressureError, ClusterError, ConnectionError, TimeoutError } from '../errors.js';
import { type CommandContext, channels, publish } from '../diagnostics.js';
import { ResultCode, resultCodeMessage } from '../result-codes.js';
import { Info1 } from '../wire/message.js';
import { PROTO_HEADER_SIZE } from '../wire/proto.js';
import { type AttemptState, attemptOnce, checkMessageBody } from './attempt.js';
import type { CommandCounters, SingleRecordCommand } from './command.js';
import { AttemptOutcome, mayHaveApplied } from './in-doubt.js';
import {
  attemptTimeout,
  deadlineOf,
  finalTimeout,
  parseAnswer,
  resultError,
  retryableResult,
  sleep,
  sleepFor,
  withAttempts,
  withContext,
  withFailure,
} from './retry.js';

/** Map refreshes an unsent write without a retry policy waits for before it fails. */
const UNSENT_WRITE_REFRESHES = 1;
/** Offset of the AS_MSG `info1` byte in a request frame. */
const INFO1_OFFSET = PROTO_HEADER_SIZE + 1;

/** Sets or clears the read-mode-AP-ALL bit of a request. */
function setReadModeAll(request: Buffer, all: boolean): void {
  const info1 = request[INFO1_OFFSET]!;
  request[INFO1_OFFSET] = all ? info1 | Info1.READ_MODE_AP_ALL : info1 & ~Info1.READ_MODE_AP_ALL;
}

/**
 * Runs a single-record command to its result or its final error. The
 * request is sent as is on each attempt (but for the read-mode bit of reads
 * that follow migrations); the command's parser sees the answer of the
 * attempt that got one.
 */
export async function runSingle<T, A>(
  cluster: Cluster,
  counters: CommandCounters,
  command: SingleRecordCommand<T, A>,
  trace?: CommandContext,
): Promise<T> {
  const { target, policy, request, parse, arg } = command;
  const deadline = deadlineOf(policy);
  const state: AttemptState = { sent: false, reused: false };
  // Decided as late as possible: the cluster may start migrating while an attempt waits for a connection.
  const beforeSend = target.readAllDuringMigrations ? (req: Buffer) => setReadModeAll(req, cluster.isMigrating(target.namespace)) : undefined;
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
      let body: Buffer;
      try {
        body = await attemptOnce(node, request, timeout, state, target.write && node.suspect && cluster.hasOtherLiveNode(node), beforeSend);
        if (node.suspect) cluster.nodeAnswered(node);
        checkMessageBody(body);
      } catch (err) {
        if (!(err instanceof AerospikeError)) throw err;
        const { sent, reused } = state;
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

