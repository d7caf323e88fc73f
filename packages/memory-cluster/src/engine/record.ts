/**
 * What a single-record command does to the store, with the server's result
 * codes: reads, writes and deletes, generations, TTLs, exists actions,
 * generation checks, bin name and record size limits. Every operation runs
 * through the operation pipeline.
 */

import { type OpContext, type OperationOutcome, applyOperation } from '../ops/pipeline.js';
import { OpFailure } from '../ops/types.js';
import { type ReplyOp, encodeError, encodeReply } from '../protocol/reply.js';
import type { ParsedRequest, RequestOp } from '../protocol/request.js';
import type { Clock, NamespaceStore, StoredBin, StoredRecord } from '../storage/store.js';
import { Info1, Info2, Info3, ParticleType, ResultCode } from '../wire.js';
import { RecordFailure, checkPreconditions } from './preconditions.js';
import { voidTimeFor } from './ttl.js';

const MAX_BIN_NAME = 15;
/** Generations wrap like the server's 16-bit counter, skipping 0. */
const MAX_GENERATION = 0xffff;
/** What the read path tells an operation: reads only, of a record that exists. */
const READ_CONTEXT: OpContext = { write: false, recordExists: true };

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
    return readRecord(req, store.get(digestKey));
  } catch (err) {
    if (err instanceof RecordFailure) return encodeError(err.resultCode, err.generation);
    if (err instanceof OpFailure) return encodeError(err.resultCode);
    throw err;
  }
}

function binOp(name: string, bin: StoredBin | undefined): ReplyOp {
  return bin === undefined ? { name, type: ParticleType.NULL, data: undefined } : { name, type: bin.type, data: bin.data };
}

function allBins(bins: ReadonlyMap<string, StoredBin>, out: ReplyOp[]): void {
  for (const [name, bin] of bins) out.push({ name, type: bin.type, data: bin.data });
}

/**
 * Adds what an operation returns to the reply: every bin, its result, or,
 * with `respondAll`, an empty entry for an operation that returns nothing.
 */
function replyEntries(op: RequestOp, outcome: OperationOutcome, respondAll: boolean, out: ReplyOp[]): void {
  if (outcome.allBins !== undefined) allBins(outcome.allBins, out);
  else if (outcome.result !== undefined) out.push(binOp(op.name, outcome.result));
  else if (respondAll) out.push(binOp(op.name, undefined));
}

/** Applies what an operation did to the command's working copy of the record's bins. */
function applyOutcome(op: RequestOp, outcome: OperationOutcome, bins: Map<string, StoredBin>): void {
  if (outcome.clearsRecord) bins.clear();
  if (outcome.bin === null) bins.delete(op.name);
  else if (outcome.bin !== undefined) bins.set(op.name, outcome.bin);
}

/** Answers a read request from `record` (undefined: the record does not exist). */
export function readRecord(req: ParsedRequest, record: StoredRecord | undefined): Buffer {
  if (record === undefined) return encodeError(ResultCode.KEY_NOT_FOUND_ERROR);
  const info1 = req.header.info1;
  const ops: ReplyOp[] = [];
  if ((info1 & Info1.NOBINDATA) === 0) {
    if ((info1 & Info1.GET_ALL) !== 0 || req.ops.length === 0) allBins(record.bins, ops);
    else {
      try {
        // Missing bins are simply absent from the reply.
        for (const op of req.ops) replyEntries(op, applyOperation(op, record.bins, READ_CONTEXT), false, ops);
      } catch (err) {
        if (err instanceof OpFailure) return encodeError(err.resultCode);
        throw err;
      }
    }
  }
  return encodeReply({ resultCode: 0, generation: record.generation, voidTime: record.voidTime }, ops);
}

/** Bytes a record takes against the namespace's record size limit: bin names, values, 4 bytes per bin. */
function recordSize(bins: ReadonlyMap<string, StoredBin>): number {
  let size = 0;
  for (const [name, bin] of bins) size += Buffer.byteLength(name, 'utf8') + bin.data.length + 4;
  return size;
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
  const context: OpContext = { write: true, recordExists: existing !== undefined };
  const results: ReplyOp[] = [];

  for (const op of req.ops) {
    const outcome = applyOperation(op, bins, context);
    applyOutcome(op, outcome, bins);
    replyEntries(op, outcome, respondAll, results);
  }

  if (bins.size === 0) {
    // A record left without bins no longer exists.
    // On a missing record there is nothing to delete: the server answers KEY_NOT_FOUND
    // (also for a write followed by a record delete, see the operate transcript).
    if (existing !== undefined) store.delete(digestKey);
    else return encodeError(ResultCode.KEY_NOT_FOUND_ERROR);
    return encodeReply({ resultCode: 0, generation: 0, voidTime: 0 }, results);
  }

  if (recordSize(bins) > store.maxRecordSize) return encodeError(ResultCode.RECORD_TOO_BIG);

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
