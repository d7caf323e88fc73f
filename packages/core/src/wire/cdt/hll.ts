/** HyperLogLog operation codes and flags, as the server's `proto.h` numbers them. */

export const HllOp = {
  INIT: 0,
  ADD: 1,
  SET_UNION: 2,
  REFRESH_COUNT: 3,
  FOLD: 4,
  COUNT: 50,
  UNION: 51,
  UNION_COUNT: 52,
  INTERSECT_COUNT: 53,
  SIMILARITY: 54,
  DESCRIBE: 55,
  MAY_CONTAIN: 56,
} as const;
export type HllOp = (typeof HllOp)[keyof typeof HllOp];

/** True for HLL operation codes that only read. */
export function isHllReadOp(code: number): boolean {
  return code >= HllOp.COUNT;
}

/** HLL write flags. */
export const HllWriteFlags = {
  DEFAULT: 0,
  CREATE_ONLY: 1,
  UPDATE_ONLY: 2,
  NO_FAIL: 4,
  /** Let `setUnion` fold the bin down to the smallest index bits of the sketches. */
  ALLOW_FOLD: 8,
} as const;
export type HllWriteFlags = number;

/** Index bits an HLL may have, and minhash bits. */
export const HLL_MIN_INDEX_BITS = 4;
export const HLL_MAX_INDEX_BITS = 16;
export const HLL_MAX_MINHASH_BITS = 51;
