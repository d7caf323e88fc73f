/**
 * Answers to info commands, in the formats an Aerospike 8.1 Enterprise node
 * uses: what clients send while connecting and tending, what asadm, asinfo
 * and the official clients' test helpers send, and the common commands
 * people run by hand. Errors carry the server's codes and messages.
 */

import * as os from 'node:os';
import { getConfig } from './config.js';
import { NAMESPACE, NAMESPACE_SIZE, PARAMETER, checkParam, infoError, param, paramAlias } from './params.js';
import { COMPATIBILITY_ID } from './stats.js';
import type { MemoryClusterState, MemoryNodeView } from './cluster-state.js';

/** The server version the memory cluster reports. */
export const BUILD = '8.1.2.0';
/** The edition it reports: it serves Enterprise features (TLS, security, racks). */
export const EDITION = 'Aerospike Enterprise Edition';
const FEATURES =
  'batch-any;batch-index;blob-bits;cdt-index;cdt-list;cdt-map;cluster-stable;float;geo;sindex-exists;peers;pipelining;pquery;pscans;query-show;relaxed-sc;replicas;replicas-all;replicas-master;replicas-max;truncate-namespace;udf';
/** There is no build: a source id of zeros, and the Unix epoch as build time (in `date`'s format). */
const BUILD_SHA = '0'.repeat(40);
const BUILD_TIME = 'Thu Jan  1 00:00:00 UTC 1970';
const BUILD_ARCH = os.arch() === 'arm64' ? 'aarch64' : os.arch() === 'x64' ? 'x86_64' : os.arch();
const BUILD_OS = os.platform();

/** The commands an empty info request answers: a server's default set, in the server's order. */
const DEFAULT_SET = [
  'features',
  'node',
  'compatibility-id',
  'edition',
  'build_ee_sha',
  'build_sha',
  'build_arch',
  'build_time',
  'build_os',
  'build',
  'version',
  'statistics',
  'services-alumni',
  'services',
  'partition-generation',
];

/** Per-namespace histograms `latencies:` reports, in the server's order. */
const CANONICAL_HISTOGRAMS = ['read', 'write', 'udf', 'batch-sub-read', 'batch-sub-write', 'batch-sub-udf', 'pi-query', 'si-query'];
/** Per-namespace histograms `latencies:hist={ns}-<name>` reports: one, or a benchmark group. */
const NAMED_HISTOGRAMS: Record<string, readonly string[]> = {
  ...Object.fromEntries(['read-touch', 're-repl', 'proxy', ...CANONICAL_HISTOGRAMS].map((h) => [h, [h]])),
  'benchmarks-read': ['read-start', 'read-restart', 'read-dup-res', 'read-repl-ping', 'read-local', 'read-response'],
  'benchmarks-write': ['write-start', 'write-restart', 'write-dup-res', 'write-master', 'write-repl-write', 'write-response'],
  'benchmarks-udf': ['udf-start', 'udf-restart', 'udf-dup-res', 'udf-master', 'udf-repl-write', 'udf-response'],
  'benchmarks-batch-sub': [
    'batch-sub-prestart',
    'batch-sub-start',
    'batch-sub-restart',
    'batch-sub-dup-res',
    'batch-sub-repl-ping',
    'batch-sub-read-local',
    'batch-sub-write-master',
    'batch-sub-udf-master',
    'batch-sub-repl-write',
    'batch-sub-response',
  ],
  'benchmarks-udf-sub': ['udf-sub-start', 'udf-sub-restart', 'udf-sub-dup-res', 'udf-sub-master', 'udf-sub-repl-write', 'udf-sub-response'],
  'benchmarks-ops-sub': ['ops-sub-start', 'ops-sub-restart', 'ops-sub-dup-res', 'ops-sub-master', 'ops-sub-repl-write', 'ops-sub-response'],
};
const FABRIC_HISTOGRAMS = ['bulk', 'ctrl', 'meta', 'rw'].flatMap((c) =>
  ['send-init', 'send-fragment', 'recv-fragment', 'recv-cb'].map((h) => `fabric-${c}-${h}`),
);

/** Answers every command of one info request, in order. */
export function answerInfo(commands: readonly string[], node: MemoryNodeView, cluster: MemoryClusterState): Array<[string, string]> {
  const list = commands.length === 0 ? DEFAULT_SET : commands;
  return list.map((c) => [c, answerOne(c, node, cluster)]);
}

