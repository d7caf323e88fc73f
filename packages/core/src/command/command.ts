/**
 * A command as a value: everything a driver needs to run it, decided before
 * the first attempt — where it goes (route), the request bytes (encoded
 * once), how an answer becomes the result (consume), and the policy that
 * bounds it. Drivers run commands; `api/*` builds them. Single-record
 * commands are run by `single.ts`; batch and streaming commands add their
 * own routes and consumers on the same attempt and retry core.
 */

import type { Node } from '../cluster/node.js';
import type { BasePolicy, Replica } from '../policy/types.js';

/** Where a single-record command goes: the key's partition, and how replicas may serve it. */
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

/**
 * Turns the body of the answer into the command's result; throws for error
 * result codes. A plain function with the command's argument passed in, so
 * no closure is made per command.
 */
export type ReplyParser<T, A> = (body: Buffer, node: Node, attempts: number, arg: A) => T;

/** A single-record command, ready to run. */
export interface SingleRecordCommand<T, A> {
  /** Span and metric name (`get`, `put`, `operate`…). */
  readonly name: string;
  /** Set of the key, for diagnostics. */
  readonly set: string | undefined;
  readonly target: CommandTarget;
  readonly policy: BasePolicy;
  /** The request frame, sent as is on every attempt (but for the read-mode bit of reads that follow migrations). */
  readonly request: Buffer;
  readonly parse: ReplyParser<T, A>;
  /** Passed to `parse`: usually the key. */
  readonly arg: A;
}

/** Counters the drivers maintain for `client.stats()`. */
export interface CommandCounters {
  inFlight: number;
  retries: number;
}
