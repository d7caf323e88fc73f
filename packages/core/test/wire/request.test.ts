/**
 * Edge cases of the request encoders: name limits, values that cannot be
 * stored, operation/value mismatches, operation counts, and a write of many
 * bins decoded back through readRecordMessage.
 */

import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { ResultCode } from '../../src/result-codes.js';
import type { BinValue } from '../../src/values.js';
import { Double, GeoJSON, HyperLogLog } from '../../src/values.js';
import { computeDigest } from '../../src/wire/digest.js';
import { FieldType, Info1, Info2, MSG_HEADER_SIZE, OperationType } from '../../src/wire/message.js';
import { binNameBytes, namespaceBytes, setBytes } from '../../src/wire/names.js';
import type { Operation } from '../../src/wire/operation.js';
import { ParticleType } from '../../src/wire/particles.js';
import { PROTO_HEADER_SIZE, readProtoHeader } from '../../src/wire/proto.js';
import { readRecordMessage } from '../../src/wire/reply.js';
import {
  type CommandHeader,
  encodeBinsCommand,
  encodeKeyCommand,
  encodeOperateCommand,
  encodeReadBinsCommand,
  type KeyFields,
} from '../../src/wire/request.js';
import { walkMessage } from './frames.js';

const WRITE: CommandHeader = { info1: 0, info2: Info2.WRITE, info3: 0, info4: 0, generation: 0, recordTtl: 0, transactionTtl: 1000 };
const READ: CommandHeader = { ...WRITE, info1: Info1.READ, info2: 0 };

function key(userKey?: KeyFields['userKey']): KeyFields {
  return {
    namespace: namespaceBytes('test'),
    set: setBytes('demo'),
    digest: computeDigest('demo', userKey ?? 'k'),
    userKey,
  };
}

/** Runs `fn`, which must throw InvalidArgumentError; returns it. */
function invalid(fn: () => unknown): InvalidArgumentError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected an InvalidArgumentError').toBeInstanceOf(InvalidArgumentError);
  return caught as InvalidArgumentError;
}

/** The body of a request, checked against its proto header. */
function body(request: Buffer): Buffer {
  const h = readProtoHeader(request, 0);
  expect(h.type).toBe(3);
  expect(h.length).toBe(request.length - PROTO_HEADER_SIZE);
  return request.subarray(PROTO_HEADER_SIZE);
}

/**
 * Turns a write request into the reply a server would send for a read of
 * the same bins: a bare header (result 0, `generation`), no fields, and the
 * request's ops with their op type changed to READ.
 */
function toReply(request: Buffer, generation = 1): Buffer {
  const b = body(request);
  const w = walkMessage(b);
  const opsStart = w.ops[0]?.at ?? w.end;
  const ops = Buffer.from(b.subarray(opsStart, w.end));
  for (const op of w.ops) ops[op.at - opsStart + 4] = OperationType.READ;
  const header = Buffer.alloc(MSG_HEADER_SIZE);
  header[0] = MSG_HEADER_SIZE;
  header.writeUInt32BE(generation, 6);
  header.writeUInt16BE(0, 18);
  header.writeUInt16BE(w.ops.length, 20);
  return Buffer.concat([header, ops]);
}

describe('name limits', () => {
  it('accepts a 15-byte bin name and rejects 16 bytes with BIN_NAME_TOO_LONG naming the bin', () => {
    for (const ok of ['a'.repeat(15), `${'é'.repeat(7)}a`]) {
      expect(Buffer.byteLength(ok)).toBe(15);
      const w = walkMessage(body(encodeBinsCommand(WRITE, key(), OperationType.WRITE, { [ok]: 1 })));
      expect(w.ops[0]!.name).toBe(ok);
    }
    for (const bad of ['b'.repeat(16), 'é'.repeat(8), `${'✓'.repeat(5)}x`]) {
      expect(Buffer.byteLength(bad)).toBe(16);
      for (const encode of [
        () => encodeBinsCommand(WRITE, key(), OperationType.WRITE, { [bad]: 1 }),
        () => encodeReadBinsCommand(READ, key(), [bad]),
        () => encodeOperateCommand(WRITE, key(), [{ op: OperationType.READ, bin: bad }]),
        () => binNameBytes(bad),
      ]) {
        const err = invalid(encode);
        expect(err.resultCode).toBe(21);
        expect(err.resultCode).toBe(ResultCode.BIN_NAME_TOO_LONG);
        expect(err.message).toContain(bad);
      }
    }
  });

  it('limits namespaces to 31 bytes and sets to 63 bytes', () => {
    expect(namespaceBytes('n'.repeat(31)).length).toBe(31);
    expect(invalid(() => namespaceBytes('n'.repeat(32))).message).toContain('n'.repeat(32));
    invalid(() => namespaceBytes(`${'é'.repeat(15)}nn`));
    invalid(() => namespaceBytes(''));
    expect(setBytes('s'.repeat(63)).length).toBe(63);
    expect(setBytes('').length).toBe(0);
    expect(invalid(() => setBytes('s'.repeat(64))).message).toContain('s'.repeat(64));
    invalid(() => setBytes('é'.repeat(32)));
  });

  it('rejects non-string names', () => {
    invalid(() => binNameBytes(1 as unknown as string));
    invalid(() => namespaceBytes(undefined as unknown as string));
    invalid(() => setBytes(null as unknown as string));
  });
});

