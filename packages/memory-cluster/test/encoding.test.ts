/**
 * Our request encodings against the official client's, command by command.
 *
 * Each scenario runs the official client's call against one memory-cluster
 * process and our equivalent call against another (both with `capture: true`,
 * both clusters seeing the same sequence of commands, so outcomes match too),
 * takes the one AS_MSG frame (type 3) each client sent, decodes both into a
 * canonical form (header bits, generation, TTL slots, fields, ops) and
 * requires them to be equal. Where the two clients legitimately differ, the
 * scenario names the difference and the test checks exactly that difference
 * and nothing else.
 */

import { Client, Double, GeoJSON, InvalidArgumentError, ops } from '@aerospike-ts/core';
import { type MemoryClusterProcess, startMemoryClusterProcess } from '@aerospike-ts/memory-cluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CanonicalMessage, type Mp, compareKeys, decodeRequest, parseMsgpack } from './support/as-msg.js';
import { type OfficialClient, connectOfficial, loadOfficialClient, outcome } from './support/official.js';

const A = loadOfficialClient();
const NS = 'test';
const SET = 'enc';
const K = [NS, SET, 'k'] as const;
const OK = new A.Key(NS, SET, 'k');

/**
 * A difference the test accepts between the official client's request and ours.
 *
 * - `js-map-order`: the official client sends a JavaScript `Map` as a
 *   KEY_ORDERED map (the `c7 00 01` + nil marker pair first, entries sorted
 *   by key), while ours sends a `Map` as an UNORDERED map with its entries in
 *   insertion order (plain objects are KEY_ORDERED in both). `maps` is how
 *   many maps in the request differ that way; the entries must be the same.
 * - `txn-ttl`: the transaction-TTL slot (server-side timeout) differs. The
 *   official client sends the total timeout there, 0 when the total timeout
 *   is 0; ours sends the socket timeout unless the total timeout is tighter,
 *   so with `totalTimeout: 0` the server still gets the per-attempt limit.
 */
type Allowed = { kind: 'js-map-order'; maps: number } | { kind: 'txn-ttl'; official: number; ours: number };

interface Scenario {
  name: string;
  official: (c: OfficialClient) => Promise<unknown>;
  ours: (c: Client) => Promise<unknown>;
  allow?: Allowed;
  /** Result code both must end with (0 = success). */
  rc?: number;
}

/** Our remove resolves false for a missing record; the official client rejects with 2. Align them. */
async function oursRemove(c: Client, policy?: Parameters<Client['remove']>[1]): Promise<void> {
  if (!(await c.remove(K, policy))) throw Object.assign(new Error('not found'), { resultCode: 2 });
}

const MIXED_LIST = [true, false, null, -1, -200, 70_000, 2n ** 40n, 'a'.repeat(40), 1.25, { k: 1 }, Buffer.from([1]), 2n ** 63n - 1n];
const NESTED_MAP = { z: 1, a: { b: [1, { c: 'd' }], e: {} }, 'é': 2, '\u{1F600}': 3, '\uE000': 4, B: 5, '': 6 };