/**
 * Splits `name/arg…`, `name:params` or `name;…` as the server does: the name
 * ends at the first `/`, unless a `:` or `;` comes before it.
 */
function splitCommand(command: string): [name: string, params: string] {
  let at = command.indexOf('/');
  const colon = command.indexOf(':');
  const semicolon = command.indexOf(';');
  if (at === -1 || (colon !== -1 && colon < at)) at = colon;
  if (at === -1 || (semicolon !== -1 && semicolon < at)) at = semicolon;
  return at === -1 ? [command, ''] : [command.slice(0, at), command.slice(at + 1)];
}

function answerOne(command: string, node: MemoryNodeView, cluster: MemoryClusterState): string {
  const [name, arg] = splitCommand(command);
  switch (name) {
    case 'node':
      return node.name;
    case 'partition-generation':
      return String(cluster.partitionGenerationOf(node.name));
    case 'peers-generation':
      return String(cluster.peersGeneration);
    case 'rebalance-generation':
      return String(cluster.rebalanceGeneration);
    case 'build':
      return BUILD;
    case 'edition':
      return EDITION;
    case 'version':
      return `${EDITION} build ${BUILD}`;
    case 'build_sha':
    case 'build_ee_sha':
      return BUILD_SHA;
    case 'build_arch':
      return BUILD_ARCH;
    case 'build_os':
      return BUILD_OS;
    case 'build_time':
      return BUILD_TIME;
    case 'release':
      return `edition=${EDITION};version=${BUILD};os=${BUILD_OS};arch=${BUILD_ARCH};sha=${BUILD_SHA};ee-sha=${BUILD_SHA}`;
    case 'compatibility-id':
      return String(COMPATIBILITY_ID);
    case 'status':
      return 'ok';
    case 'partitions':
      return '4096';
    case 'features':
      return FEATURES;
    case 'connection':
      // Every connection is a service connection: the memory cluster has no admin port.
      return 'admin=false';
    case 'cluster-name':
      return cluster.clusterName ?? 'null';
    case 'cluster-stable':
      return clusterStable(arg, node, cluster);
    case 'user-agent-set':
      return 'ok';
    case 'service':
    case 'service-clear-std':
    case 'service-clear-alt':
    case 'service-tls-std':
    case 'service-tls-alt':
      return node.address;
    case 'services':
    case 'services-alternate':
    case 'services-alumni':
      return cluster
        .peersOf(node.name)
        .map((p) => p.address)
        .join(';');
    case 'peers-clear-std':
    case 'peers-clear-alt':
    case 'peers-tls-std':
    case 'peers-tls-alt':
    case 'alumni-clear-std':
    case 'alumni-clear-alt':
    case 'alumni-tls-std':
    case 'alumni-tls-alt':
      return peers(node, cluster, name.includes('tls'));
    case 'replicas':
      return cluster.replicasOf(node.name, true);
    case 'replicas-all':
      return cluster.replicasOf(node.name, false);
    case 'replicas-master':
      return cluster.mastersOf(node.name);
    case 'rack-ids':
      return cluster
        .namespaceNames()
        .map((ns) => `${ns}:${node.rackId}`)
        .join(';');
    case 'racks':
      return racks(arg, node, cluster);
    case 'namespaces':
      return cluster.namespaceNames().join(';');
    case 'namespace':
      return cluster.namespaceInfo(arg, node);
    case 'get-config':
    case 'config-get':
      return getConfig(arg, node, cluster);
    case 'sets':
      return sets(arg, node, cluster);
    case 'statistics':
      return cluster.statistics(node);
    case 'best-practices':
      return 'failed_best_practices=none';
    case 'health-outliers':
    case 'health-stats':
    case 'query-show':
    case 'udf-list':
      return '';
    case 'sindex-list':
      return sindexList(arg, cluster);
    case 'latencies':
      return latencies(arg, cluster);
    case 'truncate':
      return truncate(arg, cluster, true);
    case 'truncate-namespace':
      return truncate(arg, cluster, false);
    default:
      return infoError(PARAMETER, 'unrecognized command');
  }
}

/**
 * `sets[/<ns>[/<set>]]`: every set, a namespace's sets, or one set's
 * properties (empty for a set the namespace does not have). An unknown
 * namespace answers `ns_type=unknown`, not an error.
 */
