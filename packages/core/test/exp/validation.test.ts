/**
 * Input the server would refuse (or that cannot be encoded) is reported
 * when the expression is built, as an InvalidArgumentError (result code
 * PARAMETER_ERROR) that names the builder and the argument. Most cases come
 * from JavaScript callers, which the type system does not protect.
 */

import { describe, expect, expectTypeOf, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { type Exp, type ExpBool, type ExpInt, type ExpMap, exp, expOps, expressionFromBase64, expressionFromBytes, expressionToBase64 } from '../../src/exp/index.js';
import { ctx } from '../../src/ops/ctx.js';
import { ResultCode } from '../../src/result-codes.js';
import { BitOverflowAction } from '../../src/wire/cdt/bit.js';
import { ExpType, LoopVarPart, PathSelectFlags } from '../../src/wire/cdt/exp.js';
import { CdtReturnType as RT } from '../../src/wire/cdt/list.js';
import { MapWriteFlags, MapWriteMode } from '../../src/wire/cdt/map.js';

/** Calls with arguments the types forbid, as a JavaScript caller could. */
const js = (f: object): ((...args: unknown[]) => unknown) => f as (...args: unknown[]) => unknown;

function refuses(build: () => unknown, message: RegExp): void {
  let error: unknown;
  try {
    build();
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(InvalidArgumentError);
  expect((error as InvalidArgumentError).resultCode).toBe(ResultCode.PARAMETER_ERROR);
  expect((error as Error).message).toMatch(message);
}

describe('values', () => {
  it('int needs a safe integer or an int64 bigint', () => {
    refuses(() => exp.int(1.5), /^exp\.int: value must be a safe integer/);
    refuses(() => exp.int(2 ** 53), /^exp\.int: value must be a safe integer/);
    refuses(() => exp.int(Number.NaN), /^exp\.int: value must be a safe integer/);
    refuses(() => exp.int(2n ** 63n), /^exp\.int: .* does not fit in a signed 64-bit integer; use exp\.uint/);
    refuses(() => exp.int(-(2n ** 63n) - 1n), /^exp\.int: /);
    refuses(() => js(exp.int)('1'), /^exp\.int: value must be a number or a bigint, got "1"/);
    expect(exp.int(2n ** 63n - 1n).pack().toString('hex')).toBe('cf7fffffffffffffff');
    expect(exp.int(-(2n ** 63n)).pack().toString('hex')).toBe('d38000000000000000');
  });

  it('uint needs a non-negative integer up to 2^64 - 1', () => {
    refuses(() => exp.uint(-1), /^exp\.uint: value must be a non-negative safe integer/);
    refuses(() => exp.uint(2n ** 64n), /^exp\.uint: .* does not fit in an unsigned 64-bit integer/);
    expect(exp.uint(2n ** 64n - 1n).pack().toString('hex')).toBe('cfffffffffffffffff');
  });

  it('other constants check their JavaScript type', () => {
    refuses(() => js(exp.float)('1'), /^exp\.float: value must be a number/);
    refuses(() => js(exp.bool)(1), /^exp\.bool: value must be a boolean/);
    refuses(() => js(exp.str)(1), /^exp\.str: value must be a string/);
    refuses(() => exp.str('\ud800'), /^exp\.str: value: .*well-formed/);
    refuses(() => js(exp.bytes)('ab'), /^exp\.bytes: value must be a Buffer or Uint8Array/);
    refuses(() => js(exp.geo)(1), /^exp\.geo: value must be GeoJSON text, an object or a GeoJSON/);
    refuses(() => exp.geo('{"type": Point}'), /^exp\.geo: GeoJSON text is not JSON/);
    refuses(() => js(exp.list)('abc'), /^exp\.list: value must be an array/);
    refuses(() => js(exp.map)([1]), /^exp\.map: value must be a Map or a plain object/);
  });

  it('lists and maps the wire cannot carry', () => {
    refuses(() => exp.list([() => 1] as never), /^exp\.list: value: .*cannot be encoded/);
    refuses(() => exp.list([new Date()] as never), /^exp\.list: value: .*Date cannot be encoded/);
    refuses(() => exp.list([exp.int(1)] as never), /^exp\.list: value: .*cannot be encoded/);
    refuses(() => exp.map(new Map([[{} as never, 1]])), /^exp\.map: value: /);
    const cycle: unknown[] = [];
    cycle.push(cycle);
    refuses(() => exp.list(cycle as never), /^exp\.list: value: .*nested deeper/);
  });
});

describe('nesting', () => {
  it('refuses expressions nested deeper than packing can go', () => {
    let e = exp.binBool('a');
    for (let i = 0; i < 2998; i++) e = exp.not(e);
    expect(e.pack().length).toBeGreaterThan(2998);
    refuses(() => exp.not(exp.not(e)), /^exp\.not: value is nested 3000 levels deep; the limit is 3000/);
  });
});

describe('record', () => {
  it('bin names are non-empty strings of at most 15 bytes', () => {
    refuses(() => exp.binInt(''), /^exp\.binInt: bin name must not be empty/);
    refuses(() => exp.binStr('abcdefghijklmnop'), /^exp\.binStr: bin name "abcdefghijklmnop" is 16 bytes; the limit is 15/);
    refuses(() => exp.binList('ééééééééé'), /^exp\.binList: bin name .* is 18 bytes/);
    refuses(() => js(exp.binMap)(1), /^exp\.binMap: bin name must be a string/);
    refuses(() => exp.binType('\udc00'), /^exp\.binType: bin name .* not well-formed/);
    refuses(() => exp.binExists(''), /^exp\.binExists: bin name must not be empty/);
  });

  it('digestModulo needs a non-zero 32-bit integer', () => {
    refuses(() => exp.digestModulo(0), /^exp\.digestModulo: mod must not be 0/);
    refuses(() => exp.digestModulo(1.5), /^exp\.digestModulo: mod must be an integer/);
    refuses(() => exp.digestModulo(2 ** 31), /^exp\.digestModulo: mod must be an integer in \[-2147483648, 2147483647\]/);
  });
});

describe('comparison and logic', () => {
  it('arguments must be expressions', () => {
    refuses(() => js(exp.eq)(1, 2), /^exp\.eq: left must be an expression built with exp\.\*, got number/);
    refuses(() => js(exp.gt)(exp.int(1), null), /^exp\.gt: right must be an expression built with exp\.\*, got null/);
    refuses(() => js(exp.not)(true), /^exp\.not: value must be an expression/);
    refuses(() => js(exp.and)(exp.bool(true), { pack: () => Buffer.alloc(1) }), /^exp\.and: argument 2 must be an expression built with exp\.\*/);
  });

  it('sides of a comparison have the same comparable type', () => {
    refuses(() => js(exp.eq)(exp.binInt('a'), exp.str('1')), /^exp\.eq: cannot compare int with string/);
    refuses(() => js(exp.le)(exp.binInt('a'), exp.float(1)), /^exp\.le: cannot compare int with float/);
    refuses(() => js(exp.eq)(exp.binGeo('a'), exp.binGeo('b')), /^exp\.eq: left must be a .* expression, got geo/);
    refuses(() => js(exp.eq)(exp.binList('a'), exp.wildcard()), /^exp\.eq: right must be .* got wildcard\/inf/);
    expect(() => exp.eq(exp.var('x'), exp.int(1))).not.toThrow();
  });

  it('logic takes booleans, at least two for and/or/exclusive', () => {
    refuses(() => js(exp.and)(exp.bool(true)), /^exp\.and: needs at least 2 boolean expressions, got 1/);
    refuses(() => js(exp.or)(), /^exp\.or: needs at least 2/);
    refuses(() => js(exp.exclusive)(exp.bool(true), exp.int(1)), /^exp\.exclusive: argument 2 must be a bool expression, got int/);
    refuses(() => js(exp.not)(exp.binInt('a')), /^exp\.not: value must be a bool expression, got int/);
    expect(() => exp.and(exp.unknown(), exp.bool(true))).not.toThrow();
  });

  it('cmpRegex flags, regex and string', () => {
    refuses(() => exp.cmpRegex(16, 'a', exp.binStr('s')), /^exp\.cmpRegex: flags must be a combination of the flags 0xf, got 16/);
    refuses(() => exp.cmpRegex(-1, 'a', exp.binStr('s')), /^exp\.cmpRegex: flags/);
    refuses(() => exp.cmpRegex(1.5, 'a', exp.binStr('s')), /^exp\.cmpRegex: flags/);
    refuses(() => js(exp.cmpRegex)(0, 1, exp.binStr('s')), /^exp\.cmpRegex: regex must be a string/);
    refuses(() => exp.cmpRegex(0, 'a\0b', exp.binStr('s')), /^exp\.cmpRegex: regex must not contain a NUL/);
    refuses(() => js(exp.cmpRegex)(0, 'a', exp.binInt('s')), /^exp\.cmpRegex: value must be a string expression, got int/);
  });

  it('cmpGeo and inList check their operands', () => {
    refuses(() => js(exp.cmpGeo)(exp.binGeo('a'), exp.str('x')), /^exp\.cmpGeo: right must be a geo expression, got string/);
    refuses(() => js(exp.inList)(exp.int(1), exp.binMap('m')), /^exp\.inList: list must be a list expression, got map/);
    refuses(() => js(exp.inList)(exp.removeResult(), exp.list([])), /^exp\.inList: value must be .* got removeResult/);
  });
});

describe('arithmetic', () => {
  it('all integers or all floats', () => {
    refuses(() => js(exp.add)(exp.binInt('a'), exp.float(1)), /^exp\.add: argument 2 is float but an earlier one is int/);
    refuses(() => js(exp.max)(exp.float(1), exp.var('v'), exp.int(1)), /^exp\.max: argument 3 is int but an earlier one is float/);
    refuses(() => js(exp.mul)(exp.str('a')), /^exp\.mul: argument 1 must be an int or float expression, got string/);
    refuses(() => js(exp.sub)(), /^exp\.sub: needs at least one number/);
    refuses(() => js(exp.pow)(exp.int(1), exp.float(1)), /^exp\.pow: base must be a float expression, got int/);
    refuses(() => js(exp.log)(exp.float(1), exp.int(1)), /^exp\.log: base must be a float expression, got int/);
    refuses(() => js(exp.mod)(exp.int(1), exp.float(1)), /^exp\.mod: denominator must be an int expression, got float/);
    refuses(() => js(exp.abs)(exp.str('a')), /^exp\.abs: value must be an int or float expression/);
    refuses(() => js(exp.toInt)(exp.int(1)), /^exp\.toInt: value must be a float expression, got int/);
    refuses(() => js(exp.toFloat)(exp.float(1)), /^exp\.toFloat: value must be an int expression, got float/);
  });

  it('integer bit operations take integers (and a boolean to scan for)', () => {
    refuses(() => js(exp.intAnd)(exp.int(1), exp.float(1)), /^exp\.intAnd: argument 2 must be an int expression, got float/);
    refuses(() => js(exp.intXor)(), /^exp\.intXor: needs at least one integer/);
    refuses(() => js(exp.intLshift)(exp.int(1), exp.float(1)), /^exp\.intLshift: shift must be an int expression/);
    refuses(() => js(exp.intLscan)(exp.int(1), exp.int(1)), /^exp\.intLscan: search must be a bool expression, got int/);
  });
});

describe('control flow', () => {
  it('cond needs pairs and a default of one type', () => {
    refuses(() => js(exp.cond)(exp.bool(true), exp.int(1)), /^exp\.cond: needs \(condition, value\) pairs and a default: an odd number of arguments, at least 3, got 2/);
    refuses(() => js(exp.cond)(exp.bool(true)), /^exp\.cond: .*got 1/);
    refuses(() => js(exp.cond)(exp.int(1), exp.int(1), exp.int(2)), /^exp\.cond: condition 1 must be a bool expression, got int/);
    refuses(() => js(exp.cond)(exp.bool(true), exp.int(1), exp.str('x')), /^exp\.cond: default is string but an earlier branch is int/);
    refuses(() => js(exp.cond)(exp.bool(true), exp.inf(), exp.int(1)), /^exp\.cond: value 1 cannot be exp\.wildcard\(\) or exp\.inf\(\)/);
    expect(() => exp.cond(exp.bool(true), exp.unknown(), exp.bool(false), exp.var('x'), exp.int(1))).not.toThrow();
  });

  it('variable names are identifiers, defined once per let', () => {
    refuses(() => exp.def('1x', exp.int(1)), /^exp\.def: variable name "1x" must start with a letter or "_"/);
    refuses(() => exp.def('a-b', exp.int(1)), /^exp\.def: variable name "a-b"/);
    refuses(() => exp.def('', exp.int(1)), /^exp\.def: variable name ""/);
    refuses(() => exp.var('é'), /^exp\.var: variable name "é"/);
    refuses(() => js(exp.def)('x', 1), /^exp\.def: value must be an expression/);
    refuses(() => exp.let(exp.def('x', exp.int(1)), exp.def('x', exp.int(2)), exp.var('x')), /^exp\.let: variable "x" is defined twice/);
    refuses(() => js(exp.let)(exp.int(1)), /^exp\.let: needs at least one exp\.def and a scope expression, got 1 arguments/);
    refuses(() => js(exp.let)(exp.int(1), exp.int(2)), /^exp\.let: argument 1 must be an exp\.def\(name, value\)/);
    refuses(() => js(exp.let)(exp.def('x', exp.int(1)), exp.def('y', exp.int(1))), /^exp\.let: scope must be an expression/);
  });
});

describe('lists and maps', () => {
  const l = exp.binList('l');
  const m = exp.binMap('m');

  it('return types are checked', () => {
    refuses(() => exp.lists.getByValue(l, exp.int(1), RT.NONE), /^exp\.lists\.getByValue: returnType must be a return type name or CdtReturnType other than 'none' valid for lists/);
    refuses(() => exp.lists.getByIndexRange(l, 0, 1, RT.KEY), /^exp\.lists\.getByIndexRange: returnType .* valid for lists/);
    refuses(() => exp.maps.getByKeyList(m, exp.list([]), 99), /^exp\.maps\.getByKeyList: returnType must be .* got 99/);
    refuses(() => exp.lists.getByValue(l, exp.int(1), RT.VALUE | 0x20000), /^exp\.lists\.getByValue: returnType/);
    refuses(() => exp.lists.removeByValue(l, exp.int(1), null, 99), /^exp\.lists\.removeByValue: returnType must be a return type name or CdtReturnType valid for lists/);
    expect(() => exp.lists.removeByValue(l, exp.int(1), null, RT.NONE | RT.INVERTED)).not.toThrow();
    expect(() => exp.maps.getByValue(m, exp.int(1), RT.KEY | RT.INVERTED)).not.toThrow();
  });

  it('return types may be given by name, as the operation builders take them', () => {
    expect(exp.lists.getByValue(l, exp.int(1), 'count').pack()).toEqual(exp.lists.getByValue(l, exp.int(1), RT.COUNT).pack());
    expect(exp.maps.getByKeyList(m, exp.list(['a']), 'keyValue').pack()).toEqual(exp.maps.getByKeyList(m, exp.list(['a']), RT.KEY_VALUE).pack());
    expectTypeOf(exp.lists.getByValue(l, exp.int(1), 'count')).toEqualTypeOf<Exp<ExpInt>>();
    expectTypeOf(exp.lists.getByValue(l, exp.int(1), 'exists')).toEqualTypeOf<Exp<ExpBool>>();
    expectTypeOf(exp.maps.getByKeyList(m, exp.list(['a']), 'keyValue')).toEqualTypeOf<Exp<ExpMap>>();
    refuses(() => exp.lists.getByIndexRange(l, 0, 1, 'key' as never), /^exp\.lists\.getByIndexRange: returnType .* valid for lists .* got "key"/);
    refuses(() => exp.lists.getByValue(l, exp.int(1), 'values' as never), /^exp\.lists\.getByValue: returnType .* got "values"/);
  });

  it('the declared value type of a single-element read must match the return type', () => {
    refuses(() => exp.lists.getByIndex(l, 0, ExpType.STRING, RT.COUNT), /^exp\.lists\.getByIndex: valueType string does not match returnType 5, which returns int/);
    refuses(() => exp.maps.getByKey(m, exp.str('k'), ExpType.LIST, RT.EXISTS), /^exp\.maps\.getByKey: valueType list does not match returnType 13, which returns bool/);
    refuses(() => exp.maps.getByRank(m, 0, ExpType.INT, RT.ORDERED_MAP), /^exp\.maps\.getByRank: valueType int .* returns map/);
    refuses(() => exp.lists.getByRank(l, 0, 10, RT.VALUE), /^exp\.lists\.getByRank: valueType must be an ExpType, got 10/);
  });

  it('the bin must be a list or map, consistent with the context', () => {
    refuses(() => js(exp.lists.size)(exp.binStr('s')), /^exp\.lists\.size: bin must be a list, map or nil expression, got string/);
    refuses(() => exp.lists.size(m), /^exp\.lists\.size: bin is a map; a list expression on it needs a ctx that leads to the nested list/);
    refuses(() => exp.maps.size(l), /^exp\.maps\.size: bin is a list; a map expression on it needs a ctx/);
    refuses(() => exp.lists.append(l, exp.int(1), null, [ctx.mapKey('a')]), /^exp\.lists\.append: bin is a list but the first ctx step selects in a map/);
    refuses(() => exp.maps.put(m, exp.str('k'), exp.int(1), null, [ctx.listIndex(0)]), /^exp\.maps\.put: bin is a map but the first ctx step selects in a list/);
    expect(() => exp.lists.size(m, [ctx.mapKey('a')])).not.toThrow();
    expect(() => exp.lists.size(l, [ctx.allChildren()])).not.toThrow();
    expect(() => exp.lists.size(exp.var('x'))).not.toThrow();
  });

  it('contexts, indexes and values are checked', () => {
    refuses(() => js(exp.lists.size)(l, 'ctx'), /^exp\.lists\.size: ctx must be an array of ctx\.\* steps/);
    refuses(() => js(exp.lists.size)(l, [{ nope: 1 }]), /^exp\.lists\.size: ctx: .*ctx\.\* builder/);
    refuses(() => exp.lists.getByIndex(l, 1.5, ExpType.INT, RT.VALUE), /^exp\.lists\.getByIndex: index must be an integer, got 1\.5/);
    refuses(() => exp.lists.getByIndexRange(l, 0, 2n ** 64n, RT.VALUE), /^exp\.lists\.getByIndexRange: count .* does not fit in a signed 64-bit integer/);
    refuses(() => js(exp.lists.getByRank)(l, exp.str('0'), ExpType.INT, RT.VALUE), /^exp\.lists\.getByRank: rank must be an int expression, got string/);
    refuses(() => js(exp.lists.getByValueList)(l, exp.int(1), RT.COUNT), /^exp\.lists\.getByValueList: values must be a list expression, got int/);
    refuses(() => js(exp.lists.append)(l, exp.inf()), /^exp\.lists\.append: value must be .* got wildcard\/inf/);
    refuses(() => js(exp.maps.putItems)(m, exp.list([])), /^exp\.maps\.putItems: items must be a map expression, got list/);
  });

  it('policies, orders and flags are checked', () => {
    refuses(() => exp.lists.append(l, exp.int(1), { order: 2 as never }), /^exp\.lists\.append: policy\.order must be one of 0, 1, got 2/);
    refuses(() => exp.lists.insert(l, 0, exp.int(1), { writeFlags: 0x10 }), /^exp\.lists\.insert: policy\.writeFlags must be a combination of the flags 0xf, got 16/);
    refuses(() => js(exp.lists.append)(l, exp.int(1), { flags: 1 }), /^exp\.lists\.append: policy\.flags is not a policy field: use policy\.writeFlags/);
    refuses(() => js(exp.lists.append)(l, exp.int(1), 'ordered'), /^exp\.lists\.append: policy must be an object, got "ordered"/);
    refuses(() => exp.maps.put(m, exp.str('k'), exp.int(1), { order: 2 as never }), /^exp\.maps\.put: policy\.order must be one of 0, 1, 3, got 2/);
    refuses(() => exp.maps.increment(m, exp.str('k'), exp.int(1), { writeFlags: 0x20 }), /^exp\.maps\.increment: policy\.writeFlags/);
    refuses(() => exp.maps.put(m, exp.str('k'), exp.int(1), { writeMode: 3 as never }), /^exp\.maps\.put: policy\.writeMode must be one of 0, 1, 2, got 3/);
    refuses(
      () => exp.maps.putItems(m, exp.map({}), { writeMode: MapWriteMode.CREATE_ONLY, writeFlags: MapWriteFlags.NO_FAIL }),
      /^exp\.maps\.putItems: policy\.writeMode and policy\.writeFlags cannot be combined/,
    );
    refuses(() => js(exp.maps.put)(m, exp.str('k'), exp.int(1), { persistIndex: 1 }), /^exp\.maps\.put: policy\.persistIndex must be a boolean, got 1/);
    refuses(() => exp.lists.sort(l, 4), /^exp\.lists\.sort: flags must be a combination of the flags 0x3, got 4/);
  });
});

describe('bits and HLL', () => {
  const b = exp.binBlob('b');
  const h = exp.binHll('h');

  it('bit expressions check their flags and arguments', () => {
    refuses(() => js(exp.bit.count)(exp.binStr('s'), 0, 8), /^exp\.bit\.count: bin must be a blob or nil expression, got string/);
    refuses(() => exp.bit.reSize(b, 4, 8), /^exp\.bit\.reSize: flags must be a combination of the flags 0x7, got 8/);
    refuses(() => exp.bit.set(b, 0, 8, exp.bytes(Buffer.from([1])), { writeFlags: 16 }), /^exp\.bit\.set: policy\.writeFlags/);
    refuses(() => js(exp.bit.set)(b, 0, 8, exp.bytes(Buffer.from([1])), { flags: 2 }), /^exp\.bit\.set: policy\.flags is not a policy field/);
    refuses(() => exp.bit.add(b, 0, 8, 1, false, 1 as never), /^exp\.bit\.add: action must be one of 0, 2, 4, got 1/);
    refuses(() => js(exp.bit.subtract)(b, 0, 8, 1, 'yes', BitOverflowAction.FAIL), /^exp\.bit\.subtract: signed must be a boolean, got "yes"/);
    refuses(() => js(exp.bit.getInt)(b, 0, 8, 1), /^exp\.bit\.getInt: signed must be a boolean/);
    refuses(() => exp.bit.get(b, -0.5, 8), /^exp\.bit\.get: bitOffset must be an integer/);
    refuses(() => js(exp.bit.insert)(b, 0, exp.str('x')), /^exp\.bit\.insert: value must be a blob expression, got string/);
    refuses(() => js(exp.bit.lScan)(b, 0, 8, exp.int(1)), /^exp\.bit\.lScan: value must be a bool expression, got int/);
  });

  it('HLL expressions check bit counts and flags', () => {
    refuses(() => exp.hll.init(h, 3), /^exp\.hll\.init: indexBitCount must be an integer in \[4, 16\], got 3/);
    refuses(() => exp.hll.add(h, exp.list([]), 17), /^exp\.hll\.add: indexBitCount must be an integer in \[4, 16\], got 17/);
    refuses(() => exp.hll.initMH(h, 8, 2), /^exp\.hll\.initMH: minHashBitCount must be 0 or an integer in \[4, 51\], got 2/);
    refuses(() => exp.hll.addMH(h, exp.list([]), 8, 52), /^exp\.hll\.addMH: minHashBitCount/);
    refuses(() => exp.hll.update(h, exp.list([]), { writeFlags: 0x10 }), /^exp\.hll\.update: policy\.writeFlags/);
    refuses(() => js(exp.hll.getCount)(exp.binBlob('b')), /^exp\.hll\.getCount: bin must be a hll or nil expression, got blob/);
    refuses(() => js(exp.hll.mayContain)(h, exp.int(1)), /^exp\.hll\.mayContain: list must be a list expression, got int/);
  });
});

describe('server 8.1 paths', () => {
  const m = exp.binMap('m');
  const all = [ctx.allChildren()];

  it('selectByPath flags, context and value type', () => {
    refuses(() => exp.selectByPath(m, ExpType.LIST, PathSelectFlags.APPLY, all), /^exp\.selectByPath: flags must select MATCHING_TREE, VALUES, MAP_KEYS or MAP_KEY_VALUES/);
    refuses(() => exp.selectByPath(m, ExpType.LIST, 0x20, all), /^exp\.selectByPath: flags must be a combination/);
    refuses(() => exp.selectByPath(m, ExpType.LIST, PathSelectFlags.VALUES, []), /^exp\.selectByPath: ctx must be a non-empty array/);
    refuses(() => exp.selectByPath(m, ExpType.MAP, PathSelectFlags.VALUES, all), /^exp\.selectByPath: valueType map does not match what flags 1 select \(list\)/);
    refuses(() => exp.selectByPath(m, ExpType.LIST, PathSelectFlags.MATCHING_TREE, all), /^exp\.selectByPath: valueType list does not match what flags 0 select \(map\)/);
    refuses(() => js(exp.selectByPath)(exp.binInt('i'), ExpType.INT, 0, all), /^exp\.selectByPath: bin must be a list or map expression, got int/);
  });

  it('modifyByPath flags, modification and value type', () => {
    const inc = exp.add(exp.loopVarInt(LoopVarPart.VALUE), exp.int(1));
    refuses(() => exp.modifyByPath(m, ExpType.MAP, inc, PathSelectFlags.VALUES, all), /^exp\.modifyByPath: flags must be a combination of the flags 0x14, got 1/);
    refuses(() => exp.modifyByPath(m, ExpType.LIST, inc, 0, all), /^exp\.modifyByPath: valueType list does not match the bin, a map/);
    refuses(() => exp.modifyByPath(m, ExpType.MAP, exp.wildcard(), 0, all), /^exp\.modifyByPath: modExp cannot be exp\.wildcard\(\)/);
    refuses(() => js(exp.modifyByPath)(m, ExpType.MAP, inc, 0, undefined), /^exp\.modifyByPath: ctx must be a non-empty array/);
  });

  it('loop variables', () => {
    refuses(() => exp.loopVarStr(LoopVarPart.LIST_INDEX), /^exp\.loopVarStr: LoopVarPart\.LIST_INDEX is an integer: read it with exp\.loopVarInt/);
    refuses(() => exp.loopVarInt(3 as never), /^exp\.loopVarInt: part must be a LoopVarPart/);
    refuses(() => js(exp.mapKeys)(exp.binList('l')), /^exp\.mapKeys: map must be a map expression, got list/);
  });
});

describe('expression operations', () => {
  it('names, flags and expressions are checked', () => {
    refuses(() => expOps.read('', exp.int(1)), /^expOps\.read: bin name must not be empty/);
    refuses(() => expOps.write('abcdefghijklmnop', exp.int(1)), /^expOps\.write: bin name .* 16 bytes/);
    refuses(() => expOps.read('x', exp.int(1), 1), /^expOps\.read: flags must be a combination of the flags 0x10, got 1/);
    refuses(() => expOps.write('x', exp.int(1), 0x20), /^expOps\.write: flags must be a combination of the flags 0x1f, got 32/);
    refuses(() => js(expOps.read)('x', 1), /^expOps\.read: expression must be an expression built with exp\.\*/);
    refuses(() => expOps.write('x', exp.inf()), /^expOps\.write: expression cannot be exp\.wildcard\(\) or exp\.inf\(\)/);
  });
});

describe('base64', () => {
  it('refuses what is not one packed value', () => {
    refuses(() => expressionFromBase64(''), /^expressionFromBase64: empty expression/);
    refuses(() => expressionFromBase64('kwGT'), /^expressionFromBase64: not a packed expression/);
    refuses(() => expressionFromBytes(Buffer.from([0x01, 0x02])), /^expressionFromBytes: not a packed expression: 1 bytes after the expression/);
    refuses(() => js(expressionFromBase64)(1), /^expressionFromBase64: text must be a string/);
    refuses(() => js(expressionToBase64)({}), /^expressionToBase64: expression must be an expression built with exp\.\*/);
  });
});
