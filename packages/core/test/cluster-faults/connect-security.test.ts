/**
 * What a user sees when the cluster is not the one expected, refuses the
 * credentials, expires sessions or changes a password, when a node's pool is
 * exhausted, and when no seed answers: the right error class, naming what is
 * wrong, quickly, and never a hang.
 *
 * Needs the memory cluster (users, sessions, faults), so it skips when
 * AEROSPIKE_HOSTS is set.
 */

import * as net from 'node:net';
import {
  BackpressureError,
  Client,
  ClusterError,
  Key,
  ResultCode,
  SecurityError,
  TimeoutError,
} from '@aerospike-ts/core';
import { AdminCommand, ProtoType, readAdminRequest } from '@aerospike-ts/core/wire';
import { type CapturedRequest, type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, rejection, sleep } from '../support/errors.js';
import { NAMESPACE, REAL_SERVER, uniqueSet } from '../support/target.js';

const TEND_INTERVAL = 100;

let cluster: MemoryCluster | undefined;
const clients: Client[] = [];

afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  await cluster?.close();
  cluster = undefined;
});

function track(client: Client): Client {
  clients.push(client);
  return client;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Counts the LOGIN and AUTHENTICATE requests the cluster receives. */
function adminCounter(): { capture: (r: CapturedRequest) => void; logins: number; authentications: number } {
  const counter = {
    logins: 0,
    authentications: 0,
    capture: (r: CapturedRequest): void => {
      if (r.type !== ProtoType.ADMIN) return;
      const command = readAdminRequest(r.frame.subarray(8)).command;
      if (command === AdminCommand.LOGIN) counter.logins++;
      else if (command === AdminCommand.AUTHENTICATE) counter.authentications++;
    },
  };
  return counter;
}

/**
 * Closes every client connection of every node, then gives the client a
 * moment to see the sockets close: a write sent on a pooled socket the server
 * already closed fails (writes are not retried by default), which is not what
 * these tests are about.
 */
async function closeAllConnections(c: MemoryCluster): Promise<void> {
  for (const node of c.nodes) node.closeConnections();
  await sleep(100);
}

/** Runs `fn` and returns how long it took, ms. */
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = Date.now();
  const value = await fn();
  return [value, Date.now() - started];
}

describe.skipIf(REAL_SERVER)('the wrong cluster', () => {
  it('a cluster name mismatch fails connect() with a ClusterError naming both names, fast', async () => {
    cluster = await startMemoryCluster({ nodes: 2, clusterName: 'y' });
    const client = track(new Client({ hosts: cluster.hosts, clusterName: 'x', tendInterval: TEND_INTERVAL }));
    const [err, elapsed] = await timed(() => rejection(client.connect(), ClusterError));
    expect(elapsed).toBeLessThan(2_000);
    expect(err.message).toContain('"x"');
    expect(err.message).toContain('"y"');
    expect(client.state).toBe('closed');
  });

  it('the right cluster name connects', async () => {
    cluster = await startMemoryCluster({ nodes: 2, clusterName: 'y' });
    const client = track(await new Client({ hosts: cluster.node(0).address, clusterName: 'y', tendInterval: TEND_INTERVAL }).connect());
    expect(client.nodes()).toHaveLength(2);
    await client.put(new Key(NAMESPACE, uniqueSet('named'), 'k'), { a: 1 });
  });

  it('unreachable seeds fail connect() with a ClusterError, fast', async () => {
    const ports = [await closedPort(), await closedPort()];
    const client = track(new Client({ hosts: ports.map((p) => `127.0.0.1:${p}`).join(','), tendInterval: TEND_INTERVAL }));
    const [err, elapsed] = await timed(() => rejection(client.connect(), ClusterError, ResultCode.SERVER_NOT_AVAILABLE));
    expect(elapsed).toBeLessThan(2_000);
    for (const p of ports) expect(err.message).toContain(`127.0.0.1:${p}`);
  });
});

