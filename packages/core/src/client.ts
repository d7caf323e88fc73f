/**
 * The client: configuration, lifecycle, and one-line delegations to the
 * feature modules in `api/`.
 */

import type { RecordContext, NodesContext } from './api/context.js';
import * as infoApi from './api/info.js';
import * as kv from './api/kv.js';
import type { AerospikeRecord, OperateResult, RecordMetadata } from './api/kv.js';
import { type ClientStats, type NodeInfo, nodeList, statsOf } from './api/stats.js';
import { Authenticator } from './cluster/auth.js';
import { Cluster, type ClusterEvents } from './cluster/cluster.js';
import type { ClusterHealth } from './cluster/health.js';
import { CommandExecutor } from './command/executor.js';
import { OperationLimiter } from './command/limiter.js';
import { type ClientConfig, type ResolvedConfig, resolveConfig } from './config.js';
import { channels, publish } from './diagnostics.js';
import { ClientClosedError } from './errors.js';
import type { InfoAllResult } from './info.js';
import type { KeyInput } from './key.js';
import type { ReadPolicyInput, WritePolicyInput } from './policy/types.js';
import { ResultCode } from './result-codes.js';
import type { BinValue } from './values.js';
import { OperationType } from './wire/message.js';
import type { Operation } from './wire/operation.js';

export type { AerospikeRecord, Bins, OperateResult, RecordMetadata } from './api/kv.js';
export type { ClientStats, NodeInfo, NodeStats } from './api/stats.js';

/** Where the client is in its life. */
export type ClientState = 'created' | 'connecting' | 'connected' | 'closing' | 'closed';

/**
 * An Aerospike client. Create it with {@link connect} (or `new Client(config)`
 * then {@link Client.connect}); close it with {@link Client.close} or
 * `await using`. Safe to share across an application.
 */
export class Client implements AsyncDisposable {
  /** The validated configuration. */
  readonly config: ResolvedConfig;
  private readonly cluster: Cluster;
  private readonly executor: CommandExecutor;
  /** Present only when `maxConcurrentOperations` caps commands in flight. */
  private readonly limiter: OperationLimiter | undefined;
  private currentState: ClientState = 'created';
  private connecting: Promise<this> | undefined;
  /** What the record commands of `api/` are given. */
  private readonly records: RecordContext;
  /** What the node-level calls of `api/` are given. */
  private readonly nodesContext: NodesContext;

  /** Validates `config`; throws InvalidArgumentError naming a bad field. Does not connect. */
  constructor(config: ClientConfig | string) {
    this.config = resolveConfig(config);
    this.limiter =
      this.config.maxConcurrentOperations > 0
        ? new OperationLimiter(this.config.maxConcurrentOperations, this.config.operationQueueTimeout)
        : undefined;
    const auth = new Authenticator(this.config);
    this.cluster = new Cluster(this.config, this.config.connector, clusterEvents(this.config.clusterName), auth.enabled ? (conn) => auth.prepare(conn) : undefined);
    this.executor = new CommandExecutor(this.cluster, this.config.clusterName, this.limiter);
    const ensureOpen = (): void => this.ensureOpen();
    this.records = { ensureOpen, executor: this.executor, readDefaults: this.config.policies.read, writeDefaults: this.config.policies.write };
    this.nodesContext = { ensureOpen, cluster: this.cluster, timeout: this.config.timeout };
  }

  /** Where the client is in its life. */
  get state(): ClientState {
    return this.currentState;
  }

  /** True once connected and until closed. */
  isConnected(): boolean {
    return this.currentState === 'connected' && this.cluster.nodes.length > 0;
  }

