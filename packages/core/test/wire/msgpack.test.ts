import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ProtocolError } from '../../src/errors.js';
import { type CdtValue, Double, GeoJSON, HyperLogLog, INFINITY, type MapKey, WILDCARD } from '../../src/values.js';
import {
  arrayHeaderSize,
  bytesSize,
  FLOAT_SIZE,
  intSize,
  MAX_MSGPACK_DEPTH,
  MsgpackReader,
  mapHeaderSize,
  type UnpackOptions,
  pack,
  packArrayHeader,
  packBytes,
  packedSize,
  packFloat,
  packInt,
  packMapHeader,
  packRawString,
  packString,
  packToBuffer,
  rawStringSize,
  stringSize,
  unpack,
  unpackCdt,
  utf8Length,
} from '../../src/wire/msgpack.js';

const h = (hex: string): Buffer => Buffer.from(hex.replace(/\s+/g, ''), 'hex');
const enc = (v: CdtValue): string => packToBuffer(v).toString('hex');

/** Decodes a whole buffer, insisting that the value ends exactly at its end. */
function dec(hex: string, options?: UnpackOptions): CdtValue {
  const buf = h(hex);
  const r = unpackCdt(buf, 0, buf.length, options);
  expect(r.offset).toBe(buf.length);
  return r.value;
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an exception');
}

// ---------------------------------------------------------------------------
// Vectors: the msgpack value bytes of ops that the official Node.js client
// (6.7.1) sent to, or read from, Aerospike CE 8.1.2.

describe('transcript vectors', () => {
  it('put-list-nested / get-list: nested list with every scalar kind', () => {
    const hex =
      '9901fea40374776fcb400c00000000000092049205a40373697882c70001c0a2036101a3047879c3c0';
    expect(enc([1, -2, 'two', 3.5, [4, [5, 'six']], { a: 1 }, Buffer.from('xy'), true, null])).toBe(hex);
    expect(dec(hex)).toEqual([1, -2, 'two', 3.5, [4, [5, 'six']], { a: 1 }, Buffer.from('xy'), true, null]);
  });

  it('put-map-nested / get-map: objects become key-ordered maps at every level', () => {
    const hex =
      '85c70001c0a2036101a20362a20378a20363920102a2036483c70001c0a20365cb4004000000000000' +
      'a2036682c70001c0a20367a50364656570';
    const value = { a: 1, b: 'x', c: [1, 2], d: { e: 2.5, f: { g: 'deep' } } };
    expect(enc(value)).toBe(hex);
    // Key order of the input object must not matter.
    expect(enc({ d: { f: { g: 'deep' }, e: 2.5 }, c: [1, 2], b: 'x', a: 1 })).toBe(hex);
    expect(dec(hex)).toEqual(value);
  });

  it('put-all-types-one-record: list and map bins', () => {
    expect(enc([1, 'a', [2]])).toBe('9301a203619102');
    expect(dec('9301a203619102')).toEqual([1, 'a', [2]]);
    expect(enc({ n: 1, k: 'v' })).toBe('83c70001c0a2036ba20376a2036e01');
    expect(dec('83c70001c0a2036ba20376a2036e01')).toEqual({ k: 'v', n: 1 });
  });

  it('list operation arguments', () => {
    const cases: Array<[CdtValue, string]> = [
      [[5, 3, 9, 1], '9405030901'], // list-put-initial
      [[1, 7], '920107'], // append
      [[2, [11, 2, 'str', [1, 2]]], '9202940b02a403737472920102'], // appendItems
      [[3, 1, 100], '93030164'], // insert
      [[19, 7, 2], '93130702'], // getByIndex
      [[24, 7, 1, 3], '9418070103'], // getByIndexRange
      [[35, 5, 'str'], '932305a403737472'], // removeByValue
      [[35, 1, [1, 2]], '932301920102'], // removeByValue of a list item
      [[16], '9110'], // size
      [[13, 0], '920d00'], // sort
      [[21, 7, -1], '931507ff'], // getByRank
      [[26, 7, 0, 3], '941a070003'], // getByRankRange
      [[12, 0, 1000], '930c00cd03e8'], // increment
      [[0, 1], '920001'], // setType ordered
      [[2, [3, 1, 2]], '920293030102'], // appendItems to an ordered list
      [[1, 9, 0, 1], '9401090001'], // append with add-unique
      [[19, 7, 100], '93130764'],
    ];
    for (const [value, hex] of cases) {
      expect(enc(value), hex).toBe(hex);
      expect(dec(hex), hex).toEqual(value);
    }
  });

  it('list results', () => {
    expect(dec('93640309')).toEqual([100, 3, 9]);
    expect(dec('9108')).toEqual([8]);
    expect(dec('980102030507090b64')).toEqual([1, 2, 3, 5, 7, 9, 11, 100]);
    expect(dec('93030201')).toEqual([3, 2, 1]);
  });

  it('an ordered list read back drops its order marker', () => {
    // list-ordered-create-and-append: `94 c7 00 01` then three elements.
    expect(dec('94c70001010203')).toEqual([1, 2, 3]);
  });

  it('map operation arguments with object items', () => {
    const cases: Array<[CdtValue, string]> = [
      [[67, 'a', 1, 0], '9443a203610100'], // put
      [[68, { b: 2, c: 3, d: 4, e: 5 }, 0], '934485c70001c0a2036202a2036303a2036404a203650500'], // putItems
      [[68, { x: 24, y: 25, z: 26 }, 1], '934484c70001c0a2037818a2037919a2037a1a01'], // putItems, key-ordered policy
      [[68, { a: 100 }, 0, 1], '944482c70001c0a20361640001'], // create-only
      [[68, { a: 100, n: 14 }, 0, 13], '944483c70001c0a2036164a2036e0e000d'], // create-only, no-fail, partial
      [[68, { a: 11 }, 0, 2], '944482c70001c0a203610b0002'], // update-only
      [[97, 7, 'b'], '936107a20362'], // getByKey
      [[97, 8, 'b'], '936108a20362'], // getByKey, KEY_VALUE
      [[84, 6, 'c', 'e'], '945406a20363a20365'], // removeByKeyRange
      [[73, 'a', 5, 0], '9449a203610500'], // increment
      [[106, 8, 0, 2], '946a080002'], // getByRankRange
      [[96], '9160'], // size
      [[97, 7, 1], '93610701'],
    ];
    for (const [value, hex] of cases) {
      expect(enc(value), hex).toBe(hex);
      expect(dec(hex), hex).toEqual(value);
    }
  });

  it('object keys that look like integers stay strings', () => {
    const hex = '934483c70001c0a20331a4036f6e65a20332a40374776f00';
    expect(enc([68, { 1: 'one', 2: 'two' }, 0])).toBe(hex);
    expect(dec(hex)).toEqual([68, { 1: 'one', 2: 'two' }, 0]);
  });

  it('map results: KEY_VALUE maps carry order flags 08, which are dropped', () => {
    expect(dec('82c70008c0a2036202')).toEqual({ b: 2 });
    expect(dec('83c70008c0a2036202a2036505')).toEqual({ b: 2, e: 5 });
    // An unordered map has no marker at all.
    expect(dec('84a2036110a2036202a2036505a2036e0e')).toEqual({ a: 16, b: 2, e: 5, n: 14 });
    expect(dec('92a20363a20364')).toEqual(['c', 'd']);
  });

  it('maps with integer keys decode to Map, in wire order', () => {
    // map-js-Map-with-int-keys: the official client sent the Map key-ordered.
    const items = dec('934484c70001c0fda4036e656701a4036f6e6502a40374776f00') as CdtValue[];
    expect(items[0]).toBe(68);
    expect(items[1]).toBeInstanceOf(Map);
    expect([...(items[1] as Map<MapKey, CdtValue>)]).toEqual([
      [-3, 'neg'],
      [1, 'one'],
      [2, 'two'],
    ]);
    // map-get-whole-bin-js-Map: integer and string keys mixed.
    const m = dec('83c70001c00aa40374656ea2036b920102') as Map<MapKey, CdtValue>;
    expect([...m]).toEqual([
      [10, 'ten'],
      ['k', [1, 2]],
    ]);
  });

  it('a Map encodes as an unordered map with its entries in insertion order', () => {
    const m = new Map<MapKey, CdtValue>([
      [-3, 'neg'],
      [1, 'one'],
      [2, 'two'],
    ]);
    // The official client would add `c7 00 01 c0` and sort; a Map stays unordered here.
    expect(enc(m)).toBe('83fda4036e656701a4036f6e6502a40374776f');
    expect(enc(new Map<MapKey, CdtValue>([['k', [1, 2]], [10, 'ten']]))).toBe('82a2036b9201020aa40374656e');
  });

  it('nested context operations', () => {
    const cases: Array<[CdtValue, string]> = [
      [[255, [0x22, 'list', 0x10, 1], [1, 99]], '93ccff9422a5036c6973741001920163'],
      [[255, [0x22, 'inner', 0x22, 'deep'], [67, 'y', 2, 0]], '93ccff9422a603696e6e657222a503646565709443a203790200'],
      [[255, [0x22, 'inner'], [97, 7, 'deep']], '93ccff9222a603696e6e6572936107a50364656570'],
      [[255, [0xa2, 'newmap'], [67, 'k', 'v', 0]], '93ccff92cca2a7036e65776d61709443a2036ba2037600'],
      [[255, [0x22, 'list', 0x11, -1], [19, 7, 0]], '93ccff9422a5036c69737411ff93130700'],
    ];
    for (const [value, hex] of cases) {
      expect(enc(value), hex).toBe(hex);
      expect(dec(hex), hex).toEqual(value);
    }
  });

  it('nested maps and lists', () => {
    const put =
      '83c70001c0a603696e6e657282c70001c0a5036465657082c70001c0a2037801a5036c69737492920102920304';
    const value = { inner: { deep: { x: 1 } }, list: [[1, 2], [3, 4]] };
    expect(enc(value)).toBe(put);
    expect(dec(put)).toEqual(value);
    const reply =
      '84c70001c0a603696e6e657282c70001c0a5036465657083c70001c0a2037801a2037902a5036c6973749292010293030463' +
      'a7036e65776d617081a2036ba20376';
    expect(dec(reply)).toEqual({
      inner: { deep: { x: 1, y: 2 } },
      list: [[1, 2], [3, 4, 99]],
      newmap: { k: 'v' },
    });
  });
});

