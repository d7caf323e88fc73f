/**
 * The cluster health view: per namespace, how many partitions have no
 * master the client can reach (unavailable), how many have fewer reachable
 * copies than the configured replication factor (under-replicated), how many
 * partition migrations remain, and whether every node agrees on the cluster
 * key; rolled up into `ok`, `degraded` or `down`.
 *
 * The partition figures come from the client's own partition map (what the
 * client would route to), checked against which nodes answer right now; the
 * replication factor, migrations and cluster key come from the nodes.
 */

import { parseInfoError, parseKeyValues } from '../wire/info.js';
import { PARTITIONS } from '../wire/digest.js';
import type { Node } from './node.js';
import type { NamespaceMap, PartitionMaps } from './partitions.js';

/** Overall state: `ok`, `degraded` (serving, but something needs attention), `down` (cannot serve). */
export type HealthStatus = 'ok' | 'degraded' | 'down';

/** Health of one namespace, from {@link ClusterHealth.namespaces}. */
export interface NamespaceHealth {
  /** Replication factor the namespace is configured with. */
  replicationFactor: number;
  /** Partitions in the namespace (4096). */
  partitions: number;
  /** Partitions whose master is missing from the map or does not answer. */
  unavailable: number;
  /** Partitions with a reachable master but fewer reachable copies than the replication factor. */
  underReplicated: number;
  /** Partition migrations still to run (the larger of what nodes report to send and to receive). */
  migrationsRemaining: number;
  /** Partitions the servers report dead or unavailable (strong consistency). */
  deadPartitions: number;
  /** Nodes that hold partitions of the namespace in the client's map. */
  nodes: number;
}

/** One node, as {@link ClusterHealth.nodes} lists it. */
export interface NodeHealth {
  name: string;
  address: string;
  /** True when the node answered the health check. */
  answering: boolean;
  /** Cluster key the node reports. */
  clusterKey?: string | undefined;
  /** Why the node did not answer. */
  error?: string | undefined;
}

/** What `client.health()` returns. */
export interface ClusterHealth {
  status: HealthStatus;
  /** What keeps the status from `ok`, in words; empty when ok. */
  problems: string[];
  /** Nodes the client knows, whether they answered, and what they said. */
  nodes: NodeHealth[];
  /** True when every answering node reports the same cluster key. */
  clusterKeyAgreed: boolean;
  /** The cluster key, when every answering node agrees on one. */
  clusterKey: string | undefined;
  /** Per namespace. */
  namespaces: Record<string, NamespaceHealth>;
  /** When the check ran (Unix ms). */
  checkedAt: number;
}

/** What a node said to the health check. */
interface NodeAnswer {
  clusterKey: string | undefined;
  replicationFactor: Map<string, number>;
  migrationsTx: Map<string, number>;
  migrationsRx: Map<string, number>;
  dead: Map<string, number>;
}

function num(values: Record<string, string>, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const v = values[k];
    if (v !== undefined && /^\d+$/.test(v)) return Number(v);
  }
  return undefined;
}

function infoCommands(namespaces: readonly string[]): string[] {
  const commands = ['statistics'];
  for (const ns of namespaces) commands.push(`namespace/${ns}`, `get-config:context=namespace;id=${ns}`);
  return commands;
}

function readAnswer(info: Map<string, string>, namespaces: readonly string[]): NodeAnswer {
  const answer: NodeAnswer = {
    clusterKey: undefined,
    replicationFactor: new Map(),
    migrationsTx: new Map(),
    migrationsRx: new Map(),
    dead: new Map(),
  };
  const stats = info.get('statistics') ?? '';
  if (parseInfoError(stats) === undefined) answer.clusterKey = parseKeyValues(stats, ';').cluster_key;
  for (const ns of namespaces) {
    const nsText = info.get(`namespace/${ns}`) ?? '';
    const nsValues = parseInfoError(nsText) === undefined ? parseKeyValues(nsText, ';') : {};
    const cfgText = info.get(`get-config:context=namespace;id=${ns}`) ?? '';
    const cfgValues = parseInfoError(cfgText) === undefined ? parseKeyValues(cfgText, ';') : {};
    const rf = num(cfgValues, 'replication-factor') ?? num(nsValues, 'replication-factor', 'effective_replication_factor');
    if (rf !== undefined) answer.replicationFactor.set(ns, rf);
    answer.migrationsTx.set(ns, num(nsValues, 'migrate_tx_partitions_remaining') ?? 0);
    answer.migrationsRx.set(ns, num(nsValues, 'migrate_rx_partitions_remaining') ?? 0);
    answer.dead.set(ns, (num(nsValues, 'dead_partitions') ?? 0) + (num(nsValues, 'unavailable_partitions') ?? 0));
  }
  return answer;
}

/**
 * Counts unavailable and under-replicated partitions of one namespace's
 * map, given which nodes answer and the replication factor.
 */
export function countPartitions(
  map: NamespaceMap,
  replicationFactor: number,
  answering: (nodeName: string) => boolean,
): { unavailable: number; underReplicated: number; nodes: number } {
  let unavailable = 0;
  let underReplicated = 0;
  const holders = new Set<string>();
  for (let pid = 0; pid < PARTITIONS; pid++) {
    const master = map.replicas[0]?.[pid];
    if (master === undefined || !answering(master)) {
      unavailable++;
      continue;
    }
    let copies = 0;
    for (const owners of map.replicas) {
      const name = owners[pid];
      if (name !== undefined && answering(name)) copies++;
    }
    if (copies < replicationFactor) underReplicated++;
  }
  for (const owners of map.replicas) for (const name of owners) if (name !== undefined) holders.add(name);
  return { unavailable, underReplicated, nodes: holders.size };
}