function sets(arg: string, node: MemoryNodeView, cluster: MemoryClusterState): string {
  if (arg === '') return cluster.setsInfo(undefined, node);
  const slash = arg.indexOf('/');
  const ns = slash === -1 ? arg : arg.slice(0, slash);
  if (!cluster.namespaceNames().includes(ns)) return 'ns_type=unknown';
  return cluster.setsInfo(ns, node, slash === -1 ? undefined : arg.slice(slash + 1));
}

/**
 * `cluster-stable[:size=N][;ignore-migrations=true|false][;namespace=ns]`:
 * the cluster key when the node has joined, the cluster has the given size
 * and (unless ignored) no migrations remain; otherwise the server's errors,
 * checked in the server's order.
 */
function clusterStable(params: string, node: MemoryNodeView, cluster: MemoryClusterState): string {
  const unstable = infoError(7, 'unstable cluster');
  if (node.loading) return unstable;
  const size = param(params, 'size');
  const badSize = checkParam('size', size, { size: 4 });
  if (badSize !== undefined) return badSize;
  if (size !== undefined) {
    if (!/^\d+$/.test(size)) return infoError(PARAMETER, 'bad size');
    if (Number(size) !== cluster.peersOf(node.name).length + 1) return infoError(7, 'cluster not specified size');
  }
  const ignore = param(params, 'ignore-migrations');
  const badIgnore = checkParam('ignore-migrations', ignore, { size: 6 });
  if (badIgnore !== undefined) return badIgnore;
  if (ignore !== undefined && ignore !== 'true' && ignore !== 'false') return infoError(PARAMETER, 'bad ignore migrations');
  if (ignore !== 'true') {
    const ns = param(params, 'namespace');
    const badNs = checkParam('namespace', ns, { size: NAMESPACE_SIZE });
    if (badNs !== undefined) return badNs;
    if (ns !== undefined && !cluster.namespaceNames().includes(ns)) return infoError(NAMESPACE, 'namespace not found on node');
    if (!cluster.isStable(node.name)) return unstable;
  }
  return cluster.clusterKeyOf(node.name);
}

/**
 * `sindex-list[:ns=<ns>][;b64=true|false]`: empty, as there are no
 * secondary indexes. The server lists secondary indexes, then set indexes,
 * each checking the namespace on its own: a bad namespace answers its error
 * twice, joined by `;`.
 */
function sindexList(params: string, cluster: MemoryClusterState): string {
  const ns = paramAlias(params, ['namespace', 'ns']);
  let bad = checkParam('namespace', ns, { size: 128 });
  if (bad === undefined && ns !== undefined && !cluster.namespaceNames().includes(ns)) bad = infoError(NAMESPACE, 'namespace not found on node');
  if (bad !== undefined) return `${bad};${bad}`;
  const b64 = param(params, 'b64');
  const badB64 = checkParam('b64', b64, { size: 6 });
  if (badB64 !== undefined) return badB64;
  if (b64 !== undefined && b64 !== 'true' && b64 !== 'false') return infoError(PARAMETER, 'bad b64');
  return '';
}

/**
 * `racks[:namespace=<ns>]`: per namespace, the nodes of each rack,
 * `ns=<ns>:rack_<id>=<node>,…:rack_<id>=…;…`; racks by id, nodes in
 * succession order (highest node id first).
 */
function racks(params: string, node: MemoryNodeView, cluster: MemoryClusterState): string {
  const ns = param(params, 'namespace');
  const bad = checkParam('namespace', ns, { size: NAMESPACE_SIZE });
  if (bad !== undefined) return bad;
  if (ns !== undefined && !cluster.namespaceNames().includes(ns)) return infoError(NAMESPACE, 'namespace not found on node');
  const members = node.loading ? [node] : [node, ...cluster.peersOf(node.name)];
  members.sort((a, b) => a.rackId - b.rackId || Number.parseInt(b.name, 16) - Number.parseInt(a.name, 16));
  const groups = new Map<number, string[]>();
  for (const m of members) groups.set(m.rackId, [...(groups.get(m.rackId) ?? []), m.name]);
  const text = [...groups].map(([id, names]) => `rack_${id}=${names.join(',')}`).join(':');
  if (ns !== undefined) return text;
  return cluster
    .namespaceNames()
    .map((n) => `ns=${n}:${text}`)
    .join(';');
}

