/**
 * A memory cluster: 1..N nodes on loopback sharing one in-process store.
 * Each node answers for the partitions it owns and, like a real node,
 * proxies the rest (here: serves them from the shared store), so a client
 * with a stale partition map still gets correct answers. This is the
 * control plane: nodes start, stop, hang and rejoin, partitions move, time
 * passes; the nodes' requests go to the engine and the info answers.
 */

import { randomBytes } from 'node:crypto';
import type { TlsOptions } from 'node:tls';
import type { Host } from '@aerospike-ts/core';
import { answerMessage } from './engine/dispatch.js';
import type { ClusterRouting } from './engine/routing.js';
import { mastersAnswer, namespaceAnswer, nodeStatisticsAnswer, replicasAnswer, setsInfoAnswer } from './info/cluster-answers.js';
import type { MemoryNodeView } from './info/cluster-state.js';
import type { CapturedRequest } from './server/capture.js';
import { MemoryNode } from './server/node.js';
import type { NodeHost } from './server/node-host.js';
import { Security } from './server/security.js';
import type { ConnectionSession } from './server/session.js';
import { type TlsSettings, tlsServerOptions } from './server/tls.js';
import { StaleCopy } from './storage/stale-copy.js';
import { type Clock, type NamespaceConfig, NamespaceStore } from './storage/store.js';
import { Membership } from './topology/membership.js';
import { Migrations } from './topology/migrations.js';
import { Ownership, movedPartitions } from './topology/ownership.js';

/** Options of {@link startMemoryCluster}. */
export interface MemoryClusterOptions {
  /** Number of nodes (default 1). */
  nodes?: number;
  /** Namespaces, by name or with settings (default `test` and `bar`). */
  namespaces?: Array<string | NamespaceConfig>;
  /** Replication factor of namespaces that do not set their own (default 2). */
  replicationFactor?: number;
  /** Name the cluster reports for `cluster-name` (default: none, reported as "null"). */
  clusterName?: string;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** Port of each node; missing or 0 picks a free port. */
  ports?: number[];
  /** Time source; tests pass one they can move forward (default Date.now). */
  clock?: Clock;
  /** Called with every request frame any node receives. */
  capture?: (request: CapturedRequest) => void;
  /**
   * How long the other nodes take to notice a stopped or hung node and move
   * its partitions, in ms (a real cluster: about 1.5 s with default heartbeat
   * settings). Default 0: at once.
   */
  heartbeatTimeoutMs?: number;
  /** Rack id of each node (default 0), reported by `rack-ids`. */
  racks?: number[];
  /**
   * Serve TLS. `name` is the TLS name peers lists carry (clients check the
   * certificate against it); `ca` verifies client certificates for PKI when
   * `requestCert` is set.
   */
  tls?: TlsSettings;
  /** Users and their passwords; when any is given, every connection must log in. */
  users?: Record<string, string>;
  /** Lifetime of session tokens, seconds (default one day). */
  sessionTtl?: number;
  /**
   * How long the partitions moved by a rebalance (a node joining, leaving,
   * coming back) take to migrate, in ms. Default 0: at once. While they
   * migrate, nodes report migrations remaining, `cluster-stable` answers
   * "unstable cluster", and a node that was paused long enough to be dropped
   * serves reads of its partitions from the data it had before the pause
   * unless the read asks for duplicate resolution (read mode AP ALL).
   */
  migrationMs?: number;
  /**
   * How long a restarted node takes to rejoin the cluster, in ms (default
   * 0): until then it reports partition generation -1 and owns nothing, and
   * answers every record command with PARTITION_UNAVAILABLE, as a real node
   * does before its first partition balance. See {@link MemoryCluster.restartNode}.
   */
  restartUnavailableMs?: number;
}

const systemClock: Clock = { now: () => Date.now() };

/** A cluster key as a server prints it: up to 16 upper-case hex digits. */
function newClusterKey(): string {
  return randomBytes(6).toString('hex').toUpperCase();
}

