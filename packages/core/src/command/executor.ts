/**
 * The narrow runner `api/*` is given instead of the client: it runs a
 * command value within the client's limits (the operation limiter), traces
 * it on the diagnostics channel when someone listens, and keeps the
 * counters `client.stats()` reports.
 */

import type { Cluster } from '../cluster/cluster.js';
import { type CommandContext, channels } from '../diagnostics.js';
import type { CommandCounters, SingleRecordCommand } from './command.js';
import type { OperationLimiter } from './limiter.js';
import { runSingle } from './single.js';

export class CommandExecutor {
  readonly counters: CommandCounters = { inFlight: 0, retries: 0 };

  constructor(
    private readonly cluster: Cluster,
    private readonly clusterName: string | undefined,
    /** Present only when `maxConcurrentOperations` caps commands in flight. */
    private readonly limiter: OperationLimiter | undefined,
  ) {}

  /** Runs a single-record command to its result. */
  run<T, A>(command: SingleRecordCommand<T, A>): Promise<T> {
    if (this.limiter !== undefined) return this.limiter.run(() => this.dispatch(command));
    return this.dispatch(command);
  }

  private dispatch<T, A>(command: SingleRecordCommand<T, A>): Promise<T> {
    if (!channels.command.hasSubscribers) return runSingle(this.cluster, this.counters, command);
    const trace: CommandContext = {
      operation: command.name,
      namespace: command.target.namespace,
      set: command.set,
      batchSize: undefined,
      clusterName: this.clusterName,
      nodeName: undefined,
      serverAddress: undefined,
      serverPort: undefined,
      attempts: 0,
      resultCode: undefined,
    };
    return channels.command.tracePromise(() => runSingle(this.cluster, this.counters, command, trace), trace);
  }

  /** Waits until no command is in flight, or `maxMs` has passed. */
  async drain(maxMs: number): Promise<void> {
    // Commands are bounded by their own deadlines; poll briefly rather than track each one.
    const until = Date.now() + maxMs;
    while (this.counters.inFlight > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
  }
}
