/**
 * List operation codes, return types, order and flags, as the server's
 * `proto.h` numbers them. Shared by the client's builders and the memory
 * cluster's evaluator.
 */

/** List operation codes (the first element of a list operation's msgpack array). */
export const ListOp = {
  SET_TYPE: 0,
  APPEND: 1,
  APPEND_ITEMS: 2,
  INSERT: 3,
  INSERT_ITEMS: 4,
  POP: 5,
  POP_RANGE: 6,
  REMOVE: 7,
  REMOVE_RANGE: 8,
  SET: 9,
  TRIM: 10,
  CLEAR: 11,
  INCREMENT: 12,
  SORT: 13,
  SIZE: 16,
  GET: 17,
  GET_RANGE: 18,
  GET_BY_INDEX: 19,
  GET_BY_VALUE: 20,
  GET_BY_RANK: 21,
  GET_ALL_BY_VALUE: 22,
  GET_ALL_BY_VALUE_LIST: 23,
  GET_BY_INDEX_RANGE: 24,
  GET_BY_VALUE_INTERVAL: 25,
  GET_BY_RANK_RANGE: 26,
  GET_BY_VALUE_REL_RANK_RANGE: 27,
  REMOVE_BY_INDEX: 32,
  REMOVE_BY_VALUE: 33,
  REMOVE_BY_RANK: 34,
  REMOVE_ALL_BY_VALUE: 35,
  REMOVE_ALL_BY_VALUE_LIST: 36,
  REMOVE_BY_INDEX_RANGE: 37,
  REMOVE_BY_VALUE_INTERVAL: 38,
  REMOVE_BY_RANK_RANGE: 39,
  REMOVE_BY_VALUE_REL_RANK_RANGE: 40,
} as const;
export type ListOp = (typeof ListOp)[keyof typeof ListOp];

/** True for list operation codes that only read. */
export function isListReadOp(code: number): boolean {
  return code >= ListOp.SIZE && code <= ListOp.GET_BY_VALUE_REL_RANK_RANGE;
}

/**
 * What a list or map selection returns. `INVERTED` may be OR-ed into any of
 * them to select everything the arguments do not.
 */
export const CdtReturnType = {
  NONE: 0,
  INDEX: 1,
  REVERSE_INDEX: 2,
  RANK: 3,
  REVERSE_RANK: 4,
  COUNT: 5,
  /** Maps only. */
  KEY: 6,
  VALUE: 7,
  /** Maps only: the selected entries as a map. */
  KEY_VALUE: 8,
  EXISTS: 13,
  /** Maps only: the selected entries as an unordered map. */
  UNORDERED_MAP: 16,
  /** Maps only: the selected entries as a key-ordered map. */
  ORDERED_MAP: 17,
  /** OR-ed into a return type: select what the arguments do not. */
  INVERTED: 0x10000,
} as const;
export type CdtReturnType = (typeof CdtReturnType)[keyof typeof CdtReturnType];

/** Mask of the return-type part of a return-type argument. */
export const RETURN_TYPE_MASK = 0xffff;

/** List order. */
export const ListOrder = {
  UNORDERED: 0,
  ORDERED: 1,
} as const;
export type ListOrder = (typeof ListOrder)[keyof typeof ListOrder];

/** List write flags. */
export const ListWriteFlags = {
  DEFAULT: 0,
  /** Do not add a value that is already in the list. */
  ADD_UNIQUE: 0x01,
  /** Refuse an insert or set beyond the end of the list. */
  INSERT_BOUNDED: 0x02,
  /** A refused item is not an error: the operation does nothing for it. */
  NO_FAIL: 0x04,
  /** With NO_FAIL, apply the items that are allowed and skip the others. */
  PARTIAL: 0x08,
} as const;
export type ListWriteFlags = number;

/** List sort flags. */
export const ListSortFlags = {
  DEFAULT: 0,
  DESCENDING: 1,
  DROP_DUPLICATES: 2,
} as const;
export type ListSortFlags = number;

/** The order byte of a list with `order` (and, for unordered lists, whether padding is allowed). */
export function listOrderFlag(order: ListOrder, pad: boolean): number {
  if (order === ListOrder.ORDERED) return 0xc0;
  return pad ? 0x80 : 0x40;
}