  /**
   * Connects to the seeds, discovers the cluster and loads partition maps.
   * Calling it again while connecting returns the same promise.
   */
  connect(): Promise<this> {
    // Share the promise only while it still describes the client: once closed, say so.
    if (this.connecting !== undefined && (this.currentState === 'connecting' || this.currentState === 'connected')) {
      return this.connecting;
    }
    if (this.currentState !== 'created') {
      return Promise.reject(new ClientClosedError(ResultCode.CLIENT_ERROR, `cannot connect a client that is ${this.currentState}`));
    }
    this.currentState = 'connecting';
    this.connecting = this.cluster.connect().then(
      () => {
        if (this.currentState === 'connecting') this.currentState = 'connected';
        return this;
      },
      async (err: unknown) => {
        await this.cluster.close();
        this.currentState = 'closed';
        throw err;
      },
    );
    return this.connecting;
  }

  /**
   * Stops tending, waits for in-flight commands to settle and closes every
   * socket. Afterwards nothing of the client keeps the process alive.
   */
  async close(): Promise<void> {
    if (this.currentState === 'closed' || this.currentState === 'closing') return;
    if (this.currentState === 'connecting') await this.connecting?.catch(() => undefined);
    this.currentState = 'closing';
    this.limiter?.close();
    await this.executor.drain(10_000);
    await this.cluster.close();
    this.currentState = 'closed';
  }

  /** Same as {@link Client.close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private ensureOpen(): void {
    if (this.currentState !== 'connected') {
      throw new ClientClosedError(
        ResultCode.CLIENT_ERROR,
        this.currentState === 'created' || this.currentState === 'connecting'
          ? 'the client is not connected yet; await client.connect() first'
          : 'the client is closed',
      );
    }
  }

  /**
   * Writes bins of a record, creating it when missing (see `policy.exists`).
   * A bin set to `null` is deleted. Resolves with the record's new metadata.
   */
  put(key: KeyInput, bins: Readonly<Record<string, BinValue>>, policy?: WritePolicyInput): Promise<RecordMetadata> {
    return kv.put(this.records, key, bins, policy);
  }

  /**
   * Reads a record: every bin, or only `bins` when given. Rejects with
   * {@link RecordNotFoundError} when the record does not exist.
   */
  get(key: KeyInput, bins?: readonly string[], policy?: ReadPolicyInput): Promise<AerospikeRecord> {
    return kv.get(this.records, key, bins, policy);
  }

  /** Reads a record's generation and TTL without its bins. Rejects with RecordNotFoundError when missing. */
  getHeader(key: KeyInput, policy?: ReadPolicyInput): Promise<RecordMetadata> {
    return kv.getHeader(this.records, key, policy);
  }

  /** True when the record exists. */
  exists(key: KeyInput, policy?: ReadPolicyInput): Promise<boolean> {
    return kv.exists(this.records, key, policy);
  }

  /** Deletes a record. Resolves true when it existed, false when it did not. */
  remove(key: KeyInput, policy?: WritePolicyInput): Promise<boolean> {
    return kv.remove(this.records, key, policy);
  }

  /**
   * Resets a record's TTL (to `policy.ttl`, or the namespace default) and
   * bumps its generation. Rejects with RecordNotFoundError when missing.
   */
  touch(key: KeyInput, policy?: WritePolicyInput): Promise<RecordMetadata> {
    return kv.touch(this.records, key, policy);
  }

  /** Appends strings or bytes to bins. */
  append(key: KeyInput, bins: Readonly<Record<string, string | Uint8Array>>, policy?: WritePolicyInput): Promise<RecordMetadata> {
    return kv.binsCommand(this.records, OperationType.APPEND, key, bins, policy);
  }

  /** Prepends strings or bytes to bins. */
  prepend(key: KeyInput, bins: Readonly<Record<string, string | Uint8Array>>, policy?: WritePolicyInput): Promise<RecordMetadata> {
    return kv.binsCommand(this.records, OperationType.PREPEND, key, bins, policy);
  }

  /** Adds numbers to integer or double bins (missing bins start at 0). */
  add(key: KeyInput, bins: Readonly<Record<string, number | bigint>>, policy?: WritePolicyInput): Promise<RecordMetadata> {
    return kv.binsCommand(this.records, OperationType.ADD, key, bins, policy);
  }

  /** Alias of {@link Client.add}, as aerospike-py names it. */
  increment(key: KeyInput, bins: Readonly<Record<string, number | bigint>>, policy?: WritePolicyInput): Promise<RecordMetadata> {
    return this.add(key, bins, policy);
  }

