/**
 * parsePeers, parseReplicas and PartitionMaps on hand-written values: the
 * forms the captured single-node and 3-node clusters do not show (IPv6, TLS
 * names, several addresses, regime-less replicas) and malformed values.
 */

import { describe, expect, it } from 'vitest';
import { hasPartition, PartitionMaps, parseReplicas, type ReplicasEntry, setPartition } from '../../src/cluster/partitions.js';
import { parsePeers, splitHostPort } from '../../src/cluster/peers.js';
import { ProtocolError } from '../../src/errors.js';

const addr = (host: string, port: number) => ({ host, port });

function expectProtocolError(fn: () => unknown, input: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected a ProtocolError for ${JSON.stringify(input.slice(0, 80))}`).toBeInstanceOf(ProtocolError);
}

describe('parsePeers', () => {
  it('reads TLS names, IPv6 addresses with and without port, and several addresses per peer', () => {
    const value =
      '12,4333,[[BB9020011AC4202,tls.example.com,[10.0.0.1,[2001:db8::1]:4000,[::1]]],[BB9030011AC4202,,[host.example:3100,::1]]]';
    expect(parsePeers(value)).toEqual({
      generation: 12,
      peers: [
        {
          nodeName: 'BB9020011AC4202',
          tlsName: 'tls.example.com',
          addresses: [addr('10.0.0.1', 4333), addr('2001:db8::1', 4000), addr('::1', 4333)],
        },
        {
          nodeName: 'BB9030011AC4202',
          tlsName: undefined,
          // A bare IPv6 address has several colons, so none of them starts a port.
          addresses: [addr('host.example', 3100), addr('::1', 4333)],
        },
      ],
    });
  });

  it('defaults an empty default port to 3000 and accepts a peer without addresses', () => {
    expect(parsePeers('3,,[[A1,,[127.0.0.1]]]').peers[0]!.addresses).toEqual([addr('127.0.0.1', 3000)]);
    expect(parsePeers('3,3000,[[A1,,[]]]').peers).toEqual([{ nodeName: 'A1', tlsName: undefined, addresses: [] }]);
  });

  it('rejects malformed values with ProtocolError', () => {
    for (const bad of [
      '',
      '0',
      '0,3000',
      ',3000,[]',
      '-1,3000,[]',
      'x,3000,[]',
      '1.5,3000,[]',
      '0,0,[]',
      '0,65536,[]',
      '0,port,[]',
      '0,3000,',
      '0,3000,A1',
      '0,3000,[',
      '0,3000,[[A1,,[127.0.0.1]]',
      '0,3000,[[A1,[127.0.0.1]]]',
      '0,3000,[[A1,,127.0.0.1]]',
      '0,3000,[[[A1],,[127.0.0.1]]]',
      '0,3000,[[A1,,[127.0.0.1:0]]]',
      '0,3000,[[A1,,[127.0.0.1:70000]]]',
      '0,3000,[[A1,,[127.0.0.1:]]]',
      '0,3000,[[A1,,[:3000]]]',
      '0,3000,[[A1,,[[::1]:x]]]',
      '0,3000,[[A1,,[[::1]]]',
      '0,3000,[[A1,,[[::1]]]]]',
      // Text after the list: a value with a stray bracket must not lose the peers after it.
      '0,3000,[]x',
      '4,3000,[[A2,,[127.0.0.1:3010]]],[A3,,[127.0.0.1:3020]]]',
    ]) {
      expectProtocolError(() => parsePeers(bad), bad);
    }
  });

  it('splitHostPort handles every address form', () => {
    expect(splitHostPort('h', 1)).toEqual(addr('h', 1));
    expect(splitHostPort('h:2', 1)).toEqual(addr('h', 2));
    expect(splitHostPort('[fe80::1%eth0]:3', 1)).toEqual(addr('fe80::1%eth0', 3));
    expect(splitHostPort('[fe80::1]', 1)).toEqual(addr('fe80::1', 1));
    expectProtocolError(() => splitHostPort('', 1), '');
    expectProtocolError(() => splitHostPort('h:65536', 1), 'h:65536');
  });
});

function bitmap(pids: Iterable<number>): Buffer {
  const b = Buffer.alloc(512);
  for (const pid of pids) setPartition(b, pid);
  return b;
}
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const b64 = (pids: Iterable<number>) => bitmap(pids).toString('base64');

describe('replicas bitmaps', () => {
  it('use the bit order of the info protocol: pid p is byte p>>3, mask 0x80>>(p&7)', () => {
    expect(bitmap([0])[0]).toBe(0x80);
    expect(bitmap([7])[0]).toBe(0x01);
    expect(bitmap([8])[1]).toBe(0x80);
    expect(bitmap([4095])[511]).toBe(0x01);
    const b = bitmap([1, 100, 4094]);
    expect(range(0, 4096).filter((p) => hasPartition(b, p))).toEqual([1, 100, 4094]);
  });
});

describe('parseReplicas', () => {
  it('reads the form with a regime, the form without, and several namespaces', () => {
    const value = `test:3,2,${b64([0, 1])},${b64([2])};bar:1,${b64(range(0, 4096))};`;
    const entries = parseReplicas(value);
    expect(entries.map((e) => [e.namespace, e.regime, e.bitmaps.length])).toEqual([
      ['test', 3, 2],
      ['bar', 0, 1],
    ]);
    expect(entries[0]!.bitmaps[0]!.equals(bitmap([0, 1]))).toBe(true);
    expect(entries[0]!.bitmaps[1]!.equals(bitmap([2]))).toBe(true);
    expect(parseReplicas('')).toEqual([]);
    expect(parseReplicas('test:0')).toEqual([{ namespace: 'test', regime: 0, bitmaps: [] }]);
  });

  it('rejects malformed values with ProtocolError', () => {
    const ok = b64([5]);
    for (const bad of [
      `:1,${ok}`,
      `test1,${ok}`,
      'test:',
      `test:x,${ok}`,
      `test:-1,${ok}`,
      `test:2,${ok}`,
      `test:0,2,${ok}`,
      `test:1,${ok},${ok}`,
      'test:1,AAAA',
      `test:1,${ok.slice(0, -4)}`,
      `test:257,${ok}`,
      `test:4294967296,1,${ok}`,
    ]) {
      expectProtocolError(() => parseReplicas(bad), bad);
    }
  });
});

describe('PartitionMaps', () => {
  const entry = (namespace: string, ...replicas: number[][]): ReplicasEntry => ({
    namespace,
    regime: 0,
    bitmaps: replicas.map((pids) => bitmap(pids)),
  });

  it('gives each partition the node that claims it, per replica', () => {
    const maps = new PartitionMaps();
    maps.update('A', [entry('test', range(0, 2048), range(2048, 4096))]);
    maps.update('B', [entry('test', range(2048, 4096), range(0, 2048))]);
    const m = maps.get('test')!;
    expect(m.replicas[0]![0]).toBe('A');
    expect(m.replicas[0]![4095]).toBe('B');
    expect(m.replicas[1]![0]).toBe('B');
    expect(m.replicas[1]![4095]).toBe('A');
    expect(maps.ownership('A')).toEqual({ test: 2048 });
    expect(maps.namespaces()).toEqual(['test']);
    expect(maps.get('bar')).toBeUndefined();
  });

  it('clears what a node no longer claims: partitions, replica levels and namespaces', () => {
    const maps = new PartitionMaps();
    maps.update('A', [entry('test', [1, 2, 3], [4]), entry('bar', [1])]);
    maps.update('A', [entry('test', [1])]);
    const m = maps.get('test')!;
    expect(m.replicas[0]!.flatMap((o, p) => (o === 'A' ? [p] : []))).toEqual([1]);
    expect(m.replicas[1]!.every((o) => o === undefined)).toBe(true);
    expect(maps.get('bar')!.replicas[0]!.every((o) => o === undefined)).toBe(true);
  });

  it('does not clear partitions another node has taken over', () => {
    const maps = new PartitionMaps();
    maps.update('A', [entry('test', [1, 2])]);
    maps.update('B', [entry('test', [2])]);
    maps.update('A', [entry('test', [])]);
    expect(maps.get('test')!.replicas[0]![2]).toBe('B');
    expect(maps.get('test')!.replicas[0]![1]).toBeUndefined();
  });

  it('keeps the highest regime and forgets a removed node', () => {
    const maps = new PartitionMaps();
    maps.update('A', [{ namespace: 'sc', regime: 5, bitmaps: [bitmap([0])] }]);
    maps.update('B', [{ namespace: 'sc', regime: 3, bitmaps: [bitmap([1])] }]);
    expect(maps.get('sc')!.regime).toBe(5);
    maps.removeNode('A');
    expect(maps.ownership('A')).toEqual({ sc: 0 });
    expect(maps.ownership('B')).toEqual({ sc: 1 });
  });
});
