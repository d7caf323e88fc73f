/**
 * HyperLogLog expressions (`exp.hll`): read and modify an HLL bin or value
 * inside an expression. Modifications return the modified HLL; the bin is
 * only written by an `expOps.write` of the result.
 *
 * @packageDocumentation
 */

import { invalidArgument } from '../errors.js';
import { CallModule, ExpType } from '../wire/cdt/exp.js';
import type { HllPolicy } from '../ops/hll.js';
import { HLL_MAX_INDEX_BITS, HLL_MAX_MINHASH_BITS, HLL_MIN_INDEX_BITS, HllOp } from '../wire/cdt/hll.js';
import { call, checkPolicy } from './cdt.js';
import {
  type ExpNode,
  type FloatExp,
  type HllExp,
  IntNode,
  type IntExp,
  type ListExp,
  type ListNode,
  T_PART,
  checkFlags,
  describe,
  part,
  typed,
} from './exp.js';

const PREFIX = 'exp.hll.';
const WRITE_FLAGS_MASK = 0x0f;
/** "Not given": the server keeps or derives the value. */
const UNSET = -1;

function flagsPart(fn: string, policy: HllPolicy | null | undefined): ExpNode {
  if (policy === undefined || policy === null) return part(0);
  checkPolicy(fn, policy);
  return part(checkFlags(fn, 'policy.writeFlags', policy.writeFlags ?? 0, WRITE_FLAGS_MASK));
}

function indexBits(fn: string, value: unknown): ExpNode {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < HLL_MIN_INDEX_BITS || value > HLL_MAX_INDEX_BITS) {
      throw invalidArgument(fn, `indexBitCount must be an integer in [${HLL_MIN_INDEX_BITS}, ${HLL_MAX_INDEX_BITS}], got ${describe(value)}`);
    }
    return part(value);
  }
  return typed(fn, 'indexBitCount', value, ExpType.INT);
}

function minHashBits(fn: string, value: unknown): ExpNode {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0 || value > HLL_MAX_MINHASH_BITS || (value > 0 && value < 4)) {
      throw invalidArgument(fn, `minHashBitCount must be 0 or an integer in [4, ${HLL_MAX_MINHASH_BITS}], got ${describe(value)}`);
    }
    return part(value);
  }
  return typed(fn, 'minHashBitCount', value, ExpType.INT);
}

const unset = (): ExpNode => new IntNode(T_PART, UNSET);

function hllBin(fn: string, bin: unknown): ExpNode {
  return typed(fn, 'bin', bin, ExpType.HLL, ExpType.NIL);
}

function modify(name: string, opcode: number, bin: unknown, params: (fn: string) => ExpNode[]): ListNode {
  const fn = PREFIX + name;
  const b = hllBin(fn, bin);
  return call(ExpType.HLL, CallModule.HLL, true, opcode, params(fn), b);
}

function read(name: string, type: number, opcode: number, bin: unknown, params: (fn: string) => ExpNode[]): ListNode {
  const fn = PREFIX + name;
  const b = hllBin(fn, bin);
  return call(type, CallModule.HLL, false, opcode, params(fn), b);
}

/**
 * HyperLogLog expressions, in the names of the official Node.js client.
 * An index bit count may be a number (checked to be in [4, 16]) or an
 * integer expression.
 * @example `exp.gt(exp.hll.getCount(exp.binHll('visitors')), exp.int(1000))`
 */