/** A running memory cluster. */
export class MemoryCluster implements NodeHost, AsyncDisposable {
  readonly nodes: MemoryNode[] = [];
  readonly clock: Clock;
  clusterName: string | undefined;
  /** Changes with every rebalance, as a real cluster's key does with every cluster change. */
  clusterKey = newClusterKey();
  tlsName: string | undefined = undefined;
  partitionGeneration = 0;
  peersGeneration = 0;
  rebalanceGeneration = 1;
  capture: ((request: CapturedRequest) => void) | undefined;
  /** Users, logins and sessions. */
  readonly security: Security;
  private readonly stores = new Map<string, NamespaceStore>();
  private readonly ownership = new Map<string, Ownership>();
  private readonly host: string;
  private nextNodeIndex = 0;
  private timeOffsetMs = 0;
  /** Which running nodes the others count as members. */
  private readonly membership: Membership;
  private readonly tlsOptions: TlsOptions | undefined;
  /** Migrations of the last rebalance. */
  readonly migrations: Migrations;
  private readonly restartUnavailableMs: number;
  /** What the engine reads of the cluster to route record commands. */
  private readonly routing: ClusterRouting;

  constructor(options: MemoryClusterOptions = {}) {
    const base = options.clock ?? systemClock;
    this.clock = { now: () => base.now() + this.timeOffsetMs };
    this.clusterName = options.clusterName;
    this.host = options.host ?? '127.0.0.1';
    this.capture = options.capture;
    this.membership = new Membership(options.heartbeatTimeoutMs ?? 0, () => this.rebalance());
    this.migrations = new Migrations(this.clock, options.migrationMs ?? 0);
    this.restartUnavailableMs = options.restartUnavailableMs ?? 0;
    this.security = new Security(this.clock);
    for (const [user, password] of Object.entries(options.users ?? {})) this.security.setUser(user, password);
    if (options.sessionTtl !== undefined) this.security.sessionTtl = options.sessionTtl;
    this.tlsOptions = options.tls === undefined ? undefined : tlsServerOptions(options.tls);
    this.tlsName = options.tls?.name;
    const namespaces = options.namespaces ?? ['test', 'bar'];
    for (const ns of namespaces) {
      const config: NamespaceConfig = typeof ns === 'string' ? { name: ns } : ns;
      const store = new NamespaceStore(
        { ...config, replicationFactor: config.replicationFactor ?? options.replicationFactor ?? 2 },
        this.clock,
      );
      this.stores.set(store.name, store);
      this.ownership.set(store.name, new Ownership());
    }
    this.routing = {
      clock: this.clock,
      store: (ns) => this.stores.get(ns),
      ownership: (ns) => this.ownership.get(ns),
      migrating: () => this.migrations.active,
      answersAsMaster: (name) => {
        const target = this.nodes.find((n) => n.name === name);
        return target?.answering === true && !target.loading && !this.membership.isDeparted(name);
      },
    };
    const count = options.nodes ?? 1;
    for (let i = 0; i < count; i++) this.createNode(options.ports?.[i] ?? 0).rackId = options.racks?.[i] ?? 0;
  }

  private createNode(port: number): MemoryNode {
    const name = `A${(this.nextNodeIndex++).toString(16).toUpperCase()}`;
    const node = new MemoryNode(name, this.host, port, this, () => this.security.enabled, this.tlsOptions);
    this.nodes.push(node);
    return node;
  }

  /** Starts every node and assigns partitions. */
  async start(): Promise<this> {
    await Promise.all(this.nodes.map((n) => n.start()));
    this.rebalance();
    return this;
  }

  /** `host:port` of every running node, comma-separated: ready for a client's `hosts`. */
  get hosts(): string {
    return this.runningNodes()
      .map((n) => n.address)
      .join(',');
  }

  /** Seeds as host objects. */
  get seeds(): Host[] {
    return this.runningNodes().map((n) => ({ host: n.host, port: n.port }));
  }

  /** A node by index or name. */
  node(which: number | string): MemoryNode {
    const node = typeof which === 'number' ? this.nodes[which] : this.nodes.find((n) => n.name === which);
    if (node === undefined) throw new RangeError(`no node ${String(which)}`);
    return node;
  }

  private runningNodes(): MemoryNode[] {
    return this.nodes.filter((n) => n.running);
  }

  /** Nodes in the cluster: running and not departed. They own partitions and list each other as peers. */
  private members(): MemoryNode[] {
    return this.nodes.filter((n) => n.running && !this.membership.isDeparted(n.name));
  }

  /** Recomputes partition ownership over the running nodes; generations change as on a real rebalance. */
  rebalance(): void {
    const names = this.members().map((n) => n.name);
    let moved = 0;
    for (const [ns, own] of this.ownership) {
      const before = own.owners;
      if (names.length > 0) own.assign(names, this.stores.get(ns)!.replicationFactor);
      else own.owners = [];
      // The first assignment has nothing to migrate; later ones move every partition whose owners changed.
      if (before.length > 0) moved += movedPartitions(before, own.owners);
    }
    this.migrations.start(moved);
    this.clusterKey = newClusterKey();
    this.partitionGeneration++;
    this.peersGeneration++;
    this.rebalanceGeneration++;
  }