describe('bin values', () => {
  const put = (bins: Record<string, unknown>) => encodeBinsCommand(WRITE, key(), OperationType.WRITE, bins as Record<string, BinValue>);

  it('rejects values that cannot be stored with InvalidArgumentError naming the bin', () => {
    const bad: Array<[string, unknown]> = [
      ['undef', undefined],
      ['fn', () => 1],
      ['sym', Symbol('s')],
      ['toobig', 2n ** 63n],
      ['toosmall', -(2n ** 63n) - 1n],
      // Integral numbers outside int64 have no integer encoding.
      ['hugeint', 2 ** 63],
      ['hugeneg', -(2 ** 64)],
      ['e300', 1e300],
    ];
    for (const [bin, value] of bad) {
      const err = invalid(() => put({ ok: 1, [bin]: value }));
      expect(err.message, String(value)).toContain(`"${bin}"`);
      expect(err.resultCode).toBe(ResultCode.PARAMETER_ERROR);
      // In an operation, an undefined value means "no value" (reads, touch, delete).
      if (value === undefined) continue;
      const op = invalid(() => encodeOperateCommand(WRITE, key(), [{ op: OperationType.WRITE, bin, value: value as BinValue }]));
      expect(op.message).toContain(`"${bin}"`);
    }
  });

  it('rejects unencodable values nested in lists and maps', () => {
    invalid(() => put({ l: [1, () => 1] }));
    invalid(() => put({ m: { a: Symbol('x') } }));
    invalid(() => put({ d: new Date(0) }));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    invalid(() => put({ c: cyclic }));
  });

  it('encodes the int64 bounds, -0 and the largest doubles below 2^63 as integers', () => {
    const w = walkMessage(
      body(put({ max: 2n ** 63n - 1n, min: -(2n ** 63n), negzero: -0, below: 2 ** 63 - 1024, low: -(2 ** 63), safe: Number.MAX_SAFE_INTEGER })),
    );
    const ints = Object.fromEntries(w.ops.map((o) => [o.name, [o.ptype, o.value.toString('hex')]]));
    expect(ints).toEqual({
      max: [1, '7fffffffffffffff'],
      min: [1, '8000000000000000'],
      negzero: [1, '0000000000000000'],
      below: [1, '7ffffffffffffc00'],
      low: [1, '8000000000000000'],
      safe: [1, '001fffffffffffff'],
    });
  });

  it('encodes non-finite numbers and Double as floats', () => {
    const w = walkMessage(body(put({ nan: Number.NaN, inf: Number.POSITIVE_INFINITY, two: new Double(2) })));
    expect(w.ops.map((o) => [o.name, o.ptype, o.value.toString('hex')])).toEqual([
      ['nan', 2, '7ff8000000000000'],
      ['inf', 2, '7ff0000000000000'],
      ['two', 2, '4000000000000000'],
    ]);
  });

  it('checks the value type of ADD, APPEND and PREPEND', () => {
    const add = invalid(() => encodeBinsCommand(WRITE, key(), OperationType.ADD, { n: 'x' }));
    expect(add.message).toContain('"n"');
    invalid(() => encodeBinsCommand(WRITE, key(), OperationType.ADD, { n: true }));
    invalid(() => encodeBinsCommand(WRITE, key(), OperationType.ADD, { n: null }));
    const append = invalid(() => encodeBinsCommand(WRITE, key(), OperationType.APPEND, { s: 1 }));
    expect(append.message).toContain('"s"');
    invalid(() => encodeBinsCommand(WRITE, key(), OperationType.PREPEND, { s: [1] }));
    invalid(() => encodeOperateCommand(WRITE, key(), [{ op: OperationType.ADD, bin: 'n', value: 'x' }]));
    invalid(() => encodeOperateCommand(WRITE, key(), [{ op: OperationType.APPEND, bin: 's', value: 2 }]));
    // The allowed pairs.
    const ok = walkMessage(
      body(
        encodeOperateCommand(WRITE, key(), [
          { op: OperationType.ADD, bin: 'n', value: 1 },
          { op: OperationType.ADD, bin: 'f', value: new Double(1) },
          { op: OperationType.ADD, bin: 'b', value: 5n },
          { op: OperationType.APPEND, bin: 's', value: 'x' },
          { op: OperationType.PREPEND, bin: 'y', value: Buffer.from('00', 'hex') },
        ]),
      ),
    );
    expect(ok.ops.map((o) => [o.op, o.ptype])).toEqual([
      [5, 1],
      [5, 2],
      [5, 1],
      [9, 3],
      [10, 4],
    ]);
  });

  it('requires at least one bin', () => {
    expect(invalid(() => encodeBinsCommand(WRITE, key(), OperationType.WRITE, {})).resultCode).toBe(ResultCode.PARAMETER_ERROR);
  });
});

