/**
 * RIPEMD-160 (Dobbertin, Bosselaers, Preneel, 1996) in plain TypeScript.
 *
 * Aerospike addresses every record by the RIPEMD-160 digest of its set name
 * and user key, so the client hashes once per single-record command. The
 * inputs are tiny (usually a single 64-byte block), which makes the fixed
 * cost of `crypto.createHash` (a native object per call, plus the copy into
 * it) dominate. This implementation keeps its working state in module-level
 * typed arrays and writes the result straight into the caller's buffer, so a
 * call allocates nothing. It also keeps the client working on runtimes whose
 * crypto module lacks RIPEMD-160 (OpenSSL 3 builds without the legacy
 * provider, browsers, edge runtimes).
 *
 * @packageDocumentation
 */

/** Size in bytes of a RIPEMD-160 digest. */
export const RIPEMD160_SIZE = 20;

// Message words of the block being compressed, and the chaining state.
// Shared across calls: a call runs to completion without yielding, so two
// hashes can never interleave.
const X = new Int32Array(16);
const H = new Int32Array(5);

/**
 * Runs the compression function on the block in `X`, updating `H`.
 *
 * Written out step by step: with the word index, rotation amount, boolean
 * function and constant of every step fixed in the code, the JIT turns each
 * step into a handful of integer instructions with no table lookups, which
 * roughly halves the cost of a one-block hash compared with a loop over the
 * specification's tables. The state words are renamed from step to step
 * instead of shifted: after a step on (a, b, c, d, e) the next one works on
 * (e, a, b, c, d).
 *
 * Boolean functions: f1 = x ^ y ^ z, f2 = (x & y) | (~x & z),
 * f3 = (x | ~y) ^ z, f4 = (x & z) | (y & ~z), f5 = x ^ (y | ~z).
 */
