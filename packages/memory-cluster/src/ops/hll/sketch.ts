/**
 * HyperLogLog sketches in the server's layout, and the server's estimators.
 *
 * A sketch (the particle bytes of an HLL bin) is
 * `flags u8 | index bits u8 | minhash bits u8 | cached count u64 LE | registers`,
 * with 2^indexBits registers of 6 + minhashBits bits each, packed big-endian
 * bit after bit. A register holds the HyperLogLog value (leading 6 bits)
 * and, with minhash bits, the HyperMinHash signature (the rest).
 *
 * Counts follow Ertl's improved estimator; union counts fold every sketch
 * into the common (smallest) index bits; intersections and similarity use
 * inclusion-exclusion without minhash bits and the HyperMinHash estimator
 * (with its collision correction for two sketches) with them.
 */

import type { Element } from './elements.js';
import { murmur3x64 } from './murmur3.js';
import { powUnit } from './pow.js';

/** Bytes before the registers. */
export const HEADER_SIZE = 11;
/** Bits of the HyperLogLog part of a register. */
const HLL_BITS = 6;
/** Fewest index bits a sketch may have. */
export const MIN_INDEX_BITS = 4;
/** Most index bits a sketch may have. */
export const MAX_INDEX_BITS = 16;
/** Fewest minhash bits a sketch with minhash bits may have (0 means none). */
export const MIN_MINHASH_BITS = 4;
/** Most minhash bits a sketch may have. */
export const MAX_MINHASH_BITS = 64 - HLL_BITS - 7;
/** Largest index bits + minhash bits of a sketch the server creates. */
const MAX_COMBINED_BITS = 64;

const TWO_32 = 0x1_0000_0000;
const UINT64_MAX = (1n << 64n) - 1n;

/** True for index bits the server accepts. */
export function validIndexBits(bits: bigint | number): boolean {
  return bits >= MIN_INDEX_BITS && bits <= MAX_INDEX_BITS;
}

/** True for minhash bits the server accepts. */
export function validMinhashBits(bits: bigint | number): boolean {
  return bits === 0 || bits === 0n || (bits >= MIN_MINHASH_BITS && bits <= MAX_MINHASH_BITS);
}

/** True for a pair of index and minhash bits the server creates sketches with. */
export function validCombinedBits(indexBits: number, minhashBits: number): boolean {
  return validIndexBits(indexBits) && validMinhashBits(minhashBits) && indexBits + minhashBits <= MAX_COMBINED_BITS;
}

/** Byte size of a sketch with these bits. */
export function sketchSize(indexBits: number, minhashBits: number): number {
  return HEADER_SIZE + Math.floor(((HLL_BITS + minhashBits) * 2 ** indexBits + 7) / 8);
}

/** Registers already unpacked from a sketch. */
const unpacked = new WeakMap<Sketch, Registers>();

/** A sketch over its bytes (not copied). */
export class Sketch {
  readonly indexBits: number;
  readonly minhashBits: number;
  private readonly registerBits: number;

  constructor(readonly data: Buffer) {
    this.indexBits = data[1]!;
    this.minhashBits = data[2]!;
    this.registerBits = HLL_BITS + this.minhashBits;
  }

  /** An empty sketch. */
  static create(indexBits: number, minhashBits: number): Sketch {
    const data = Buffer.alloc(sketchSize(indexBits, minhashBits));
    data[1] = indexBits;
    data[2] = minhashBits;
    return new Sketch(data);
  }

  /** A copy of this sketch, cached count included. */
  copy(): Sketch {
    return new Sketch(Buffer.from(this.data));
  }

  /** Number of registers. */
  get registerCount(): number {
    return 2 ** this.indexBits;
  }

  /** The cached count; 0 when it must be computed. */
  get cache(): bigint {
    return this.data.readBigUInt64LE(3);
  }

  set cache(v: bigint) {
    this.data.writeBigUInt64LE(v, 3);
  }

  /** HyperLogLog value of register `r`. */
  hll(r: number): number {
    const pos = r * this.registerBits;
    const at = HEADER_SIZE + (pos >>> 3);
    const word = (this.data[at]! << 8) | (this.data[at + 1] ?? 0);
    return (word >>> (10 - (pos & 7))) & 0x3f;
  }

