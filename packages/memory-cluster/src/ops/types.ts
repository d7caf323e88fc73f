/**
 * What every operation evaluator of the memory cluster (scalar, list, map,
 * bit, HLL, expression) takes and gives, so that one pipeline runs them all
 * for the read and write paths alike.
 */

import type { StoredBin } from '../store.js';

/** The outcome of one operation on one bin. */
export interface OpResult {
  /**
   * The bin after the operation: `undefined` leaves it as it was, `null`
   * deletes it. Only modify operations set it.
   */
  bin?: StoredBin | null;
  /**
   * What the operation returns to the client, as a particle (type and bytes,
   * e.g. an INTEGER of 8 bytes or a LIST of msgpack); `undefined` when the
   * operation returns nothing.
   */
  result?: StoredBin;
}

/**
 * An operation the server would refuse: the whole command fails with
 * `resultCode` (PARAMETER_ERROR, BIN_TYPE_ERROR, OP_NOT_APPLICABLE,
 * ELEMENT_NOT_FOUND, ELEMENT_EXISTS…) and the record is left untouched.
 */
export class OpFailure extends Error {
  constructor(
    readonly resultCode: number,
    message = `result code ${resultCode}`,
  ) {
    super(message);
    this.name = 'OpFailure';
  }
}
