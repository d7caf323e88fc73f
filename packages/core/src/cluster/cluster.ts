/**
 * The cluster: seeds become nodes, the tend loop keeps the node list and the
 * partition maps current, and commands ask it which node serves a partition.
 * Commands never reach into nodes' bookkeeping; they call {@link Cluster.nodeFor}.
 */

import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { checkServerIdentity } from 'node:tls';
import type { ResolvedConfig } from '../config.js';
import { AerospikeError, ClusterError, InvalidArgumentError, SecurityError } from '../errors.js';
import { LogLevel, log } from '../log.js';
import { Connection, type Connector } from '../net/connection.js';
import { Replica } from '../policy/types.js';
import { ResultCode } from '../result-codes.js';
import { parseInfoError } from '../wire/info.js';
import { infoOn } from './info-call.js';
import { Node, type NodeOptions } from './node.js';
import { MigrationWatch } from './migrations.js';
import { type NamespaceMap, PartitionMaps, isUnavailableOn, parseReplicas } from './partitions.js';
import { parsePeers } from './peers.js';
import { parseRackIds } from './racks.js';

/** Consecutive failed tends after which a node is dropped even if peers still list it. */
const MAX_TEND_FAILURES = 5;
/** Least time between the starts of two tends asked for by failing commands. */
const MIN_TEND_GAP_MS = 50;
/** What every tend asks each node. */
const TEND_COMMANDS = ['node', 'peers-generation', 'partition-generation'];
const RACK_TEND_COMMANDS = [...TEND_COMMANDS, 'rebalance-generation'];

/** Hooks the client uses to observe the cluster. */
export interface ClusterEvents {
  nodeAdded?(node: Node): void;
  nodeRemoved?(node: Node, reason: string): void;
  tendDone?(durationMs: number, nodes: number): void;
  tendFailed?(error: unknown): void;
  partitionsUpdated?(node: Node, namespaces: string[]): void;
  connectionOpened?(node: Node): void;
  connectionClosed?(node: Node): void;
}

/** Cluster-wide counters. */
export interface ClusterCounters {
  tends: number;
  tendErrors: number;
  partitionUpdates: number;
  nodesAdded: number;
  nodesRemoved: number;
}

/** Why a seed could not be used. */
interface SeedFailure {
  seed: string;
  error: unknown;
}

/** A replica to read from without a second thought: answering, joined, and serving this partition. */
function goodForReads(node: Node, map: NamespaceMap, pid: number): boolean {
  return !node.suspect && !node.loading && !isUnavailableOn(map, node.name, pid);
}

/**
 * Which of two replicas to read when neither is a good choice: one that is
 * not suspect (merely restarting, or unavailable for this partition) over a
 * suspect one, and of two suspect ones the one that answered more recently
 * (a replica slow once on a busy machine, rather than one hung for seconds).
 */
function betterFallback(candidate: Node, current: Node): boolean {
  if (candidate.suspect !== current.suspect) return !candidate.suspect;
  return candidate.suspect && candidate.suspectSince > current.suspectSince;
}

/** Nodes, partition maps and the tend loop. */
export class Cluster {
  readonly partitions = new PartitionMaps();
  /** Which namespaces are migrating, as far as the tend can tell. */
  readonly migrations = new MigrationWatch();
  readonly counters: ClusterCounters = { tends: 0, tendErrors: 0, partitionUpdates: 0, nodesAdded: 0, nodesRemoved: 0 };
  private readonly nodesByName = new Map<string, Node>();
  private nodeList: Node[] = [];
  private tendTimer: NodeJS.Timeout | undefined;
  private tending: Promise<void> | undefined;
  private closed = false;
  private roundRobin = 0;
  /** Set when a command saw a node fail; the next tend runs at once. */
  private tendRequested = false;
  private lastTendStarted = 0;
  /**
   * Unix ms at which the last completed tend started. A node that became
   * suspect after that has not been asked since.
   */
  lastCompletedTendStart = 0;
  private readonly refreshWaiters: Array<() => void> = [];

  constructor(
    private readonly config: ResolvedConfig,
    private readonly connector: Connector,
    private readonly events: ClusterEvents = {},
    private readonly prepare?: (conn: Connection) => Promise<void>,
  ) {}

