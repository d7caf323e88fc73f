/**
 * What a single-record command does to the store, with the server's result
 * codes: generations, TTLs, exists actions, generation checks, bin and
 * record limits, and scalar operations.
 */

import { Info1, Info2, Info3, OperationType, ParticleType, ResultCode } from './wire.js';
import { type ParsedRequest, type ReplyOp, encodeError, encodeReply } from './messages.js';
import { type Clock, type NamespaceStore, type StoredBin, type StoredRecord, citrusleafNow } from './store.js';

const MAX_BIN_NAME = 15;
/** Generations wrap like the server's 16-bit counter, skipping 0. */
const MAX_GENERATION = 0xffff;
const TTL_NEVER = 0xffffffff;
const TTL_DONT_UPDATE = 0xfffffffe;

class CommandFailure extends Error {
  constructor(
    readonly resultCode: number,
    readonly generation = 0,
  ) {
    super(`result ${resultCode}`);
  }
}

/** Looks up namespaces by name. */
export type StoreLookup = (namespace: string) => NamespaceStore | undefined;

/** Executes a parsed single-record request; returns the whole reply frame. */
export function executeRecordCommand(req: ParsedRequest, stores: StoreLookup, clock: Clock): Buffer {
  if (req.namespace === undefined) return encodeError(ResultCode.PARAMETER_ERROR);
  const store = stores(req.namespace);
  if (store === undefined) return encodeError(ResultCode.INVALID_NAMESPACE);
  if (req.digest === undefined || req.digest.length !== 20) return encodeError(ResultCode.PARAMETER_ERROR);
  for (const op of req.ops) {
    if (Buffer.byteLength(op.name, 'utf8') > MAX_BIN_NAME) return encodeError(ResultCode.BIN_NAME_TOO_LONG);
  }
  const digestKey = req.digest.toString('latin1');
  try {
    if ((req.header.info2 & Info2.WRITE) !== 0) return write(req, store, digestKey, clock);
    return read(req, store, digestKey);
  } catch (err) {
    if (err instanceof CommandFailure) return encodeError(err.resultCode, err.generation);
    throw err;
  }
}

function binOp(name: string, bin: StoredBin | undefined): ReplyOp {
  return bin === undefined ? { name, type: ParticleType.NULL, data: undefined } : { name, type: bin.type, data: bin.data };
}

function allBins(record: StoredRecord, out: ReplyOp[]): void {
  for (const [name, bin] of record.bins) out.push({ name, type: bin.type, data: bin.data });
}

function read(req: ParsedRequest, store: NamespaceStore, digestKey: string): Buffer {
  return readRecord(req, store.get(digestKey));
}

/** Answers a read request from `record` (undefined: the record does not exist). */
export function readRecord(req: ParsedRequest, record: StoredRecord | undefined): Buffer {
  if (record === undefined) return encodeError(ResultCode.KEY_NOT_FOUND_ERROR);
  const info1 = req.header.info1;
  const ops: ReplyOp[] = [];
  if ((info1 & Info1.NOBINDATA) === 0) {
    if ((info1 & Info1.GET_ALL) !== 0 || req.ops.length === 0) allBins(record, ops);
    else {
      for (const op of req.ops) {
        if (op.op !== OperationType.READ) return encodeError(ResultCode.UNSUPPORTED_FEATURE);
        if (op.name === '') {
          allBins(record, ops);
          continue;
        }
        const bin = record.bins.get(op.name);
        // Missing bins are simply absent from the reply.
        if (bin !== undefined) ops.push(binOp(op.name, bin));
      }
    }
  }
  return encodeReply({ resultCode: 0, generation: record.generation, voidTime: record.voidTime }, ops);
}

function voidTimeFor(slot: number, store: NamespaceStore, existing: StoredRecord | undefined, clock: Clock): number {
  const now = citrusleafNow(clock);
  if (slot === TTL_NEVER) return 0;
  if (slot === TTL_DONT_UPDATE) {
    if (existing !== undefined) return existing.voidTime;
    return store.defaultTtl === 0 ? 0 : now + store.defaultTtl;
  }
  if (slot === 0) return store.defaultTtl === 0 ? 0 : now + store.defaultTtl;
  return now + slot;
}

function checkPreconditions(req: ParsedRequest, existing: StoredRecord | undefined): void {
  const { info2, info3, generation } = req.header;
  const current = existing?.generation ?? 0;
  if ((info2 & Info2.CREATE_ONLY) !== 0 && existing !== undefined) throw new CommandFailure(ResultCode.KEY_EXISTS_ERROR, current);
  if ((info3 & (Info3.UPDATE_ONLY | Info3.REPLACE_ONLY)) !== 0 && existing === undefined) {
    throw new CommandFailure(ResultCode.KEY_NOT_FOUND_ERROR);
  }
  if ((info2 & Info2.GENERATION) !== 0 && generation !== current) throw new CommandFailure(ResultCode.GENERATION_ERROR, current);
  if ((info2 & Info2.GENERATION_GT) !== 0 && generation <= current) throw new CommandFailure(ResultCode.GENERATION_ERROR, current);
}

