/**
 * Client lifecycle: connect, close, `await using`, misuse before connect and
 * after close, seeds that fail, cluster-name checks, pools, stats and what is
 * left open afterwards. Runs against the memory cluster, or a real server
 * with AEROSPIKE_HOSTS.
 */

import * as net from 'node:net';
import {
  Client,
  ClientClosedError,
  ClusterError,
  Key,
  ResultCode,
  connect,
} from '@aerospike-ts/core';
import { startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, openHandles, rejection, sleep } from '../support/errors.js';
import { RUN_ID, useTarget } from '../support/target.js';

const target = useTarget();
let set: string;

beforeAll(() => {
  set = target.uniqueSet('lifecycle');
});

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Server-side connections the memory cluster holds open, or 0 against a real server. */
function memoryConnections(): number {
  return target.memory?.nodes.reduce((n, node) => n + node.connectionCount, 0) ?? 0;
}

describe('connect and close', () => {
  it('connect() then close() walks through the states', async () => {
    const client = new Client({ hosts: target.hosts });
    expect(client.state).toBe('created');
    expect(client.isConnected()).toBe(false);
    const connecting = client.connect();
    expect(client.state).toBe('connecting');
    expect(await connecting).toBe(client);
    expect(client.state).toBe('connected');
    expect(client.isConnected()).toBe(true);
    await client.put([target.namespace, set, 'states'], { a: 1 });
    await client.close();
    expect(client.state).toBe('closed');
    expect(client.isConnected()).toBe(false);
  });

  it('connect(config) returns a connected client', async () => {
    const client = await connect({ hosts: target.hosts });
    try {
      expect(client).toBeInstanceOf(Client);
      expect(client.state).toBe('connected');
      await client.put([target.namespace, set, 'connect-fn'], { a: 1 });
      expect((await client.get([target.namespace, set, 'connect-fn'])).bins).toEqual({ a: 1 });
    } finally {
      await client.close();
    }
  });

  it('`await using` closes the client at the end of the scope', async () => {
    let escaped: Client | undefined;
    {
      await using client = await connect({ hosts: target.hosts });
      escaped = client;
      await client.put([target.namespace, set, 'await-using'], { a: 1 });
      expect(client.state).toBe('connected');
    }
    expect(escaped.state).toBe('closed');
    await rejection(escaped.get([target.namespace, set, 'await-using']), ClientClosedError);
  });

  it('Symbol.asyncDispose closes the client', async () => {
    const client = await connect({ hosts: target.hosts });
    await client[Symbol.asyncDispose]();
    expect(client.state).toBe('closed');
  });

  it('commands before connect() fail with ClientClosedError', async () => {
    const client = new Client({ hosts: target.hosts });
    const key = new Key(target.namespace, set, 'early');
    const err = await rejection(client.get(key), ClientClosedError, ResultCode.CLIENT_ERROR);
    expect(err.message).toMatch(/not connected/);
    await rejection(client.put(key, { a: 1 }), ClientClosedError);
    await rejection(client.exists(key), ClientClosedError);
    await rejection(client.info('namespaces'), ClientClosedError);
    // A command while connecting fails too, rather than racing the connect.
    const connecting = client.connect();
    await rejection(client.get(key), ClientClosedError);
    await connecting;
    expect(await client.exists(key)).toBe(false);
    await client.close();
  });

  it('commands after close() fail with ClientClosedError', async () => {
    const client = await connect({ hosts: target.hosts });
    const key = new Key(target.namespace, set, 'late');
    await client.put(key, { a: 1 });
    await client.close();
    const err = await rejection(client.get(key), ClientClosedError, ResultCode.CLIENT_ERROR);
    expect(err.message).toMatch(/closed/);
    await rejection(client.put(key, { a: 2 }), ClientClosedError);
    await rejection(client.remove(key), ClientClosedError);
    await rejection(client.operate(key, []), ClientClosedError);
    await rejection(client.info('namespaces'), ClientClosedError);
    // A closed client cannot be connected again.
    await rejection(client.connect(), ClientClosedError);
  });

  it('close() is idempotent, sequential or concurrent', async () => {
    const client = await connect({ hosts: target.hosts });
    const [a, b] = await Promise.allSettled([client.close(), client.close()]);
    expect(a.status).toBe('fulfilled');
    expect(b.status).toBe('fulfilled');
    await client.close();
    expect(client.state).toBe('closed');
    // close() of a client that never connected works too.
    const never = new Client({ hosts: target.hosts });
    await never.close();
    await never.close();
  });

  it('close() waits for a command in flight', async () => {
    const client = await connect({ hosts: target.hosts });
    const key = new Key(target.namespace, set, 'in-flight');
    const put = client.put(key, { a: 1 });
    const closing = client.close();
    expect((await put).generation).toBeGreaterThanOrEqual(1);
    await closing;
    expect(client.state).toBe('closed');
  });

  it('concurrent connect() calls share one promise', async () => {
    const client = new Client({ hosts: target.hosts });
    const p1 = client.connect();
    const p2 = client.connect();
    expect(p2).toBe(p1);
    const [c1, c2] = await Promise.all([p1, p2]);
    expect(c1).toBe(client);
    expect(c2).toBe(client);
    // Once connected, connect() still answers with the same promise.
    expect(client.connect()).toBe(p1);
    expect(client.nodes().length).toBeGreaterThanOrEqual(1);
    await client.close();
  });
});