const scenarios: Scenario[] = [
  // Puts, one per value type.
  { name: 'put int', official: (c) => c.put(OK, { i: 42 }), ours: (c) => c.put(K, { i: 42 }) },
  { name: 'put negative int', official: (c) => c.put(OK, { i: -7 }), ours: (c) => c.put(K, { i: -7 }) },
  { name: 'put int64 max', official: (c) => c.put(OK, { i: 2n ** 63n - 1n }), ours: (c) => c.put(K, { i: 2n ** 63n - 1n }) },
  { name: 'put int64 min', official: (c) => c.put(OK, { i: -(2n ** 63n) }), ours: (c) => c.put(K, { i: -(2n ** 63n) }) },
  { name: 'put unsafe integral number', official: (c) => c.put(OK, { i: 2 ** 60 }), ours: (c) => c.put(K, { i: 2 ** 60 }) },
  { name: 'put double', official: (c) => c.put(OK, { d: 1.5 }), ours: (c) => c.put(K, { d: 1.5 }) },
  { name: 'put Double(2.0)', official: (c) => c.put(OK, { d: new A.Double(2) }), ours: (c) => c.put(K, { d: new Double(2) }) },
  { name: 'put NaN and Infinity', official: (c) => c.put(OK, { n: Number.NaN, inf: -Infinity }), ours: (c) => c.put(K, { n: Number.NaN, inf: -Infinity }) },
  { name: 'put string', official: (c) => c.put(OK, { s: 'héllo 😀' }), ours: (c) => c.put(K, { s: 'héllo 😀' }) },
  { name: 'put empty string', official: (c) => c.put(OK, { s: '' }), ours: (c) => c.put(K, { s: '' }) },
  { name: 'put bytes', official: (c) => c.put(OK, { b: Buffer.from([0, 1, 255]) }), ours: (c) => c.put(K, { b: Buffer.from([0, 1, 255]) }) },
  { name: 'put bool', official: (c) => c.put(OK, { t: true, f: false }), ours: (c) => c.put(K, { t: true, f: false }) },
  { name: 'put list', official: (c) => c.put(OK, { l: MIXED_LIST }), ours: (c) => c.put(K, { l: MIXED_LIST }) },
  { name: 'put nested list', official: (c) => c.put(OK, { l: [[1, [2, [3]]], [], 'x'.repeat(300)] }), ours: (c) => c.put(K, { l: [[1, [2, [3]]], [], 'x'.repeat(300)] }) },
  { name: 'put object map', official: (c) => c.put(OK, { m: NESTED_MAP }), ours: (c) => c.put(K, { m: NESTED_MAP }) },
  { name: 'put empty list and map', official: (c) => c.put(OK, { l: [], m: {} }), ours: (c) => c.put(K, { l: [], m: {} }) },
  {
    name: 'put geojson',
    official: (c) => c.put(OK, { g: new A.GeoJSON({ type: 'Point', coordinates: [103.9, 1.3] }) }),
    ours: (c) => c.put(K, { g: new GeoJSON({ type: 'Point', coordinates: [103.9, 1.3] }) }),
  },
  {
    name: 'put JS Map with string keys',
    official: (c) => c.put(OK, { m: new Map([['b', 1], ['a', 2]]) }),
    ours: (c) => c.put(K, { m: new Map([['b', 1], ['a', 2]]) }),
    allow: { kind: 'js-map-order', maps: 1 },
  },
  {
    name: 'put JS Map with integer keys',
    official: (c) => c.put(OK, { m: new Map([[2, 'x'], [1, 'y'], [300, 'z']]) }),
    ours: (c) => c.put(K, { m: new Map([[2, 'x'], [1, 'y'], [300, 'z']]) }),
    allow: { kind: 'js-map-order', maps: 1 },
  },
  {
    name: 'put JS Map nested in a list and an object',
    official: (c) => c.put(OK, { l: [new Map([[3, 1]]), { o: new Map([['y', 1], ['x', 2]]) }] }),
    ours: (c) => c.put(K, { l: [new Map([[3, 1]]), { o: new Map([['y', 1], ['x', 2]]) }] }),
    allow: { kind: 'js-map-order', maps: 2 },
  },
  {
    name: 'put several bins, null deletes a bin',
    official: (c) => c.put(OK, { b: 1, a: 'x', c: [1], i: null }),
    ours: (c) => c.put(K, { b: 1, a: 'x', c: [1], i: null }),
  },
  {
    name: 'put with a non-ASCII bin name',
    official: (c) => c.put(OK, { 'bïn': 1 }),
    ours: (c) => c.put(K, { 'bïn': 1 }),
  },

  // Keys.
  {
    name: 'put sendKey string',
    official: (c) => c.put(OK, { i: 1 }, null, { key: A.policy.key.SEND }),
    ours: (c) => c.put(K, { i: 1 }, { sendKey: true }),
  },
  {
    name: 'put sendKey integer',
    official: (c) => c.put(new A.Key(NS, SET, 1234567890123), { i: 1 }, null, { key: A.policy.key.SEND }),
    ours: (c) => c.put([NS, SET, 1234567890123], { i: 1 }, { sendKey: true }),
  },
  {
    name: 'put sendKey bytes',
    official: (c) => c.put(new A.Key(NS, SET, Buffer.from([1, 2, 3])), { i: 1 }, null, { key: A.policy.key.SEND }),
    ours: (c) => c.put([NS, SET, Buffer.from([1, 2, 3])], { i: 1 }, { sendKey: true }),
  },
  {
    name: 'put without a set (empty SET field)',
    official: (c) => c.put(new A.Key(NS, null, 'k'), { i: 1 }),
    ours: (c) => c.put([NS, null, 'k'], { i: 1 }),
  },

  // Write policies.
  { name: 'put ttl 100', official: (c) => c.put(OK, { i: 1 }, { ttl: 100 }), ours: (c) => c.put(K, { i: 1 }, { ttl: 100 }) },
  { name: 'put ttl -1 (never expire)', official: (c) => c.put(OK, { i: 1 }, { ttl: -1 }), ours: (c) => c.put(K, { i: 1 }, { ttl: -1 }) },
  { name: 'put ttl -2 (do not update)', official: (c) => c.put(OK, { i: 1 }, { ttl: -2 }), ours: (c) => c.put(K, { i: 1 }, { ttl: -2 }) },
  {
    name: 'put gen EQ mismatch',
    official: (c) => c.put(OK, { i: 1 }, { gen: 3 }, { gen: A.policy.gen.EQ }),
    ours: (c) => c.put(K, { i: 1 }, { gen: 'expectEqual', generation: 3 }),
    rc: 3,
  },
  {
    name: 'put gen GT',
    official: (c) => c.put(OK, { i: 1 }, { gen: 999 }, { gen: A.policy.gen.GT }),
    ours: (c) => c.put(K, { i: 1 }, { gen: 'expectGreater', generation: 999 }),
  },
  {
    name: 'put create-only on existing',
    official: (c) => c.put(OK, { i: 1 }, null, { exists: A.policy.exists.CREATE }),
    ours: (c) => c.put(K, { i: 1 }, { exists: 'createOnly' }),
    rc: 5,
  },
  {
    name: 'put update-only',
    official: (c) => c.put(OK, { i: 1 }, null, { exists: A.policy.exists.UPDATE }),
    ours: (c) => c.put(K, { i: 1 }, { exists: 'updateOnly' }),
  },
  {
    name: 'put replace-only',
    official: (c) => c.put(OK, { i: 1 }, null, { exists: A.policy.exists.REPLACE }),
    ours: (c) => c.put(K, { i: 1 }, { exists: 'replaceOnly' }),
  },
  {
    name: 'put create-or-replace',
    official: (c) => c.put(OK, { i: 1 }, null, { exists: A.policy.exists.CREATE_OR_REPLACE }),
    ours: (c) => c.put(K, { i: 1 }, { exists: 'replace' }),
  },
  {
    name: 'put commit level master',
    official: (c) => c.put(OK, { i: 1 }, null, { commitLevel: A.policy.commitLevel.MASTER }),
    ours: (c) => c.put(K, { i: 1 }, { commitLevel: 'master' }),
  },
  {
    name: 'put totalTimeout 250',
    official: (c) => c.put(OK, { i: 1 }, null, { totalTimeout: 250 }),
    ours: (c) => c.put(K, { i: 1 }, { totalTimeout: 250 }),
  },

  // Reads.
  { name: 'get all bins', official: (c) => c.get(OK), ours: (c) => c.get(K) },
  { name: 'get selected bins', official: (c) => c.select(OK, ['i', 's', 'missing']), ours: (c) => c.get(K, ['i', 's', 'missing']) },
  { name: 'exists', official: (c) => c.exists(OK), ours: (c) => c.exists(K) },
  { name: 'exists with metadata / getHeader', official: (c) => c.existsWithMetadata(OK), ours: (c) => c.getHeader(K) },
  {
    name: 'get with readModeAP ALL',
    official: (c) => c.get(OK, { readModeAP: A.policy.readModeAP.ALL }),
    ours: (c) => c.get(K, undefined, { readModeAP: 'all' }),
  },
  {
    name: 'get with sendKey',
    official: (c) => c.get(OK, { key: A.policy.key.SEND }),
    ours: (c) => c.get(K, undefined, { sendKey: true }),
  },
  {
    name: 'get with socketTimeout 100 < totalTimeout 1000',
    official: (c) => c.get(OK, { socketTimeout: 100, totalTimeout: 1000 }),
    ours: (c) => c.get(K, undefined, { socketTimeout: 100, totalTimeout: 1000 }),
  },
  {
    name: 'get with socketTimeout 100, totalTimeout 0',
    official: (c) => c.get(OK, { socketTimeout: 100, totalTimeout: 0 }),
    ours: (c) => c.get(K, undefined, { socketTimeout: 100, totalTimeout: 0 }),
    allow: { kind: 'txn-ttl', official: 0, ours: 100 },
  },

  // Operate and its shortcuts.
  {
    name: 'operate with several ops',
    official: (c) =>
      c.operate(OK, [
        A.operations.incr('i', 2),
        A.operations.read('i'),
        A.operations.write('s', 'a'),
        A.operations.append('s', 'b'),
        A.operations.prepend('s', 'c'),
        A.operations.read('s'),
      ]),
    ours: (c) => c.operate(K, [ops.add('i', 2), ops.read('i'), ops.write('s', 'a'), ops.append('s', 'b'), ops.prepend('s', 'c'), ops.read('s')]),
  },
  {
    name: 'operate write then read the same bin',
    official: (c) => c.operate(OK, [A.operations.write('w', 5), A.operations.read('w')]),
    ours: (c) => c.operate(K, [ops.write('w', 5), ops.read('w')]),
  },
  {
    name: 'operate read only',
    official: (c) => c.operate(OK, [A.operations.read('i')]),
    ours: (c) => c.operate(K, [ops.read('i')]),
  },
  {
    name: 'operate incr by a float',
    official: (c) => c.operate(OK, [A.operations.incr('f', 1.5)]),
    ours: (c) => c.operate(K, [ops.add('f', 1.5)]),
  },
  {
    name: 'operate with ttl in the metadata',
    official: (c) => c.operate(OK, [A.operations.write('a', 1)], { ttl: 50 }),
    ours: (c) => c.operate(K, [ops.write('a', 1)], { ttl: 50 }),
  },
  {
    name: 'touch with a ttl (official: operate with op.touch)',
    official: (c) => c.operate(OK, [A.operations.touch(2000)]),
    ours: (c) => c.touch(K, { ttl: 2000 }),
  },
  {
    name: 'touch with the namespace default ttl',
    official: (c) => c.operate(OK, [A.operations.touch()]),
    ours: (c) => c.touch(K),
  },
  {
    name: 'operate touch + read',
    official: (c) => c.operate(OK, [A.operations.touch(300), A.operations.read('i')]),
    ours: (c) => c.operate(K, [ops.touch(), ops.read('i')], { ttl: 300 }),
  },
  { name: 'append', official: (c) => c.append(OK, { s: 'z' }), ours: (c) => c.append(K, { s: 'z' }) },
  { name: 'prepend', official: (c) => c.prepend(OK, { s: 'y' }), ours: (c) => c.prepend(K, { s: 'y' }) },
  { name: 'append bytes', official: (c) => c.append(OK, { b: Buffer.from([7]) }), ours: (c) => c.append(K, { b: Buffer.from([7]) }) },
  { name: 'incr', official: (c) => c.incr(OK, { i: 5 }), ours: (c) => c.add(K, { i: 5 }) },
  { name: 'incr of a string bin', official: (c) => c.incr(OK, { s: 1 }), ours: (c) => c.add(K, { s: 1 }), rc: 12 },

  // Removes.
  {
    name: 'remove gen EQ mismatch',
    official: (c) => c.remove(OK, { gen: A.policy.gen.EQ, generation: 1 }),
    ours: (c) => oursRemove(c, { gen: 'expectEqual', generation: 1 }),
    rc: 3,
  },
  { name: 'remove', official: (c) => c.remove(OK), ours: (c) => oursRemove(c) },
  { name: 'remove missing', official: (c) => c.remove(OK), ours: (c) => oursRemove(c), rc: 2 },
  { name: 'get missing', official: (c) => c.get(OK), ours: (c) => c.get(K), rc: 2 },
  { name: 'exists missing', official: (c) => c.exists(OK), ours: (c) => c.exists(K) },
  {
    name: 'remove with sendKey and durable delete',
    official: (c) => c.remove(OK, { key: A.policy.key.SEND, durableDelete: true }),
    ours: (c) => oursRemove(c, { sendKey: true, durableDelete: true }),
    rc: 2,
  },
];

