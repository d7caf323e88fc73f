/**
 * Answers to info commands, in the formats an Aerospike 8.1 server uses
 * (see the reference transcripts): what clients send while connecting and
 * tending, and the common commands people run by hand.
 */

import type { MemoryClusterState, MemoryNodeView } from './topology.js';

/** The server version the memory cluster reports. */
export const BUILD = '8.1.2.0';
const FEATURES =
  'batch-any;batch-index;blob-bits;cdt-index;cdt-list;cdt-map;cluster-stable;float;geo;sindex-exists;peers;pipelining;pquery;pscans;query-show;relaxed-sc;replicas;replicas-all;replicas-master;replicas-max;truncate-namespace;udf';

/**
 * The commands an empty info request answers: a server's default set, in the
 * server's order, without the build details (sha, arch, time, os) and
 * compatibility id that the memory cluster does not have.
 */
const DEFAULT_SET = ['features', 'node', 'edition', 'build', 'version', 'statistics', 'services-alumni', 'services', 'partition-generation'];

/** Answers every command of one info request, in order. */
export function answerInfo(commands: readonly string[], node: MemoryNodeView, cluster: MemoryClusterState): Array<[string, string]> {
  const list = commands.length === 0 ? DEFAULT_SET : commands;
  return list.map((c) => [c, answerOne(c, node, cluster)]);
}

function params(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return out;
}

function answerOne(command: string, node: MemoryNodeView, cluster: MemoryClusterState): string {
  const colon = command.indexOf(':');
  const slash = command.indexOf('/');
  const name = colon === -1 ? (slash === -1 ? command : command.slice(0, slash)) : command.slice(0, colon);
  const arg = colon === -1 ? (slash === -1 ? '' : command.slice(slash + 1)) : command.slice(colon + 1);
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
      return 'Aerospike Enterprise Edition';
    case 'version':
      return `Aerospike Enterprise Edition build ${BUILD}`;
    case 'status':
      return 'ok';
    case 'partitions':
      return '4096';
    case 'features':
      return FEATURES;
    case 'cluster-name':
      return cluster.clusterName ?? 'null';
    case 'cluster-stable':
      return clusterStable(params(arg), node, cluster);
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
      return cluster.peersOf(node.name).map((p) => p.address).join(';');
    case 'services-alumni':
      return '';
    case 'peers-clear-std':
    case 'peers-clear-alt':
    case 'peers-tls-std':
    case 'peers-tls-alt':
      return peers(node, cluster, name.includes('tls'));
    case 'replicas':
      return cluster.replicasOf(node.name, true);
    case 'replicas-all':
      return cluster.replicasOf(node.name, false);
    case 'replicas-master':
      return cluster.mastersOf(node.name);
    case 'rack-ids':
      return cluster.namespaceNames().map((ns) => `${ns}:${node.rackId}`).join(';');
    case 'namespaces':
      return cluster.namespaceNames().join(';');
    case 'namespace':
      return cluster.namespaceInfo(arg);
    case 'sets':
      return cluster.setsInfo(arg === '' ? undefined : arg.split('/')[0]);
    case 'statistics':
      return cluster.statistics(node);
    case 'sindex-list':
    case 'udf-list':
      return '';
    case 'truncate': {
      const p = params(arg);
      const ns = p.get('namespace');
      const set = p.get('set');
      if (ns === undefined || !cluster.namespaceNames().includes(ns)) return 'ERROR:20:namespace not found';
      if (set === undefined || set === '') return "ERROR:4:missing 'set' value";
      cluster.truncate(ns, set);
      return 'ok';
    }
    case 'truncate-namespace': {
      const ns = params(arg).get('namespace');
      if (ns === undefined || !cluster.namespaceNames().includes(ns)) return 'ERROR:20:namespace not found';
      cluster.truncate(ns);
      return 'ok';
    }
    default:
      return 'ERROR:4:unrecognized command';
  }
}

/**
 * `cluster-stable[:size=N][;ignore-migrations=true|false][;namespace=ns]`:
 * the cluster key when the node has joined, the cluster has the given size
 * and (unless ignored) no migrations remain; otherwise the server's errors.
 */
function clusterStable(p: Map<string, string>, node: MemoryNodeView, cluster: MemoryClusterState): string {
  const unstable = 'ERROR:7:unstable cluster';
  if (node.loading) return unstable;
  const size = p.get('size');
  if (size !== undefined) {
    if (!/^\d+$/.test(size)) return 'ERROR:4:bad size';
    if (Number(size) !== cluster.peersOf(node.name).length + 1) return 'ERROR:7:cluster not specified size';
  }
  const ignore = p.get('ignore-migrations');
  if (ignore !== undefined && ignore !== 'true' && ignore !== 'false') return 'ERROR:4:bad ignore migrations';
  if (ignore !== 'true') {
    const ns = p.get('namespace');
    if (ns !== undefined && !cluster.namespaceNames().includes(ns)) return 'ERROR:20:namespace not found on node';
    if (!cluster.isStable(node.name)) return unstable;
  }
  return cluster.clusterKeyOf(node.name);
}

function peers(node: MemoryNodeView, cluster: MemoryClusterState, tls: boolean): string {
  const list = cluster
    .peersOf(node.name)
    .map((p) => `[${p.name},${tls ? (cluster.tlsName ?? '') : ''},[${p.host.includes(':') ? `[${p.host}]` : p.host}:${p.port}]]`);
  return `${cluster.peersGeneration},${node.port},[${list.join(',')}]`;
}