describe('failing seeds', () => {
  it('an unreachable seed fails connect() with ClusterError, without hanging', async () => {
    const port = await closedPort();
    const before = openHandles();
    const client = new Client({ hosts: `127.0.0.1:${port}`, timeout: 500 });
    const started = Date.now();
    const err = await rejection(client.connect(), ClusterError, ResultCode.SERVER_NOT_AVAILABLE);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err.message).toContain(`127.0.0.1:${port}`);
    expect(client.state).toBe('closed');
    await rejection(client.get(['test', 'x', 'k']), ClientClosedError);
    expect(await eventually(() => openHandles().sockets <= before.sockets)).toBe(true);
  });

  it('a wrong cluster name fails connect() with ClusterError naming both names', async () => {
    let actual: string;
    let hosts: string;
    let own: Awaited<ReturnType<typeof startMemoryCluster>> | undefined;
    if (target.memory !== undefined) {
      own = await startMemoryCluster({ nodes: 1, clusterName: 'alpha' });
      hosts = own.hosts;
      actual = 'alpha';
    } else {
      hosts = target.hosts;
      const probe = await target.connectClient();
      actual = (await probe.info('cluster-name')).get('cluster-name') ?? '';
      expect(actual).not.toBe('');
    }
    try {
      const expected = `wrong-${RUN_ID}`;
      const client = new Client({ hosts, clusterName: expected, timeout: 500 });
      const err = await rejection(client.connect(), ClusterError);
      expect(err.message).toContain(`"${actual}"`);
      expect(err.message).toContain(`"${expected}"`);
      expect(client.state).toBe('closed');

      // The right name connects.
      const right = await connect({ hosts, clusterName: actual });
      try {
        expect(right.stats().clusterName).toBe(actual);
        expect(right.nodes().length).toBeGreaterThanOrEqual(1);
      } finally {
        await right.close();
      }
    } finally {
      await own?.close();
    }
  });
});

describe('resources', () => {
  it('after close() no socket or timer of the client is left', async () => {
    // Settle whatever earlier tests left closing.
    await eventually(() => memoryConnections() === 0, 1_000);
    await sleep(20);
    const before = openHandles();
    const serverSideBefore = memoryConnections();

    const client = await connect({ hosts: target.hosts, minConnsPerNode: 1 });
    const key = new Key(target.namespace, set, 'leak');
    await Promise.all(Array.from({ length: 8 }, (_, i) => client.put(new Key(target.namespace, set, `leak-${i}`), { i })));
    await client.get(key).catch(() => undefined);
    await client.info('namespaces');
    expect(openHandles().sockets).toBeGreaterThan(before.sockets);
    await client.close();

    // The server side sees the FIN a moment later; poll rather than sleep.
    const settled = await eventually(() => {
      const now = openHandles();
      return now.sockets === before.sockets && memoryConnections() === serverSideBefore;
    });
    const after = openHandles();
    expect(settled).toBe(true);
    expect(after.sockets).toBe(before.sockets);
    expect(memoryConnections()).toBe(serverSideBefore);
    expect(after.timers).toBeLessThanOrEqual(before.timers);
  });
});

