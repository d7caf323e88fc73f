/**
 * Discovery: from one seed to the whole cluster, seeds that are dead or
 * resolve to several addresses, `useServicesAlternate`, and a cluster that
 * changes under the client (a node added, a partition moved).
 *
 * Needs the memory cluster (capture, addNode, movePartition), so it skips
 * when AEROSPIKE_HOSTS is set.
 */

import * as net from 'node:net';
import { Client, Key } from '@aerospike-ts/core';
import { ProtoType, parseInfoRequest } from '@aerospike-ts/core/wire';
import { type CapturedRequest, type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eventually, sleep } from '../support/errors.js';
import { NAMESPACE, REAL_SERVER, uniqueSet } from '../support/target.js';

/** A host name that resolves to a dead loopback address first, then the live one. */
const MULTI_HOST = 'multi-address.seed.test';

vi.mock('node:dns/promises', async (importOriginal) => {
  const dns = await importOriginal<typeof import('node:dns/promises')>();
  const lookup = (async (host: string, options?: unknown) => {
    if (host === MULTI_HOST) {
      return [
        { address: '127.0.0.2', family: 4 },
        { address: '127.0.0.1', family: 4 },
      ];
    }
    return (dns.lookup as (h: string, o?: unknown) => Promise<unknown>)(host, options);
  }) as typeof dns.lookup;
  return { ...dns, default: { ...dns, lookup }, lookup };
});

const TEND_INTERVAL = 100;
const PARTITIONS = 4096;

let cluster: MemoryCluster | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.close();
  client = undefined;
  await cluster?.close();
  cluster = undefined;
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function masterCounts(c: Client): Map<string, number> {
  return new Map(c.stats().nodes.map((n) => [n.name, n.partitions[NAMESPACE] ?? 0]));
}

function expectWholeMap(c: Client, nodeCount: number): void {
  const counts = masterCounts(c);
  expect(counts.size).toBe(nodeCount);
  let total = 0;
  for (const [name, n] of counts) {
    expect(n, `partitions of node ${name}`).toBeGreaterThan(0);
    total += n;
  }
  expect(total).toBe(PARTITIONS);
}

describe.skipIf(REAL_SERVER)('discovery', () => {
  it('one seed of a 3-node cluster finds every node, and every node owns partitions', async () => {
    cluster = await startMemoryCluster({ nodes: 3 });
    client = await new Client({ hosts: cluster.node(1).address, tendInterval: TEND_INTERVAL }).connect();
    const names = client
      .nodes()
      .map((n) => n.name)
      .sort();
    expect(names).toEqual(cluster.nodes.map((n) => n.name).sort());
    expect(client.nodes().map((n) => n.address).sort()).toEqual(cluster.nodes.map((n) => n.address).sort());
    expectWholeMap(client, 3);
    // The map matches the cluster's: each node is master of what the cluster says it is.
    const counts = masterCounts(client);
    for (const node of cluster.nodes) {
      let expected = 0;
      for (let pid = 0; pid < PARTITIONS; pid++) if (cluster.masterOf(NAMESPACE, pid) === node.name) expected++;
      expect(counts.get(node.name)).toBe(expected);
    }
    // And it is usable: keys on every node.
    const set = uniqueSet('discovery');
    for (let i = 0; i < 30; i++) await client.put(new Key(NAMESPACE, set, i), { i });
    for (const n of client.stats().nodes) expect(n.commands, `commands on ${n.name}`).toBeGreaterThan(0);
  });

  it('a dead first seed does not stop the client: the next seed is used', async () => {
    cluster = await startMemoryCluster({ nodes: 3 });
    const dead = await closedPort();
    const started = Date.now();
    client = await new Client({ hosts: `127.0.0.1:${dead},${cluster.node(2).address}`, tendInterval: TEND_INTERVAL }).connect();
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(client.nodes()).toHaveLength(3);
    expectWholeMap(client, 3);
    await client.put(new Key(NAMESPACE, uniqueSet('dead-seed'), 'k'), { a: 1 });
  });

  it('a seed name that resolves to several addresses connects through the one that answers', async () => {
    cluster = await startMemoryCluster({ nodes: 3 });
    const port = cluster.node(0).port;
    client = await new Client({ hosts: `${MULTI_HOST}:${port}`, tendInterval: TEND_INTERVAL }).connect();
    expect(client.nodes()).toHaveLength(3);
    expect(client.nodes().find((n) => n.port === port)?.host).toBe('127.0.0.1');
    expectWholeMap(client, 3);
  });

  it('useServicesAlternate discovers peers with peers-clear-alt', async () => {
    const infoCommands: string[] = [];
    const capture = (r: CapturedRequest): void => {
      if (r.type === ProtoType.INFO) infoCommands.push(...parseInfoRequest(r.frame.subarray(8)));
    };
    cluster = await startMemoryCluster({ nodes: 3, capture });
    client = await new Client({ hosts: cluster.node(0).address, useServicesAlternate: true, tendInterval: TEND_INTERVAL }).connect();
    expect(client.nodes()).toHaveLength(3);
    expect(infoCommands).toContain('peers-clear-alt');
    expect(infoCommands.filter((c) => c.startsWith('peers-') && c !== 'peers-generation' && c !== 'peers-clear-alt')).toEqual([]);

    // Without the option: peers-clear-std.
    infoCommands.length = 0;
    const plain = await new Client({ hosts: cluster.node(0).address, tendInterval: TEND_INTERVAL }).connect();
    try {
      expect(plain.nodes()).toHaveLength(3);
      expect(infoCommands).toContain('peers-clear-std');
      expect(infoCommands).not.toContain('peers-clear-alt');
    } finally {
      await plain.close();
    }
  });
});

