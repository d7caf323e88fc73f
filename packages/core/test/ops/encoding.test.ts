/**
 * Encodings the official Node.js client cannot be compared on (builders it
 * lacks, values it cannot send, choices where Java and Go decide), pinned
 * byte for byte against the Java client's encoding, plus the shape of what
 * every builder returns.
 */

import { describe, expect, it } from 'vitest';
import { bits } from '../../src/ops/bit.js';
import { ctx } from '../../src/ops/ctx.js';
import { hll } from '../../src/ops/hll.js';
import { lists } from '../../src/ops/list.js';
import { maps } from '../../src/ops/map.js';
import { INFINITY, WILDCARD } from '../../src/values.js';
import { ListOrder, ListSortFlags, ListWriteFlags, MapOrder } from '../../src/wire/cdt/index.js';
import { OperationType } from '../../src/wire/message.js';
import type { Operation } from '../../src/wire/operation.js';
import { ParticleType } from '../../src/wire/particles.js';

function hex(op: Operation): string {
  return op.encoded!.bytes.toString('hex');
}

describe('encodings pinned against the Java client', () => {
  it.each<[string, () => Operation, string]>([
    // `[13, 1]`: SORT with DESCENDING, a flag the official Node client does not name.
    ['lists.sort descending', () => lists.sort('l', ListSortFlags.DESCENDING), '920d01'],
    // Java packs the default amount 1 when a policy follows it.
    ['lists.increment with a policy and no amount', () => lists.increment('l', 2, undefined, { policy: { writeFlags: ListWriteFlags.NO_FAIL } }), '950c02010004'],
    ['lists.setOrder with persistIndex', () => lists.setOrder('l', ListOrder.ORDERED, { persistIndex: true }), '920011'],
    // `[22, 7, ["a", WILDCARD]]`
    ['a wildcard in a value', () => lists.getByValue('l', ['a', WILDCARD]), '931607' + '92a20361d4ff00'],
    // `[25, 7, [1, nil], [1, INFINITY]]`
    ['an infinite range end', () => lists.getByValueRange('l', [1, null], [1, INFINITY]), '941907' + '9201c0' + '9201d4ff01'],
    ['an infinite key range end', () => maps.getByKeyRange('m', 'a', INFINITY, { returnType: 'key' }), '946706' + 'a20361' + 'd4ff01'],
    // A nested map never keeps its index on disk: the persist bit is dropped in a context.
    [
      'maps.setPolicy with persistIndex in a context',
      () => maps.setPolicy('m', { order: MapOrder.KEY_ORDERED, persistIndex: true }, { ctx: [ctx.mapKey('a')] }),
      '93ccff' + '9222a20361' + '924001',
    ],
    ['maps.setPolicy with persistIndex', () => maps.setPolicy('m', { order: MapOrder.KEY_ORDERED, persistIndex: true }), '924011'],
    ['maps.put with persistIndex', () => maps.put('m', 'a', 1, { policy: { persistIndex: true } }), '9443a203610110'],
    // A Map is sent as an unordered map, in its own order (Java and Go send a map as given).
    [
      'maps.putItems of a Map with integer keys',
      () =>
        maps.putItems(
          'm',
          new Map([
            [3, 'c'],
            [-1, 'a'],
          ]),
        ),
      '9344' + '82' + '03a20363' + 'ffa20361' + '00',
    ],
    // Server 8.1 context steps.
    ['a context of every child', () => lists.size('l', { ctx: [ctx.allChildren()] }), '93ccff' + '9204c3' + '9110'],
    ['a context of keys', () => maps.size('m', { ctx: [ctx.mapKeysIn(['a', 'b'])] }), '93ccff' + '922a' + '92a20361a20362' + '9160'],
    ['the empty context is no context', () => lists.size('l', { ctx: [] }), '9110'],
    // Bit builders the official Node client lacks: `[12, offset, size, value, flags]` and `[51, offset, size]`.
    ['bits.setInt', () => bits.setInt('b', 8, 16, 0x1234), '950c0810cd123400'],
    ['bits.setInt of a negative value, with a policy', () => bits.setInt('b', 0, 8, -1, { policy: { writeFlags: 4 } }), '950c0008ff04'],
    ['bits.count', () => bits.count('b', 0, 64), '93330040'],
    ['bits.add of the largest unsigned value', () => bits.add('b', 0, 64, 2n ** 64n - 1n), '960a0040cfffffffffffffffff0000'],
    // `-1` means "not given" for index and minhash bits.
    ['hll.init without minhash bits', () => hll.init('h', 16), '940010ff00'],
    ['hll.add without bits', () => hll.add('h', []), '950190ffff00'],
  ])('%s', (_name, build, expected) => {
    expect(hex(build())).toBe(expected);
  });
});

