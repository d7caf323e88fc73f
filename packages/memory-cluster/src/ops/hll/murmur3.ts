/**
 * MurmurHash3, x64 128-bit variant with seed 0: the hash the server uses to
 * place HLL elements. 64-bit words are kept as pairs of 32-bit halves so no
 * BigInt is needed on this hot path.
 */

// Results of the 64-bit helpers below, to avoid allocating a pair per step.
let outHi = 0;
let outLo = 0;

/** High 32 bits of the 64-bit product of two uint32 values. */
function mulHigh32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const mid = a1 * b0 + a0 * b1 + ((a0 * b0) >>> 16);
  return (a1 * b1 + Math.floor(mid / 0x10000)) >>> 0;
}

/** (ah:al) * (bh:bl) mod 2^64 into outHi:outLo. */
function mul64(ah: number, al: number, bh: number, bl: number): void {
  outHi = (mulHigh32(al, bl) + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
  outLo = Math.imul(al, bl) >>> 0;
}

/** (ah:al) + (bh:bl) mod 2^64 into outHi:outLo. */
function add64(ah: number, al: number, bh: number, bl: number): void {
  const lo = al + bl;
  outLo = lo >>> 0;
  outHi = (ah + bh + (lo > 0xffff_ffff ? 1 : 0)) >>> 0;
}

/** (h:l) rotated left by r (0 < r < 64) into outHi:outLo. */
function rotl64(h: number, l: number, r: number): void {
  if (r >= 32) {
    const t = h;
    h = l;
    l = t;
    r -= 32;
  }
  if (r === 0) {
    outHi = h >>> 0;
    outLo = l >>> 0;
    return;
  }
  outHi = ((h << r) | (l >>> (32 - r))) >>> 0;
  outLo = ((l << r) | (h >>> (32 - r))) >>> 0;
}

const C1_HI = 0x87c37b91;
const C1_LO = 0x114253d5;
const C2_HI = 0x4cf5ad43;
const C2_LO = 0x2745937f;

/** fmix64 into outHi:outLo. */
function fmix64(h: number, l: number): void {
  // k ^= k >> 33
  l = (l ^ (h >>> 1)) >>> 0;
  mul64(h, l, 0xff51afd7, 0xed558ccd);
  h = outHi;
  l = outLo;
  l = (l ^ (h >>> 1)) >>> 0;
  mul64(h, l, 0xc4ceb9fe, 0x1a85ec53);
  h = outHi;
  l = outLo;
  outLo = (l ^ (h >>> 1)) >>> 0;
  outHi = h;
}

function readLe32(data: Uint8Array, at: number): number {
  return (data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16) | (data[at + 3]! << 24)) >>> 0;
}

/**
 * The 128-bit hash of `data[start, start + length)` as four uint32 words:
 * the first 64-bit half (high, low), then the second (high, low). The
 * server reads the two halves as little-endian 64-bit integers.
 */
export function murmur3x64(data: Uint8Array, start: number, length: number, out: Uint32Array): void {
  let h1h = 0;
  let h1l = 0;
  let h2h = 0;
  let h2l = 0;
  const blocks = Math.floor(length / 16);
  for (let i = 0; i < blocks; i++) {
    const at = start + i * 16;
    let k1l = readLe32(data, at);
    let k1h = readLe32(data, at + 4);
    let k2l = readLe32(data, at + 8);
    let k2h = readLe32(data, at + 12);

    mul64(k1h, k1l, C1_HI, C1_LO);
    rotl64(outHi, outLo, 31);
    mul64(outHi, outLo, C2_HI, C2_LO);
    k1h = outHi;
    k1l = outLo;
    h1h = (h1h ^ k1h) >>> 0;
    h1l = (h1l ^ k1l) >>> 0;
    rotl64(h1h, h1l, 27);
    add64(outHi, outLo, h2h, h2l);
    mul64(outHi, outLo, 0, 5);
    add64(outHi, outLo, 0, 0x52dce729);
    h1h = outHi;
    h1l = outLo;

    mul64(k2h, k2l, C2_HI, C2_LO);
    rotl64(outHi, outLo, 33);
    mul64(outHi, outLo, C1_HI, C1_LO);
    k2h = outHi;
    k2l = outLo;
    h2h = (h2h ^ k2h) >>> 0;
    h2l = (h2l ^ k2l) >>> 0;
    rotl64(h2h, h2l, 31);
    add64(outHi, outLo, h1h, h1l);
    mul64(outHi, outLo, 0, 5);
    add64(outHi, outLo, 0, 0x38495ab5);
    h2h = outHi;
    h2l = outLo;
  }

  const tail = start + blocks * 16;
  const rest = length & 15;
  if (rest > 8) {
    let k2h = 0;
    let k2l = 0;
    for (let i = rest - 1; i >= 8; i--) {
      const byte = data[tail + i]!;
      if (i >= 12) k2h = (k2h | (byte << ((i - 12) * 8))) >>> 0;
      else k2l = (k2l | (byte << ((i - 8) * 8))) >>> 0;
    }
    mul64(k2h, k2l, C2_HI, C2_LO);
    rotl64(outHi, outLo, 33);
    mul64(outHi, outLo, C1_HI, C1_LO);
    h2h = (h2h ^ outHi) >>> 0;
    h2l = (h2l ^ outLo) >>> 0;
  }
  if (rest > 0) {
    let k1h = 0;
    let k1l = 0;
    for (let i = Math.min(rest, 8) - 1; i >= 0; i--) {
      const byte = data[tail + i]!;
      if (i >= 4) k1h = (k1h | (byte << ((i - 4) * 8))) >>> 0;
      else k1l = (k1l | (byte << (i * 8))) >>> 0;
    }
    mul64(k1h, k1l, C1_HI, C1_LO);
    rotl64(outHi, outLo, 31);
    mul64(outHi, outLo, C2_HI, C2_LO);
    h1h = (h1h ^ outHi) >>> 0;
    h1l = (h1l ^ outLo) >>> 0;
  }

  // Finalization; the length is xored in as a 64-bit value.
  const lenHi = Math.floor(length / 0x1_0000_0000) >>> 0;
  const lenLo = length >>> 0;
  h1h = (h1h ^ lenHi) >>> 0;
  h1l = (h1l ^ lenLo) >>> 0;
  h2h = (h2h ^ lenHi) >>> 0;
  h2l = (h2l ^ lenLo) >>> 0;
  add64(h1h, h1l, h2h, h2l);
  h1h = outHi;
  h1l = outLo;
  add64(h2h, h2l, h1h, h1l);
  h2h = outHi;
  h2l = outLo;
  fmix64(h1h, h1l);
  h1h = outHi;
  h1l = outLo;
  fmix64(h2h, h2l);
  h2h = outHi;
  h2l = outLo;
  add64(h1h, h1l, h2h, h2l);
  h1h = outHi;
  h1l = outLo;
  add64(h2h, h2l, h1h, h1l);
  out[0] = h1h;
  out[1] = h1l;
  out[2] = outHi;
  out[3] = outLo;
}