describe.skipIf(REAL_SERVER)('the cluster changes under the client', () => {
  it('an added node is used within two tend intervals', async () => {
    cluster = await startMemoryCluster({ nodes: 2 });
    client = await new Client({ hosts: cluster.node(0).address, tendInterval: TEND_INTERVAL }).connect();
    expect(client.nodes()).toHaveLength(2);
    const set = uniqueSet('added');
    let running = true;
    let failures = 0;
    const writer = (async () => {
      for (let i = 0; running; i++) {
        await client!.put(new Key(NAMESPACE, set, i % 200), { i }).catch(() => failures++);
      }
    })();

    await sleep(100);
    const added = await cluster.addNode();
    const addedAt = Date.now();
    const used = await eventually(() => {
      const n = client!.stats().nodes.find((s) => s.name === added.name);
      return n !== undefined && n.commands > 0;
    }, 3_000, 5);
    const after = Date.now() - addedAt;
    running = false;
    await writer;

    expect(used).toBe(true);
    // Two tend intervals, plus room for a loaded machine.
    expect(after).toBeLessThan(2 * TEND_INTERVAL + 500);
    expect(client.nodes().map((n) => n.name)).toContain(added.name);
    expect(failures).toBe(0);
    await eventually(() => client!.stats().nodes.length === 3 && masterCounts(client!).get(added.name)! > 0, 1_000);
    expectWholeMap(client, 3);
  });

  it('a moved partition is served by its new owner after a tend', async () => {
    const writesTo: Array<{ node: string; frame: Buffer }> = [];
    const capture = (r: CapturedRequest): void => {
      if (r.type === ProtoType.MESSAGE) writesTo.push({ node: r.node, frame: r.frame });
    };
    cluster = await startMemoryCluster({ nodes: 3, capture });
    client = await new Client({ hosts: cluster.node(0).address, tendInterval: TEND_INTERVAL }).connect();
    const key = new Key(NAMESPACE, uniqueSet('moved'), 'k');
    const pid = key.partitionId;
    const receivers = (): string[] => writesTo.filter((w) => w.frame.includes(key.digest)).map((w) => w.node);

    const oldOwner = cluster.masterOf(NAMESPACE, pid)!;
    await client.put(key, { v: 1 });
    expect(receivers()).toEqual([oldOwner]);

    const newOwner = cluster.nodes.map((n) => n.name).find((n) => n !== oldOwner)!;
    const updates = client.stats().partitionUpdates;
    cluster.movePartition(pid, newOwner);
    expect(cluster.masterOf(NAMESPACE, pid)).toBe(newOwner);
    // Every node reports the new generation; wait until the client has read their maps again.
    expect(await eventually(() => client!.stats().partitionUpdates >= updates + 3, 2_000)).toBe(true);
    writesTo.length = 0;
    await client.put(key, { v: 2 });
    expect(receivers()).toEqual([newOwner]);
    expect(masterCounts(client).get(newOwner)).toBe([...Array(PARTITIONS).keys()].filter((p) => cluster!.masterOf(NAMESPACE, p) === newOwner).length);
    expect((await client.get(key)).bins).toEqual({ v: 2 });
  });
});