  /**
   * Runs several operations on one record in one round trip, in order (a
   * read after a write sees the write). Reads go to a replica per
   * `policy.replica` when every operation reads; otherwise the master.
   */
  operate(key: KeyInput, operations: readonly Operation[], policy?: WritePolicyInput): Promise<OperateResult> {
    return kv.operate(this.records, key, operations, policy);
  }

  /** The cluster's nodes. */
  nodes(): NodeInfo[] {
    return nodeList(this.cluster);
  }

  /** Runs info commands on one node (a random one unless `nodeName` is given); returns `name → value`. */
  info(commands: string | readonly string[], nodeName?: string): Promise<Map<string, string>> {
    return infoApi.info(this.nodesContext, commands, nodeName);
  }

  /**
   * Runs one info command on every node. A node that fails gets an `error`
   * entry; the others still answer.
   */
  infoAll(command: string): Promise<InfoAllResult[]> {
    return infoApi.infoAll(this.nodesContext, command);
  }

  /** Runs one info command on a random node; an `ERROR:…` answer rejects with the matching error. */
  infoRandomNode(command: string): Promise<string> {
    return infoApi.infoRandomNode(this.nodesContext, command);
  }

  /** Runs one info command on the named node; an `ERROR:…` answer rejects with the matching error. */
  infoNode(nodeName: string, command: string): Promise<string> {
    return infoApi.infoNode(this.nodesContext, nodeName, command);
  }

  /**
   * The cluster's health: per namespace the replication factor, partitions
   * with no reachable master (unavailable), partitions with fewer reachable
   * copies than the replication factor (under-replicated), migrations
   * remaining; whether every node agrees on the cluster key; and an overall
   * `status` of `ok`, `degraded` or `down`. Asks every node (one info round
   * trip each, within the config's `timeout`); a node that does not answer
   * is reported, not thrown.
   *
   * `options.timeout` bounds each node's answer, in ms (default: the
   * config's `timeout`); give a health probe with its own deadline a shorter
   * one, so that a hung node shows as not answering rather than the probe
   * timing out.
   *
   * ```ts
   * const health = await client.health();
   * if (health.status !== 'ok') console.warn(health.problems.join('\n'));
   * console.log(health.namespaces.test?.underReplicated);
   * ```
   */
  health(options: { timeout?: number } = {}): Promise<ClusterHealth> {
    return infoApi.health(this.nodesContext, options);
  }

  /** A synchronous snapshot of the client's counters. */
  stats(): ClientStats {
    return statsOf(this.cluster, this.config.clusterName, this.executor.counters);
  }
}

/** Forwards cluster events to the diagnostics channels (each checks for subscribers first). */
function clusterEvents(clusterName: string | undefined): ClusterEvents {
  return {
    nodeAdded: (node) => publish(channels.nodeAdded, () => ({ clusterName, nodeName: node.name, address: node.address })),
    nodeRemoved: (node, reason) =>
      publish(channels.nodeRemoved, () => ({ clusterName, nodeName: node.name, address: node.address, reason })),
    tendDone: (durationMs, nodes) => publish(channels.tendDone, () => ({ clusterName, durationMs, nodes })),
    tendFailed: (error) => publish(channels.tendFailed, () => ({ clusterName, durationMs: 0, nodes: 0, error })),
    partitionsUpdated: (node, namespaces) =>
      publish(channels.partitionsUpdated, () => ({ clusterName, nodeName: node.name, namespaces })),
    connectionOpened: (node) => publish(channels.connectionOpened, () => ({ clusterName, nodeName: node.name, address: node.address })),
    connectionClosed: (node) => publish(channels.connectionClosed, () => ({ clusterName, nodeName: node.name, address: node.address })),
  };
}

/** Creates a client and connects it: `await using client = await connect({ hosts: 'localhost:3000' })`. */
export async function connect(config: ClientConfig | string): Promise<Client> {
  return new Client(config).connect();
}