let officialCluster: MemoryClusterProcess;
let oursCluster: MemoryClusterProcess;
let official: OfficialClient;
let ours: Client;

beforeAll(async () => {
  [officialCluster, oursCluster] = await Promise.all([
    startMemoryClusterProcess({ nodes: 1, capture: true }),
    startMemoryClusterProcess({ nodes: 1, capture: true }),
  ]);
  official = await connectOfficial(A, officialCluster.hosts);
  ours = await new Client({ hosts: oursCluster.hosts }).connect();
  // Drop what connecting sent.
  await Promise.all([officialCluster.captured(), oursCluster.captured()]);
});

afterAll(async () => {
  official?.close();
  await ours?.close();
  await Promise.all([officialCluster?.close(), oursCluster?.close()]);
});

/** The AS_MSG frames captured since the last call; info frames (tending) are skipped. */
async function messages(cluster: MemoryClusterProcess): Promise<CanonicalMessage[]> {
  return (await cluster.captured()).filter((f) => f.type === 3).map((f) => decodeRequest(Buffer.from(f.hex, 'hex')));
}

function withoutOpValues(m: CanonicalMessage): CanonicalMessage {
  return { ...m, ops: m.ops.map((o) => ({ ...o, value: '' })) };
}

/**
 * Compares two msgpack trees that may differ only by JS `Map`s sent as
 * KEY_ORDERED (official) vs UNORDERED (ours); returns how many maps differ.
 */
