/**
 * `@aerospike-ts/prometheus`: prom-client metrics for aerospike-ts, named
 * as aerospike-py and the OpenTelemetry database conventions name them.
 *
 * ```ts
 * import { instrumentAerospike, startMetricsServer } from '@aerospike-ts/prometheus';
 * instrumentAerospike({ registry, clients: [client] });
 * await startMetricsServer({ port: 9464, registry });
 * ```
 *
 * @packageDocumentation
 */

export {
  type AerospikeMetrics,
  type AerospikeMetricsOptions,
  CLUSTER_STATUS_VALUES,
  DEFAULT_DURATION_BUCKETS,
  METRIC_NAMES,
  defaultRegistry,
  errorType,
  instrumentAerospike,
} from './metrics.js';
export { type MetricsServer, type MetricsServerOptions, getMetrics, startMetricsServer, stopMetricsServer } from './server.js';
