/**
 * `get-config` answers of an Aerospike 8.1 Enterprise node: the service,
 * network, namespace, security and XDR contexts, with every key a real node
 * reports, in its order. What the memory cluster has (names, ports, TLS,
 * replication factor, TTLs, record size, rack, session TTL) has its real
 * value; the rest are the server's defaults.
 */

import * as os from 'node:os';
import { NAMESPACE, PARAMETER, checkParam, infoError, param, paramAlias } from './params.js';
import { DATA_SIZE, STRIPES } from './stats.js';
import type { MemoryClusterState, MemoryNodeView, NamespaceSettings } from './cluster-state.js';

type Pairs = Array<readonly [string, string | number | boolean]>;

function join(pairs: Pairs): string {
  return pairs.map(([k, v]) => `${k}=${v}`).join(';');
}

/** `get-config:context=service`. */
export function serviceConfig(node: MemoryNodeView, cluster: MemoryClusterState): string {
  return join([
    ['advertise-ipv6', false],
    ['auto-pin', 'none'],
    ['batch-index-threads', 2],
    ['batch-max-buffers-per-queue', 255],
    ['batch-max-requests', 0],
    ['batch-max-unused-buffers', 256],
    ['cgroup-mem-tracking', false],
    ['cluster-name', cluster.clusterName ?? 'null'],
    ['debug-allocations', false],
    ['disable-udf-execution', false],
    ['enable-benchmarks-fabric', false],
    ['enable-health-check', false],
    ['enable-hist-info', false],
    ['enforce-best-practices', false],
    ['indent-allocations', false],
    ['info-max-ms', 10000],
    ['info-threads', 16],
    ['keep-caps-ssd-health', false],
    ['log-local-time', false],
    ['log-millis', false],
    ['microsecond-histograms', false],
    ['migrate-fill-delay', 0],
    ['migrate-max-num-incoming', 4],
    ['migrate-threads', 1],
    ['min-cluster-size', 1],
    ['node-id', node.name],
    ['node-id-interface', 'null'],
    ['os-group-perms', false],
    ['pidfile', 'null'],
    ['poison-allocations', false],
    ['proto-fd-idle-ms', 0],
    ['proto-fd-max', 15000],
    ['quarantine-allocations', 0],
    ['query-max-done', 100],
    ['query-threads-limit', 128],
    ['run-as-daemon', false],
    ['secrets-address-port', 'null'],
    ['secrets-tls-context', 'null'],
    ['secrets-uds-path', 'null'],
    ['service-threads', os.availableParallelism()],
    ['sindex-builder-threads', 4],
    ['sindex-gc-period', 10],
    ['stay-quiesced', false],
    ['ticker-interval', 10],
    ['tls-refresh-period', 0],
    ['transaction-max-ms', 1000],
    ['transaction-retry-ms', 1002],
    ['vault-ca', 'null'],
    ['vault-namespace', 'null'],
    ['vault-path', 'null'],
    ['vault-token-file', 'null'],
    ['vault-url', 'null'],
    ['work-directory', '/opt/aerospike'],
  ]);
}

/**
 * `get-config:context=network`. A node serves either clear text or TLS on
 * its one port; it has no admin port, and reports heartbeat and fabric
 * ports next to its service port, as a real node's default layout does.
 */