function compareMapOrder(official: Mp, ours: Mp, path: string): number {
  if (official.t === 'scalar' || ours.t === 'scalar') {
    expect(ours, path).toEqual(official);
    return 0;
  }
  expect(ours.t, path).toBe(official.t);
  if (official.t === 'list' && ours.t === 'list') {
    expect(ours.flags, path).toBe(official.flags);
    expect(ours.items.length, path).toBe(official.items.length);
    return official.items.reduce((n, item, i) => n + compareMapOrder(item, ours.items[i]!, `${path}[${i}]`), 0);
  }
  if (official.t !== 'map' || ours.t !== 'map') throw new Error('unreachable');
  expect(ours.entries.length, path).toBe(official.entries.length);
  let differing = 0;
  let oursEntries = ours.entries;
  if (official.flags !== ours.flags) {
    // The one accepted difference: official KEY_ORDERED (flag 1) with sorted entries, ours unordered.
    expect(official.flags, `${path}: official map order flags`).toBe(1);
    expect(ours.flags, `${path}: our map order flags`).toBeUndefined();
    const sortedOfficial = [...official.entries].sort((a, b) => compareKeys(a[0], b[0]));
    expect(official.entries, `${path}: official entries are sorted by key`).toEqual(sortedOfficial);
    oursEntries = [...ours.entries].sort((a, b) => compareKeys(a[0], b[0]));
    differing = 1;
  }
  official.entries.forEach(([k, v], i) => {
    const [ok, ov] = oursEntries[i]!;
    expect(ok, `${path} key ${i}`).toEqual(k);
    differing += compareMapOrder(v, ov, `${path}{${k.t === 'scalar' ? k.hex : i}}`);
  });
  return differing;
}