describe('operation count', () => {
  it('accepts 65535 operations and rejects 65536', () => {
    const ops = (n: number): Operation[] => Array.from({ length: n }, () => ({ op: OperationType.READ, bin: 'a' }));
    const ok = body(encodeOperateCommand(READ, key(), ops(65535)));
    expect(ok.readUInt16BE(20)).toBe(65535);
    expect(walkMessage(ok).end).toBe(ok.length);
    expect(invalid(() => encodeOperateCommand(READ, key(), ops(65536))).message).toContain('65536');
    invalid(() => encodeReadBinsCommand(READ, key(), Array.from({ length: 65536 }, () => 'a')));
    const bins: Record<string, BinValue> = {};
    for (let i = 0; i < 65536; i++) bins[`b${i}`] = i;
    invalid(() => encodeBinsCommand(WRITE, key(), OperationType.WRITE, bins));
  });
});

describe('key fields', () => {
  it('writes namespace, set, digest, the key by type and the filter, in that order', () => {
    const filter = Buffer.from('9301a20361c3', 'hex');
    for (const [userKey, type, data] of [
      ['abc', 3, '616263'],
      [-2, 1, 'fffffffffffffffe'],
      [2n ** 62n, 1, '4000000000000000'],
      [Buffer.from('beef', 'hex'), 4, 'beef'],
    ] as const) {
      const k = key(userKey);
      const w = walkMessage(body(encodeKeyCommand(READ, k, filter)));
      expect(w.header.fieldCount).toBe(5);
      expect(w.header.opCount).toBe(0);
      expect(w.header.resultCode).toBe(0);
      expect(w.fields.map((f) => [f.type, f.data.toString('hex')])).toEqual([
        [FieldType.NAMESPACE, Buffer.from('test').toString('hex')],
        [FieldType.SET, Buffer.from('demo').toString('hex')],
        [FieldType.DIGEST, k.digest.toString('hex')],
        [FieldType.KEY, `0${type}${data}`],
        [FieldType.FILTER_EXP, filter.toString('hex')],
      ]);
    }
  });

  it('writes every header slot, including values above 2^31', () => {
    const h: CommandHeader = { info1: 0x83, info2: 0x81, info3: 0x22, info4: 0x10, generation: 0xfffffffe, recordTtl: 0xffffffff, transactionTtl: 0x80000000 };
    const w = walkMessage(body(encodeReadBinsCommand(h, key(), ['x', ''])));
    expect(w.header).toEqual({
      info1: 0x83,
      info2: 0x81,
      info3: 0x22,
      info4: 0x10,
      resultCode: 0,
      generation: 0xfffffffe,
      recordTtl: 0xffffffff,
      transactionTtl: 0x80000000,
      fieldCount: 3,
      opCount: 2,
    });
    expect(w.ops.map((o) => [o.op, o.ptype, o.name, o.value.length])).toEqual([
      [1, 0, 'x', 0],
      [1, 0, '', 0],
    ]);
  });
});