  /**
   * Stops a node: its connections close at once, like a killed process, and
   * the others take its partitions after the heartbeat timeout. With
   * `graceful`, the node first leaves the cluster (its partitions move while
   * it still answers), then stops.
   */
  async stopNode(which: number | string, options: { graceful?: boolean } = {}): Promise<MemoryNode> {
    const node = this.node(which);
    if (options.graceful) {
      this.membership.leave(node.name);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await node.stop();
      return node;
    }
    await node.stop();
    this.membership.dropLater(node.name);
    return node;
  }

  /** Starts a stopped node again on its old port; it rejoins and gets partitions back. */
  async startNode(which: number | string): Promise<MemoryNode> {
    const node = this.node(which);
    await node.start();
    this.membership.rejoin(node.name);
    return node;
  }

  /**
   * Hangs a node: it accepts connections and requests but answers nothing
   * (requests are held, as in a stopped process's socket buffers). The others
   * drop it after the heartbeat timeout.
   */
  pauseNode(which: number | string): MemoryNode {
    const node = this.node(which);
    node.pause();
    // What it holds now is what it will serve if it comes back after the others moved on.
    node.pausedCopy = new StaleCopy(new Map([...this.stores].map(([ns, store]) => [ns, store.clone()])));
    this.membership.dropLater(node.name);
    return node;
  }

  /**
   * Wakes a hung node: held requests are answered, and it rejoins. If the
   * others had dropped it, it serves its pre-pause data until migrations end
   * (see {@link MemoryClusterOptions.migrationMs}).
   */
  resumeNode(which: number | string): MemoryNode {
    const node = this.node(which);
    const copy = node.pausedCopy;
    node.pausedCopy = undefined;
    const wasDropped = this.membership.isDeparted(node.name);
    // The requests it held run first, on its own data if the others have moved on without it.
    if (wasDropped) node.replaying = copy;
    try {
      node.resume();
    } finally {
      node.replaying = undefined;
    }
    this.membership.rejoin(node.name);
    if (wasDropped && copy !== undefined && this.migrations.active) node.staleCopy = copy;
    return node;
  }

  /**
   * Restarts a node at once (a kill followed by a start, or SIGTERM and a
   * start): its connections close, it listens again on its port, and for
   * `unavailableMs` (default {@link MemoryClusterOptions.restartUnavailableMs})
   * it has not joined the cluster: partition generation -1, no partitions,
   * PARTITION_UNAVAILABLE to every record command. Then it rejoins, which
   * is a rebalance. The others drop it meanwhile if the heartbeat timeout
   * passes first.
   */
  async restartNode(which: number | string, options: { unavailableMs?: number } = {}): Promise<MemoryNode> {
    const node = this.node(which);
    this.membership.cancelJoin(node.name);
    await node.stop();
    node.staleCopy = undefined;
    node.pausedCopy = undefined;
    this.membership.dropLater(node.name);
    node.soloClusterKey = newClusterKey();
    await node.start();
    this.membership.joinAfter(node.name, options.unavailableMs ?? this.restartUnavailableMs, () => {
      node.soloClusterKey = undefined;
      if (node.running) this.membership.join(node.name);
    });
    return node;
  }

  /** Adds and starts a new node. */
  async addNode(port = 0): Promise<MemoryNode> {
    const node = this.createNode(port);
    await node.start();
    this.rebalance();
    return node;
  }

  /** Makes `nodeName` the master of partition `pid` in every namespace (a migration). */
  movePartition(pid: number, nodeName: string): void {
    for (const own of this.ownership.values()) own.move(pid, nodeName);
    this.partitionGeneration++;
  }

  /** Master node of a partition. */
  masterOf(namespace: string, pid: number): string | undefined {
    return this.ownership.get(namespace)?.master(pid);
  }

  /** Moves the cluster's clock forward (records expire without waiting). */
  advanceTime(seconds: number): void {
    this.timeOffsetMs += seconds * 1000;
  }

  /** The store of a namespace. */
  namespace(name: string): NamespaceStore | undefined {
    return this.stores.get(name);
  }

  /** Deletes the records of a namespace (of one set), or only those last updated before `beforeMs` (Unix ms). */
  truncate(namespace: string, set?: string, beforeMs?: number): void {
    this.stores.get(namespace)?.truncate(set, beforeMs);
  }

