/**
 * Bad input to the list, map, bit and HLL builders throws
 * `InvalidArgumentError` when the builder is called, naming the builder and
 * the argument, before anything could be sent.
 */

import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { bits } from '../../src/ops/bit.js';
import { type CdtContext, ctx } from '../../src/ops/ctx.js';
import { hll } from '../../src/ops/hll.js';
import { lists } from '../../src/ops/list.js';
import { maps } from '../../src/ops/map.js';
import { ResultCode } from '../../src/result-codes.js';
import { type CdtValue, Double, HyperLogLog, type MapKey } from '../../src/values.js';
import { CdtReturnType, ListOrder, MapOrder, MapWriteFlags, MapWriteMode } from '../../src/wire/cdt/index.js';

/** Defeats the static types, to pass what untyped callers could. */
function bad<T>(value: unknown): T {
  return value as T;
}

type Row = [what: string, call: () => unknown, message: string | RegExp];

const rows: Row[] = [
  // Bin names
  ['empty bin name', () => lists.append('', 1), 'lists.append: bin name must be a non-empty string, got ""'],
  ['bin name not a string', () => maps.size(bad(7)), 'maps.size: bin name must be a non-empty string, got 7'],
  ['bits: empty bin name', () => bits.get('', 0, 8), 'bits.get: bin name must be a non-empty string'],
  ['hll: empty bin name', () => hll.getCount(''), 'hll.getCount: bin name must be a non-empty string'],

  // Indexes, ranks, counts
  ['non-integer index', () => lists.getByIndex('l', 1.5), 'lists.getByIndex: index must be an integer, got 1.5'],
  ['index as a string', () => lists.get('l', bad('1')), 'lists.get: index must be an integer, got "1"'],
  ['unsafe index', () => lists.pop('l', 2 ** 60), 'lists.pop: index must be an integer'],
  ['NaN rank', () => maps.getByRank('m', Number.NaN), 'maps.getByRank: rank must be an integer, got NaN'],
  ['negative count', () => lists.getByIndexRange('l', 0, -1), 'lists.getByIndexRange: count must be a non-negative integer, got -1'],
  ['fractional count', () => maps.removeByRankRange('m', 0, 0.5), 'maps.removeByRankRange: count must be a non-negative integer, got 0.5'],
  ['missing trim count', () => lists.trim('l', 0, bad(undefined)), 'lists.trim: count must be a non-negative integer, got undefined'],
  ['options where count goes', () => lists.popRange('l', 0, bad({ ctx: [] })), 'lists.popRange: count must be a non-negative integer, got an object'],
  ['relative index', () => maps.getByKeyRelIndexRange('m', 'a', 0.1), 'maps.getByKeyRelIndexRange: index must be an integer'],

  // Return types
  ['unknown return type name', () => lists.getByValue('l', 1, { returnType: bad('values') }), /lists\.getByValue: returnType must be one of 'none'.*got "values"/],
  ['map return type on a list', () => lists.getByIndex('l', 0, { returnType: bad('key') }), "lists.getByIndex: returnType \"key\" is a map return type; a list cannot return it"],
  [
    'numeric map return type on a list',
    () => lists.getByRankRange('l', 0, 1, { returnType: CdtReturnType.KEY_VALUE }),
    'lists.getByRankRange: returnType 8 is a map return type',
  ],
  ['unknown numeric return type', () => maps.getByKey('m', 'a', { returnType: 9 }), 'maps.getByKey: returnType 9 is not a known return type'],
  ['return type out of range', () => maps.getByKey('m', 'a', { returnType: 0x20007 }), 'maps.getByKey: returnType must be a return type name or a CdtReturnType value'],
  ['inverted not a boolean', () => lists.getByValue('l', 1, { inverted: bad(1) }), 'lists.getByValue: inverted must be a boolean, got 1'],
  [
    'inverting a single-element selection',
    () => lists.getByIndex('l', 0, bad({ inverted: true })),
    'lists.getByIndex: a selection of one element cannot be inverted',
  ],
  [
    'inverting a single-element selection (numeric)',
    () => maps.removeByKey('m', 'a', { returnType: CdtReturnType.VALUE | CdtReturnType.INVERTED }),
    'maps.removeByKey: a selection of one element cannot be inverted',
  ],
  ['options not an object', () => lists.size('l', bad('ctx')), 'lists.size: options must be an object, got "ctx"'],

  // Values the wire cannot carry
  ['value undefined', () => lists.append('l', bad(undefined)), 'lists.append: value is required'],
  ['value a function', () => lists.append('l', bad(() => 1)), 'lists.append: value: function cannot be encoded'],
  ['value a Date', () => lists.insert('l', 0, bad(new Date(0))), 'lists.insert: value: a Date cannot be encoded'],
  ['nested bad value', () => lists.appendItems('l', [1, [2, bad(Symbol('s'))]]), 'lists.appendItems: items at [1][1]: symbol cannot be encoded'],
  ['integer beyond 64 bits', () => maps.put('m', 'a', 2n ** 64n), 'maps.put: value: integer 18446744073709551616 does not fit in 64 bits'],
  ['lone surrogate', () => lists.getByValue('l', '\ud800'), /lists\.getByValue: value: string is not well-formed UTF-16/],
  ['items not an array', () => lists.appendItems('l', bad('ab')), 'lists.appendItems: items must be an array, got "ab"'],
  ['values not an array', () => maps.getByValueList('m', bad(1)), 'maps.getByValueList: values must be an array, got 1'],
  ['map key a list', () => maps.put('m', bad(['a']), 1), 'maps.put: key must be a string, number, bigint or bytes, got an array'],
  ['map key null', () => maps.getByKey('m', bad(null)), 'maps.getByKey: key must be a string, number, bigint or bytes, got null'],
  ['key list element', () => maps.removeByKeyList('m', ['a', bad({})]), 'maps.removeByKeyList: keys[1] must be a string, number, bigint or bytes'],
  ['key range end', () => maps.getByKeyRange('m', 'a', bad(true)), 'maps.getByKeyRange: end must be a string, number, bigint or bytes, got true'],
  ['putItems of an array', () => maps.putItems('m', bad([1, 2])), 'maps.putItems: items must be a Map or a plain object, got an array'],
  [
    'putItems with a bad key',
    () => maps.putItems('m', new Map<MapKey, CdtValue>([[bad<MapKey>(true), 1]])),
    'maps.putItems: items: map keys must be strings, numbers, bigints or bytes; found boolean',
  ],
  ['increment by a string', () => maps.increment('m', 'a', bad('1')), 'maps.increment: amount must be a number, a bigint or a Double, got "1"'],
  ['list increment by a list', () => lists.increment('l', 0, bad([1])), 'lists.increment: value must be a number, a bigint or a Double, got an array'],

  // Policies and flags
  ['list policy not an object', () => lists.append('l', 1, { policy: bad(3) }), 'lists.append: policy must be an object, got 3'],
  ['unknown list write flag', () => lists.append('l', 1, { policy: { writeFlags: 0x10 } }), 'lists.append: policy.writeFlags has unknown bits: 0x10'],
  ['negative list write flags', () => lists.insert('l', 0, 1, { policy: { writeFlags: -1 } }), 'lists.insert: policy.writeFlags must be a non-negative integer, got -1'],
  ['bad list order', () => lists.appendItems('l', [1], { policy: { order: bad(2) } }), 'lists.appendItems: policy.order must be ListOrder.UNORDERED or ListOrder.ORDERED, got 2'],
  ['create with a bad order', () => lists.create('l', bad('ordered')), 'lists.create: order must be ListOrder.UNORDERED or ListOrder.ORDERED'],
  ['create with a non-boolean pad', () => lists.create('l', ListOrder.ORDERED, { pad: bad(1) }), 'lists.create: pad must be a boolean, got 1'],
  ['unknown sort flag', () => lists.sort('l', 4), 'lists.sort: sortFlags has unknown bits: 0x4'],
  ['unknown map write flag', () => maps.put('m', 'a', 1, { policy: { writeFlags: 0x20 } }), 'maps.put: policy.writeFlags has unknown bits: 0x20'],
  ['bad map order', () => maps.create('m', bad(2)), 'maps.create: order must be MapOrder.UNORDERED, KEY_ORDERED or KEY_VALUE_ORDERED, got 2'],
  ['bad write mode', () => maps.put('m', 'a', 1, { policy: { writeMode: bad(3) } }), 'maps.put: policy.writeMode must be MapWriteMode.UPDATE'],
  [
    'write mode and write flags together',
    () => maps.putItems('m', { a: 1 }, { policy: { writeMode: MapWriteMode.UPDATE_ONLY, writeFlags: MapWriteFlags.NO_FAIL } }),
    'maps.putItems: policy.writeMode and policy.writeFlags cannot be combined',
  ],
  ['persistIndex not a boolean', () => maps.setPolicy('m', { order: MapOrder.KEY_ORDERED, persistIndex: bad('yes') }), 'maps.setPolicy: policy.persistIndex must be a boolean'],
  ['setPolicy without a policy', () => maps.setPolicy('m', bad(undefined)), 'maps.setPolicy: policy is required'],

  // Contexts
  ['context not an array', () => lists.size('l', { ctx: bad({}) }), 'lists.size: ctx: a context must be a non-empty array of ctx.* steps'],
  ['context step not a step', () => maps.size('m', { ctx: bad<CdtContext>([{ value: 1 }]) }), 'maps.size: ctx[0]: every step must come from a ctx.* builder'],
  [
    'context step with a bad value',
    () => lists.append('l', 1, { ctx: [ctx.mapKey(bad(Symbol('k')))] }),
    'lists.append: ctx[0] value: symbol cannot be encoded',
  ],

  // Bits
  ['bit offset not an integer', () => bits.get('b', 0.5, 8), 'bits.get: bitOffset must be an integer from'],
  ['bit size zero', () => bits.count('b', 0, 0), 'bits.count: bitSize must be an integer from 1 to'],
  ['integer size above 64', () => bits.getInt('b', 0, 65), 'bits.getInt: bitSize must be an integer from 1 to 64, got 65'],
  ['add size above 64', () => bits.add('b', 0, 128, 1), 'bits.add: bitSize must be an integer from 1 to 64, got 128'],
  ['add of a float', () => bits.add('b', 0, 8, 1.5), 'bits.add: value must be a 64-bit integer (a safe integer or a bigint), got 1.5'],
  ['setInt beyond 64 bits', () => bits.setInt('b', 0, 64, 2n ** 64n), 'bits.setInt: value must be a 64-bit integer'],
  ['unknown overflow action', () => bits.subtract('b', 0, 8, 1, { overflow: bad('clamp') }), "bits.subtract: overflow must be 'fail', 'saturate', 'wrap' or a BitOverflowAction, got \"clamp\""],
  ['numeric overflow action', () => bits.add('b', 0, 8, 1, { overflow: bad(1) }), 'bits.add: overflow must be'],
  ['signed not a boolean', () => bits.getInt('b', 0, 8, { signed: bad('yes') }), 'bits.getInt: signed must be a boolean'],
  ['unknown bit write flag', () => bits.not('b', 0, 8, { policy: { writeFlags: 16 } }), 'bits.not: policy.writeFlags has unknown bits: 0x10'],
  ['unknown resize flag', () => bits.resize('b', 4, { resizeFlags: 8 }), 'bits.resize: resizeFlags has unknown bits: 0x8'],
  ['negative resize', () => bits.resize('b', -1), 'bits.resize: byteSize must be an integer from 0 to'],
  ['remove zero bytes', () => bits.remove('b', 0, 0), 'bits.remove: byteSize must be an integer from 1 to'],
  ['insert of a string', () => bits.insert('b', 0, bad('ab')), 'bits.insert: value must be a Buffer or Uint8Array, got "ab"'],
  ['set with no bytes', () => bits.set('b', 0, 8, Buffer.alloc(0)), 'bits.set: value must not be empty'],
  ['negative shift', () => bits.lshift('b', 0, 8, -1), 'bits.lshift: shift must be an integer from 0 to'],
  ['scan value not a boolean', () => bits.lscan('b', 0, 8, bad(1)), 'bits.lscan: value must be a boolean, got 1'],

  // HLL
  ['index bits below 4', () => hll.init('h', 3), 'hll.init: indexBits must be an integer from 4 to 16, got 3'],
  ['index bits above 16', () => hll.add('h', ['a'], 17), 'hll.add: indexBits must be an integer from 4 to 16, got 17'],
  ['minhash bits 1 to 3', () => hll.init('h', 8, 3), 'hll.init: minhashBits must be 0 or an integer from 4 to 51, got 3'],
  ['minhash bits above 51', () => hll.add('h', ['a'], 8, 52), 'hll.add: minhashBits must be 0 or an integer from 4 to 51, got 52'],
  ['index and minhash bits above 64', () => hll.init('h', 16, 51), 'hll.init: indexBits + minhashBits must be at most 64, got 16 + 51'],
  ['fold index bits', () => hll.fold('h', 20), 'hll.fold: indexBits must be an integer from 4 to 16, got 20'],
  ['add values not an array', () => hll.add('h', bad('abc')), 'hll.add: values must be an array, got "abc"'],
  ['union of non-sketches', () => hll.getUnion('h', bad(['x'])), 'hll.getUnion: hlls[0] must be a HyperLogLog, got "x"'],
  ['union not an array', () => hll.setUnion('h', bad(new HyperLogLog(Buffer.alloc(1)))), 'hll.setUnion: hlls must be an array of HyperLogLog values'],
  ['unknown hll write flag', () => hll.setUnion('h', [], { policy: { writeFlags: 16 } }), 'hll.setUnion: policy.writeFlags has unknown bits: 0x10'],
];