  /** Minhash signature of register `r`. */
  minhash(r: number): number {
    const m = this.minhashBits;
    return m === 0 ? 0 : readBits(this.data, r * this.registerBits + HLL_BITS, m);
  }

  /** Sets register `r`; the HyperLogLog value keeps its low 6 bits, as the server's packing does. */
  set(r: number, hll: number, minhash: number): void {
    unpacked.delete(this);
    const pos = r * this.registerBits;
    writeBits(this.data, pos, HLL_BITS, hll & 0x3f);
    if (this.minhashBits !== 0) writeBits(this.data, pos + HLL_BITS, this.minhashBits, minhash);
  }
}

/** `n` (at most 52) bits at bit `pos` of the registers, big-endian. */
function readBits(data: Buffer, pos: number, n: number): number {
  let v = 0;
  let at = pos;
  let left = n;
  while (left > 0) {
    const inByte = at & 7;
    const take = Math.min(8 - inByte, left);
    const byte = data[HEADER_SIZE + (at >>> 3)]!;
    v = v * 2 ** take + ((byte >>> (8 - inByte - take)) & ((1 << take) - 1));
    at += take;
    left -= take;
  }
  return v;
}

/** Writes the low `n` (at most 52) bits of `value` at bit `pos` of the registers. */
function writeBits(data: Buffer, pos: number, n: number, value: number): void {
  let at = pos + n;
  let left = n;
  let v = value;
  while (left > 0) {
    const endInByte = at & 7 || 8;
    const take = Math.min(endInByte, left);
    const index = HEADER_SIZE + ((at - 1) >>> 3);
    const shift = 8 - endInByte;
    const mask = ((1 << take) - 1) << shift;
    const bits = v % 2 ** take;
    data[index] = (data[index]! & ~mask) | (bits << shift);
    v = Math.floor(v / 2 ** take);
    at -= take;
    left -= take;
  }
}

// ---------------------------------------------------------------------------
// Adding elements

const hash = new Uint32Array(4);

function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/**
 * Adds one element (its bytes as the server hashes them) to `s`.
 * @returns true when a register changed (the cached count is then cleared).
 */
export function addElement(s: Sketch, element: Element): boolean {
  place(s, element);
  const r = placeRegister;
  const hll = placeHll;
  const minhash = placeMinhash;
  const curHll = s.hll(r);
  if (curHll < hll || (curHll === hll && s.minhash(r) < minhash)) {
    s.set(r, hll, minhash);
    s.cache = 0n;
    return true;
  }
  return false;
}

/** True when `s` may contain the element: its register holds at least the element's value. */
export function mayContain(s: Sketch, element: Element): boolean {
  place(s, element);
  const curHll = s.hll(placeRegister);
  return placeHll < curHll || (placeHll === curHll && placeMinhash <= s.minhash(placeRegister));
}

// Outputs of place().
let placeRegister = 0;
let placeHll = 0;
let placeMinhash = 0;

/** The register of an element and the value it would put there (the HLL part unmasked: up to 65). */
function place(s: Sketch, element: Element): void {
  murmur3x64(element.buf, element.start, element.length, hash);
  const idx = s.indexBits;
  const m = s.minhashBits;
  const h1Hi = hash[0]!;
  const h1Lo = hash[1]!;
  const h2Hi = hash[2]!;
  const h2Lo = hash[3]!;
  const r = h1Lo & ((1 << idx) - 1);
  let minhash = 0;
  if (m !== 0) {
    const lo = ((h1Lo >>> idx) | (h1Hi << (32 - idx))) >>> 0;
    const hi = h1Hi >>> idx;
    minhash = m <= 32 ? lo % 2 ** m : lo + (hi % 2 ** (m - 32)) * TWO_32;
  }
  const zeros = h2Lo !== 0 ? ctz32(h2Lo) : h2Hi !== 0 ? 32 + ctz32(h2Hi) : 64;
  placeRegister = r;
  placeHll = zeros + 1;
  placeMinhash = minhash;
}

// ---------------------------------------------------------------------------
// Register arrays, for operations that visit every register

/**
 * The registers of a sketch unpacked into arrays: HyperLogLog values, and
 * minhash signatures split into high and low 32-bit words.
 */