// ---------------------------------------------------------------------------

describe('integers', () => {
  const cases: Array<[number | bigint, string]> = [
    [0, '00'],
    [1, '01'],
    [127, '7f'],
    [128, 'cc80'],
    [255, 'ccff'],
    [256, 'cd0100'],
    [65535, 'cdffff'],
    [65536, 'ce00010000'],
    [2 ** 32 - 1, 'ceffffffff'],
    [2 ** 32, 'cf0000000100000000'],
    [Number.MAX_SAFE_INTEGER, 'cf001fffffffffffff'],
    [-1, 'ff'],
    [-32, 'e0'],
    [-33, 'd0df'],
    [-128, 'd080'],
    [-129, 'd1ff7f'],
    [-32768, 'd18000'],
    [-32769, 'd2ffff7fff'],
    [-(2 ** 31), 'd280000000'],
    [-(2 ** 31) - 1, 'd3ffffffff7fffffff'],
    [Number.MIN_SAFE_INTEGER, 'd3ffe0000000000001'],
    [-(2 ** 40) - 5, 'd3fffffefffffffffb'],
    [2 ** 40 + 5, 'cf0000010000000005'],
  ];

  it.each(cases)('%s encodes to %s and back', (value, hex) => {
    expect(enc(value)).toBe(hex);
    expect(intSize(value)).toBe(hex.length / 2);
    expect(dec(hex)).toBe(value);
    const buf = Buffer.alloc(9);
    expect(packInt(value, buf, 0)).toBe(hex.length / 2);
    expect(buf.subarray(0, hex.length / 2).toString('hex')).toBe(hex);
  });

  it('bigints use the same smallest encodings, up to the 64-bit extremes', () => {
    expect(enc(5n)).toBe('05');
    expect(enc(-5n)).toBe('fb');
    expect(enc(300n)).toBe('cd012c');
    expect(enc(-(2n ** 31n))).toBe('d280000000');
    expect(enc(2n ** 32n - 1n)).toBe('ceffffffff');
    expect(enc(2n ** 63n - 1n)).toBe('cf7fffffffffffffff');
    expect(enc(2n ** 63n)).toBe('cf8000000000000000');
    expect(enc(2n ** 64n - 1n)).toBe('cfffffffffffffffff');
    expect(enc(-(2n ** 63n))).toBe('d38000000000000000');
    expect(enc(-(2n ** 31n) - 1n)).toBe('d3ffffffff7fffffff');
  });

  it('integers outside the safe range decode to bigint', () => {
    expect(dec('cf0020000000000000')).toBe(2n ** 53n);
    expect(dec('cf7fffffffffffffff')).toBe(2n ** 63n - 1n);
    expect(dec('cfffffffffffffffff')).toBe(2n ** 64n - 1n);
    expect(dec('d38000000000000000')).toBe(-(2n ** 63n));
    expect(dec('d3ffe0000000000000')).toBe(-(2n ** 53n));
    expect(dec('d3ffe0000000000001')).toBe(Number.MIN_SAFE_INTEGER);
    expect(dec('d3001fffffffffffff')).toBe(Number.MAX_SAFE_INTEGER);
    expect(dec('d30020000000000000')).toBe(2n ** 53n);
  });

  it('non-minimal encodings decode to the same numbers', () => {
    expect(dec('cc05')).toBe(5);
    expect(dec('cd0005')).toBe(5);
    expect(dec('ce00000005')).toBe(5);
    expect(dec('cf0000000000000005')).toBe(5);
    expect(dec('d005')).toBe(5);
    expect(dec('d1fffb')).toBe(-5);
    expect(dec('d2fffffffb')).toBe(-5);
    expect(dec('d3fffffffffffffffb')).toBe(-5);
  });

  it('integral numbers beyond 2^53 are written exactly', () => {
    expect(enc(2 ** 63)).toBe('cf8000000000000000');
    expect(enc(2 ** 64 - 2048)).toBe('cffffffffffffff800');
    expect(enc(-(2 ** 63))).toBe('d38000000000000000');
    expect(enc(-0)).toBe('00');
  });

  it('rejects integers that do not fit in 64 bits', () => {
    for (const v of [2n ** 64n, -(2n ** 63n) - 1n, 2 ** 64, -(2 ** 64), 1e300]) {
      expect(() => packedSize(v), String(v)).toThrow(InvalidArgumentError);
      expect(() => pack(v, Buffer.alloc(16), 0), String(v)).toThrow(InvalidArgumentError);
      expect(() => intSize(v), String(v)).toThrow(InvalidArgumentError);
    }
    expect(() => intSize(1.5)).toThrow(InvalidArgumentError);
    expect(() => packInt(1.5, Buffer.alloc(9), 0)).toThrow(InvalidArgumentError);
  });
});

