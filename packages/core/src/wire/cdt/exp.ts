/**
 * Filter-expression operation codes, value types and flags, as the
 * server's `exp.c` numbers them.
 */

export const ExpOp = {
  UNKNOWN: 0,
  EQ: 1,
  NE: 2,
  GT: 3,
  GE: 4,
  LT: 5,
  LE: 6,
  REGEX: 7,
  GEO: 8,
  IN_LIST: 9,
  AND: 16,
  OR: 17,
  NOT: 18,
  EXCLUSIVE: 19,
  ADD: 20,
  SUB: 21,
  MUL: 22,
  DIV: 23,
  POW: 24,
  LOG: 25,
  MOD: 26,
  ABS: 27,
  FLOOR: 28,
  CEIL: 29,
  TO_INT: 30,
  TO_FLOAT: 31,
  INT_AND: 32,
  INT_OR: 33,
  INT_XOR: 34,
  INT_NOT: 35,
  INT_LSHIFT: 36,
  INT_RSHIFT: 37,
  INT_ARSHIFT: 38,
  INT_COUNT: 39,
  INT_LSCAN: 40,
  INT_RSCAN: 41,
  MIN: 50,
  MAX: 51,
  DIGEST_MODULO: 64,
  DEVICE_SIZE: 65,
  LAST_UPDATE: 66,
  SINCE_UPDATE: 67,
  VOID_TIME: 68,
  TTL: 69,
  SET_NAME: 70,
  KEY_EXISTS: 71,
  IS_TOMBSTONE: 72,
  MEMORY_SIZE: 73,
  RECORD_SIZE: 74,
  KEY: 80,
  BIN: 81,
  BIN_TYPE: 82,
  REMOVE_RESULT: 100,
  MAP_KEYS: 101,
  MAP_VALUES: 102,
  LOOP_VAR: 122,
  COND: 123,
  VAR: 124,
  LET: 125,
  QUOTED: 126,
  CALL: 127,
} as const;
export type ExpOp = (typeof ExpOp)[keyof typeof ExpOp];

/** Value types of expressions (what a bin, key or call is read as). */
export const ExpType = {
  NIL: 0,
  BOOL: 1,
  INT: 2,
  STRING: 3,
  LIST: 4,
  MAP: 5,
  BLOB: 6,
  FLOAT: 7,
  GEO: 8,
  HLL: 9,
} as const;
export type ExpType = (typeof ExpType)[keyof typeof ExpType];

/** System modules of a CALL; OR {@link CALL_MODIFY} in for calls that change the value. */
export const CallModule = { CDT: 0, BIT: 1, HLL: 2 } as const;
export const CALL_MODIFY = 0x40;

/** Flags of an expression read operation. */
export const ExpReadFlags = {
  DEFAULT: 0,
  /** An expression that cannot be evaluated reads as nothing instead of failing. */
  EVAL_NO_FAIL: 1 << 4,
} as const;
export type ExpReadFlags = number;

/** Flags of an expression write operation. */
export const ExpWriteFlags = {
  DEFAULT: 0,
  CREATE_ONLY: 1 << 0,
  UPDATE_ONLY: 1 << 1,
  ALLOW_DELETE: 1 << 2,
  POLICY_NO_FAIL: 1 << 3,
  EVAL_NO_FAIL: 1 << 4,
} as const;
export type ExpWriteFlags = number;

/** Regex flags of `cmpRegex` (POSIX `regcomp` flags). */
export const RegexFlags = {
  NONE: 0,
  EXTENDED: 1,
  ICASE: 2,
  /** glibc's `REG_NEWLINE`, the server's regex library: `.` and bracket lists do not match a newline, `^`/`$` match at lines. */
  NEWLINE: 4,
  NOSUB: 8,
} as const;
export type RegexFlags = number;

/** CDT operation code of a path selection (`selectByPath`/`modifyByPath`), server 8.1. */
export const CDT_SELECT_OP = 0xfe;
/** CDT operation code that wraps an operation with its context. */
export const CDT_CONTEXT_EVAL_OP = 0xff;

/** What a path selection returns or does (server 8.1). */
export const PathSelectFlags = {
  /** The tree down to the selected elements. */
  MATCHING_TREE: 0,
  /** The selected values, as a list. */
  VALUES: 1,
  /** The selected map keys, as a list. */
  MAP_KEYS: 2,
  /** The selected map keys and values. */
  MAP_KEY_VALUES: 3,
  /** Apply the modifying expression to each selected element. */
  APPLY: 4,
  /** An element the filter cannot evaluate counts as not selected. */
  NO_FAIL: 0x10,
} as const;
export type PathSelectFlags = number;

/** Which part of the current element a loop variable reads (server 8.1). */
export const LoopVarPart = {
  MAP_KEY: 0,
  VALUE: 1,
  LIST_INDEX: 2,
} as const;
export type LoopVarPart = (typeof LoopVarPart)[keyof typeof LoopVarPart];
