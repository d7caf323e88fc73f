import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { AEROSPIKE_BCRYPT_SALT, hashPassword } from '../../src/wire/admin.js';
import { bcryptHash } from '../../src/wire/bcrypt.js';

/**
 * jBCrypt's TestBCrypt vectors (Damien Miller; also in py-bcrypt and
 * jameskeane/bcrypt): [password, setting, hash]. The cost-12 rows are left
 * out only to keep the suite fast; they exercise nothing the others do not.
 */
const JBCRYPT_VECTORS: Array<[string, string, string]> = [
  ['', '$2a$06$DCq7YPn5Rq63x1Lad4cll.', '$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.'],
  ['', '$2a$08$HqWuK6/Ng6sg9gQzbLrgb.', '$2a$08$HqWuK6/Ng6sg9gQzbLrgb.Tl.ZHfXLhvt/SgVyWhQqgqcZ7ZuUtye'],
  ['', '$2a$10$k1wbIrmNyFAPwPVPSVa/ze', '$2a$10$k1wbIrmNyFAPwPVPSVa/zecw2BCEnBwVS2GbrmgzxFUOqW9dk4TCW'],
  ['a', '$2a$06$m0CrhHm10qJ3lXRY.5zDGO', '$2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe'],
  ['a', '$2a$08$cfcvVd2aQ8CMvoMpP2EBfe', '$2a$08$cfcvVd2aQ8CMvoMpP2EBfeodLEkkFJ9umNEfPD18.hUF62qqlC/V.'],
  ['a', '$2a$10$k87L/MF28Q673VKh8/cPi.', '$2a$10$k87L/MF28Q673VKh8/cPi.SUl7MU/rWuSiIDDFayrKk/1tBsSQu4u'],
  ['abc', '$2a$06$If6bvum7DFjUnE9p2uDeDu', '$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i'],
  ['abc', '$2a$08$Ro0CUfOqk6cXEKf3dyaM7O', '$2a$08$Ro0CUfOqk6cXEKf3dyaM7OhSCvnwM9s4wIX9JeLapehKK5YdLxKcm'],
  ['abc', '$2a$10$WvvTPHKwdBJ3uk0Z37EMR.', '$2a$10$WvvTPHKwdBJ3uk0Z37EMR.hLA2W6N9AEBhEgrAOljy2Ae5MtaSIUi'],
  [
    'abcdefghijklmnopqrstuvwxyz',
    '$2a$06$.rCVZVOThsIa97pEDOxvGu',
    '$2a$06$.rCVZVOThsIa97pEDOxvGuRRgzG64bvtJ0938xuqzv18d3ZpQhstC',
  ],
  [
    'abcdefghijklmnopqrstuvwxyz',
    '$2a$08$aTsUwsyowQuzRrDqFflhge',
    '$2a$08$aTsUwsyowQuzRrDqFflhgekJ8d9/7Z3GV3UcgvzQW3J5zMyrTvlz.',
  ],
  [
    'abcdefghijklmnopqrstuvwxyz',
    '$2a$10$fVH8e28OQRj9tqiDXs1e1u',
    '$2a$10$fVH8e28OQRj9tqiDXs1e1uxpsjN0c7II7YPKXua2NAKYvM6iQk7dq',
  ],
  [
    '~!@#$%^&*()      ~!@#$%^&*()PNBFRD',
    '$2a$06$fPIsBO8qRqkjj273rfaOI.',
    '$2a$06$fPIsBO8qRqkjj273rfaOI.HtSV9jLDpTbZn782DC6/t7qT67P6FfO',
  ],
  [
    '~!@#$%^&*()      ~!@#$%^&*()PNBFRD',
    '$2a$08$Eq2r4G/76Wv39MzSX262hu',
    '$2a$08$Eq2r4G/76Wv39MzSX262huzPz612MZiYHVUJe/OcOql2jo4.9UxTW',
  ],
  [
    '~!@#$%^&*()      ~!@#$%^&*()PNBFRD',
    '$2a$10$LgfYWkbzEvQ4JakH7rOvHe',
    '$2a$10$LgfYWkbzEvQ4JakH7rOvHe0y8pHKF9OaFgwUZ2q7W2FFZmZzJYlfS',
  ],
];

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');
const CONFIG_A = `$2a$05$${'.'.repeat(22)}`;

/**
 * Vectors from passlib's bcrypt tests, which include Openwall crypt_blowfish
 * 1.2's (only those OpenBSD agrees with): raw 8-bit bytes, UTF-8 and the
 * 72-byte limit. [password, full hash]; the hash doubles as the setting.
 */
