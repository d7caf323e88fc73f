/**
 * Spans and metrics from the client's diagnostics channels. Nothing here
 * patches the client: it subscribes to `aerospike-ts:*` channels, which
 * core only publishes on while someone listens. The cluster-health gauges
 * are observed from `client.health()` of the clients it is given.
 */

import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import {
  type Client,
  type ClientSource,
  type CommandContext,
  type NamespaceHealth,
  type PartitionsEvent,
  type TendEvent,
  WatchedClients,
  channels,
  errorType,
  worstByNamespace,
  worstStatusLevel,
} from '@aerospike-ts/core';
import {
  type Attributes,
  type BatchObservableCallback,
  type Counter,
  type Histogram,
  type Meter,
  type MeterProvider,
  type ObservableGauge,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  context,
  diag,
  metrics,
  trace,
} from '@opentelemetry/api';
import {
  ATTR_DB_AEROSPIKE_ATTEMPTS,
  ATTR_DB_AEROSPIKE_CLUSTER_NAME,
  ATTR_DB_AEROSPIKE_NODE_NAME,
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_BATCH_SIZE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_RESPONSE_STATUS_CODE,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  DB_CLIENT_OPERATION_DURATION_BUCKETS,
  DB_SYSTEM_NAME_VALUE,
  METRIC_AEROSPIKE_CLIENT_ERRORS,
  METRIC_AEROSPIKE_CLIENT_PARTITION_MAP_UPDATES,
  METRIC_AEROSPIKE_CLIENT_RETRIES,
  METRIC_AEROSPIKE_CLIENT_TEND_DURATION,
  METRIC_AEROSPIKE_CLUSTER_STATUS,
  METRIC_AEROSPIKE_MIGRATIONS_REMAINING,
  METRIC_AEROSPIKE_PARTITIONS_UNAVAILABLE,
  METRIC_AEROSPIKE_PARTITIONS_UNDER_REPLICATED,
  METRIC_DB_CLIENT_OPERATION_DURATION,
} from './semconv.js';

/** Instrumentation scope name of the tracer and the meter. */
export const INSTRUMENTATION_NAME = '@aerospike-ts/otel';

/** Version of this package, reported as the instrumentation scope version. */
export const INSTRUMENTATION_VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** Options of {@link instrumentAerospike}. */
export interface InstrumentAerospikeOptions {
  /**
   * Where spans go. Default: the global tracer provider, looked up through
   * the API's proxy, so a provider registered later is still used.
   */
  tracerProvider?: TracerProvider;
  /**
   * Where metrics go. Default: the global meter provider at the time of the
   * call (the metrics API has no proxy: register the SDK first).
   */
  meterProvider?: MeterProvider;
  /**
   * Clients whose `health()` feeds the cluster-health gauges
   * (`aerospike.partitions.*`, `aerospike.migrations.remaining`,
   * `aerospike.cluster.status`): an array (read at every collection, so it
   * may change) or a function returning them. Spans and the other metrics
   * need no client: they cover every client in the process.
   *
   * ```ts
   * instrumentAerospike({ meterProvider, clients: () => [app.aerospike] });
   * ```
   */
  clients?: ClientSource;
}

/** What {@link instrumentAerospike} returns. */
export interface AerospikeInstrumentation {
  /**
   * Adds a client to those whose health the gauges report; closed clients
   * are dropped at the next collection.
   *
   * ```ts
   * instrumentAerospike({ meterProvider }).addClient(client);
   * ```
   */
  addClient(client: Client): void;
  /** Unsubscribes from the channels and stops observing the clients. Calling it again does nothing. */
  disable(): void;
}

interface CommandState {
  span: Span;
  startedAt: number;
}

interface Instruments {
  duration: Histogram;
  retries: Counter;
  errors: Counter;
  tendDuration: Histogram;
  partitionUpdates: Counter;
}

