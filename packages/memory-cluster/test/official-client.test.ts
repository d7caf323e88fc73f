/**
 * The official `aerospike` client and ours run the same scenarios against one
 * memory-cluster process and must see the same outcomes; then each reads what
 * the other wrote. The official client blocks the event loop while it
 * connects, so the cluster runs in a child process.
 */

import {
  Client,
  Double,
  GenerationError,
  GeoJSON,
  RecordExistsError,
  RecordNotFoundError,
  ops,
} from '@aerospike-ts/core';
import { type MemoryClusterProcess, startMemoryClusterProcess } from '@aerospike-ts/memory-cluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type OfficialClient,
  type OfficialModule,
  connectOfficial,
  loadOfficialClient,
  outcome,
} from './support/official.js';

// ---------------------------------------------------------------------------
// Client-neutral scenario vocabulary

/** A float that must travel as a double even when integral (each client has its own wrapper). */
class F {
  constructor(readonly value: number) {}
}

type Value = unknown;
type Bins = Record<string, Value>;

interface PutOptions {
  ttl?: number;
  /** Generation the write expects (generation policy EQ). */
  expectGen?: number;
  createOnly?: boolean;
}

type ScalarOp =
  | { op: 'read'; bin: string }
  | { op: 'write'; bin: string; value: Value }
  | { op: 'incr'; bin: string; value: number }
  | { op: 'append' | 'prepend'; bin: string; value: string }
  | { op: 'touch'; ttl: number };

interface RecordView {
  bins: Bins;
  gen: number;
  ttl: number;
}

/** What a scenario may do, implemented once per client. */
interface Driver {
  readonly name: 'official' | 'ours';
  nodeNames(): string[];
  put(key: string, bins: Bins, options?: PutOptions): Promise<void>;
  get(key: string, bins?: string[]): Promise<RecordView>;
  exists(key: string): Promise<boolean>;
  remove(key: string): Promise<void>;
  operate(key: string, operations: ScalarOp[]): Promise<Bins>;
}

function convert(value: Value, double: (v: number) => unknown, geo: (v: string) => unknown): Value {
  if (value instanceof F) return double(value.value);
  if (value instanceof GeoJSON) return geo(value.value);
  if (Array.isArray(value)) return value.map((v) => convert(v, double, geo));
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, convert(v, double, geo)]));
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, double, geo)]));
  }
  return value;
}

function officialDriver(A: OfficialModule, client: OfficialClient, set: string): Driver {
  const key = (k: string) => new A.Key('test', set, k);
  const bins = (b: Bins) => convert(b, (v) => new A.Double(v), (v) => new A.GeoJSON(v)) as Bins;
  return {
    name: 'official',
    nodeNames: () => client.getNodes().map((n) => n.name),
    async put(k, b, o = {}) {
      const meta: { ttl?: number; gen?: number } = {};
      const policy: { gen?: number; exists?: number } = {};
      if (o.ttl !== undefined) meta.ttl = o.ttl;
      if (o.expectGen !== undefined) {
        meta.gen = o.expectGen;
        policy.gen = A.policy.gen.EQ;
      }
      if (o.createOnly) policy.exists = A.policy.exists.CREATE;
      await client.put(key(k), bins(b), meta, policy);
    },
    async get(k, selected) {
      const r = selected === undefined ? await client.get(key(k)) : await client.select(key(k), selected);
      return { bins: r.bins, gen: r.gen, ttl: r.ttl };
    },
    exists: (k) => client.exists(key(k)),
    async remove(k) {
      await client.remove(key(k));
    },
    async operate(k, list) {
      const o = A.operations;
      const mapped = list.map((x) => {
        switch (x.op) {
          case 'read':
            return o.read(x.bin);
          case 'write':
            return o.write(x.bin, convert(x.value, (v) => new A.Double(v), (v) => new A.GeoJSON(v)));
          case 'incr':
            return o.incr(x.bin, x.value);
          case 'append':
            return o.append(x.bin, x.value);
          case 'prepend':
            return o.prepend(x.bin, x.value);
          default:
            return o.touch(x.ttl);
        }
      });
      return (await client.operate(key(k), mapped)).bins;
    },
  };
}

