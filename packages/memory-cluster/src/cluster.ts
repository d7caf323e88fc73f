/**
 * A memory cluster: 1..N nodes on loopback sharing one in-process store.
 * Each node answers for the partitions it owns and, like a real node,
 * proxies the rest (here: serves them from the shared store), so a client
 * with a stale partition map still gets correct answers.
 */

import { randomBytes } from 'node:crypto';
import type { TlsOptions } from 'node:tls';
import { type Host, ResultCode } from '@aerospike-ts/core';
import { FieldType, Info1, Info2, PROTO_HEADER_SIZE, partitionId } from '@aerospike-ts/core/wire';
import { executeRecordCommand, readRecord } from './commands.js';
import { namespaceConfig } from './info-config.js';
import { namespaceStatisticsAnswer, nodeRecords, setsAnswer, statisticsAnswer } from './info-stats.js';
import { MalformedRequest, encodeError, parseRequest } from './messages.js';
import { Migrations } from './migrations.js';
import { type CapturedRequest, type ConnectionSession, MemoryNode, type NodeHost } from './node.js';
import { type Clock, type NamespaceConfig, NamespaceStore } from './store.js';
import { Security } from './security.js';
import { StaleCopy } from './stale-copy.js';
import { type MemoryNodeView, Ownership, movedPartitions } from './topology.js';

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
  tls?: { cert: string | Buffer; key: string | Buffer; ca?: string | Buffer; requestCert?: boolean; name?: string };
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

/** Base64 of a 4096-bit bitmap with no partition set. */
const EMPTY_BITMAP = Buffer.alloc(512).toString('base64');
const systemClock: Clock = { now: () => Date.now() };