export class Registers {
  readonly count: number;
  readonly hll: Uint8Array;
  readonly minhashHi: Uint32Array;
  readonly minhashLo: Uint32Array;

  constructor(
    readonly indexBits: number,
    readonly minhashBits: number,
  ) {
    this.count = 2 ** indexBits;
    this.hll = new Uint8Array(this.count);
    const words = minhashBits === 0 ? 0 : this.count;
    this.minhashHi = new Uint32Array(words);
    this.minhashLo = new Uint32Array(words);
  }

  /** Unpacks the registers of `s`. */
  static of(s: Sketch): Registers {
    const regs = new Registers(s.indexBits, s.minhashBits);
    const m = s.minhashBits;
    const reader = new BitReader(s.data, HEADER_SIZE);
    for (let r = 0; r < regs.count; r++) {
      regs.hll[r] = reader.read(HLL_BITS);
      if (m > 32) {
        regs.minhashHi[r] = reader.read(m - 32);
        regs.minhashLo[r] = reader.read(32);
      } else if (m !== 0) {
        regs.minhashLo[r] = reader.read(m);
      }
    }
    return regs;
  }

  /** Packs the registers into a sketch with no cached count. */
  toSketch(): Sketch {
    const s = Sketch.create(this.indexBits, this.minhashBits);
    const m = this.minhashBits;
    const writer = new BitWriter(s.data, HEADER_SIZE);
    for (let r = 0; r < this.count; r++) {
      writer.write(HLL_BITS, this.hll[r]!);
      if (m > 32) {
        writer.write(m - 32, this.minhashHi[r]!);
        writer.write(32, this.minhashLo[r]!);
      } else if (m !== 0) {
        writer.write(m, this.minhashLo[r]!);
      }
    }
    writer.flush();
    return s;
  }

  /** Number of registers not all zero. */
  used(): number {
    let n = 0;
    if (this.minhashBits === 0) {
      for (let r = 0; r < this.count; r++) if (this.hll[r] !== 0) n++;
    } else {
      for (let r = 0; r < this.count; r++) if (this.hll[r] !== 0 || this.minhashHi[r] !== 0 || this.minhashLo[r] !== 0) n++;
    }
    return n;
  }
}

/** Reads big-endian bit fields of up to 32 bits in sequence. */
class BitReader {
  private acc = 0;
  private bits = 0;

  constructor(
    private readonly data: Buffer,
    private at: number,
  ) {}

  read(n: number): number {
    while (this.bits < n) {
      this.acc = this.acc * 256 + (this.data[this.at++] ?? 0);
      this.bits += 8;
    }
    this.bits -= n;
    const scale = 2 ** this.bits;
    const v = Math.floor(this.acc / scale);
    this.acc -= v * scale;
    return v;
  }
}

/** Writes big-endian bit fields of up to 32 bits in sequence. */
class BitWriter {
  private acc = 0;
  private bits = 0;

  constructor(
    private readonly data: Buffer,
    private at: number,
  ) {}

  write(n: number, value: number): void {
    this.acc = this.acc * 2 ** n + value;
    this.bits += n;
    while (this.bits >= 8) {
      this.bits -= 8;
      const scale = 2 ** this.bits;
      const byte = Math.floor(this.acc / scale);
      this.data[this.at++] = byte;
      this.acc -= byte * scale;
    }
  }

  /** Writes the last partial byte, padded with zeros. */
  flush(): void {
    if (this.bits > 0) this.data[this.at] = this.acc * 2 ** (8 - this.bits);
  }
}

// ---------------------------------------------------------------------------
// Combining sketches

/** Index and minhash bits of a sketch that can hold the union of `sketches`. */
export function template(sketches: readonly { indexBits: number; minhashBits: number }[]): { indexBits: number; minhashBits: number } {
  let indexBits = sketches[0]!.indexBits;
  let minhashBits = sketches[0]!.minhashBits;
  for (let i = 1; i < sketches.length; i++) {
    const s = sketches[i]!;
    if (indexBits > s.indexBits) indexBits = s.indexBits;
    if (minhashBits !== 0 && minhashBits !== s.minhashBits) minhashBits = 0;
  }
  return { indexBits, minhashBits };
}

