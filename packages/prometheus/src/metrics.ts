/**
 * prom-client metrics for aerospike-ts. Events (commands, tends, connection
 * churn) come from core's diagnostics channels, so counters never drift;
 * levels (connections in use, nodes) are read from `client.stats()` at
 * scrape time, in the gauges' `collect()`; cluster health (unavailable and
 * under-replicated partitions, migrations, overall status) from
 * `client.health()`, asked once per client per scrape.
 */

import type { Channel } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import {
  type Client,
  type ClientSource,
  type ClusterHealth,
  type CommandContext,
  type ConnectionEvent,
  HEALTH_STATUS_LEVELS,
  type HealthStatus,
  type NamespaceHealth,
  type TendEvent,
  WatchedClients,
  channels,
  errorType,
  worstByNamespace,
  worstStatusLevel,
} from '@aerospike-ts/core';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Registry used when none is given: this package's own, never prom-client's
 * global one, so nothing leaks into an application's default metrics.
 */
export const defaultRegistry: Registry = new Registry();

/**
 * Buckets of the duration histogram, in seconds: 0.25 ms to 10 s. They
 * contain every bucket of the OpenTelemetry advice (and of aerospike-py),
 * so quantiles stay comparable, with finer steps below 1 ms where most
 * Aerospike commands land.
 */
