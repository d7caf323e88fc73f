/**
 * The memory cluster on its own: info answers in the formats a real
 * Aerospike 8.1 server uses (see the reference transcripts), partition
 * ownership across nodes, node stop/start, and the command-line entry point.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import * as net from 'node:net';
import { fileURLToPath } from 'node:url';
import { FrameReader, ProtoType, encodeInfoRequest } from '@aerospike-ts/core/wire';
import { type MemoryCluster, startMemoryCluster, startMemoryClusterProcess } from '@aerospike-ts/memory-cluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_DEFAULT_INFO_SET } from './support/server-info.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const PARTITIONS = 4096;
/** A 4096-bit bitmap in base64, as `replicas` carries one per replica. */
const BITMAP = /^[A-Za-z0-9+/]{683}=$/;

/** One info request on a fresh connection; returns the raw reply text. */
async function infoRaw(port: number, commands: string[]): Promise<string> {
  const socket = net.connect({ host: '127.0.0.1', port });
  try {
    await once(socket, 'connect');
    const reply = new Promise<string>((resolve, reject) => {
      const reader = new FrameReader();
      socket.on('data', (chunk: Buffer) => {
        try {
          reader.push(chunk, (type, body) => {
            if (type !== ProtoType.INFO) reject(new Error(`reply of type ${type}`));
            else resolve(body.toString('utf8'));
          });
        } catch (err) {
          reject(err as Error);
        }
      });
      socket.once('error', reject);
      socket.once('close', () => reject(new Error('closed before replying')));
    });
    socket.write(encodeInfoRequest(commands));
    return await reply;
  } finally {
    socket.destroy();
  }
}

/** Reply lines as `[name, value]`, in order. */
async function infoLines(port: number, commands: string[]): Promise<Array<[string, string]>> {
  const raw = await infoRaw(port, commands);
  expect(raw.endsWith('\n')).toBe(true);
  return raw
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      const tab = line.indexOf('\t');
      return [line.slice(0, tab), line.slice(tab + 1)] as [string, string];
    });
}

async function info(port: number, command: string): Promise<string> {
  const lines = await infoLines(port, [command]);
  expect(lines.map(([n]) => n)).toEqual([command]);
  return lines[0]![1];
}

interface Peers {
  generation: number;
  defaultPort: number;
  peers: Array<{ name: string; tlsName: string; addresses: string[] }>;
}

/** Parses `peers-clear-std`: `gen,defaultPort,[[name,tlsName,[host[:port],…]],…]`. */
function parsePeers(text: string): Peers {
  const m = /^(\d+),(\d+),\[(.*)\]$/.exec(text);
  if (m === null) throw new Error(`bad peers reply "${text}"`);
  const defaultPort = Number(m[2]);
  const peers: Peers['peers'] = [];
  const body = m[3]!;
  const item = /\[([0-9A-F]+),([^,[\]]*),\[([^\]]*)\]\]/g;
  let consumed = '';
  for (let e = item.exec(body); e !== null; e = item.exec(body)) {
    consumed += (consumed === '' ? '' : ',') + e[0];
    // A host without a port uses the default port.
    const addresses = e[3]!.split(',').map((a) => (/:\d+$/.test(a) ? a : `${a}:${defaultPort}`));
    peers.push({ name: e[1]!, tlsName: e[2]!, addresses });
  }
  expect(consumed).toBe(body);
  return { generation: Number(m[1]), defaultPort, peers };
}

interface Replicas {
  regime: number;
  /** bitmaps[r] = the partitions this node holds as replica r. */
  bitmaps: Buffer[];
}

/** Parses `replicas`: `ns:regime,count,b64,…;…`. */
function parseReplicas(text: string): Map<string, Replicas> {
  const out = new Map<string, Replicas>();
  for (const part of text.split(';')) {
    const colon = part.indexOf(':');
    const [regime, count, ...bitmaps] = part.slice(colon + 1).split(',');
    expect(Number(count)).toBe(bitmaps.length);
    for (const b of bitmaps) expect(b).toMatch(BITMAP);
    out.set(part.slice(0, colon), { regime: Number(regime), bitmaps: bitmaps.map((b) => Buffer.from(b, 'base64')) });
  }
  return out;
}

function has(bitmap: Buffer, pid: number): boolean {
  return (bitmap[pid >> 3]! & (0x80 >> (pid & 7))) !== 0;
}

