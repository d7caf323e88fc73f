/**
 * Where integration tests run: the in-process memory cluster by default, or a
 * real server when `AEROSPIKE_HOSTS=host:port[,…]` is set (namespace from
 * `AEROSPIKE_NAMESPACE`, default `test`).
 *
 * ```ts
 * const target = useTarget();
 * it('…', async () => {
 *   const client = await target.connectClient();
 *   await client.put([target.namespace, set, 'k'], { v: 1 });
 * });
 * ```
 *
 * Tests that need the memory cluster (fault injection, `advanceTime`) use
 * `it.skipIf(REAL_SERVER)(…)`.
 */

import { randomBytes } from 'node:crypto';
import { Client, type ClientConfig } from '@aerospike-ts/core';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { afterAll, beforeAll } from 'vitest';

/** Seed hosts of a real server, or undefined to use the memory cluster. */
export const SERVER_HOSTS: string | undefined = process.env.AEROSPIKE_HOSTS?.trim() || undefined;

/** True when the suite runs against a real server. */
export const REAL_SERVER: boolean = SERVER_HOSTS !== undefined;

/** Namespace the tests write to. */
export const NAMESPACE: string = process.env.AEROSPIKE_NAMESPACE?.trim() || 'test';

/** Identifies this run, so that records of repeated runs against one server never collide. */
export const RUN_ID: string = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

/** Longest set name the server accepts, in UTF-8 bytes. */
const MAX_SET_NAME = 63;

/** What {@link useTarget} gives a test file. */
export interface Target {
  /** Seed hosts, `host:port[,…]`. Available from `beforeAll` on. */
  readonly hosts: string;
  /** The memory cluster, or undefined against a real server. */
  readonly memory: MemoryCluster | undefined;
  /** Namespace to use. */
  readonly namespace: string;
  /** A set name unique to this run (and to this call), starting with `prefix`; at most 63 bytes. */
  uniqueSet(prefix: string): string;
  /**
   * Creates and connects a client to the target, with `overrides` layered
   * over the hosts; the client is closed after the file's tests.
   */
  connectClient(overrides?: Partial<ClientConfig>): Promise<Client>;
  /** Closes the clients made by {@link Target.connectClient} and the memory cluster; registered with vitest's `afterAll`, safe to call again. */
  afterAll(): Promise<void>;
}

let setCounter = 0;

/** A set name unique to this run: `<prefix>_<run id>_<n>`, cut to 63 bytes. */
export function uniqueSet(prefix: string): string {
  const suffix = `_${RUN_ID}_${(setCounter++).toString(36)}`;
  let head = prefix;
  while (Buffer.byteLength(head + suffix, 'utf8') > MAX_SET_NAME) head = head.slice(0, -1);
  return head + suffix;
}

/**
 * Registers `beforeAll`/`afterAll` hooks that start (or find) the target and
 * tear it down; returns the {@link Target}, usable once `beforeAll` has run.
 */
export function useTarget(): Target {
  let memory: MemoryCluster | undefined;
  let hosts: string | undefined;
  const clients: Client[] = [];
  let closed = false;

  const teardown = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await Promise.allSettled(clients.splice(0).map((c) => c.close()));
    const cluster = memory;
    memory = undefined;
    if (cluster !== undefined) await cluster.close();
  };

  beforeAll(async () => {
    if (SERVER_HOSTS !== undefined) {
      hosts = SERVER_HOSTS;
    } else {
      memory = await startMemoryCluster({ nodes: 1 });
      hosts = memory.hosts;
    }
  });
  afterAll(teardown);

  return {
    get hosts(): string {
      if (hosts === undefined) throw new Error('target.hosts is available from beforeAll on');
      return hosts;
    },
    get memory(): MemoryCluster | undefined {
      return memory;
    },
    namespace: NAMESPACE,
    uniqueSet,
    async connectClient(overrides: Partial<ClientConfig> = {}): Promise<Client> {
      if (hosts === undefined) throw new Error('connectClient() is available from beforeAll on');
      const client = new Client({ hosts, ...overrides });
      clients.push(client);
      return client.connect();
    },
    afterAll: teardown,
  };
}
