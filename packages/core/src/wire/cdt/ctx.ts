/**
 * CDT context ids: how a context step finds the nested list or map an
 * operation works on. The id is the container type (list 0x10, map 0x20)
 * OR-ed with how the element is chosen, plus, for the create forms, the
 * order of the container to create when the step finds nothing.
 */

export const CtxType = {
  LIST_INDEX: 0x10,
  LIST_RANK: 0x11,
  LIST_VALUE: 0x13,
  MAP_INDEX: 0x20,
  MAP_RANK: 0x21,
  MAP_KEY: 0x22,
  MAP_VALUE: 0x23,
  /** Server 8.1: every map entry whose key is in the given list. */
  MAP_KEYS_IN: 0x2a,
  /** Server 8.1: every child (of a list or map) for which the expression is true. */
  EXP: 0x04,
  /** Server 8.1: OR-ed into an EXP step to AND it with the step before. */
  AND: 0x200,
} as const;

/** Mask of the selector part of a context id (index, rank, key, value, exp, key list). */
export const CTX_BASE_MASK = 0x0f;
/** Mask of the container part (list 0x10, map 0x20). */
export const CTX_CONTAINER_MASK = 0x30;
/** Mask of the create part. */
export const CTX_CREATE_MASK = 0x1c0;
/** Selector values under {@link CTX_BASE_MASK}. */
export const CtxSelector = { INDEX: 0, RANK: 1, KEY: 2, VALUE: 3, EXP: 4, KEY_LIST: 10 } as const;