describe('introspection', () => {
  it('nodes() and stats() report the cluster', async () => {
    const client = await target.connectClient();
    const nodes = client.nodes();
    expect(nodes.length).toBeGreaterThanOrEqual(1);
    for (const n of nodes) {
      expect(n.name).toMatch(/^[0-9A-F]+$/i);
      expect(n.address).toBe(n.host.includes(':') ? `[${n.host}]:${n.port}` : `${n.host}:${n.port}`);
    }
    if (target.memory !== undefined) {
      const memoryNode = target.memory.nodes[0]!;
      expect(nodes).toEqual([{ name: memoryNode.name, address: memoryNode.address, host: memoryNode.host, port: memoryNode.port }]);
    }

    const key = new Key(target.namespace, set, 'stats');
    await client.put(key, { a: 1 });
    await client.get(key);
    const stats = client.stats();
    expect(stats.clusterName).toBeUndefined();
    expect(stats.commandsInFlight).toBe(0);
    expect(stats.nodesAdded).toBe(nodes.length);
    expect(stats.nodesRemoved).toBe(0);
    expect(stats.tends).toBeGreaterThanOrEqual(1);
    expect(stats.partitionUpdates).toBeGreaterThanOrEqual(nodes.length);
    expect(stats.nodes.map((n) => n.name).sort()).toEqual(nodes.map((n) => n.name).sort());
    // Every partition of the namespace has exactly one master.
    const masters = stats.nodes.reduce((sum, n) => sum + (n.partitions[target.namespace] ?? 0), 0);
    expect(masters).toBe(4096);
    const commands = stats.nodes.reduce((sum, n) => sum + n.commands, 0);
    expect(commands).toBe(2);
    for (const n of stats.nodes) {
      expect(n.active).toBe(true);
      expect(n.errors).toBe(0);
      expect(n.timeouts).toBe(0);
      expect(n.connections.inUse).toBe(0);
      expect(n.connections.waiting).toBe(0);
      expect(n.connections.opened).toBe(n.connections.idle + n.connections.closed);
    }
  });

  it("info('namespaces') returns a Map listing the namespace", async () => {
    const client = await target.connectClient();
    const info = await client.info('namespaces');
    expect(info).toBeInstanceOf(Map);
    expect([...info.keys()]).toEqual(['namespaces']);
    expect(info.get('namespaces')!.split(';')).toContain(target.namespace);
    const several = await client.info(['node', 'namespaces'], client.nodes()[0]!.name);
    expect(several.get('node')).toBe(client.nodes()[0]!.name);
    expect(several.get('namespaces')).toBe(info.get('namespaces'));
  });
});

describe('connection pools', () => {
  it('minConnsPerNode: 2 opens two connections per node at connect', async () => {
    const client = await target.connectClient({ minConnsPerNode: 2 });
    const warmed = await eventually(() => client.stats().nodes.every((n) => n.connections.opened >= 2));
    expect(warmed).toBe(true);
    for (const n of client.stats().nodes) {
      expect(n.connections.opened).toBe(2);
      expect(n.connections.idle).toBe(2);
    }
  });

  it('maxConnsPerNode: 2 serves 20 concurrent gets with at most two connections per node', async () => {
    const client = await target.connectClient({ maxConnsPerNode: 2 });
    const keys = Array.from({ length: 20 }, (_, i) => new Key(target.namespace, set, `pool-${i}`));
    await Promise.all(keys.map((k, i) => client.put(k, { i })));
    const records = await Promise.all(keys.map((k) => client.get(k)));
    expect(records.map((r) => r.bins.i)).toEqual(keys.map((_, i) => i));
    for (const n of client.stats().nodes) {
      expect(n.connections.opened).toBeLessThanOrEqual(2);
      expect(n.connections.inUse).toBe(0);
      expect(n.connections.waiting).toBe(0);
      expect(n.errors).toBe(0);
    }
    const total = client.stats().nodes.reduce((sum, n) => sum + n.connections.opened, 0);
    expect(total).toBeGreaterThanOrEqual(1);
  });
});
