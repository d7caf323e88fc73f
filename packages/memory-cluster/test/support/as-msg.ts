/**
 * An independent reader of AS_MSG request frames and of msgpack, for
 * comparing what two clients put on the wire. It shares no code with the
 * client's codec on purpose: a bug there must not cancel out here.
 */

/** One operation of a request. */
export interface CanonicalOp {
  op: number;
  particle: number;
  bin: string;
  /** The particle bytes, hex. */
  value: string;
}

/** What an AS_MSG request means, independent of byte layout details that carry no meaning. */
export interface CanonicalMessage {
  info1: number;
  info2: number;
  info3: number;
  info4: number;
  generation: number;
  /** The record-TTL slot (TTL on writes, read-touch percentage on reads). */
  recordTtl: number;
  /** The transaction-TTL slot (server-side timeout, ms). */
  txnTtl: number;
  /** Field types in the order sent. */
  fieldOrder: number[];
  /** Field type → data, hex. */
  fields: Record<number, string>;
  ops: CanonicalOp[];
}

/** Decodes one whole type-3 frame (proto header included); throws on any structural inconsistency. */
export function decodeRequest(frame: Buffer): CanonicalMessage {
  if (frame[0] !== 2 || frame[1] !== 3) throw new Error(`not an AS_MSG frame: ${frame.subarray(0, 2).toString('hex')}`);
  const length = frame.readUInt16BE(2) * 0x1_0000_0000 + frame.readUInt32BE(4);
  if (length !== frame.length - 8) throw new Error(`proto length ${length} but body is ${frame.length - 8} bytes`);
  let p = 8;
  if (frame[p] !== 22) throw new Error(`header size ${frame[p]}`);
  if (frame[p + 5] !== 0) throw new Error(`request with result code ${frame[p + 5]}`);
  const msg: CanonicalMessage = {
    info1: frame[p + 1]!,
    info2: frame[p + 2]!,
    info3: frame[p + 3]!,
    info4: frame[p + 4]!,
    generation: frame.readUInt32BE(p + 6),
    recordTtl: frame.readUInt32BE(p + 10),
    txnTtl: frame.readUInt32BE(p + 14),
    fieldOrder: [],
    fields: {},
    ops: [],
  };
  const fieldCount = frame.readUInt16BE(p + 18);
  const opCount = frame.readUInt16BE(p + 20);
  p += 22;
  for (let i = 0; i < fieldCount; i++) {
    const size = frame.readUInt32BE(p);
    const type = frame[p + 4]!;
    if (type in msg.fields) throw new Error(`field ${type} sent twice`);
    msg.fieldOrder.push(type);
    msg.fields[type] = frame.subarray(p + 5, p + 4 + size).toString('hex');
    p += 4 + size;
  }
  for (let i = 0; i < opCount; i++) {
    const size = frame.readUInt32BE(p);
    if (frame[p + 6] !== 0) throw new Error(`op ${i}: version byte ${frame[p + 6]}`);
    const nameLength = frame[p + 7]!;
    msg.ops.push({
      op: frame[p + 4]!,
      particle: frame[p + 5]!,
      bin: frame.toString('utf8', p + 8, p + 8 + nameLength),
      value: frame.subarray(p + 8 + nameLength, p + 4 + size).toString('hex'),
    });
    p += 4 + size;
  }
  if (p !== frame.length) throw new Error(`${frame.length - p} bytes after the last op`);
  return msg;
}

// ---------------------------------------------------------------------------
// msgpack, as a tree that keeps every distinction the wire makes

/** A msgpack value: scalars keep their exact bytes; containers keep their order flags. */
export type Mp =
  | { t: 'scalar'; hex: string }
  | { t: 'list'; flags: number | undefined; items: Mp[] }
  | { t: 'map'; flags: number | undefined; entries: Array<[Mp, Mp]> };

/** Parses one msgpack value spanning all of `hex`. */
export function parseMsgpack(hex: string): Mp {
  const buf = Buffer.from(hex, 'hex');
  const [value, end] = parseAt(buf, 0);
  if (end !== buf.length) throw new Error(`${buf.length - end} trailing bytes after msgpack value`);
  return value;
}

