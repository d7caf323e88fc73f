/**
 * HLL elements as the server hashes them: each element of the argument list
 * is sized as one msgpack value, then rewritten in its compact encoding, so
 * that 7 sent as `cc 07` or `d3 00…07` hashes as `07`. The rewriting follows
 * the server's rules exactly, including where they are not canonical: a
 * msgpack `bin 8` of 32 bytes or more, for instance, stays a `bin 8`.
 */

/** Where the next value starts and ends, or `undefined` for malformed input (0xc1, truncation). */
function valueEnd(buf: Buffer, at: number): number | undefined {
  const end = buf.length;
  if (at >= end) return undefined;
  const b = buf[at]!;
  const p = at + 1;
  let next: number;
  if (b < 0x80 || b >= 0xe0) next = p;
  else if ((b & 0xe0) === 0xa0) next = p + (b & 0x1f);
  else {
    switch (b) {
      case 0xc0:
      case 0xc2:
      case 0xc3:
        next = p;
        break;
      case 0xcc:
      case 0xd0:
        next = p + 1;
        break;
      case 0xcd:
      case 0xd1:
        next = p + 2;
        break;
      case 0xca:
      case 0xce:
      case 0xd2:
        next = p + 4;
        break;
      case 0xcb:
      case 0xcf:
      case 0xd3:
        next = p + 8;
        break;
      case 0xc4:
      case 0xd9:
        if (p + 1 > end) return undefined;
        next = p + 1 + buf[p]!;
        break;
      case 0xc5:
      case 0xda:
        if (p + 2 > end) return undefined;
        next = p + 2 + buf.readUInt16BE(p);
        break;
      case 0xc6:
      case 0xdb:
        if (p + 4 > end) return undefined;
        next = p + 4 + buf.readUInt32BE(p);
        break;
      case 0xd4:
        if (p + 1 > end) return undefined;
        next = p + 2;
        break;
      case 0xd5:
        if (p + 1 > end) return undefined;
        next = p + 3;
        break;
      case 0xd6:
        next = p + 5;
        break;
      case 0xd7:
        next = p + 9;
        break;
      case 0xd8:
        next = p + 17;
        break;
      case 0xc7:
        if (p + 2 > end) return undefined;
        next = p + 2 + buf[p]!;
        break;
      case 0xc8:
        if (p + 3 > end) return undefined;
        next = p + 3 + buf.readUInt16BE(p);
        break;
      case 0xc9:
        if (p + 5 > end) return undefined;
        next = p + 5 + buf.readUInt32BE(p);
        break;
      default:
        // 0xc1, and containers (rejected before sizing).
        return undefined;
    }
  }
  return next > end ? undefined : next;
}

function uintBytes(v: bigint): Buffer {
  if (v < 0x80n) return Buffer.from([Number(v)]);
  if (v < 0x100n) return Buffer.from([0xcc, Number(v)]);
  if (v < 0x1_0000n) {
    const b = Buffer.alloc(3);
    b[0] = 0xcd;
    b.writeUInt16BE(Number(v), 1);
    return b;
  }
  if (v < 0x1_0000_0000n) {
    const b = Buffer.alloc(5);
    b[0] = 0xce;
    b.writeUInt32BE(Number(v), 1);
    return b;
  }
  const b = Buffer.alloc(9);
  b[0] = 0xcf;
  b.writeBigUInt64BE(v, 1);
  return b;
}

function intBytes(v: bigint): Buffer {
  if (v >= 0n) return uintBytes(v);
  if (v >= -32n) return Buffer.from([Number(v) & 0xff]);
  if (v >= -128n) return Buffer.from([0xd0, Number(v) & 0xff]);
  if (v >= -32768n) {
    const b = Buffer.alloc(3);
    b[0] = 0xd1;
    b.writeInt16BE(Number(v), 1);
    return b;
  }
  if (v >= -(1n << 31n)) {
    const b = Buffer.alloc(5);
    b[0] = 0xd2;
    b.writeInt32BE(Number(v), 1);
    return b;
  }
  const b = Buffer.alloc(9);
  b[0] = 0xd3;
  b.writeBigInt64BE(v, 1);
  return b;
}

function strHeader(n: number): Buffer {
  if (n < 32) return Buffer.from([0xa0 | n]);
  if (n < 0x100) return Buffer.from([0xd9, n]);
  if (n < 0x1_0000) {
    const b = Buffer.alloc(3);
    b[0] = 0xda;
    b.writeUInt16BE(n, 1);
    return b;
  }
  const b = Buffer.alloc(5);
  b[0] = 0xdb;
  b.writeUInt32BE(n, 1);
  return b;
}

