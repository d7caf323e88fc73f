/**
 * Attribute and metric names. The stable database names are copied here
 * rather than imported from `@opentelemetry/semantic-conventions`, as the
 * OpenTelemetry contrib guidelines ask, so the package has no runtime
 * dependency besides `@opentelemetry/api` and its names cannot shift under
 * a semantic-conventions upgrade.
 */

import { HEALTH_STATUS_LEVELS } from '@aerospike-ts/core';

/** `db.system.name`: always {@link DB_SYSTEM_NAME_VALUE}. */
export const ATTR_DB_SYSTEM_NAME = 'db.system.name';
/** `db.namespace`: the Aerospike namespace. */
export const ATTR_DB_NAMESPACE = 'db.namespace';
/** `db.collection.name`: the Aerospike set, when the record is in one. */
export const ATTR_DB_COLLECTION_NAME = 'db.collection.name';
/** `db.operation.name`: the client method, as written in code (`get`, `put`, `operate`…). */
export const ATTR_DB_OPERATION_NAME = 'db.operation.name';
/** `db.operation.batch.size`: records in a batch command (never 1). */
export const ATTR_DB_OPERATION_BATCH_SIZE = 'db.operation.batch.size';
/** `db.response.status_code`: the Aerospike result code, as a string, on failure. */
export const ATTR_DB_RESPONSE_STATUS_CODE = 'db.response.status_code';
/** `error.type`: the error's stable `code` (`KEY_NOT_FOUND_ERROR`, `TIMEOUT`…). */
export const ATTR_ERROR_TYPE = 'error.type';
/** `server.address`: host of the node that served the last attempt. */
export const ATTR_SERVER_ADDRESS = 'server.address';
/** `server.port`: port of the node that served the last attempt. */
export const ATTR_SERVER_PORT = 'server.port';

/** `db.aerospike.cluster_name`: the cluster name from the client's configuration. */
export const ATTR_DB_AEROSPIKE_CLUSTER_NAME = 'db.aerospike.cluster_name';
/** `db.aerospike.attempts`: attempts the command made, 1 when it was not retried. */
export const ATTR_DB_AEROSPIKE_ATTEMPTS = 'db.aerospike.attempts';
/** `db.aerospike.node_name`: name of the node that served the last attempt. */
export const ATTR_DB_AEROSPIKE_NODE_NAME = 'db.aerospike.node_name';

/**
 * Value of `db.system.name`. The semantic-conventions registry has no entry
 * for Aerospike; the specification allows a custom value, and this is the
 * one aerospike-py uses.
 */
export const DB_SYSTEM_NAME_VALUE = 'aerospike';

/** Stable histogram of command durations, in seconds. */
export const METRIC_DB_CLIENT_OPERATION_DURATION = 'db.client.operation.duration';
/** Counter of retries (attempts after the first), by operation. */
export const METRIC_AEROSPIKE_CLIENT_RETRIES = 'aerospike.client.retries';
/** Counter of failed commands, by `error.type`. */
export const METRIC_AEROSPIKE_CLIENT_ERRORS = 'aerospike.client.errors';
/** Histogram of cluster tend durations, in seconds. */
export const METRIC_AEROSPIKE_CLIENT_TEND_DURATION = 'aerospike.client.tend.duration';
/** Counter of partition-map updates received from nodes. */
export const METRIC_AEROSPIKE_CLIENT_PARTITION_MAP_UPDATES = 'aerospike.client.partition_map.updates';

/**
 * Gauge of partitions with no reachable master, by `db.namespace` (from
 * `client.health()` of the clients given to `instrumentAerospike`).
 *
 * ```ts
 * const unavailable = scopeMetrics.metrics.find((m) => m.descriptor.name === METRIC_AEROSPIKE_PARTITIONS_UNAVAILABLE);
 * ```
 */
export const METRIC_AEROSPIKE_PARTITIONS_UNAVAILABLE = 'aerospike.partitions.unavailable';
/**
 * Gauge of partitions with fewer reachable copies than the replication
 * factor, by `db.namespace`.
 *
 * ```ts
 * const short = scopeMetrics.metrics.find((m) => m.descriptor.name === METRIC_AEROSPIKE_PARTITIONS_UNDER_REPLICATED);
 * ```
 */
export const METRIC_AEROSPIKE_PARTITIONS_UNDER_REPLICATED = 'aerospike.partitions.under_replicated';
/**
 * Gauge of partition migrations still to run, by `db.namespace`.
 *
 * ```ts
 * const migrations = scopeMetrics.metrics.find((m) => m.descriptor.name === METRIC_AEROSPIKE_MIGRATIONS_REMAINING);
 * ```
 */
export const METRIC_AEROSPIKE_MIGRATIONS_REMAINING = 'aerospike.migrations.remaining';
/**
 * Gauge of the cluster's health status, as {@link CLUSTER_STATUS_VALUES}
 * numbers it: the worst status of the clients.
 *
 * ```ts
 * const status = scopeMetrics.metrics.find((m) => m.descriptor.name === METRIC_AEROSPIKE_CLUSTER_STATUS);
 * ```
 */
export const METRIC_AEROSPIKE_CLUSTER_STATUS = 'aerospike.cluster.status';

/**
 * Value of `aerospike.cluster.status` for each `client.health()` status.
 *
 * ```ts
 * if (value >= CLUSTER_STATUS_VALUES.degraded) alert();
 * ```
 */
export const CLUSTER_STATUS_VALUES: Readonly<{ ok: number; degraded: number; down: number }> = HEALTH_STATUS_LEVELS;

/**
 * Bucket advice of `db.client.operation.duration`, from the semantic
 * conventions. Aerospike commands usually take well under a millisecond,
 * so these are coarse at the low end; a View can replace them.
 */
export const DB_CLIENT_OPERATION_DURATION_BUCKETS: readonly number[] = Object.freeze([0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10]);
