/**
 * Packing, base64, expression operations and how expressions nest in
 * contexts, independently of the official client.
 */

import { describe, expect, it } from 'vitest';
import { type BoolExp, exp, expOps, expressionFromBase64, expressionFromBytes, expressionToBase64 } from '../../src/exp/index.js';
import { contextToBase64, ctx } from '../../src/ops/ctx.js';
import { CdtReturnType as RT } from '../../src/wire/cdt/list.js';
import { ExpType, LoopVarPart } from '../../src/wire/cdt/exp.js';
import { OperationType } from '../../src/wire/message.js';
import { unpackCdt } from '../../src/wire/msgpack.js';
import { ParticleType } from '../../src/wire/particles.js';

const hex = (e: { pack(): Buffer }) => e.pack().toString('hex');

describe('packing', () => {
  it('packs as the server reads it, bin names without the string prefix', () => {
    expect(hex(exp.eq(exp.binInt('a'), exp.int(1)))).toBe('9301935102a16101');
    expect(hex(exp.str('a'))).toBe('a20361');
    expect(hex(exp.bytes(Buffer.from([1])))).toBe('a20401');
    expect(hex(exp.list(['a']))).toBe('927e91a20361');
    expect(hex(exp.float(1))).toBe('cb3ff0000000000000');
    expect(hex(exp.unknown())).toBe('9100');
  });

  it('expressions are immutable and may be shared', () => {
    const a = exp.binInt('a');
    const e = exp.and(exp.gt(a, exp.int(0)), exp.lt(a, exp.int(10)));
    expect(e.pack()).toEqual(e.pack());
    expect(hex(e)).toBe('9310930393510' + '2a16100930593510' + '2a1610a');
  });

  it('values and contexts are taken when the expression is built', () => {
    const values = [1, 2];
    const path = [ctx.mapKey('a')];
    const e = exp.lists.getByValueList(exp.binMap('m'), exp.list(values), RT.COUNT, path);
    const before = hex(e);
    values.push(3);
    path.push(ctx.listIndex(0));
    expect(hex(e)).toBe(before);
  });

  it('uses 16- and 32-bit headers for long argument lists and values', () => {
    const many = Array.from({ length: 16 }, () => exp.bool(true));
    const and = exp.and(exp.bool(true), exp.bool(true), ...many);
    expect(and.pack().subarray(0, 3).toString('hex')).toBe('dc0013');
    const big = exp.list(Array.from({ length: 70_000 }, () => 0));
    expect(big.pack().subarray(0, 7).toString('hex')).toBe('927edd00011170');
    const text = exp.str('x'.repeat(70_000));
    expect(text.pack().subarray(0, 6).toString('hex')).toBe('db0001117103');
  });

  it('toString shows the base64 form', () => {
    expect(String(exp.int(1))).toBe('Exp(AQ==)');
  });
});

describe('base64', () => {
  it('round-trips and nests decoded expressions', () => {
    const filter = exp.eq(exp.binInt('a'), exp.int(1));
    const text = expressionToBase64(filter);
    expect(text).toBe('kwGTUQKhYQE=');
    expect(filter.toBase64()).toBe(text);
    expect(exp.toBase64(filter)).toBe(text);
    const decoded = expressionFromBase64<never>(text);
    expect(decoded.toBase64()).toBe(text);
    const combined: BoolExp = exp.and(decoded, exp.binExists('b'));
    expect(hex(combined)).toBe('93109301935102a1610193029252a16200');
    expect(expressionFromBytes(filter.pack()).toBase64()).toBe(text);
    expect(exp.fromBase64(text).toBase64()).toBe(text);
  });
});