function compress(): void {
  const x0 = X[0]!;
  const x1 = X[1]!;
  const x2 = X[2]!;
  const x3 = X[3]!;
  const x4 = X[4]!;
  const x5 = X[5]!;
  const x6 = X[6]!;
  const x7 = X[7]!;
  const x8 = X[8]!;
  const x9 = X[9]!;
  const x10 = X[10]!;
  const x11 = X[11]!;
  const x12 = X[12]!;
  const x13 = X[13]!;
  const x14 = X[14]!;
  const x15 = X[15]!;
  let al = H[0]!;
  let bl = H[1]!;
  let cl = H[2]!;
  let dl = H[3]!;
  let el = H[4]!;
  let ar = al;
  let br = bl;
  let cr = cl;
  let dr = dl;
  let er = el;
  let t: number;

  // Left line, round 1: f1, K = 0.
  t = (al + (bl ^ cl ^ dl) + x0) | 0;
  al = (((t << 11) | (t >>> 21)) + el) | 0;
  cl = (cl << 10) | (cl >>> 22);
  t = (el + (al ^ bl ^ cl) + x1) | 0;
  el = (((t << 14) | (t >>> 18)) + dl) | 0;
  bl = (bl << 10) | (bl >>> 22);
  t = (dl + (el ^ al ^ bl) + x2) | 0;
  dl = (((t << 15) | (t >>> 17)) + cl) | 0;
  al = (al << 10) | (al >>> 22);
  t = (cl + (dl ^ el ^ al) + x3) | 0;
  cl = (((t << 12) | (t >>> 20)) + bl) | 0;
  el = (el << 10) | (el >>> 22);
  t = (bl + (cl ^ dl ^ el) + x4) | 0;
  bl = (((t << 5) | (t >>> 27)) + al) | 0;
  dl = (dl << 10) | (dl >>> 22);
  t = (al + (bl ^ cl ^ dl) + x5) | 0;
  al = (((t << 8) | (t >>> 24)) + el) | 0;
  cl = (cl << 10) | (cl >>> 22);
  t = (el + (al ^ bl ^ cl) + x6) | 0;
  el = (((t << 7) | (t >>> 25)) + dl) | 0;
  bl = (bl << 10) | (bl >>> 22);
  t = (dl + (el ^ al ^ bl) + x7) | 0;
  dl = (((t << 9) | (t >>> 23)) + cl) | 0;
  al = (al << 10) | (al >>> 22);
  t = (cl + (dl ^ el ^ al) + x8) | 0;
  cl = (((t << 11) | (t >>> 21)) + bl) | 0;
  el = (el << 10) | (el >>> 22);
  t = (bl + (cl ^ dl ^ el) + x9) | 0;
  bl = (((t << 13) | (t >>> 19)) + al) | 0;
  dl = (dl << 10) | (dl >>> 22);
  t = (al + (bl ^ cl ^ dl) + x10) | 0;
  al = (((t << 14) | (t >>> 18)) + el) | 0;
  cl = (cl << 10) | (cl >>> 22);
  t = (el + (al ^ bl ^ cl) + x11) | 0;
  el = (((t << 15) | (t >>> 17)) + dl) | 0;
  bl = (bl << 10) | (bl >>> 22);
  t = (dl + (el ^ al ^ bl) + x12) | 0;
  dl = (((t << 6) | (t >>> 26)) + cl) | 0;
  al = (al << 10) | (al >>> 22);
  t = (cl + (dl ^ el ^ al) + x13) | 0;
  cl = (((t << 7) | (t >>> 25)) + bl) | 0;
  el = (el << 10) | (el >>> 22);
  t = (bl + (cl ^ dl ^ el) + x14) | 0;
  bl = (((t << 9) | (t >>> 23)) + al) | 0;
  dl = (dl << 10) | (dl >>> 22);
  t = (al + (bl ^ cl ^ dl) + x15) | 0;
  al = (((t << 8) | (t >>> 24)) + el) | 0;
  cl = (cl << 10) | (cl >>> 22);

  // Left line, round 2: f2, K = 0x5a827999.
  t = (el + ((al & bl) | (~al & cl)) + x7 + 0x5a827999) | 0;
  el = (((t << 7) | (t >>> 25)) + dl) | 0;
  bl = (bl << 10) | (bl >>> 22);
  t = (dl + ((el & al) | (~el & bl)) + x4 + 0x5a827999) | 0;
  dl = (((t << 6) | (t >>> 26)) + cl) | 0;
  al = (al << 10) | (al >>> 22);
  t = (cl + ((dl & el) | (~dl & al)) + x13 + 0x5a827999) | 0;
  cl = (((t << 8) | (t >>> 24)) + bl) | 0;
  el = (el << 10) | (el >>> 22);
  t = (bl + ((cl & dl) | (~cl & el)) + x1 + 0x5a827999) | 0;
  bl = (((t << 13) | (t >>> 19)) + al) | 0;
  dl = (dl << 10) | (dl >>> 22);
  t = (al + ((bl & cl) | (~bl & dl)) + x10 + 0x5a827999) | 0;
  al = (((t << 11) | (t >>> 21)) + el) | 0;
  cl = (cl << 10) | (cl >>> 22);
  t = (el + ((al & bl) | (~al & cl)) + x6 + 0x5a827999) | 0;
  el = (((t << 9) | (t >>> 23)) + dl) | 0;
  bl = (bl << 10) | (bl >>> 22);
  t = (dl + ((el & al) | (~el & bl)) + x15 + 0x5a827999) | 0;
  dl = (((t << 7) | (t >>> 25)) + cl) | 0;
  al = (al << 10) | (al >>> 22);
  t = (cl + ((dl & el) | (~dl & al)) + x3 + 0x5a827999) | 0;
  cl = (((t << 15) | (t >>> 17)) + bl) | 0;
  el = (el << 10) | (el >>> 22);
  t = (bl + ((cl & dl) | (~cl & el)) + x12 + 0x5a827999) | 0;
  bl = (((t << 7) | (t >>> 25)) + al) | 0;
  dl = (dl << 10) | (dl >>> 22);
  t = (al + ((bl & cl) | (~bl & dl)) + x0 + 0x5a827999) | 0;
  al = (((t << 12) | (t >>> 20)) + el) | 0;
  cl = (cl << 10) | (cl >>> 22);
  t = (el + ((al & bl) | (~al & cl)) + x9 + 0x5a827999) | 0;
  el = (((t << 15) | (t >>> 17)) + dl) | 0;
  bl = (bl << 10) | (bl >>> 22);
  t = (dl + ((el & al) | (~el & bl)) + x5 + 0x5a827999) | 0;
  dl = (((t << 9) | (t >>> 23)) + cl) | 0;
  al = (al << 10) | (al >>> 22);
  t = (cl + ((dl & el) | (~dl & al)) + x2 + 0x5a827999) | 0;
  cl = (((t << 11) | (t >>> 21)) + bl) | 0;
  el = (el << 10) | (el >>> 22);
  t = (bl + ((cl & dl) | (~cl & el)) + x14 + 0x5a827999) | 0;
  bl = (((t << 7) | (t >>> 25)) + al) | 0;
  dl = (dl << 10) | (dl >>> 22);
  t = (al + ((bl & cl) | (~bl & dl)) + x11 + 0x5a827999) | 0;
  al = (((t << 13) | (t >>> 19)) + el) | 0;
  cl = (cl << 10) | (cl >>> 22);
  t = (el + ((al & bl) | (~al & cl)) + x8 + 0x5a827999) | 0;
  el = (((t << 12) | (t >>> 20)) + dl) | 0;
  bl = (bl << 10) | (bl >>> 22);

  // Left line, round 3: f3, K = 0x6ed9eba1.
  t = (dl + ((el | ~al) ^ bl) + x3 + 0x6ed9eba1) | 0;
  dl = (((t << 11) | (t >>> 21)) + cl) | 0;
  al = (al << 10) | (al >>> 22);
  t = (cl + ((dl | ~el) ^ al) + x10 + 0x6ed9eba1) | 0;
  cl = (((t << 13) | (t >>> 19)) + bl) | 0;
  el = (el << 10) | (el >>> 22);
  t = (bl + ((cl | ~dl) ^ el) + x14 + 0x6ed9eba1) | 0;
  bl = (((t << 6) | (t >>> 26)) + al) | 0;
  dl = (dl << 10) | (dl >>> 22);
  t = (al + ((bl | ~cl) ^ dl) + x4 + 0x6ed9eba1) | 0;
  al = (((t << 7) | (t >>> 25)) + el) | 0;
  cl = (cl << 10) | (cl >>> 22);
  t = (el + ((al | ~bl) ^ cl) + x9 + 0x6ed9eba1) | 0;
  el = (((t << 14) | (t >>> 18)) + dl) | 0;
  bl = (bl << 10) | (bl >>> 22);
  t = (dl + ((el | ~al) ^ bl) + x15 + 0x6ed9eba1) | 0;
  dl = (((t << 9) | (t >>> 23)) + cl) | 0;
  al = (al << 10) | (al >>> 22);
  t = (cl + ((dl | ~el) ^ al) + x8 + 0x6ed9eba1) | 0;
  cl = (((t << 13) | (t >>> 19)) + bl) | 0;
  el = (el << 10) | (el >>> 22);
  t = (bl + ((cl | ~dl) ^ el) + x1 + 0x6ed9eba1) | 0;
  bl = (((t << 15) | (t >>> 17)) + al) | 0;
  dl = (dl << 10) | (dl >>> 22);
  t = (al + ((bl | ~cl) ^ dl) + x2 + 0x6ed9eba1) | 0;
  al = (((t << 14) | (t >>> 18)) + el) | 0;
  cl = (cl << 10) | (cl >>> 22);
  t = (el + ((al | ~bl) ^ cl) + x7 + 0x6ed9eba1) | 0;
  el = (((t << 8) | (t >>> 24)) + dl) | 0;
  bl = (bl << 10) | (bl >>> 22);
  t = (dl + ((el | ~al) ^ bl) + x0 + 0x6ed9eba1) | 0;
  dl = (((t << 13) | (t >>> 19)) + cl) | 0;
  al = (al << 10) | (al >>> 22);
  t = (cl + ((dl | ~el) ^ al) + x6 + 0x6ed9eba1) | 0;
  cl = (((t << 6) | (t >>> 26)) + bl) | 0;
  el = (el << 10) | (el >>> 22);
  t = (bl + ((cl | ~dl) ^ el) + x13 + 0x6ed9eba1) | 0;
  bl = (((t << 5) | (t >>> 27)) + al) | 0;
  dl = (dl << 10) | (dl >>> 22);
  t = (al + ((bl | ~cl) ^ dl) + x11 + 0x6ed9eba1) | 0;
  al = (((t << 12) | (t >>> 20)) + el) | 0;
  cl = (cl << 10) | (cl >>> 22);
  t = (el + ((al | ~bl) ^ cl) + x5 + 0x6ed9eba1) | 0;
  el = (((t << 7) | (t >>> 25)) + dl) | 0;
  bl = (bl << 10) | (bl >>> 22);
  t = (dl + ((el | ~al) ^ bl) + x12 + 0x6ed9eba1) | 0;
  dl = (((t << 5) | (t >>> 27)) + cl) | 0;
  al = (al << 10) | (al >>> 22);

  // Left line, round 4: f4, K = 0x8f1bbcdc.
  t = (cl + ((dl & al) | (el & ~al)) + x1 + 0x8f1bbcdc) | 0;
  cl = (((t << 11) | (t >>> 21)) + bl) | 0;
  el = (el << 10) | (el >>> 22);
  t = (bl + ((cl & el) | (dl & ~el)) + x9 + 0x8f1bbcdc) | 0;
  bl = (((t << 12) | (t >>> 20)) + al) | 0;
  dl = (dl << 10) | (dl >>> 22);
  t = (al + ((bl & dl) | (cl & ~dl)) + x11 + 0x8f1bbcdc) | 0;
  al = (((t << 14) | (t >>> 18)) + el) | 0;
  cl = (cl << 10) | (cl >>> 22);
  t = (el + ((al & cl) | (bl & ~cl)) + x10 + 0x8f1bbcdc) | 0;
  el = (((t << 15) | (t >>> 17)) + dl) | 0;
  bl = (bl << 10) | (bl >>> 22);
  t = (dl + ((el & bl) | (al & ~bl)) + x0 + 0x8f1bbcdc) | 0;
  dl = (((t << 14) | (t >>> 18)) + cl) | 0;
  al = (al << 10) | (al >>> 22);
  t = (cl + ((dl & al) | (el & ~al)) + x8 + 0x8f1bbcdc) | 0;
  cl = (((t << 15) | (t >>> 17)) + bl) | 0;
  el = (el << 10) | (el >>> 22);
  t = (bl + ((cl & el) | (dl & ~el)) + x12 + 0x8f1bbcdc) | 0;
  bl = (((t << 9) | (t >>> 23)) + al) | 0;
  dl = (dl << 10) | (dl >>> 22);
  t = (al + ((bl & dl) | (cl & ~dl)) + x4 + 0x8f1bbcdc) | 0;
  al = (((t << 8) | (t >>> 24)) + el) | 0;
  cl = (cl << 10) | (cl >>> 22);
  t = (el + ((al & cl) | (bl & ~cl)) + x13 + 0x8f1bbcdc) | 0;
  el = (((t << 9) | (t >>> 23)) + dl) | 0;
  bl = (bl << 10) | (bl >>> 22);
  t = (dl + ((el & bl) | (al & ~bl)) + x3 + 0x8f1bbcdc) | 0;
  dl = (((t << 14) | (t >>> 18)) + cl) | 0;
  al = (al << 10) | (al >>> 22);
  t = (cl + ((dl & al) | (el & ~al)) + x7 + 0x8f1bbcdc) | 0;
  cl = (((t << 5) | (t >>> 27)) + bl) | 0;
  el = (el << 10) | (el >>> 22);
  t = (bl + ((cl & el) | (dl & ~el)) + x15 + 0x8f1bbcdc) | 0;
  bl = (((t << 6) | (t >>> 26)) + al) | 0;
  dl = (dl << 10) | (dl >>> 22);
  t = (al + ((bl & dl) | (cl & ~dl)) + x14 + 0x8f1bbcdc) | 0;
  al = (((t << 8) | (t >>> 24)) + el) | 0;
  cl = (cl << 10) | (cl >>> 22);
  t = (el + ((al & cl) | (bl & ~cl)) + x5 + 0x8f1bbcdc) | 0;
  el = (((t << 6) | (t >>> 26)) + dl) | 0;
  bl = (bl << 10) | (bl >>> 22);
  t = (dl + ((el & bl) | (al & ~bl)) + x6 + 0x8f1bbcdc) | 0;
  dl = (((t << 5) | (t >>> 27)) + cl) | 0;
  al = (al << 10) | (al >>> 22);
  t = (cl + ((dl & al) | (el & ~al)) + x2 + 0x8f1bbcdc) | 0;
  cl = (((t << 12) | (t >>> 20)) + bl) | 0;
  el = (el << 10) | (el >>> 22);

  // Left line, round 5: f5, K = 0xa953fd4e.
  t = (bl + (cl ^ (dl | ~el)) + x4 + 0xa953fd4e) | 0;
  bl = (((t << 9) | (t >>> 23)) + al) | 0;
  dl = (dl << 10) | (dl >>> 22);
  t = (al + (bl ^ (cl | ~dl)) + x0 + 0xa953fd4e) | 0;
  al = (((t << 15) | (t >>> 17)) + el) | 0;
  cl = (cl << 10) | (cl >>> 22);
  t = (el + (al ^ (bl | ~cl)) + x5 + 0xa953fd4e) | 0;
  el = (((t << 5) | (t >>> 27)) + dl) | 0;
  bl = (bl << 10) | (bl >>> 22);
  t = (dl + (el ^ (al | ~bl)) + x9 + 0xa953fd4e) | 0;
  dl = (((t << 11) | (t >>> 21)) + cl) | 0;
  al = (al << 10) | (al >>> 22);
  t = (cl + (dl ^ (el | ~al)) + x7 + 0xa953fd4e) | 0;
  cl = (((t << 6) | (t >>> 26)) + bl) | 0;
  el = (el << 10) | (el >>> 22);
  t = (bl + (cl ^ (dl | ~el)) + x12 + 0xa953fd4e) | 0;
  bl = (((t << 8) | (t >>> 24)) + al) | 0;
  dl = (dl << 10) | (dl >>> 22);
  t = (al + (bl ^ (cl | ~dl)) + x2 + 0xa953fd4e) | 0;
  al = (((t << 13) | (t >>> 19)) + el) | 0;
  cl = (cl << 10) | (cl >>> 22);
  t = (el + (al ^ (bl | ~cl)) + x10 + 0xa953fd4e) | 0;
  el = (((t << 12) | (t >>> 20)) + dl) | 0;
  bl = (bl << 10) | (bl >>> 22);
  t = (dl + (el ^ (al | ~bl)) + x14 + 0xa953fd4e) | 0;
  dl = (((t << 5) | (t >>> 27)) + cl) | 0;
  al = (al << 10) | (al >>> 22);
  t = (cl + (dl ^ (el | ~al)) + x1 + 0xa953fd4e) | 0;
  cl = (((t << 12) | (t >>> 20)) + bl) | 0;
  el = (el << 10) | (el >>> 22);
  t = (bl + (cl ^ (dl | ~el)) + x3 + 0xa953fd4e) | 0;
  bl = (((t << 13) | (t >>> 19)) + al) | 0;
  dl = (dl << 10) | (dl >>> 22);
  t = (al + (bl ^ (cl | ~dl)) + x8 + 0xa953fd4e) | 0;
  al = (((t << 14) | (t >>> 18)) + el) | 0;
  cl = (cl << 10) | (cl >>> 22);
  t = (el + (al ^ (bl | ~cl)) + x11 + 0xa953fd4e) | 0;
  el = (((t << 11) | (t >>> 21)) + dl) | 0;
  bl = (bl << 10) | (bl >>> 22);
  t = (dl + (el ^ (al | ~bl)) + x6 + 0xa953fd4e) | 0;
  dl = (((t << 8) | (t >>> 24)) + cl) | 0;
  al = (al << 10) | (al >>> 22);
  t = (cl + (dl ^ (el | ~al)) + x15 + 0xa953fd4e) | 0;
  cl = (((t << 5) | (t >>> 27)) + bl) | 0;
  el = (el << 10) | (el >>> 22);
  t = (bl + (cl ^ (dl | ~el)) + x13 + 0xa953fd4e) | 0;
  bl = (((t << 6) | (t >>> 26)) + al) | 0;
  dl = (dl << 10) | (dl >>> 22);

  // Right line, round 1: f5, K = 0x50a28be6.
  t = (ar + (br ^ (cr | ~dr)) + x5 + 0x50a28be6) | 0;
  ar = (((t << 8) | (t >>> 24)) + er) | 0;
  cr = (cr << 10) | (cr >>> 22);
  t = (er + (ar ^ (br | ~cr)) + x14 + 0x50a28be6) | 0;
  er = (((t << 9) | (t >>> 23)) + dr) | 0;
  br = (br << 10) | (br >>> 22);
  t = (dr + (er ^ (ar | ~br)) + x7 + 0x50a28be6) | 0;
  dr = (((t << 9) | (t >>> 23)) + cr) | 0;
  ar = (ar << 10) | (ar >>> 22);
  t = (cr + (dr ^ (er | ~ar)) + x0 + 0x50a28be6) | 0;
  cr = (((t << 11) | (t >>> 21)) + br) | 0;
  er = (er << 10) | (er >>> 22);
  t = (br + (cr ^ (dr | ~er)) + x9 + 0x50a28be6) | 0;
  br = (((t << 13) | (t >>> 19)) + ar) | 0;
  dr = (dr << 10) | (dr >>> 22);
  t = (ar + (br ^ (cr | ~dr)) + x2 + 0x50a28be6) | 0;
  ar = (((t << 15) | (t >>> 17)) + er) | 0;
  cr = (cr << 10) | (cr >>> 22);
  t = (er + (ar ^ (br | ~cr)) + x11 + 0x50a28be6) | 0;
  er = (((t << 15) | (t >>> 17)) + dr) | 0;
  br = (br << 10) | (br >>> 22);
  t = (dr + (er ^ (ar | ~br)) + x4 + 0x50a28be6) | 0;
  dr = (((t << 5) | (t >>> 27)) + cr) | 0;
  ar = (ar << 10) | (ar >>> 22);
  t = (cr + (dr ^ (er | ~ar)) + x13 + 0x50a28be6) | 0;
  cr = (((t << 7) | (t >>> 25)) + br) | 0;
  er = (er << 10) | (er >>> 22);
  t = (br + (cr ^ (dr | ~er)) + x6 + 0x50a28be6) | 0;
  br = (((t << 7) | (t >>> 25)) + ar) | 0;
  dr = (dr << 10) | (dr >>> 22);
  t = (ar + (br ^ (cr | ~dr)) + x15 + 0x50a28be6) | 0;
  ar = (((t << 8) | (t >>> 24)) + er) | 0;
  cr = (cr << 10) | (cr >>> 22);
  t = (er + (ar ^ (br | ~cr)) + x8 + 0x50a28be6) | 0;
  er = (((t << 11) | (t >>> 21)) + dr) | 0;
  br = (br << 10) | (br >>> 22);
  t = (dr + (er ^ (ar | ~br)) + x1 + 0x50a28be6) | 0;
  dr = (((t << 14) | (t >>> 18)) + cr) | 0;
  ar = (ar << 10) | (ar >>> 22);
  t = (cr + (dr ^ (er | ~ar)) + x10 + 0x50a28be6) | 0;
  cr = (((t << 14) | (t >>> 18)) + br) | 0;
  er = (er << 10) | (er >>> 22);
  t = (br + (cr ^ (dr | ~er)) + x3 + 0x50a28be6) | 0;
  br = (((t << 12) | (t >>> 20)) + ar) | 0;
  dr = (dr << 10) | (dr >>> 22);
  t = (ar + (br ^ (cr | ~dr)) + x12 + 0x50a28be6) | 0;
  ar = (((t << 6) | (t >>> 26)) + er) | 0;
  cr = (cr << 10) | (cr >>> 22);

  // Right line, round 2: f4, K = 0x5c4dd124.
  t = (er + ((ar & cr) | (br & ~cr)) + x6 + 0x5c4dd124) | 0;
  er = (((t << 9) | (t >>> 23)) + dr) | 0;
  br = (br << 10) | (br >>> 22);
  t = (dr + ((er & br) | (ar & ~br)) + x11 + 0x5c4dd124) | 0;
  dr = (((t << 13) | (t >>> 19)) + cr) | 0;
  ar = (ar << 10) | (ar >>> 22);
  t = (cr + ((dr & ar) | (er & ~ar)) + x3 + 0x5c4dd124) | 0;
  cr = (((t << 15) | (t >>> 17)) + br) | 0;
  er = (er << 10) | (er >>> 22);
  t = (br + ((cr & er) | (dr & ~er)) + x7 + 0x5c4dd124) | 0;
  br = (((t << 7) | (t >>> 25)) + ar) | 0;
  dr = (dr << 10) | (dr >>> 22);
  t = (ar + ((br & dr) | (cr & ~dr)) + x0 + 0x5c4dd124) | 0;
  ar = (((t << 12) | (t >>> 20)) + er) | 0;
  cr = (cr << 10) | (cr >>> 22);
  t = (er + ((ar & cr) | (br & ~cr)) + x13 + 0x5c4dd124) | 0;
  er = (((t << 8) | (t >>> 24)) + dr) | 0;
  br = (br << 10) | (br >>> 22);
  t = (dr + ((er & br) | (ar & ~br)) + x5 + 0x5c4dd124) | 0;
  dr = (((t << 9) | (t >>> 23)) + cr) | 0;
  ar = (ar << 10) | (ar >>> 22);
  t = (cr + ((dr & ar) | (er & ~ar)) + x10 + 0x5c4dd124) | 0;
  cr = (((t << 11) | (t >>> 21)) + br) | 0;
  er = (er << 10) | (er >>> 22);
  t = (br + ((cr & er) | (dr & ~er)) + x14 + 0x5c4dd124) | 0;
  br = (((t << 7) | (t >>> 25)) + ar) | 0;
  dr = (dr << 10) | (dr >>> 22);
  t = (ar + ((br & dr) | (cr & ~dr)) + x15 + 0x5c4dd124) | 0;
  ar = (((t << 7) | (t >>> 25)) + er) | 0;
  cr = (cr << 10) | (cr >>> 22);
  t = (er + ((ar & cr) | (br & ~cr)) + x8 + 0x5c4dd124) | 0;
  er = (((t << 12) | (t >>> 20)) + dr) | 0;
  br = (br << 10) | (br >>> 22);
  t = (dr + ((er & br) | (ar & ~br)) + x12 + 0x5c4dd124) | 0;
  dr = (((t << 7) | (t >>> 25)) + cr) | 0;
  ar = (ar << 10) | (ar >>> 22);
  t = (cr + ((dr & ar) | (er & ~ar)) + x4 + 0x5c4dd124) | 0;
  cr = (((t << 6) | (t >>> 26)) + br) | 0;
  er = (er << 10) | (er >>> 22);
  t = (br + ((cr & er) | (dr & ~er)) + x9 + 0x5c4dd124) | 0;
  br = (((t << 15) | (t >>> 17)) + ar) | 0;
  dr = (dr << 10) | (dr >>> 22);
  t = (ar + ((br & dr) | (cr & ~dr)) + x1 + 0x5c4dd124) | 0;
  ar = (((t << 13) | (t >>> 19)) + er) | 0;
  cr = (cr << 10) | (cr >>> 22);
  t = (er + ((ar & cr) | (br & ~cr)) + x2 + 0x5c4dd124) | 0;
  er = (((t << 11) | (t >>> 21)) + dr) | 0;
  br = (br << 10) | (br >>> 22);

  // Right line, round 3: f3, K = 0x6d703ef3.
  t = (dr + ((er | ~ar) ^ br) + x15 + 0x6d703ef3) | 0;
  dr = (((t << 9) | (t >>> 23)) + cr) | 0;
  ar = (ar << 10) | (ar >>> 22);
  t = (cr + ((dr | ~er) ^ ar) + x5 + 0x6d703ef3) | 0;
  cr = (((t << 7) | (t >>> 25)) + br) | 0;
  er = (er << 10) | (er >>> 22);
  t = (br + ((cr | ~dr) ^ er) + x1 + 0x6d703ef3) | 0;
  br = (((t << 15) | (t >>> 17)) + ar) | 0;
  dr = (dr << 10) | (dr >>> 22);
  t = (ar + ((br | ~cr) ^ dr) + x3 + 0x6d703ef3) | 0;
  ar = (((t << 11) | (t >>> 21)) + er) | 0;
  cr = (cr << 10) | (cr >>> 22);
  t = (er + ((ar | ~br) ^ cr) + x7 + 0x6d703ef3) | 0;
  er = (((t << 8) | (t >>> 24)) + dr) | 0;
  br = (br << 10) | (br >>> 22);
  t = (dr + ((er | ~ar) ^ br) + x14 + 0x6d703ef3) | 0;
  dr = (((t << 6) | (t >>> 26)) + cr) | 0;
  ar = (ar << 10) | (ar >>> 22);
  t = (cr + ((dr | ~er) ^ ar) + x6 + 0x6d703ef3) | 0;
  cr = (((t << 6) | (t >>> 26)) + br) | 0;
  er = (er << 10) | (er >>> 22);
  t = (br + ((cr | ~dr) ^ er) + x9 + 0x6d703ef3) | 0;
  br = (((t << 14) | (t >>> 18)) + ar) | 0;
  dr = (dr << 10) | (dr >>> 22);
  t = (ar + ((br | ~cr) ^ dr) + x11 + 0x6d703ef3) | 0;
  ar = (((t << 12) | (t >>> 20)) + er) | 0;
  cr = (cr << 10) | (cr >>> 22);
  t = (er + ((ar | ~br) ^ cr) + x8 + 0x6d703ef3) | 0;
  er = (((t << 13) | (t >>> 19)) + dr) | 0;
  br = (br << 10) | (br >>> 22);
  t = (dr + ((er | ~ar) ^ br) + x12 + 0x6d703ef3) | 0;
  dr = (((t << 5) | (t >>> 27)) + cr) | 0;
  ar = (ar << 10) | (ar >>> 22);
  t = (cr + ((dr | ~er) ^ ar) + x2 + 0x6d703ef3) | 0;
  cr = (((t << 14) | (t >>> 18)) + br) | 0;
  er = (er << 10) | (er >>> 22);
  t = (br + ((cr | ~dr) ^ er) + x10 + 0x6d703ef3) | 0;
  br = (((t << 13) | (t >>> 19)) + ar) | 0;
  dr = (dr << 10) | (dr >>> 22);
  t = (ar + ((br | ~cr) ^ dr) + x0 + 0x6d703ef3) | 0;
  ar = (((t << 13) | (t >>> 19)) + er) | 0;
  cr = (cr << 10) | (cr >>> 22);
  t = (er + ((ar | ~br) ^ cr) + x4 + 0x6d703ef3) | 0;
  er = (((t << 7) | (t >>> 25)) + dr) | 0;
  br = (br << 10) | (br >>> 22);
  t = (dr + ((er | ~ar) ^ br) + x13 + 0x6d703ef3) | 0;
  dr = (((t << 5) | (t >>> 27)) + cr) | 0;
  ar = (ar << 10) | (ar >>> 22);

  // Right line, round 4: f2, K = 0x7a6d76e9.
  t = (cr + ((dr & er) | (~dr & ar)) + x8 + 0x7a6d76e9) | 0;
  cr = (((t << 15) | (t >>> 17)) + br) | 0;
  er = (er << 10) | (er >>> 22);
  t = (br + ((cr & dr) | (~cr & er)) + x6 + 0x7a6d76e9) | 0;
  br = (((t << 5) | (t >>> 27)) + ar) | 0;
  dr = (dr << 10) | (dr >>> 22);
  t = (ar + ((br & cr) | (~br & dr)) + x4 + 0x7a6d76e9) | 0;
  ar = (((t << 8) | (t >>> 24)) + er) | 0;
  cr = (cr << 10) | (cr >>> 22);
  t = (er + ((ar & br) | (~ar & cr)) + x1 + 0x7a6d76e9) | 0;
  er = (((t << 11) | (t >>> 21)) + dr) | 0;
  br = (br << 10) | (br >>> 22);
  t = (dr + ((er & ar) | (~er & br)) + x3 + 0x7a6d76e9) | 0;
  dr = (((t << 14) | (t >>> 18)) + cr) | 0;
  ar = (ar << 10) | (ar >>> 22);
  t = (cr + ((dr & er) | (~dr & ar)) + x11 + 0x7a6d76e9) | 0;
  cr = (((t << 14) | (t >>> 18)) + br) | 0;
  er = (er << 10) | (er >>> 22);
  t = (br + ((cr & dr) | (~cr & er)) + x15 + 0x7a6d76e9) | 0;
  br = (((t << 6) | (t >>> 26)) + ar) | 0;
  dr = (dr << 10) | (dr >>> 22);
  t = (ar + ((br & cr) | (~br & dr)) + x0 + 0x7a6d76e9) | 0;
  ar = (((t << 14) | (t >>> 18)) + er) | 0;
  cr = (cr << 10) | (cr >>> 22);
  t = (er + ((ar & br) | (~ar & cr)) + x5 + 0x7a6d76e9) | 0;
  er = (((t << 6) | (t >>> 26)) + dr) | 0;
  br = (br << 10) | (br >>> 22);
  t = (dr + ((er & ar) | (~er & br)) + x12 + 0x7a6d76e9) | 0;
  dr = (((t << 9) | (t >>> 23)) + cr) | 0;
  ar = (ar << 10) | (ar >>> 22);
  t = (cr + ((dr & er) | (~dr & ar)) + x2 + 0x7a6d76e9) | 0;
  cr = (((t << 12) | (t >>> 20)) + br) | 0;
  er = (er << 10) | (er >>> 22);
  t = (br + ((cr & dr) | (~cr & er)) + x13 + 0x7a6d76e9) | 0;
  br = (((t << 9) | (t >>> 23)) + ar) | 0;
  dr = (dr << 10) | (dr >>> 22);
  t = (ar + ((br & cr) | (~br & dr)) + x9 + 0x7a6d76e9) | 0;
  ar = (((t << 12) | (t >>> 20)) + er) | 0;
  cr = (cr << 10) | (cr >>> 22);
  t = (er + ((ar & br) | (~ar & cr)) + x7 + 0x7a6d76e9) | 0;
  er = (((t << 5) | (t >>> 27)) + dr) | 0;
  br = (br << 10) | (br >>> 22);
  t = (dr + ((er & ar) | (~er & br)) + x10 + 0x7a6d76e9) | 0;
  dr = (((t << 15) | (t >>> 17)) + cr) | 0;
  ar = (ar << 10) | (ar >>> 22);
  t = (cr + ((dr & er) | (~dr & ar)) + x14 + 0x7a6d76e9) | 0;
  cr = (((t << 8) | (t >>> 24)) + br) | 0;
  er = (er << 10) | (er >>> 22);

  // Right line, round 5: f1, K = 0.
  t = (br + (cr ^ dr ^ er) + x12) | 0;
  br = (((t << 8) | (t >>> 24)) + ar) | 0;
  dr = (dr << 10) | (dr >>> 22);
  t = (ar + (br ^ cr ^ dr) + x15) | 0;
  ar = (((t << 5) | (t >>> 27)) + er) | 0;
  cr = (cr << 10) | (cr >>> 22);
  t = (er + (ar ^ br ^ cr) + x10) | 0;
  er = (((t << 12) | (t >>> 20)) + dr) | 0;
  br = (br << 10) | (br >>> 22);
  t = (dr + (er ^ ar ^ br) + x4) | 0;
  dr = (((t << 9) | (t >>> 23)) + cr) | 0;
  ar = (ar << 10) | (ar >>> 22);
  t = (cr + (dr ^ er ^ ar) + x1) | 0;
  cr = (((t << 12) | (t >>> 20)) + br) | 0;
  er = (er << 10) | (er >>> 22);
  t = (br + (cr ^ dr ^ er) + x5) | 0;
  br = (((t << 5) | (t >>> 27)) + ar) | 0;
  dr = (dr << 10) | (dr >>> 22);
  t = (ar + (br ^ cr ^ dr) + x8) | 0;
  ar = (((t << 14) | (t >>> 18)) + er) | 0;
  cr = (cr << 10) | (cr >>> 22);
  t = (er + (ar ^ br ^ cr) + x7) | 0;
  er = (((t << 6) | (t >>> 26)) + dr) | 0;
  br = (br << 10) | (br >>> 22);
  t = (dr + (er ^ ar ^ br) + x6) | 0;
  dr = (((t << 8) | (t >>> 24)) + cr) | 0;
  ar = (ar << 10) | (ar >>> 22);
  t = (cr + (dr ^ er ^ ar) + x2) | 0;
  cr = (((t << 13) | (t >>> 19)) + br) | 0;
  er = (er << 10) | (er >>> 22);
  t = (br + (cr ^ dr ^ er) + x13) | 0;
  br = (((t << 6) | (t >>> 26)) + ar) | 0;
  dr = (dr << 10) | (dr >>> 22);
  t = (ar + (br ^ cr ^ dr) + x14) | 0;
  ar = (((t << 5) | (t >>> 27)) + er) | 0;
  cr = (cr << 10) | (cr >>> 22);
  t = (er + (ar ^ br ^ cr) + x0) | 0;
  er = (((t << 15) | (t >>> 17)) + dr) | 0;
  br = (br << 10) | (br >>> 22);
  t = (dr + (er ^ ar ^ br) + x3) | 0;
  dr = (((t << 13) | (t >>> 19)) + cr) | 0;
  ar = (ar << 10) | (ar >>> 22);
  t = (cr + (dr ^ er ^ ar) + x9) | 0;
  cr = (((t << 11) | (t >>> 21)) + br) | 0;
  er = (er << 10) | (er >>> 22);
  t = (br + (cr ^ dr ^ er) + x11) | 0;
  br = (((t << 11) | (t >>> 21)) + ar) | 0;
  dr = (dr << 10) | (dr >>> 22);

  t = (H[1]! + cl + dr) | 0;
  H[1] = H[2]! + dl + er;
  H[2] = H[3]! + el + ar;
  H[3] = H[4]! + al + br;
  H[4] = H[0]! + bl + cr;
  H[0] = t;
}

