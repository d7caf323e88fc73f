/**
 * After `close()` nothing of the client is left: no socket, no TLS socket, no
 * timer, even after nodes died, hung, cut connections or refused a login.
 * Counted with `process.getActiveResourcesInfo()` before connecting and
 * after closing, once the memory cluster's own server-side sockets are gone.
 *
 * Needs fault injection, so it runs against the memory cluster only.
 */

import { readFileSync } from 'node:fs';
import { Client, ClusterError, SecurityError } from '@aerospike-ts/core';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, rejection, sleep } from '../support/errors.js';
import { Load } from '../support/load.js';
import { NAMESPACE, REAL_SERVER, uniqueSet } from '../support/target.js';

const fixture = (name: string): string => readFileSync(new URL(`../../../memory-cluster/test/fixtures/tls/${name}`, import.meta.url), 'utf8');

const TEND_INTERVAL = 100;

let cluster: MemoryCluster | undefined;

afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

interface Handles {
  sockets: number;
  tls: number;
  timers: number;
}

/** Handles that keep the process alive: TCP sockets, TLS sockets, timers. */
function handles(): Handles {
  const info = process.getActiveResourcesInfo();
  const count = (name: string): number => info.filter((r) => r === name).length;
  return { sockets: count('TCPSocketWrap'), tls: count('TLSWrap'), timers: count('Timeout') };
}

function serverConnections(c: MemoryCluster): number {
  return c.nodes.reduce((n, node) => n + node.connectionCount, 0);
}

/** Waits until the cluster holds no client connection and the handle counts are back to `baseline`. */
async function expectBackTo(c: MemoryCluster, baseline: Handles): Promise<void> {
  await eventually(() => serverConnections(c) === 0, 3_000);
  await eventually(() => {
    const now = handles();
    return now.sockets <= baseline.sockets && now.tls <= baseline.tls && now.timers <= baseline.timers;
  }, 3_000);
  expect(serverConnections(c)).toBe(0);
  const now = handles();
  expect(now.sockets).toBeLessThanOrEqual(baseline.sockets);
  expect(now.tls).toBeLessThanOrEqual(baseline.tls);
  expect(now.timers).toBeLessThanOrEqual(baseline.timers);
}

describe.skipIf(REAL_SERVER)('nothing is left after close()', () => {
  it('after load, a stopped and restarted node, a hung node and cut connections', async () => {
    cluster = await startMemoryCluster({ nodes: 3, replicationFactor: 2, heartbeatTimeoutMs: 200 });
    await sleep(20);
    const baseline = handles();

    const client = await new Client({ hosts: cluster.node(0).address, tendInterval: TEND_INTERVAL, minConnsPerNode: 2 }).connect();
    const load = new Load(client, { namespace: NAMESPACE, set: uniqueSet('leaks'), keys: 200, workers: 8 });
    await load.populate();
    load.start();
    await sleep(200);
    await cluster.stopNode(2);
    await sleep(300);
    await cluster.startNode(2);
    await sleep(200);
    cluster.pauseNode(1);
    await sleep(500);
    cluster.resumeNode(1);
    for (const node of cluster.nodes) node.closeConnections();
    await sleep(200);
    await load.stop();
    // The client did hold sockets to every node.
    expect(handles().sockets).toBeGreaterThan(baseline.sockets);
    expect(serverConnections(cluster)).toBeGreaterThan(0);

    await client.close();
    expect(client.state).toBe('closed');
    await expectBackTo(cluster, baseline);
  });

  it('with commands in flight on a hung node when close() is called', async () => {
    cluster = await startMemoryCluster({ nodes: 2, replicationFactor: 2 });
    await sleep(20);
    const baseline = handles();
    const client = await new Client({ hosts: cluster.node(0).address, tendInterval: TEND_INTERVAL }).connect();
    const set = uniqueSet('inflight');
    await client.put([NAMESPACE, set, 'k'], { v: 1 });
    cluster.pauseNode(0);
    cluster.pauseNode(1);
    const pending = Array.from({ length: 4 }, (_, i) => client.get([NAMESPACE, set, `k${i}`], undefined, { totalTimeout: 300 }).catch((e: unknown) => e));
    await sleep(20);
    const closing = Date.now();
    await client.close();
    // Bounded: in-flight commands end at their deadline, a tend stuck on a hung node at its info timeout (1 s).
    expect(Date.now() - closing).toBeLessThan(3_000);
    for (const outcome of await Promise.all(pending)) expect(outcome).toBeInstanceOf(Error);
    cluster.resumeNode(0);
    cluster.resumeNode(1);
    await expectBackTo(cluster, baseline);
  });

  it('over TLS with logins', async () => {
    cluster = await startMemoryCluster({
      nodes: 2,
      tls: { cert: fixture('server.pem'), key: fixture('server.key'), name: 'memory-cluster' },
      users: { admin: 'secret' },
    });
    await sleep(20);
    const baseline = handles();
    const client = await new Client({
      hosts: `127.0.0.1:memory-cluster:${cluster.node(0).port}`,
      tls: { ca: fixture('ca.pem') },
      user: 'admin',
      password: 'secret',
      tendInterval: TEND_INTERVAL,
    }).connect();
    expect(client.nodes()).toHaveLength(2);
    const load = new Load(client, { namespace: NAMESPACE, set: uniqueSet('tls-leaks'), keys: 100, workers: 8 });
    await load.populate();
    load.start();
    await sleep(200);
    cluster.node(1).closeConnections();
    await sleep(200);
    await load.stop();
    await client.close();
    await expectBackTo(cluster, baseline);
  });

  it('after connect() failed: wrong cluster name, refused login, unreachable seed', async () => {
    cluster = await startMemoryCluster({ nodes: 2, clusterName: 'y', users: { admin: 'secret' } });
    await sleep(20);
    const baseline = handles();
    await rejection(new Client({ hosts: cluster.hosts, clusterName: 'x', user: 'admin', password: 'secret' }).connect(), ClusterError);
    await rejection(new Client({ hosts: cluster.hosts, user: 'admin', password: 'wrong' }).connect(), SecurityError);
    await rejection(new Client({ hosts: '127.0.0.1:1', timeout: 200 }).connect(), ClusterError);
    await expectBackTo(cluster, baseline);
  });
});
