/**
 * Map operation codes, order, write modes and flags, as the server's
 * `proto.h` numbers them. Return types are the list ones ({@link CdtReturnType}).
 */

/** Map operation codes. */
export const MapOp = {
  SET_TYPE: 64,
  ADD: 65,
  ADD_ITEMS: 66,
  PUT: 67,
  PUT_ITEMS: 68,
  REPLACE: 69,
  REPLACE_ITEMS: 70,
  INCREMENT: 73,
  DECREMENT: 74,
  CLEAR: 75,
  REMOVE_BY_KEY: 76,
  REMOVE_BY_INDEX: 77,
  REMOVE_BY_VALUE: 78,
  REMOVE_BY_RANK: 79,
  REMOVE_BY_KEY_LIST: 81,
  REMOVE_ALL_BY_VALUE: 82,
  REMOVE_BY_VALUE_LIST: 83,
  REMOVE_BY_KEY_INTERVAL: 84,
  REMOVE_BY_INDEX_RANGE: 85,
  REMOVE_BY_VALUE_INTERVAL: 86,
  REMOVE_BY_RANK_RANGE: 87,
  REMOVE_BY_KEY_REL_INDEX_RANGE: 88,
  REMOVE_BY_VALUE_REL_RANK_RANGE: 89,
  SIZE: 96,
  GET_BY_KEY: 97,
  GET_BY_INDEX: 98,
  GET_BY_VALUE: 99,
  GET_BY_RANK: 100,
  GET_ALL_BY_VALUE: 102,
  GET_BY_KEY_INTERVAL: 103,
  GET_BY_INDEX_RANGE: 104,
  GET_BY_VALUE_INTERVAL: 105,
  GET_BY_RANK_RANGE: 106,
  GET_BY_KEY_LIST: 107,
  GET_BY_VALUE_LIST: 108,
  GET_BY_KEY_REL_INDEX_RANGE: 109,
  GET_BY_VALUE_REL_RANK_RANGE: 110,
} as const;
export type MapOp = (typeof MapOp)[keyof typeof MapOp];

/** True for map operation codes that only read. */
export function isMapReadOp(code: number): boolean {
  return code >= MapOp.SIZE && code <= MapOp.GET_BY_VALUE_REL_RANK_RANGE;
}

/** Map order; the value is the order byte the server stores. */
export const MapOrder = {
  UNORDERED: 0,
  KEY_ORDERED: 1,
  KEY_VALUE_ORDERED: 3,
} as const;
export type MapOrder = (typeof MapOrder)[keyof typeof MapOrder];

/** The map-create flag of a context (`mapKeyCreate`) for `order`. */
export function mapOrderCreateFlag(order: MapOrder): number {
  if (order === MapOrder.KEY_ORDERED) return 0x80;
  if (order === MapOrder.KEY_VALUE_ORDERED) return 0xc0;
  return 0x40;
}

/** Map write flags (server 4.3 and later). */
export const MapWriteFlags = {
  DEFAULT: 0,
  /** Only add keys that are not there. */
  CREATE_ONLY: 0x01,
  /** Only change keys that are there. */
  UPDATE_ONLY: 0x02,
  /** A refused item is not an error. */
  NO_FAIL: 0x04,
  /** With NO_FAIL, apply the allowed items and skip the others. */
  PARTIAL: 0x08,
} as const;
export type MapWriteFlags = number;

/** The older way to say how a map put behaves; it picks the operation code. */
export const MapWriteMode = {
  UPDATE: 0,
  UPDATE_ONLY: 1,
  CREATE_ONLY: 2,
} as const;
export type MapWriteMode = (typeof MapWriteMode)[keyof typeof MapWriteMode];