describe('info answers of a single node, against the real server formats', () => {
  let cluster: MemoryCluster;
  let port: number;
  beforeAll(async () => {
    cluster = await startMemoryCluster({ nodes: 1 });
    port = cluster.nodes[0]!.port;
  });
  afterAll(() => cluster?.close());

  it('node, build, partition-generation, peers-generation', async () => {
    expect(await info(port, 'node')).toBe(cluster.nodes[0]!.name);
    expect(await info(port, 'node')).toMatch(/^[0-9A-F]+$/);
    expect(await info(port, 'build')).toBe('8.1.2.0');
    expect(await info(port, 'partition-generation')).toMatch(/^\d+$/);
    expect(await info(port, 'peers-generation')).toMatch(/^\d+$/);
    expect(await info(port, 'version')).toMatch(/^Aerospike (Community|Enterprise) Edition build 8\.1\.2\.0$/);
  });

  it('peers-clear-std of a single node is "gen,port,[]"', async () => {
    const text = await info(port, 'peers-clear-std');
    expect(text).toMatch(/^\d+,\d+,\[\]$/);
    expect(parsePeers(text).peers).toEqual([]);
  });

  it('replicas: regime 0 and one replica per namespace (count 1 on a single node despite RF 2)', async () => {
    const text = await info(port, 'replicas');
    expect(text).toMatch(/^test:0,1,[A-Za-z0-9+/=]{684};bar:0,1,[A-Za-z0-9+/=]{684}$/);
    const replicas = parseReplicas(text);
    for (const ns of ['test', 'bar']) {
      const r = replicas.get(ns)!;
      expect(r.regime).toBe(0);
      expect(r.bitmaps).toHaveLength(1);
      // The one node masters every partition: all bits set, as the real single node's "////…".
      expect(r.bitmaps[0]!.equals(Buffer.alloc(512, 0xff))).toBe(true);
    }
  });

  it('replicas-all and replicas-master', async () => {
    expect(await info(port, 'replicas-all')).toMatch(/^test:1,[A-Za-z0-9+/=]{684};bar:1,[A-Za-z0-9+/=]{684}$/);
    expect(await info(port, 'replicas-master')).toMatch(/^test:[A-Za-z0-9+/=]{684};bar:[A-Za-z0-9+/=]{684}$/);
  });

  it('namespaces and namespace/<ns>', async () => {
    expect(await info(port, 'namespaces')).toBe('test;bar');
    const stats = Object.fromEntries((await info(port, 'namespace/test')).split(';').map((kv) => kv.split('=') as [string, string]));
    expect(stats).toMatchObject({
      ns_cluster_size: '1',
      effective_replication_factor: '1',
      objects: '0',
      tombstones: '0',
      'replication-factor': '2',
      'default-ttl': '0',
      'max-record-size': '1048576',
      'storage-engine': 'memory',
    });
    expect(await info(port, 'namespace/nosuchns')).toBe('type=unknown');
  });

  it('an unknown command answers ERROR:4:unrecognized command, on the command\'s own line', async () => {
    expect(await infoRaw(port, ['no-such-command'])).toBe('no-such-command\tERROR:4:unrecognized command\n');
  });

  it('a multi-command request answers one line per command, in order', async () => {
    const lines = await infoLines(port, ['build', 'node', 'no-such-command', 'namespaces']);
    expect(lines).toEqual([
      ['build', '8.1.2.0'],
      ['node', cluster.nodes[0]!.name],
      ['no-such-command', 'ERROR:4:unrecognized command'],
      ['namespaces', 'test;bar'],
    ]);
  });

  it('an empty request answers the default set, in the server\'s order', async () => {
    const lines = await infoLines(port, []);
    const names = lines.map(([n]) => n);
    const server = SERVER_DEFAULT_INFO_SET;
    // Every name is one the server sends, in the server's order…
    const positions = names.map((n) => server.indexOf(n));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // …and the ones clients rely on are there.
    expect(names).toEqual(expect.arrayContaining(['features', 'node', 'build', 'partition-generation']));
    const map = new Map(lines);
    expect(map.get('node')).toBe(cluster.nodes[0]!.name);
    expect(map.get('build')).toBe('8.1.2.0');
    expect(map.get('features')).toContain('peers');
    expect(map.get('partition-generation')).toMatch(/^\d+$/);
  });

  it('cluster-name, service-clear-std, racks, statistics', async () => {
    expect(await info(port, 'cluster-name')).toBe('null');
    expect(await info(port, 'service-clear-std')).toBe(`127.0.0.1:${port}`);
    expect(await info(port, 'statistics')).toMatch(/(^|;)cluster_size=1(;|$)/);
  });
});