/** Asks every node for its view and combines it with the client's partition map. */
export async function checkHealth(nodes: readonly Node[], partitions: PartitionMaps, timeoutMs: number): Promise<ClusterHealth> {
  const namespaces = partitions.namespaces();
  const commands = infoCommands(namespaces);
  const answers = await Promise.all(
    nodes.map(async (node): Promise<{ node: Node; answer?: NodeAnswer; error?: string }> => {
      try {
        return { node, answer: readAnswer(await node.info(commands, timeoutMs), namespaces) };
      } catch (err) {
        return { node, error: (err as Error).message };
      }
    }),
  );
  const answeringNames = new Set(answers.filter((a) => a.answer !== undefined).map((a) => a.node.name));
  const problems: string[] = [];
  const nodeList: NodeHealth[] = answers.map(({ node, answer, error }) => ({
    name: node.name,
    address: node.address,
    answering: answer !== undefined,
    clusterKey: answer?.clusterKey,
    error,
  }));
  for (const n of nodeList) if (!n.answering) problems.push(`node ${n.name} (${n.address}) does not answer: ${n.error}`);
  const keys = new Set(nodeList.filter((n) => n.answering && n.clusterKey !== undefined).map((n) => n.clusterKey!));
  const clusterKeyAgreed = keys.size <= 1;
  if (!clusterKeyAgreed) problems.push(`nodes disagree on the cluster key (${[...keys].join(', ')}): the cluster is re-forming or split`);

  const result: Record<string, NamespaceHealth> = {};
  let anyNamespaceDown = false;
  for (const ns of namespaces) {
    const map = partitions.get(ns)!;
    let rf = 0;
    let tx = 0;
    let rx = 0;
    let dead = 0;
    for (const { answer } of answers) {
      if (answer === undefined) continue;
      rf = Math.max(rf, answer.replicationFactor.get(ns) ?? 0);
      tx += answer.migrationsTx.get(ns) ?? 0;
      rx += answer.migrationsRx.get(ns) ?? 0;
      dead = Math.max(dead, answer.dead.get(ns) ?? 0);
    }
    if (rf === 0) rf = Math.max(1, map.replicas.length);
    const counts = countPartitions(map, rf, (name) => answeringNames.has(name));
    const health: NamespaceHealth = {
      replicationFactor: rf,
      partitions: PARTITIONS,
      unavailable: counts.unavailable,
      underReplicated: counts.underReplicated,
      migrationsRemaining: Math.max(tx, rx),
      deadPartitions: dead,
      nodes: counts.nodes,
    };
    result[ns] = health;
    if (health.unavailable === PARTITIONS) anyNamespaceDown = true;
    if (health.unavailable > 0) problems.push(`namespace ${ns}: ${health.unavailable} partitions have no reachable master`);
    if (health.underReplicated > 0) problems.push(`namespace ${ns}: ${health.underReplicated} partitions have fewer than ${rf} reachable copies`);
    if (health.migrationsRemaining > 0) problems.push(`namespace ${ns}: ${health.migrationsRemaining} partition migrations remaining`);
    if (health.deadPartitions > 0) problems.push(`namespace ${ns}: the servers report ${health.deadPartitions} dead or unavailable partitions`);
  }
  const down = answeringNames.size === 0 || anyNamespaceDown;
  if (answeringNames.size === 0 && nodes.length === 0) problems.push('no node of the cluster is known');
  return {
    status: down ? 'down' : problems.length > 0 ? 'degraded' : 'ok',
    problems,
    nodes: nodeList,
    clusterKeyAgreed,
    clusterKey: clusterKeyAgreed ? [...keys][0] : undefined,
    namespaces: result,
    checkedAt: Date.now(),
  };
}

/**
 * A number per status, from best to worst, for gauges and alert thresholds:
 * `ok` 0, `degraded` 1, `down` 2.
 *
 * ```ts
 * if (HEALTH_STATUS_LEVELS[(await client.health()).status] >= HEALTH_STATUS_LEVELS.degraded) alert();
 * ```
 */
export const HEALTH_STATUS_LEVELS: Readonly<Record<HealthStatus, number>> = Object.freeze({ ok: 0, degraded: 1, down: 2 });

/**
 * The worst (highest) value of a figure per namespace, over the health views
 * of several clients that may know the same namespaces.
 *
 * ```ts
 * const unavailable = worstByNamespace(views, (ns) => ns.unavailable); // Map { 'test' => 0 }
 * ```
 */
export function worstByNamespace(views: readonly ClusterHealth[], figure: (ns: NamespaceHealth) => number): Map<string, number> {
  const worst = new Map<string, number>();
  for (const view of views) {
    for (const [ns, h] of Object.entries(view.namespaces)) worst.set(ns, Math.max(worst.get(ns) ?? 0, figure(h)));
  }
  return worst;
}

/**
 * The worst status level ({@link HEALTH_STATUS_LEVELS}) of several views;
 * undefined when there is none.
 *
 * ```ts
 * const level = worstStatusLevel(views); // 1 when any client's cluster is degraded and none is down
 * ```
 */
export function worstStatusLevel(views: readonly ClusterHealth[]): number | undefined {
  return views.length === 0 ? undefined : Math.max(...views.map((v) => HEALTH_STATUS_LEVELS[v.status]));
}