describe('round trip through readRecordMessage', () => {
  it('a put of 100 bins of every type decodes back to the same bins', () => {
    const samples: Array<[BinValue, BinValue]> = [
      [42, 42],
      [-7, -7],
      [2n ** 62n + 1n, 2n ** 62n + 1n],
      [-(2n ** 63n), -(2n ** 63n)],
      [1.5, 1.5],
      [new Double(2), 2],
      ['', ''],
      ['héllo wörld ✓ 🚀', 'héllo wörld ✓ 🚀'],
      [Buffer.from('000102feff', 'hex'), Buffer.from('000102feff', 'hex')],
      [true, true],
      [false, false],
      [null, null],
      [[1, 'a', [2, [3]], { k: 'v' }, Buffer.from('xy'), null, true, 2.5], [1, 'a', [2, [3]], { k: 'v' }, Buffer.from('xy'), null, true, 2.5]],
      [{ b: 1, a: { c: [1, 2] }, '': 'empty' }, { b: 1, a: { c: [1, 2] }, '': 'empty' }],
      [
        new Map<number | string, BinValue>([
          [10, 'ten'],
          ['k', [1, 2]],
        ]),
        new Map<number | string, BinValue>([
          [10, 'ten'],
          ['k', [1, 2]],
        ]),
      ],
      [new GeoJSON({ type: 'Point', coordinates: [103.913, 1.308] }), new GeoJSON('{"type":"Point","coordinates":[103.913,1.308]}')],
      [new HyperLogLog(Buffer.from('000a0000', 'hex')), new HyperLogLog(Buffer.from('000a0000', 'hex'))],
      ['x'.repeat(5000), 'x'.repeat(5000)],
    ];
    const bins: Record<string, BinValue> = {};
    const expected: Record<string, BinValue> = {};
    const names: string[] = [];
    for (let i = 0; i < 100; i++) {
      // Names up to the 15-byte limit, some non-ASCII.
      const name = i % 10 === 9 ? `bïn-${i}`.padEnd(14, '_') : `b${i}`;
      const [input, output] = samples[i % samples.length]!;
      bins[name] = input;
      expected[name] = output;
      names.push(name);
    }
    const request = encodeBinsCommand(WRITE, key(), OperationType.WRITE, bins);
    const w = walkMessage(body(request));
    expect(w.end).toBe(request.length - PROTO_HEADER_SIZE);
    expect(w.ops.map((o) => o.name)).toEqual(names);
    expect(w.ops.every((o) => o.op === OperationType.WRITE)).toBe(true);

    const reply = toReply(request, 7);
    const r = readRecordMessage(reply, 0, reply.length, true);
    expect(r.resultCode).toBe(0);
    expect(r.generation).toBe(7);
    expect(r.end).toBe(reply.length);
    expect(r.bins).toEqual(expected);
    expect(r.results!.map(([n]) => n)).toEqual(names);
    // Particle types survive: NULL, BOOL, HLL, GEOJSON, MAP and LIST are all distinct.
    expect(new Set(w.ops.map((o) => o.ptype))).toEqual(
      new Set([
        ParticleType.NULL,
        ParticleType.INTEGER,
        ParticleType.DOUBLE,
        ParticleType.STRING,
        ParticleType.BLOB,
        ParticleType.BOOL,
        ParticleType.HLL,
        ParticleType.MAP,
        ParticleType.LIST,
        ParticleType.GEOJSON,
      ]),
    );
  });

  it('an operate request decodes with its ops in order, repeats included', () => {
    const request = encodeOperateCommand(WRITE, key(), [
      { op: OperationType.WRITE, bin: 'x', value: 1 },
      { op: OperationType.READ, bin: 'x' },
      { op: OperationType.ADD, bin: 'x', value: 2 },
      { op: OperationType.READ, bin: 'x' },
      { op: OperationType.TOUCH, bin: '' },
      { op: OperationType.CDT_MODIFY, bin: 'l', encoded: { particleType: ParticleType.BLOB, bytes: Buffer.from('920101', 'hex') } },
    ]);
    const b = body(request);
    const r = readRecordMessage(b, 0, b.length, true);
    expect(r.namespace).toBe('test');
    expect(r.set).toBe('demo');
    expect(r.digest).toEqual(computeDigest('demo', 'k'));
    expect(r.results).toEqual([
      ['x', 1],
      ['x', null],
      ['x', 2],
      ['x', null],
      ['', null],
      ['l', Buffer.from('920101', 'hex')],
    ]);
  });
});
