import { packToBuffer } from '@aerospike-ts/core/wire';
import { Double, INFINITY, WILDCARD } from '@aerospike-ts/core';
import { describe, expect, it } from 'vitest';
import { compareValues, decodeValue, encodeValue, float, int, list, map, NIL, str, type Value } from '../../src/values/index.js';

describe('value codec', () => {
  it.each([
    ['integers of every width', [0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 32, -1, -32, -33, -128, -129, -32768, -32769, -(2 ** 31) - 1]],
    ['floats stay floats', [new Double(2), 1.5, -0.25]],
    ['strings and blobs', ['a', 'x'.repeat(40), Buffer.from([1, 2, 3])]],
    ['nested containers', [[1, [2, 3]], { a: 1, b: [true, false, null] }]],
    ['sentinels', [WILDCARD, INFINITY]],
  ])('round-trips %s byte for byte', (_name, value) => {
    const bytes = packToBuffer(value as never);
    expect(encodeValue(decodeValue(bytes)).toString('hex')).toBe(bytes.toString('hex'));
  });

  it('keeps 2 and 2.0 apart, and the order flags of a key-ordered map', () => {
    const v = decodeValue(packToBuffer([2, new Double(2), { k: 1 }]));
    expect(v).toMatchObject({ kind: 'list', items: [{ kind: 'int', v: 2n }, { kind: 'float', v: 2 }, { kind: 'map', flags: 1 }] });
  });

  it('refuses truncated input', () => {
    expect(() => decodeValue(Buffer.from([0x92, 0x01, 0xcd, 0x01]))).toThrow(/truncated/);
    expect(() => decodeValue(Buffer.from([0x9f]))).toThrow(/overruns/);
    expect(() => decodeValue(Buffer.from([0x01, 0x02]))).toThrow(/after the msgpack value/);
  });
});

describe('cross-type order', () => {
  const ascending: Value[] = [
    NIL,
    { kind: 'bool', v: false },
    { kind: 'bool', v: true },
    int(-5),
    int(7),
    str('a'),
    str('ab'),
    list([int(1)]),
    list([int(1), int(0)]),
    map([[str('a'), int(1)]]),
    { kind: 'bytes', type: 4, v: Buffer.from([0]) },
    float(-1),
    float(0.5),
    { kind: 'bytes', type: 0x17, v: Buffer.from('{}') },
    { kind: 'inf' },
  ];
  it('orders nil < bools < ints < strings < lists < maps < blobs < floats < GeoJSON < infinity', () => {
    for (let i = 0; i < ascending.length; i++) {
      for (let j = 0; j < ascending.length; j++) {
        expect(compareValues(ascending[i]!, ascending[j]!), `${i} vs ${j}`).toBe(Math.sign(i - j));
      }
    }
  });

  it('stops at a wildcard and calls the values equal', () => {
    expect(compareValues(list([int(1), { kind: 'wildcard' }]), list([int(1), int(2), int(3)]))).toBe(0);
    expect(compareValues(list([int(2), { kind: 'wildcard' }]), list([int(1), int(2)]))).toBe(1);
  });
});
