/**
 * A node dies or hangs under a steady load of reads and writes (3 nodes,
 * replication factor 2): reads never fail, writes fail only in a short window
 * until the partition map is refreshed, no acknowledged write is lost, and the
 * node takes traffic again once it is back.
 *
 * Needs fault injection, so it runs against the memory cluster only.
 */

import { Client } from '@aerospike-ts/core';
import { type CapturedRequest, type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { ProtoType } from '@aerospike-ts/core/wire';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, sleep } from '../support/errors.js';
import { Load } from '../support/load.js';
import { NAMESPACE, REAL_SERVER, uniqueSet } from '../support/target.js';

const TEND_INTERVAL = 100;
const HEARTBEAT = 300;
/**
 * Longest span between the first and the last failed write: a tend interval,
 * the heartbeat timeout and a command's timeouts, with room for a loaded machine.
 */
const WRITE_ERROR_WINDOW = 1_500;

let cluster: MemoryCluster | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.close();
  client = undefined;
  await cluster?.close();
  cluster = undefined;
});

/** When each node received record commands (AS_MSG frames), by node name. */
function messageCounter(): { capture: (r: CapturedRequest) => void; times: Map<string, number[]> } {
  const times = new Map<string, number[]>();
  return {
    times,
    capture: (r) => {
      if (r.type !== ProtoType.MESSAGE) return;
      const list = times.get(r.node) ?? [];
      if (list.length === 0) times.set(r.node, list);
      list.push(Date.now());
    },
  };
}

function commandsOn(c: Client, name: string): number | undefined {
  return c.stats().nodes.find((n) => n.name === name)?.commands;
}

describe.skipIf(REAL_SERVER)('a node fails under load (3 nodes, RF 2)', () => {
  it('stopped node: zero failed reads, a short write error window, no lost write, traffic again after restart', async () => {
    cluster = await startMemoryCluster({ nodes: 3, replicationFactor: 2, heartbeatTimeoutMs: HEARTBEAT });
    client = await new Client({ hosts: cluster.node(0).address, tendInterval: TEND_INTERVAL }).connect();
    expect(client.nodes()).toHaveLength(3);
    const load = new Load(client, { namespace: NAMESPACE, set: uniqueSet('stop'), keys: 500, workers: 16 });
    await load.populate();
    const victim = cluster.node(2);

    load.start();
    await sleep(700);
    const stoppedAt = Date.now();
    await cluster.stopNode(2);
    await sleep(2_300);
    await load.stop();

    expect(load.reads).toBeGreaterThan(100);
    expect(load.writes).toBeGreaterThan(100);
    expect(load.readErrors, load.describe(load.readErrors)).toHaveLength(0);
    expect(load.staleReads).toEqual([]);
    // A failed write may show up later only if it was reported in doubt.
    expect(load.lateWrites.filter((w) => !w.inDoubt)).toEqual([]);
    // Failed writes, if any, all belong to the failover.
    for (const f of load.writeErrors) expect(f.at).toBeGreaterThanOrEqual(stoppedAt);
    const span = load.writeErrorSpan();
    expect(span, load.describe(load.writeErrors)).toBeLessThan(WRITE_ERROR_WINDOW);
    expect(await load.verify()).toEqual([]);
    // The map no longer lists the stopped node.
    expect(await eventually(() => !client!.nodes().some((n) => n.name === victim.name), 2_000)).toBe(true);

    // Back: it rejoins, gets partitions and takes commands again.
    await cluster.startNode(2);
    const back = await eventually(() => (client!.stats().nodes.find((n) => n.name === victim.name)?.partitions[NAMESPACE] ?? 0) > 0, 2_000);
    expect(back).toBe(true);
    const before = commandsOn(client, victim.name) ?? 0;
    load.start();
    await sleep(500);
    await load.stop();
    expect(commandsOn(client, victim.name) ?? 0).toBeGreaterThan(before);
    expect(load.readErrors, load.describe(load.readErrors)).toHaveLength(0);
    expect(await load.verify()).toEqual([]);
  });

  it('hung node: zero failed reads, out of rotation after the first timeout, traffic again after resume', async () => {
    const counter = messageCounter();
    cluster = await startMemoryCluster({ nodes: 3, replicationFactor: 2, heartbeatTimeoutMs: HEARTBEAT, capture: counter.capture });
    client = await new Client({ hosts: cluster.node(0).address, tendInterval: TEND_INTERVAL }).connect();
    const load = new Load(client, { namespace: NAMESPACE, set: uniqueSet('pause'), keys: 500, workers: 16 });
    await load.populate();
    const victim = cluster.node(1);
    const sentToVictim = (from: number, to: number): number => (counter.times.get(victim.name) ?? []).filter((t) => t >= from && t < to).length;

    // Keys whose master is the node about to hang.
    const victimKeys: number[] = [];
    for (let k = 0; k < 500 && victimKeys.length < 30; k++) {
      if (cluster.masterOf(NAMESPACE, load.key(k).partitionId) === victim.name) victimKeys.push(k);
    }

    load.start();
    await sleep(500);
    expect(sentToVictim(0, Date.now())).toBeGreaterThan(0);
    const pausedAt = Date.now();
    cluster.pauseNode(1);
    await sleep(500);
    // Mid-pause, reads of the hung node's partitions are answered by their replicas.
    const probeFrom = Date.now();
    for (const k of victimKeys) {
      const r = await client.get(load.key(k));
      expect(typeof r.bins.v).toBe('number');
    }
    const probeTo = Date.now();
    expect(sentToVictim(probeFrom, probeTo)).toBe(0);
    await sleep(Math.max(0, pausedAt + 1_000 - Date.now()));
    const resumedAt = Date.now();
    cluster.resumeNode(1);
    await sleep(700);
    await load.stop();

    expect(load.readErrors, load.describe(load.readErrors)).toHaveLength(0);
    expect(load.staleReads).toEqual([]);
    // A failed write may show up later only if it was reported in doubt.
    expect(load.lateWrites.filter((w) => !w.inDoubt)).toEqual([]);
    // A read attempt waits at most totalTimeout / (maxRetries + 1) = 334 ms; after that first timeout and a
    // tend interval (plus room for a loaded machine) nothing more is sent to the hung node.
    const outOfRotation = pausedAt + 334 + TEND_INTERVAL + 300;
    expect(sentToVictim(outOfRotation, resumedAt)).toBe(0);
    // Writes in flight on the hung node time out; later ones wait for the new map.
    expect(load.writeErrorSpan(), load.describe(load.writeErrors)).toBeLessThan(WRITE_ERROR_WINDOW);
    for (const f of load.writeErrors) expect(f.started).toBeLessThan(outOfRotation);
    expect(await load.verify()).toEqual([]);

    // Resumed: it rejoins and takes commands again.
    const back = await eventually(() => (client!.stats().nodes.find((n) => n.name === victim.name)?.partitions[NAMESPACE] ?? 0) > 0, 2_000);
    expect(back).toBe(true);
    const resumedSent = sentToVictim(resumedAt, Date.now());
    load.start();
    await sleep(300);
    await load.stop();
    expect(sentToVictim(resumedAt, Date.now())).toBeGreaterThan(resumedSent);
    expect(load.readErrors, load.describe(load.readErrors)).toHaveLength(0);
  });
});
