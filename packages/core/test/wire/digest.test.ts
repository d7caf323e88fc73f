import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { computeDigest, keyParticleType, PARTITIONS, partitionId, type UserKey } from '../../src/wire/digest.js';
import { RIPEMD160_SIZE, ripemd160, ripemd160Digest } from '../../src/wire/ripemd160.js';

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
const ascii = (s: string): Buffer => Buffer.from(s, 'latin1');

/** Reference digest: Node's OpenSSL RIPEMD-160 over the concatenated input. */
function referenceDigest(set: string | undefined, type: number, keyBytes: Uint8Array): string {
  const input = Buffer.concat([Buffer.from(set ?? '', 'utf8'), Buffer.of(type), keyBytes]);
  return createHash('ripemd160').update(input).digest('hex');
}

function int64(v: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(v);
  return b;
}

/** Small deterministic PRNG so a failing random case can be reproduced. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('ripemd160', () => {
  // Test vectors from the RIPEMD-160 specification (Dobbertin, Bosselaers, Preneel).
  const vectors: Array<[string, string]> = [
    ['', '9c1185a5c5e9fc54612808977ee8f548b2258d31'],
    ['a', '0bdc9d2d256b3ee9daae347be6f4dc835a467ffe'],
    ['abc', '8eb208f7e05d987a9b044a8e98c6b087f15a0bfc'],
    ['message digest', '5d0689ef49d2fae572b881b123a85ffa21595f36'],
    ['abcdefghijklmnopqrstuvwxyz', 'f71c27109c692c1b56bbdceb5b9d2865b3708dbc'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '12a053384a9c0c88e405a06c27dcf49ada62eb2b'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'b0e20b6e3116640286ed3a87a5713079b21f5189'],
    ['1234567890'.repeat(8), '9b752e45573d4b39f4dbd3323cab82bf63326bfb'],
    ['a'.repeat(1_000_000), '52783243c1697bdbe16d37f97f68f08325dc1528'],
  ];

  for (const [input, expected] of vectors) {
    const label = input.length > 80 ? `${input.length} × "${input[0]}"` : JSON.stringify(input);
    it(`hashes ${label} to the specification value`, () => {
      expect(ripemd160Digest(ascii(input)).toString('hex')).toBe(expected);
    });
  }

  it('matches the spec vectors when the input and output sit inside larger buffers', () => {
    for (const [input, expected] of vectors) {
      const data = Buffer.concat([Buffer.from('garbage-before'), ascii(input), Buffer.from('after')]);
      const out = Buffer.alloc(40, 0xee);
      ripemd160(data, 14, 14 + input.length, out, 7);
      expect(out.subarray(7, 27).toString('hex')).toBe(expected);
      expect(out.subarray(0, 7).every((b) => b === 0xee)).toBe(true);
      expect(out.subarray(27).every((b) => b === 0xee)).toBe(true);
    }
  });

  it('matches crypto.createHash on every length from 0 to 300 (all padding boundaries)', () => {
    const rand = prng(1);
    for (let len = 0; len <= 300; len++) {
      const data = Uint8Array.from({ length: len }, () => Math.floor(rand() * 256));
      expect(ripemd160Digest(data).toString('hex'), `length ${len}`).toBe(
        createHash('ripemd160').update(data).digest('hex'),
      );
    }
  });

  it('matches crypto.createHash on 2,000 random slices at random offsets', () => {
    const seed = 0x5eed;
    const rand = prng(seed);
    const int = (n: number) => Math.floor(rand() * n);
    for (let i = 0; i < 2000; i++) {
      const len = int(301);
      const before = int(70);
      const after = int(70);
      const data = new Uint8Array(before + len + after);
      for (let j = 0; j < data.length; j++) data[j] = int(256);
      const outOffset = int(30);
      const out = new Uint8Array(outOffset + RIPEMD160_SIZE + int(10)).fill(0xa5);

      ripemd160(data, before, before + len, out, outOffset);

      const expected = createHash('ripemd160')
        .update(data.subarray(before, before + len))
        .digest('hex');
      const context = `seed ${seed}, case ${i}: len ${len} at ${before}, out at ${outOffset}`;
      expect(hex(out.subarray(outOffset, outOffset + RIPEMD160_SIZE)), context).toBe(expected);
      expect(
        out.every((b, j) => b === 0xa5 || (j >= outOffset && j < outOffset + RIPEMD160_SIZE)),
        context,
      ).toBe(true);
    }
  });

  it('gives the same digest on repeated calls (no state leaks between calls)', () => {
    const long = new Uint8Array(1000).fill(7);
    const first = ripemd160Digest(ascii('abc')).toString('hex');
    ripemd160Digest(long);
    expect(ripemd160Digest(ascii('abc')).toString('hex')).toBe(first);
  });

  it('rejects ranges outside the input and output buffers', () => {
    const data = new Uint8Array(10);
    const out = new Uint8Array(20);
    expect(() => ripemd160(data, 0, 11, out, 0)).toThrow(RangeError);
    expect(() => ripemd160(data, -1, 5, out, 0)).toThrow(RangeError);
    expect(() => ripemd160(data, 6, 5, out, 0)).toThrow(RangeError);
    expect(() => ripemd160(data, 0, 10, out, 1)).toThrow(RangeError);
    expect(() => ripemd160(data, 0, 10, new Uint8Array(19), 0)).toThrow(RangeError);
    expect(() => ripemd160(data, 0, Number.NaN, out, 0)).toThrow(RangeError);
    expect(() => ripemd160(data, 0, 10, out, 0)).not.toThrow();
  });
});

describe('computeDigest', () => {
  // (set, key) → digest as sent by the official Node.js client (C client 7.4.0)
  // to Aerospike CE 8.1.2, taken from the DIGEST field of captured requests
  // that also carried the KEY field (sendKey) or from captured record replies.
  const captured: Array<[string | undefined, UserKey, string]> = [
    // kv: put-sendKey-string-key / put-sendKey-int-key / put-sendKey-bytes-key
    ['sendkey', 'user-key-1', 'b6e7e7555de8f426ae5a3eea70a92af4f397821d'],
    ['sendkey', 123456789, '40158d3772b40a887fdf167188793d6770e22a40'],
    ['sendkey', Buffer.from('deadbeef', 'hex'), '2b10a587c60f3c2b513546e18e7794ca4d5190c6'],
    // kv: other string keys, and put-no-set (the request carried an empty SET field)
    ['sendkey', 'user-key-4', 'd56f6b80ad9b86a7dd0fd481528c6c92b62d6fa1'],
    ['kv', 'int', 'ad943d146432f143b2b26d4bb307e9539c1ca171'],
    ['kv', 'all', '174ff936c63595dacab9a1d56d24d82297fac241'],
    ['kv', 'missing', '467d60aee0f9bd451931f1a2f31c3555c8c239d7'],
    [undefined, 'noset', 'f5b9da554addce3b9cdb65df8aebd26f86ec1ddb'],
    ['', 'noset', 'f5b9da554addce3b9cdb65df8aebd26f86ec1ddb'],
    // scan-query: records returned with their stored integer keys
    ['sq', 0, '68abb16e486e556627f4713040adabb120204646'],
    ['sq', 1, 'd99d5aae68b2d569f1003afa66f80e8736897ac8'],
    ['sq', 42, '06c96747ccf104cf256d5adac3346de9f44f9161'],
    ['sq', 145, '17d070d666a0ce3de28a38dfe5487c833b6ec69f'],
    ['sq', 299, 'e895bfbcaf1029a7b5121ef0b80819c23d1ec5d7'],
    // info-admin and udf
    ['b', 1, '56aa5b64431288e1aa300769986b0fcad682ddb2'],
    ['udf', 'u1', '81d49df7c56e0c9b0f6330dd118030007dbf9788'],
  ];

  for (const [set, key, expected] of captured) {
    const label = key instanceof Uint8Array ? `bytes ${hex(key)}` : JSON.stringify(key);
    it(`matches the official client for set ${JSON.stringify(set)}, key ${label}`, () => {
      const digest = computeDigest(set, key);
      expect(digest).toBeInstanceOf(Buffer);
      expect(digest.length).toBe(20);
      expect(digest.toString('hex')).toBe(expected);
    });
  }

  // Namespace "namespace", set "set": the digest vectors of the Aerospike Go
  // client's key tests (aerospike-client-go, key_test.go), shared by the
  // Python, Ruby and PHP clients' tests.
  const goClient: Array<[string, UserKey, string]> = [
    ['int64 min', -(2n ** 63n), '7185c2a47fb02c996daed26b4e01b83240aee9d4'],
    ['int64 max', 2n ** 63n - 1n, '1698328974afa62c8e069860c1516f780d63dbb8'],
    ['int32 min', -(2 ** 31), 'd635a867b755f8f54cdc6275e6fb437df82a728c'],
    ['int32 max', 2 ** 31 - 1, 'fa8c47b8b898af1bbcb20af0d729ca68359a2645'],
    ['int16 min', -(2 ** 15), '7f41e9dd1f3fe3694be0430e04c8bfc7d51ec2af'],
    ['int16 max', 2 ** 15 - 1, '309fc9c2619c4f65ff7f4cd82085c3ee7a31fc7c'],
    ['int8 min', -128, '93191e549f8f3548d7e2cfc958ddc8c65bcbe4c6'],
    ['int8 max', 127, 'a58f7d98bf60e10fe369c82030b1c9dee053def9'],
    ['-1', -1, '22116d253745e29fc63fdf760b6e26f7e197e01d'],
    ['0', 0, '93d943aae37b017ad7e011b0c1d2e2143c2fb37d'],
    ['empty string', '', '2819b1ff6e346a43b4f5f6b77a88bc3eaac22a83'],
    ['"s"', 's', '607cddba7cd111745ef0a3d783d57f0e83c8f311'],
    ['10 × "a"', 'a'.repeat(10), '5979fb32a80da070ff356f7695455592272e36c2'],
    ['100 × "m"', 'm'.repeat(100), 'f00ad7dbcb4bd8122d9681bca49b8c2ffd4beeed'],
    ['1000 × "t"', 't'.repeat(1000), '07ac412d4c33b8628ab147b8db244ce44ae527f8'],
    ['10000 × "-"', '-'.repeat(10000), 'b42e64afbfccb05912a609179228d9249ea1c1a0'],
    ['100000 × "+"', '+'.repeat(100000), '0a3e888c20bb8958537ddd4ba835e4070bd51740'],
    ['empty bytes', new Uint8Array(0), '327e2877b8815c7aeede0d5a8620d4ef8df4a4b4'],
    ['bytes "s"', ascii('s'), 'ca2d96dc9a184d15a7fa2927565e844e9254e001'],
    ['bytes 10 × "a"', ascii('a'.repeat(10)), 'd10982327b2b04c7360579f252e164a75f83cd99'],
    ['bytes 100 × "m"', ascii('m'.repeat(100)), '475786aa4ee664532a7d1ea69cb02e4695fcdeed'],
    ['bytes 1000 × "t"', ascii('t'.repeat(1000)), '5a32b507518a49bf47fdaa3deca53803f5b2e8c3'],
    ['bytes 10000 × "-"', ascii('-'.repeat(10000)), 'ed65c63f7a1f8c6697eb3894b6409a95461fd982'],
    ['bytes 100000 × "+"', ascii('+'.repeat(100000)), 'fe19770c371774ba1a1532438d4851b8a773a9e6'],
  ];

  for (const [label, key, expected] of goClient) {
    it(`matches the Go client's vector for ${label}`, () => {
      expect(computeDigest('set', key).toString('hex')).toBe(expected);
    });
  }

  it('is unaffected by earlier, longer keys left in the scratch buffer', () => {
    const small = computeDigest('sendkey', 'user-key-1').toString('hex');
    computeDigest('a-much-longer-set-name', 'x'.repeat(5000));
    computeDigest('s', '+'.repeat(100000));
    expect(computeDigest('sendkey', 'user-key-1').toString('hex')).toBe(small);
    expect(small).toBe('b6e7e7555de8f426ae5a3eea70a92af4f397821d');
  });

  it('returns a fresh buffer per call', () => {
    const a = computeDigest('s', 'k1');
    const b = computeDigest('s', 'k2');
    expect(a.toString('hex')).not.toBe(b.toString('hex'));
    expect(a.toString('hex')).toBe(referenceDigest('s', 3, ascii('k1')));
  });

  it('hashes non-ASCII set names and keys as UTF-8', () => {
    for (const [set, key] of [
      ['ensemble', 'clé-ünïcødé'],
      ['集合', '鍵🔑'],
      ['', 'emoji 😀 and lone surrogate \ud800'],
      ['😀'.repeat(400), 'ü'.repeat(700)],
      ['café', 'plain-ascii-key'],
      ['set', 'ascii then \x7f\x80\xff\u0100 and more'],
      ['set', '\u00e9'],
    ] as const) {
      expect(computeDigest(set, key).toString('hex')).toBe(referenceDigest(set, 3, Buffer.from(key, 'utf8')));
    }
  });

  it('hashes integers as 8-byte big-endian two’s complement, numbers and bigints alike', () => {
    const rand = prng(42);
    const samples: number[] = [0, 1, -1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 32, -(2 ** 32), 2 ** 32 - 1];
    for (let i = 0; i < 500; i++) {
      const magnitude = 2 ** Math.floor(rand() * 54);
      const n = Math.floor(rand() * magnitude) * (rand() < 0.5 ? -1 : 1);
      samples.push(Number.isSafeInteger(n) ? n : 0);
    }
    for (const n of samples) {
      const expected = referenceDigest('set', 1, int64(BigInt(n)));
      expect(computeDigest('set', n).toString('hex'), `number ${n}`).toBe(expected);
      expect(computeDigest('set', BigInt(n)).toString('hex'), `bigint ${n}`).toBe(expected);
    }
    expect(computeDigest('set', -0).toString('hex')).toBe(computeDigest('set', 0).toString('hex'));
  });

  it('hashes Uint8Array views by their own bytes, not their backing buffer', () => {
    const backing = Uint8Array.from([9, 9, 0xde, 0xad, 0xbe, 0xef, 9, 9]);
    const view = backing.subarray(2, 6);
    expect(computeDigest('sendkey', view).toString('hex')).toBe('2b10a587c60f3c2b513546e18e7794ca4d5190c6');
  });

  it('distinguishes the string "1", the integer 1 and the byte 0x31', () => {
    const digests = new Set([
      computeDigest('s', '1').toString('hex'),
      computeDigest('s', 1).toString('hex'),
      computeDigest('s', ascii('1')).toString('hex'),
    ]);
    expect(digests.size).toBe(3);
  });
});

describe('keyParticleType', () => {
  it('maps integers to INTEGER (1), strings to STRING (3) and bytes to BLOB (4)', () => {
    expect(keyParticleType(5)).toBe(1);
    expect(keyParticleType(-(2n ** 63n))).toBe(1);
    expect(keyParticleType(2n ** 63n - 1n)).toBe(1);
    expect(keyParticleType(Number.MAX_SAFE_INTEGER)).toBe(1);
    expect(keyParticleType('')).toBe(3);
    expect(keyParticleType('k')).toBe(3);
    expect(keyParticleType(new Uint8Array(2))).toBe(4);
    expect(keyParticleType(Buffer.alloc(0))).toBe(4);
  });

  const bad: Array<[string, unknown, string]> = [
    ['a fraction', 1.5, 'key: 1.5 is not an integer, string or bytes value'],
    ['NaN', Number.NaN, 'key: NaN is not an integer'],
    ['Infinity', Number.POSITIVE_INFINITY, 'key: Infinity is not an integer'],
    ['-Infinity', Number.NEGATIVE_INFINITY, 'key: -Infinity is not an integer'],
    ['an unsafe integer', 2 ** 53, 'key: 9007199254740992 is not a safe integer'],
    ['a negative unsafe integer', -(2 ** 60), 'key: -1152921504606847000 is not a safe integer'],
    ['a bigint above int64', 2n ** 63n, 'key: 9223372036854775808n does not fit in a signed 64-bit integer'],
    ['a bigint below int64', -(2n ** 63n) - 1n, 'key: -9223372036854775809n does not fit in a signed 64-bit integer'],
    ['a boolean', true, 'key: true (boolean) is not an integer, string or bytes value'],
    ['null', null, 'key: null is not an integer, string or bytes value'],
    ['undefined', undefined, 'key: undefined is not an integer, string or bytes value'],
    ['an object', { id: 1 }, 'key: an object is not an integer, string or bytes value'],
    ['an array', [1, 2], 'key: an array is not an integer, string or bytes value'],
    ['an ArrayBuffer', new ArrayBuffer(4), 'key: an object is not an integer, string or bytes value'],
    ['a symbol', Symbol('k'), 'key: a symbol is not an integer, string or bytes value'],
    ['a function', () => 1, 'key: a function is not an integer, string or bytes value'],
  ];

  for (const [label, key, message] of bad) {
    it(`rejects ${label} with InvalidArgumentError`, () => {
      for (const attempt of [() => keyParticleType(key as UserKey), () => computeDigest('set', key as UserKey)]) {
        let error: unknown;
        try {
          attempt();
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect((error as Error).message).toContain(message);
      }
    });
  }

  it('explains the accepted integer forms for non-integer keys', () => {
    expect(() => keyParticleType(1.5)).toThrow(
      'key: 1.5 is not an integer, string or bytes value; integer keys must be safe integers or bigint',
    );
  });
});

describe('partitionId', () => {
  /** The formula written out independently: little-endian u16 of bytes 0..1, mod 4096. */
  const expectedPid = (digestHex: string): number =>
    Number.parseInt(digestHex.slice(2, 4) + digestHex.slice(0, 2), 16) % 4096;

  it('has 4096 partitions', () => {
    expect(PARTITIONS).toBe(4096);
  });

  it('takes the low 12 bits of the little-endian first two bytes', () => {
    expect(partitionId(Buffer.from('0000', 'hex'))).toBe(0);
    expect(partitionId(Buffer.from('ff0f', 'hex'))).toBe(4095);
    expect(partitionId(Buffer.from('ffff', 'hex'))).toBe(4095);
    expect(partitionId(Buffer.from('0010', 'hex'))).toBe(0);
    expect(partitionId(Buffer.from('3412', 'hex'))).toBe(0x234);
  });

  it('agrees with the formula on the captured digests', () => {
    for (const d of [
      'b6e7e7555de8f426ae5a3eea70a92af4f397821d',
      '40158d3772b40a887fdf167188793d6770e22a40',
      '2b10a587c60f3c2b513546e18e7794ca4d5190c6',
      'f5b9da554addce3b9cdb65df8aebd26f86ec1ddb',
    ]) {
      const pid = partitionId(Buffer.from(d, 'hex'));
      expect(pid).toBe(expectedPid(d));
      expect(pid).toBeGreaterThanOrEqual(0);
      expect(pid).toBeLessThan(PARTITIONS);
    }
    // Spelled out for the string-key vector: bytes b6 e7 → 0xe7b6 & 0xfff.
    expect(partitionId(computeDigest('sendkey', 'user-key-1'))).toBe(0x7b6);
  });

  it('agrees with the partitions the official client assigned to digests', () => {
    // scan-query, scan-paginate-page-2: the client resumed 20 partitions by
    // their last digest (DIGEST_ARRAY) and sent every other partition in
    // PID_ARRAY (4076 ids), so these digests must map to exactly the 20 ids
    // missing from that array.
    const resumed: Array<[string, number]> = [
      ['90818c454c249fc99211b797b1ee84874097b958', 400],
      ['9d41e32438cb16ce53d22354d82dcbaa9fb3ddbf', 413],
      ['a101ca9932b494818a7aa26be6ad31647121541d', 417],
      ['a801f3a1fcb14000d83bf7ae3555acc88169668c', 424],
      ['ae81b0a181dda4904b70f03c4ec889edf258622d', 430],
      ['b1e115b6b5dadeac7fa69e96e063294e4eae2dd4', 433],
      ['c3914b5ef604758bc188a89e205e4c6e0be8701d', 451],
      ['cb41692f008376716e9c0cb0599f69ab0d5238ed', 459],
      ['d821f193f4560499b0ce888f513568bf868c7d4e', 472],
      ['8bd23fa1c1498547fab1345c202808ffc5c509ab', 651],
      ['ad4241d882bed94057437bfbf7d0bc9df087d322', 685],
      ['c2528e433f8dbc7b48796fc5c7330dc57fe3d60b', 706],
      ['c772751d5a3fc90eaabc1ee97e17377c9b9b4b17', 711],
      ['e162be78fdd803663b78dd5e5e82b56a5c739192', 737],
      ['e6029baa8b7072d74d19896a4151dc86e33df573', 742],
      ['ea02ede42131bead47425b0f92c3f7fa09e13467', 746],
      ['34233a1fff6dc6945a95786176a191ff2a801c7c', 820],
      ['3853e8a388c58c95171472b467255d08c89d3d38', 824],
      ['41e318ca9dcba9ce58938b708c2bee8191c261ff', 833],
      ['4fc3b37c65bac03e4e2f89e40e4987c4981dd539', 847],
    ];
    for (const [d, pid] of resumed) {
      expect(partitionId(Buffer.from(d, 'hex')), d).toBe(pid);
    }
    // query-partitions-0-100 returned these records for partitions 0..99.
    for (const [key, d] of [
      [145, '17d070d666a0ce3de28a38dfe5487c833b6ec69f'],
      [83, '3270628511e336c4f96dd4f289d05080eb6515e6'],
      [225, '3e20aacbff540d572e39b5182b007f3881d167b3'],
    ] as const) {
      expect(computeDigest('sq', key).toString('hex')).toBe(d);
      expect(partitionId(computeDigest('sq', key))).toBeLessThan(100);
    }
  });

  it('reads the digest at an offset', () => {
    const digest = computeDigest('sendkey', 'user-key-1');
    const frame = Buffer.concat([Buffer.from([0xff, 0xff, 0xff]), digest]);
    expect(partitionId(frame, 3)).toBe(partitionId(digest));
    expect(partitionId(frame, 3)).toBe(0x7b6);
  });
});
