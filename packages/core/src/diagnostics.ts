/**
 * Observability without dependencies: the client publishes on Node's
 * `diagnostics_channel`. Commands run inside a `TracingChannel` (start, end,
 * asyncStart, asyncEnd, error); cluster and pool events go to point
 * channels. Nothing is built or published while nobody subscribes.
 *
 * ```ts
 * import { channels } from '@aerospike-ts/core';
 * channels.command.subscribe({ asyncEnd(ctx) { console.log(ctx.operation, ctx.attempts) } });
 * ```
 *
 * @packageDocumentation
 */

import * as dc from 'node:diagnostics_channel';

/**
 * What a command's tracing context carries. The client fills the fields
 * about where it ran as attempts happen; `error` and `result` are set by
 * the TracingChannel when the command settles.
 */
export interface CommandContext {
  /** Operation name: get, put, exists, remove, touch, append, prepend, add, operate, getHeader, info… */
  operation: string;
  namespace: string | undefined;
  set: string | undefined;
  /** Records in a batch command; undefined for single-record commands. */
  batchSize: number | undefined;
  /** Cluster name from the client's config, when set. */
  clusterName: string | undefined;
  /** Node of the last attempt. */
  nodeName: string | undefined;
  /** Host of the last attempt's node. */
  serverAddress: string | undefined;
  /** Port of the last attempt's node. */
  serverPort: number | undefined;
  /** Attempts made so far. */
  attempts: number;
  /** Result code of the last reply (0 on success), or the client-side code of the failure. */
  resultCode: number | undefined;
  /** Set by the TracingChannel when the command failed. */
  error?: unknown;
  /** Set by the TracingChannel when the command succeeded. */
  result?: unknown;
}

/** A node event: added, removed. */
export interface NodeEvent {
  clusterName: string | undefined;
  nodeName: string;
  address: string;
  /** Why a node was removed. */
  reason?: string;
}

/** A tend finished or failed. */
export interface TendEvent {
  clusterName: string | undefined;
  durationMs: number;
  nodes: number;
  error?: unknown;
}

/** A node reported new partition ownership. */
export interface PartitionsEvent {
  clusterName: string | undefined;
  nodeName: string;
  namespaces: string[];
}

/** A connection opened or closed, or a pool had none to give. */
export interface ConnectionEvent {
  clusterName: string | undefined;
  nodeName: string;
  address: string;
}

const tracing = typeof dc.tracingChannel === 'function';

/** No-op stand-in where a runtime lacks `tracingChannel`. */
function inertTracingChannel(): dc.TracingChannel<object, CommandContext> {
  const noop = (): void => undefined;
  return { hasSubscribers: false, subscribe: noop, unsubscribe: noop } as unknown as dc.TracingChannel<object, CommandContext>;
}

/**
 * The command TracingChannel. Bun's (1.4) has no `hasSubscribers` getter, so
 * the client's "anyone listening?" check read undefined and never traced; there
 * it is derived from the five sub-channels, as Node's getter does.
 */
function commandChannel(): dc.TracingChannel<object, CommandContext> {
  if (!tracing) return inertTracingChannel();
  const ch = dc.tracingChannel<object, CommandContext>('aerospike-ts:command');
  if (typeof (ch as { hasSubscribers?: unknown }).hasSubscribers !== 'boolean') {
    Object.defineProperty(ch, 'hasSubscribers', {
      configurable: true,
      get: () =>
        ch.start.hasSubscribers || ch.end.hasSubscribers || ch.asyncStart.hasSubscribers || ch.asyncEnd.hasSubscribers || ch.error.hasSubscribers,
    });
  }
  return ch;
}

/** The channels the client publishes on. Names are stable: `aerospike-ts:<what>`. */
export const channels = {
  /** One trace per logical command, retries included. */
  command: commandChannel(),
  nodeAdded: dc.channel('aerospike-ts:node:added'),
  nodeRemoved: dc.channel('aerospike-ts:node:removed'),
  tendDone: dc.channel('aerospike-ts:tend:done'),
  tendFailed: dc.channel('aerospike-ts:tend:failed'),
  partitionsUpdated: dc.channel('aerospike-ts:partitions:updated'),
  connectionOpened: dc.channel('aerospike-ts:connection:opened'),
  connectionClosed: dc.channel('aerospike-ts:connection:closed'),
  poolExhausted: dc.channel('aerospike-ts:pool:exhausted'),
} as const;

/** Channel names, for subscribers that use `diagnostics_channel.subscribe(name, fn)`. */
export const CHANNEL_NAMES = {
  command: 'aerospike-ts:command',
  nodeAdded: 'aerospike-ts:node:added',
  nodeRemoved: 'aerospike-ts:node:removed',
  tendDone: 'aerospike-ts:tend:done',
  tendFailed: 'aerospike-ts:tend:failed',
  partitionsUpdated: 'aerospike-ts:partitions:updated',
  connectionOpened: 'aerospike-ts:connection:opened',
  connectionClosed: 'aerospike-ts:connection:closed',
  poolExhausted: 'aerospike-ts:pool:exhausted',
} as const;

/**
 * The error type telemetry reports for a failed command: the stable `code`
 * of an `AerospikeError` (`KEY_NOT_FOUND_ERROR`, `TIMEOUT`…), a system
 * error's code, else the error's name, else `_OTHER` (the OpenTelemetry
 * conventions' fallback). Spans and Prometheus labels use the same value.
 */
export function errorType(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === 'string' && code.length > 0) return code;
    if (typeof name === 'string' && name.length > 0) return name;
  }
  return '_OTHER';
}

/** Internal: publishes `make()` on `channel` only when someone listens. */
export function publish<T>(channel: dc.Channel, make: () => T): void {
  if (channel.hasSubscribers) channel.publish(make());
}
