/**
 * The scalar operations: READ, WRITE, ADD (integer with 64-bit wrap-around,
 * or double), APPEND and PREPEND (string or bytes), TOUCH and DELETE, with
 * the server's result codes.
 */

import type { RequestOp } from '../protocol/request.js';
import type { StoredBin } from '../storage/store.js';
import { OperationType, ParticleType, ResultCode } from '../wire.js';
import type { OperationEvaluator } from './pipeline.js';
import { hllParticleIsValid } from './hll.js';
import { OpFailure } from './types.js';

/** READ of one bin (missing: no result), or of every bin when the operation names none. */
const read: OperationEvaluator = {
  modifies: false,
  evaluate: (op, bins) => (op.name === '' ? { allBins: bins } : { result: bins.get(op.name) }),
};

/** WRITE: sets the bin; a NULL particle deletes it. */
const write: OperationEvaluator = {
  modifies: true,
  evaluate: (op) => {
    if (op.particleType === ParticleType.NULL) return { bin: null };
    // A sketch the HLL operations could not read is refused, as the server refuses it.
    if (op.particleType === ParticleType.HLL && !hllParticleIsValid(op.data)) throw new OpFailure(ResultCode.PARAMETER_ERROR);
    return { bin: { type: op.particleType, data: Buffer.from(op.data) } };
  },
};

/** ADD: an integer or a double added to the bin (a missing bin starts from the value). */
const add: OperationEvaluator = {
  modifies: true,
  evaluate: (op, bins) => ({ bin: addParticle(bins.get(op.name), op.particleType, op.data) }),
};

/** APPEND: a string or bytes added after the bin's value. */
const append: OperationEvaluator = {
  modifies: true,
  evaluate: (op, bins) => ({ bin: concat(bins.get(op.name), op, false) }),
};

/** PREPEND: a string or bytes added before the bin's value. */
const prepend: OperationEvaluator = {
  modifies: true,
  evaluate: (op, bins) => ({ bin: concat(bins.get(op.name), op, true) }),
};

/** TOUCH: changes no bin (the write gives the record a new generation and TTL); KEY_NOT_FOUND on a missing record. */
const touch: OperationEvaluator = {
  modifies: true,
  evaluate: (_op, _bins, ctx) => {
    if (!ctx.recordExists) throw new OpFailure(ResultCode.KEY_NOT_FOUND_ERROR);
    return {};
  },
};

/** DELETE: removes every bin, which deletes the record. */
const deleteAll: OperationEvaluator = {
  modifies: true,
  evaluate: () => ({ clearsRecord: true }),
};

const SCALAR: ReadonlyMap<number, OperationEvaluator> = new Map([
  [OperationType.READ, read],
  [OperationType.WRITE, write],
  [OperationType.ADD, add],
  [OperationType.APPEND, append],
  [OperationType.PREPEND, prepend],
  [OperationType.TOUCH, touch],
  [OperationType.DELETE, deleteAll],
]);

/** The evaluator of a scalar operation type, or undefined when `type` is not one. */
export function scalarOperation(type: number): OperationEvaluator | undefined {
  return SCALAR.get(type);
}

function addParticle(current: StoredBin | undefined, type: number, data: Buffer): StoredBin {
  if (type === ParticleType.INTEGER) {
    if (data.length !== 8) throw new OpFailure(ResultCode.PARAMETER_ERROR);
    if (current === undefined) return { type, data: Buffer.from(data) };
    if (current.type !== ParticleType.INTEGER) throw new OpFailure(ResultCode.BIN_TYPE_ERROR);
    const out = Buffer.allocUnsafe(8);
    // Server integers wrap on overflow.
    out.writeBigInt64BE(BigInt.asIntN(64, current.data.readBigInt64BE(0) + data.readBigInt64BE(0)));
    return { type, data: out };
  }
  if (type === ParticleType.DOUBLE) {
    if (data.length !== 8) throw new OpFailure(ResultCode.PARAMETER_ERROR);
    if (current === undefined) return { type, data: Buffer.from(data) };
    if (current.type !== ParticleType.DOUBLE) throw new OpFailure(ResultCode.BIN_TYPE_ERROR);
    const out = Buffer.allocUnsafe(8);
    out.writeDoubleBE(current.data.readDoubleBE(0) + data.readDoubleBE(0));
    return { type, data: out };
  }
  throw new OpFailure(ResultCode.PARAMETER_ERROR);
}

function concat(current: StoredBin | undefined, op: RequestOp, prepend: boolean): StoredBin {
  const { particleType: type, data } = op;
  if (type !== ParticleType.STRING && type !== ParticleType.BLOB) throw new OpFailure(ResultCode.PARAMETER_ERROR);
  if (current === undefined) return { type, data: Buffer.from(data) };
  if (current.type !== type) throw new OpFailure(ResultCode.BIN_TYPE_ERROR);
  return { type, data: prepend ? Buffer.concat([data, current.data]) : Buffer.concat([current.data, data]) };
}
