/**
 * The client: configuration, lifecycle, and the single-record commands.
 */

import { Authenticator } from './cluster/auth.js';
import { Cluster, type ClusterEvents } from './cluster/cluster.js';
import { type ClusterHealth, checkHealth } from './cluster/health.js';
import type { Node } from './cluster/node.js';
import { type CommandCounters, type CommandTarget, executeCommand, resultError } from './command/execute.js';
import { readHeader, writeHeader } from './command/headers.js';
import { OperationLimiter } from './command/limiter.js';
import { type ClientConfig, type ResolvedConfig, resolveConfig } from './config.js';
import { type CommandContext, channels, publish } from './diagnostics.js';
import { ClientClosedError, InvalidArgumentError, errorFromResultCode } from './errors.js';
import { type InfoAllResult, checkInfoValue } from './info.js';
import { type Key, type KeyInput, toKey } from './key.js';
import { mergeReadPolicy, mergeWritePolicy } from './policy/merge.js';
import { ReadModeAP, ReadModeSC, type ReadPolicy, type ReadPolicyInput, type WritePolicy, type WritePolicyInput } from './policy/types.js';
import { ResultCode } from './result-codes.js';
import type { BinValue } from './values.js';
import { partitionId } from './wire/digest.js';
import { Info1, Info2, OperationType, isReadOperation, voidTimeToTtl } from './wire/message.js';
import { namespaceBytes, setBytes } from './wire/names.js';
import { PROTO_HEADER_SIZE } from './wire/proto.js';
import type { Operation } from './wire/operation.js';
import { type Bins, readRecordMessage } from './wire/reply.js';
import {
  type CommandHeader,
  type KeyFields,
  encodeBinsCommand,
  encodeKeyCommand,
  encodeOperateCommand,
  encodeReadBinsCommand,
} from './wire/request.js';

export type { Bins } from './wire/reply.js';

/** Generation and time to live of a record. */
export interface RecordMetadata {
  /** How many times the record has been written. */
  generation: number;
  /** Seconds left to live; -1 when the record never expires. */
  ttl: number;
}

/** A record read from the server. */
export interface AerospikeRecord extends RecordMetadata {
  key: Key;
  bins: Bins;
}

/** What `operate` returns: the record's bins after the operations, plus each result in order. */
export interface OperateResult extends AerospikeRecord {
  /** One `[bin, value]` per operation that returned something, in operation order. */
  results: Array<[string, BinValue]>;
}

/** Where the client is in its life. */
export type ClientState = 'created' | 'connecting' | 'connected' | 'closing' | 'closed';

/** Point-in-time counters, from {@link Client.stats}. */
export interface ClientStats {
  clusterName: string | undefined;
  commandsInFlight: number;
  retries: number;
  tends: number;
  tendErrors: number;
  partitionUpdates: number;
  nodesAdded: number;
  nodesRemoved: number;
  /**
   * Namespaces whose partitions the client sees migrating (reads with
   * `readModeAP: 'allDuringMigrations'` ask for duplicate resolution there).
   */
  migratingNamespaces: string[];
  nodes: NodeStats[];
}

/** Per-node counters in {@link ClientStats}. */
export interface NodeStats {
  name: string;
  address: string;
  active: boolean;
  /** Master partitions owned, per namespace. */
  partitions: Record<string, number>;
  connections: { inUse: number; idle: number; opened: number; closed: number; waiting: number; exhausted: number };
  commands: number;
  errors: number;
  timeouts: number;
  tends: number;
  tendFailures: number;
}

/** A node, as {@link Client.nodes} lists it. */
export interface NodeInfo {
  name: string;
  address: string;
  host: string;
  port: number;
}

function keyFields(key: Key, sendKey: boolean): KeyFields {
  return {
    namespace: namespaceBytes(key.namespace),
    set: setBytes(key.set),
    digest: key.digest,
    userKey: sendKey ? key.userKey : undefined,
  };
}

function metadataOf(body: Buffer): RecordMetadata {
  return { generation: body.readUInt32BE(6), ttl: voidTimeToTtl(body.readUInt32BE(10)) };
}

// Reply parsers: plain functions with the key passed through, so no closure is made per command.

