/**
 * The operation pipeline: the one way an operation of a command runs, on
 * the read path and the write path alike. It finds the operation's
 * evaluator by operation type, refuses what the memory cluster does not
 * serve (UNSUPPORTED_FEATURE) and what the path does not allow (an
 * operation that modifies, on the read path), and evaluates it.
 */

import type { RequestOp } from '../protocol/request.js';
import type { StoredBin } from '../storage/store.js';
import { ResultCode } from '../wire.js';
import { scalarOperation } from './scalar.js';
import { OpFailure, type OpResult } from './types.js';

/** What an operation may know of the command it is part of. */
export interface OpContext {
  /** True on the write path (the command has the WRITE flag); the read path refuses operations that modify. */
  readonly write: boolean;
  /** Whether the record existed before the command. */
  readonly recordExists: boolean;
}

/**
 * What an operation did: an {@link OpResult} for its bin, or, for an
 * operation without a bin name, what it did to the whole record.
 */
export interface OperationOutcome extends OpResult {
  /** Every bin of the record, returned by an operation that reads the whole record (READ without a bin name). */
  allBins?: ReadonlyMap<string, StoredBin>;
  /** True when the operation removes every bin of the record (DELETE). */
  clearsRecord?: boolean;
}

/** How one operation type evaluates. */
export interface OperationEvaluator {
  /** True when it changes the record: the read path refuses it. */
  readonly modifies: boolean;
  /**
   * Evaluates `op` against the record's bins as they are at this point of
   * the command; returns what it did, or throws {@link OpFailure}.
   */
  evaluate(op: RequestOp, bins: ReadonlyMap<string, StoredBin>, ctx: OpContext): OperationOutcome;
}

/**
 * Runs one operation on `bins` (read, never changed: the caller applies
 * the outcome). Throws {@link OpFailure} when the command must fail, with
 * UNSUPPORTED_FEATURE for an operation type the memory cluster does not
 * serve or a modifying operation on the read path.
 */
export function applyOperation(op: RequestOp, bins: ReadonlyMap<string, StoredBin>, ctx: OpContext): OperationOutcome {
  const evaluator = scalarOperation(op.op);
  if (evaluator === undefined || (evaluator.modifies && !ctx.write)) throw new OpFailure(ResultCode.UNSUPPORTED_FEATURE);
  return evaluator.evaluate(op, bins, ctx);
}
