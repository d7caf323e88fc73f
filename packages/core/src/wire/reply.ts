/**
 * Decoder of AS_MSG replies: one record message (a single-record reply, or
 * one row of a batch or scan stream) read straight from the received buffer.
 * Every length is checked against the message end before it is used.
 */

import { protocolError } from '../errors.js';
import type { BinValue } from '../values.js';
import type { UserKey } from './digest.js';
import { FIELD_HEADER_SIZE, FieldType, MSG_HEADER_SIZE, OP_HEADER_SIZE } from './message.js';
import { ParticleType, readInt64, readParticle } from './particles.js';

/** Bins of a record, by name. */
export type Bins = Record<string, BinValue>;

/** One decoded record message. */
export interface RecordMessage {
  info1: number;
  info2: number;
  info3: number;
  resultCode: number;
  generation: number;
  /** Void time: seconds since 2010-01-01 UTC at which the record expires, 0 for never. */
  voidTime: number;
  /** Transaction TTL slot (the row index in batch replies). */
  transactionTtl: number;
  namespace: string | undefined;
  set: string | undefined;
  digest: Buffer | undefined;
  userKey: UserKey | undefined;
  /** Bins, or null when the message carried no operations. */
  bins: Bins | null;
  /** With `ordered`, one entry per returned operation, in order. */
  results: Array<[string, BinValue]> | undefined;
  /** Offset just past this message. */
  end: number;
}

function setBin(bins: Bins, name: string, value: BinValue): void {
  // A bin may be called "__proto__"; it must become a plain own property.
  if (name === '__proto__') Object.defineProperty(bins, name, { value, enumerable: true, writable: true, configurable: true });
  else bins[name] = value;
}

function readUserKey(buf: Buffer, start: number, end: number): UserKey {
  if (end - start < 1) throw protocolError('key field', 'empty');
  const type = buf[start]!;
  switch (type) {
    case ParticleType.INTEGER:
      if (end - start !== 9) throw protocolError('key field', `integer key of ${end - start - 1} bytes`);
      return readInt64(buf, start + 1);
    case ParticleType.STRING:
      return buf.toString('utf8', start + 1, end);
    case ParticleType.BLOB:
      return Buffer.from(buf.subarray(start + 1, end));
    default:
      throw protocolError('key field', `unsupported key particle type ${type}`);
  }
}

/**
 * Decodes the record message starting at `offset`, which must end at or
 * before `end`. With `ordered`, every operation result is also kept in order
 * (operate returns one result per operation, and a bin may repeat).
 */
export function readRecordMessage(buf: Buffer, offset: number, end: number, ordered = false): RecordMessage {
  if (end - offset < MSG_HEADER_SIZE) {
    throw protocolError('record message', `need ${MSG_HEADER_SIZE} header bytes, have ${end - offset}`);
  }
  if (buf[offset] !== MSG_HEADER_SIZE) {
    throw protocolError('record message', `header size ${buf[offset]}, expected ${MSG_HEADER_SIZE}`);
  }
  const info1 = buf[offset + 1]!;
  const info2 = buf[offset + 2]!;
  const info3 = buf[offset + 3]!;
  const resultCode = buf[offset + 5]!;
  const generation = buf.readUInt32BE(offset + 6);
  const voidTime = buf.readUInt32BE(offset + 10);
  const transactionTtl = buf.readUInt32BE(offset + 14);
  const fieldCount = buf.readUInt16BE(offset + 18);
  const opCount = buf.readUInt16BE(offset + 20);
  let p = offset + MSG_HEADER_SIZE;

  let namespace: string | undefined;
  let set: string | undefined;
  let digest: Buffer | undefined;
  let userKey: UserKey | undefined;
  for (let i = 0; i < fieldCount; i++) {
    if (end - p < FIELD_HEADER_SIZE) throw protocolError('record message', `field ${i} header truncated`);
    const size = buf.readUInt32BE(p);
    if (size < 1 || size > end - p - 4) throw protocolError('record message', `field ${i} size ${size} overruns the message`);
    const type = buf[p + 4]!;
    const dataStart = p + FIELD_HEADER_SIZE;
    const dataEnd = p + 4 + size;
    switch (type) {
      case FieldType.NAMESPACE:
        namespace = buf.toString('utf8', dataStart, dataEnd);
        break;
      case FieldType.SET:
        set = buf.toString('utf8', dataStart, dataEnd);
        break;
      case FieldType.DIGEST:
        if (dataEnd - dataStart !== 20) throw protocolError('record message', `digest of ${dataEnd - dataStart} bytes`);
        digest = Buffer.from(buf.subarray(dataStart, dataEnd));
        break;
      case FieldType.KEY:
        userKey = readUserKey(buf, dataStart, dataEnd);
        break;
      default:
        break;
    }
    p = dataEnd;
  }

  let bins: Bins | null = null;
  let results: Array<[string, BinValue]> | undefined;
  if (opCount > 0) {
    bins = {};
    if (ordered) results = [];
    for (let i = 0; i < opCount; i++) {
      if (end - p < OP_HEADER_SIZE) throw protocolError('record message', `operation ${i} header truncated`);
      const size = buf.readUInt32BE(p);
      const nameLength = buf[p + 7]!;
      if (size < 4 + nameLength || size > end - p - 4) {
        throw protocolError('record message', `operation ${i} size ${size} overruns the message`);
      }
      const particle = buf[p + 5]!;
      const nameStart = p + OP_HEADER_SIZE;
      const valueStart = nameStart + nameLength;
      const valueEnd = p + 4 + size;
      const name = buf.toString('utf8', nameStart, valueStart);
      const value = readParticle(buf, valueStart, valueEnd, particle);
      setBin(bins, name, value);
      if (results !== undefined) results.push([name, value]);
      p = valueEnd;
    }
  }

  return {
    info1,
    info2,
    info3,
    resultCode,
    generation,
    voidTime,
    transactionTtl,
    namespace,
    set,
    digest,
    userKey,
    bins,
    results,
    end: p,
  };
}
