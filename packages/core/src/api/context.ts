/**
 * What the feature modules of `api/` are given by the client: not the client
 * itself, only the pieces a feature needs to build commands and run them.
 */

import type { Cluster } from '../cluster/cluster.js';
import type { CommandExecutor } from '../command/executor.js';
import type { ReadPolicy, WritePolicy } from '../policy/types.js';

/** Runs record commands with the client's defaults. */
export interface RecordContext {
  /** Throws ClientClosedError unless the client is connected. */
  ensureOpen(): void;
  readonly executor: CommandExecutor;
  readonly readDefaults: ReadPolicy;
  readonly writeDefaults: WritePolicy;
}

/** Talks to nodes directly (info commands, health). */
export interface NodesContext {
  ensureOpen(): void;
  readonly cluster: Cluster;
  /** Default timeout of info calls, ms (the config's `timeout`). */
  readonly timeout: number;
}