/**
 * Folds `src` into `target` (which has no more index bits than `src`),
 * register by register: without minhash bits in the target, the larger
 * HyperLogLog value wins; with them (the same as the source's), the larger
 * whole register.
 */
export function union(target: Registers, src: Registers): void {
  const mask = target.count - 1;
  const n = src.count;
  const th = target.hll;
  const sh = src.hll;
  if (target.minhashBits === 0) {
    for (let r = 0; r < n; r++) {
      const t = r & mask;
      if (th[t]! < sh[r]!) th[t] = sh[r]!;
    }
    return;
  }
  const tHi = target.minhashHi;
  const tLo = target.minhashLo;
  const sHi = src.minhashHi;
  const sLo = src.minhashLo;
  for (let r = 0; r < n; r++) {
    const t = r & mask;
    const h0 = th[t]!;
    const h1 = sh[r]!;
    if (h0 < h1 || (h0 === h1 && (tHi[t]! < sHi[r]! || (tHi[t] === sHi[r] && tLo[t]! < sLo[r]!)))) {
      th[t] = h1;
      tHi[t] = sHi[r]!;
      tLo[t] = sLo[r]!;
    }
  }
}

/** The union of `sketches`, as registers. */
export function unionOf(sketches: readonly Registers[]): Registers {
  const t = template(sketches);
  const out = new Registers(t.indexBits, t.minhashBits);
  for (const s of sketches) union(out, s);
  return out;
}

/** Keeps in `target` only the registers equal in `src` (the same minhash bits). */
function intersectOne(target: Registers, src: Registers): void {
  const mask = target.count - 1;
  const n = src.count;
  const th = target.hll;
  const tHi = target.minhashHi;
  const tLo = target.minhashLo;
  for (let r = 0; r < n; r++) {
    const t = r & mask;
    if (th[t] !== src.hll[r] || tHi[t] !== src.minhashHi[r] || tLo[t] !== src.minhashLo[r]) {
      th[t] = 0;
      tHi[t] = 0;
      tLo[t] = 0;
    }
  }
}

/** The server's emptiness test: it looks at the first 2^indexBits bytes of registers only. */
function hasData(s: Sketch): boolean {
  const end = HEADER_SIZE + s.registerCount;
  for (let i = HEADER_SIZE; i < end; i++) if (s.data[i] !== 0) return true;
  return false;
}

// ---------------------------------------------------------------------------
// Estimators

function sigma(x: number): number {
  if (x === 1) return Number.POSITIVE_INFINITY;
  let y = 1;
  let z = x;
  let previous: number;
  do {
    x *= x;
    previous = z;
    z += x * y;
    y += y;
  } while (previous !== z);
  return z;
}

function alpha(indexBits: number): number {
  switch (indexBits) {
    case 4:
      return 0.673;
    case 5:
      return 0.697;
    case 6:
      return 0.709;
    default:
      return 0.7213 / (1.0 + 1.079 / 2 ** indexBits);
  }
}

/** C's llround of a non-negative double into a uint64 (out of range: the x86 integer-indefinite value). */
function roundToUint64(x: number): bigint {
  if (!(x < 2 ** 63)) return 1n << 63n;
  return BigInt(Math.round(x));
}

/** The registers of `s`, unpacked once per sketch (a sketch drops them when a register is set). */
export function registersOf(s: Sketch): Registers {
  let regs = unpacked.get(s);
  if (regs === undefined) {
    regs = Registers.of(s);
    unpacked.set(s, regs);
  }
  return regs;
}

/** Ertl's improved raw estimate from the HyperLogLog values of the registers. */
function estimate(regs: Registers): bigint {
  const n = regs.count;
  const c = new Array<number>(65).fill(0);
  const hll = regs.hll;
  for (let r = 0; r < n; r++) c[hll[r]!]!++;
  // The term for registers at the maximum (64) is always zero: 6 bits hold at most 63.
  let z = 0;
  for (let k = 64; k > 0; k--) z = 0.5 * (z + c[k]!);
  z += n * sigma(c[0]! / n);
  return roundToUint64((alpha(regs.indexBits) * n * n) / z);
}

/** The estimated number of distinct elements: the cached count when there is one. */
export function cardinality(s: Sketch): bigint {
  const cached = s.cache;
  return cached !== 0n ? cached : estimate(registersOf(s));
}