describe('expression operations', () => {
  // What the official client 6.7.1 sent (captured between it and a server)
  // for the same three operations.
  it('reads and writes carry [expression, flags] as a blob', () => {
    const read = expOps.read('x', exp.add(exp.binInt('a'), exp.int(41)));
    expect(read.op).toBe(OperationType.EXP_READ);
    expect(read.bin).toBe('x');
    expect(read.encoded?.particleType).toBe(ParticleType.BLOB);
    expect(read.encoded?.bytes.toString('hex')).toBe('929314935102a1612900');

    const noFail = expOps.read('y', exp.binInt('zz'), exp.expReadFlags.EVAL_NO_FAIL);
    expect(noFail.encoded?.bytes.toString('hex')).toBe('92935102a27a7a10');

    const write = expOps.write('w', exp.lists.append(exp.binList('l'), exp.int(3)), exp.expWriteFlags.UPDATE_ONLY | exp.expWriteFlags.POLICY_NO_FAIL);
    expect(write.op).toBe(OperationType.EXP_MODIFY);
    expect(write.encoded?.bytes.toString('hex')).toBe('92957f0440920103935104a16c0a');
    expect(exp.operations).toBe(expOps);
  });

  it('decodes back to the expression and the flags', () => {
    const e = exp.cond(exp.binExists('a'), exp.binInt('a'), exp.int(0));
    const op = expOps.write('b', e, exp.expWriteFlags.CREATE_ONLY);
    const { value } = unpackCdt(op.encoded!.bytes, 0, op.encoded!.bytes.length, { strings: 'raw' });
    expect(value).toEqual([[123, [2, [82, 'a'], 0], [81, 2, 'a'], 0], 1]);
  });
});

describe('expressions in contexts', () => {
  it('a context step carries the filter packed, as the official client does', () => {
    const path = [ctx.mapKey('a'), ctx.allChildrenWithFilter(exp.gt(exp.loopVarInt(LoopVarPart.VALUE), exp.int(5)))];
    expect(contextToBase64(path)).toBe('lCKiA2EEkwOTegIBBQ==');
  });

  it('list and map calls wrap the operation with its context', () => {
    const e = exp.lists.getByIndex(exp.binMap('m'), 0, ExpType.INT, RT.VALUE, [ctx.mapKey('a')]);
    const { value } = unpackCdt(e.pack(), 0, e.pack().length, { strings: 'raw', maps: 'map' });
    expect(value).toEqual([127, 2, 0, [0xff, [0x22, '\u0003a'], [19, 7, 0]], [81, 5, 'm']]);
  });
});

describe('run-time types', () => {
  it('follow results through variables, calls and conditions', () => {
    // A variable's type is only known to the server: it fits both sides.
    expect(() => exp.add(exp.var('x'), exp.int(1))).not.toThrow();
    expect(() => exp.add(exp.float(1), exp.var('x'))).not.toThrow();
    // A call's result has the declared type.
    expect(() => exp.eq(exp.lists.getByIndex(exp.binList('l'), 0, ExpType.STRING, RT.VALUE), exp.str('x'))).not.toThrow();
    expect(() => exp.eq(exp.maps.size(exp.binMap('m')), exp.int(1))).not.toThrow();
    // cond takes its type from the first typed branch.
    const c = exp.cond(exp.binBool('a'), exp.unknown(), exp.float(1));
    expect(() => exp.add(c, exp.float(1))).not.toThrow();
    // let has the type of its scope.
    const l = exp.let(exp.def('x', exp.int(1)), exp.toFloat(exp.var('x')));
    expect(() => exp.mul(l, exp.float(2))).not.toThrow();
  });
});

describe('enums', () => {
  it('carry the official Node.js client names as aliases', () => {
    expect(exp.type.STR).toBe(ExpType.STRING);
    expect(exp.type.GEOJSON).toBe(ExpType.GEO);
    expect(exp.type.HLL).toBe(9);
    expect(exp.loopVarPart.KEY).toBe(LoopVarPart.MAP_KEY);
    expect(exp.loopVarPart.INDEX).toBe(LoopVarPart.LIST_INDEX);
    expect(exp.pathSelectFlags.VALUE).toBe(1);
    expect(exp.pathSelectFlags.MAP_KEY_VALUE).toBe(3);
    expect(exp.pathModifyFlags.NO_FAIL).toBe(0x10);
    expect(exp.expWriteFlags.ALLOW_DELETE).toBe(4);
    expect(exp.expReadFlags.EVAL_NO_FAIL).toBe(16);
    expect(Object.isFrozen(exp)).toBe(true);
  });
});