describe('floats', () => {
  it('non-integral numbers, NaN, infinities and Double are float64', () => {
    expect(enc(1.5)).toBe('cb3ff8000000000000');
    expect(enc(-2.5)).toBe('cbc004000000000000');
    expect(enc(new Double(2))).toBe('cb4000000000000000');
    expect(enc(new Double(-0))).toBe('cb8000000000000000');
    expect(enc(Number.NaN)).toBe('cb7ff8000000000000');
    expect(enc(Number.POSITIVE_INFINITY)).toBe('cb7ff0000000000000');
    expect(enc(Number.NEGATIVE_INFINITY)).toBe('cbfff0000000000000');
    expect(enc(Number.MIN_VALUE)).toBe('cb0000000000000001');
    expect(packedSize(new Double(1))).toBe(FLOAT_SIZE);
    const buf = Buffer.alloc(9);
    expect(packFloat(3, buf, 0)).toBe(9);
    expect(buf.toString('hex')).toBe('cb4008000000000000');
  });

  it('decodes float64 and float32 to numbers', () => {
    expect(dec('cb3ff8000000000000')).toBe(1.5);
    expect(dec('cb4000000000000000')).toBe(2);
    expect(dec('cb8000000000000000')).toBe(-0);
    expect(dec('cb7ff8000000000000')).toBeNaN();
    expect(dec('ca3fc00000')).toBe(1.5);
    expect(dec('caff800000')).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('scalars', () => {
  it('booleans and nil', () => {
    expect(enc(true)).toBe('c3');
    expect(enc(false)).toBe('c2');
    expect(enc(null)).toBe('c0');
    expect(enc([undefined as unknown as null])).toBe('91c0');
    expect(dec('c3')).toBe(true);
    expect(dec('c2')).toBe(false);
    expect(dec('c0')).toBe(null);
  });
});

describe('strings', () => {
  /** Header a payload of `n` bytes gets. */
  function header(n: number): string {
    if (n < 32) return (0xa0 | n).toString(16);
    if (n < 256) return `d9${n.toString(16).padStart(2, '0')}`;
    if (n < 65536) return `da${n.toString(16).padStart(4, '0')}`;
    return `db${n.toString(16).padStart(8, '0')}`;
  }

  it('carry a 0x03 prefix; the empty string is just the prefix', () => {
    expect(enc('')).toBe('a103');
    expect(enc('a')).toBe('a20361');
    expect(dec('a103')).toBe('');
    // An empty str has no prefix byte at all.
    expect(dec('a0')).toBe('');
    expect(stringSize('')).toBe(2);
  });

  it('picks str8/str16/str32 by payload length (text + 1)', () => {
    for (const n of [0, 1, 30, 31, 32, 84, 85, 254, 255, 256, 21844, 21845, 65534, 65535, 65536, 70000]) {
      const s = 'x'.repeat(n);
      const buf = packToBuffer(s);
      const head = header(n + 1);
      expect(buf.subarray(0, head.length / 2).toString('hex'), `length ${n}`).toBe(head);
      expect(buf[head.length / 2], `length ${n}`).toBe(3);
      expect(buf.length).toBe(head.length / 2 + 1 + n);
      expect(stringSize(s)).toBe(buf.length);
      expect(unpack(buf, 0, buf.length)).toEqual({ value: s, offset: buf.length });
    }
  });

  it('sizes multi-byte text by its UTF-8 length at every header boundary', () => {
    const pieces = ['é', '€', '😀', 'a€', 'xé'];
    for (const piece of pieces) {
      for (let count = 1; count < 200; count++) {
        const s = piece.repeat(count);
        const bytes = Buffer.byteLength(s);
        expect(utf8Length(s)).toBe(bytes);
        const buf = packToBuffer(s);
        const head = header(bytes + 1);
        expect(buf.subarray(0, head.length / 2).toString('hex'), `${piece} x ${count}`).toBe(head);
        expect(buf.subarray(head.length / 2 + 1).toString('utf8')).toBe(s);
        expect(dec(buf.toString('hex'))).toBe(s);
      }
    }
    // Around the str16/str32 boundaries with 3-byte characters.
    for (const count of [21844, 21845, 21846, 65535]) {
      const s = '€'.repeat(count);
      const buf = packToBuffer(s);
      expect(buf.length).toBe(header(count * 3 + 1).length / 2 + 1 + count * 3);
      expect(dec(buf.toString('hex'))).toBe(s);
    }
  });

  it('encodes UTF-8, including astral characters; values with lone surrogates are rejected', () => {
    expect(enc('ün')).toBe('a403c3bc6e');
    expect(enc('✓')).toBe('a403e29c93');
    expect(enc('😀')).toBe('a503f09f9880');
    for (const s of ['\ud800', '\udfff', 'x\ud800', '\ud800x', '\ud83d\ude00\ud83d', 'é'.repeat(40) + '\ud800'.repeat(30)]) {
      expect(() => packedSize(s), JSON.stringify(s)).toThrow(InvalidArgumentError);
      expect(() => packToBuffer(s), JSON.stringify(s)).toThrow(/not well-formed UTF-16/);
      // The low-level writers still size and write a lone surrogate as U+FFFD, as Buffer does.
      expect(utf8Length(s), JSON.stringify(s)).toBe(Buffer.byteLength(s));
    }
    const raw = (s: string): string => {
      const buf = Buffer.alloc(rawStringSize(s));
      packRawString(s, buf, 0);
      return buf.toString('hex');
    };
    expect(raw('\ud800')).toBe('a3efbfbd');
    expect(raw('a\udc00b')).toBe('a561efbfbd62');
    expect(raw('\ud83d\ud83d')).toBe('a6efbfbdefbfbd');
    expect(dec('a403c3bc6e')).toBe('ün');
    expect(dec('a503f09f9880')).toBe('😀');
  });

  it('writes the same UTF-8 as Buffer for arbitrary UTF-16, surrogates included', () => {
    const g = new Gen(xorshift(SEED));
    const units = [0x41, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xfffd, 0xffff];
    for (let i = 0; i < 2000; i++) {
      const n = g.int(90);
      let s = '';
      for (let j = 0; j < n; j++) s += String.fromCharCode(g.chance(0.5) ? g.pick(units) : g.int(0x10000));
      const want = Buffer.from(s, 'utf8');
      const buf = Buffer.alloc(rawStringSize(s));
      expect(packRawString(s, buf, 0), `seed ${SEED}, ${JSON.stringify(s)}`).toBe(buf.length);
      expect(buf.subarray(buf.length - want.length).equals(want), `seed ${SEED}, ${JSON.stringify(s)}`).toBe(true);
      expect(utf8Length(s)).toBe(want.length);
      // UTF-8 round-trips exactly when the string has no lone surrogate.
      if (want.toString('utf8') === s) {
        const typed = packToBuffer(s);
        expect(typed.subarray(typed.length - want.length).equals(want)).toBe(true);
      } else {
        expect(() => packToBuffer(s), JSON.stringify(s)).toThrow(InvalidArgumentError);
      }
    }
  });

  it('raw strings have no prefix', () => {
    const buf = Buffer.alloc(rawStringSize('bin'));
    expect(packRawString('bin', buf, 0)).toBe(4);
    expect(buf.toString('hex')).toBe('a362696e');
    expect(rawStringSize('')).toBe(1);
    expect(unpack(buf, 0, buf.length, { strings: 'raw' }).value).toBe('bin');
    // Read as particle strings, 'b' (0x62) is an unknown particle type: bytes.
    expect(unpack(buf, 0, buf.length).value).toEqual(Buffer.from('in'));
    const long = 'n'.repeat(40);
    const lb = Buffer.alloc(rawStringSize(long));
    packRawString(long, lb, 0);
    expect(lb.subarray(0, 2).toString('hex')).toBe('d928');
    expect(unpack(lb, 0, lb.length, { strings: 'raw' }).value).toBe(long);
  });
});

describe('blobs and typed strings', () => {
  it('blobs are str with a 0x04 prefix, never msgpack bin', () => {
    expect(enc(Buffer.alloc(0))).toBe('a104');
    expect(enc(Buffer.from('xy'))).toBe('a3047879');
    expect(enc(new Uint8Array([1, 2, 3]))).toBe('a404010203');
    expect(enc(Buffer.alloc(31, 7)).slice(0, 6)).toBe('d92004');
    expect(enc(Buffer.alloc(255)).slice(0, 8)).toBe('da010004');
    expect(enc(Buffer.alloc(65535)).slice(0, 12)).toBe('db0001000004');
    expect(bytesSize(Buffer.alloc(30))).toBe(32);
    const buf = Buffer.alloc(4);
    expect(packBytes(Buffer.from('xy'), buf, 0)).toBe(4);
    expect(buf.toString('hex')).toBe('a3047879');
  });

  it('decodes blobs to copies', () => {
    const src = h('a3047879');
    const v = unpack(src, 0, src.length).value as Buffer;
    expect(Buffer.isBuffer(v)).toBe(true);
    expect(v).toEqual(Buffer.from('xy'));
    src[2] = 0;
    expect(v).toEqual(Buffer.from('xy'));
    expect(dec('a104')).toEqual(Buffer.alloc(0));
  });

  it('decodes msgpack bin to Buffer', () => {
    expect(dec('c403010203')).toEqual(Buffer.from([1, 2, 3]));
    expect(dec('c50002abcd')).toEqual(Buffer.from([0xab, 0xcd]));
    expect(dec('c60000000100')).toEqual(Buffer.from([0]));
    expect(dec('c400')).toEqual(Buffer.alloc(0));
  });

  it('language blobs come back as the bytes after the particle type', () => {
    expect(dec('a4070a0b0c')).toEqual(Buffer.from([10, 11, 12]));
    expect(dec('a2090a')).toEqual(Buffer.from([10]));
  });

  it('GeoJSON is str with a 0x17 prefix', () => {
    const geo = new GeoJSON({ type: 'Point', coordinates: [1, 2] });
    const text = '{"type":"Point","coordinates":[1,2]}';
    expect(geo.value).toBe(text);
    expect(enc(geo)).toBe(`d92517${Buffer.from(text).toString('hex')}`);
    const back = dec(enc(geo));
    expect(back).toBeInstanceOf(GeoJSON);
    expect((back as GeoJSON).value).toBe(text);
    expect(JSON.stringify({ g: back })).toBe(`{"g":${text}}`);
    expect(String(back)).toBe(text);
  });

  it('HyperLogLog is str with a 0x12 prefix', () => {
    const hll = new HyperLogLog(Buffer.from([0, 1, 2, 3]));
    expect(enc(hll)).toBe('a51200010203');
    const back = dec('a51200010203');
    expect(back).toBeInstanceOf(HyperLogLog);
    expect((back as HyperLogLog).bytes).toEqual(Buffer.from([0, 1, 2, 3]));
  });
});

describe('CDT sentinels', () => {
  it('encode as ext 0xff', () => {
    expect(enc(WILDCARD)).toBe('d4ff00');
    expect(enc(INFINITY)).toBe('d4ff01');
    expect(enc(['a', WILDCARD])).toBe('92a20361d4ff00');
    expect(Object.isFrozen(WILDCARD)).toBe(true);
  });

  it('decode to the same instances with unpackCdt, even first in a list', () => {
    expect(dec('d4ff00')).toBe(WILDCARD);
    expect(dec('d4ff01')).toBe(INFINITY);
    const list = dec('92d4ff0001') as CdtValue[];
    expect(list[0]).toBe(WILDCARD);
    expect(list[1]).toBe(1);
  });

  it('are rejected by unpack, which reads stored values', () => {
    const buf = h('d4ff00');
    expect(catchError(() => unpack(buf, 0, 3))).toBeInstanceOf(ProtocolError);
  });

  it('other ext values are protocol errors outside the order-marker position', () => {
    for (const hex of ['d4ff02', 'd5ff0000', 'd40100', '92 01 c70001', 'c70001', '820102c70001c0']) {
      const buf = h(hex);
      expect(catchError(() => unpackCdt(buf, 0, buf.length)), hex).toBeInstanceOf(ProtocolError);
    }
  });
});

describe('lists', () => {
  it('use fixarray, array16 and array32 headers', () => {
    for (const [n, head] of [
      [0, '90'],
      [15, '9f'],
      [16, 'dc0010'],
      [65535, 'dcffff'],
      [65536, 'dd00010000'],
    ] as const) {
      const list = new Array<number>(n).fill(1);
      const buf = packToBuffer(list);
      expect(buf.subarray(0, head.length / 2).toString('hex')).toBe(head);
      expect(arrayHeaderSize(n)).toBe(head.length / 2);
      expect(buf.length).toBe(head.length / 2 + n);
      expect(dec(buf.toString('hex'))).toEqual(list);
    }
  });

  it('drop any non-sentinel ext that starts them', () => {
    expect(dec('92d4010001')).toEqual([1]);
    expect(dec('92c8000003 01')).toEqual([1]);
    expect(dec('91c70001')).toEqual([]);
  });
});

describe('maps', () => {
  it('use fixmap, map16 and map32 headers', () => {
    for (const [n, head] of [
      [0, '80'],
      [15, '8f'],
      [16, 'de0010'],
      [65536, 'df00010000'],
    ] as const) {
      const m = new Map<MapKey, CdtValue>();
      for (let i = 0; i < n; i++) m.set(i, i & 1);
      const buf = packToBuffer(m);
      expect(buf.subarray(0, head.length / 2).toString('hex')).toBe(head);
      expect(mapHeaderSize(n)).toBe(head.length / 2);
      const back = dec(buf.toString('hex'));
      if (n === 0) expect(back).toEqual({});
      else expect(back).toEqual(m);
    }
  });

  it('objects count their order marker in the header', () => {
    expect(enc({})).toBe('81c70001c0');
    expect(dec('81c70001c0')).toEqual({});
    const o14: Record<string, number> = {};
    for (let i = 0; i < 14; i++) o14[`k${String(i).padStart(2, '0')}`] = i;
    expect(enc(o14).slice(0, 2)).toBe('8f');
    const o15 = { ...o14, k99: 1 };
    expect(enc(o15).slice(0, 6)).toBe('de0010');
    expect(dec(enc(o15))).toEqual(o15);
  });

  it('objects are written with keys in code-point (UTF-8 byte) order', () => {
    const obj = { b: 1, a: 2, '10': 3, '9': 4, ab: 5, '': 6 };
    const m = dec(enc(obj), { maps: 'map' }) as Map<MapKey, CdtValue>;
    expect([...m.keys()]).toEqual(['', '10', '9', 'a', 'ab', 'b']);
    // U+FFFF sorts before U+10000 in UTF-8, unlike UTF-16 code units.
    const astral = { '\u{10000}': 1, '\uffff': 2, '\u00e9': 3, z: 4 };
    const keys = [...(dec(enc(astral), { maps: 'map' }) as Map<MapKey, CdtValue>).keys()] as string[];
    expect(keys).toEqual(['z', '\u00e9', '\uffff', '\u{10000}']);
    const utf8Sorted = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect(keys).toEqual(utf8Sorted);
  });

  it('decode to plain objects when all keys are strings (auto), else Map', () => {
    const obj = dec('82a20361 01 a20362 02');
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    expect(obj).toEqual({ a: 1, b: 2 });
    const mixed = dec('82a20361 01 05 02') as Map<MapKey, CdtValue>;
    expect(mixed).toBeInstanceOf(Map);
    expect([...mixed]).toEqual([
      ['a', 1],
      [5, 2],
    ]);
    const blobKey = dec('81a3047879 01') as Map<MapKey, CdtValue>;
    expect([...blobKey]).toEqual([[Buffer.from('xy'), 1]]);
  });

  it('maps: "map" always returns a Map, keeping wire order', () => {
    const m = dec('83c70001c0a2036101a2036202', { maps: 'map' }) as Map<MapKey, CdtValue>;
    expect(m).toBeInstanceOf(Map);
    expect([...m]).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    const nested = dec('9181a20361 81a20362 01', { maps: 'map' }) as CdtValue[];
    expect(nested[0]).toEqual(new Map([['a', new Map([['b', 1]])]]));
  });

  it('a "__proto__" key becomes an own property and leaves the prototype alone', () => {
    const hex = `82aa03${Buffer.from('__proto__').toString('hex')}81a2036101a2036202`;
    const obj = dec(hex) as Record<string, CdtValue>;
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    expect(Object.keys(obj)).toEqual(['__proto__', 'b']);
    expect(Object.getOwnPropertyDescriptor(obj, '__proto__')?.value).toEqual({ a: 1 });
    expect((obj as { a?: unknown }).a).toBeUndefined();
    expect(({} as { a?: unknown }).a).toBeUndefined();
    // And it round-trips from an object that has such an own key.
    const own = JSON.parse('{"__proto__": 5, "x": 1}') as Record<string, CdtValue>;
    const back = dec(enc(own)) as Record<string, CdtValue>;
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toBe(5);
    expect(back.x).toBe(1);
  });

  it('later duplicate keys win', () => {
    expect(dec('82a2036101a2036102')).toEqual({ a: 2 });
  });

  it('a marker pair of any value and ext length is dropped', () => {
    expect(dec('82d501000001a2036101')).toEqual({ a: 1 });
    expect(dec('82c7020800009201 02 a2036101')).toEqual({ a: 1 });
  });

  it('Map keys of every kind encode as given', () => {
    const m = new Map<MapKey, CdtValue>([
      [Buffer.from('xy'), 1],
      [2n ** 60n, 2],
      [-1, 3],
      ['s', 4],
    ]);
    expect(enc(m)).toBe('84a3047879 01 cf1000000000000000 02 ff 03 a20373 04'.replace(/ /g, ''));
    expect(dec(enc(m))).toEqual(m);
  });
});

describe('nesting limit', () => {
  function nestedList(levels: number): CdtValue {
    let v: CdtValue = 1;
    for (let i = 0; i < levels; i++) v = [v];
    return v;
  }

  it(`encodes and decodes ${MAX_MSGPACK_DEPTH} levels and no more`, () => {
    const ok = nestedList(MAX_MSGPACK_DEPTH);
    const hex = enc(ok);
    expect(hex).toBe(`${'91'.repeat(MAX_MSGPACK_DEPTH)}01`);
    expect(dec(hex)).toEqual(ok);
    expect(() => packedSize(nestedList(MAX_MSGPACK_DEPTH + 1))).toThrow(InvalidArgumentError);
    expect(() => pack(nestedList(MAX_MSGPACK_DEPTH + 1), Buffer.alloc(1000), 0)).toThrow(InvalidArgumentError);
    const deep = h(`${'91'.repeat(MAX_MSGPACK_DEPTH + 1)}01`);
    expect(catchError(() => unpack(deep, 0, deep.length))).toBeInstanceOf(ProtocolError);
    const deepMaps = h(`${'81a20361'.repeat(MAX_MSGPACK_DEPTH + 1)}01`);
    expect(catchError(() => unpack(deepMaps, 0, deepMaps.length))).toBeInstanceOf(ProtocolError);
  });

  it('rejects cycles', () => {
    const a: CdtValue[] = [1];
    a.push(a);
    expect(() => packedSize(a)).toThrow(InvalidArgumentError);
    const o: Record<string, CdtValue> = {};
    o.self = o;
    expect(() => packToBuffer(o)).toThrow(InvalidArgumentError);
    const m = new Map<MapKey, CdtValue>();
    m.set('m', m);
    expect(() => packToBuffer(m)).toThrow(InvalidArgumentError);
  });
});

describe('values with no encoding', () => {
  it('throw InvalidArgumentError', () => {
    const bad: unknown[] = [
      () => 1,
      Symbol('s'),
      new Date(0),
      new Set([1]),
      new Int16Array(2),
      new (class Point {
        x = 1;
      })(),
      [1, [() => 1]],
      { a: new Date(0) },
    ];
    for (const v of bad) {
      expect(() => packedSize(v as CdtValue), String(v)).toThrow(InvalidArgumentError);
      expect(() => pack(v as CdtValue, Buffer.alloc(64), 0), String(v)).toThrow(InvalidArgumentError);
    }
  });

  it('accept null-prototype objects', () => {
    const o = Object.create(null) as Record<string, CdtValue>;
    o.a = 1;
    expect(enc(o)).toBe('82c70001c0a2036101');
  });

  it('value classes validate their input', () => {
    expect(() => new Double('1' as unknown as number)).toThrow(InvalidArgumentError);
    expect(() => new GeoJSON(5 as unknown as string)).toThrow(InvalidArgumentError);
    expect(() => new HyperLogLog('x' as unknown as Buffer)).toThrow(InvalidArgumentError);
    expect(new Double(2).valueOf()).toBe(2);
  });
});

describe('low-level writers', () => {
  it('compose [opcode, args…] exactly as pack writes the whole array', () => {
    const size = arrayHeaderSize(4) + intSize(68) + stringSize('a') + intSize(-200) + bytesSize(Buffer.from('z'));
    const buf = Buffer.alloc(size + 3);
    let o = 3;
    o = packArrayHeader(4, buf, o);
    o = packInt(68, buf, o);
    o = packString('a', buf, o);
    o = packInt(-200, buf, o);
    o = packBytes(Buffer.from('z'), buf, o);
    expect(o).toBe(buf.length);
    expect(buf.subarray(3).toString('hex')).toBe(enc([68, 'a', -200, Buffer.from('z')]));
    const m = Buffer.alloc(mapHeaderSize(1) + 2);
    expect(packMapHeader(1, m, 0)).toBe(1);
    packInt(1, m, 1);
    packInt(2, m, 2);
    expect(dec(m.toString('hex'))).toEqual(new Map([[1, 2]]));
    const big = Buffer.alloc(5);
    expect(packArrayHeader(70000, big, 0)).toBe(5);
    expect(big.toString('hex')).toBe('dd00011170');
    expect(packMapHeader(300, big, 0)).toBe(3);
    expect(big.subarray(0, 3).toString('hex')).toBe('de012c');
  });

  it('pack writes at an offset and returns the end', () => {
    const v = [1, 'two', { c: 3 }];
    const size = packedSize(v);
    const buf = Buffer.alloc(size + 10, 0xee);
    expect(pack(v, buf, 5)).toBe(5 + size);
    expect(buf[4]).toBe(0xee);
    expect(buf[5 + size]).toBe(0xee);
    expect(unpack(buf, 5, 5 + size)).toEqual({ value: v, offset: 5 + size });
  });
});

describe('MsgpackReader', () => {
  it('reads headers and values in sequence, and skips values', () => {
    const buf = packToBuffer([68, { a: [1, 2, { b: 'x' }] }, 'tail']);
    const r = new MsgpackReader(buf, 0, buf.length);
    expect(r.readArrayHeader()).toBe(3);
    expect(r.readValue()).toBe(68);
    const before = r.offset;
    r.skipValue();
    const after = r.offset;
    r.offset = before;
    expect(r.readMapHeader()).toBe(2);
    r.offset = after;
    expect(r.readValue()).toBe('tail');
    expect(r.remaining).toBe(0);
  });

  it('skips every kind of value', () => {
    const hexes = [
      '00', 'ff', 'c0', 'c2', 'c3', 'cc01', 'cd0001', 'ce00000001', 'cf0000000000000001', 'd001', 'd10001',
      'd200000001', 'd30000000000000001', 'ca3fc00000', 'cb3ff8000000000000', 'a3036162', 'd90203 61',
      'da000203 61', 'db0000000203 61', 'c40101', 'c5000101', 'c600000001 01', 'd4ff00', 'd5010000',
      'd601 00000000', 'd701 0000000000000000', 'd801 00000000000000000000000000000000', 'c70101 00',
      'c8000101 00', 'c900000001 01 00', '920102', 'dc0001 01', 'dd00000001 01', '81a2036101', 'de0001 0102',
      'df00000001 0102', '82c70001c0 01 9291 01 81 01 02',
    ];
    for (const hex of hexes) {
      const buf = Buffer.concat([h(hex), h('7e')]);
      const r = new MsgpackReader(buf, 0, buf.length);
      r.skipValue();
      expect(r.readValue(), hex).toBe(0x7e);
    }
  });

  it('reports header mismatches and bad ranges as protocol errors', () => {
    const buf = h('01');
    expect(catchError(() => new MsgpackReader(buf, 0, 1).readArrayHeader())).toBeInstanceOf(ProtocolError);
    expect(catchError(() => new MsgpackReader(buf, 0, 1).readMapHeader())).toBeInstanceOf(ProtocolError);
    expect(catchError(() => new MsgpackReader(buf, 0, 2))).toBeInstanceOf(ProtocolError);
    expect(catchError(() => new MsgpackReader(buf, 1, 0))).toBeInstanceOf(ProtocolError);
    expect(catchError(() => new MsgpackReader(buf, -1, 1))).toBeInstanceOf(ProtocolError);
    expect(catchError(() => new MsgpackReader(h('c1'), 0, 1).skipValue())).toBeInstanceOf(ProtocolError);
  });
});

describe('malformed input', () => {
  const cases: Array<[string, string]> = [
    ['empty', ''],
    ['reserved byte', 'c1'],
    ['truncated uint16', 'cd00'],
    ['truncated float64', 'cb3ff8'],
    ['truncated str', 'a5036162'],
    ['lying str32 length', 'dbffffffff03'],
    ['lying bin32 length', 'c6ffffffff00'],
    ['lying array32 count', 'ddffffffff01'],
    ['lying map32 count', 'dfffffffff0101'],
    ['lying array16 count', 'dcffff'],
    ['map with a missing value', '81a20361'],
    ['lying ext32 length', 'c9ffffffff01'],
    ['lying ext length in a marker', '92c7ff01'],
    ['marker pair cut short', '82c70001'],
    ['element after end', '9201'],
  ];
  it.each(cases)('%s throws ProtocolError', (_name, hex) => {
    const buf = h(hex);
    const err = catchError(() => unpackCdt(buf, 0, buf.length));
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as ProtocolError).message).toMatch(/^malformed msgpack value: /);
  });

  it('rejects a lying element count before decoding any element', () => {
    for (const hex of ['ddffffffff01', 'dc0003 0101', 'df00000002 0101 01', 'de0002 010101']) {
      const buf = h(hex);
      const err = catchError(() => unpack(buf, 0, buf.length)) as ProtocolError;
      expect(err, hex).toBeInstanceOf(ProtocolError);
      expect(err.message, hex).toMatch(/count \d+ exceeds/);
    }
  });

  it('never reads past end, even when the buffer continues', () => {
    const buf = h('92 01 02');
    expect(catchError(() => unpack(buf, 0, 2))).toBeInstanceOf(ProtocolError);
    expect(unpack(buf, 0, 3).value).toEqual([1, 2]);
  });

  it('leaves trailing bytes for the caller', () => {
    const buf = h('01 02');
    expect(unpack(buf, 0, 2)).toEqual({ value: 1, offset: 1 });
  });

  it('accepts a Uint8Array view into a larger buffer', () => {
    const backing = new Uint8Array([9, 9, 0x92, 0xa2, 0x03, 0x61, 0x05, 9]);
    const view = backing.subarray(2, 7);
    expect(unpack(view, 0, view.length)).toEqual({ value: ['a', 5], offset: 5 });
  });
});

// ---------------------------------------------------------------------------
// Fuzzing. A random seed per run widens coverage; set MSGPACK_FUZZ_SEED to
// replay a failure.

const SEED = Number(process.env.MSGPACK_FUZZ_SEED ?? Math.floor(Math.random() * 0xffff_ffff)) >>> 0;

/** xorshift32: tiny, seedable, good enough to drive a fuzzer. */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

class Gen {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return this.next() % n;
  }
  chance(p: number): boolean {
    return this.next() / 0x1_0000_0000 < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }
  u64(): bigint {
    return (BigInt(this.next()) << 32n) | BigInt(this.next());
  }
}

const INT_EDGES = [
  0, 1, 31, 32, 127, 128, 255, 256, 65535, 65536, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, 2 ** 53,
  2 ** 63, -1, -31, -32, -33, -127, -128, -129, -32768, -32769, -(2 ** 31), -(2 ** 31) - 1, -(2 ** 53 - 1),
  -(2 ** 53), -(2 ** 63),
];
const STRING_LENGTHS = [0, 1, 2, 10, 11, 29, 30, 31, 32, 84, 85, 253, 254, 255, 256];
const CHARS = ['a', 'Z', '0', ' ', 'é', 'ß', '€', '✓', '\u0800', '\uffff', '😀', '\u{10ffff}', '\u0000', '\u007f'];

function genString(g: Gen): string {
  const n = g.chance(0.8) ? g.int(12) : g.pick(STRING_LENGTHS);
  const ascii = g.chance(0.6);
  let s = '';
  for (let i = 0; i < n; i++) s += ascii ? String.fromCharCode(32 + g.int(95)) : g.pick(CHARS);
  return s;
}

function genNumber(g: Gen): number | Double {
  switch (g.int(5)) {
    case 0:
      return g.pick(INT_EDGES) + (g.chance(0.5) ? 0 : g.pick([-1, 1]));
    case 1:
      return g.int(1000) - 500;
    case 2:
      return (g.next() | 0) * (g.chance(0.5) ? 1 : 2 ** 20);
    case 3: {
      const d = g.bytes(8).readDoubleBE(0);
      // Huge integral doubles have no integer encoding; send them as floats.
      return Number.isInteger(d) && Math.abs(d) >= 2 ** 63 ? new Double(d) : d;
    }
    default:
      return g.chance(0.5) ? new Double(g.int(100) - 50) : (g.int(2000) - 1000) / 8;
  }
}

function genScalar(g: Gen): CdtValue {
  switch (g.int(12)) {
    case 0:
    case 1:
      return genNumber(g);
    case 2: {
      const v = g.u64();
      return g.chance(0.5) ? v : BigInt.asIntN(64, v);
    }
    case 3:
    case 4:
      return genString(g);
    case 5:
      return g.bytes(g.chance(0.9) ? g.int(8) : g.pick(STRING_LENGTHS));
    case 6:
      return g.chance(0.5);
    case 7:
      return null;
    case 8:
      return new GeoJSON({ type: 'Point', coordinates: [g.int(180), g.int(90)] });
    case 9:
      return new HyperLogLog(g.bytes(g.int(20)));
    case 10:
      return g.pick([WILDCARD, INFINITY]);
    default:
      return g.int(100);
  }
}

function genMapKey(g: Gen): MapKey {
  switch (g.int(4)) {
    case 0:
      return g.int(1000) - 500;
    case 1:
      return BigInt.asIntN(64, g.u64()) | (1n << 60n);
    case 2:
      return g.bytes(g.int(4));
    default:
      return genString(g);
  }
}

function genValue(g: Gen, depth: number): CdtValue {
  const room = depth < 6;
  const k = g.int(10);
  if (!room || k < 6) return genScalar(g);
  const n = g.chance(0.9) ? g.int(5) : 14 + g.int(4);
  if (k < 8) {
    const list: CdtValue[] = [];
    for (let i = 0; i < n; i++) list.push(genValue(g, depth + 1));
    return list;
  }
  if (k < 9) {
    const obj: Record<string, CdtValue> = {};
    for (let i = 0; i < n; i++) {
      const key = g.chance(0.05) ? '__proto__' : g.chance(0.1) ? String(g.int(20)) : genString(g);
      Object.defineProperty(obj, key, { value: genValue(g, depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return obj;
  }
  // A Map with at least one non-string key, so that 'auto' decoding gives a Map back.
  const map = new Map<MapKey, CdtValue>();
  map.set(g.int(50), genValue(g, depth + 1));
  for (let i = 0; i < n; i++) map.set(genMapKey(g), genValue(g, depth + 1));
  return map;
}

/** What decoding returns for a value: numbers normalised the way the wire normalises them. */
function expected(v: unknown): unknown {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return v;
    if (Object.is(v, -0)) return 0;
    return Number.isSafeInteger(v) ? v : BigInt(v);
  }
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  if (v instanceof Double) return v.value;
  if (v instanceof Uint8Array) return Buffer.from(v);
  if (Array.isArray(v)) return v.map(expected);
  if (v instanceof Map) {
    const m = new Map<unknown, unknown>();
    for (const [k, x] of v) m.set(expected(k), expected(x));
    return m;
  }
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const o: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      Object.defineProperty(o, key, {
        value: expected((v as Record<string, unknown>)[key]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return o;
  }
  return v;
}

function describeBytes(b: Uint8Array): string {
  const hex = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
  return hex.length > 400 ? `${hex.slice(0, 400)}… (${b.length} bytes)` : hex;
}

describe(`fuzz (seed ${SEED}; replay with MSGPACK_FUZZ_SEED=${SEED})`, () => {
  it('2,000 random values survive pack → unpack', () => {
    const g = new Gen(xorshift(SEED));
    for (let i = 0; i < 2000; i++) {
      const value = genValue(g, 0);
      const at = g.int(8);
      let encoded: Buffer | undefined;
      try {
        const size = packedSize(value);
        // Bytes around the value are invalid msgpack, so a read outside it would fail loudly.
        const buf = Buffer.alloc(at + size + 4, 0xc1);
        expect(pack(value, buf, at)).toBe(at + size);
        encoded = buf.subarray(at, at + size);
        const r = unpackCdt(buf, at, at + size);
        expect(r.offset).toBe(at + size);
        expect(r.value).toEqual(expected(value));
        expect(packToBuffer(value).equals(encoded)).toBe(true);
      } catch (err) {
        const bytes = encoded === undefined ? '(not encoded)' : describeBytes(encoded);
        throw new Error(`seed ${SEED}, case ${i}: ${(err as Error).message}\nbytes: ${bytes}`, { cause: err });
      }
    }
  });

  it('2,000 random and mutated byte strings decode or throw ProtocolError', () => {
    const g = new Gen(xorshift(SEED ^ 0x5a5a5a5a));
    const lies = ['ddffffffff', 'dfffffffff', 'dbffffffff', 'c6ffffffff', 'c9ffffffff01', 'dc7fff', 'de7fff', 'da7fff', 'c8ffff01'];
    let cases = 0;
    let decoded = 0;

    /** `cut` < 0 means the whole buffer. */
    const attempt = (buf: Buffer, cut: number, mustFail: boolean, what: string): void => {
      cases++;
      const end = cut < 0 ? buf.length : cut;
      const options: UnpackOptions = g.chance(0.5) ? {} : { maps: 'map', strings: g.chance(0.5) ? 'raw' : 'particle' };
      const strict = g.chance(0.3);
      try {
        const r = strict ? unpack(buf, 0, end, options) : unpackCdt(buf, 0, end, options);
        if (mustFail) throw new Error('a strict prefix of an encoding decoded');
        if (!(r.offset > 0 && r.offset <= end)) throw new Error(`offset ${r.offset} outside (0, ${end}]`);
        decoded++;
      } catch (err) {
        if (err instanceof ProtocolError) return;
        throw new Error(
          `seed ${SEED}, ${what}, end ${end}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}\n` +
            `bytes: ${describeBytes(buf)}`,
          { cause: err },
        );
      }
    };

    while (cases < 2000) {
      switch (g.int(5)) {
        case 0: {
          attempt(g.bytes(g.int(48)), -1, false, 'random bytes');
          break;
        }
        case 1: {
          // Every strict prefix, read from a buffer that still holds the rest, so a read past `end` would show.
          const full = packToBuffer(genValue(g, 0));
          for (let cut = 0; cut < full.length && cut < 300; cut++) attempt(full, cut, true, `prefix of ${full.length}`);
          break;
        }
        case 2: {
          const b = Buffer.from(packToBuffer(genValue(g, 0)));
          const flips = 1 + g.int(2);
          for (let j = 0; j < flips; j++) {
            const at = g.int(b.length);
            b[at] = b[at]! ^ (1 << g.int(8));
          }
          attempt(b, -1, false, 'bit flip');
          break;
        }
        case 3: {
          const b = Buffer.from(packToBuffer(genValue(g, 0)));
          b[g.int(b.length)] = g.int(256);
          attempt(b, -1, false, 'byte replaced');
          break;
        }
        default: {
          const valid = packToBuffer(genValue(g, 0));
          const at = g.int(valid.length + 1);
          const lie = h(g.pick(lies));
          const b = Buffer.concat([valid.subarray(0, at), lie, valid.subarray(at)]);
          attempt(b, -1, false, 'huge length inserted');
          break;
        }
      }
    }
    expect(cases).toBeGreaterThanOrEqual(2000);
    // The mutations should not all be rejected, or the fuzzer tests nothing but the first byte.
    expect(decoded).toBeGreaterThan(0);
  });
});