/**
 * Hashes `data[start, end)` and writes the 20-byte digest to
 * `out[outOffset, outOffset + 20)`.
 *
 * Taking a range and an output position lets callers hash part of a larger
 * buffer and place the digest directly where it is needed (for example
 * inside an outgoing message), with no `subarray` views or intermediate
 * result buffer.
 *
 * @throws RangeError when the input range or the output slot lies outside
 *   its buffer.
 */
export function ripemd160(data: Uint8Array, start: number, end: number, out: Uint8Array, outOffset: number): void {
  // Out-of-range reads of a typed array yield undefined (hashed as 0) and
  // out-of-range writes are dropped, so a bad range would otherwise produce
  // a wrong digest silently instead of failing.
  if (!(start >= 0 && start <= end && end <= data.length)) {
    throw new RangeError(`ripemd160: range [${start}, ${end}) is outside the ${data.length}-byte input`);
  }
  if (!(outOffset >= 0 && outOffset + RIPEMD160_SIZE <= out.length)) {
    throw new RangeError(`ripemd160: no room for 20 bytes at offset ${outOffset} of a ${out.length}-byte output`);
  }

  H[0] = 0x67452301;
  H[1] = 0xefcdab89;
  H[2] = 0x98badcfe;
  H[3] = 0x10325476;
  H[4] = 0xc3d2e1f0;

  let p = start;
  for (const lastBlock = end - 64; p <= lastBlock; p += 64) {
    for (let i = 0, q = p; i < 16; i++, q += 4) {
      X[i] = data[q]! | (data[q + 1]! << 8) | (data[q + 2]! << 16) | (data[q + 3]! << 24);
    }
    compress();
  }

  // Final block(s): the remaining whole words, then the last 0-3 bytes with
  // the 0x80 end marker after them, zero padding, and the message length in
  // bits as a little-endian 64-bit integer in words 14 and 15.
  let i = 0;
  for (; p + 4 <= end; p += 4) {
    X[i++] = data[p]! | (data[p + 1]! << 8) | (data[p + 2]! << 16) | (data[p + 3]! << 24);
  }
  const rest = end - p;
  let w = 0x80 << (rest << 3);
  if (rest > 0) w |= data[p]!;
  if (rest > 1) w |= data[p + 1]! << 8;
  if (rest > 2) w |= data[p + 2]! << 16;
  X[i++] = w;
  if (i > 14) {
    while (i < 16) X[i++] = 0;
    compress();
    i = 0;
  }
  while (i < 14) X[i++] = 0;
  const length = end - start;
  X[14] = length << 3;
  X[15] = Math.floor(length / 0x20000000);
  compress();

  for (let j = 0, o = outOffset; j < 5; j++, o += 4) {
    const h = H[j]!;
    out[o] = h;
    out[o + 1] = h >>> 8;
    out[o + 2] = h >>> 16;
    out[o + 3] = h >>> 24;
  }
}

/** Returns the RIPEMD-160 digest of all of `data` as a new 20-byte Buffer. */
export function ripemd160Digest(data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(RIPEMD160_SIZE);
  ripemd160(data, 0, data.length, out, 0);
  return out;
}