export const DEFAULT_DURATION_BUCKETS: readonly number[] = Object.freeze([
  0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

/** Metric names, before any `prefix`. */
export const METRIC_NAMES = Object.freeze({
  operationDuration: 'db_client_operation_duration_seconds',
  connectionCount: 'db_client_connection_count',
  connectionPendingRequests: 'db_client_connection_pending_requests',
  nodes: 'aerospike_client_nodes',
  commandsInFlight: 'aerospike_client_commands_in_flight',
  tends: 'aerospike_client_tends_total',
  tendDuration: 'aerospike_client_tend_duration_seconds',
  partitionMapUpdates: 'aerospike_client_partition_map_updates_total',
  retries: 'aerospike_client_retries_total',
  errors: 'aerospike_client_errors_total',
  connectionsOpened: 'aerospike_client_connections_opened_total',
  connectionsClosed: 'aerospike_client_connections_closed_total',
  poolExhausted: 'aerospike_client_pool_exhausted_total',
  partitionsUnavailable: 'aerospike_partitions_unavailable',
  partitionsUnderReplicated: 'aerospike_partitions_under_replicated',
  migrationsRemaining: 'aerospike_migrations_remaining',
  clusterStatus: 'aerospike_cluster_status',
});

/**
 * Value of `aerospike_cluster_status` for each `client.health()` status.
 *
 * ```ts
 * const value = CLUSTER_STATUS_VALUES[(await client.health()).status]; // what the gauge reports: 0, 1 or 2
 * ```
 */
export const CLUSTER_STATUS_VALUES: Readonly<Record<HealthStatus, number>> = HEALTH_STATUS_LEVELS;

/**
 * How long, in ms, one round of `client.health()` answers keeps serving the
 * health gauges after it settled (it is shared while in flight too), so a
 * scrape costs one health check per client, not one per gauge.
 */
const HEALTH_REUSE_MS = 1_000;

/** Options of {@link instrumentAerospike}. */
export interface AerospikeMetricsOptions {
  /** Registry to register on (default {@link defaultRegistry}). */
  registry?: Registry;
  /**
   * Clients whose `stats()` feed the connection, node and in-flight gauges,
   * and whose `health()` feeds the partition, migration and cluster-status
   * gauges: an array (read at every scrape, so it may change) or a function
   * returning them. Command, tend and connection counters need no client:
   * they cover every client in the process.
   */
  clients?: ClientSource;
  /** Prepended to every metric name (default none). */
  prefix?: string;
  /** Buckets of the operation duration histogram (default {@link DEFAULT_DURATION_BUCKETS}). */
  buckets?: readonly number[];
  /** Constant labels added to every series, e.g. `{ service: 'orders' }`. */
  labels?: Readonly<Record<string, string>>;
}

/** What {@link instrumentAerospike} returns. */
export interface AerospikeMetrics {
  /** Adds a client to those the gauges read; closed clients are dropped at the next scrape. */
  addClient(client: Client): void;
  /** Unsubscribes from the channels and removes the metrics it registered. Calling it again does nothing. */
  disable(): void;
}

type Labels = Record<string, string>;

/** Live instances by registry. Kept on globalThis so two copies of this package still share them. */
const INSTANCES_KEY = Symbol.for('@aerospike-ts/prometheus:instances');
const shared = globalThis as { [INSTANCES_KEY]?: WeakMap<Registry, AerospikeMetrics> };
const instances: WeakMap<Registry, AerospikeMetrics> = shared[INSTANCES_KEY] ?? new WeakMap();
shared[INSTANCES_KEY] = instances;

/**
 * Registers Aerospike client metrics on a registry and keeps them current.
 *
 * ```ts
 * const registry = new Registry();
 * const metrics = instrumentAerospike({ registry, clients: [client] });
 * ```
 *
 * Idempotent per registry: a second call returns the first call's handle
 * (adding any `clients` given), so series are never counted twice. Metrics
 * already on the registry under the same name and labels, from another
 * source, are reused rather than registered again, which would throw.
 */
export function instrumentAerospike(options: AerospikeMetricsOptions = {}): AerospikeMetrics {
  const registry = options.registry ?? defaultRegistry;
  const existing = instances.get(registry);
  if (existing !== undefined) {
    for (const c of WatchedClients.list(options.clients)) existing.addClient(c);
    return existing;
  }
  const instance = create(registry, options);
  instances.set(registry, instance);
  return instance;
}

function create(registry: Registry, options: AerospikeMetricsOptions): AerospikeMetrics {
  const prefix = options.prefix ?? '';
  const constant: Labels = { ...options.labels };
  const constantNames = Object.keys(constant);
  const created: string[] = [];
  const watched = new WatchedClients(options.clients);

  const clients = (): Client[] => watched.connected();

  const labelled = (labels: Labels): Labels => (constantNames.length === 0 ? labels : { ...labels, ...constant });

  function reuse<M>(name: string, kind: new (...args: never[]) => M, labelNames: string[]): M | undefined {
    const found = registry.getSingleMetric(name);
    if (found === undefined) return undefined;
    const names = (found as { labelNames?: readonly string[] }).labelNames ?? [];
    if (!(found instanceof kind) || names.length !== labelNames.length || !labelNames.every((l) => names.includes(l))) {
      throw new Error(
        `@aerospike-ts/prometheus: the metric "${name}" already on the registry is not compatible ` +
          `(expected a ${kind.name} with labels [${labelNames.join(', ')}]); use another registry or a prefix`,
      );
    }
    return found;
  }

  function histogram(name: string, help: string, labelNames: string[], buckets: readonly number[]): Histogram {
    const full = prefix + name;
    const all = [...labelNames, ...constantNames];
    const found = reuse(full, Histogram, all);
    if (found !== undefined) return found;
    created.push(full);
    return new Histogram({ name: full, help, labelNames: all, buckets: [...buckets], registers: [registry] });
  }

  function counter(name: string, help: string, labelNames: string[]): Counter {
    const full = prefix + name;
    const all = [...labelNames, ...constantNames];
    const found = reuse(full, Counter, all);
    if (found !== undefined) return found;
    created.push(full);
    return new Counter({ name: full, help, labelNames: all, registers: [registry] });
  }

  function gauge(name: string, help: string, labelNames: string[], fill: (g: Gauge) => void | Promise<void>): Gauge {
    const full = prefix + name;
    const all = [...labelNames, ...constantNames];
    // prom-client calls `collect` with the gauge as `this` before each scrape, and awaits a returned promise.
    const collect = function (this: Gauge): void | Promise<void> {
      this.reset();
      return fill(this);
    };
    const found = reuse(full, Gauge, all);
    if (found !== undefined) {
      // A reused gauge must still be refreshed from this instance's clients.
      (found as unknown as { collect: unknown }).collect = collect;
      return found;
    }
    created.push(full);
    return new Gauge({ name: full, help, labelNames: all, registers: [registry], collect });
  }

  const duration = histogram(
    METRIC_NAMES.operationDuration,
    'Duration of database client operations, retries included.',
    ['db_system_name', 'db_namespace', 'db_collection_name', 'db_operation_name', 'error_type'],
    options.buckets ?? DEFAULT_DURATION_BUCKETS,
  );
  gauge(
    METRIC_NAMES.connectionCount,
    'Connections to each node, by state (used: lent to a command; idle: in the pool).',
    ['db_client_connection_pool_name', 'db_client_connection_state'],
    (g) => {
      for (const c of clients()) {
        for (const node of c.stats().nodes) {
          g.inc(labelled({ db_client_connection_pool_name: node.name, db_client_connection_state: 'used' }), node.connections.inUse);
          g.inc(labelled({ db_client_connection_pool_name: node.name, db_client_connection_state: 'idle' }), node.connections.idle);
        }
      }
    },
  );
  gauge(
    METRIC_NAMES.connectionPendingRequests,
    'Commands waiting for a connection to each node.',
    ['db_client_connection_pool_name'],
    (g) => {
      for (const c of clients()) {
        for (const node of c.stats().nodes) g.inc(labelled({ db_client_connection_pool_name: node.name }), node.connections.waiting);
      }
    },
  );
  gauge(METRIC_NAMES.nodes, 'Distinct nodes the clients know of.', [], (g) => {
    // Two clients of one cluster see the same nodes: count each node once.
    const names = new Set<string>();
    for (const c of clients()) for (const node of c.stats().nodes) names.add(node.name);
    g.set(labelled({}), names.size);
  });
  gauge(METRIC_NAMES.commandsInFlight, 'Commands started and not yet settled.', [], (g) => {
    g.set(labelled({}), clients().reduce((n, c) => n + c.stats().commandsInFlight, 0));
  });

  // One health check per client serves every health gauge of a scrape: prom-client
  // collects the gauges concurrently, so they share the answers in flight.
  let healthRound: Promise<ClusterHealth[]> | undefined;
  let healthSettledAt = 0;
  const healthViews = (): Promise<ClusterHealth[]> => {
    if (healthRound === undefined || performance.now() - healthSettledAt > HEALTH_REUSE_MS) {
      healthSettledAt = Number.POSITIVE_INFINITY;
      healthRound = watched.health().then((views) => {
        healthSettledAt = performance.now();
        return views;
      });
    }
    return healthRound;
  };
  // Several clients may see one namespace: the worst figure wins.
  const namespaceGauge = (name: string, help: string, figure: (ns: NamespaceHealth) => number): void => {
    gauge(name, help, ['namespace'], async (g) => {
      const worst = worstByNamespace(await healthViews(), figure);
      g.reset();
      for (const [ns, value] of worst) g.set(labelled({ namespace: ns }), value);
    });
  };
  namespaceGauge(METRIC_NAMES.partitionsUnavailable, 'Partitions with no reachable master, by namespace.', (h) => h.unavailable);
  namespaceGauge(
    METRIC_NAMES.partitionsUnderReplicated,
    'Partitions with fewer reachable copies than the replication factor, by namespace.',
    (h) => h.underReplicated,
  );
  namespaceGauge(METRIC_NAMES.migrationsRemaining, 'Partition migrations still to run, by namespace.', (h) => h.migrationsRemaining);
  gauge(METRIC_NAMES.clusterStatus, 'Cluster health: 0 ok, 1 degraded, 2 down (the worst of the clients).', [], async (g) => {
    const level = worstStatusLevel(await healthViews());
    g.reset();
    // No answer is no sample: an unlabelled gauge would otherwise report 0, which reads as ok.
    if (level === undefined) g.remove(labelled({}));
    else g.set(labelled({}), level);
  });

  const tends = counter(METRIC_NAMES.tends, 'Cluster tends, by result (ok or failed).', ['result']);
  const tendDuration = histogram(METRIC_NAMES.tendDuration, 'Duration of successful cluster tends.', [], options.buckets ?? DEFAULT_DURATION_BUCKETS);
  const partitionUpdates = counter(METRIC_NAMES.partitionMapUpdates, 'Partition-map updates received from nodes.', []);
  const retries = counter(METRIC_NAMES.retries, 'Attempts made after the first one, by operation.', ['db_operation_name']);
  const errors = counter(METRIC_NAMES.errors, 'Failed commands, by error type.', ['error_type']);
  const opened = counter(METRIC_NAMES.connectionsOpened, 'Connections opened to nodes.', []);
  const closed = counter(METRIC_NAMES.connectionsClosed, 'Connections closed.', []);
  const exhausted = counter(METRIC_NAMES.poolExhausted, 'Times a node had no connection to lend, by node.', ['db_client_connection_pool_name']);

  const started = new WeakMap<object, number>();
  const finish = (ctx: CommandContext): void => {
    const at = started.get(ctx);
    if (at === undefined) return;
    started.delete(ctx);
    const failed = ctx.error !== undefined;
    const type = failed ? errorType(ctx.error) : '';
    duration.observe(
      labelled({
        db_system_name: 'aerospike',
        db_namespace: ctx.namespace ?? '',
        db_collection_name: ctx.set ?? '',
        db_operation_name: ctx.operation,
        error_type: type,
      }),
      (performance.now() - at) / 1000,
    );
    if (ctx.attempts > 1) retries.inc(labelled({ db_operation_name: ctx.operation }), ctx.attempts - 1);
    if (failed) errors.inc(labelled({ error_type: type }));
  };

  // A throwing subscriber would surface as an uncaught exception in the
  // application; metrics must never break a command.
  const guard =
    <T>(fn: (event: T) => void) =>
    (event: T): void => {
      try {
        fn(event);
      } catch {
        // Dropping one observation is better than failing the caller.
      }
    };

  const commandHandlers = {
    start: guard((ctx: CommandContext) => {
      started.set(ctx, performance.now());
    }),
    // Only a synchronous throw has set `error` by `end`; promises settle in `asyncEnd`.
    end: guard((ctx: CommandContext) => {
      if (ctx.error !== undefined) finish(ctx);
    }),
    asyncStart: () => {},
    asyncEnd: guard(finish),
    error: () => {},
  };
  const pointHandlers: Array<[Channel, (message: unknown) => void]> = [
    [
      channels.tendDone,
      guard((e: unknown) => {
        tends.inc(labelled({ result: 'ok' }));
        tendDuration.observe(labelled({}), (e as TendEvent).durationMs / 1000);
      }),
    ],
    [channels.tendFailed, guard(() => tends.inc(labelled({ result: 'failed' })))],
    [channels.partitionsUpdated, guard(() => partitionUpdates.inc(labelled({})))],
    [channels.connectionOpened, guard(() => opened.inc(labelled({})))],
    [channels.connectionClosed, guard(() => closed.inc(labelled({})))],
    [
      channels.poolExhausted,
      guard((e: unknown) => exhausted.inc(labelled({ db_client_connection_pool_name: (e as ConnectionEvent).nodeName }))),
    ],
  ];

  channels.command.subscribe(commandHandlers);
  for (const [channel, handler] of pointHandlers) channel.subscribe(handler);

  let enabled = true;
  const instance: AerospikeMetrics = {
    addClient(client) {
      if (enabled) watched.add(client);
    },
    disable() {
      if (!enabled) return;
      enabled = false;
      channels.command.unsubscribe(commandHandlers);
      for (const [channel, handler] of pointHandlers) channel.unsubscribe(handler);
      for (const name of created) registry.removeSingleMetric(name);
      watched.clear();
      if (instances.get(registry) === instance) instances.delete(registry);
    },
  };
  return instance;
}

/** `error.type` of a failure; the same value every aerospike-ts telemetry package reports. */
export { errorType };