/** Estimated size of the union of `sketches`. */
export function unionCardinality(sketches: readonly Sketch[]): bigint {
  return estimate(unionOf(sketches.map(registersOf)));
}

/** Estimated size of the intersection of `sketches` (two or three without minhash bits). */
export function intersectCardinality(sketches: readonly Sketch[]): bigint {
  if (template(sketches).minhashBits === 0) return inclusionExclusion(sketches);
  const j = similarity(sketches);
  if (Number.isNaN(j.value)) return 0n;
  const cu = unionCardinality(sketches);
  return roundToUint64(Number(cu) * j.value);
}

function inclusionExclusion(sketches: readonly Sketch[]): bigint {
  const cu = unionCardinality(sketches);
  let sum = 0n;
  for (const s of sketches) {
    const c = cardinality(s);
    if (sum + c > UINT64_MAX) {
      sum = UINT64_MAX;
      break;
    }
    sum += c;
  }
  if (sketches.length === 2) return sum > cu ? sum - cu : 0n;
  const [a, b, c] = sketches as [Sketch, Sketch, Sketch];
  const pairs = BigInt.asUintN(64, intersectCardinality([a, b]) + intersectCardinality([b, c]) + intersectCardinality([a, c]));
  const result = BigInt.asIntN(64, BigInt.asIntN(64, cu) - BigInt.asIntN(64, BigInt.asIntN(64, sum) - BigInt.asIntN(64, pairs)));
  return result < 0n ? 0n : result;
}

/** A similarity estimate: its value, and the exact bits of the double the server returns. */
export interface Similarity {
  value: number;
  /** The 8 bytes (big-endian) of the double, so that NaNs keep the sign the server gives them. */
  bytes: Buffer;
}

function similarityOf(value: number): Similarity {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleBE(value);
  return { value, bytes };
}

/** C's NAN. */
const QUIET_NAN = Buffer.from('7ff8000000000000', 'hex');
/** What x86 gives for 0.0 / 0.0. */
const DEFAULT_NAN = Buffer.from('fff8000000000000', 'hex');

/** Estimated Jaccard similarity of `sketches`. */
export function similarity(sketches: readonly Sketch[]): Similarity {
  const t = template(sketches);
  if (t.minhashBits === 0) {
    const i = Number(inclusionExclusion(sketches));
    const u = Number(unionCardinality(sketches));
    if (i === 0 && u === 0) return { value: Number.NaN, bytes: DEFAULT_NAN };
    return similarityOf(i / u);
  }
  let someData = false;
  let someEmpty = false;
  for (const s of sketches) {
    if (hasData(s)) someData = true;
    else someEmpty = true;
  }
  if (someEmpty) return someData ? similarityOf(0) : { value: Number.NaN, bytes: QUIET_NAN };

  const regs = sketches.map(registersOf);
  const nUnion = unionOf(regs).used();
  const common = new Registers(t.indexBits, t.minhashBits);
  union(common, regs[0]!);
  for (let i = 1; i < regs.length; i++) intersectOne(common, regs[i]!);
  const nIntersect = common.used();
  let ec = 0;
  if (sketches.length === 2) ec = collisions(t.indexBits, t.minhashBits, cardinality(sketches[0]!), cardinality(sketches[1]!));
  let result = (nIntersect - ec) / nUnion;
  if (result < 0) result = 0;
  return similarityOf(result);
}

/** Expected number of registers that agree by chance (HyperMinHash, two sketches). */
function collisions(indexBits: number, minhashBits: number, card0: bigint, card1: bigint): number {
  const n = 2 ** indexBits;
  const c0 = Number(card0);
  const c1 = Number(card1);
  let cp = 0;
  for (let i = 1; i <= 64; i++) {
    let b1 = i !== 64 ? 2 ** -i : 0;
    let b2 = 2 ** (-i + 1);
    b1 /= n;
    b2 /= n;
    const prX = powUnit(1 - b1, c0) - powUnit(1 - b2, c0);
    const prY = powUnit(1 - b1, c1) - powUnit(1 - b2, c1);
    cp += prX * prY;
  }
  return (cp * n) / 2 ** minhashBits;
}