export function networkConfig(node: MemoryNodeView, cluster: MemoryClusterState): string {
  const tls = cluster.servesTls();
  const tlsName = cluster.tlsName ?? 'null';
  // Addresses are listed for the port in use only.
  const clear: Pairs = tls ? [] : [['service.address', node.host]];
  const clearAccess: Pairs = tls ? [] : [['service.access-address', node.host]];
  const secure: Pairs = tls ? [['service.tls-address', node.host]] : [];
  const secureAccess: Pairs = tls ? [['service.tls-access-address', node.host]] : [];
  return join([
    ['service.port', tls ? 0 : node.port],
    ...clear,
    ['service.access-port', 0],
    ...clearAccess,
    ['service.alternate-access-port', 0],
    ['service.tls-port', tls ? node.port : 0],
    ...secure,
    ['service.tls-access-port', 0],
    ...secureAccess,
    ['service.tls-alternate-access-port', 0],
    ['service.tls-name', tlsName],
    ['service.disable-localhost', false],
    ['admin.port', 0],
    ['admin.tls-port', 0],
    ['admin.tls-name', 'null'],
    ['admin.disable-localhost', false],
    ['heartbeat.mode', 'mesh'],
    ['heartbeat.address', node.host],
    ['heartbeat.port', node.port + 2],
    ['heartbeat.tls-port', 0],
    ['heartbeat.tls-name', 'null'],
    ['heartbeat.interval', 150],
    ['heartbeat.timeout', 10],
    ['heartbeat.connect-timeout-ms', 500],
    ['heartbeat.mtu', 65536],
    ['heartbeat.protocol', 'v3'],
    ['fabric.address', node.host],
    ['fabric.tls-port', 0],
    ['fabric.tls-name', 'null'],
    ['fabric.channel-bulk-fds', 2],
    ['fabric.channel-bulk-recv-threads', 4],
    ['fabric.channel-ctrl-fds', 1],
    ['fabric.channel-ctrl-recv-threads', 4],
    ['fabric.channel-meta-fds', 1],
    ['fabric.channel-meta-recv-threads', 4],
    ['fabric.channel-rw-fds', 8],
    ['fabric.channel-rw-recv-pools', 1],
    ['fabric.channel-rw-recv-threads', 16],
    ['fabric.keepalive-enabled', true],
    ['fabric.keepalive-intvl', 1],
    ['fabric.keepalive-probes', 10],
    ['fabric.keepalive-time', 1],
    ['fabric.latency-max-ms', 5],
    ['fabric.port', node.port + 1],
    ['fabric.recv-rearm-threshold', 1024],
    ['fabric.send-threads', 8],
  ]);
}

/** `get-config:context=namespace;namespace=<ns>` (also the tail of `namespace/<ns>`). */
export function namespaceConfig(settings: NamespaceSettings, rackId: number): string {
  const stripes: Pairs = [];
  for (let i = 0; i < STRIPES; i++) stripes.push([`storage-engine.stripe[${i}]`, `stripe-${i}`]);
  return join([
    ['active-rack', 0],
    ['allow-ttl-without-nsup', false],
    ['apply-ttl-reductions', true],
    ['auto-revive', false],
    ['background-query-max-rps', 10000],
    ['conflict-resolution-policy', 'generation'],
    ['conflict-resolve-writes', false],
    ['default-read-touch-ttl-pct', 0],
    ['default-ttl', settings.defaultTtl],
    ['disable-cold-start-eviction', false],
    ['disable-mrt-writes', false],
    ['disable-write-dup-res', false],
    ['disallow-expunge', false],
    ['disallow-null-setname', false],
    ['enable-benchmarks-batch-sub', false],
    ['enable-benchmarks-ops-sub', false],
    ['enable-benchmarks-read', false],
    ['enable-benchmarks-udf', false],
    ['enable-benchmarks-udf-sub', false],
    ['enable-benchmarks-write', false],
    ['enable-hist-proxy', false],
    ['evict-hist-buckets', 10000],
    ['evict-indexes-memory-pct', 0],
    ['evict-tenths-pct', 5],
    ['force-long-queries', false],
    ['ignore-migrate-fill-delay', false],
    ['index-stage-size', 1073741824],
    ['indexes-memory-budget', 0],
    ['inline-short-queries', false],
    ['max-record-size', settings.maxRecordSize],
    ['migrate-order', 5],
    ['migrate-retransmit-ms', 5000],
    ['migrate-skip-unreadable', false],
    ['migrate-sleep', 1],
    ['mrt-duration', 0],
    ['nsup-hist-period', 3600],
    // Records expire the moment their TTL passes; a real node needs nsup running to accept TTLs at all.
    ['nsup-period', 120],
    ['nsup-threads', 1],
    ['partition-tree-sprigs', 256],
    ['prefer-uniform-balance', false],
    ['rack-id', rackId],
    ['read-consistency-level-override', 'off'],
    ['reject-non-xdr-writes', false],
    ['reject-xdr-writes', false],
    ['replication-factor', settings.replicationFactor],
    ['sindex-stage-size', 1073741824],
    ['single-query-threads', 4],
    ['stop-writes-sys-memory-pct', 90],
    ['strong-consistency', false],
    ['strong-consistency-allow-expunge', false],
    ['tomb-raider-eligible-age', 86400],
    ['tomb-raider-period', 86400],
    ['tomb-raider-unmark-threads', 0],
    ['transaction-pending-limit', 20],
    ['truncate-threads', 4],
    ['write-commit-level-override', 'off'],
    ['xdr-bin-tombstone-ttl', 86400],
    ['xdr-tomb-raider-period', 120],
    ['xdr-tomb-raider-threads', 1],
    ['geo2dsphere-within.strict', true],
    ['geo2dsphere-within.min-level', 1],
    ['geo2dsphere-within.max-level', 20],
    ['geo2dsphere-within.max-cells', 12],
    ['geo2dsphere-within.level-mod', 1],
    ['geo2dsphere-within.earth-radius-meters', 6371000],
    ['index-type', 'mem'],
    ['sindex-type', 'mem'],
    ['storage-engine', 'memory'],
    ...stripes,
    ['storage-engine.commit-to-device', false],
    ['storage-engine.compression', 'none'],
    ['storage-engine.compression-acceleration', 0],
    ['storage-engine.compression-level', 0],
    ['storage-engine.data-size', DATA_SIZE],
    ['storage-engine.defrag-lwm-pct', 50],
    ['storage-engine.defrag-queue-min', 0],
    ['storage-engine.defrag-sleep', 1000],
    ['storage-engine.defrag-startup-minimum', 0],
    ['storage-engine.direct-files', false],
    ['storage-engine.disable-odsync', false],
    ['storage-engine.enable-benchmarks-storage', false],
    ['storage-engine.encryption-key-file', 'null'],
    ['storage-engine.encryption-old-key-file', 'null'],
    ['storage-engine.evict-used-pct', 0],
    ['storage-engine.filesize', 0],
    ['storage-engine.flush-max-ms', 1000],
    ['storage-engine.max-write-cache', 67108864],
    ['storage-engine.stop-writes-avail-pct', 5],
    ['storage-engine.stop-writes-used-pct', 70],
    ['storage-engine.tomb-raider-sleep', 1000],
  ]);
}

