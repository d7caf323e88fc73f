/**
 * What a real cluster does when a node comes back, and what the client makes
 * of it:
 * - a restarted node answers PARTITION_UNAVAILABLE until it has rejoined:
 *   reads go to another replica at once (zero failed reads), writes wait for
 *   the map to move and are never in doubt for it;
 * - a node that was paused long enough to be dropped serves its old data
 *   until migrations end: reads in read mode AP ONE can see an older value
 *   than one already acknowledged; `readModeAP: 'allDuringMigrations'` never
 *   does.
 *
 * Needs fault injection, so it runs against the memory cluster only.
 */

import { AerospikeError, type Client, ReadModeAP, ResultCode } from '@aerospike-ts/core';
import { describe, expect, it } from 'vitest';
import { useClusters } from '../../../../test/support/clusters.js';
import { eventually, sleep } from '../support/errors.js';
import { Load } from '../support/load.js';
import { NAMESPACE, REAL_SERVER, uniqueSet } from '../support/target.js';

const TEND_INTERVAL = 100;
const HEARTBEAT = 300;

const clusters = useClusters();

describe.skipIf(REAL_SERVER)('a restarted node answers PARTITION_UNAVAILABLE until it rejoins', () => {
  it('3 nodes, RF 2, under load: zero failed reads, failed writes never in doubt, nothing lost', async () => {
    const cluster = await clusters.start({ nodes: 3, replicationFactor: 2, heartbeatTimeoutMs: 2_000 });
    const client = await clusters.connect(cluster, { tendInterval: TEND_INTERVAL });
    const load = new Load(client, { namespace: NAMESPACE, set: uniqueSet('restart'), keys: 400, workers: 16 });
    await load.populate();
    const retriesBefore = client.stats().retries;

    load.start();
    await sleep(300);
    // Back at once, but not in the cluster for 800 ms: shorter than the heartbeat timeout, so nobody moves its partitions.
    await cluster.restartNode(2, { unavailableMs: 800 });
    await sleep(1_300);
    await load.stop();

    expect(load.reads).toBeGreaterThan(100);
    expect(load.readErrors, load.describe(load.readErrors)).toEqual([]);
    expect(load.staleReads).toEqual([]);
    // A failed write may show up later only if it was reported in doubt.
    expect(load.lateWrites.filter((w) => !w.inDoubt)).toEqual([]);
    for (const f of load.writeErrors) {
      const err = f.error as AerospikeError;
      expect(err).toBeInstanceOf(AerospikeError);
      // A write the node refused with PARTITION_UNAVAILABLE was not applied; one that timed out on its way there may be.
      if (err.resultCode === ResultCode.PARTITION_UNAVAILABLE) expect(err.inDoubt).toBe(false);
    }
    expect(await load.verify()).toEqual([]);
    expect(client.stats().retries).toBeGreaterThan(retriesBefore);
  });

  it('a single node: a read waits for the node to rejoin within its total timeout', async () => {
    const cluster = await clusters.start({ nodes: 1 });
    const client = await clusters.connect(cluster, { hosts: cluster.hosts, tendInterval: TEND_INTERVAL });
    const key = [NAMESPACE, uniqueSet('restart1'), 'k'] as const;
    await client.put(key, { v: 1 });
    await cluster.restartNode(0, { unavailableMs: 300 });
    const started = Date.now();
    const record = await client.get(key, undefined, { totalTimeout: 5_000 });
    expect(record.bins).toEqual({ v: 1 });
    // It was answered only once the node had rejoined, not by luck before the restart took effect.
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    const write = await client.put(key, { v: 2 }, { totalTimeout: 100 }).catch((e: unknown) => e);
    // Nothing restarting any more: the write simply succeeds.
    expect(write).not.toBeInstanceOf(Error);
  });

  it('a write that finds the partition unavailable until its deadline fails with PARTITION_UNAVAILABLE, not in doubt', async () => {
    const cluster = await clusters.start({ nodes: 1 });
    const client = await clusters.connect(cluster, { hosts: cluster.hosts, tendInterval: TEND_INTERVAL });
    const key = [NAMESPACE, uniqueSet('restart2'), 'k'] as const;
    await client.put(key, { v: 1 });
    await cluster.restartNode(0, { unavailableMs: 30_000 });
    // A socket the restart closed may still sit in the pool; a write on it would be in doubt (sent, no answer).
    // A read first uses it up, since reads retry on a new socket.
    await client.exists(key, { totalTimeout: 1_000 }).catch(() => undefined);
    // Long enough for a busy machine to get answers at all: every one of them is PARTITION_UNAVAILABLE.
    const err = (await client.put(key, { v: 2 }, { totalTimeout: 1_500 }).catch((e: unknown) => e)) as AerospikeError;
    expect(err).toBeInstanceOf(AerospikeError);
    expect(err.resultCode).toBe(ResultCode.PARTITION_UNAVAILABLE);
    expect(err.inDoubt).toBe(false);
    expect(err.attempts).toBeGreaterThan(1);
  });
});