describe('bad input throws InvalidArgumentError naming the builder and the argument', () => {
  it.each(rows)('%s', (_what, call, message) => {
    let thrown: unknown;
    try {
      call();
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(InvalidArgumentError);
    const err = thrown as InvalidArgumentError;
    expect(err.resultCode).toBe(ResultCode.PARAMETER_ERROR);
    if (typeof message === 'string') expect(err.message).toContain(message);
    else expect(err.message).toMatch(message);
  });
});

describe('good input next to the limits is accepted', () => {
  it.each<[string, () => unknown]>([
    ['index and rank at the safe-integer limits', () => lists.getByIndexRange('l', -(2 ** 53 - 1), 2 ** 53 - 1)],
    ['count zero', () => lists.getRange('l', 0, 0)],
    ['numeric return types with INVERTED on a range', () => lists.getByValueRange('l', 1, 2, { returnType: CdtReturnType.COUNT | CdtReturnType.INVERTED })],
    ['map return types on maps', () => maps.getByIndexRange('m', 0, 1, { returnType: 'unorderedMap' })],
    ['the empty context is no context', () => lists.size('l', { ctx: [] })],
    ['a Double amount', () => maps.increment('m', 'a', new Double(1))],
    ['a bigint amount', () => lists.increment('l', 0, 2n ** 62n)],
    ['64-bit integer size', () => bits.setInt('b', 0, 64, 2n ** 64n - 1n)],
    ['most negative 64-bit operand', () => bits.add('b', 0, 64, -(2n ** 63n), { signed: true })],
    ['index bits 16 with minhash bits 48', () => hll.init('h', 16, 48)],
    ['minhash bits 0', () => hll.add('h', ['a'], 4, 0)],
    ['an empty union list', () => hll.getUnionCount('h', [])],
  ])('%s', (_what, call) => {
    expect(call).not.toThrow();
  });
});
