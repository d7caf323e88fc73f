/** Bit (blob) operation codes and flags, as the server's `proto.h` numbers them. */

export const BitOp = {
  RESIZE: 0,
  INSERT: 1,
  REMOVE: 2,
  SET: 3,
  OR: 4,
  XOR: 5,
  AND: 6,
  NOT: 7,
  LSHIFT: 8,
  RSHIFT: 9,
  ADD: 10,
  SUBTRACT: 11,
  SET_INT: 12,
  GET: 50,
  COUNT: 51,
  LSCAN: 52,
  RSCAN: 53,
  GET_INT: 54,
} as const;
export type BitOp = (typeof BitOp)[keyof typeof BitOp];

/** True for bit operation codes that only read. */
export function isBitReadOp(code: number): boolean {
  return code >= BitOp.GET;
}

/** Bit write flags. */
export const BitWriteFlags = {
  DEFAULT: 0,
  CREATE_ONLY: 1,
  UPDATE_ONLY: 2,
  NO_FAIL: 4,
  PARTIAL: 8,
} as const;
export type BitWriteFlags = number;

/** How `resize` grows or shrinks a blob. */
export const BitResizeFlags = {
  DEFAULT: 0,
  FROM_FRONT: 1,
  GROW_ONLY: 2,
  SHRINK_ONLY: 4,
} as const;
export type BitResizeFlags = number;

/** What `add`/`subtract` do on overflow or underflow. */
export const BitOverflowAction = {
  FAIL: 0,
  SATURATE: 2,
  WRAP: 4,
} as const;
export type BitOverflowAction = (typeof BitOverflowAction)[keyof typeof BitOverflowAction];

/** Integer sub-flag: the integer is signed. */
export const BIT_INT_SIGNED = 1;