function parseRecord(body: Buffer, node: Node, attempts: number, key: Key): AerospikeRecord {
  const rc = body[5]!;
  if (rc !== 0) throw resultError(rc, node, attempts, `${describeCode(rc)} for key ${key}`);
  const msg = readRecordMessage(body, 0, body.length);
  return { key, bins: msg.bins ?? {}, generation: msg.generation, ttl: voidTimeToTtl(msg.voidTime) };
}

function parseOperate(body: Buffer, node: Node, attempts: number, key: Key): OperateResult {
  const rc = body[5]!;
  if (rc !== 0) throw resultError(rc, node, attempts, `${describeCode(rc)} for key ${key}`);
  const msg = readRecordMessage(body, 0, body.length, true);
  return {
    key,
    bins: msg.bins ?? {},
    results: msg.results ?? [],
    generation: msg.generation,
    ttl: voidTimeToTtl(msg.voidTime),
  };
}

function parseMetadata(body: Buffer, node: Node, attempts: number, key: Key): RecordMetadata {
  const rc = body[5]!;
  if (rc !== 0) throw resultError(rc, node, attempts, `${describeCode(rc)} for key ${key}`);
  return metadataOf(body);
}

function parseFound(body: Buffer, node: Node, attempts: number, key: Key): boolean {
  const rc = body[5]!;
  if (rc === 0) return true;
  if (rc === ResultCode.KEY_NOT_FOUND_ERROR) return false;
  throw resultError(rc, node, attempts, `${describeCode(rc)} for key ${key}`);
}

function describeCode(rc: number): string {
  return errorFromResultCode(rc, '').code.toLowerCase().replace(/_/g, ' ');
}

/**
 * An Aerospike client. Create it with {@link connect} (or `new Client(config)`
 * then {@link Client.connect}); close it with {@link Client.close} or
 * `await using`. Safe to share across an application.
 */
export class Client implements AsyncDisposable {
  /** The validated configuration. */
  readonly config: ResolvedConfig;
  private readonly cluster: Cluster;
  private readonly counters: CommandCounters = { inFlight: 0, retries: 0 };
  private currentState: ClientState = 'created';
  private connecting: Promise<this> | undefined;
  private readonly readDefaults: ReadPolicy;
  /** Present only when `maxConcurrentOperations` caps commands in flight. */
  private readonly limiter: OperationLimiter | undefined;
  private readonly writeDefaults: WritePolicy;

  /** Validates `config`; throws InvalidArgumentError naming a bad field. Does not connect. */
  constructor(config: ClientConfig | string) {
    this.config = resolveConfig(config);
    this.readDefaults = this.config.policies.read;
    this.writeDefaults = this.config.policies.write;
    this.limiter =
      this.config.maxConcurrentOperations > 0
        ? new OperationLimiter(this.config.maxConcurrentOperations, this.config.operationQueueTimeout)
        : undefined;
    const auth = new Authenticator(this.config);
    this.cluster = new Cluster(this.config, this.config.connector, clusterEvents(this.config.clusterName), auth.enabled ? (conn) => auth.prepare(conn) : undefined);
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
    await this.drain();
    await this.cluster.close();
    this.currentState = 'closed';
  }

