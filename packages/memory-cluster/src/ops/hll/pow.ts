/**
 * `base ** exponent` for a base in (0, 1] and a non-negative integral
 * exponent, correctly rounded (but for results so close to a rounding
 * boundary that a 100-bit intermediate cannot tell). The C library's `pow`
 * rounds these correctly too, while `Math.pow` is off by one unit in the
 * last place for about one input in a hundred, which would change the
 * collision estimate of HyperMinHash similarity in its last bits.
 *
 * The power is computed by square-and-multiply in double-double arithmetic
 * with a separate binary exponent, so intermediate values never underflow.
 */

const SPLITTER = 134_217_729; // 2^27 + 1
const scratch = new DataView(new ArrayBuffer(8));

/** `hi * 2^-e` lands in [0.5, 1): returns e (for positive finite `hi`). */
function exponentOf(hi: number): number {
  scratch.setFloat64(0, hi);
  return ((scratch.getUint16(0) >> 4) & 0x7ff) - 1022;
}

/** A double-double number times a power of two: (hi + lo) * 2^exp. */
interface Scaled {
  hi: number;
  lo: number;
  exp: number;
}

/** The exact product of two doubles as hi + lo (Dekker). */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const err = al * bl - (((p - ah * bh) - al * bh) - ah * bl);
  return [p, err];
}

function multiply(x: Scaled, y: Scaled): Scaled {
  const [p, e0] = twoProduct(x.hi, y.hi);
  const e = e0 + (x.hi * y.lo + x.lo * y.hi);
  let hi = p + e;
  let lo = e - (hi - p);
  let exp = x.exp + y.exp;
  // Renormalize into [0.5, 1) by an exact power of two.
  const k = exponentOf(hi);
  if (k !== 0) {
    const scale = 2 ** -k;
    hi *= scale;
    lo *= scale;
    exp += k;
  }
  return { hi, lo, exp };
}

/**
 * `base ** exponent`, correctly rounded, for `0 < base <= 1` and an
 * integral `exponent >= 0` (any such double, up to 2^64).
 */
export function powUnit(base: number, exponent: number): number {
  if (exponent === 0 || base === 1) return 1;
  const k = exponentOf(base);
  const b: Scaled = { hi: base * 2 ** -k, lo: 0, exp: k };
  let r: Scaled = { hi: 0.5, lo: 0, exp: 1 };
  const bits = BigInt(exponent).toString(2);
  for (let i = 0; i < bits.length; i++) {
    r = multiply(r, r);
    if (bits[i] === '1') r = multiply(r, b);
  }
  // Scale in two steps so that 2^exp itself neither overflows nor underflows.
  const half = Math.trunc(r.exp / 2);
  return r.hi * 2 ** half * 2 ** (r.exp - half);
}