export const hll = {
  /**
   * A new, empty HLL with `indexBitCount` index bits (replacing the bin's).
   * @example `exp.hll.init(exp.binHll('h'), 12)`
   */
  init(bin: HllExp, indexBitCount: number | IntExp, policy?: HllPolicy | null): HllExp {
    return modify('init', HllOp.INIT, bin, (fn) => [indexBits(fn, indexBitCount), unset(), flagsPart(fn, policy)]);
  },

  /**
   * A new, empty HLL with index and minhash bits.
   * @example `exp.hll.initMH(exp.binHll('h'), 12, 20)`
   */
  initMH(bin: HllExp, indexBitCount: number | IntExp, minHashBitCount: number | IntExp, policy?: HllPolicy | null): HllExp {
    return modify('initMH', HllOp.INIT, bin, (fn) => [indexBits(fn, indexBitCount), minHashBits(fn, minHashBitCount), flagsPart(fn, policy)]);
  },

  /**
   * Adds the values of `list`, creating the HLL with `indexBitCount` index
   * bits when the bin has none.
   * @example `exp.hll.add(exp.binHll('h'), exp.list(['alice', 'bob']), 12)`
   */
  add(bin: HllExp, list: ListExp, indexBitCount: number | IntExp, policy?: HllPolicy | null): HllExp {
    return modify('add', HllOp.ADD, bin, (fn) => [typed(fn, 'list', list, ExpType.LIST), indexBits(fn, indexBitCount), unset(), flagsPart(fn, policy)]);
  },

  /**
   * Adds the values of `list`, creating the HLL with index and minhash bits
   * when the bin has none.
   * @example `exp.hll.addMH(exp.binHll('h'), exp.list(['alice']), 12, 20)`
   */
  addMH(bin: HllExp, list: ListExp, indexBitCount: number | IntExp, minHashBitCount: number | IntExp, policy?: HllPolicy | null): HllExp {
    return modify('addMH', HllOp.ADD, bin, (fn) => [
      typed(fn, 'list', list, ExpType.LIST),
      indexBits(fn, indexBitCount),
      minHashBits(fn, minHashBitCount),
      flagsPart(fn, policy),
    ]);
  },

  /**
   * Adds the values of `list` to an existing HLL.
   * @example `exp.hll.update(exp.binHll('h'), exp.list(['carol']))`
   */
  update(bin: HllExp, list: ListExp, policy?: HllPolicy | null): HllExp {
    return modify('update', HllOp.ADD, bin, (fn) => [typed(fn, 'list', list, ExpType.LIST), unset(), unset(), flagsPart(fn, policy)]);
  },

  /**
   * The estimated number of distinct values.
   * @example `exp.gt(exp.hll.getCount(exp.binHll('h')), exp.int(1000))`
   */
  getCount(bin: HllExp): IntExp {
    return read('getCount', ExpType.INT, HllOp.COUNT, bin, () => []);
  },

  /**
   * The union of the HLL with the HLLs of `list`.
   * @example `exp.hll.getUnion(exp.binHll('h'), exp.binList('others'))`
   */
  getUnion(bin: HllExp, list: ListExp): HllExp {
    return read('getUnion', ExpType.HLL, HllOp.UNION, bin, (fn) => [typed(fn, 'list', list, ExpType.LIST)]);
  },

  /**
   * The estimated count of the union with the HLLs of `list`.
   * @example `exp.hll.getUnionCount(exp.binHll('h'), exp.binList('others'))`
   */
  getUnionCount(bin: HllExp, list: ListExp): IntExp {
    return read('getUnionCount', ExpType.INT, HllOp.UNION_COUNT, bin, (fn) => [typed(fn, 'list', list, ExpType.LIST)]);
  },

  /**
   * The estimated count of the intersection with the HLLs of `list`.
   * @example `exp.hll.getIntersectCount(exp.binHll('h'), exp.binList('others'))`
   */
  getIntersectCount(bin: HllExp, list: ListExp): IntExp {
    return read('getIntersectCount', ExpType.INT, HllOp.INTERSECT_COUNT, bin, (fn) => [typed(fn, 'list', list, ExpType.LIST)]);
  },

  /**
   * The estimated similarity (Jaccard index) with the HLLs of `list`.
   * @example `exp.gt(exp.hll.getSimilarity(exp.binHll('h'), exp.binList('others')), exp.float(0.5))`
   */
  getSimilarity(bin: HllExp, list: ListExp): FloatExp {
    return read('getSimilarity', ExpType.FLOAT, HllOp.SIMILARITY, bin, (fn) => [typed(fn, 'list', list, ExpType.LIST)]);
  },

  /**
   * `[indexBitCount, minHashBitCount]` of the HLL.
   * @example `exp.hll.describe(exp.binHll('h'))`
   */
  describe(bin: HllExp): ListExp {
    return read('describe', ExpType.LIST, HllOp.DESCRIBE, bin, () => []);
  },

  /**
   * 1 when every value of `list` may be in the HLL, else 0.
   * @example `exp.eq(exp.hll.mayContain(exp.binHll('h'), exp.list(['alice'])), exp.int(1))`
   */
  mayContain(bin: HllExp, list: ListExp): IntExp {
    return read('mayContain', ExpType.INT, HllOp.MAY_CONTAIN, bin, (fn) => [typed(fn, 'list', list, ExpType.LIST)]);
  },
} as const;