/** A cluster key as a server prints it: up to 16 upper-case hex digits. */
function newClusterKey(): string {
  return randomBytes(6).toString('hex').toUpperCase();
}
/** How often a proxied request checks whether its partition has a live master again. */
const PROXY_POLL_MS = 20;

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
  private readonly heartbeatTimeoutMs: number;
  /** Nodes the others consider gone although they may still run (hung, or leaving). */
  private readonly departed = new Set<string>();
  private readonly evictions = new Map<string, NodeJS.Timeout>();
  private readonly tlsOptions: TlsOptions | undefined;
  /** Migrations of the last rebalance. */
  readonly migrations: Migrations;
  private readonly restartUnavailableMs: number;
  /** Restarted nodes waiting to rejoin. */
  private readonly joins = new Map<string, NodeJS.Timeout>();

  constructor(options: MemoryClusterOptions = {}) {
    const base = options.clock ?? systemClock;
    this.clock = { now: () => base.now() + this.timeOffsetMs };
    this.clusterName = options.clusterName;
    this.host = options.host ?? '127.0.0.1';
    this.capture = options.capture;
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 0;
    this.migrations = new Migrations(this.clock, options.migrationMs ?? 0);
    this.restartUnavailableMs = options.restartUnavailableMs ?? 0;
    this.security = new Security(this.clock);
    for (const [user, password] of Object.entries(options.users ?? {})) this.security.setUser(user, password);
    if (options.sessionTtl !== undefined) this.security.sessionTtl = options.sessionTtl;
    this.tlsOptions =
      options.tls === undefined
        ? undefined
        : {
            cert: options.tls.cert,
            key: options.tls.key,
            ca: options.tls.ca,
            requestCert: options.tls.requestCert ?? false,
            rejectUnauthorized: false,
          };
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
    return this.nodes.filter((n) => n.running && !this.departed.has(n.name));
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
      this.departed.add(node.name);
      this.rebalance();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await node.stop();
      return node;
    }
    await node.stop();
    this.evictLater(node);
    return node;
  }

  /** Starts a stopped node again on its old port; it rejoins and gets partitions back. */
  async startNode(which: number | string): Promise<MemoryNode> {
    const node = this.node(which);
    await node.start();
    this.rejoin(node);
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
    this.evictLater(node);
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
    const wasDropped = this.departed.has(node.name);
    // The requests it held run first, on its own data if the others have moved on without it.
    if (wasDropped) node.replaying = copy;
    try {
      node.resume();
    } finally {
      node.replaying = undefined;
    }
    this.rejoin(node);
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
    clearTimeout(this.joins.get(node.name));
    await node.stop();
    node.staleCopy = undefined;
    node.pausedCopy = undefined;
    this.evictLater(node);
    node.soloClusterKey = newClusterKey();
    await node.start();
    const join = (): void => {
      this.joins.delete(node.name);
      node.soloClusterKey = undefined;
      if (!node.running) return;
      const pending = this.evictions.get(node.name);
      if (pending !== undefined) clearTimeout(pending);
      this.evictions.delete(node.name);
      this.departed.delete(node.name);
      // A restarted node joins as a new member: the cluster changes even if nobody noticed it leave.
      this.rebalance();
    };
    const wait = options.unavailableMs ?? this.restartUnavailableMs;
    if (wait <= 0) join();
    else {
      const timer = setTimeout(join, wait);
      timer.unref();
      this.joins.set(node.name, timer);
    }
    return node;
  }

  private evictLater(node: MemoryNode): void {
    const evict = (): void => {
      this.evictions.delete(node.name);
      this.departed.add(node.name);
      this.rebalance();
    };
    if (this.heartbeatTimeoutMs <= 0) {
      evict();
      return;
    }
    clearTimeout(this.evictions.get(node.name));
    const timer = setTimeout(evict, this.heartbeatTimeoutMs);
    timer.unref();
    this.evictions.set(node.name, timer);
  }

  private rejoin(node: MemoryNode): void {
    const pending = this.evictions.get(node.name);
    if (pending !== undefined) {
      // Back before anyone noticed: nothing moved.
      clearTimeout(pending);
      this.evictions.delete(node.name);
      if (!this.departed.has(node.name)) return;
    }
    this.departed.delete(node.name);
    this.rebalance();
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

  /** Stops every node. */
  async close(): Promise<void> {
    for (const timer of this.evictions.values()) clearTimeout(timer);
    this.evictions.clear();
    for (const timer of this.joins.values()) clearTimeout(timer);
    this.joins.clear();
    await Promise.all(this.nodes.map((n) => n.stop()));
  }

  /** Same as {@link MemoryCluster.close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // ---- NodeHost: what nodes ask of the cluster ----

  handleMessage(body: Buffer, node: MemoryNode): Buffer | Promise<Buffer> {
    const req = parseRequest(body);
    if ((req.header.info1 & Info1.BATCH) !== 0 || req.digest === undefined) {
      // Batch, scan and query are not served yet.
      if (req.namespace !== undefined && !this.stores.has(req.namespace)) return encodeError(ResultCode.INVALID_NAMESPACE);
      return encodeError(ResultCode.UNSUPPORTED_FEATURE);
    }
    // Answer what is not implemented honestly, rather than ignore a filter or a UDF call and pretend it ran.
    for (const f of req.fields) {
      if (f.type === FieldType.FILTER_EXP || f.type === FieldType.UDF_PACKAGE_NAME || f.type === FieldType.UDF_FUNCTION) {
        return encodeError(ResultCode.UNSUPPORTED_FEATURE);
      }
    }
    // Before its first partition balance a node serves nothing.
    if (node.loading) return encodeError(ResultCode.PARTITION_UNAVAILABLE);
    const replaying = node.replaying;
    const write = (req.header.info2 & Info2.WRITE) !== 0;
    if (replaying !== undefined) {
      const reply = executeRecordCommand(req, (ns) => replaying.store(ns), this.clock);
      // It applied the write to its own data, but its replicas now belong to a cluster that moved on and will not
      // acknowledge it: a real master answers TIMEOUT.
      return write && reply[PROTO_HEADER_SIZE + 5] === ResultCode.OK ? encodeError(ResultCode.TIMEOUT) : reply;
    }
    const run = (): Buffer => this.execute(req, node, write);
    const own = req.namespace === undefined ? undefined : this.ownership.get(req.namespace);
    if (own === undefined) return run();
    const pid = partitionId(req.digest);
    if (this.servable(node.name, own, pid, write)) {
      if (node.staleCopy !== undefined && !write) {
        const stale = this.staleRead(req, node, own, pid);
        if (stale !== undefined) return stale;
      }
      return run();
    }
    // A real node proxies to the partition's master; while that master is dead or hung and the cluster
    // has not yet moved its partitions, the proxied request waits, and times out with the server timeout.
    const deadline = this.clock.now() + (req.header.transactionTtl > 0 ? req.header.transactionTtl : 1000);
    return new Promise<Buffer>((resolve) => {
      const poll = (): void => {
        if (this.servable(node.name, own, pid, write)) resolve(run());
        else if (this.clock.now() >= deadline || !node.running) resolve(encodeError(ResultCode.TIMEOUT));
        else setTimeout(poll, PROXY_POLL_MS).unref();
      };
      poll();
    });
  }

  /** Runs a record command on the store, with the node's faults applied to what it answers. */
  private execute(req: ReturnType<typeof parseRequest>, node: MemoryNode, write: boolean): Buffer {
    const reply = executeRecordCommand(req, (ns) => this.stores.get(ns), this.clock);
    if (!write) return reply;
    if (node.staleCopy !== undefined) node.staleCopy.wrote(req.namespace ?? '', req.digest!.toString('latin1'));
    // The master applied the write, then gave up waiting for a replica: a real server answers TIMEOUT.
    if (node.faults.replicaWriteTimeout && reply[PROTO_HEADER_SIZE + 5] === ResultCode.OK) return encodeError(ResultCode.TIMEOUT);
    return reply;
  }

  /**
   * A read on a node that came back from a pause: while migrations run, a
   * read that does not ask for duplicate resolution gets the node's old copy
   * of a partition it owns. Undefined when the read is served normally.
   */
  private staleRead(req: ReturnType<typeof parseRequest>, node: MemoryNode, own: Ownership, pid: number): Buffer | undefined {
    const copy = node.staleCopy!;
    if (!this.migrations.active) {
      node.staleCopy = undefined;
      return undefined;
    }
    if ((req.header.info1 & Info1.READ_MODE_AP_ALL) !== 0 || !own.owners.some((row) => row[pid] === node.name)) return undefined;
    const digestKey = req.digest!.toString('latin1');
    const store = this.stores.get(req.namespace!);
    return readRecord(req, copy.read(req.namespace!, digestKey, store?.get(digestKey)));
  }

  /**
   * Whether `nodeName` can answer for partition `pid` now: it is the master,
   * or holds a replica (reads), or can proxy to a master that answers.
   */
  private servable(nodeName: string, own: Ownership, pid: number, write: boolean): boolean {
    const master = own.master(pid);
    if (master === nodeName) return true;
    if (!write && own.owners.some((row) => row[pid] === nodeName)) return true;
    if (master === undefined) return false;
    const target = this.nodes.find((n) => n.name === master);
    return target?.answering === true && !target.loading && !this.departed.has(master);
  }

  handleAdmin(body: Buffer, _node: MemoryNode, session: ConnectionSession): Buffer {
    return this.security.handle(body, session);
  }

  peersOf(nodeName: string): MemoryNodeView[] {
    return this.members().filter((n) => n.name !== nodeName);
  }

  replicasOf(nodeName: string, withRegime: boolean): string {
    const parts: string[] = [];
    const loading = this.node(nodeName).loading;
    for (const [ns, own] of this.ownership) {
      if (loading) {
        // Before its first balance a node reports one column and owns nothing.
        parts.push(`${ns}:${withRegime ? '0,' : ''}1,${EMPTY_BITMAP}`);
        continue;
      }
      const count = own.owners.length;
      const bitmaps: string[] = [];
      for (let r = 0; r < count; r++) bitmaps.push(own.bitmap(nodeName, r));
      parts.push(`${ns}:${withRegime ? '0,' : ''}${count}${bitmaps.map((b) => `,${b}`).join('')}`);
    }
    return parts.join(';');
  }

  mastersOf(nodeName: string): string {
    const loading = this.node(nodeName).loading;
    return [...this.ownership].map(([ns, own]) => `${ns}:${loading ? EMPTY_BITMAP : own.bitmap(nodeName, 0)}`).join(';');
  }

  partitionGenerationOf(nodeName: string): number {
    return this.node(nodeName).loading ? -1 : this.partitionGeneration;
  }

  clusterKeyOf(nodeName: string): string {
    // A node that has not joined has a cluster of its own.
    return this.node(nodeName).soloClusterKey ?? this.clusterKey;
  }

  isStable(nodeName: string): boolean {
    return !this.node(nodeName).loading && !this.migrations.active;
  }

  namespaceNames(): string[] {
    return [...this.stores.keys()];
  }

  namespaceInfo(namespace: string, node: MemoryNodeView): string {
    const store = this.stores.get(namespace);
    if (store === undefined) return 'type=unknown';
    const running = this.members().length;
    // Each node reports its share of the migrations; summed over the nodes they give the cluster's figure.
    const share = running === 0 ? 0 : Math.ceil(this.migrations.remaining() / running);
    const stats = namespaceStatisticsAnswer({
      clusterSize: running,
      effectiveReplicationFactor: Math.min(store.replicationFactor, running),
      records: nodeRecords(store, this.ownership.get(namespace), node.name, node.loading),
      migrateTxRemaining: share,
      migrateRxRemaining: share,
      unavailablePartitions: 0,
      deadPartitions: 0,
      nowMs: this.clock.now(),
    });
    return `${stats};${namespaceConfig(store, node.rackId)}`;
  }

  setsInfo(namespace: string | undefined, node: MemoryNodeView, set?: string): string {
    let out = '';
    for (const [ns, store] of this.stores) {
      if (namespace !== undefined && ns !== namespace) continue;
      out += setsAnswer(ns, nodeRecords(store, this.ownership.get(ns), node.name, node.loading).sets, set);
    }
    return out;
  }

  statistics(node: MemoryNodeView): string {
    const n = this.nodes.find((x) => x.name === node.name);
    const loading = n?.loading === true;
    let objects = 0;
    for (const [ns, store] of this.stores) objects += nodeRecords(store, this.ownership.get(ns), node.name, loading).objects;
    // The principal is the member with the highest node id; a node that has not joined is its own.
    const members = loading ? [node] : this.members();
    const principal = members.reduce((a, b) => (Number.parseInt(b.name, 16) > Number.parseInt(a.name, 16) ? b : a), node).name;
    return statisticsAnswer({
      clusterSize: loading ? 1 : members.length,
      clusterKey: this.clusterKeyOf(node.name),
      clusterGeneration: this.rebalanceGeneration - 1,
      principal,
      objects,
      clientConnections: n?.connectionCount ?? 0,
      migrateAllowed: !loading,
      migratePartitionsRemaining: loading ? 0 : this.migrations.remaining(),
      uptimeSeconds: Math.floor(process.uptime()),
    });
  }

  namespaceSettings(namespace: string): NamespaceStore | undefined {
    return this.stores.get(namespace);
  }

  servesTls(): boolean {
    return this.tlsOptions !== undefined;
  }

  securitySessionTtl(): number | undefined {
    return this.security.enabled ? this.security.sessionTtl : undefined;
  }

  /** Deletes the records of a namespace (of one set), or only those last updated before `beforeMs` (Unix ms). */
  truncate(namespace: string, set?: string, beforeMs?: number): void {
    this.stores.get(namespace)?.truncate(set, beforeMs);
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

export { MalformedRequest };