describe.skipIf(REAL_SERVER)('a node back from a pause serves its old data until migrations end', () => {
  /**
   * Pauses node 2 until the client has moved its partitions to the others and
   * writes have landed there, resumes it, and keeps the load running until
   * the client reads from it again and a while after. Each step waits for
   * what it needs rather than for a fixed time, so a busy machine only makes
   * it slower.
   */
  async function pauseAndResume(readModeAP: ReadModeAP): Promise<{ client: Client; load: Load; resumedAt: number }> {
    const cluster = await clusters.start({ nodes: 3, replicationFactor: 2, heartbeatTimeoutMs: HEARTBEAT, migrationMs: 3_000 });
    const client = await clusters.connect(cluster, { tendInterval: TEND_INTERVAL, policies: { read: { readModeAP } } });
    const load = new Load(client, { namespace: NAMESPACE, set: uniqueSet('stale'), keys: 300, workers: 12, readShare: 0.6 });
    await load.populate();
    const paused = cluster.node(2).name;
    const owned = (): number => client.stats().nodes.find((n) => n.name === paused)?.partitions[NAMESPACE] ?? 0;
    load.start();
    await sleep(200);
    cluster.pauseNode(2);
    // Dropped after the heartbeat timeout; once the client routes its partitions to the others, writes land there only.
    expect(await eventually(() => owned() === 0, 10_000)).toBe(true);
    const writesBefore = load.writes;
    expect(await eventually(() => load.writes > writesBefore + 200, 10_000)).toBe(true);
    cluster.resumeNode(2);
    const resumedAt = Date.now();
    // Back: it owns partitions again in the client's map, and serves them while migrations run.
    expect(await eventually(() => owned() > 0, 10_000)).toBe(true);
    const readsBack = load.reads;
    expect(await eventually(() => load.reads > readsBack + 500, 10_000)).toBe(true);
    await load.stop();
    expect(await eventually(() => client.nodes().length === 3, 3_000)).toBe(true);
    return { client, load, resumedAt };
  }

  it('read mode AP ONE: stale reads after the node rejoins (what a real cluster shows)', async () => {
    const { load } = await pauseAndResume(ReadModeAP.ONE);
    expect(load.readErrors, load.describe(load.readErrors)).toEqual([]);
    expect(load.staleReads.length).toBeGreaterThan(0);
    expect(await load.verify()).toEqual([]);
  });

  it("readModeAP 'allDuringMigrations': zero stale reads, and reads go back to one copy once migrations end", async () => {
    const { client, load } = await pauseAndResume(ReadModeAP.ALL_DURING_MIGRATIONS);
    expect(load.readErrors, load.describe(load.readErrors)).toEqual([]);
    expect(load.staleReads).toEqual([]);
    // A failed write may show up later only if it was reported in doubt.
    expect(load.lateWrites.filter((w) => !w.inDoubt)).toEqual([]);
    expect(await load.verify()).toEqual([]);
    // Settled: the tend saw every node report a stable cluster, so reads no longer ask for duplicate resolution.
    expect(await eventually(() => client.stats().migratingNamespaces.length === 0, 5_000, 50)).toBe(true);
  });
});
