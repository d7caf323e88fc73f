/**
 * Builders of HyperLogLog operations, for `client.operate(key, operations)`.
 *
 * An HLL bin estimates how many distinct values were added to it, and, with
 * minhash bits, how much two sets overlap. `indexBits` (4 to 16) sets its
 * precision; `minhashBits` (0, or 4 to 51, with `indexBits + minhashBits`
 * at most 64) enables intersections and similarity.
 *
 * ```ts
 * await client.operate(key, [hll.add('visitors', ['ada', 'bob'], 12), hll.getCount('visitors')], { respondAllOps: true });
 * ```
 *
 * @packageDocumentation
 */

import { invalidArgument } from '../errors.js';
import { type CdtValue, HyperLogLog } from '../values.js';
import {
  HLL_MAX_INDEX_BITS,
  HLL_MAX_MINHASH_BITS,
  HLL_MIN_INDEX_BITS,
  HllOp,
  HllWriteFlags,
} from '../wire/cdt/hll.js';
import { OperationType } from '../wire/message.js';
import type { Operation } from '../wire/operation.js';
import { type CdtArg, binName, encodeCdt, flags, list, operation, optionsOf, show, packValue } from './cdt-encode.js';

const HLL_WRITE_FLAGS = HllWriteFlags.CREATE_ONLY | HllWriteFlags.UPDATE_ONLY | HllWriteFlags.NO_FAIL | HllWriteFlags.ALLOW_FOLD;
/** Smallest minhash bit count other than 0. */
const MIN_MINHASH_BITS = 4;
/** Most index and minhash bits together. */
const MAX_COMBINED_BITS = 64;
/** What the server reads as "not given" for index or minhash bits. */
const UNSET = -1;

/**
 * How an HLL write behaves: `writeFlags` is an OR of {@link HllWriteFlags}.
 *
 * @example
 * ```ts
 * hll.init('visitors', 12, 0, { policy: { writeFlags: HllWriteFlags.CREATE_ONLY | HllWriteFlags.NO_FAIL } });
 * ```
 */
export interface HllPolicy {
  /** OR of {@link HllWriteFlags} (default 0). */
  writeFlags?: number | undefined;
}

/**
 * Options of an HLL write.
 *
 * @example
 * ```ts
 * hll.setUnion('all', [sketchA, sketchB], { policy: { writeFlags: HllWriteFlags.ALLOW_FOLD } });
 * ```
 */
export interface HllWriteOptions {
  /** How the write behaves. */
  policy?: HllPolicy | undefined;
}

function policyFlags(builder: string, policy: HllPolicy | undefined): number {
  if (policy === undefined) return 0;
  if (typeof policy !== 'object' || policy === null) throw invalidArgument(builder, `policy must be an object, got ${show(policy)}`);
  return policy.writeFlags === undefined ? 0 : flags(builder, 'policy.writeFlags', policy.writeFlags, HLL_WRITE_FLAGS);
}

function indexBitsOf(builder: string, bits: number): number {
  if (typeof bits !== 'number' || !Number.isInteger(bits) || bits < HLL_MIN_INDEX_BITS || bits > HLL_MAX_INDEX_BITS) {
    throw invalidArgument(builder, `indexBits must be an integer from ${HLL_MIN_INDEX_BITS} to ${HLL_MAX_INDEX_BITS}, got ${show(bits)}`);
  }
  return bits;
}

function minhashBitsOf(builder: string, bits: number, indexBits: number): number {
  if (
    typeof bits !== 'number' ||
    !Number.isInteger(bits) ||
    !(bits === 0 || (bits >= MIN_MINHASH_BITS && bits <= HLL_MAX_MINHASH_BITS))
  ) {
    throw invalidArgument(builder, `minhashBits must be 0 or an integer from ${MIN_MINHASH_BITS} to ${HLL_MAX_MINHASH_BITS}, got ${show(bits)}`);
  }
  if (indexBits !== UNSET && indexBits + bits > MAX_COMBINED_BITS) {
    throw invalidArgument(builder, `indexBits + minhashBits must be at most ${MAX_COMBINED_BITS}, got ${indexBits} + ${bits}`);
  }
  return bits;
}

/** A list of sketches: HyperLogLog values (or their bytes, as read from an HLL bin). */
function sketches(builder: string, what: string, hlls: readonly (HyperLogLog | Uint8Array)[]): CdtArg {
  if (!Array.isArray(hlls)) throw invalidArgument(builder, `${what} must be an array of HyperLogLog values, got ${show(hlls)}`);
  const items: HyperLogLog[] = [];
  for (let i = 0; i < hlls.length; i++) {
    const h = hlls[i];
    if (h instanceof HyperLogLog) items.push(h);
    else if (h instanceof Uint8Array) items.push(new HyperLogLog(Buffer.from(h.buffer, h.byteOffset, h.byteLength)));
    else throw invalidArgument(builder, `${what}[${i}] must be a HyperLogLog, got ${show(h)}`);
  }
  return packValue(builder, what, items);
}

function modify(builder: string, bin: string, opcode: number, args: readonly CdtArg[]): Operation {
  return operation(OperationType.HLL_MODIFY, binName(builder, bin), encodeCdt(builder, opcode, args), true);
}

function read(builder: string, bin: string, opcode: number, args: readonly CdtArg[]): Operation {
  return operation(OperationType.HLL_READ, binName(builder, bin), encodeCdt(builder, opcode, args), true);
}