function oursDriver(client: Client, set: string): Driver {
  const key = (k: string) => ['test', set, k] as const;
  const bins = (b: Bins) => convert(b, (v) => new Double(v), (v) => new GeoJSON(v)) as Record<string, never>;
  return {
    name: 'ours',
    nodeNames: () => client.nodes().map((n) => n.name),
    async put(k, b, o = {}) {
      await client.put(key(k), bins(b), {
        ...(o.ttl !== undefined ? { ttl: o.ttl } : {}),
        ...(o.expectGen !== undefined ? { gen: 'expectEqual' as const, generation: o.expectGen } : {}),
        ...(o.createOnly ? { exists: 'createOnly' as const } : {}),
      });
    },
    async get(k, selected) {
      const r = await client.get(key(k), selected);
      return { bins: r.bins, gen: r.generation, ttl: r.ttl };
    },
    exists: (k) => client.exists(key(k)),
    async remove(k) {
      // Ours resolves false for a missing record where the official client rejects with 2; scenarios compare the latter.
      if (!(await client.remove(key(k)))) throw new RecordNotFoundError(2, 'not found');
    },
    async operate(k, list) {
      const mapped = list.map((x) => {
        switch (x.op) {
          case 'read':
            return ops.read(x.bin);
          case 'write':
            return ops.write(x.bin, convert(x.value, (v) => new Double(v), (v) => new GeoJSON(v)) as never);
          case 'incr':
            return ops.add(x.bin, x.value);
          case 'append':
            return ops.append(x.bin, x.value);
          case 'prepend':
            return ops.prepend(x.bin, x.value);
          default:
            return ops.touch();
        }
      });
      const touch = list.find((x) => x.op === 'touch');
      const r = await client.operate(key(k), mapped, touch === undefined ? undefined : { ttl: touch.ttl });
      return r.bins;
    },
  };
}

// ---------------------------------------------------------------------------

const Aerospike = loadOfficialClient();
let cluster: MemoryClusterProcess;
let official: OfficialClient;
let ours: Client;
let drivers: Driver[];

beforeAll(async () => {
  cluster = await startMemoryClusterProcess({ nodes: 1 });
  official = await connectOfficial(Aerospike, cluster.hosts);
  ours = await new Client({ hosts: cluster.hosts }).connect();
  // Separate sets, so that both clients start every scenario from the same state.
  drivers = [officialDriver(Aerospike, official, 'official'), oursDriver(ours, 'ours')];
});

afterAll(async () => {
  official?.close();
  await ours?.close();
  await cluster?.close();
});

/** Runs a scenario with each client; returns [official, ours]. */
async function both<T>(scenario: (d: Driver) => Promise<T>): Promise<[T, T]> {
  const out: T[] = [];
  for (const d of drivers) out.push(await scenario(d));
  return [out[0]!, out[1]!];
}

/** Runs a scenario with each client and expects identical outcomes; returns the common one. */
async function same<T>(scenario: (d: Driver) => Promise<T>): Promise<T> {
  const [a, b] = await both(scenario);
  expect(b).toEqual(a);
  return a;
}

/** Every bin value type, as written (the F wrapper marks a forced double). */
const VALUES: Array<[string, Value]> = [
  ['int', 42],
  ['negative int', -7],
  ['zero', 0],
  ['max safe int', Number.MAX_SAFE_INTEGER],
  ['int64 max', 2n ** 63n - 1n],
  ['int64 min', -(2n ** 63n)],
  ['bigint 2^62', 2n ** 62n],
  ['double', 1.25],
  ['negative double', -0.5],
  ['integral double', new F(2)],
  ['string', 'hello'],
  ['utf8 string', 'héllo wörld 😀'],
  ['empty string', ''],
  ['long string', 'x'.repeat(300)],
  ['bytes', Buffer.from([0, 1, 2, 254, 255])],
  ['empty bytes', Buffer.alloc(0)],
  ['true', true],
  ['false', false],
  ['list', [1, 'a', 2.5, Buffer.from([9])]],
  ['nested list', [[1, [2, [3, 'deep']]], [], [null]]],
  ['empty list', []],
  ['map', { b: 2, a: 'one', c: 3.5 }],
  ['nested map', { outer: { inner: { leaf: [1, { x: 'y' }] } }, n: 1 }],
  ['empty map', {}],
  ['geojson', new GeoJSON({ type: 'Point', coordinates: [103.9, 1.3] })],
];