interface Active {
  tracerProvider: TracerProvider | undefined;
  meterProvider: MeterProvider | undefined;
  handle: AerospikeInstrumentation;
}

/** Live instrumentations; a second call with the same providers gets the first one's handle. */
const active: Active[] = [];

/**
 * Emits a span, and a `db.client.operation.duration` measurement, for every
 * command of every client in the process, following the OpenTelemetry
 * database semantic conventions; and, for the `clients` given, the
 * cluster-health gauges.
 *
 * ```ts
 * const instrumentation = instrumentAerospike({ tracerProvider, meterProvider, clients: [client] });
 * // … later
 * instrumentation.disable();
 * ```
 *
 * Calling it again with the same providers returns the same handle (adding
 * any `clients` given) rather than subscribing twice, so spans are never
 * duplicated. Different providers get their own subscription.
 */
export function instrumentAerospike(options: InstrumentAerospikeOptions = {}): AerospikeInstrumentation {
  const existing = active.find((a) => a.tracerProvider === options.tracerProvider && a.meterProvider === options.meterProvider);
  if (existing !== undefined) {
    for (const c of WatchedClients.list(options.clients)) existing.handle.addClient(c);
    return existing.handle;
  }

  const tracer = (options.tracerProvider ?? trace).getTracer(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION);
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION);
  const instruments = createInstruments(meter);
  const subscription = subscribe(tracer, instruments);
  const watched = new WatchedClients(options.clients);
  const stopObserving = observeHealth(meter, watched);

  let enabled = true;
  const entry: Active = {
    tracerProvider: options.tracerProvider,
    meterProvider: options.meterProvider,
    handle: {
      addClient(client) {
        if (enabled) watched.add(client);
      },
      disable() {
        if (!enabled) return;
        enabled = false;
        subscription.unsubscribe();
        stopObserving();
        watched.clear();
        const at = active.indexOf(entry);
        if (at !== -1) active.splice(at, 1);
      },
    },
  };
  active.push(entry);
  return entry.handle;
}

function createInstruments(meter: Meter): Instruments {
  return {
    duration: meter.createHistogram(METRIC_DB_CLIENT_OPERATION_DURATION, {
      description: 'Duration of database client operations.',
      unit: 's',
      advice: { explicitBucketBoundaries: [...DB_CLIENT_OPERATION_DURATION_BUCKETS] },
    }),
    retries: meter.createCounter(METRIC_AEROSPIKE_CLIENT_RETRIES, {
      description: 'Attempts made after the first one, by operation.',
      unit: '{retry}',
    }),
    errors: meter.createCounter(METRIC_AEROSPIKE_CLIENT_ERRORS, {
      description: 'Commands that failed, by error type.',
      unit: '{error}',
    }),
    tendDuration: meter.createHistogram(METRIC_AEROSPIKE_CLIENT_TEND_DURATION, {
      description: 'Duration of cluster tends.',
      unit: 's',
      advice: { explicitBucketBoundaries: [...DB_CLIENT_OPERATION_DURATION_BUCKETS] },
    }),
    partitionUpdates: meter.createCounter(METRIC_AEROSPIKE_CLIENT_PARTITION_MAP_UPDATES, {
      description: 'Partition-map updates received from nodes.',
      unit: '{update}',
    }),
  };
}

/**
 * Registers the cluster-health gauges and one batch callback that asks each
 * client for its health once per collection; returns what removes it.
 * Several clients may know one namespace: each figure reports the worst.
 */
