/**
 * Single-record commands: put, get, getHeader, exists, remove, touch,
 * append, prepend, add and operate. Each validates its input, merges the
 * policy with the client's defaults, encodes the request once and hands the
 * command to the executor. Bad input rejects the returned promise, like
 * every other failure.
 */

import type { Node } from '../cluster/node.js';
import type { SingleRecordCommand } from '../command/command.js';
import { readHeader, writeHeader } from '../command/headers.js';
import { resultError } from '../command/retry.js';
import { InvalidArgumentError, errorFromResultCode } from '../errors.js';
import { type Key, type KeyInput, toKey } from '../key.js';
import { mergeReadPolicy, mergeWritePolicy } from '../policy/merge.js';
import { ReadModeAP, ReadModeSC, type ReadPolicy, type ReadPolicyInput, type WritePolicy, type WritePolicyInput } from '../policy/types.js';
import { ResultCode } from '../result-codes.js';
import type { BinValue } from '../values.js';
import { partitionId } from '../wire/digest.js';
import { Info1, Info2, OperationType, isReadOperation, voidTimeToTtl } from '../wire/message.js';
import { namespaceBytes, setBytes } from '../wire/names.js';
import type { Operation } from '../wire/operation.js';
import { PROTO_HEADER_SIZE } from '../wire/proto.js';
import { type Bins, readRecordMessage } from '../wire/reply.js';
import {
  type CommandHeader,
  type KeyFields,
  encodeBinsCommand,
  encodeKeyCommand,
  encodeOperateCommand,
  encodeReadBinsCommand,
} from '../wire/request.js';
import type { RecordContext } from './context.js';

export type { Bins } from '../wire/reply.js';

/** Generation and time to live of a record. */
export interface RecordMetadata {
  /** How many times the record has been written. */
  generation: number;
  /** Seconds left to live; -1 when the record never expires. */
  ttl: number;
}

/** A record read from the server. */
export interface AerospikeRecord extends RecordMetadata {
  key: Key;
  bins: Bins;
}

/** What `operate` returns: the record's bins after the operations, plus each result in order. */
export interface OperateResult extends AerospikeRecord {
  /** One `[bin, value]` per operation that returned something, in operation order. */
  results: Array<[string, BinValue]>;
}

function keyFields(key: Key, sendKey: boolean): KeyFields {
  return {
    namespace: namespaceBytes(key.namespace),
    set: setBytes(key.set),
    digest: key.digest,
    userKey: sendKey ? key.userKey : undefined,
  };
}

// Reply parsers: plain functions with the key passed through, so no closure is made per command.

function parseRecord(body: Buffer, node: Node, attempts: number, key: Key): AerospikeRecord {
  const rc = body[5]!;
  if (rc !== 0) throw resultError(rc, node, attempts, `${describeCode(rc)} for key ${key}`);
  const msg = readRecordMessage(body, 0, body.length);
  return { key, bins: msg.bins ?? {}, generation: msg.generation, ttl: voidTimeToTtl(msg.voidTime) };
}

function parseOperate(body: Buffer, node: Node, attempts: number, key: Key): OperateResult {
  const rc = body[5]!;
  if (rc !== 0) throw resultError(rc, node, attempts, `${describeCode(rc)} for key ${key}`);
  const msg = readRecordMessage(body, 0, body.length, true);
  return {
    key,
    bins: msg.bins ?? {},
    results: msg.results ?? [],
    generation: msg.generation,
    ttl: voidTimeToTtl(msg.voidTime),
  };
}

function parseMetadata(body: Buffer, node: Node, attempts: number, key: Key): RecordMetadata {
  const rc = body[5]!;
  if (rc !== 0) throw resultError(rc, node, attempts, `${describeCode(rc)} for key ${key}`);
  return { generation: body.readUInt32BE(6), ttl: voidTimeToTtl(body.readUInt32BE(10)) };
}

function parseFound(body: Buffer, node: Node, attempts: number, key: Key): boolean {
  const rc = body[5]!;
  if (rc === 0) return true;
  if (rc === ResultCode.KEY_NOT_FOUND_ERROR) return false;
  throw resultError(rc, node, attempts, `${describeCode(rc)} for key ${key}`);
}

/** {@link parseFound} for a command with a filter: a record filtered out counts as not there. */
function parseFoundUnlessFiltered(body: Buffer, node: Node, attempts: number, key: Key): boolean {
  if (body[5] === ResultCode.FILTERED_OUT) return false;
  return parseFound(body, node, attempts, key);
}