/** How a value reads back, when it differs from how it was written. */
function readBack(value: Value, client: 'official' | 'ours'): Value {
  if (value instanceof F) return value.value;
  // The official client returns GeoJSON as its JSON text; ours as a GeoJSON wrapper.
  if (value instanceof GeoJSON) return client === 'official' ? value.value : value;
  return value;
}

describe('same scenarios, same outcomes', () => {
  it('connects and sees the one node', async () => {
    const [a, b] = await both(async (d) => d.nodeNames());
    expect(a).toEqual([cluster.nodes[0]!.name]);
    expect(b).toEqual(a);
  });

  it.each(VALUES)('put/get of %s', async (name, value) => {
    const k = `type-${name}`;
    const [a, b] = await both(async (d) => {
      await d.put(k, { v: value });
      return d.get(k);
    });
    expect(a.bins.v).toEqual(readBack(value, 'official'));
    expect(b.bins.v).toEqual(readBack(value, 'ours'));
    expect([a.gen, a.ttl]).toEqual([1, -1]);
    expect([b.gen, b.ttl]).toEqual([1, -1]);
  });

  it('puts every type in one record and reads all bins and selected bins', async () => {
    const bins = Object.fromEntries(VALUES.filter(([n]) => n !== 'geojson').map(([n, v]) => [n.replace(/ /g, '_').slice(0, 15), v]));
    const result = await same(async (d) => {
      await d.put('all-types', bins);
      const all = await d.get('all-types');
      const selected = await d.get('all-types', ['int', 'map', 'no_such_bin']);
      return { all: all.bins, selected: selected.bins, gen: all.gen };
    });
    expect(Object.keys(result.all).sort()).toEqual(Object.keys(bins).sort());
    expect(result.selected).toEqual({ int: 42, map: { a: 'one', b: 2, c: 3.5 } });
  });

  it('exists: found and not found', async () => {
    const r = await same(async (d) => {
      await d.put('exists', { a: 1 });
      return [await d.exists('exists'), await d.exists('exists-missing')];
    });
    expect(r).toEqual([true, false]);
  });

  it('remove, then get: not found', async () => {
    const r = await same(async (d) => {
      await d.put('remove', { a: 1 });
      const removed = await outcome(() => d.remove('remove'));
      const get = await outcome(() => d.get('remove'));
      const again = await outcome(() => d.remove('remove'));
      return { removed: 'ok' in removed, get, again };
    });
    expect(r).toEqual({ removed: true, get: { rc: 2 }, again: { rc: 2 } });
    // Ours raises the subclass callers catch.
    await expect(ours.get(['test', 'ours', 'remove'])).rejects.toBeInstanceOf(RecordNotFoundError);
  });

  it('get of a missing record', async () => {
    expect(await same((d) => outcome(() => d.get('never-written')))).toEqual({ rc: 2 });
    expect(await same((d) => outcome(() => d.get('never-written', ['a'])))).toEqual({ rc: 2 });
  });

  it('operate: incr + read', async () => {
    const r = await same(async (d) => {
      await d.put('op-incr', { i: 10, s: 'x' });
      const bins = await d.operate('op-incr', [
        { op: 'incr', bin: 'i', value: 5 },
        { op: 'read', bin: 'i' },
      ]);
      return { bins, after: (await d.get('op-incr')).bins };
    });
    expect(r).toEqual({ bins: { i: 15 }, after: { i: 15, s: 'x' } });
  });

  it('operate: incr of a missing bin and of a double bin', async () => {
    const r = await same(async (d) => {
      await d.put('op-incr2', { f: 1.5 });
      return d.operate('op-incr2', [
        { op: 'incr', bin: 'n', value: 3 },
        { op: 'incr', bin: 'f', value: 1.25 },
        { op: 'read', bin: 'n' },
        { op: 'read', bin: 'f' },
      ]);
    });
    expect(r).toEqual({ n: 3, f: 2.75 });
  });

  it('operate: write + read of the same bin', async () => {
    const r = await same(async (d) => {
      await d.put('op-write', { a: 1 });
      return d.operate('op-write', [
        { op: 'write', bin: 'a', value: 'new' },
        { op: 'read', bin: 'a' },
        { op: 'write', bin: 'l', value: [1, { k: 'v' }] },
        { op: 'read', bin: 'l' },
      ]);
    });
    expect(r).toEqual({ a: 'new', l: [1, { k: 'v' }] });
  });

  it('operate: append and prepend', async () => {
    const r = await same(async (d) => {
      await d.put('op-concat', { s: 'mid' });
      return d.operate('op-concat', [
        { op: 'append', bin: 's', value: '-end' },
        { op: 'prepend', bin: 's', value: 'start-' },
        { op: 'read', bin: 's' },
      ]);
    });
    expect(r).toEqual({ s: 'start-mid-end' });
  });

  it('operate: type errors (incr of a string, append to an int) → 12', async () => {
    const r = await same(async (d) => {
      await d.put('op-types', { s: 'x', i: 1 });
      return [
        await outcome(() => d.operate('op-types', [{ op: 'incr', bin: 's', value: 1 }])),
        await outcome(() => d.operate('op-types', [{ op: 'append', bin: 'i', value: 'x' }])),
        (await d.get('op-types')).gen,
      ];
    });
    expect(r).toEqual([{ rc: 12 }, { rc: 12 }, 1]);
  });

  it('operate: touch resets the TTL and bumps the generation', async () => {
    const r = await same(async (d) => {
      await d.put('touch', { a: 1 });
      await d.operate('touch', [{ op: 'touch', ttl: 2000 }]);
      const rec = await d.get('touch');
      const missing = await outcome(() => d.operate('touch-missing', [{ op: 'touch', ttl: 10 }]));
      return { gen: rec.gen, ttlOk: rec.ttl > 1990 && rec.ttl <= 2000, missing };
    });
    expect(r).toEqual({ gen: 2, ttlOk: true, missing: { rc: 2 } });
  });

  it('generation check: EQ mismatch → 3, EQ match writes', async () => {
    const r = await same(async (d) => {
      await d.put('gen', { a: 1 });
      await d.put('gen', { a: 2 });
      const mismatch = await outcome(() => d.put('gen', { a: 3 }, { expectGen: 1 }));
      const match = await outcome(() => d.put('gen', { a: 4 }, { expectGen: 2 }));
      const rec = await d.get('gen');
      return { mismatch, match: 'ok' in match, gen: rec.gen, a: rec.bins.a };
    });
    expect(r).toEqual({ mismatch: { rc: 3 }, match: true, gen: 3, a: 4 });
    await expect(ours.put(['test', 'ours', 'gen'], { a: 5 }, { gen: 'expectEqual', generation: 1 })).rejects.toBeInstanceOf(
      GenerationError,
    );
  });

  it('create-only on an existing record → 5; on a missing one it writes', async () => {
    const r = await same(async (d) => {
      await d.put('create', { a: 1 });
      const existing = await outcome(() => d.put('create', { a: 2 }, { createOnly: true }));
      const missing = await outcome(() => d.put('create-new', { a: 3 }, { createOnly: true }));
      return { existing, missing: 'ok' in missing, a: (await d.get('create')).bins.a };
    });
    expect(r).toEqual({ existing: { rc: 5 }, missing: true, a: 1 });
    await expect(ours.put(['test', 'ours', 'create'], { a: 2 }, { exists: 'createOnly' })).rejects.toBeInstanceOf(RecordExistsError);
  });

  it('TTL: put with ttl 100 reads back a ttl in (90, 100]', async () => {
    const [a, b] = await both(async (d) => {
      await d.put('ttl', { a: 1 }, { ttl: 100 });
      return (await d.get('ttl')).ttl;
    });
    for (const ttl of [a, b]) {
      expect(ttl).toBeGreaterThan(90);
      expect(ttl).toBeLessThanOrEqual(100);
    }
  });

  it('TTL -1 never expires (ttl -1 on read) and -2 keeps the current expiry', async () => {
    const r = await same(async (d) => {
      await d.put('ttl-special', { a: 1 }, { ttl: 500 });
      await d.put('ttl-special', { a: 2 }, { ttl: -2 });
      const kept = (await d.get('ttl-special')).ttl;
      await d.put('ttl-special', { a: 3 }, { ttl: -1 });
      const never = (await d.get('ttl-special')).ttl;
      return { keptOk: kept > 490 && kept <= 500, never };
    });
    expect(r).toEqual({ keptOk: true, never: -1 });
  });
});