function extHeader(n: number, type: number): Buffer {
  const fixed = n === 1 ? 0xd4 : n === 2 ? 0xd5 : n === 4 ? 0xd6 : n === 8 ? 0xd7 : n === 16 ? 0xd8 : 0;
  if (fixed !== 0) return Buffer.from([fixed, type]);
  if (n < 0x100) return Buffer.from([0xc7, n, type]);
  if (n < 0x1_0000) {
    const b = Buffer.alloc(4);
    b[0] = 0xc8;
    b.writeUInt16BE(n, 1);
    b[3] = type;
    return b;
  }
  const b = Buffer.alloc(6);
  b[0] = 0xc9;
  b.writeUInt32BE(n, 1);
  b[5] = type;
  return b;
}

/**
 * The compact form of the scalar at `buf[start, end)` by the server's rules,
 * or `undefined` when it is compact already.
 */
function compact(buf: Buffer, start: number, end: number): Buffer | undefined {
  const b = buf[start]!;
  if (b < 0xc4 || b > 0xdb) return undefined;
  if (b >= 0xcc && b <= 0xd3) {
    // Integers: rewritten unless already in their smallest encoding.
    const width = end - start - 1;
    if (width < 8) {
      const v = width === 1 ? buf[start + 1]! : width === 2 ? buf.readUInt16BE(start + 1) : buf.readUInt32BE(start + 1);
      if (b <= 0xcf) return v >= 2 ** (width === 1 ? 7 : width * 4) ? undefined : uintBytes(BigInt(v));
      const signed = v >= 2 ** (width * 8 - 1) ? v - 2 ** (width * 8) : v;
      return signed < -(2 ** (width === 1 ? 5 : width * 4 - 1)) ? undefined : intBytes(BigInt(signed));
    }
    const v = buf.readBigUInt64BE(start + 1);
    if (b === 0xcf) return v >= 1n << 32n ? undefined : uintBytes(v);
    const signed = BigInt.asIntN(64, v);
    return signed < -(1n << 31n) ? undefined : intBytes(signed);
  }
  const raw = buf.subarray(start, end);
  switch (b) {
    case 0xc4:
    case 0xd9:
      return raw[1]! <= 0x1f ? rewriteStr(raw, 2) : undefined;
    case 0xc5:
    case 0xda:
      return raw.readUInt16BE(1) <= 0xff ? rewriteStr(raw, 3) : undefined;
    case 0xc6:
    case 0xdb:
      return raw.readUInt32BE(1) <= 0xffff ? rewriteStr(raw, 5) : undefined;
    case 0xc7: {
      const n = raw[1]!;
      return n === 1 || n === 2 || n === 4 || n === 8 || n === 16 ? rewriteExt(raw, n, 1) : undefined;
    }
    case 0xc8:
      return raw.readUInt16BE(1) <= 0xff ? rewriteExt(raw, raw.readUInt16BE(1), 2) : undefined;
    case 0xc9:
      return raw.readUInt32BE(1) <= 0xffff ? rewriteExt(raw, raw.readUInt32BE(1), 4) : undefined;
    default:
      return undefined;
  }
}

function rewriteStr(raw: Buffer, header: number): Buffer {
  const data = raw.subarray(header);
  return Buffer.concat([strHeader(data.length), data]);
}

/** Rewrites an ext value whose length field takes `lengthBytes` bytes. */
function rewriteExt(raw: Buffer, n: number, lengthBytes: number): Buffer {
  const type = raw[lengthBytes + 1]!;
  const data = raw.subarray(lengthBytes + 2);
  return Buffer.concat([extHeader(n, type), data.subarray(0, n)]);
}

/**
 * Why {@link readElement} refuses a value: `container` for a list or map
 * (the server does not hash containers), `malformed` for anything that is
 * not one well-formed msgpack value.
 */
export type ElementError = 'container' | 'malformed';

/** An element as the server hashes it: `length` bytes of `buf` from `start`. */
export interface Element {
  buf: Buffer;
  start: number;
  length: number;
}

/**
 * Reads one element at `at`: its bytes as the server hashes them (in the
 * payload itself unless they had to be rewritten), and where the next value
 * starts; or why it cannot be an element.
 */
export function readElement(buf: Buffer, at: number): { element: Element; next: number } | ElementError {
  if (at >= buf.length) return 'malformed';
  const b = buf[at]!;
  if ((b & 0xf0) === 0x80 || (b & 0xf0) === 0x90 || (b >= 0xdc && b <= 0xdf)) return 'container';
  const next = valueEnd(buf, at);
  if (next === undefined) return 'malformed';
  const rewritten = compact(buf, at, next);
  const element = rewritten === undefined ? { buf, start: at, length: next - at } : { buf: rewritten, start: 0, length: rewritten.length };
  return { element, next };
}