function parseAt(b: Buffer, p: number): [Mp, number] {
  const c = b[p]!;
  const scalar = (size: number): [Mp, number] => [{ t: 'scalar', hex: b.subarray(p, p + size).toString('hex') }, p + size];
  if (c <= 0x7f || c >= 0xe0 || c === 0xc0 || c === 0xc2 || c === 0xc3) return scalar(1);
  if (c >= 0xa0 && c <= 0xbf) return scalar(1 + (c & 0x1f));
  if (c >= 0x80 && c <= 0x8f) return container(b, p + 1, c & 0x0f, true);
  if (c >= 0x90 && c <= 0x9f) return container(b, p + 1, c & 0x0f, false);
  switch (c) {
    case 0xcc:
    case 0xd0:
      return scalar(2);
    case 0xcd:
    case 0xd1:
      return scalar(3);
    case 0xca:
    case 0xce:
    case 0xd2:
      return scalar(5);
    case 0xcb:
    case 0xcf:
    case 0xd3:
      return scalar(9);
    case 0xd4:
      return scalar(3);
    case 0xd5:
      return scalar(4);
    case 0xd6:
      return scalar(6);
    case 0xd7:
      return scalar(10);
    case 0xd8:
      return scalar(18);
    case 0xc4:
    case 0xd9:
      return scalar(2 + b[p + 1]!);
    case 0xc5:
    case 0xda:
      return scalar(3 + b.readUInt16BE(p + 1));
    case 0xc6:
    case 0xdb:
      return scalar(5 + b.readUInt32BE(p + 1));
    case 0xc7:
      return scalar(3 + b[p + 1]!);
    case 0xc8:
      return scalar(4 + b.readUInt16BE(p + 1));
    case 0xc9:
      return scalar(6 + b.readUInt32BE(p + 1));
    case 0xdc:
      return container(b, p + 3, b.readUInt16BE(p + 1), false);
    case 0xdd:
      return container(b, p + 5, b.readUInt32BE(p + 1), false);
    case 0xde:
      return container(b, p + 3, b.readUInt16BE(p + 1), true);
    case 0xdf:
      return container(b, p + 5, b.readUInt32BE(p + 1), true);
    default:
      throw new Error(`msgpack byte 0x${c.toString(16)} at ${p}`);
  }
}

/** An order marker: ext8 of length 0 (`c7 00 <flags>`). */
function markerFlags(b: Buffer, p: number): number | undefined {
  return b[p] === 0xc7 && b[p + 1] === 0 ? b[p + 2] : undefined;
}

function container(b: Buffer, p: number, count: number, isMap: boolean): [Mp, number] {
  let flags: number | undefined;
  if (count > 0) flags = markerFlags(b, p);
  if (!isMap) {
    const items: Mp[] = [];
    let n = count;
    if (flags !== undefined) {
      p += 3;
      n--;
    }
    for (let i = 0; i < n; i++) {
      const [v, next] = parseAt(b, p);
      items.push(v);
      p = next;
    }
    return [{ t: 'list', flags, items }, p];
  }
  const entries: Array<[Mp, Mp]> = [];
  let n = count;
  if (flags !== undefined) {
    // The marker is a key paired with nil.
    if (b[p + 3] !== 0xc0) throw new Error('map order marker not followed by nil');
    p += 4;
    n--;
  }
  for (let i = 0; i < n; i++) {
    const [k, afterKey] = parseAt(b, p);
    const [v, afterValue] = parseAt(b, afterKey);
    entries.push([k, v]);
    p = afterValue;
  }
  return [{ t: 'map', flags, entries }, p];
}

/**
 * Server order of simple map keys: integers (by value) before strings and
 * blobs (bytewise). Enough for the keys the tests use.
 */
export function compareKeys(a: Mp, b: Mp): number {
  const rank = (m: Mp): [number, bigint | string] => {
    if (m.t !== 'scalar') return [9, ''];
    const buf = Buffer.from(m.hex, 'hex');
    const c = buf[0]!;
    if (c <= 0x7f) return [1, BigInt(c)];
    if (c >= 0xe0) return [1, BigInt(c - 0x100)];
    if (c === 0xcc) return [1, BigInt(buf[1]!)];
    if (c === 0xcd) return [1, BigInt(buf.readUInt16BE(1))];
    if (c === 0xce) return [1, BigInt(buf.readUInt32BE(1))];
    if (c === 0xcf) return [1, buf.readBigUInt64BE(1)];
    if (c === 0xd0) return [1, BigInt(buf.readInt8(1))];
    if (c === 0xd1) return [1, BigInt(buf.readInt16BE(1))];
    if (c === 0xd2) return [1, BigInt(buf.readInt32BE(1))];
    if (c === 0xd3) return [1, buf.readBigInt64BE(1)];
    const start = c >= 0xa0 && c <= 0xbf ? 1 : c === 0xd9 ? 2 : c === 0xda ? 3 : 5;
    return [2, buf.subarray(start).toString('hex')];
  };
  const [ra, va] = rank(a);
  const [rb, vb] = rank(b);
  if (ra !== rb) return ra - rb;
  return va < vb ? -1 : va > vb ? 1 : 0;
}