  /** Live nodes. */
  get nodes(): readonly Node[] {
    return this.nodeList;
  }

  /** The name the cluster reported, when configured. */
  get clusterName(): string | undefined {
    return this.config.clusterName;
  }

  /** A node by name. */
  node(name: string): Node | undefined {
    return this.nodesByName.get(name);
  }

  /**
   * Seeds the cluster: tries every seed address until one answers as a node
   * of the expected cluster, then tends once so the node list and partition
   * maps are complete before the first command.
   */
  async connect(): Promise<void> {
    const failures = await this.seed();
    if (this.nodeList.length === 0) {
      // Refused credentials are the answer, not one failure among others.
      const refused = failures.find((f) => f.error instanceof SecurityError)?.error as SecurityError | undefined;
      if (refused !== undefined) throw refused;
      const detail = failures.map((f) => `${f.seed}: ${f.error instanceof Error ? f.error.message : String(f.error)}`).join('; ');
      const first = failures.find((f) => f.error instanceof AerospikeError)?.error as AerospikeError | undefined;
      const code =
        first !== undefined && first.resultCode !== ResultCode.SERVER_NOT_AVAILABLE && first.resultCode !== ResultCode.TIMEOUT
          ? first.resultCode
          : ResultCode.SERVER_NOT_AVAILABLE;
      throw new ClusterError(code, `could not connect to any seed (${detail || 'no seed addresses'})`, {
        cause: first,
      });
    }
    await this.tend();
    this.scheduleTend();
  }

  /** Tries the seeds in order until one yields a node; returns why the others failed. */
  private async seed(): Promise<SeedFailure[]> {
    const failures: SeedFailure[] = [];
    for (const seed of this.config.hosts) {
      let addresses: string[];
      try {
        addresses = (await lookup(seed.host, { all: true })).map((a) => a.address);
      } catch (err) {
        failures.push({ seed: `${seed.host}:${seed.port}`, error: err });
        continue;
      }
      for (const address of addresses) {
        try {
          await this.addSeed(address, seed.port, seed.tlsName);
        } catch (err) {
          failures.push({ seed: `${address}:${seed.port}`, error: err });
        }
        if (this.nodeList.length > 0) return failures;
      }
    }
    return failures;
  }

  private nodeOptions(): NodeOptions {
    return {
      connectTimeout: this.config.timeout,
      infoTimeout: this.config.timeout,
      maxConns: this.config.maxConnsPerNode,
      minConns: this.config.minConnsPerNode,
      pools: this.config.connPoolsPerNode,
      idleTimeoutMs: this.config.idleTimeout * 1000,
      connector: this.connector,
      tls: this.tlsOptions(undefined),
      prepare: this.prepare,
      onConnectionOpened: (n) => this.events.connectionOpened?.(n),
      onConnectionClosed: (n) => this.events.connectionClosed?.(n),
    };
  }

  private tlsOptions(servername: string | undefined): NodeOptions['tls'] {
    const t = this.config.tls;
    if (t === undefined) return undefined;
    return {
      ca: t.ca as string | Buffer | Array<string | Buffer> | undefined,
      cert: t.cert,
      key: t.key,
      passphrase: t.passphrase,
      rejectUnauthorized: t.rejectUnauthorized,
      minVersion: t.minVersion,
      // SNI and the certificate check use the TLS name; an IP address is not a valid SNI name.
      servername: servername !== undefined && isIP(servername) === 0 ? servername : undefined,
      checkServerIdentity: servername === undefined ? undefined : (_host, cert) => checkServerIdentity(servername, cert),
    };
  }