describe('a 3-node cluster', () => {
  let cluster: MemoryCluster;
  beforeAll(async () => {
    cluster = await startMemoryCluster({
      nodes: 3,
      namespaces: ['test', { name: 'rf3', replicationFactor: 3 }, { name: 'rf1', replicationFactor: 1 }],
    });
  });
  afterAll(() => cluster?.close());

  it('peers-clear-std lists the two other nodes with addresses that reach them', async () => {
    for (const node of cluster.nodes) {
      const peers = parsePeers(await info(node.port, 'peers-clear-std'));
      const others = cluster.nodes.filter((n) => n !== node);
      expect(peers.peers.map((p) => p.name).sort()).toEqual(others.map((n) => n.name).sort());
      for (const p of peers.peers) {
        const target = others.find((n) => n.name === p.name)!;
        expect(p.tlsName).toBe('');
        expect(p.addresses).toEqual([`127.0.0.1:${target.port}`]);
      }
      // Every node reports the same peers generation.
      expect(peers.generation).toBe(Number(await info(cluster.nodes[0]!.port, 'peers-generation')));
    }
  });

  it('every partition has exactly one master and RF-1 proles, each on a different node', async () => {
    const byNode = new Map<string, Map<string, Replicas>>();
    for (const node of cluster.nodes) byNode.set(node.name, parseReplicas(await info(node.port, 'replicas')));
    const nodes = [...byNode];
    for (const [ns, rf] of [['test', 2], ['rf3', 3], ['rf1', 1]] as const) {
      const masters = new Map<string, number>();
      const problems: string[] = [];
      for (const [, replicas] of nodes) expect(replicas.get(ns)!.bitmaps).toHaveLength(rf);
      for (let pid = 0; pid < PARTITIONS; pid++) {
        const holders: string[] = [];
        for (let r = 0; r < rf; r++) {
          const at = nodes.filter(([, replicas]) => has(replicas.get(ns)!.bitmaps[r]!, pid)).map(([name]) => name);
          if (at.length !== 1) problems.push(`${ns} pid ${pid} replica ${r} on [${at.join(',')}]`);
          holders.push(...at);
        }
        if (new Set(holders).size !== rf) problems.push(`${ns} pid ${pid}: replicas on [${holders.join(',')}]`);
        masters.set(holders[0]!, (masters.get(holders[0]!) ?? 0) + 1);
      }
      expect(problems.slice(0, 10)).toEqual([]);
      // Masters spread evenly.
      expect(masters.size).toBe(3);
      for (const count of masters.values()) expect(Math.abs(count - PARTITIONS / 3)).toBeLessThan(2);
    }
  });

  it('namespace/<ns> reports the cluster size and the effective replication factor', async () => {
    const stats = (text: string) => Object.fromEntries(text.split(';').map((kv) => kv.split('=') as [string, string]));
    const port = cluster.nodes[1]!.port;
    expect(stats(await info(port, 'namespace/test'))).toMatchObject({ ns_cluster_size: '3', effective_replication_factor: '2' });
    expect(stats(await info(port, 'namespace/rf3'))).toMatchObject({ ns_cluster_size: '3', effective_replication_factor: '3' });
  });

  it('stopNode/startNode keep the port and change partition-generation and peers', async () => {
    const node = cluster.nodes[2]!;
    const port = node.port;
    const survivor = cluster.nodes[0]!.port;
    const gen0 = Number(await info(survivor, 'partition-generation'));
    const peersGen0 = parsePeers(await info(survivor, 'peers-clear-std')).generation;

    await cluster.stopNode(2);
    expect(node.running).toBe(false);
    await expect(infoRaw(port, ['node'])).rejects.toThrow(/ECONNREFUSED/);
    const gen1 = Number(await info(survivor, 'partition-generation'));
    expect(gen1).not.toBe(gen0);
    const peers1 = parsePeers(await info(survivor, 'peers-clear-std'));
    expect(peers1.generation).not.toBe(peersGen0);
    expect(peers1.peers.map((p) => p.name)).toEqual([cluster.nodes[1]!.name]);
    // The two survivors now own every partition between them.
    const r0 = parseReplicas(await info(survivor, 'replicas')).get('test')!;
    const r1 = parseReplicas(await info(cluster.nodes[1]!.port, 'replicas')).get('test')!;
    const orphans: number[] = [];
    for (let pid = 0; pid < PARTITIONS; pid++) if (has(r0.bitmaps[0]!, pid) === has(r1.bitmaps[0]!, pid)) orphans.push(pid);
    expect(orphans).toEqual([]);

    await cluster.startNode(2);
    expect(node.running).toBe(true);
    expect(node.port).toBe(port);
    expect(await info(port, 'node')).toBe(node.name);
    const gen2 = Number(await info(survivor, 'partition-generation'));
    expect(gen2).not.toBe(gen1);
    expect(parsePeers(await info(survivor, 'peers-clear-std')).peers).toHaveLength(2);
  });
});