describe.skipIf(REAL_SERVER)('credentials and sessions', () => {
  it('a wrong password fails connect() with a SecurityError', async () => {
    cluster = await startMemoryCluster({ nodes: 2, users: { admin: 'secret' } });
    const client = track(new Client({ hosts: cluster.hosts, user: 'admin', password: 'wrong', tendInterval: TEND_INTERVAL }));
    const [err, elapsed] = await timed(() => rejection(client.connect(), SecurityError, ResultCode.INVALID_CREDENTIAL));
    expect(elapsed).toBeLessThan(2_000);
    expect(err.message).toContain('admin');
  });

  it('an unknown user fails connect() with a SecurityError', async () => {
    cluster = await startMemoryCluster({ nodes: 1, users: { admin: 'secret' } });
    const client = track(new Client({ hosts: cluster.hosts, user: 'nobody', password: 'secret' }));
    await rejection(client.connect(), SecurityError, ResultCode.INVALID_USER);
  });

  it('no credentials against a secured cluster fail connect() with a SecurityError', async () => {
    cluster = await startMemoryCluster({ nodes: 2, users: { admin: 'secret' } });
    const client = track(new Client({ hosts: cluster.hosts, tendInterval: TEND_INTERVAL }));
    const [err, elapsed] = await timed(() => rejection(client.connect(), SecurityError, ResultCode.NOT_AUTHENTICATED));
    expect(elapsed).toBeLessThan(2_000);
    expect(err.message).toMatch(/authentication/);
  });

  it('the right credentials connect, discover every node and work', async () => {
    cluster = await startMemoryCluster({ nodes: 3, users: { admin: 'secret' } });
    const client = track(
      await new Client({ hosts: cluster.node(0).address, user: 'admin', password: 'secret', tendInterval: TEND_INTERVAL }).connect(),
    );
    expect(client.nodes()).toHaveLength(3);
    const set = uniqueSet('secured');
    for (let i = 0; i < 20; i++) await client.put(new Key(NAMESPACE, set, i), { i });
    for (let i = 0; i < 20; i++) expect((await client.get(new Key(NAMESPACE, set, i))).bins).toEqual({ i });
  });

  it('expired sessions: new connections log in again and commands keep working', async () => {
    const admin = adminCounter();
    cluster = await startMemoryCluster({ nodes: 2, users: { admin: 'secret' }, capture: admin.capture });
    const client = track(
      await new Client({ hosts: cluster.node(0).address, user: 'admin', password: 'secret', tendInterval: TEND_INTERVAL }).connect(),
    );
    const set = uniqueSet('expired');
    await client.put(new Key(NAMESPACE, set, 'a'), { v: 1 });
    const opened = (): number => client.stats().nodes.reduce((n, s) => n + s.connections.opened, 0);
    const before = opened();
    // One login per node; the other connections present the session token.
    expect(admin.logins).toBe(2);
    await Promise.all(Array.from({ length: 8 }, (_, i) => client.put(new Key(NAMESPACE, set, i), { v: 0 })));
    expect(admin.authentications).toBeGreaterThan(0);
    expect(admin.logins).toBe(2);

    cluster.security.expireSessions();
    // Every socket goes: pooled and tend connections must be opened and authenticated again.
    await closeAllConnections(cluster);
    for (let i = 0; i < 20; i++) await client.put(new Key(NAMESPACE, set, i), { v: i });
    for (let i = 0; i < 20; i++) expect((await client.get(new Key(NAMESPACE, set, i))).bins).toEqual({ v: i });
    expect(opened()).toBeGreaterThan(before);
    expect(admin.logins).toBeGreaterThan(2);
    // Tends log in again too: the nodes stay healthy.
    const tends = client.stats().tends;
    expect(await eventually(() => client.stats().tends >= tends + 2, 2_000)).toBe(true);
    expect(client.nodes()).toHaveLength(2);
    for (const n of client.stats().nodes) expect(n.tendFailures).toBe(0);
  });

  it('short session TTL: tokens expire on the server and new connections log in again', async () => {
    const admin = adminCounter();
    cluster = await startMemoryCluster({ nodes: 2, users: { admin: 'secret' }, sessionTtl: 1, capture: admin.capture });
    const client = track(
      await new Client({ hosts: cluster.node(0).address, user: 'admin', password: 'secret', tendInterval: TEND_INTERVAL }).connect(),
    );
    const set = uniqueSet('ttl');
    await client.put(new Key(NAMESPACE, set, 'a'), { v: 1 });
    const logins = admin.logins;
    // Past the token's lifetime: presenting it now would be refused.
    cluster.advanceTime(2);
    await closeAllConnections(cluster);
    for (let i = 0; i < 20; i++) await client.put(new Key(NAMESPACE, set, i), { v: i });
    expect((await client.get(new Key(NAMESPACE, set, 7))).bins).toEqual({ v: 7 });
    expect(admin.logins).toBeGreaterThan(logins);
    await sleep(3 * TEND_INTERVAL);
    expect(client.nodes()).toHaveLength(2);
  });

  it('a changed password: new connections fail with SecurityError', async () => {
    cluster = await startMemoryCluster({ nodes: 1, users: { admin: 'secret' } });
    const client = track(
      await new Client({ hosts: cluster.hosts, user: 'admin', password: 'secret', tendInterval: TEND_INTERVAL }).connect(),
    );
    const key = new Key(NAMESPACE, uniqueSet('password'), 'k');
    await client.put(key, { v: 1 });

    cluster.security.setUser('admin', 'new');
    cluster.security.expireSessions();
    cluster.node(0).closeConnections();
    const [err, elapsed] = await timed(() => rejection(client.get(key), SecurityError));
    expect(elapsed).toBeLessThan(2_000);
    expect([ResultCode.INVALID_CREDENTIAL, ResultCode.NOT_AUTHENTICATED]).toContain(err.resultCode);

    // A client with the new password works.
    const renewed = track(await new Client({ hosts: cluster.hosts, user: 'admin', password: 'new' }).connect());
    expect((await renewed.get(key)).bins).toEqual({ v: 1 });
  });
});