/**
 * `latencies:[hist=<name>]`: histograms with nothing recorded (the memory
 * cluster keeps none), each `<name>:`, as a real node reports histograms
 * that have seen no traffic.
 */
function latencies(params: string, cluster: MemoryClusterState): string {
  const hist = param(params, 'hist');
  const bad = checkParam('hist', hist, { size: 100 });
  if (bad !== undefined) return bad;
  let names: string[];
  if (hist === undefined) {
    names = ['batch-index', ...cluster.namespaceNames().flatMap((ns) => CANONICAL_HISTOGRAMS.map((h) => `{${ns}}-${h}`))];
  } else if (hist === 'batch-index' || hist === 'info') {
    names = [hist];
  } else if (hist === 'benchmarks-fabric') {
    names = FABRIC_HISTOGRAMS;
  } else {
    const [, ns = '', kind = ''] = /^\{([^}]*)\}-(.*)$/.exec(hist) ?? [];
    const known = cluster.namespaceNames().includes(ns) && Object.hasOwn(NAMED_HISTOGRAMS, kind);
    if (!known) return infoError(PARAMETER, 'bad hist name');
    names = NAMED_HISTOGRAMS[kind]!.map((h) => `{${ns}}-${h}`);
  }
  return names.map((n) => `${n}:`).join(';');
}

/**
 * `truncate:namespace=<ns>;set=<set>[;lut=<ns since 1970>]` and
 * `truncate-namespace:namespace=<ns>[;lut=…]`. Like a real node, it accepts
 * a namespace it does not have (and truncates nothing).
 */
function truncate(params: string, cluster: MemoryClusterState, withSet: boolean): string {
  const ns = param(params, 'namespace');
  const badNs = checkParam('namespace', ns, { required: true, size: NAMESPACE_SIZE });
  if (badNs !== undefined) return badNs;
  const set = param(params, 'set');
  if (withSet) {
    const badSet = checkParam('set', set, { required: true, size: 64 });
    if (badSet !== undefined) return badSet;
  } else if (set !== undefined) {
    return infoError(PARAMETER, 'unexpected set name');
  }
  const lut = param(params, 'lut');
  const badLut = checkParam('lut', lut, { size: 24 });
  if (badLut !== undefined) return badLut;
  let beforeMs: number | undefined;
  if (lut !== undefined) {
    beforeMs = lutMs(lut);
    // Times at or before the Aerospike epoch (2010) are 0 to the server.
    if (beforeMs <= EPOCH_2010_MS) return infoError(PARAMETER, 'would truncate to 0');
    if (beforeMs > Date.now()) return infoError(PARAMETER, 'would truncate in the future');
  }
  if (!cluster.namespaceNames().includes(ns!)) return 'ok';
  cluster.truncate(ns!, set, beforeMs);
  return 'ok';
}

const EPOCH_2010_MS = Date.UTC(2010, 0, 1);

/** A `lut` value (nanoseconds since 1970, in C constant form: decimal, 0x hex or 0 octal; digits up to the first bad one) in ms. */
function lutMs(text: string): number {
  const m = /^\s*(?:0[xX]([0-9a-fA-F]*)|(0[0-7]*)|([1-9][0-9]*))/.exec(text);
  if (m === null) return 0;
  const digits = m[1] !== undefined ? `0x${m[1] || '0'}` : m[2] !== undefined ? `0o${m[2].slice(1) || '0'}` : m[3]!;
  return Number(BigInt(digits) / 1_000_000n);
}

/** The port a server leaves out of peer addresses, and prints as the list's default. */
const PEERS_DEFAULT_PORT = 3000;

/**
 * `generation,3000,[[id,tlsName,[address,…]],…]`: a server always prints
 * 3000 as the default port and leaves `:3000` out of the addresses.
 */
function peers(node: MemoryNodeView, cluster: MemoryClusterState, tls: boolean): string {
  const list = cluster.peersOf(node.name).map((p) => {
    const host = p.host.includes(':') ? `[${p.host}]` : p.host;
    const address = p.port === PEERS_DEFAULT_PORT ? host : `${host}:${p.port}`;
    return `[${p.name},${tls ? (cluster.tlsName ?? '') : ''},[${address}]]`;
  });
  return `${cluster.peersGeneration},${PEERS_DEFAULT_PORT},[${list.join(',')}]`;
}