function observeHealth(meter: Meter, watched: WatchedClients): () => void {
  const unavailable = meter.createObservableGauge(METRIC_AEROSPIKE_PARTITIONS_UNAVAILABLE, {
    description: 'Partitions with no reachable master.',
    unit: '{partition}',
  });
  const underReplicated = meter.createObservableGauge(METRIC_AEROSPIKE_PARTITIONS_UNDER_REPLICATED, {
    description: 'Partitions with fewer reachable copies than the replication factor.',
    unit: '{partition}',
  });
  const migrations = meter.createObservableGauge(METRIC_AEROSPIKE_MIGRATIONS_REMAINING, {
    description: 'Partition migrations still to run.',
    unit: '{partition}',
  });
  const status = meter.createObservableGauge(METRIC_AEROSPIKE_CLUSTER_STATUS, {
    description: 'Cluster health: 0 ok, 1 degraded, 2 down (the worst of the clients).',
    unit: '1',
  });
  const observables = [unavailable, underReplicated, migrations, status];
  const figures: Array<[ObservableGauge, (h: NamespaceHealth) => number]> = [
    [unavailable, (h) => h.unavailable],
    [underReplicated, (h) => h.underReplicated],
    [migrations, (h) => h.migrationsRemaining],
  ];

  const callback: BatchObservableCallback = async (result) => {
    try {
      const views = await watched.health();
      const level = worstStatusLevel(views);
      if (level === undefined) return;
      for (const [gauge, figure] of figures) {
        for (const [ns, value] of worstByNamespace(views, figure)) {
          result.observe(gauge, value, { [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE, [ATTR_DB_NAMESPACE]: ns });
        }
      }
      result.observe(status, level, { [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE });
    } catch (err) {
      diag.error(`${INSTRUMENTATION_NAME}: health callback failed`, err);
    }
  };
  meter.addBatchObservableCallback(callback, observables);
  return () => meter.removeBatchObservableCallback(callback, observables);
}

/**
 * Span name per the conventions: `{db.operation.name} {target}`, where the
 * target is the set, else the namespace, else nothing.
 */
export function spanName(operation: string, namespace: string | undefined, set: string | undefined): string {
  if (set) return `${operation} ${set}`;
  if (namespace) return `${operation} ${namespace}`;
  return operation;
}

/** `error.type` of a failure; the same value every aerospike-ts telemetry package reports. */
export { errorType };

/**
 * Result code the server answered with, or undefined. Client-side codes are
 * negative and never came from the database, so they are left out of
 * `db.response.status_code`; `error.type` still names them.
 */
function serverStatusCode(error: unknown, ctx: CommandContext): string | undefined {
  const fromError = typeof error === 'object' && error !== null ? (error as { resultCode?: unknown }).resultCode : undefined;
  const code = typeof fromError === 'number' ? fromError : ctx.resultCode;
  return code !== undefined && code >= 0 ? String(code) : undefined;
}

function startAttributes(ctx: CommandContext): Attributes {
  const attributes: Attributes = {
    [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE,
    [ATTR_DB_OPERATION_NAME]: ctx.operation,
  };
  if (ctx.namespace) attributes[ATTR_DB_NAMESPACE] = ctx.namespace;
  if (ctx.set) attributes[ATTR_DB_COLLECTION_NAME] = ctx.set;
  // A batch of one is a single operation for the conventions; an empty batch is 0.
  if (ctx.batchSize !== undefined && ctx.batchSize !== 1) attributes[ATTR_DB_OPERATION_BATCH_SIZE] = ctx.batchSize;
  return attributes;
}

function subscribe(tracer: Tracer, instruments: Instruments): { unsubscribe(): void } {
  const states = new WeakMap<object, CommandState>();

  const finish = (ctx: CommandContext): void => {
    const state = states.get(ctx);
    if (state === undefined) return;
    states.delete(ctx);
    const seconds = (performance.now() - state.startedAt) / 1000;
    const { span } = state;
    const failed = ctx.error !== undefined;

    const metric: Attributes = {
      [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE,
      [ATTR_DB_OPERATION_NAME]: ctx.operation,
    };
    if (ctx.namespace) metric[ATTR_DB_NAMESPACE] = ctx.namespace;
    if (ctx.set) metric[ATTR_DB_COLLECTION_NAME] = ctx.set;
    if (ctx.serverAddress !== undefined) metric[ATTR_SERVER_ADDRESS] = ctx.serverAddress;
    if (ctx.serverPort !== undefined) metric[ATTR_SERVER_PORT] = ctx.serverPort;

    let type: string | undefined;
    if (failed) {
      type = errorType(ctx.error);
      metric[ATTR_ERROR_TYPE] = type;
      const status = serverStatusCode(ctx.error, ctx);
      if (status !== undefined) metric[ATTR_DB_RESPONSE_STATUS_CODE] = status;
    }

    if (span.isRecording()) {
      span.setAttributes(metric);
      if (ctx.clusterName) span.setAttribute(ATTR_DB_AEROSPIKE_CLUSTER_NAME, ctx.clusterName);
      if (ctx.nodeName !== undefined) span.setAttribute(ATTR_DB_AEROSPIKE_NODE_NAME, ctx.nodeName);
      span.setAttribute(ATTR_DB_AEROSPIKE_ATTEMPTS, ctx.attempts);
      if (failed) {
        // A rejected call is a failed operation, a missing record included:
        // `error.type` = KEY_NOT_FOUND_ERROR keeps it easy to tell apart.
        const message = ctx.error instanceof Error ? ctx.error.message : undefined;
        span.setStatus(message === undefined ? { code: SpanStatusCode.ERROR } : { code: SpanStatusCode.ERROR, message });
      }
    }
    span.end();

    instruments.duration.record(seconds, metric);
    if (ctx.attempts > 1) {
      const retryAttributes: Attributes = { [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE, [ATTR_DB_OPERATION_NAME]: ctx.operation };
      if (ctx.namespace) retryAttributes[ATTR_DB_NAMESPACE] = ctx.namespace;
      instruments.retries.add(ctx.attempts - 1, retryAttributes);
    }
    if (type !== undefined) {
      instruments.errors.add(1, {
        [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE,
        [ATTR_DB_OPERATION_NAME]: ctx.operation,
        [ATTR_ERROR_TYPE]: type,
      });
    }
  };

  // Subscriber exceptions would surface as uncaught exceptions in the
  // caller's process: telemetry must never break a command.
  const guard =
    <T>(what: string, fn: (event: T) => void) =>
    (event: T): void => {
      try {
        fn(event);
      } catch (err) {
        diag.error(`${INSTRUMENTATION_NAME}: ${what} handler failed`, err);
      }
    };

  const handlers = {
    // `start` runs synchronously in the caller's async context, so the
    // active context here is the caller's: the span becomes its child.
    start: guard('start', (ctx: CommandContext) => {
      const span = tracer.startSpan(
        spanName(ctx.operation, ctx.namespace, ctx.set),
        { kind: SpanKind.CLIENT, attributes: startAttributes(ctx) },
        context.active(),
      );
      states.set(ctx, { span, startedAt: performance.now() });
    }),
    // `end` follows the synchronous part. Only a synchronous throw has set
    // `error` by then; a promise settles later, in `asyncEnd`.
    end: guard('end', (ctx: CommandContext) => {
      if (ctx.error !== undefined) finish(ctx);
    }),
    asyncStart: () => {},
    asyncEnd: guard('asyncEnd', finish),
    error: () => {},
  };

  const onTend = guard('tendDone', (event: unknown) => {
    instruments.tendDuration.record((event as TendEvent).durationMs / 1000, { [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE });
  });
  const onPartitions = guard('partitionsUpdated', (event: unknown) => {
    const e = event as PartitionsEvent;
    instruments.partitionUpdates.add(1, { [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE, [ATTR_DB_AEROSPIKE_NODE_NAME]: e.nodeName });
  });

  channels.command.subscribe(handlers);
  channels.tendDone.subscribe(onTend);
  channels.partitionsUpdated.subscribe(onPartitions);
  return {
    unsubscribe() {
      channels.command.unsubscribe(handlers);
      channels.tendDone.unsubscribe(onTend);
      channels.partitionsUpdated.unsubscribe(onPartitions);
    },
  };
}