/**
 * `get-config:context=security`: empty unless security is on (the cluster
 * has users), as on a real node without a security stanza.
 */
export function securityConfig(cluster: MemoryClusterState): string {
  const sessionTtl = cluster.securitySessionTtl();
  if (sessionTtl === undefined) return '';
  return join([
    ['enable-quotas', false],
    ['enable-security', true],
    ['privilege-refresh-period', 300],
    ['session-ttl', sessionTtl],
    ['tps-weight', 2],
    ['log.report-authentication', false],
    ['log.report-sys-admin', false],
    ['log.report-user-admin', false],
    ['log.report-violation', false],
  ]);
}

/** `get-config:context=xdr[;dc=<dc>]`: XDR with no data centers. */
function xdrConfig(params: string): string {
  const dc = param(params, 'dc');
  if (dc !== undefined) return infoError(PARAMETER, `DC ${dc} not found`);
  return 'dcs=;src-id=0;trace-sample=0';
}

/**
 * `get-config[:context=<context>[;namespace=<ns>]]`. Without parameters:
 * service, network and security together.
 */
export function getConfig(params: string, node: MemoryNodeView, cluster: MemoryClusterState): string {
  if (params === '') return [serviceConfig(node, cluster), networkConfig(node, cluster), securityConfig(cluster)].filter((s) => s !== '').join(';');
  const context = param(params, 'context');
  const bad = checkParam('context', context, { required: true });
  if (bad !== undefined) return bad;
  switch (context) {
    case 'service':
      return serviceConfig(node, cluster);
    case 'network':
      return networkConfig(node, cluster);
    case 'namespace': {
      const ns = paramAlias(params, ['namespace', 'id']);
      const missing = checkParam('namespace', ns, { required: true });
      if (missing !== undefined) return missing;
      const settings = cluster.namespaceSettings(ns!);
      return settings === undefined ? infoError(NAMESPACE, 'namespace not found on node') : namespaceConfig(settings, node.rackId);
    }
    case 'security':
      return securityConfig(cluster);
    case 'xdr':
      return xdrConfig(params);
    default:
      return infoError(PARAMETER, 'invalid context');
  }
}