/**
 * HyperLogLog operations. Each builder returns an {@link Operation} whose
 * bytes are already encoded; bad arguments throw `InvalidArgumentError`
 * naming the builder and the argument.
 *
 * @example
 * ```ts
 * const { results } = await client.operate(key, [
 *   hll.add('visitors', ['ada', 'bob'], 12),
 *   hll.getCount('visitors'),
 * ], { respondAllOps: true });
 * ```
 */
export const hll = {
  /**
   * Creates (or resets) the HLL bin with `indexBits` and, optionally,
   * `minhashBits` (default 0: no minhash).
   * @example
   * ```ts
   * hll.init('visitors', 12);
   * hll.init('visitors', 10, 20);
   * ```
   */
  init(bin: string, indexBits: number, minhashBits?: number, options?: HllWriteOptions): Operation {
    const B = 'hll.init';
    const o = optionsOf(B, options);
    const ib = indexBitsOf(B, indexBits);
    const mb = minhashBits === undefined ? UNSET : minhashBitsOf(B, minhashBits, ib);
    return modify(B, bin, HllOp.INIT, [ib, mb, policyFlags(B, o.policy)]);
  },

  /**
   * Adds `values` to the HLL bin. When the bin is missing it is created with
   * `indexBits` (required then) and `minhashBits`. Returns how many values
   * changed the sketch.
   * @example
   * ```ts
   * hll.add('visitors', ['ada', 'bob'], 12);
   * hll.add('visitors', ['cy']);
   * ```
   */
  add(bin: string, values: readonly CdtValue[], indexBits?: number, minhashBits?: number, options?: HllWriteOptions): Operation {
    const B = 'hll.add';
    const o = optionsOf(B, options);
    const v = list(B, 'values', values);
    const ib = indexBits === undefined ? UNSET : indexBitsOf(B, indexBits);
    const mb = minhashBits === undefined ? UNSET : minhashBitsOf(B, minhashBits, ib);
    return modify(B, bin, HllOp.ADD, [v, ib, mb, policyFlags(B, o.policy)]);
  },

  /**
   * Sets the HLL bin to the union of itself and `hlls`.
   * @example
   * ```ts
   * hll.setUnion('all', [monday, tuesday]);
   * ```
   */
  setUnion(bin: string, hlls: readonly (HyperLogLog | Uint8Array)[], options?: HllWriteOptions): Operation {
    const B = 'hll.setUnion';
    const o = optionsOf(B, options);
    return modify(B, bin, HllOp.SET_UNION, [sketches(B, 'hlls', hlls), policyFlags(B, o.policy)]);
  },

  /**
   * Recomputes the cached estimate of the HLL bin and returns it.
   * @example
   * ```ts
   * hll.refreshCount('visitors');
   * ```
   */
  refreshCount(bin: string): Operation {
    const B = 'hll.refreshCount';
    return modify(B, bin, HllOp.REFRESH_COUNT, []);
  },

  /**
   * Lowers the index bits of the HLL bin to `indexBits` (the bin must have no minhash bits).
   * @example
   * ```ts
   * hll.fold('visitors', 8);
   * ```
   */
  fold(bin: string, indexBits: number): Operation {
    const B = 'hll.fold';
    return modify(B, bin, HllOp.FOLD, [indexBitsOf(B, indexBits)]);
  },

  /**
   * Reads the estimated number of distinct values.
   * @example
   * ```ts
   * hll.getCount('visitors');
   * ```
   */
  getCount(bin: string): Operation {
    return read('hll.getCount', bin, HllOp.COUNT, []);
  },

  /**
   * Reads the union of the HLL bin and `hlls`, as a HyperLogLog.
   * @example
   * ```ts
   * hll.getUnion('monday', [tuesday]);
   * ```
   */
  getUnion(bin: string, hlls: readonly (HyperLogLog | Uint8Array)[]): Operation {
    const B = 'hll.getUnion';
    return read(B, bin, HllOp.UNION, [sketches(B, 'hlls', hlls)]);
  },

  /**
   * Reads the estimated number of distinct values in the union of the HLL bin and `hlls`.
   * @example
   * ```ts
   * hll.getUnionCount('monday', [tuesday]);
   * ```
   */
  getUnionCount(bin: string, hlls: readonly (HyperLogLog | Uint8Array)[]): Operation {
    const B = 'hll.getUnionCount';
    return read(B, bin, HllOp.UNION_COUNT, [sketches(B, 'hlls', hlls)]);
  },

  /**
   * Reads the estimated number of values in the intersection of the HLL bin
   * and `hlls` (more than one other sketch needs minhash bits).
   * @example
   * ```ts
   * hll.getIntersectCount('monday', [tuesday]);
   * ```
   */
  getIntersectCount(bin: string, hlls: readonly (HyperLogLog | Uint8Array)[]): Operation {
    const B = 'hll.getIntersectCount';
    return read(B, bin, HllOp.INTERSECT_COUNT, [sketches(B, 'hlls', hlls)]);
  },

  /**
   * Reads the estimated similarity (intersection over union, 0 to 1) of the
   * HLL bin and `hlls`.
   * @example
   * ```ts
   * hll.getSimilarity('monday', [tuesday]);
   * ```
   */
  getSimilarity(bin: string, hlls: readonly (HyperLogLog | Uint8Array)[]): Operation {
    const B = 'hll.getSimilarity';
    return read(B, bin, HllOp.SIMILARITY, [sketches(B, 'hlls', hlls)]);
  },

  /**
   * Reads `[indexBits, minhashBits]` of the HLL bin.
   * @example
   * ```ts
   * hll.describe('visitors');
   * ```
   */
  describe(bin: string): Operation {
    return read('hll.describe', bin, HllOp.DESCRIBE, []);
  },
} as const;