describe.skipIf(REAL_SERVER)('an exhausted pool', () => {
  it('maxConnsPerNode 1 and a slow node: concurrent gets fail fast with NO_MORE_CONNECTIONS or a timeout', async () => {
    cluster = await startMemoryCluster({ nodes: 1 });
    const client = track(await new Client({ hosts: cluster.hosts, maxConnsPerNode: 1, tendInterval: TEND_INTERVAL }).connect());
    const key = new Key(NAMESPACE, uniqueSet('pool'), 'k');
    await client.put(key, { v: 1 });
    cluster.node(0).faults.latencyMs = 300;

    const started = Date.now();
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => client.get(key, undefined, { totalTimeout: 100 })));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(1_000);
    let sawExhaustion = false;
    for (const o of outcomes) {
      expect(o.status).toBe('rejected');
      const err = (o as PromiseRejectedResult).reason as unknown;
      const ok =
        (err instanceof BackpressureError && err.resultCode === ResultCode.NO_MORE_CONNECTIONS) || err instanceof TimeoutError;
      expect(ok, String(err)).toBe(true);
      const failures = (err as TimeoutError).failures ?? [];
      if (err instanceof BackpressureError || failures.some((f) => f.resultCode === ResultCode.NO_MORE_CONNECTIONS)) sawExhaustion = true;
    }
    expect(sawExhaustion).toBe(true);
    // One get had the connection; the other four waited for it.
    expect(client.stats().nodes[0]!.connections.exhausted).toBeGreaterThanOrEqual(4);

    // The node recovers: the pool works again.
    cluster.node(0).faults.latencyMs = 0;
    expect((await client.get(key)).bins).toEqual({ v: 1 });
  });
});