describe('cross-client: each reads what the other wrote', () => {
  /** Written by ours, read by the official client: written value → what the official client returns. */
  const OURS_TO_OFFICIAL: Array<[string, Value, Value]> = [
    ['int', 42, 42],
    ['neg', -42, -42],
    ['safe', Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    // Beyond ±(2^53 - 1) the official client returns a bigint, as ours does.
    ['unsafe', 2 ** 53, 2n ** 53n],
    ['unsafe_neg', -(2 ** 53), -(2n ** 53n)],
    ['big', 2n ** 62n, 2n ** 62n],
    ['max', 2n ** 63n - 1n, 2n ** 63n - 1n],
    ['min', -(2n ** 63n), -(2n ** 63n)],
    ['dbl', 1.25, 1.25],
    ['dbl2', new Double(2), 2],
    ['dbl_tiny', 5e-324, 5e-324],
    ['str', 'héllo 😀', 'héllo 😀'],
    ['bytes', Buffer.from([0, 255]), Buffer.from([0, 255])],
    ['bool', true, true],
    ['list', [1, 'a', 1.5, [2n ** 62n, null], Buffer.from([7]), { x: 1 }], [1, 'a', 1.5, [2n ** 62n, null], Buffer.from([7]), { x: 1 }]],
    ['map', { b: { c: [1, { d: 'e' }] }, a: 1 }, { a: 1, b: { c: [1, { d: 'e' }] } }],
    // A Map with integer keys: the official client turns the keys into object property names.
    ['intmap', new Map<number, Value>([[2, 'two'], [1, new Map([['k', 1]])]]), { 1: { k: 1 }, 2: 'two' }],
    ['empty_list', [], []],
    ['empty_map', {}, {}],
    // The official client returns GeoJSON as its JSON text.
    ['geo', new GeoJSON({ type: 'Point', coordinates: [1, 2] }), '{"type":"Point","coordinates":[1,2]}'],
  ];

  it('a record written by ours reads the same through the official client', async () => {
    const bins = Object.fromEntries(OURS_TO_OFFICIAL.map(([n, v]) => [n, v]));
    const meta = await ours.put(['test', 'cross', 'from-ours'], bins as Record<string, never>, { ttl: 1000 });
    const rec = await official.get(new Aerospike.Key('test', 'cross', 'from-ours'));
    expect(rec.gen).toBe(meta.generation);
    expect(rec.ttl).toBeGreaterThan(990);
    expect(rec.ttl).toBeLessThanOrEqual(1000);
    for (const [name, , expected] of OURS_TO_OFFICIAL) expect([name, rec.bins[name]]).toEqual([name, expected]);
    expect(typeof rec.bins.unsafe).toBe('bigint');
    expect(typeof rec.bins.safe).toBe('number');
    // Plain-object maps are key-ordered on the wire, so the official client sees their keys sorted.
    expect(Object.keys(rec.bins.map as object)).toEqual(['a', 'b']);
  });

  /** Written by the official client, read by ours: written value → what ours returns. */
  const OFFICIAL_TO_OURS = (A: OfficialModule): Array<[string, Value, Value]> => [
    ['int', 42, 42],
    ['safe', Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    ['unsafe', 2 ** 53, 2n ** 53n],
    ['big', 2n ** 62n, 2n ** 62n],
    ['max', 2n ** 63n - 1n, 2n ** 63n - 1n],
    ['min', -(2n ** 63n), -(2n ** 63n)],
    ['dbl', 1.25, 1.25],
    ['dbl2', new A.Double(2), 2],
    // The official client stores integral numbers outside int64 as doubles.
    ['huge', 1e300, 1e300],
    ['str', 'héllo 😀', 'héllo 😀'],
    ['bytes', Buffer.from([0, 255]), Buffer.from([0, 255])],
    ['bool', false, false],
    ['list', [1, 'a', [2.5, [null]], Buffer.from([1])], [1, 'a', [2.5, [null]], Buffer.from([1])]],
    ['map', { z: 1, a: { y: [1, 2], b: {} } }, { a: { b: {}, y: [1, 2] }, z: 1 }],
    // The official client sends a JS Map as a key-ordered map: ours reads a Map with the keys sorted and their types kept.
    ['jsmap', new Map<Value, Value>([[2, 'two'], [1, 'one']]), new Map([[1, 'one'], [2, 'two']])],
    ['geo', new A.GeoJSON({ type: 'Point', coordinates: [1, 2] }), new GeoJSON('{"type":"Point","coordinates":[1,2]}')],
  ];

  it('a record written by the official client reads the same through ours', async () => {
    const table = OFFICIAL_TO_OURS(Aerospike);
    const bins = Object.fromEntries(table.map(([n, v]) => [n, v]));
    await official.put(new Aerospike.Key('test', 'cross', 'from-official'), bins, { ttl: 1000 });
    const rec = await ours.get(['test', 'cross', 'from-official']);
    expect(rec.generation).toBe(1);
    expect(rec.ttl).toBeGreaterThan(990);
    for (const [name, , expected] of table) expect([name, rec.bins[name]]).toEqual([name, expected]);
    expect([...(rec.bins.jsmap as Map<number, string>).keys()]).toEqual([1, 2]);
    expect(Object.keys(rec.bins.map as object)).toEqual(['a', 'z']);
  });

  it('each client modifies what the other wrote (operate, append, incr, remove)', async () => {
    const okey = new Aerospike.Key('test', 'cross', 'shared');
    await ours.put(['test', 'cross', 'shared'], { n: 1, s: 'b', l: [1] });
    await official.operate(okey, [Aerospike.operations.incr('n', 2 ** 40), Aerospike.operations.append('s', 'c')]);
    const r1 = await ours.operate(['test', 'cross', 'shared'], [ops.add('n', 1), ops.prepend('s', 'a'), ops.read('n'), ops.read('s')]);
    expect(r1.bins).toEqual({ n: 2 ** 40 + 2, s: 'abc' });
    expect(r1.generation).toBe(3);
    const r2 = await official.get(okey);
    expect(r2.bins).toEqual({ n: 2 ** 40 + 2, s: 'abc', l: [1] });
    expect(r2.gen).toBe(3);
    await official.remove(okey);
    expect(await ours.exists(['test', 'cross', 'shared'])).toBe(false);
  });

  it('sendKey: a key stored by one client does not change the digest the other computes', async () => {
    await official.put(new Aerospike.Key('test', 'cross', 'sk-official'), { a: 1 }, null, { key: Aerospike.policy.key.SEND });
    await ours.put(['test', 'cross', 'sk-ours'], { a: 2 }, { sendKey: true });
    expect((await ours.get(['test', 'cross', 'sk-official'])).bins).toEqual({ a: 1 });
    expect((await official.get(new Aerospike.Key('test', 'cross', 'sk-ours'))).bins).toEqual({ a: 2 });
    // Integer and bytes user keys hash the same way in both clients.
    await ours.put(['test', 'cross', 1234567890123], { k: 'int' });
    await ours.put(['test', 'cross', Buffer.from([1, 2, 3])], { k: 'bytes' });
    expect((await official.get(new Aerospike.Key('test', 'cross', 1234567890123))).bins).toEqual({ k: 'int' });
    expect((await official.get(new Aerospike.Key('test', 'cross', Buffer.from([1, 2, 3])))).bins).toEqual({ k: 'bytes' });
  });

  it('records outside any set', async () => {
    await official.put(new Aerospike.Key('test', null, 'no-set'), { a: 1 });
    expect((await ours.get(['test', null, 'no-set'])).bins).toEqual({ a: 1 });
    await ours.put(['test', '', 'no-set-2'], { b: 2 });
    expect((await official.get(new Aerospike.Key('test', null, 'no-set-2'))).bins).toEqual({ b: 2 });
  });
});