describe('a memory cluster in a child process', () => {
  it('stopNode/startNode keep the port; partition-generation changes each time', async () => {
    const proc = await startMemoryClusterProcess({ nodes: 3 });
    try {
      const ports = proc.nodes.map((n) => n.port);
      expect(proc.hosts).toBe(ports.map((p) => `127.0.0.1:${p}`).join(','));
      const gen0 = await info(ports[0]!, 'partition-generation');

      const afterStop = await proc.stopNode(1);
      expect(afterStop.map((n) => [n.port, n.running])).toEqual([
        [ports[0], true],
        [ports[1], false],
        [ports[2], true],
      ]);
      expect(proc.hosts).toBe(`127.0.0.1:${ports[0]},127.0.0.1:${ports[2]}`);
      const gen1 = await info(ports[0]!, 'partition-generation');
      expect(gen1).not.toBe(gen0);

      const afterStart = await proc.startNode(proc.nodes[1]!.name);
      expect(afterStart.map((n) => n.port)).toEqual(ports);
      expect(afterStart.every((n) => n.running)).toBe(true);
      expect(await info(ports[1]!, 'node')).toBe(proc.nodes[1]!.name);
      const gen2 = await info(ports[0]!, 'partition-generation');
      expect(gen2).not.toBe(gen1);
    } finally {
      await proc.close();
    }
  });
});

describe('the command line', () => {
  function run(args: string[]): ChildProcess {
    return spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  }

  async function exit(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const [code] = (await once(child, 'close')) as [number | null];
    return { code, stdout, stderr };
  }

  /** Resolves with the listening lines once `count` nodes listen. */
  function listening(child: ChildProcess, count: number): Promise<string[]> {
    return new Promise((resolve, reject) => {
      let out = '';
      const onData = (d: Buffer): void => {
        out += d.toString();
        const lines = out.split('\n').filter((l) => l.startsWith('listening on '));
        if (lines.length >= count) {
          child.stdout!.off('data', onData);
          resolve(lines);
        }
      };
      child.stdout!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`exited with ${code} before listening: ${out}`)));
    });
  }

  it('--port 0 prints "listening on 127.0.0.1:<port>", serves info, and exits 0 on SIGTERM', async () => {
    const child = run(['--port', '0']);
    try {
      const [line] = await listening(child, 1);
      const m = /^listening on 127\.0\.0\.1:(\d+)/.exec(line!);
      expect(m).not.toBeNull();
      const port = Number(m![1]);
      expect(port).toBeGreaterThan(0);
      expect(await info(port, 'namespaces')).toBe('test;bar');
      const done = exit(child);
      child.kill('SIGTERM');
      const { code } = await done;
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('--nodes 3 --namespace app prints one line per node, each a peer of the others', async () => {
    const child = run(['--port', '0', '--nodes', '3', '--namespace', 'app', '--cluster-name', 'dev']);
    try {
      const lines = await listening(child, 3);
      const ports = lines.map((l) => Number(/:(\d+)/.exec(l)![1]));
      expect(new Set(ports).size).toBe(3);
      expect(await info(ports[0]!, 'namespaces')).toBe('app');
      expect(await info(ports[1]!, 'cluster-name')).toBe('dev');
      expect(parsePeers(await info(ports[2]!, 'peers-clear-std')).peers).toHaveLength(2);
      const done = exit(child);
      child.kill('SIGINT');
      expect((await done).code).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it.each([
    [['--nodes', '0'], /--nodes must be 1\.\.64/],
    [['--port', 'abc'], /--port must be 0\.\.65535/],
    [['--port', '70000'], /--port must be 0\.\.65535/],
    [['--bogus'], /Unknown option '--bogus'/],
  ])('bad arguments %j exit with code 2 and the usage', async (args, message) => {
    const { code, stdout, stderr } = await exit(run(args));
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain('Usage: aerospike-memory-cluster');
    expect(stdout).toBe('');
  });

  it('--help prints the usage and exits 0', async () => {
    const { code, stdout } = await exit(run(['--help']));
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: aerospike-memory-cluster');
  });
});
