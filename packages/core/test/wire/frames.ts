/**
 * Loader of `test/fixtures/frames.json`, a curated set of frames captured
 * between the official Node.js client and an Aerospike CE 8.1.2 server, and
 * converters from the capture's decoded summaries to the values this client
 * takes or returns.
 *
 * Summary conventions (from the capture's README): integers outside ±2^53 are
 * strings with an `n` suffix, doubles are `{"double": x}`, msgpack strings and
 * blobs are `{"str": …}` / `{"blob": hex}`, maps are `{"map": [[k, v], …]}`
 * and the order marker of an ordered list or map is `{"ext": 1, "data": ""}`.
 */

import { readFileSync } from 'node:fs';
import type { BinValue } from '../../src/values.js';
import { Double, GeoJSON, HyperLogLog } from '../../src/values.js';
import { readMessageHeader, type MessageHeader, MSG_HEADER_SIZE } from '../../src/wire/message.js';

export interface FieldSummary {
  type: number;
  value: unknown;
}

export interface OpSummary {
  op: number;
  ptype: number;
  bin: string;
  value_len: number;
  value?: unknown;
  /** The capture abbreviated a long value; compare against the frame bytes instead. */
  value_omitted?: boolean;
}

export interface MsgSummary {
  info1: number;
  info2: number;
  info3: number;
  info4: number;
  result_code: number;
  generation: number;
  ttl: number;
  txn_ttl: number;
  n_fields: number;
  n_ops: number;
  fields: FieldSummary[];
  ops: OpSummary[];
}

export interface Frame {
  scenario: string;
  step: string;
  dir: 'c2s' | 's2c';
  type: number;
  hex: string;
  node_port?: number;
  node_name?: string;
  summary: {
    msgs?: MsgSummary[];
    commands?: string[];
    replies?: Array<[string, string]>;
    uncompressed_size?: number;
    inner?: { msgs: MsgSummary[] };
    result_code?: number;
  };
}

let cached: Frame[] | undefined;

/** Every fixture frame, in capture order per scenario. */
export function loadFrames(): Frame[] {
  if (cached === undefined) {
    const text = readFileSync(new URL('../fixtures/frames.json', import.meta.url), 'utf8');
    cached = (JSON.parse(text) as { frames: Frame[] }).frames;
  }
  return cached;
}

/** The whole frame (proto header included) as bytes. */
export function frameBytes(f: Frame): Buffer {
  return Buffer.from(f.hex, 'hex');
}

/** Short label of a frame for test names and failure messages. */
export function label(f: Frame): string {
  return `${f.scenario}/${f.step}/${f.dir}`;
}

// ---------------------------------------------------------------------------
// Summary values → JS values

function isOrderMarker(v: unknown): boolean {
  return typeof v === 'object' && v !== null && 'ext' in v && (v as { ext: unknown }).ext !== undefined;
}

type Mode = 'decoded' | 'input';

function fromMsgpack(v: unknown, mode: Mode): BinValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (/^-?\d+n$/.test(v)) return BigInt(v.slice(0, -1));
    throw new Error(`unexpected bare string in a msgpack summary: ${v}`);
  }
  if (Array.isArray(v)) {
    const items = v.length > 0 && isOrderMarker(v[0]) ? v.slice(1) : v;
    if (items !== v && mode === 'input') throw new Error('ordered lists cannot be written as bin values');
    return items.map((x) => fromMsgpack(x, mode));
  }
  const o = v as Record<string, unknown>;
  if ('double' in o) {
    const d = o.double as number;
    return mode === 'input' && Number.isInteger(d) ? new Double(d) : d;
  }
  if ('str' in o) return o.str as string;
  if ('blob' in o) return Buffer.from(o.blob as string, 'hex');
  if ('geojson' in o) return new GeoJSON(o.geojson as string);
  if ('map' in o) {
    const pairs = o.map as Array<[unknown, unknown]>;
    const ordered = pairs.length > 0 && isOrderMarker(pairs[0]![0]);
    const entries = (ordered ? pairs.slice(1) : pairs).map(
      ([k, val]) => [fromMsgpack(k, mode), fromMsgpack(val, mode)] as [BinValue, BinValue],
    );
    const stringKeys = entries.every(([k]) => typeof k === 'string');
    // Decoding returns a plain object when every key is a string. As input, a
    // plain object is what produces a key-ordered map; anything else is a Map.
    if (stringKeys && (mode === 'decoded' || ordered)) {
      const out: Record<string, BinValue> = {};
      for (const [k, val] of entries) out[k as string] = val;
      return out;
    }
    return new Map(entries as Array<[string, BinValue]>);
  }
  throw new Error(`unexpected msgpack summary ${JSON.stringify(v)}`);
}

function fromOp(ptype: number, v: unknown, mode: Mode): BinValue {
  switch (ptype) {
    case 0:
      return null;
    case 1:
      if (typeof v === 'string') return BigInt(v.slice(0, -1));
      return v as number;
    case 2: {
      const d = (v as { double: number }).double;
      return mode === 'input' && Number.isInteger(d) ? new Double(d) : d;
    }
    case 3:
      return v as string;
    case 4:
      return Buffer.from(v as string, 'hex');
    case 17:
      return v as boolean;
    case 18:
      return new HyperLogLog(Buffer.from(v as string, 'hex'));
    case 19:
    case 20:
      return fromMsgpack(v, mode);
    case 23:
      return new GeoJSON((v as { json: string }).json);
    default:
      throw new Error(`no summary conversion for particle type ${ptype}`);
  }
}

/** The value a decoder should return for an op of a reply. */
export function decodedValue(o: OpSummary): BinValue {
  return fromOp(o.ptype, o.value, 'decoded');
}

/** The value to give this client's encoder to reproduce a captured request op. */
export function inputValue(o: OpSummary): BinValue {
  return fromOp(o.ptype, o.value, 'input');
}

// ---------------------------------------------------------------------------
// A minimal AS_MSG walker, independent of the decoder under test

export interface WireField {
  /** Offset of the field's u32 size within the message buffer. */
  at: number;
  type: number;
  data: Buffer;
}

export interface WireOp {
  /** Offset of the op's u32 size within the message buffer. */
  at: number;
  op: number;
  ptype: number;
  name: string;
  value: Buffer;
}

export interface WalkedMessage {
  header: MessageHeader;
  fields: WireField[];
  ops: WireOp[];
  end: number;
}

/** Splits the AS_MSG at `offset` of `body` into fields and ops (trusting the sizes). */
export function walkMessage(body: Buffer, offset = 0): WalkedMessage {
  const header = readMessageHeader(body, offset, body.length);
  let p = offset + MSG_HEADER_SIZE;
  const fields: WireField[] = [];
  for (let i = 0; i < header.fieldCount; i++) {
    const size = body.readUInt32BE(p);
    fields.push({ at: p, type: body[p + 4]!, data: body.subarray(p + 5, p + 4 + size) });
    p += 4 + size;
  }
  const ops: WireOp[] = [];
  for (let i = 0; i < header.opCount; i++) {
    const size = body.readUInt32BE(p);
    const nameLength = body[p + 7]!;
    ops.push({
      at: p,
      op: body[p + 4]!,
      ptype: body[p + 5]!,
      name: body.toString('utf8', p + 8, p + 8 + nameLength),
      value: body.subarray(p + 8 + nameLength, p + 4 + size),
    });
    p += 4 + size;
  }
  if (p > body.length) throw new Error(`message overruns its body: ${p} > ${body.length}`);
  return { header, fields, ops, end: p };
}