  /** Stops every node. */
  async close(): Promise<void> {
    this.membership.close();
    await Promise.all(this.nodes.map((n) => n.stop()));
  }

  /** Same as {@link MemoryCluster.close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // ---- NodeHost: what nodes ask of the cluster (requests, and the state info answers read) ----

  /** Answers an AS_MSG request body `node` received: served, proxied, or refused by the engine. */
  handleMessage(body: Buffer, node: MemoryNode): Buffer | Promise<Buffer> {
    return answerMessage(body, node, this.routing);
  }

  /** Answers an admin request body (login, authenticate…) received on a connection. */
  handleAdmin(body: Buffer, _node: MemoryNode, session: ConnectionSession): Buffer {
    return this.security.handle(body, session);
  }

  /** The members other than `nodeName`: the peers it lists. */
  peersOf(nodeName: string): MemoryNodeView[] {
    return this.members().filter((n) => n.name !== nodeName);
  }

  /** `replicas` (`withRegime`) or `replicas-all` as `nodeName` answers it. */
  replicasOf(nodeName: string, withRegime: boolean): string {
    return replicasAnswer(this.ownership, nodeName, this.node(nodeName).loading, withRegime);
  }

  /** `replicas-master` as `nodeName` answers it. */
  mastersOf(nodeName: string): string {
    return mastersAnswer(this.ownership, nodeName, this.node(nodeName).loading);
  }

  /** The node's partition generation: -1 until it has joined. */
  partitionGenerationOf(nodeName: string): number {
    return this.node(nodeName).loading ? -1 : this.partitionGeneration;
  }

  /** The cluster key the node reports. */
  clusterKeyOf(nodeName: string): string {
    // A node that has not joined has a cluster of its own.
    return this.node(nodeName).soloClusterKey ?? this.clusterKey;
  }

  /** Whether the node would call the cluster stable: joined, and no migrations left. */
  isStable(nodeName: string): boolean {
    return !this.node(nodeName).loading && !this.migrations.active;
  }

  /** Names of the cluster's namespaces. */
  namespaceNames(): string[] {
    return [...this.stores.keys()];
  }

  /** `namespace/<ns>` as `node` answers it: its statistics, then the namespace's configuration. */
  namespaceInfo(namespace: string, node: MemoryNodeView): string {
    const store = this.stores.get(namespace);
    if (store === undefined) return 'type=unknown';
    return namespaceAnswer(store, this.ownership.get(namespace), node, this.members().length, this.migrations, this.clock);
  }

  /** `sets`, `sets/<ns>` and `sets/<ns>/<set>` (known namespaces only) as `node` answers them. */
  setsInfo(namespace: string | undefined, node: MemoryNodeView, set?: string): string {
    return setsInfoAnswer(this.stores, this.ownership, namespace, node, set);
  }

  /** `statistics` as `node` answers it. */
  statistics(node: MemoryNodeView): string {
    const running = this.nodes.find((x) => x.name === node.name);
    const loading = running?.loading === true;
    return nodeStatisticsAnswer(this.stores, this.ownership, node, {
      loading,
      members: loading ? [node] : this.members(),
      clusterKey: this.clusterKeyOf(node.name),
      clusterGeneration: this.rebalanceGeneration - 1,
      clientConnections: running?.connectionCount ?? 0,
      migratePartitionsRemaining: loading ? 0 : this.migrations.remaining(),
    });
  }

  /** A namespace's settings, or undefined when there is no such namespace. */
  namespaceSettings(namespace: string): NamespaceStore | undefined {
    return this.stores.get(namespace);
  }

  /** Whether the nodes serve TLS. */
  servesTls(): boolean {
    return this.tlsOptions !== undefined;
  }

  /** Lifetime of session tokens in seconds when security is on (there are users), else undefined. */
  securitySessionTtl(): number | undefined {
    return this.security.enabled ? this.security.sessionTtl : undefined;
  }
}

/**
 * Starts a memory cluster on loopback:
 * `await using cluster = await startMemoryCluster({ nodes: 1 })`, then
 * connect a client to `cluster.hosts`.
 */
export async function startMemoryCluster(options: MemoryClusterOptions = {}): Promise<MemoryCluster> {
  const cluster = new MemoryCluster(options);
  try {
    return await cluster.start();
  } catch (err) {
    await cluster.close();
    throw err;
  }
}