/** The parser of exists and remove under `policy`. */
function foundParser(policy: ReadPolicy | WritePolicy): (body: Buffer, node: Node, attempts: number, key: Key) => boolean {
  return policy.filterExpression !== undefined && !policy.failOnFilteredOut ? parseFoundUnlessFiltered : parseFound;
}

/** The FILTER_EXP field of a command under `policy`, when it has a filter. */
function filterOf(policy: ReadPolicy | WritePolicy): Buffer | undefined {
  return policy.filterExpression === undefined ? undefined : policy.filterExpression.pack();
}

function describeCode(rc: number): string {
  return errorFromResultCode(rc, '').code.toLowerCase().replace(/_/g, ' ');
}

/** The command value of a request for `key`; `write` routes it to the master. */
function recordCommand<T>(
  name: string,
  key: Key,
  write: boolean,
  policy: ReadPolicy | WritePolicy,
  request: Buffer,
  parse: (body: Buffer, node: Node, attempts: number, key: Key) => T,
): SingleRecordCommand<T, Key> {
  const sc = policy.readModeSC;
  return {
    name,
    set: key.set,
    target: {
      namespace: key.namespace,
      pid: partitionId(key.digest),
      write,
      replica: policy.replica,
      scMaster: sc === ReadModeSC.SESSION || sc === ReadModeSC.LINEARIZE,
      // Only commands that read (info1 READ) follow the read mode; a plain write resolves duplicates anyway.
      readAllDuringMigrations: policy.readModeAP === ReadModeAP.ALL_DURING_MIGRATIONS && (request[PROTO_HEADER_SIZE + 1]! & Info1.READ) !== 0,
    },
    policy,
    request,
    parse,
    arg: key,
  };
}

/** Writes bins of a record, creating it when missing. See `Client.put`. */
export function put(ctx: RecordContext, key: KeyInput, bins: Readonly<Record<string, BinValue>>, policy?: WritePolicyInput): Promise<RecordMetadata> {
  return binsCommand(ctx, OperationType.WRITE, key, bins, policy);
}

/** Reads a record (every bin, or the named ones). See `Client.get`. */
export function get(ctx: RecordContext, key: KeyInput, bins?: readonly string[], policy?: ReadPolicyInput): Promise<AerospikeRecord> {
  try {
    ctx.ensureOpen();
    const k = toKey(key);
    const p = mergeReadPolicy(ctx.readDefaults, policy);
    const fields = keyFields(k, p.sendKey);
    const request =
      bins === undefined
        ? encodeKeyCommand(readHeader(p, Info1.READ | Info1.GET_ALL), fields, filterOf(p))
        : encodeReadBinsCommand(readHeader(p, Info1.READ), fields, checkBinList(bins), filterOf(p));
    return ctx.executor.run(recordCommand('get', k, false, p, request, parseRecord));
  } catch (err) {
    return Promise.reject(err);
  }
}

/** Reads a record's generation and TTL. See `Client.getHeader`. */
export function getHeader(ctx: RecordContext, key: KeyInput, policy?: ReadPolicyInput): Promise<RecordMetadata> {
  return headerCommand(ctx, 'getHeader', key, policy, () => parseMetadata);
}

/** True when the record exists. See `Client.exists`. */
export function exists(ctx: RecordContext, key: KeyInput, policy?: ReadPolicyInput): Promise<boolean> {
  return headerCommand(ctx, 'exists', key, policy, foundParser);
}

/** A read of the record's metadata only; the parser `parserFor` picks decides what the answer means. */
function headerCommand<T>(
  ctx: RecordContext,
  name: string,
  key: KeyInput,
  policy: ReadPolicyInput | undefined,
  parserFor: (policy: ReadPolicy) => (body: Buffer, node: Node, attempts: number, key: Key) => T,
): Promise<T> {
  try {
    ctx.ensureOpen();
    const k = toKey(key);
    const p = mergeReadPolicy(ctx.readDefaults, policy);
    const request = encodeKeyCommand(readHeader(p, Info1.READ | Info1.NOBINDATA), keyFields(k, p.sendKey), filterOf(p));
    return ctx.executor.run(recordCommand(name, k, false, p, request, parserFor(p)));
  } catch (err) {
    return Promise.reject(err);
  }
}

