/**
 * Single-record commands end to end: value round trips, metadata, TTLs,
 * generations, exists actions, key forms and the errors users see. Runs
 * against the memory cluster, or a real server with AEROSPIKE_HOSTS.
 */

import {
  AerospikeError,
  type BinValue,
  type Client,
  CommitLevel,
  Double,
  ExistsAction,
  GenerationError,
  GenerationPolicy,
  GeoJSON,
  InvalidArgumentError,
  Key,
  RecordExistsError,
  RecordNotFoundError,
  ResultCode,
  type UserKey,
} from '@aerospike-ts/core';
import { startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { beforeAll, describe, expect, it } from 'vitest';
import { rejection, thrown } from '../support/errors.js';
import { REAL_SERVER, RUN_ID, useTarget } from '../support/target.js';

const target = useTarget();
let client: Client;
let ns: string;
let set: string;
let keyCounter = 0;

/** A fresh key in this run's set. */
function freshKey(label: string): Key {
  return new Key(ns, set, `${label}-${keyCounter++}`);
}

beforeAll(async () => {
  client = await target.connectClient();
  ns = target.namespace;
  set = target.uniqueSet('kv');
});

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const GEO_POINT = { type: 'Point', coordinates: [103.913, 1.308] };

describe('value round trips', () => {
  const cases: Array<[string, BinValue, BinValue]> = [
    ['integer', 42, 42],
    ['zero', 0, 0],
    ['negative integer', -7, -7],
    ['largest safe integer', Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    ['smallest safe integer', Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER],
    ['int64 max as bigint', INT64_MAX, INT64_MAX],
    ['int64 min as bigint', INT64_MIN, INT64_MIN],
    ['2^53 as bigint', 2n ** 53n, 2n ** 53n],
    ['small bigint reads back as a number', 5n, 5],
    ['double', 1.5, 1.5],
    ['negative double', -0.25, -0.25],
    ['tiny double', 5e-324, 5e-324],
    ['ascii string', 'ascii', 'ascii'],
    ['utf-8 string', 'ünï✓ 日本語 🎉', 'ünï✓ 日本語 🎉'],
    ['empty string', '', ''],
    ['bytes', Buffer.from([0, 1, 2, 0x7f, 0x80, 0xff]), Buffer.from([0, 1, 2, 0x7f, 0x80, 0xff])],
    ['Uint8Array reads back as a Buffer', new Uint8Array([9, 8, 7]), Buffer.from([9, 8, 7])],
    ['true', true, true],
    ['false', false, false],
    [
      'nested list',
      [1, -2, 'two', 3.5, [4, [5, 'six']], { a: 1 }, Buffer.from('xy'), true, null, INT64_MAX, ''],
      [1, -2, 'two', 3.5, [4, [5, 'six']], { a: 1 }, Buffer.from('xy'), true, null, INT64_MAX, ''],
    ],
    ['empty list', [], []],
    [
      'nested object',
      { a: 1, b: 'x', c: [1, 2], d: { e: 2.5, f: { g: 'deep' } }, 'ü-key': Buffer.from([1]) },
      { a: 1, b: 'x', c: [1, 2], d: { e: 2.5, f: { g: 'deep' } }, 'ü-key': Buffer.from([1]) },
    ],
    ['empty object', {}, {}],
    [
      'Map with integer keys',
      new Map<number | string, BinValue>([
        [1, 'one'],
        [2, ['two']],
        [-3, { x: 1 }],
      ]),
      new Map<number | string, BinValue>([
        [1, 'one'],
        [2, ['two']],
        [-3, { x: 1 }],
      ]),
    ],
  ];

  it.each(cases)('%s', async (_label, value, expected) => {
    const key = freshKey('type');
    const meta = await client.put(key, { v: value }, { ttl: -1 });
    expect(meta).toEqual({ generation: 1, ttl: -1 });
    const record = await client.get(key);
    expect(record.bins).toEqual({ v: expected });
    expect(record.generation).toBe(1);
    expect(record.ttl).toBe(-1);
    const v = record.bins.v;
    // Be explicit about the JS type (number, bigint, Buffer, Map) as well as the value.
    expect(typeof v).toBe(typeof expected);
    if (Buffer.isBuffer(expected)) expect(Buffer.isBuffer(v)).toBe(true);
    if (expected instanceof Map) expect(v).toBeInstanceOf(Map);
  });

  it('new Double(2) is stored as a float', async () => {
    const key = freshKey('double2');
    await client.put(key, { d: new Double(2), i: 2 });
    const record = await client.get(key);
    expect(record.bins).toEqual({ d: 2, i: 2 });
    // A float bin accepts a float increment; an integer bin refuses it.
    await client.add(key, { d: 0.5 });
    expect((await client.get(key, ['d'])).bins).toEqual({ d: 2.5 });
    const err = await rejection(client.add(key, { i: 0.5 }), AerospikeError, ResultCode.BIN_TYPE_ERROR);
    expect(err.code).toBe('BIN_TYPE_ERROR');
  });

  it('GeoJSON comes back as GeoJSON with the same text', async () => {
    const key = freshKey('geo');
    await client.put(key, { g: new GeoJSON(GEO_POINT) });
    const { bins } = await client.get(key);
    expect(bins.g).toBeInstanceOf(GeoJSON);
    expect((bins.g as GeoJSON).value).toBe(JSON.stringify(GEO_POINT));
    expect((bins.g as GeoJSON).toJSON()).toEqual(GEO_POINT);
  });

  it('every type in one record', async () => {
    const key = freshKey('all');
    const bins = {
      i: 42,
      neg: -7,
      big: INT64_MAX,
      small: INT64_MIN,
      d: 1.5,
      d2: new Double(2),
      s: 'ascii',
      u: 'ünï✓',
      e: '',
      b: Buffer.from('bytes'),
      t: true,
      f: false,
      l: [1, 'a', [2]],
      m: { k: 'v', n: 1 },
      g: new GeoJSON({ type: 'Point', coordinates: [1, 2] }),
    };
    expect(await client.put(key, bins, { ttl: -1 })).toEqual({ generation: 1, ttl: -1 });
    const record = await client.get(key);
    expect(record.key).toBe(key);
    expect(record.generation).toBe(1);
    expect(record.ttl).toBe(-1);
    expect(Object.keys(record.bins).sort()).toEqual(Object.keys(bins).sort());
    expect(record.bins).toMatchObject({
      i: 42,
      neg: -7,
      big: INT64_MAX,
      small: INT64_MIN,
      d: 1.5,
      d2: 2,
      s: 'ascii',
      u: 'ünï✓',
      e: '',
      b: Buffer.from('bytes'),
      t: true,
      f: false,
      l: [1, 'a', [2]],
      m: { k: 'v', n: 1 },
    });
    expect((record.bins.g as GeoJSON).value).toBe('{"type":"Point","coordinates":[1,2]}');
  });
});

describe('reads', () => {
  it('get with selected bins returns only those; a missing bin is silently absent', async () => {
    const key = freshKey('select');
    await client.put(key, { i: 1, s: 'x', l: [1] });
    const record = await client.get(key, ['i', 's', 'nope']);
    expect(record.bins).toEqual({ i: 1, s: 'x' });
    expect(record.generation).toBe(1);
  });

  it('get of a missing record rejects with RecordNotFoundError carrying node, address and attempts', async () => {
    const key = freshKey('missing');
    const err = await rejection(client.get(key), RecordNotFoundError, ResultCode.KEY_NOT_FOUND_ERROR);
    expect(err).toBeInstanceOf(AerospikeError);
    expect(err.code).toBe('KEY_NOT_FOUND_ERROR');
    const nodes = client.nodes();
    expect(nodes.map((n) => n.name)).toContain(err.node);
    expect(nodes.map((n) => n.address)).toContain(err.address);
    expect(err.attempts).toBe(1);
    expect(err.inDoubt).toBe(false);
    expect(err.message).toContain(String(key.userKey));
  });

  it('getHeader returns generation and ttl only', async () => {
    const key = freshKey('header');
    await client.put(key, { a: 1 }, { ttl: -1 });
    await client.put(key, { a: 2 }, { ttl: -1 });
    expect(await client.getHeader(key)).toEqual({ generation: 2, ttl: -1 });
    await rejection(client.getHeader(freshKey('header-missing')), RecordNotFoundError, ResultCode.KEY_NOT_FOUND_ERROR);
  });

  it('exists is true for a record and false for a missing one', async () => {
    const key = freshKey('exists');
    expect(await client.exists(key)).toBe(false);
    await client.put(key, { a: 1 });
    expect(await client.exists(key)).toBe(true);
  });
});

describe('writes', () => {
  it('generations count 1, 2, 3', async () => {
    const key = freshKey('gen');
    expect((await client.put(key, { a: 1 })).generation).toBe(1);
    expect((await client.put(key, { a: 2 })).generation).toBe(2);
    expect((await client.put(key, { b: 3 })).generation).toBe(3);
    const record = await client.get(key);
    expect(record.generation).toBe(3);
    expect(record.bins).toEqual({ a: 2, b: 3 });
  });

  it('remove resolves true for an existing record, then false', async () => {
    const key = freshKey('remove');
    await client.put(key, { a: 1 });
    expect(await client.remove(key)).toBe(true);
    expect(await client.remove(key)).toBe(false);
    expect(await client.exists(key)).toBe(false);
    await rejection(client.get(key), RecordNotFoundError);
  });

  it('a null bin value deletes the bin', async () => {
    const key = freshKey('null');
    await client.put(key, { a: 1, b: 2, c: 3 });
    const meta = await client.put(key, { b: null });
    expect(meta.generation).toBe(2);
    expect((await client.get(key)).bins).toEqual({ a: 1, c: 3 });
  });

  it('touch bumps the generation and sets the TTL', async () => {
    const key = freshKey('touch');
    await client.put(key, { a: 1 }, { ttl: -1 });
    const meta = await client.touch(key, { ttl: 2000 });
    expect(meta.generation).toBe(2);
    expect(meta.ttl).toBeGreaterThan(1990);
    expect(meta.ttl).toBeLessThanOrEqual(2000);
    const record = await client.get(key);
    expect(record.bins).toEqual({ a: 1 });
    expect(record.generation).toBe(2);
    expect(record.ttl).toBeGreaterThan(1990);
    expect(record.ttl).toBeLessThanOrEqual(2000);
  });

  it('touch of a missing record rejects with RecordNotFoundError', async () => {
    await rejection(client.touch(freshKey('touch-missing')), RecordNotFoundError, ResultCode.KEY_NOT_FOUND_ERROR);
  });

  it('append, prepend, add and increment', async () => {
    const key = freshKey('modify');
    await client.put(key, { s: 'mid', n: 10, f: 1.5, b: Buffer.from([2]) });
    expect((await client.append(key, { s: '-end', b: Buffer.from([3]) })).generation).toBe(2);
    expect((await client.prepend(key, { s: 'start-', b: Buffer.from([1]) })).generation).toBe(3);
    expect((await client.add(key, { n: 5, f: 0.25 })).generation).toBe(4);
    expect((await client.increment(key, { n: -3 })).generation).toBe(5);
    await client.add(key, { created: 7, big: INT64_MAX - 1n });
    await client.add(key, { big: 1 });
    await client.append(key, { newStr: 'x' });
    const record = await client.get(key);
    expect(record.generation).toBe(8);
    expect(record.bins).toEqual({
      s: 'start-mid-end',
      n: 12,
      f: 1.75,
      b: Buffer.from([1, 2, 3]),
      created: 7,
      big: INT64_MAX,
      newStr: 'x',
    });
  });

  it('add of a string value is refused locally', async () => {
    const key = freshKey('add-string');
    const err = await rejection(
      client.add(key, { n: 'x' as unknown as number }),
      InvalidArgumentError,
      ResultCode.PARAMETER_ERROR,
    );
    expect(err.message).toContain('"n"');
    expect(err.attempts).toBe(0);
    expect(await client.exists(key)).toBe(false);
    await rejection(client.append(key, { s: 5 as unknown as string }), InvalidArgumentError, ResultCode.PARAMETER_ERROR);
  });

  it('add to a string bin and append to an integer bin fail with BIN_TYPE_ERROR (12)', async () => {
    const key = freshKey('type-error');
    await client.put(key, { s: 'text', n: 1 });
    const addErr = await rejection(client.add(key, { s: 1 }), AerospikeError, ResultCode.BIN_TYPE_ERROR);
    expect(addErr.code).toBe('BIN_TYPE_ERROR');
    expect(addErr.node).toBe(client.nodes().find((n) => n.address === addErr.address)?.name);
    expect(addErr.attempts).toBe(1);
    await rejection(client.append(key, { n: 'x' }), AerospikeError, ResultCode.BIN_TYPE_ERROR);
    // The failed commands changed nothing.
    const record = await client.get(key);
    expect(record.bins).toEqual({ s: 'text', n: 1 });
    expect(record.generation).toBe(1);
  });

  it('commitLevel master writes', async () => {
    const key = freshKey('commit-master');
    const meta = await client.put(key, { a: 1 }, { commitLevel: CommitLevel.MASTER });
    expect(meta.generation).toBe(1);
    expect((await client.get(key)).bins).toEqual({ a: 1 });
  });
});

describe('TTL', () => {
  it('ttl 100 reads back in (90, 100]', async () => {
    const key = freshKey('ttl100');
    const meta = await client.put(key, { a: 1 }, { ttl: 100 });
    expect(meta.ttl).toBeGreaterThan(90);
    expect(meta.ttl).toBeLessThanOrEqual(100);
    const { ttl } = await client.getHeader(key);
    expect(ttl).toBeGreaterThan(90);
    expect(ttl).toBeLessThanOrEqual(100);
  });

  it('ttl -1 never expires', async () => {
    const key = freshKey('ttl-1');
    await client.put(key, { a: 1 }, { ttl: 100 });
    expect(await client.put(key, { a: 2 }, { ttl: -1 })).toEqual({ generation: 2, ttl: -1 });
    expect((await client.get(key)).ttl).toBe(-1);
  });

  it('ttl -2 keeps the previous TTL', async () => {
    const key = freshKey('ttl-2');
    await client.put(key, { v: 1 }, { ttl: 100 });
    const meta = await client.put(key, { v: 2 }, { ttl: -2 });
    expect(meta.generation).toBe(2);
    expect(meta.ttl).toBeGreaterThan(90);
    expect(meta.ttl).toBeLessThanOrEqual(100);
    const record = await client.get(key);
    expect(record.bins).toEqual({ v: 2 });
    expect(record.ttl).toBeGreaterThan(90);
    expect(record.ttl).toBeLessThanOrEqual(100);
  });

  it('ttl 0 applies the namespace default', async () => {
    const key = freshKey('ttl0');
    await client.put(key, { v: 1 }, { ttl: 100 });
    const { ttl } = await client.put(key, { v: 2 }, { ttl: 0 });
    if (REAL_SERVER) {
      // Depends on the namespace's default-ttl.
      expect(ttl === -1 || ttl > 0).toBe(true);
    } else {
      // The memory cluster's namespaces have default-ttl 0: never expire.
      expect(ttl).toBe(-1);
    }
    expect((await client.getHeader(key)).ttl).toBe(ttl);
  });

  it.skipIf(REAL_SERVER)('a record expires when its TTL has passed (memory cluster clock)', async () => {
    // A cluster of its own: moving its clock must not shift the TTLs other tests read.
    await using cluster = await startMemoryCluster({ nodes: 1 });
    const own = await target.connectClient({ hosts: cluster.hosts });
    try {
      const key = new Key('test', 'expiry', 'k');
      await own.put(key, { a: 1 }, { ttl: 100 });
      const forever = new Key('test', 'expiry', 'forever');
      await own.put(forever, { a: 1 }, { ttl: -1 });
      cluster.advanceTime(99);
      expect(await own.exists(key)).toBe(true);
      cluster.advanceTime(2);
      expect(await own.exists(key)).toBe(false);
      await rejection(own.get(key), RecordNotFoundError, ResultCode.KEY_NOT_FOUND_ERROR);
      expect((await own.get(forever)).bins).toEqual({ a: 1 });
      // An expired record is gone: a create-only write succeeds, with generation 1.
      expect((await own.put(key, { a: 2 }, { exists: ExistsAction.CREATE_ONLY })).generation).toBe(1);
    } finally {
      await own.close();
    }
  });
});

describe('generation policy', () => {
  it('expectEqual applies on a match and fails with GenerationError (3) on a mismatch', async () => {
    const key = freshKey('gen-eq');
    await client.put(key, { v: 1 });
    await client.put(key, { v: 2 });
    const ok = await client.put(key, { v: 3 }, { gen: GenerationPolicy.EXPECT_EQUAL, generation: 2 });
    expect(ok.generation).toBe(3);
    const err = await rejection(
      client.put(key, { v: 4 }, { gen: GenerationPolicy.EXPECT_EQUAL, generation: 2 }),
      GenerationError,
      ResultCode.GENERATION_ERROR,
    );
    expect(err.code).toBe('GENERATION_ERROR');
    expect(err.attempts).toBe(1);
    expect(client.nodes().map((n) => n.name)).toContain(err.node);
    const record = await client.get(key);
    expect(record.bins).toEqual({ v: 3 });
    expect(record.generation).toBe(3);
  });

  it('expectGreater applies only when the given generation is greater', async () => {
    const key = freshKey('gen-gt');
    await client.put(key, { v: 1 });
    await client.put(key, { v: 2 });
    await rejection(
      client.put(key, { v: 9 }, { gen: GenerationPolicy.EXPECT_GREATER, generation: 2 }),
      GenerationError,
      ResultCode.GENERATION_ERROR,
    );
    await rejection(
      client.put(key, { v: 9 }, { gen: GenerationPolicy.EXPECT_GREATER, generation: 1 }),
      GenerationError,
      ResultCode.GENERATION_ERROR,
    );
    const ok = await client.put(key, { v: 3 }, { gen: GenerationPolicy.EXPECT_GREATER, generation: 10 });
    expect(ok.generation).toBe(3);
    expect((await client.get(key)).bins).toEqual({ v: 3 });
  });

  it('remove with a mismatched generation fails with GenerationError and keeps the record', async () => {
    const key = freshKey('gen-remove');
    await client.put(key, { v: 1 });
    await rejection(
      client.remove(key, { gen: GenerationPolicy.EXPECT_EQUAL, generation: 5 }),
      GenerationError,
      ResultCode.GENERATION_ERROR,
    );
    expect(await client.exists(key)).toBe(true);
    expect(await client.remove(key, { gen: GenerationPolicy.EXPECT_EQUAL, generation: 1 })).toBe(true);
    expect(await client.exists(key)).toBe(false);
  });
});

describe('exists actions', () => {
  it('createOnly fails with RecordExistsError (5) on an existing record and creates a missing one', async () => {
    const key = freshKey('create-only');
    expect((await client.put(key, { a: 1 }, { exists: ExistsAction.CREATE_ONLY })).generation).toBe(1);
    const err = await rejection(
      client.put(key, { a: 2 }, { exists: ExistsAction.CREATE_ONLY }),
      RecordExistsError,
      ResultCode.KEY_EXISTS_ERROR,
    );
    expect(err.code).toBe('KEY_EXISTS_ERROR');
    expect((await client.get(key)).bins).toEqual({ a: 1 });
  });

  it('updateOnly fails with RecordNotFoundError on a missing record and keeps unwritten bins of an existing one', async () => {
    const key = freshKey('update-only');
    await rejection(client.put(key, { a: 1 }, { exists: ExistsAction.UPDATE_ONLY }), RecordNotFoundError, ResultCode.KEY_NOT_FOUND_ERROR);
    expect(await client.exists(key)).toBe(false);
    await client.put(key, { a: 1, b: 2 });
    expect((await client.put(key, { a: 3 }, { exists: ExistsAction.UPDATE_ONLY })).generation).toBe(2);
    expect((await client.get(key)).bins).toEqual({ a: 3, b: 2 });
  });

  it('replace removes the bins it does not write, and creates a missing record', async () => {
    const key = freshKey('replace');
    await client.put(key, { a: 1, b: 2, c: 3 });
    expect((await client.put(key, { only: 'this' }, { exists: ExistsAction.REPLACE })).generation).toBe(2);
    expect((await client.get(key)).bins).toEqual({ only: 'this' });
    const fresh = freshKey('replace-new');
    expect((await client.put(fresh, { a: 1 }, { exists: ExistsAction.REPLACE })).generation).toBe(1);
    expect((await client.get(fresh)).bins).toEqual({ a: 1 });
  });

  it('replaceOnly fails with RecordNotFoundError on a missing record and replaces an existing one', async () => {
    const key = freshKey('replace-only');
    await rejection(
      client.put(key, { a: 1 }, { exists: ExistsAction.REPLACE_ONLY }),
      RecordNotFoundError,
      ResultCode.KEY_NOT_FOUND_ERROR,
    );
    expect(await client.exists(key)).toBe(false);
    await client.put(key, { a: 1, b: 2 });
    await client.put(key, { b: 5 }, { exists: ExistsAction.REPLACE_ONLY });
    expect((await client.get(key)).bins).toEqual({ b: 5 });
  });
});

describe('key forms', () => {
  it('Key, tuple, { ns, set, key } and { namespace, set, key } address the same record', async () => {
    const userKey = `forms-${keyCounter++}`;
    await client.put(new Key(ns, set, userKey), { a: 1 });
    expect((await client.get([ns, set, userKey])).bins).toEqual({ a: 1 });
    expect((await client.get({ ns, set, key: userKey })).bins).toEqual({ a: 1 });
    expect((await client.get({ namespace: ns, set, key: userKey })).bins).toEqual({ a: 1 });
    await client.put([ns, set, userKey], { b: 2 });
    const record = await client.get({ ns, set, key: userKey });
    expect(record.bins).toEqual({ a: 1, b: 2 });
    expect(record.generation).toBe(2);
    expect(record.key).toBeInstanceOf(Key);
    expect(record.key.userKey).toBe(userKey);
  });

  it('integer keys: a number and the equal bigint are the same record', async () => {
    const base = Number.parseInt(RUN_ID.slice(-6), 16) * 1000 + keyCounter++;
    await client.put([ns, set, base], { a: 'number' });
    expect((await client.get([ns, set, BigInt(base)])).bins).toEqual({ a: 'number' });
    expect(await client.exists([ns, set, String(base)])).toBe(false);
  });

  it('bigint keys at the int64 limits', async () => {
    for (const k of [INT64_MAX, INT64_MIN]) {
      const key: [string, string, UserKey] = [ns, set, k];
      await client.put(key, { k: k });
      expect((await client.get(key)).bins).toEqual({ k: k });
    }
  });

  it('bytes keys: Buffer and Uint8Array with the same bytes are the same record', async () => {
    const bytes = Buffer.from(`bytes-key-${keyCounter++}`);
    await client.put([ns, set, bytes], { a: 1 });
    expect((await client.get([ns, set, new Uint8Array(bytes)])).bins).toEqual({ a: 1 });
    expect(await client.exists([ns, set, bytes.toString()])).toBe(false);
  });

  it('a digest-only key reads and writes the record', async () => {
    const key = freshKey('digest');
    await client.put(key, { a: 1 });
    const byDigest = new Key(ns, set, undefined, key.digest);
    expect(byDigest.userKey).toBeUndefined();
    const record = await client.get(byDigest);
    expect(record.bins).toEqual({ a: 1 });
    expect(record.key).toBe(byDigest);
    await client.put(byDigest, { b: 2 });
    expect((await client.get(key)).bins).toEqual({ a: 1, b: 2 });
    expect(await client.remove({ ns, set, digest: key.digest })).toBe(true);
    expect(await client.exists(key)).toBe(false);
  });

  it('a key with no set is a different record from the same key in a set', async () => {
    const userKey = `noset-${RUN_ID}-${keyCounter++}`;
    try {
      await client.put(new Key(ns, null, userKey), { v: 1 });
      expect((await client.get([ns, '', userKey])).bins).toEqual({ v: 1 });
      expect((await client.get({ ns, key: userKey })).bins).toEqual({ v: 1 });
      expect(await client.exists([ns, set, userKey])).toBe(false);
    } finally {
      await client.remove(new Key(ns, undefined, userKey));
    }
  });

  it('keys of the wrong type are refused locally with InvalidArgumentError', async () => {
    for (const bad of [1.5, true, {}, null, Number.MAX_SAFE_INTEGER + 1, 2n ** 63n]) {
      const k = bad as unknown as UserKey;
      await rejection(client.get([ns, set, k]), InvalidArgumentError, ResultCode.PARAMETER_ERROR);
      await rejection(client.put({ ns, set, key: k }, { a: 1 }), InvalidArgumentError, ResultCode.PARAMETER_ERROR);
    }
    thrown(() => new Key(ns, set, 1.5), InvalidArgumentError, ResultCode.PARAMETER_ERROR);
    thrown(() => new Key(ns, set, undefined, Buffer.alloc(19)), InvalidArgumentError, ResultCode.PARAMETER_ERROR);
    thrown(() => new Key('', set, 'k'), InvalidArgumentError, ResultCode.PARAMETER_ERROR);
  });
});

describe('errors raised before anything is sent', () => {
  it('a bin name of 16 bytes fails with InvalidArgumentError (21); 15 bytes works', async () => {
    const key = freshKey('bin-name');
    const err = await rejection(client.put(key, { abcdefghijklmnop: 1 }), InvalidArgumentError, ResultCode.BIN_NAME_TOO_LONG);
    expect(err.message).toContain('abcdefghijklmnop');
    expect(await client.exists(key)).toBe(false);
    // 15 bytes, counted in UTF-8: 'é' is two bytes.
    await rejection(client.put(key, { 'abcdefghijklmné': 1 }), InvalidArgumentError, ResultCode.BIN_NAME_TOO_LONG);
    await client.put(key, { abcdefghijklmno: 1, 'abcdefghijklmé': 2 });
    expect((await client.get(key)).bins).toEqual({ abcdefghijklmno: 1, 'abcdefghijklmé': 2 });
    await rejection(client.get(key, ['abcdefghijklmnop']), InvalidArgumentError, ResultCode.BIN_NAME_TOO_LONG);
  });

  it('an unknown namespace fails with InvalidArgumentError (20)', async () => {
    const bogus = `nosuchns${RUN_ID}`.slice(0, 31);
    const putErr = await rejection(client.put([bogus, set, 'k'], { a: 1 }), InvalidArgumentError, ResultCode.INVALID_NAMESPACE);
    expect(putErr.message).toContain(bogus);
    await rejection(client.get([bogus, set, 'k']), InvalidArgumentError, ResultCode.INVALID_NAMESPACE);
    await rejection(client.exists([bogus, set, 'k']), InvalidArgumentError, ResultCode.INVALID_NAMESPACE);
  });

  it('bins must be a non-empty object', async () => {
    const key = freshKey('bins-shape');
    await rejection(client.put(key, {}), InvalidArgumentError, ResultCode.PARAMETER_ERROR);
    await rejection(client.put(key, [1] as unknown as Record<string, BinValue>), InvalidArgumentError, ResultCode.PARAMETER_ERROR);
    await rejection(client.put(key, { a: undefined as unknown as BinValue }), InvalidArgumentError, ResultCode.PARAMETER_ERROR);
    await rejection(client.put(key, { a: 2n ** 64n }), InvalidArgumentError, ResultCode.PARAMETER_ERROR);
    expect(await client.exists(key)).toBe(false);
  });
});

describe('server errors', () => {
  it('a record over 1 MiB fails with RECORD_TOO_BIG (13)', async () => {
    const key = freshKey('too-big');
    const err = await rejection(
      client.put(key, { blob: Buffer.alloc(Math.floor(1.1 * 1024 * 1024), 0x61) }),
      AerospikeError,
      ResultCode.RECORD_TOO_BIG,
    );
    expect(err.code).toBe('RECORD_TOO_BIG');
    expect(err.attempts).toBe(1);
    expect(await client.exists(key)).toBe(false);
    // The connection is still in step: the next command works.
    await client.put(key, { small: 1 });
    expect((await client.get(key)).bins).toEqual({ small: 1 });
  });
});

describe('policies', () => {
  it('a per-call policy overrides the client default', async () => {
    const withTtl = await target.connectClient({ policies: { write: { ttl: 50 } } });
    const key = freshKey('policy');
    const meta = await withTtl.put(key, { a: 1 });
    expect(meta.ttl).toBeGreaterThan(40);
    expect(meta.ttl).toBeLessThanOrEqual(50);
    expect((await withTtl.getHeader(key)).ttl).toBeLessThanOrEqual(50);
    const never = await withTtl.put(key, { a: 2 }, { ttl: -1 });
    expect(never).toEqual({ generation: 2, ttl: -1 });
    expect((await withTtl.getHeader(key)).ttl).toBe(-1);
    // The default still applies to the next call without a policy.
    const again = await withTtl.put(key, { a: 3 });
    expect(again.ttl).toBeGreaterThan(40);
    expect(again.ttl).toBeLessThanOrEqual(50);
  });

  it('a client default exists action applies, and a per-call one wins', async () => {
    const createOnly = await target.connectClient({ policies: { write: { exists: ExistsAction.CREATE_ONLY } } });
    const key = freshKey('policy-exists');
    await createOnly.put(key, { a: 1 });
    await rejection(createOnly.put(key, { a: 2 }), RecordExistsError, ResultCode.KEY_EXISTS_ERROR);
    expect((await createOnly.put(key, { a: 3 }, { exists: ExistsAction.UPDATE })).generation).toBe(2);
    expect((await createOnly.get(key)).bins).toEqual({ a: 3 });
  });
});
