/**
 * The wire shape of one operation inside an AS_MSG. Scalar operations carry a
 * bin value that is encoded as a particle; CDT, bit, HLL and expression
 * operations carry bytes their own encoders already produced.
 */

import type { BinValue } from '../values.js';

/** One operation of an operate command, as it goes on the wire. */
export interface Operation {
  /** Operation type ({@link OperationType}). */
  readonly op: number;
  /** Bin name; empty for record-level operations (touch, delete). */
  readonly bin: string;
  /** Value of a scalar operation; `undefined` for reads and record-level operations. */
  readonly value?: BinValue | undefined;
  /** Pre-encoded particle of a CDT, bit, HLL or expression operation. */
  readonly encoded?: EncodedOperand | undefined;
  /**
   * True for operations whose results are matched to them by position (map,
   * bit, HLL and expression operations): a command carrying one asks the
   * server for a result per operation, as the official clients do.
   */
  readonly respondAll?: boolean | undefined;
}

/** A particle some other encoder has already produced. */
export interface EncodedOperand {
  readonly particleType: number;
  readonly bytes: Buffer;
}