/** Deletes a record. See `Client.remove`. */
export function remove(ctx: RecordContext, key: KeyInput, policy?: WritePolicyInput): Promise<boolean> {
  try {
    ctx.ensureOpen();
    const k = toKey(key);
    const p = mergeWritePolicy(ctx.writeDefaults, policy);
    const request = encodeKeyCommand(writeHeader(p, 0, Info2.DELETE), keyFields(k, p.sendKey), filterOf(p));
    return ctx.executor.run(recordCommand('remove', k, true, p, request, foundParser(p)));
  } catch (err) {
    return Promise.reject(err);
  }
}

const TOUCH: Operation = Object.freeze({ op: OperationType.TOUCH, bin: '' });

/** Resets a record's TTL and bumps its generation. See `Client.touch`. */
export function touch(ctx: RecordContext, key: KeyInput, policy?: WritePolicyInput): Promise<RecordMetadata> {
  try {
    ctx.ensureOpen();
    const k = toKey(key);
    const p = mergeWritePolicy(ctx.writeDefaults, policy);
    const request = encodeOperateCommand(writeHeader(p, 0, 0), keyFields(k, p.sendKey), [TOUCH], filterOf(p));
    return ctx.executor.run(recordCommand('touch', k, true, p, request, parseMetadata));
  } catch (err) {
    return Promise.reject(err);
  }
}

/** Span and metric names of the bin-writing commands, by operation type. */
const BINS_OPERATION_NAMES: Readonly<Record<number, string>> = {
  [OperationType.WRITE]: 'put',
  [OperationType.ADD]: 'add',
  [OperationType.APPEND]: 'append',
  [OperationType.PREPEND]: 'prepend',
};

/** put, add, append and prepend: one operation of type `op` per bin. */
export function binsCommand(
  ctx: RecordContext,
  op: number,
  key: KeyInput,
  bins: Readonly<Record<string, BinValue>>,
  policy: WritePolicyInput | undefined,
): Promise<RecordMetadata> {
  try {
    ctx.ensureOpen();
    const k = toKey(key);
    if (typeof bins !== 'object' || bins === null || Array.isArray(bins)) {
      throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, 'bins: expected an object of bin name → value');
    }
    const p = mergeWritePolicy(ctx.writeDefaults, policy);
    const request = encodeBinsCommand(writeHeader(p, 0, 0), keyFields(k, p.sendKey), op, bins, filterOf(p));
    return ctx.executor.run(recordCommand(BINS_OPERATION_NAMES[op] ?? 'put', k, true, p, request, parseMetadata));
  } catch (err) {
    return Promise.reject(err);
  }
}

/** Runs several operations on one record in one round trip. See `Client.operate`. */
export function operate(ctx: RecordContext, key: KeyInput, operations: readonly Operation[], policy?: WritePolicyInput): Promise<OperateResult> {
  try {
    ctx.ensureOpen();
    const k = toKey(key);
    if (!Array.isArray(operations) || operations.length === 0) {
      throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, 'operations: expected a non-empty array');
    }
    const p = mergeWritePolicy(ctx.writeDefaults, policy);
    let info1 = 0;
    let writes = false;
    let respondAll = false;
    for (const o of operations) {
      if (typeof o !== 'object' || o === null || typeof o.op !== 'number' || typeof o.bin !== 'string') {
        throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, 'operations: every item must come from ops.* builders');
      }
      if (isReadOperation(o.op)) {
        info1 |= Info1.READ;
        if (o.op === OperationType.READ && o.bin === '') info1 |= Info1.GET_ALL;
      } else writes = true;
      if (o.respondAll === true) respondAll = true;
    }
    // Positional results (map, bit, HLL, expression operations) need one answer per operation,
    // unless every bin is read anyway (then the server answers with the record).
    if (respondAll && (info1 & Info1.GET_ALL) !== 0) respondAll = false;
    const fields = keyFields(k, p.sendKey);
    const header: CommandHeader = writes ? writeHeader(p, info1, 0) : readHeader(p, info1);
    if (respondAll) header.info2 |= Info2.RESPOND_ALL_OPS;
    const request = encodeOperateCommand(header, fields, operations, filterOf(p));
    return ctx.executor.run(recordCommand('operate', k, writes, p, request, parseOperate));
  } catch (err) {
    return Promise.reject(err);
  }
}

function checkBinList(bins: readonly string[]): readonly string[] {
  if (!Array.isArray(bins)) throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, 'bins: expected an array of bin names');
  for (const b of bins) {
    if (typeof b !== 'string' || b.length === 0) {
      throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, `bins: every bin name must be a non-empty string, got ${JSON.stringify(b)}`);
    }
  }
  return bins;
}
