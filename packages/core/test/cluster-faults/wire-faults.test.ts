/**
 * Faults on the wire with replication factor 2: a node that cuts its replies
 * short or drops requests makes reads retry on the other replica; sockets the
 * nodes close under load are replaced; a socket that failed never goes back
 * to the pool.
 *
 * Needs fault injection, so it runs against the memory cluster only.
 */

import { Client, Key } from '@aerospike-ts/core';
import { ProtoType } from '@aerospike-ts/core/wire';
import { type CapturedRequest, type MemoryCluster, type NodeFaults, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, sleep } from '../support/errors.js';
import { Load } from '../support/load.js';
import { NAMESPACE, REAL_SERVER, uniqueSet } from '../support/target.js';

const TEND_INTERVAL = 100;

let cluster: MemoryCluster | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.close();
  client = undefined;
  await cluster?.close();
  cluster = undefined;
});

/** Record commands received, in order, with the node that received each. */
function recorder(): { capture: (r: CapturedRequest) => void; frames: Array<{ node: string; frame: Buffer }> } {
  const frames: Array<{ node: string; frame: Buffer }> = [];
  return {
    frames,
    capture: (r) => {
      if (r.type === ProtoType.MESSAGE) frames.push({ node: r.node, frame: r.frame });
    },
  };
}

/** `count` keys of `set` whose partitions have `node` as master. */
function keysMasteredBy(c: MemoryCluster, set: string, node: string, count: number): Key[] {
  const keys: Key[] = [];
  for (let i = 0; keys.length < count; i++) {
    const key = new Key(NAMESPACE, set, `k${i}`);
    if (c.masterOf(NAMESPACE, key.partitionId) === node) keys.push(key);
  }
  return keys;
}

function statsOf(c: Client, name: string) {
  const s = c.stats().nodes.find((n) => n.name === name);
  if (s === undefined) throw new Error(`client has no node ${name}`);
  return s;
}

describe.skipIf(REAL_SERVER)('a node misbehaves on the wire (3 nodes, RF 2)', () => {
  for (const fault of ['cutReplies', 'dropRequests'] as const satisfies ReadonlyArray<keyof NodeFaults>) {
    it(`${fault} on the master: reads retry on the replica and succeed; failed sockets are closed, not pooled`, async () => {
      const rec = recorder();
      cluster = await startMemoryCluster({ nodes: 3, replicationFactor: 2, capture: rec.capture });
      client = await new Client({ hosts: cluster.node(0).address, tendInterval: TEND_INTERVAL }).connect();
      const victim = cluster.node(1);
      const set = uniqueSet(fault);
      const keys = keysMasteredBy(cluster, set, victim.name, 10);
      for (const [i, key] of keys.entries()) await client.put(key, { i });
      const before = statsOf(client, victim.name);
      expect(before.connections.idle).toBeGreaterThan(0);

      victim.faults[fault] = true;
      rec.frames.length = 0;
      for (const [i, key] of keys.entries()) {
        const record = await client.get(key);
        expect(record.bins).toEqual({ i });
      }

      // The first read reached the faulty master, and every read was answered by the replica.
      const readers = rec.frames.map((f) => f.node);
      expect(readers[0]).toBe(victim.name);
      for (const [i, key] of keys.entries()) {
        const served = rec.frames.filter((f) => f.frame.includes(key.digest) && f.node !== victim.name).map((f) => f.node);
        expect(served, `key ${i}`).toHaveLength(1);
        expect(served[0]).not.toBe(victim.name);
      }
      const after = statsOf(client, victim.name);
      expect(after.errors).toBeGreaterThan(before.errors);
      // Every socket that failed was closed and dropped: none left in the pool.
      expect(after.connections.closed - before.connections.closed).toBeGreaterThanOrEqual(after.errors - before.errors);
      expect(after.connections.idle).toBe(0);
      expect(after.connections.inUse).toBe(0);

      // Healthy again: the node takes its reads back once a tend has seen it answer.
      victim.faults[fault] = false;
      const back = await eventually(() => client!.stats().nodes.some((n) => n.name === victim.name), 2_000);
      expect(back).toBe(true);
      const tends = client.stats().tends;
      await eventually(() => client!.stats().tends >= tends + 2, 2_000);
      rec.frames.length = 0;
      for (const key of keys) await client.get(key);
      expect(rec.frames.filter((f) => f.node === victim.name).length).toBeGreaterThan(0);
    });
  }

  it('cut replies on a node under load: zero failed reads, no lost write', async () => {
    cluster = await startMemoryCluster({ nodes: 3, replicationFactor: 2 });
    client = await new Client({ hosts: cluster.node(0).address, tendInterval: TEND_INTERVAL }).connect();
    const load = new Load(client, { namespace: NAMESPACE, set: uniqueSet('cut-load'), keys: 300, workers: 16 });
    await load.populate();
    load.start();
    await sleep(300);
    cluster.node(2).faults.cutReplies = true;
    await sleep(700);
    cluster.node(2).faults.cutReplies = false;
    await sleep(300);
    await load.stop();
    expect(load.reads).toBeGreaterThan(100);
    expect(load.readErrors, load.describe(load.readErrors)).toHaveLength(0);
    expect(load.staleReads).toEqual([]);
    // A failed write may show up later only if it was reported in doubt.
    expect(load.lateWrites.filter((w) => !w.inDoubt)).toEqual([]);
    expect(await load.verify()).toEqual([]);
  });

  it('every node closes every connection mid-load: commands recover on new sockets', async () => {
    cluster = await startMemoryCluster({ nodes: 3, replicationFactor: 2 });
    client = await new Client({ hosts: cluster.node(0).address, tendInterval: TEND_INTERVAL }).connect();
    const load = new Load(client, { namespace: NAMESPACE, set: uniqueSet('closed'), keys: 300, workers: 16 });
    await load.populate();
    const opened = (): number => client!.stats().nodes.reduce((n, s) => n + s.connections.opened, 0);
    const closed = (): number => client!.stats().nodes.reduce((n, s) => n + s.connections.closed, 0);

    load.start();
    await sleep(300);
    const openedBefore = opened();
    const closedBefore = closed();
    const closes: number[] = [];
    for (let round = 0; round < 3; round++) {
      closes.push(Date.now());
      for (const node of cluster.nodes) node.closeConnections();
      await sleep(250);
    }
    const readsBeforeEnd = load.reads;
    const writesBeforeEnd = load.writes;
    await sleep(300);
    await load.stop();

    expect(load.readErrors, load.describe(load.readErrors)).toHaveLength(0);
    expect(load.staleReads).toEqual([]);
    // A failed write may show up later only if it was reported in doubt.
    expect(load.lateWrites.filter((w) => !w.inDoubt)).toEqual([]);
    // A write in flight on a closed socket may fail (writes are not retried by default), but only right at a close.
    for (const f of load.writeErrors) {
      const near = closes.some((t) => f.at >= t && f.at - t < 400);
      expect(near, load.describe([f])).toBe(true);
    }
    // Commands carried on after the last close.
    expect(load.reads).toBeGreaterThan(readsBeforeEnd);
    expect(load.writes).toBeGreaterThan(writesBeforeEnd);
    expect(opened()).toBeGreaterThan(openedBefore);
    expect(closed()).toBeGreaterThan(closedBefore);
    expect(await load.verify()).toEqual([]);
    // Nodes are not dropped for a moment when every socket to them broke at once.
    expect(client.stats().nodesRemoved).toBe(0);
    expect(client.nodes()).toHaveLength(3);
  });
});