describe('what the builders return', () => {
  const cases: Array<[string, () => Operation, number]> = [
    ['a list read', () => lists.getByRank('l', 0), OperationType.CDT_READ],
    ['a list write', () => lists.append('l', 1), OperationType.CDT_MODIFY],
    ['a list removal', () => lists.removeByIndex('l', 0), OperationType.CDT_MODIFY],
    ['a map read', () => maps.getByKey('m', 'a'), OperationType.CDT_READ],
    ['a map write', () => maps.put('m', 'a', 1), OperationType.CDT_MODIFY],
    ['a bit read', () => bits.get('b', 0, 8), OperationType.BIT_READ],
    ['a bit write', () => bits.not('b', 0, 8), OperationType.BIT_MODIFY],
    ['an HLL read', () => hll.describe('h'), OperationType.HLL_READ],
    ['an HLL write', () => hll.refreshCount('h'), OperationType.HLL_MODIFY],
  ];
  it.each(cases)('%s: its operation type, the bin, and a BLOB particle', (_name, build, op) => {
    const o = build();
    expect(o.op).toBe(op);
    expect(o.bin.length).toBe(1);
    expect(o.value).toBeUndefined();
    expect(o.encoded?.particleType).toBe(ParticleType.BLOB);
  });

  it('encodes at build time, into bytes of its own', () => {
    const value = [1, 2];
    const a = lists.append('l', value);
    value.push(3);
    const b = lists.append('l', value);
    expect(hex(a)).toBe('92019201' + '02');
    expect(hex(b)).not.toBe(hex(a));
    expect(a.encoded!.bytes.buffer === b.encoded!.bytes.buffer && a.encoded!.bytes.byteOffset === b.encoded!.bytes.byteOffset).toBe(false);
  });

  it('defaults: get… returns the value, remove… nothing', () => {
    expect(hex(lists.getByIndex('l', 0))).toBe('931307' + '00');
    expect(hex(lists.removeByIndex('l', 0))).toBe('932000' + '00');
    expect(hex(maps.getByIndex('m', 0))).toBe('936207' + '00');
    expect(hex(maps.removeByIndex('m', 0))).toBe('934d00' + '00');
  });

  it('has every builder the official clients have', () => {
    expect(Object.keys(lists).sort()).toEqual(
      [
        'append', 'appendItems', 'insert', 'insertItems', 'pop', 'popRange', 'remove', 'removeRange', 'removeByIndex',
        'removeByIndexRange', 'removeByValue', 'removeByValueList', 'removeByValueRange', 'removeByValueRelRankRange',
        'removeByRank', 'removeByRankRange', 'clear', 'set', 'trim', 'increment', 'create', 'setOrder', 'sort', 'get',
        'getRange', 'getByIndex', 'getByIndexRange', 'getByValue', 'getByValueList', 'getByValueRange',
        'getByValueRelRankRange', 'getByRank', 'getByRankRange', 'size',
      ].sort(),
    );
    expect(Object.keys(maps).sort()).toEqual(
      [
        'put', 'putItems', 'increment', 'decrement', 'clear', 'removeByKey', 'removeByKeyList', 'removeByKeyRange',
        'removeByKeyRelIndexRange', 'removeByValue', 'removeByValueList', 'removeByValueRange', 'removeByValueRelRankRange',
        'removeByIndex', 'removeByIndexRange', 'removeByRank', 'removeByRankRange', 'setPolicy', 'create', 'size',
        'getByKey', 'getByKeyList', 'getByKeyRange', 'getByKeyRelIndexRange', 'getByValue', 'getByValueList',
        'getByValueRange', 'getByValueRelRankRange', 'getByIndex', 'getByIndexRange', 'getByRank', 'getByRankRange',
      ].sort(),
    );
    expect(Object.keys(bits).sort()).toEqual(
      ['resize', 'insert', 'remove', 'set', 'or', 'xor', 'and', 'not', 'lshift', 'rshift', 'add', 'subtract', 'setInt', 'get', 'count', 'lscan', 'rscan', 'getInt'].sort(),
    );
    expect(Object.keys(hll).sort()).toEqual(
      ['init', 'add', 'setUnion', 'refreshCount', 'fold', 'getCount', 'getUnion', 'getUnionCount', 'getIntersectCount', 'getSimilarity', 'describe'].sort(),
    );
  });
});