  /** Validates a node at `host:port` and adds it; returns it (or the known node of that name). */
  private async addSeed(host: string, port: number, tlsName: string | undefined): Promise<Node> {
    const options = { ...this.nodeOptions(), tls: this.tlsOptions(tlsName) };
    const conn = await Connection.open({ host, port, timeout: this.config.timeout, tls: options.tls }, this.connector);
    let name: string;
    try {
      if (this.prepare !== undefined) await this.prepare(conn);
      const commands = ['node', 'partition-generation'];
      if (this.config.clusterName !== undefined) commands.push('cluster-name');
      const info = await infoOn(conn, commands, this.config.timeout);
      name = info.get('node') ?? '';
      const refused = parseInfoError(name) ?? parseInfoError([...info.values()][0] ?? '');
      if (refused !== undefined && refused.resultCode === ResultCode.NOT_AUTHENTICATED) {
        throw new SecurityError(refused.resultCode, `${host}:${port} requires authentication: set user and password (or authMode pki)`, {
          address: `${host}:${port}`,
        });
      }
      if (name === '' || refused !== undefined) {
        throw new ClusterError(ResultCode.INVALID_NODE_ERROR, `${host}:${port} did not report a node name${refused ? ` (${refused.message})` : ''}`);
      }
      if (this.config.clusterName !== undefined) {
        const actual = info.get('cluster-name');
        if (actual !== this.config.clusterName) {
          throw new ClusterError(
            ResultCode.INVALID_NODE_ERROR,
            `node ${name} at ${host}:${port} belongs to cluster "${actual ?? ''}", expected "${this.config.clusterName}"`,
          );
        }
      }
      if (info.get('partition-generation') === '-1') {
        throw new ClusterError(ResultCode.INVALID_NODE_ERROR, `node ${name} at ${host}:${port} is not ready (partition-generation -1)`);
      }
    } catch (err) {
      conn.close();
      throw err;
    }
    const existing = this.nodesByName.get(name);
    if (existing !== undefined) {
      conn.close();
      return existing;
    }
    const node = new Node(name, host, port, tlsName, options, conn);
    this.addNode(node);
    return node;
  }

  private addNode(node: Node): void {
    // A node joining brings partitions with it: they migrate.
    this.migrations.suspect();
    this.nodesByName.set(node.name, node);
    this.nodeList = [...this.nodesByName.values()];
    this.counters.nodesAdded++;
    log(LogLevel.INFO, `node ${node.name} added at ${node.address}`);
    this.events.nodeAdded?.(node);
    if (this.config.minConnsPerNode > 0) void node.warm();
  }

  private removeNode(node: Node, reason: string): void {
    if (this.nodesByName.get(node.name) !== node) return;
    this.nodesByName.delete(node.name);
    this.nodeList = [...this.nodesByName.values()];
    this.partitions.removeNode(node.name);
    this.migrations.suspect();
    node.close();
    this.counters.nodesRemoved++;
    log(LogLevel.WARN, `node ${node.name} at ${node.address} removed: ${reason}`);
    this.events.nodeRemoved?.(node, reason);
  }

  /** Runs a tend now, unless one is already running (then waits for that one). */
  tend(): Promise<void> {
    if (this.tending !== undefined) return this.tending;
    this.tending = this.tendOnce().finally(() => {
      this.tending = undefined;
    });
    return this.tending;
  }

  /**
   * Asks for a tend soon: a command found a node unreachable. Requests made
   * while one is pending or running make one tend, and on-demand tends start
   * at most every {@link MIN_TEND_GAP_MS}, so a dead node cannot cause a storm.
   */
  requestTend(): void {
    if (this.closed || this.tendRequested) return;
    this.tendRequested = true;
    const wait = Math.max(0, this.lastTendStarted + MIN_TEND_GAP_MS - Date.now());
    const run = (): void => {
      this.tendRequested = false;
      if (!this.closed) void this.tend().catch(() => undefined);
    };
    if (wait === 0) queueMicrotask(run);
    else setTimeout(run, wait).unref();
  }

  private scheduleTend(): void {
    if (this.closed) return;
    this.tendTimer = setTimeout(() => {
      this.tend()
        .catch(() => undefined)
        .finally(() => this.scheduleTend());
    }, this.config.tendInterval);
    // Tending alone must not keep the process alive.
    this.tendTimer.unref();
  }