  private async drain(): Promise<void> {
    // Commands are bounded by their own deadlines; poll briefly rather than track each one.
    const until = Date.now() + 10_000;
    while (this.counters.inFlight > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
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

  private target(key: Key, write: boolean, policy: ReadPolicy | WritePolicy, request: Buffer): CommandTarget {
    const sc = policy.readModeSC;
    return {
      namespace: key.namespace,
      pid: partitionId(key.digest),
      write,
      replica: policy.replica,
      scMaster: sc === ReadModeSC.SESSION || sc === ReadModeSC.LINEARIZE,
      // Only commands that read (info1 READ) follow the read mode; a plain write resolves duplicates anyway.
      readAllDuringMigrations: policy.readModeAP === ReadModeAP.ALL_DURING_MIGRATIONS && (request[PROTO_HEADER_SIZE + 1]! & Info1.READ) !== 0,
    };
  }

  private run<T>(
    operation: string,
    key: Key,
    write: boolean,
    policy: ReadPolicy | WritePolicy,
    request: Buffer,
    parse: (body: Buffer, node: Node, attempts: number, key: Key) => T,
  ): Promise<T> {
    if (this.limiter !== undefined) return this.limiter.run(() => this.dispatch(operation, key, write, policy, request, parse));
    return this.dispatch(operation, key, write, policy, request, parse);
  }

  private dispatch<T>(
    operation: string,
    key: Key,
    write: boolean,
    policy: ReadPolicy | WritePolicy,
    request: Buffer,
    parse: (body: Buffer, node: Node, attempts: number, key: Key) => T,
  ): Promise<T> {
    const target = this.target(key, write, policy, request);
    if (!channels.command.hasSubscribers) {
      return executeCommand(this.cluster, this.counters, target, policy, request, parse, key);
    }
    const trace: CommandContext = {
      operation,
      namespace: key.namespace,
      set: key.set,
      batchSize: undefined,
      clusterName: this.config.clusterName,
      nodeName: undefined,
      serverAddress: undefined,
      serverPort: undefined,
      attempts: 0,
      resultCode: undefined,
    };
    return channels.command.tracePromise(
      () => executeCommand(this.cluster, this.counters, target, policy, request, parse, key, trace),
      trace,
    );
  }

  private read(policy: ReadPolicyInput | undefined): ReadPolicy {
    return mergeReadPolicy(this.readDefaults, policy);
  }

  private write(policy: WritePolicyInput | undefined): WritePolicy {
    return mergeWritePolicy(this.writeDefaults, policy);
  }

  /**
   * Writes bins of a record, creating it when missing (see `policy.exists`).
   * A bin set to `null` is deleted. Resolves with the record's new metadata.
   */
  put(key: KeyInput, bins: Readonly<Record<string, BinValue>>, policy?: WritePolicyInput): Promise<RecordMetadata> {
    return this.binsCommand(OperationType.WRITE, key, bins, policy);
  }

  /**
   * Reads a record: every bin, or only `bins` when given. Rejects with
   * {@link RecordNotFoundError} when the record does not exist.
   */
  get(key: KeyInput, bins?: readonly string[], policy?: ReadPolicyInput): Promise<AerospikeRecord> {
    try {
      this.ensureOpen();
      const k = toKey(key);
      const p = this.read(policy);
      const fields = keyFields(k, p.sendKey);
      const request =
        bins === undefined
          ? encodeKeyCommand(readHeader(p, Info1.READ | Info1.GET_ALL), fields)
          : encodeReadBinsCommand(readHeader(p, Info1.READ), fields, checkBinList(bins));
      return this.run('get', k, false, p, request, parseRecord);
    } catch (err) {
      // Bad input is reported through the promise, like every other failure.
      return Promise.reject(err);
    }
  }

  /** Reads a record's generation and TTL without its bins. Rejects with RecordNotFoundError when missing. */
  getHeader(key: KeyInput, policy?: ReadPolicyInput): Promise<RecordMetadata> {
    return this.headerCommand('getHeader', key, policy, parseMetadata);
  }

  /** True when the record exists. */
  exists(key: KeyInput, policy?: ReadPolicyInput): Promise<boolean> {
    return this.headerCommand('exists', key, policy, parseFound);
  }

  /** A read of the record's metadata only; `parse` decides what the answer means. */
  private headerCommand<T>(
    operation: string,
    key: KeyInput,
    policy: ReadPolicyInput | undefined,
    parse: (body: Buffer, node: Node, attempts: number, key: Key) => T,
  ): Promise<T> {
    try {
      this.ensureOpen();
      const k = toKey(key);
      const p = this.read(policy);
      const request = encodeKeyCommand(readHeader(p, Info1.READ | Info1.NOBINDATA), keyFields(k, p.sendKey));
      return this.run(operation, k, false, p, request, parse);
    } catch (err) {
      // Bad input is reported through the promise, like every other failure.
      return Promise.reject(err);
    }
  }

  /** Deletes a record. Resolves true when it existed, false when it did not. */
  remove(key: KeyInput, policy?: WritePolicyInput): Promise<boolean> {
    try {
      this.ensureOpen();
      const k = toKey(key);
      const p = this.write(policy);
      const request = encodeKeyCommand(writeHeader(p, 0, Info2.DELETE), keyFields(k, p.sendKey));
      return this.run('remove', k, true, p, request, parseFound);
    } catch (err) {
      // Bad input is reported through the promise, like every other failure.
      return Promise.reject(err);
    }
  }

  /**
   * Resets a record's TTL (to `policy.ttl`, or the namespace default) and
   * bumps its generation. Rejects with RecordNotFoundError when missing.
   */
  touch(key: KeyInput, policy?: WritePolicyInput): Promise<RecordMetadata> {
    try {
      this.ensureOpen();
      const k = toKey(key);
      const p = this.write(policy);
      const request = encodeOperateCommand(writeHeader(p, 0, 0), keyFields(k, p.sendKey), [TOUCH]);
      return this.run('touch', k, true, p, request, parseMetadata);
    } catch (err) {
      // Bad input is reported through the promise, like every other failure.
      return Promise.reject(err);
    }
  }

  /** Appends strings or bytes to bins. */
  append(key: KeyInput, bins: Readonly<Record<string, string | Uint8Array>>, policy?: WritePolicyInput): Promise<RecordMetadata> {
    return this.binsCommand(OperationType.APPEND, key, bins, policy);
  }

  /** Prepends strings or bytes to bins. */
  prepend(key: KeyInput, bins: Readonly<Record<string, string | Uint8Array>>, policy?: WritePolicyInput): Promise<RecordMetadata> {
    return this.binsCommand(OperationType.PREPEND, key, bins, policy);
  }

  /** Adds numbers to integer or double bins (missing bins start at 0). */
  add(key: KeyInput, bins: Readonly<Record<string, number | bigint>>, policy?: WritePolicyInput): Promise<RecordMetadata> {
    return this.binsCommand(OperationType.ADD, key, bins, policy);
  }

  /** Alias of {@link Client.add}, as aerospike-py names it. */
  increment(key: KeyInput, bins: Readonly<Record<string, number | bigint>>, policy?: WritePolicyInput): Promise<RecordMetadata> {
    return this.add(key, bins, policy);
  }

  private binsCommand(
    op: number,
    key: KeyInput,
    bins: Readonly<Record<string, BinValue>>,
    policy: WritePolicyInput | undefined,
  ): Promise<RecordMetadata> {
    try {
      this.ensureOpen();
      const k = toKey(key);
      if (typeof bins !== 'object' || bins === null || Array.isArray(bins)) {
        throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, 'bins: expected an object of bin name → value');
      }
      const p = this.write(policy);
      const request = encodeBinsCommand(writeHeader(p, 0, 0), keyFields(k, p.sendKey), op, bins);
      return this.run(BINS_OPERATION_NAMES[op] ?? 'put', k, true, p, request, parseMetadata);
    } catch (err) {
      // Bad input is reported through the promise, like every other failure.
      return Promise.reject(err);
    }
  }

  /**
   * Runs several operations on one record in one round trip, in order (a
   * read after a write sees the write). Reads go to a replica per
   * `policy.replica` when every operation reads; otherwise the master.
   */
  operate(key: KeyInput, operations: readonly Operation[], policy?: WritePolicyInput): Promise<OperateResult> {
    try {
      this.ensureOpen();
      const k = toKey(key);
      if (!Array.isArray(operations) || operations.length === 0) {
        throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, 'operations: expected a non-empty array');
      }
      const p = this.write(policy);
      let info1 = 0;
      let writes = false;
      for (const o of operations) {
        if (typeof o !== 'object' || o === null || typeof o.op !== 'number' || typeof o.bin !== 'string') {
          throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, 'operations: every item must come from ops.* builders');
        }
        if (isReadOperation(o.op)) {
          info1 |= Info1.READ;
          if (o.op === OperationType.READ && o.bin === '') info1 |= Info1.GET_ALL;
        } else writes = true;
      }
      const fields = keyFields(k, p.sendKey);
      const header: CommandHeader = writes ? writeHeader(p, info1, 0) : readHeader(p, info1);
      const request = encodeOperateCommand(header, fields, operations);
      return this.run('operate', k, writes, p, request, parseOperate);
    } catch (err) {
      // Bad input is reported through the promise, like every other failure.
      return Promise.reject(err);
    }
  }

  /** The cluster's nodes. */
  nodes(): NodeInfo[] {
    return this.cluster.nodes.map((n) => ({ name: n.name, address: n.address, host: n.host, port: n.port }));
  }

  /** Runs info commands on one node (a random one unless `nodeName` is given); returns `name → value`. */
  async info(commands: string | readonly string[], nodeName?: string): Promise<Map<string, string>> {
    this.ensureOpen();
    const node = nodeName === undefined ? this.cluster.anyNode() : this.namedNode(nodeName);
    return node.info(typeof commands === 'string' ? [commands] : commands, this.config.timeout);
  }

  /**
   * Runs one info command on every node. A node that fails gets an `error`
   * entry; the others still answer.
   */
  async infoAll(command: string): Promise<InfoAllResult[]> {
    this.ensureOpen();
    return Promise.all(
      this.cluster.nodes.map(async (node): Promise<InfoAllResult> => {
        try {
          return { nodeName: node.name, address: node.address, response: await this.infoOn(node, command) };
        } catch (err) {
          return { nodeName: node.name, address: node.address, error: err as Error };
        }
      }),
    );
  }

  /** Runs one info command on a random node; an `ERROR:…` answer rejects with the matching error. */
  async infoRandomNode(command: string): Promise<string> {
    this.ensureOpen();
    return this.infoOn(this.cluster.anyNode(), command);
  }

  /** Runs one info command on the named node; an `ERROR:…` answer rejects with the matching error. */
  async infoNode(nodeName: string, command: string): Promise<string> {
    this.ensureOpen();
    return this.infoOn(this.namedNode(nodeName), command);
  }

  private namedNode(name: string): Node {
    const node = this.cluster.node(name);
    if (node === undefined) {
      throw new InvalidArgumentError(
        ResultCode.INVALID_NODE_ERROR,
        `no node named "${name}" (nodes: ${this.cluster.nodes.map((n) => n.name).join(', ') || 'none'})`,
      );
    }
    return node;
  }

  private async infoOn(node: Node, command: string): Promise<string> {
    const answers = await node.info([command], this.config.timeout);
    const value = answers.get(command) ?? [...answers.values()][0] ?? '';
    return checkInfoValue(command, value, { node: node.name, address: node.address });
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
  async health(options: { timeout?: number } = {}): Promise<ClusterHealth> {
    this.ensureOpen();
    const timeout = options.timeout ?? this.config.timeout;
    if (!Number.isInteger(timeout) || timeout <= 0) {
      throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, `health: timeout must be a positive integer of ms, got ${String(timeout)}`);
    }
    return checkHealth(this.cluster.nodes, this.cluster.partitions, timeout);
  }

  /** A synchronous snapshot of the client's counters. */
  stats(): ClientStats {
    const c = this.cluster.counters;
    return {
      clusterName: this.config.clusterName,
      commandsInFlight: this.counters.inFlight,
      retries: this.counters.retries,
      tends: c.tends,
      tendErrors: c.tendErrors,
      partitionUpdates: c.partitionUpdates,
      nodesAdded: c.nodesAdded,
      nodesRemoved: c.nodesRemoved,
      migratingNamespaces: this.cluster.partitions.namespaces().filter((ns) => this.cluster.isMigrating(ns)),
      nodes: this.cluster.nodes.map((n) => {
        const s = n.poolStats();
        return {
          name: n.name,
          address: n.address,
          active: n.active,
          partitions: this.cluster.partitions.ownership(n.name),
          connections: { inUse: s.inUse, idle: s.idle, opened: s.opened, closed: s.closed, waiting: s.waiting, exhausted: s.exhausted },
          commands: n.counters.commands,
          errors: n.counters.errors,
          timeouts: n.counters.timeouts,
          tends: n.tends,
          tendFailures: n.failures,
        };
      }),
    };
  }
}

const TOUCH: Operation = Object.freeze({ op: OperationType.TOUCH, bin: '' });

/** Span and metric names of the bin-writing commands, by operation type. */
const BINS_OPERATION_NAMES: Readonly<Record<number, string>> = {
  [OperationType.WRITE]: 'put',
  [OperationType.ADD]: 'add',
  [OperationType.APPEND]: 'append',
  [OperationType.PREPEND]: 'prepend',
};

function checkBinList(bins: readonly string[]): readonly string[] {
  if (!Array.isArray(bins)) throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, 'bins: expected an array of bin names');
  for (const b of bins) {
    if (typeof b !== 'string' || b.length === 0) {
      throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, `bins: every bin name must be a non-empty string, got ${JSON.stringify(b)}`);
    }
  }
  return bins;
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