const EDGE_VECTORS: Array<[string | Buffer, string]> = [
  ['U*U', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'],
  ['U*U*', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK'],
  ['U*U*U', '$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a'],
  ['', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy'],
  [
    '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789chars after 72 are ignored',
    '$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui',
  ],
  [latin1('\xa3'), '$2a$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq'],
  [latin1('\xff\xa3345'), '$2a$05$/OK.fbVrR/bpIqNJ5ianF.nRht2l/HRhr6zmCp9vYUvvsqynflf9e'],
  [latin1('\xa3ab'), '$2a$05$/OK.fbVrR/bpIqNJ5ianF.6IflQkJytoRVc1yuaNtHfiuq.FRlSIS'],
  [
    latin1(`${'\xaa'.repeat(72)}chars after 72 are ignored as usual`),
    '$2a$05$/OK.fbVrR/bpIqNJ5ianF.swQOIzjOiJ9GHEPuhEkvqrUyvWhEMx6',
  ],
  [latin1('\xaa\x55'.repeat(36)), '$2a$05$/OK.fbVrR/bpIqNJ5ianF.R9xrDjiycxMbQE2bp.vgqlYpW5wx2yy'],
  [latin1('\x55\xaa\xff'.repeat(24)), '$2a$05$/OK.fbVrR/bpIqNJ5ianF.9tQZzcJfm3uj2NvJ/n5xkhpqLrMpWCe'],
  // UTF-8 of a string with 2- and 3-byte characters.
  ['t\u00e1\u0411\u2113\u0259', '$2a$05$Z17AXnnlpzddNUvnC6cZNOSwMA/8oNiKnHTHTwLlBijfucQQlHjaG'],
  // 69 bytes + terminator, then exactly 72 bytes (no room for the terminator), then one more.
  ['abc'.repeat(23), `${CONFIG_A}2kIdfSj/4/R/Q6n847VTvc68BXiRYZC`],
  ['abc'.repeat(24), `${CONFIG_A}XuQjdH.wPVNUZ/bOfstdW/FqB8QSjte`],
  [`${'abc'.repeat(24)}x`, `${CONFIG_A}XuQjdH.wPVNUZ/bOfstdW/FqB8QSjte`],
  ['', `${CONFIG_A}J2ihDv8vVf7QZ9BsaRrKyqs2tkn55Yq`],
  ['abc', `${CONFIG_A}ev6gDwpVye3oMCUpLY85aTpfBNHD0Ga`],
  // A 254-byte password: only its first 72 bytes count, with no 8-bit length wrap-around.
  ['0123456789'.repeat(26).slice(0, 254), '$2a$04$R1lJ2gkNaoPGdafE.H.16.1MKHPvmKwryeulRe225LKProWYwt9Oi'],
];

describe('bcryptHash', () => {
  it.each(JBCRYPT_VECTORS)('jBCrypt vector %j with %s', (password, setting, expected) => {
    expect(bcryptHash(password, setting)).toBe(expected);
  });

  it.each(EDGE_VECTORS)('passlib/Openwall vector %#', (password, expected) => {
    expect(bcryptHash(password, expected)).toBe(expected);
  });

  it('accepts a full hash as the setting and reproduces it', () => {
    const [password, , expected] = JBCRYPT_VECTORS[0]!;
    expect(bcryptHash(password, expected)).toBe(expected);
  });

  it('echoes the $2b$ and $2y$ prefixes, which compute the same function', () => {
    const tail = 'DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.';
    expect(bcryptHash('', '$2b$06$DCq7YPn5Rq63x1Lad4cll.')).toBe(`$2b$06$${tail}`);
    expect(bcryptHash('', '$2y$06$DCq7YPn5Rq63x1Lad4cll.')).toBe(`$2y$06$${tail}`);
  });

  it.each([
    ['empty', ''],
    ['no prefix', 'DCq7YPn5Rq63x1Lad4cll.'],
    ['unknown minor version', '$2x$06$DCq7YPn5Rq63x1Lad4cll.'],
    ['one-digit cost', '$2a$6$DCq7YPn5Rq63x1Lad4cll.'],
    ['cost below 4', '$2a$03$DCq7YPn5Rq63x1Lad4cll.'],
    ['cost above 31', '$2a$32$DCq7YPn5Rq63x1Lad4cll.'],
    ['short salt', '$2a$06$DCq7YPn5Rq63x1Lad4cll'],
    ['character outside the alphabet', '$2a$06$DCq7YPn5Rq63x1Lad4cl+.'],
  ])('rejects a setting with %s', (_, setting) => {
    expect(() => bcryptHash('pw', setting)).toThrow(InvalidArgumentError);
  });
});

describe('Aerospike credential', () => {
  it('uses the salt of the official clients', () => {
    expect(AEROSPIKE_BCRYPT_SALT).toBe('$2a$10$7EqJtq98hPqEX7fNZaFWoO');
  });

  // CREDENTIAL values the official Node.js client sent to a real server: "admin" at
  // login; "pw" both as CREATE_USER's PASSWORD and with CLEAR_PASSWORD "pw" at external login.
  it.each([
    ['admin', '$2a$10$7EqJtq98hPqEX7fNZaFWoO1mVO/4MLpGzsqojz6E9Gef6iXDjXdDa'],
    ['pw', '$2a$10$7EqJtq98hPqEX7fNZaFWoOlrb4wZ3oZ6Djw9VVBeTqr60b2/Jm5zC'],
  ])('hashPassword(%j) matches the captured credential', (password, expected) => {
    const hash = hashPassword(password);
    expect(hash).toBe(expected);
    expect(hash).toHaveLength(60);
  });
});