  private async tendOnce(): Promise<void> {
    if (this.closed) return;
    const started = Date.now();
    this.lastTendStarted = started;
    if (this.nodeList.length === 0) {
      // Every node was lost (the whole cluster restarted, or the network was down): start again from the seeds.
      const failures = await this.seed();
      if (this.nodeList.length === 0) {
        this.counters.tendErrors++;
        this.events.tendFailed?.(failures[failures.length - 1]?.error);
        return;
      }
    }
    // Each node is tended on its own, and a node whose previous tend is still waiting (it hangs) is not
    // waited for: it must not hold back the map updates the other nodes report in this round.
    await Promise.all(this.nodeList.map((node) => (node.tending === undefined ? this.tendNode(node) : undefined)));
    this.dropLostNodes();
    if (this.migrations.active) await this.migrations.check(this.nodeList, this.partitions.namespaces());
    const now = Date.now();
    for (const node of this.nodeList) {
      node.trim(now);
      // Connections closed by the server or by faults are reopened up to the minimum.
      if (this.config.minConnsPerNode > 0 && !node.suspect) void node.warm();
    }
    this.counters.tends++;
    this.lastCompletedTendStart = started;
    this.wakeRefreshWaiters();
    this.events.tendDone?.(now - started, this.nodeList.length);
  }

  /** Tends one node; a node already being tended (found as a peer by two nodes at once) is tended once. */
  private tendNode(node: Node): Promise<void> {
    if (node.tending !== undefined) return node.tending;
    const tending = this.tendNodeOnce(node).finally(() => {
      node.tending = undefined;
    });
    node.tending = tending;
    return tending;
  }

  private async tendNodeOnce(node: Node): Promise<void> {
    let peersChanged = false;
    let partitionsChanged = false;
    try {
      const info = await node.tendInfo(this.config.rackAware ? RACK_TEND_COMMANDS : TEND_COMMANDS);
      const name = info.get('node');
      if (name !== node.name) {
        this.removeNode(node, `address now answers as node ${name ?? '(none)'}`);
        return;
      }
      node.failures = 0;
      node.failingSince = 0;
      if (node.suspect) this.nodeAnswered(node);
      node.tends++;
      const peersGen = Number(info.get('peers-generation'));
      const partGen = Number(info.get('partition-generation'));
      peersChanged = peersGen !== node.peersGeneration;
      if (this.config.rackAware) {
        const rebalanceGen = Number(info.get('rebalance-generation'));
        if (rebalanceGen !== node.rebalanceGeneration) await this.refreshRacks(node, rebalanceGen);
      }
      // -1 means the node has not finished its first partition balance (it just started): it answers
      // PARTITION_UNAVAILABLE to everything. Keep its old map, but read elsewhere while it loads.
      node.loading = partGen === -1;
      partitionsChanged = partGen !== node.partitionGeneration && partGen !== -1;
      // The cluster changed: partitions may be migrating from now on. Say so before the new map is installed,
      // so no read reaches a node that regained partitions with old data without asking for duplicate resolution.
      if (partitionsChanged || node.loading) this.migrations.suspect();
    } catch (err) {
      if (node.failures++ === 0) node.failingSince = Date.now();
      node.markSuspect();
      this.counters.tendErrors++;
      this.events.tendFailed?.(err);
      log(LogLevel.DEBUG, `tend of node ${node.name} failed: ${(err as Error).message}`);
      return;
    }
    if (peersChanged) await this.refreshPeers(node);
    if (partitionsChanged) await this.refreshPartitions(node);
  }