function write(req: ParsedRequest, store: NamespaceStore, digestKey: string, clock: Clock): Buffer {
  const existing = store.get(digestKey);
  checkPreconditions(req, existing);
  const { info2, info3 } = req.header;

  if ((info2 & Info2.DELETE) !== 0) {
    if (existing === undefined) return encodeError(ResultCode.KEY_NOT_FOUND_ERROR);
    store.delete(digestKey);
    return encodeReply({ resultCode: 0, generation: 0, voidTime: 0 }, []);
  }

  const replace = (info3 & (Info3.CREATE_OR_REPLACE | Info3.REPLACE_ONLY)) !== 0;
  // Work on a copy so that a failing operation leaves the record untouched.
  const bins = new Map<string, StoredBin>(replace || existing === undefined ? [] : existing.bins);
  const respondAll = (info2 & Info2.RESPOND_ALL_OPS) !== 0;
  const results: ReplyOp[] = [];

  for (const op of req.ops) {
    switch (op.op) {
      case OperationType.READ:
        if (op.name === '') for (const [name, bin] of bins) results.push(binOp(name, bin));
        else {
          const bin = bins.get(op.name);
          if (bin !== undefined || respondAll) results.push(binOp(op.name, bin));
        }
        continue;
      case OperationType.WRITE:
        if (op.particleType === ParticleType.NULL) bins.delete(op.name);
        else bins.set(op.name, { type: op.particleType, data: Buffer.from(op.data) });
        break;
      case OperationType.ADD:
        bins.set(op.name, add(bins.get(op.name), op.particleType, op.data));
        break;
      case OperationType.APPEND:
      case OperationType.PREPEND:
        bins.set(op.name, concat(bins.get(op.name), op.particleType, op.data, op.op === OperationType.PREPEND));
        break;
      case OperationType.TOUCH:
        if (existing === undefined) throw new CommandFailure(ResultCode.KEY_NOT_FOUND_ERROR);
        break;
      case OperationType.DELETE:
        bins.clear();
        break;
      default:
        return encodeError(ResultCode.UNSUPPORTED_FEATURE);
    }
    if (respondAll) results.push({ name: op.name, type: ParticleType.NULL, data: undefined });
  }

  if (bins.size === 0) {
    // A record left without bins no longer exists.
    // On a missing record there is nothing to delete: the server answers KEY_NOT_FOUND
    // (also for a write followed by a record delete, see the operate transcript).
    if (existing !== undefined) store.delete(digestKey);
    else return encodeError(ResultCode.KEY_NOT_FOUND_ERROR);
    return encodeReply({ resultCode: 0, generation: 0, voidTime: 0 }, results);
  }

  let size = 0;
  for (const [name, bin] of bins) size += Buffer.byteLength(name, 'utf8') + bin.data.length + 4;
  if (size > store.maxRecordSize) return encodeError(ResultCode.RECORD_TOO_BIG);

  const generation = existing === undefined ? 1 : (existing.generation % MAX_GENERATION) + 1;
  const record: StoredRecord = {
    set: req.set ?? '',
    generation,
    voidTime: voidTimeFor(req.header.recordTtl, store, existing, clock),
    bins,
    key: req.key !== undefined ? Buffer.from(req.key) : existing?.key,
    lastUpdateMs: clock.now(),
  };
  store.set(digestKey, record);
  return encodeReply({ resultCode: 0, generation, voidTime: record.voidTime }, results);
}

function add(current: StoredBin | undefined, type: number, data: Buffer): StoredBin {
  if (type === ParticleType.INTEGER) {
    if (data.length !== 8) throw new CommandFailure(ResultCode.PARAMETER_ERROR);
    if (current === undefined) return { type, data: Buffer.from(data) };
    if (current.type !== ParticleType.INTEGER) throw new CommandFailure(ResultCode.BIN_TYPE_ERROR);
    const out = Buffer.allocUnsafe(8);
    // Server integers wrap on overflow.
    out.writeBigInt64BE(BigInt.asIntN(64, current.data.readBigInt64BE(0) + data.readBigInt64BE(0)));
    return { type, data: out };
  }
  if (type === ParticleType.DOUBLE) {
    if (data.length !== 8) throw new CommandFailure(ResultCode.PARAMETER_ERROR);
    if (current === undefined) return { type, data: Buffer.from(data) };
    if (current.type !== ParticleType.DOUBLE) throw new CommandFailure(ResultCode.BIN_TYPE_ERROR);
    const out = Buffer.allocUnsafe(8);
    out.writeDoubleBE(current.data.readDoubleBE(0) + data.readDoubleBE(0));
    return { type, data: out };
  }
  throw new CommandFailure(ResultCode.PARAMETER_ERROR);
}

function concat(current: StoredBin | undefined, type: number, data: Buffer, prepend: boolean): StoredBin {
  if (type !== ParticleType.STRING && type !== ParticleType.BLOB) throw new CommandFailure(ResultCode.PARAMETER_ERROR);
  if (current === undefined) return { type, data: Buffer.from(data) };
  if (current.type !== type) throw new CommandFailure(ResultCode.BIN_TYPE_ERROR);
  return { type, data: prepend ? Buffer.concat([data, current.data]) : Buffer.concat([current.data, data]) };
}
