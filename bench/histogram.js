/**
 * Latency histogram with HDR-style log-linear buckets over whole
 * microseconds: exact below 128 µs, then 64 sub-buckets per power of two
 * (under 1.6 % relative error). Recording is a few integer operations on a
 * fixed typed array, so millions of samples cost neither allocation nor GC
 * pauses that would show up in the very latencies being measured.
 */

const SUB_BITS = 7;
const SUB_COUNT = 1 << SUB_BITS; // 128: values below this get one bucket each
const HALF = SUB_COUNT >> 1; // 64 sub-buckets per doubling above that
// Shifts up to 31 - SUB_BITS + 1 cover every uint32 microsecond value (~71 minutes).
const MAX_SHIFT = 32 - SUB_BITS + 1;
const BUCKETS = SUB_COUNT + MAX_SHIFT * HALF;
const MAX_VALUE = 0xffffffff;

/** @param {number} us non-negative integer microseconds */
function indexOf(us) {
  if (us < SUB_COUNT) return us;
  const shift = 31 - Math.clz32(us) - (SUB_BITS - 1);
  return SUB_COUNT + (shift - 1) * HALF + ((us >>> shift) - HALF);
}

/** Midpoint of a bucket, in microseconds. */
function valueAt(index) {
  if (index < SUB_COUNT) return index;
  const k = index - SUB_COUNT;
  const shift = Math.floor(k / HALF) + 1;
  const low = ((k % HALF) + HALF) * 2 ** shift;
  return low + (2 ** shift - 1) / 2;
}

export class Histogram {
  constructor() {
    this.counts = new Float64Array(BUCKETS);
    this.count = 0;
    this.sum = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = 0;
  }

  /** @param {number} us latency in microseconds (fractions are rounded) */
  record(us) {
    let v = Math.round(us);
    if (v < 0) v = 0;
    else if (v > MAX_VALUE) v = MAX_VALUE;
    this.counts[indexOf(v)]++;
    this.count++;
    this.sum += us;
    if (us < this.min) this.min = us;
    if (us > this.max) this.max = us;
  }

  reset() {
    this.counts.fill(0);
    this.count = 0;
    this.sum = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = 0;
  }

  /**
   * Value at quantile `q` (0..1): the smallest bucket whose cumulative count
   * reaches q of all samples. NaN when empty.
   */
  quantile(q) {
    if (this.count === 0) return Number.NaN;
    const target = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      // Clamped so a sparse top bucket never reports more than was observed.
      if (seen >= target) return Math.min(valueAt(i), this.max);
    }
    return this.max;
  }

  /** Plain-object summary, small enough for an IPC message. */
  summary() {
    const empty = this.count === 0;
    return {
      count: this.count,
      min: empty ? null : this.min,
      mean: empty ? null : this.sum / this.count,
      p50: empty ? null : this.quantile(0.5),
      p90: empty ? null : this.quantile(0.9),
      p99: empty ? null : this.quantile(0.99),
      p999: empty ? null : this.quantile(0.999),
      max: empty ? null : this.max,
    };
  }
}
