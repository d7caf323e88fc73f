/**
 * A node that timed out is suspect, and the client keeps writes away from
 * it while another node can take its partitions once the map moves. When
 * the suspect node is the only node there is, the write is sent anyway:
 * refusing it would fail a command that the node, merely slow, can serve.
 *
 * Needs fault injection, so it runs against the memory cluster only.
 */

import { type AerospikeError, type Client, ConnectionError, Key, ResultCode, TimeoutError } from '@aerospike-ts/core';
import { describe, expect, it } from 'vitest';
import { useClusters } from '../../../../test/support/clusters.js';
import { NAMESPACE, REAL_SERVER, uniqueSet } from '../support/target.js';

/** Longer than the client's info timeout below, so that tends fail too and the node stays suspect. */
const SLOW_MS = 400;

const clusters = useClusters();

/** Makes the node serving `key` time out once, so the client marks it suspect. */
async function makeSuspect(c: Client, key: Key): Promise<void> {
  const err = await c.get(key, undefined, { socketTimeout: 100, totalTimeout: 100, maxRetries: 0 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TimeoutError);
}

describe.skipIf(REAL_SERVER)('a suspect node that is the only candidate', () => {
  it('a single slow node: the write is sent and succeeds', async () => {
    const cluster = await clusters.start({ nodes: 1 });
    const client = await clusters.connect(cluster, { hosts: cluster.hosts, timeout: 200, tendInterval: 100 });
    const key = new Key(NAMESPACE, uniqueSet('only'), 'k');
    await client.put(key, { v: 1 });
    cluster.node(0).faults.latencyMs = SLOW_MS;
    await makeSuspect(client, key);
    const meta = await client.put(key, { v: 2 }, { socketTimeout: 5_000, totalTimeout: 10_000 });
    expect(meta.generation).toBe(2);
    cluster.node(0).faults.latencyMs = 0;
    expect((await client.get(key)).bins).toEqual({ v: 2 });
  });

  it('two nodes: a write to the suspect master is held back, and fails unsent, while the other node answers', async () => {
    const cluster = await clusters.start({ nodes: 2, replicationFactor: 2 });
    const client = await clusters.connect(cluster, { hosts: cluster.hosts, timeout: 200, tendInterval: 100 });
    const set = uniqueSet('held');
    const slow = cluster.node(1);
    let key: Key | undefined;
    for (let i = 0; key === undefined; i++) {
      const k = new Key(NAMESPACE, set, `k${i}`);
      if (cluster.masterOf(NAMESPACE, k.partitionId) === slow.name) key = k;
    }
    await client.put(key, { v: 1 });
    slow.faults.latencyMs = SLOW_MS;
    await makeSuspect(client, key);
    const err = (await client.put(key, { v: 2 }, { socketTimeout: 5_000, totalTimeout: 10_000 }).catch((e: unknown) => e)) as AerospikeError;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.resultCode).toBe(ResultCode.SERVER_NOT_AVAILABLE);
    expect(err.inDoubt).toBe(false);
    expect(err.message).toContain('write not sent');
  });
});
