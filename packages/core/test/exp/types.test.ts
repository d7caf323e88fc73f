/**
 * Compile-time checks of the expression types. Every `@ts-expect-error`
 * line is a mistake the compiler must refuse (`tsc -p tsconfig.test.json`
 * fails if one compiles); at run time the same call must throw, since a
 * JavaScript caller has no compiler to stop it.
 */

import { describe, expect, expectTypeOf, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import {
  type BoolExp,
  type Exp,
  type ExpBlob,
  type ExpBool,
  type ExpFloat,
  type ExpGeo,
  type ExpHll,
  type ExpInt,
  type ExpKind,
  type ExpList,
  type ExpMap,
  type ExpNil,
  type ExpRemove,
  type ExpString,
  type IntExp,
  exp,
  expOps,
  expressionFromBase64,
} from '../../src/exp/index.js';
import { ctx } from '../../src/ops/ctx.js';
import { ExpType, LoopVarPart, PathSelectFlags } from '../../src/wire/cdt/exp.js';
import { CdtReturnType as RT } from '../../src/wire/cdt/list.js';

const refused = (build: () => unknown) => expect(build).toThrow(InvalidArgumentError);

describe('result types', () => {
  it('values and bins carry their type', () => {
    expectTypeOf(exp.int(1)).toEqualTypeOf<Exp<ExpInt>>();
    expectTypeOf(exp.uint(1)).toEqualTypeOf<Exp<ExpInt>>();
    expectTypeOf(exp.float(1)).toEqualTypeOf<Exp<ExpFloat>>();
    expectTypeOf(exp.str('a')).toEqualTypeOf<Exp<ExpString>>();
    expectTypeOf(exp.bool(true)).toEqualTypeOf<Exp<ExpBool>>();
    expectTypeOf(exp.bytes(Buffer.alloc(1))).toEqualTypeOf<Exp<ExpBlob>>();
    expectTypeOf(exp.geo('{}')).toEqualTypeOf<Exp<ExpGeo>>();
    expectTypeOf(exp.list([])).toEqualTypeOf<Exp<ExpList>>();
    expectTypeOf(exp.map({})).toEqualTypeOf<Exp<ExpMap>>();
    expectTypeOf(exp.nil()).toEqualTypeOf<Exp<ExpNil>>();
    expectTypeOf(exp.binInt('a')).toEqualTypeOf<Exp<ExpInt>>();
    expectTypeOf(exp.binFloat('a')).toEqualTypeOf<Exp<ExpFloat>>();
    expectTypeOf(exp.binHll('a')).toEqualTypeOf<Exp<ExpHll>>();
    expectTypeOf(exp.keyStr()).toEqualTypeOf<Exp<ExpString>>();
    expectTypeOf(exp.ttl()).toEqualTypeOf<Exp<ExpInt>>();
    expectTypeOf(exp.binExists('a')).toEqualTypeOf<BoolExp>();
    expectTypeOf(exp.removeResult()).toEqualTypeOf<Exp<ExpRemove>>();
    expectTypeOf(exp.var('x')).toEqualTypeOf<Exp<never>>();
  });

  it('arithmetic keeps the type of its arguments', () => {
    expectTypeOf(exp.add(exp.binInt('a'), exp.int(1))).toEqualTypeOf<Exp<ExpInt>>();
    expectTypeOf(exp.mul(exp.binFloat('a'), exp.float(2))).toEqualTypeOf<Exp<ExpFloat>>();
    expectTypeOf(exp.abs(exp.binFloat('a'))).toEqualTypeOf<Exp<ExpFloat>>();
    expectTypeOf(exp.toInt(exp.binFloat('a'))).toEqualTypeOf<Exp<ExpInt>>();
    expectTypeOf(exp.toFloat(exp.binInt('a'))).toEqualTypeOf<Exp<ExpFloat>>();
    expectTypeOf(exp.max(exp.binInt('a'), exp.var('x'))).toEqualTypeOf<Exp<ExpInt>>();
  });

  it('cond and let have the type of their branches and scope', () => {
    expectTypeOf(exp.cond(exp.binBool('a'), exp.str('x'), exp.str('y'))).toEqualTypeOf<Exp<ExpString>>();
    expectTypeOf(exp.cond(exp.binBool('a'), exp.int(1), exp.binBool('b'), exp.unknown(), exp.int(0))).toEqualTypeOf<Exp<ExpInt>>();
    expectTypeOf(exp.let(exp.def('x', exp.int(1)), exp.add(exp.var('x'), exp.int(1)))).toEqualTypeOf<Exp<ExpInt>>();
    const c = (i: number) => exp.eq(exp.binInt('a'), exp.int(i));
    const nine = exp.cond(
      c(1), exp.str('1'), c(2), exp.str('2'), c(3), exp.str('3'), c(4), exp.str('4'), c(5), exp.str('5'),
      c(6), exp.str('6'), c(7), exp.str('7'), c(8), exp.str('8'), c(9), exp.str('9'), exp.str('other'),
    );
    expectTypeOf(nine).toEqualTypeOf<Exp<ExpString>>();
    expect(nine.pack()[0]).toBe(0xdc);
  });

  it('the return type of a list or map read decides its result type', () => {
    const l = exp.binList('l');
    const m = exp.binMap('m');
    expectTypeOf(exp.lists.size(l)).toEqualTypeOf<IntExp>();
    expectTypeOf(exp.lists.getByValue(l, exp.int(1), RT.COUNT)).toEqualTypeOf<Exp<ExpInt>>();
    expectTypeOf(exp.lists.getByValue(l, exp.int(1), RT.EXISTS)).toEqualTypeOf<Exp<ExpBool>>();
    expectTypeOf(exp.lists.getByValue(l, exp.int(1), RT.INDEX)).toEqualTypeOf<Exp<ExpList>>();
    expectTypeOf(exp.lists.getByIndexRange(l, 0, 2, RT.VALUE)).toEqualTypeOf<Exp<ExpList>>();
    expectTypeOf(exp.lists.getByIndex(l, 0, ExpType.STRING, RT.VALUE)).toEqualTypeOf<Exp<ExpString>>();
    expectTypeOf(exp.lists.getByIndex(l, 0, ExpType.INT, RT.RANK)).toEqualTypeOf<Exp<ExpInt>>();
    expectTypeOf(exp.lists.getByRank(l, -1, ExpType.FLOAT, RT.VALUE)).toEqualTypeOf<Exp<ExpFloat>>();
    expectTypeOf(exp.lists.getByValue(l, exp.int(1), RT.VALUE | RT.INVERTED)).toEqualTypeOf<Exp<ExpKind>>();
    expectTypeOf(exp.maps.getByKey(m, exp.str('k'), ExpType.INT, RT.VALUE)).toEqualTypeOf<Exp<ExpInt>>();
    expectTypeOf(exp.maps.getByIndex(m, 0, ExpType.STRING, RT.KEY)).toEqualTypeOf<Exp<ExpString>>();
    expectTypeOf(exp.maps.getByKeyList(m, exp.list(['a']), RT.KEY_VALUE)).toEqualTypeOf<Exp<ExpMap>>();
    expectTypeOf(exp.maps.getByValue(m, exp.int(0), RT.KEY)).toEqualTypeOf<Exp<ExpList>>();
    expectTypeOf(exp.maps.getByRankRange(m, 0, 2, RT.ORDERED_MAP)).toEqualTypeOf<Exp<ExpMap>>();
  });

  it('a modification returns the type of the bin it modifies', () => {
    expectTypeOf(exp.lists.append(exp.binList('l'), exp.int(1))).toEqualTypeOf<Exp<ExpList>>();
    expectTypeOf(exp.lists.append(exp.binMap('m'), exp.int(1), null, [ctx.mapKey('a')])).toEqualTypeOf<Exp<ExpMap>>();
    expectTypeOf(exp.maps.put(exp.binMap('m'), exp.str('k'), exp.int(1))).toEqualTypeOf<Exp<ExpMap>>();
    expectTypeOf(exp.bit.set(exp.binBlob('b'), 0, 8, exp.bytes(Buffer.alloc(1)))).toEqualTypeOf<Exp<ExpBlob>>();
    expectTypeOf(exp.hll.add(exp.binHll('h'), exp.list([1]), 8)).toEqualTypeOf<Exp<ExpHll>>();
    expectTypeOf(exp.hll.getSimilarity(exp.binHll('h'), exp.binList('hs'))).toEqualTypeOf<Exp<ExpFloat>>();
  });

  it('path expressions have the declared value type', () => {
    const path = [ctx.allChildren()];
    expectTypeOf(exp.selectByPath(exp.binMap('m'), ExpType.LIST, PathSelectFlags.VALUES, path)).toEqualTypeOf<Exp<ExpList>>();
    expectTypeOf(exp.modifyByPath(exp.binMap('m'), ExpType.MAP, exp.removeResult(), 0, path)).toEqualTypeOf<Exp<ExpMap>>();
    expectTypeOf(exp.loopVarStr(LoopVarPart.MAP_KEY)).toEqualTypeOf<Exp<ExpString>>();
    expectTypeOf(exp.mapKeys(exp.binMap('m'))).toEqualTypeOf<Exp<ExpList>>();
  });

  it('decoded expressions take the type they are given', () => {
    expectTypeOf(expressionFromBase64<ExpBool>('kwGTUQKhYQE=')).toEqualTypeOf<Exp<ExpBool>>();
  });
});

describe('valid expressions compile without casts', () => {
  it('variables, unknown and decoded expressions fit where their type may', () => {
    const e: BoolExp[] = [
      exp.eq(exp.var('x'), exp.int(1)),
      exp.eq(exp.int(1), exp.var('x')),
      exp.and(exp.unknown(), exp.binBool('a')),
      exp.eq(exp.binBool('a'), exp.unknown()),
      exp.and(expressionFromBase64('kwGTUQKhYQE='), exp.binExists('a')),
      exp.gt(exp.cond(exp.binBool('a'), exp.var('x'), exp.int(0)), exp.int(1)),
      exp.lt(exp.add(exp.var('x'), exp.binInt('a')), exp.int(1)),
      exp.inList(exp.str('a'), exp.mapKeys(exp.binMap('m'))),
      exp.gt(exp.lists.size(exp.binMap('m'), [ctx.mapKey('l')]), exp.int(0)),
      exp.eq(exp.maps.getByKey(exp.binMap('m'), exp.str('k'), exp.type.STR, RT.VALUE), exp.str('v')),
    ];
    expect(e).toHaveLength(10);
    // A modification of a list bin can be written back and compared as a list.
    expect(() => expOps.write('l', exp.lists.append(exp.binList('l'), exp.int(1)))).not.toThrow();
    expectTypeOf(exp.eq(exp.lists.append(exp.binList('l'), exp.int(1)), exp.list([1]))).toEqualTypeOf<BoolExp>();
  });
});

describe('mistakes that do not compile (and throw at run time)', () => {
  it('comparing different types', () => {
    // @ts-expect-error an integer bin with a string
    refused(() => exp.eq(exp.binInt('a'), exp.str('x')));
    // @ts-expect-error an integer with a float: the server refuses mixed compares
    refused(() => exp.eq(exp.binInt('a'), exp.float(1.5)));
    // @ts-expect-error a float bin with an integer
    refused(() => exp.lt(exp.binFloat('a'), exp.int(1)));
    // @ts-expect-error a list with a map
    refused(() => exp.ne(exp.binList('a'), exp.map({})));
    // @ts-expect-error GeoJSON values cannot be compared with eq
    refused(() => exp.eq(exp.binGeo('a'), exp.geo('{"type":"Point","coordinates":[0,0]}')));
    // @ts-expect-error HLL values cannot be compared
    refused(() => exp.gt(exp.binHll('a'), exp.binHll('b')));
    // @ts-expect-error unknown is a boolean to the server
    refused(() => exp.eq(exp.binInt('a'), exp.unknown()));
    // @ts-expect-error wildcard only means something inside list and map expressions
    refused(() => exp.eq(exp.binList('a'), exp.wildcard()));
  });

  it('arithmetic on mixed or non-numeric types', () => {
    // @ts-expect-error int + float
    refused(() => exp.add(exp.binInt('a'), exp.float(1)));
    // @ts-expect-error float, float, int
    refused(() => exp.mul(exp.binFloat('a'), exp.float(1), exp.int(2)));
    // @ts-expect-error strings are not numbers
    refused(() => exp.sub(exp.binStr('a')));
    // @ts-expect-error pow takes floats
    refused(() => exp.pow(exp.binInt('a'), exp.int(2)));
    // @ts-expect-error mod takes integers
    refused(() => exp.mod(exp.binFloat('a'), exp.float(2)));
    // @ts-expect-error floor takes a float
    refused(() => exp.floor(exp.binInt('a')));
    // @ts-expect-error toFloat takes an integer
    refused(() => exp.toFloat(exp.binFloat('a')));
    // @ts-expect-error integer bits take integers
    refused(() => exp.intAnd(exp.binInt('a'), exp.float(1)));
    // @ts-expect-error the search of a scan is a boolean
    refused(() => exp.intLscan(exp.binInt('a'), exp.int(1)));
    // @ts-expect-error min of int and float
    refused(() => exp.min(exp.int(1), exp.float(1)));
  });

  it('logic on non-booleans', () => {
    // @ts-expect-error and takes booleans
    refused(() => exp.and(exp.binBool('a'), exp.binInt('b')));
    // @ts-expect-error not takes a boolean
    refused(() => exp.not(exp.binStr('a')));
    // @ts-expect-error and needs two arguments
    refused(() => exp.and(exp.binBool('a')));
    // @ts-expect-error a regex compares a string
    refused(() => exp.cmpRegex(0, 'a', exp.binInt('a')));
    // @ts-expect-error inList needs a list
    refused(() => exp.inList(exp.int(1), exp.binMap('m')));
    // @ts-expect-error cmpGeo compares GeoJSON
    refused(() => exp.cmpGeo(exp.binGeo('a'), exp.binStr('b')));
  });

  it('cond branches of different types', () => {
    // @ts-expect-error string and integer branches
    refused(() => exp.cond(exp.binBool('a'), exp.str('x'), exp.int(1)));
    // @ts-expect-error the condition must be a boolean
    refused(() => exp.cond(exp.binInt('a'), exp.str('x'), exp.str('y')));
    // @ts-expect-error the default must have the branch type
    refused(() => exp.cond(exp.binBool('a'), exp.int(1), exp.binBool('b'), exp.int(2), exp.float(3)));
    const c = (i: number) => exp.eq(exp.binInt('a'), exp.int(i));
    refused(() =>
      // @ts-expect-error nine cases, one of them an integer among strings
      exp.cond(c(1), exp.str('1'), c(2), exp.str('2'), c(3), exp.str('3'), c(4), exp.str('4'), c(5), exp.int(5), c(6), exp.str('6'), c(7), exp.str('7'), c(8), exp.str('8'), c(9), exp.str('9'), exp.str('x')),
    );
    // @ts-expect-error removeResult is not an integer
    refused(() => exp.cond(exp.binBool('a'), exp.removeResult(), exp.int(1)));
  });

  it('let and def', () => {
    // @ts-expect-error let needs a definition before the scope
    refused(() => exp.let(exp.int(1)));
    // @ts-expect-error a definition is not an expression
    refused(() => exp.not(exp.def('x', exp.bool(true))));
    // @ts-expect-error only definitions before the scope
    refused(() => exp.let(exp.int(1), exp.int(2)));
  });

  it('list, map, bit and HLL arguments of the wrong type', () => {
    // @ts-expect-error list expressions work on lists (or maps, with a context)
    refused(() => exp.lists.size(exp.binStr('s')));
    // @ts-expect-error a value list must be a list
    refused(() => exp.lists.getByValueList(exp.binList('l'), exp.int(1), RT.COUNT));
    // @ts-expect-error an index is an integer
    refused(() => exp.lists.getByIndex(exp.binList('l'), exp.str('0'), ExpType.INT, RT.VALUE));
    // @ts-expect-error the items of putItems are a map
    refused(() => exp.maps.putItems(exp.binMap('m'), exp.list([1])));
    // @ts-expect-error bit expressions work on blobs
    refused(() => exp.bit.count(exp.binInt('b'), 0, 8));
    // @ts-expect-error a bit value is a blob
    refused(() => exp.bit.set(exp.binBlob('b'), 0, 8, exp.int(1)));
    // @ts-expect-error HLL expressions work on HLLs
    refused(() => exp.hll.getCount(exp.binBlob('h')));
    // @ts-expect-error mapKeys takes a map
    refused(() => exp.mapKeys(exp.binList('l')));
    // @ts-expect-error a modification of a list bin is a list
    refused(() => exp.eq(exp.lists.append(exp.binList('l'), exp.int(1)), exp.map({})));
  });

  it('typed results flow into comparisons', () => {
    // @ts-expect-error a count is an integer
    refused(() => exp.eq(exp.lists.getByValue(exp.binList('l'), exp.int(1), RT.COUNT), exp.str('1')));
    // @ts-expect-error the declared value type is a string
    refused(() => exp.gt(exp.lists.getByIndex(exp.binList('l'), 0, ExpType.STRING, RT.VALUE), exp.int(1)));
    // @ts-expect-error loop variable read as a string
    refused(() => exp.gt(exp.loopVarStr(LoopVarPart.VALUE), exp.int(1)));
  });

  it('expression operations take expressions', () => {
    // @ts-expect-error a plain value is not an expression
    refused(() => expOps.read('x', 1));
    // @ts-expect-error a definition is not an expression
    refused(() => expOps.write('x', exp.def('y', exp.int(1))));
  });
});
