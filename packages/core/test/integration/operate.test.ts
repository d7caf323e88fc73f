/**
 * `operate`: several operations on one record in one round trip, in order.
 * Runs against the memory cluster, or a real server with AEROSPIKE_HOSTS.
 */

import {
  type Client,
  InvalidArgumentError,
  Key,
  type Operation,
  RecordNotFoundError,
  ResultCode,
  ops,
} from '@aerospike-ts/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../support/errors.js';
import { useTarget } from '../support/target.js';

const target = useTarget();
let client: Client;
let set: string;
let keyCounter = 0;

function freshKey(label: string): Key {
  return new Key(target.namespace, set, `${label}-${keyCounter++}`);
}

beforeAll(async () => {
  client = await target.connectClient();
  set = target.uniqueSet('operate');
});

describe('operate', () => {
  it('runs several scalar operations and returns what the reads saw', async () => {
    const key = freshKey('scalar');
    await client.put(key, { i: 10, s: 'abc', f: 1.5 }, { ttl: -1 });
    const result = await client.operate(key, [
      ops.add('i', 5),
      ops.write('w', 'written'),
      ops.append('s', 'def'),
      ops.prepend('s', '>'),
      ops.add('f', 0.25),
      ops.read('i'),
      ops.read('s'),
      ops.read('w'),
      ops.read('f'),
    ]);
    expect(result.key).toBe(key);
    expect(result.generation).toBe(2);
    expect(result.ttl).toBe(-1);
    expect(result.bins).toEqual({ i: 15, s: '>abcdef', w: 'written', f: 1.75 });
    expect(result.results).toEqual([
      ['i', 15],
      ['s', '>abcdef'],
      ['w', 'written'],
      ['f', 1.75],
    ]);
    expect((await client.get(key)).bins).toEqual({ i: 15, s: '>abcdef', w: 'written', f: 1.75 });
  });

  it('a read after a write in the same call sees the write; results keep their order', async () => {
    const key = freshKey('read-after-write');
    await client.put(key, { other: 1 });
    const result = await client.operate(key, [ops.write('x', 1), ops.read('x'), ops.add('x', 1), ops.read('x'), ops.increment('x', 10), ops.read('x')]);
    expect(result.results).toEqual([
      ['x', 1],
      ['x', 2],
      ['x', 12],
    ]);
    expect(result.bins).toEqual({ x: 12 });
    expect(result.generation).toBe(2);
  });

  it('ops.write with null deletes a bin', async () => {
    const key = freshKey('write-null');
    await client.put(key, { a: 1, b: 2 });
    const result = await client.operate(key, [ops.write('b', null), ops.readAll()]);
    expect(result.bins).toEqual({ a: 1 });
    expect((await client.get(key)).bins).toEqual({ a: 1 });
  });

  it('ops.readAll() returns every bin', async () => {
    const key = freshKey('read-all');
    await client.put(key, { a: 1, b: 'two', c: [3] });
    const result = await client.operate(key, [ops.add('a', 1), ops.readAll()]);
    expect(result.bins).toEqual({ a: 2, b: 'two', c: [3] });
    expect(result.generation).toBe(2);
    const readOnly = await client.operate(key, [ops.readAll()]);
    expect(readOnly.bins).toEqual({ a: 2, b: 'two', c: [3] });
    expect(readOnly.generation).toBe(2);
  });

  it('a read-only operate reads without writing', async () => {
    const key = freshKey('read-only');
    await client.put(key, { a: 1, b: 2, c: 3 }, { ttl: -1 });
    const result = await client.operate(key, [ops.read('a'), ops.read('c')]);
    expect(result.bins).toEqual({ a: 1, c: 3 });
    expect(result.results).toEqual([
      ['a', 1],
      ['c', 3],
    ]);
    expect(result.generation).toBe(1);
    expect(result.ttl).toBe(-1);
    expect((await client.getHeader(key)).generation).toBe(1);
  });

  it('ops.touch() bumps the generation and resets the TTL to the policy TTL', async () => {
    const key = freshKey('touch');
    await client.put(key, { a: 1 }, { ttl: -1 });
    const result = await client.operate(key, [ops.touch(), ops.read('a')], { ttl: 1000 });
    expect(result.generation).toBe(2);
    expect(result.bins).toEqual({ a: 1 });
    expect(result.ttl).toBeGreaterThan(990);
    expect(result.ttl).toBeLessThanOrEqual(1000);
    const header = await client.getHeader(key);
    expect(header.generation).toBe(2);
    expect(header.ttl).toBeGreaterThan(990);
    expect(header.ttl).toBeLessThanOrEqual(1000);
  });

  it('ops.touch() on a missing record fails with RecordNotFoundError', async () => {
    const key = freshKey('touch-missing');
    await rejection(client.operate(key, [ops.touch()]), RecordNotFoundError, ResultCode.KEY_NOT_FOUND_ERROR);
    expect(await client.exists(key)).toBe(false);
  });

  it('ops.delete() removes the record', async () => {
    const key = freshKey('delete');
    await client.put(key, { a: 1, b: 2 });
    await client.operate(key, [ops.delete()]);
    expect(await client.exists(key)).toBe(false);
    await rejection(client.get(key), RecordNotFoundError, ResultCode.KEY_NOT_FOUND_ERROR);
  });

  it('writes after ops.delete() start the record afresh', async () => {
    const key = freshKey('delete-then-write');
    await client.put(key, { a: 1, b: 2 });
    await client.operate(key, [ops.delete(), ops.write('z', 26)]);
    expect((await client.get(key)).bins).toEqual({ z: 26 });
  });

  it('read operations on a missing record fail with RecordNotFoundError', async () => {
    const key = freshKey('missing-read');
    const err = await rejection(client.operate(key, [ops.read('i')]), RecordNotFoundError, ResultCode.KEY_NOT_FOUND_ERROR);
    expect(err.attempts).toBe(1);
    expect(client.nodes().map((n) => n.name)).toContain(err.node);
    await rejection(client.operate(key, [ops.readAll()]), RecordNotFoundError, ResultCode.KEY_NOT_FOUND_ERROR);
  });

  it('write operations on a missing record create it', async () => {
    const key = freshKey('missing-write');
    const result = await client.operate(key, [ops.write('a', 1), ops.add('n', 5), ops.append('s', 'x'), ops.read('a'), ops.read('n'), ops.read('s')]);
    expect(result.generation).toBe(1);
    expect(result.bins).toEqual({ a: 1, n: 5, s: 'x' });
    const record = await client.get(key);
    expect(record.bins).toEqual({ a: 1, n: 5, s: 'x' });
    expect(record.generation).toBe(1);
  });

  it('a write then ops.delete() on a missing record fails with RecordNotFoundError and leaves nothing', async () => {
    const key = freshKey('missing-delete');
    await rejection(client.operate(key, [ops.write('a', 1), ops.delete()]), RecordNotFoundError, ResultCode.KEY_NOT_FOUND_ERROR);
    expect(await client.exists(key)).toBe(false);
  });

  it('an empty or malformed operation list is refused locally with InvalidArgumentError', async () => {
    const key = freshKey('empty');
    const err = await rejection(client.operate(key, []), InvalidArgumentError, ResultCode.PARAMETER_ERROR);
    expect(err.attempts).toBe(0);
    await rejection(client.operate(key, [{ bin: 'a' } as unknown as Operation]), InvalidArgumentError, ResultCode.PARAMETER_ERROR);
    await rejection(client.operate(key, 'read' as unknown as Operation[]), InvalidArgumentError, ResultCode.PARAMETER_ERROR);
    await rejection(client.operate(key, [ops.add('n', 'x' as unknown as number)]), InvalidArgumentError, ResultCode.PARAMETER_ERROR);
    await rejection(client.operate(key, [ops.write('abcdefghijklmnop', 1)]), InvalidArgumentError, ResultCode.BIN_NAME_TOO_LONG);
    expect(await client.exists(key)).toBe(false);
  });
});