  /**
   * Resolves once the partition map has changed or a tend has completed,
   * whichever is first, and no later than `deadline` (0: no limit). Commands
   * whose node could not be reached wait here before trying again.
   */
  refreshed(deadline: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      };
      this.refreshWaiters.push(done);
      if (deadline !== 0) timer = setTimeout(done, Math.max(0, deadline - Date.now()));
      this.requestTend();
    });
  }

  private wakeRefreshWaiters(): void {
    if (this.refreshWaiters.length === 0) return;
    for (const wake of this.refreshWaiters.splice(0)) wake();
  }

  private peersCommand(): string {
    const kind = this.config.tls !== undefined ? 'tls' : 'clear';
    return `peers-${kind}-${this.config.useServicesAlternate ? 'alt' : 'std'}`;
  }

  private async refreshPeers(node: Node): Promise<void> {
    const command = this.peersCommand();
    let list: ReturnType<typeof parsePeers>;
    try {
      const value = (await node.tendInfo([command])).get(command) ?? '';
      list = parsePeers(value, { node: node.name, address: node.address });
    } catch (err) {
      if (node.failures++ === 0) node.failingSince = Date.now();
      log(LogLevel.WARN, `peers refresh from ${node.name} failed: ${(err as Error).message}`);
      return;
    }
    node.peerNames = list.peers.map((p) => p.nodeName);
    node.peersGeneration = list.generation;
    for (const peer of list.peers) {
      if (this.nodesByName.has(peer.nodeName)) continue;
      for (const addr of peer.addresses) {
        try {
          const added = await this.addSeed(addr.host, addr.port, peer.tlsName);
          if (added.name !== peer.nodeName) log(LogLevel.WARN, `peer ${peer.nodeName} at ${addr.host}:${addr.port} answered as ${added.name}`);
          // Load its partitions now rather than a tend interval later.
          else if (added.tends === 0) await this.tendNode(added);
          break;
        } catch (err) {
          log(LogLevel.DEBUG, `peer ${peer.nodeName} at ${addr.host}:${addr.port} not added: ${(err as Error).message}`);
        }
      }
    }
  }

  private async refreshRacks(node: Node, rebalanceGeneration: number): Promise<void> {
    const value = (await node.tendInfo(['rack-ids'])).get('rack-ids') ?? '';
    if (value.startsWith('ERROR')) {
      // Servers without rack support answer with an error; leave racks unknown rather than retry every tend.
      node.rebalanceGeneration = rebalanceGeneration;
      log(LogLevel.WARN, `node ${node.name} does not report rack ids (${value}); prefer-rack reads fall back to sequence`);
      return;
    }
    node.racks = parseRackIds(value);
    node.rebalanceGeneration = rebalanceGeneration;
  }

  private async refreshPartitions(node: Node): Promise<void> {
    try {
      const info = await node.tendInfo(['partition-generation', 'replicas']);
      const entries = parseReplicas(info.get('replicas') ?? '', { node: node.name, address: node.address });
      this.partitions.update(node.name, entries);
      node.partitionGeneration = Number(info.get('partition-generation'));
      this.counters.partitionUpdates++;
      this.wakeRefreshWaiters();
      this.events.partitionsUpdated?.(
        node,
        entries.map((e) => e.namespace),
      );
    } catch (err) {
      if (node.failures++ === 0) node.failingSince = Date.now();
      log(LogLevel.WARN, `partition refresh from ${node.name} failed: ${(err as Error).message}`);
    }
  }

  /** Drops nodes that failed several tends and that no healthy node still lists as a peer. */
  private dropLostNodes(): void {
    if (this.nodeList.length <= 1) return;
    // With no node answering (the client's network is down, or every socket was cut at once) nothing says
    // which nodes are gone; dropping them all would leave the client without a node and no way back.
    if (!this.nodeList.some((n) => n.failures === 0)) return;
    const listed = new Set<string>();
    for (const n of this.nodeList) if (n.failures === 0) for (const p of n.peerNames) listed.add(p);
    for (const node of this.nodeList) {
      if (node.failures === 0) continue;
      if (!listed.has(node.name)) this.removeNode(node, 'no longer listed by any peer');
      else if (node.failures >= MAX_TEND_FAILURES && Date.now() - node.failingSince >= MAX_TEND_FAILURES * this.config.tendInterval) {
        // Tends asked for by failing commands come fast; count time as well, so a brief outage does not drop a node.
        this.removeNode(node, `${node.failures} tends failed in a row`);
        // Its peers still list it: read their lists again so it comes back once it answers.
        for (const n of this.nodeList) n.peersGeneration = -1;
      }
    }
  }

  /**
   * The node that should serve attempt `attempt` (0-based) of a command on
   * partition `pid`. Writes always go to the master; reads follow the replica
   * policy. Throws {@link InvalidArgumentError} for a namespace no node serves
   * and {@link ClusterError} when the partition has no live owner.
   */
  nodeFor(namespace: string, pid: number, replica: Replica, write: boolean, attempt: number, scMaster = false): Node {
    const map = this.partitions.get(namespace);
    if (map === undefined) {
      if (this.nodeList.length === 0) throw new ClusterError(ResultCode.SERVER_NOT_AVAILABLE, 'no node of the cluster is reachable');
      throw new InvalidArgumentError(
        ResultCode.INVALID_NAMESPACE,
        `namespace "${namespace}" is not served by the cluster (namespaces: ${this.partitions.namespaces().join(', ') || 'none'})`,
      );
    }
    const count = map.replicas.length;
    // Strong consistency: session and linearize reads are only consistent on the master.
    if (write || replica === Replica.MASTER || count <= 1 || (scMaster && map.regime > 0)) return this.owner(map, 0, pid, namespace);
    if (replica === Replica.PREFER_RACK && this.config.rackAware && attempt === 0) {
      const local = this.onLocalRack(map, pid, namespace);
      if (local !== undefined) return local;
    }
    let start: number;
    switch (replica) {
      case Replica.MASTER_PROLES:
        start = this.roundRobin++ % count;
        break;
      case Replica.RANDOM:
        start = Math.floor(Math.random() * count);
        break;
      default:
        start = 0;
    }
    // Walk the replicas from the chosen one; skip missing owners and, while another is available, suspect,
    // restarting or unavailable ones.
    let fallback: Node | undefined;
    for (let i = 0; i < count; i++) {
      const index = (start + attempt + i) % count;
      const name = map.replicas[index]![pid];
      if (name === undefined) continue;
      const node = this.nodesByName.get(name);
      if (node === undefined || !node.active) continue;
      if (goodForReads(node, map, pid)) return node;
      if (fallback === undefined || betterFallback(node, fallback)) fallback = node;
    }
    return fallback ?? this.owner(map, 0, pid, namespace);
  }

  /**
   * Notes that `node` answered PARTITION_UNAVAILABLE for partition `pid`:
   * reads of it go to another replica until the node reports its map again,
   * and a tend is asked for so that the map catches up.
   */
  partitionUnavailable(namespace: string, pid: number, node: Node): void {
    this.partitions.markUnavailable(namespace, pid, node.name);
    this.requestTend();
  }

  /** Notes that `node` served partition `pid` again after failures. */
  partitionServed(namespace: string, pid: number, node: Node): void {
    this.partitions.markServed(namespace, pid, node.name);
  }

  /**
   * A suspect node answered again. It may be coming back from a pause or a
   * network partition, with partitions whose data is older than what the
   * others acknowledged meanwhile: until the tend has checked, count every
   * namespace as migrating.
   */
  nodeAnswered(node: Node): void {
    node.suspect = false;
    this.migrations.suspect();
    this.requestTend();
  }

  /** True while the tend believes `namespace`'s partitions are migrating. */
  isMigrating(namespace: string): boolean {
    return this.migrations.isMigrating(namespace);
  }

  /**
   * True when another node than `node` is in the cluster and answers its
   * tends: a command held back from `node` has somewhere else to go once the
   * map moves. (A node that is merely slow, suspect after one timeout on a
   * busy machine, still counts.)
   */
  hasOtherLiveNode(node: Node): boolean {
    for (const n of this.nodeList) if (n !== node && n.active && n.failures === 0) return true;
    return false;
  }

  private onLocalRack(map: NamespaceMap, pid: number, namespace: string): Node | undefined {
    const racks = this.config.rackIds;
    for (const rack of racks) {
      for (const owners of map.replicas) {
        const name = owners[pid];
        if (name === undefined) continue;
        const node = this.nodesByName.get(name);
        if (node?.active && goodForReads(node, map, pid) && node.racks.get(namespace) === rack) return node;
      }
    }
    return undefined;
  }

  private owner(map: NamespaceMap, index: number, pid: number, namespace: string): Node {
    const name = map.replicas[index]?.[pid];
    const node = name === undefined ? undefined : this.nodesByName.get(name);
    if (node === undefined || !node.active) {
      throw new ClusterError(ResultCode.INVALID_NODE_ERROR, `no live node owns partition ${pid} of namespace "${namespace}"`);
    }
    return node;
  }

  /** A node chosen at random, for commands that any node can answer. */
  anyNode(): Node {
    const list = this.nodeList;
    if (list.length === 0) throw new ClusterError(ResultCode.SERVER_NOT_AVAILABLE, 'no node of the cluster is reachable');
    return list[Math.floor(Math.random() * list.length)]!;
  }

  /** Stops tending and closes every socket. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.tendTimer !== undefined) clearTimeout(this.tendTimer);
    this.wakeRefreshWaiters();
    if (this.tending !== undefined) await this.tending.catch(() => undefined);
    for (const node of this.nodeList) node.close();
    this.nodesByName.clear();
    this.nodeList = [];
  }
}