function compare(official: CanonicalMessage, ours: CanonicalMessage, allow: Allowed | undefined): void {
  if (allow === undefined) {
    expect(ours).toEqual(official);
    return;
  }
  switch (allow.kind) {
    case 'txn-ttl':
      expect(official.txnTtl).toBe(allow.official);
      expect(ours.txnTtl).toBe(allow.ours);
      expect({ ...ours, txnTtl: 0 }).toEqual({ ...official, txnTtl: 0 });
      return;
    case 'js-map-order': {
      expect(withoutOpValues(ours)).toEqual(withoutOpValues(official));
      let differing = 0;
      official.ops.forEach((op, i) => {
        differing += compareMapOrder(parseMsgpack(op.value), parseMsgpack(ours.ops[i]!.value), op.bin);
      });
      expect(differing).toBe(allow.maps);
      return;
    }
  }
}

describe('request encodings: official client vs ours', () => {
  it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_name, s) => {
    const a = await outcome(() => s.official(official));
    const officialMessages = await messages(officialCluster);
    const b = await outcome(() => s.ours(ours));
    const ourMessages = await messages(oursCluster);

    const rc = (o: typeof a) => ('rc' in o ? o.rc : 0);
    expect(rc(a), 'official outcome').toBe(s.rc ?? 0);
    expect(rc(b), 'our outcome').toBe(s.rc ?? 0);
    expect(officialMessages).toHaveLength(1);
    expect(ourMessages).toHaveLength(1);
    compare(officialMessages[0]!, ourMessages[0]!, s.allow);
  });

  it('the canonical form carries what the transcripts document (put int)', async () => {
    await ours.put(K, { i: 42 });
    const [m] = await messages(oursCluster);
    // info2 WRITE, txn_ttl 1000, NAMESPACE/SET/DIGEST, one WRITE op of an INTEGER.
    expect(m).toEqual({
      info1: 0,
      info2: 1,
      info3: 0,
      info4: 0,
      generation: 0,
      recordTtl: 0,
      txnTtl: 1000,
      fieldOrder: [0, 1, 4],
      fields: { 0: Buffer.from(NS).toString('hex'), 1: Buffer.from(SET).toString('hex'), 4: expect.stringMatching(/^[0-9a-f]{40}$/) },
      ops: [{ op: 2, particle: 1, bin: 'i', value: '000000000000002a' }],
    });
  });

  it('integral numbers outside int64: the official client sends a DOUBLE (or clamps), ours refuses before sending', async () => {
    // 1e300 and 2 ** 64: the official client silently switches to a DOUBLE particle.
    await official.put(OK, { x: 1e300 });
    await official.put(OK, { x: 2 ** 64 });
    // 2 ** 63: the official client clamps to int64 max, storing a different number than the one given.
    await official.put(OK, { x: 2 ** 63 });
    const sent = await messages(officialCluster);
    expect(sent.map((m) => [m.ops[0]!.particle, m.ops[0]!.value])).toEqual([
      [2, '7e37e43c8800759c'],
      [2, '43f0000000000000'],
      [1, '7fffffffffffffff'],
    ]);
    for (const x of [1e300, 2 ** 64, 2 ** 63, -(2 ** 64)]) {
      await expect(ours.put(K, { x })).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expect(await messages(oursCluster)).toEqual([]);
    // Wrapped in Double, ours sends what the official client sends for the floats.
    await ours.put(K, { x: new Double(1e300) });
    await ours.put(K, { x: new Double(2 ** 64) });
    expect((await messages(oursCluster)).map((m) => m.ops[0]!.value)).toEqual(['7e37e43c8800759c', '43f0000000000000']);
  });
});
