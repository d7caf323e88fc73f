/**
 * Lossless msgpack ⇄ {@link Value}: decoding keeps what the server keeps
 * (integer vs float, particle prefixes, order flags, map entry order) and
 * encoding writes the canonical form the server stores (smallest integer
 * encodings, float64 doubles, ext order headers).
 */

import { BytesType, type ListValue, type MapValue, NIL, type Value } from './value.js';

/** Raised for bytes that are not a well-formed msgpack value. */
export class MsgpackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MsgpackError';
  }
}

const MAX_DEPTH = 256;

/** A cursor over msgpack bytes. */
export class ValueReader {
  constructor(
    readonly buf: Buffer,
    public offset = 0,
    readonly end = buf.length,
  ) {}

  private need(n: number): void {
    if (this.end - this.offset < n) throw new MsgpackError(`msgpack truncated at byte ${this.offset}`);
  }

  private u8(): number {
    this.need(1);
    return this.buf[this.offset++]!;
  }

  private take(n: number): Buffer {
    this.need(n);
    const out = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  /** True when every byte has been read. */
  get done(): boolean {
    return this.offset >= this.end;
  }

  /** Reads a list or array header and returns its count, or undefined when the next value is not a list. */
  peekListCount(): number | undefined {
    const b = this.buf[this.offset];
    if (b === undefined) return undefined;
    if ((b & 0xf0) === 0x90) return b & 0x0f;
    if (b === 0xdc) return this.buf.readUInt16BE(this.offset + 1);
    if (b === 0xdd) return this.buf.readUInt32BE(this.offset + 1);
    return undefined;
  }

  /** Reads one value. */
  read(depth = 0): Value {
    if (depth > MAX_DEPTH) throw new MsgpackError('msgpack nested too deeply');
    const b = this.u8();
    if (b <= 0x7f) return { kind: 'int', v: BigInt(b) };
    if (b >= 0xe0) return { kind: 'int', v: BigInt(b - 0x100) };
    if ((b & 0xf0) === 0x80) return this.readMap(b & 0x0f, depth);
    if ((b & 0xf0) === 0x90) return this.readList(b & 0x0f, depth);
    if ((b & 0xe0) === 0xa0) return this.readBytes(b & 0x1f, false);
    switch (b) {
      case 0xc0:
        return NIL;
      case 0xc2:
        return { kind: 'bool', v: false };
      case 0xc3:
        return { kind: 'bool', v: true };
      case 0xc4:
        return this.readBytes(this.u8(), true);
      case 0xc5:
        this.need(2);
        return this.readBytes(this.uint(2), true);
      case 0xc6:
        return this.readBytes(this.uint(4), true);
      case 0xc7:
        return this.readExt(this.u8());
      case 0xc8:
        return this.readExt(this.uint(2));
      case 0xc9:
        return this.readExt(this.uint(4));
      case 0xca: {
        this.need(4);
        const v = this.buf.readFloatBE(this.offset);
        this.offset += 4;
        return { kind: 'float', v };
      }
      case 0xcb: {
        this.need(8);
        const v = this.buf.readDoubleBE(this.offset);
        this.offset += 8;
        return { kind: 'float', v };
      }
      case 0xcc:
        return { kind: 'int', v: BigInt(this.u8()) };
      case 0xcd:
        return { kind: 'int', v: BigInt(this.uint(2)) };
      case 0xce:
        return { kind: 'int', v: BigInt(this.uint(4)) };
      case 0xcf: {
        this.need(8);
        const v = this.buf.readBigUInt64BE(this.offset);
        this.offset += 8;
        return { kind: 'int', v };
      }
      case 0xd0: {
        this.need(1);
        return { kind: 'int', v: BigInt(this.buf.readInt8(this.offset++)) };
      }
      case 0xd1: {
        this.need(2);
        const v = this.buf.readInt16BE(this.offset);
        this.offset += 2;
        return { kind: 'int', v: BigInt(v) };
      }
      case 0xd2: {
        this.need(4);
        const v = this.buf.readInt32BE(this.offset);
        this.offset += 4;
        return { kind: 'int', v: BigInt(v) };
      }
      case 0xd3: {
        this.need(8);
        const v = this.buf.readBigInt64BE(this.offset);
        this.offset += 8;
        return { kind: 'int', v };
      }
      case 0xd4:
        return this.readExt(1);
      case 0xd5:
        return this.readExt(2);
      case 0xd6:
        return this.readExt(4);
      case 0xd7:
        return this.readExt(8);
      case 0xd8:
        return this.readExt(16);
      case 0xd9:
        return this.readBytes(this.u8(), false);
      case 0xda:
        return this.readBytes(this.uint(2), false);
      case 0xdb:
        return this.readBytes(this.uint(4), false);
      case 0xdc:
        return this.readList(this.uint(2), depth);
      case 0xdd:
        return this.readList(this.uint(4), depth);
      case 0xde:
        return this.readMap(this.uint(2), depth);
      case 0xdf:
        return this.readMap(this.uint(4), depth);
      default:
        throw new MsgpackError(`msgpack byte 0x${b.toString(16)} is not a value`);
    }
  }

  private uint(n: 2 | 4): number {
    this.need(n);
    const v = n === 2 ? this.buf.readUInt16BE(this.offset) : this.buf.readUInt32BE(this.offset);
    this.offset += n;
    return v;
  }

  private readBytes(length: number, bin: boolean): Value {
    const data = this.take(length);
    if (length === 0) return { kind: 'bytes', type: -1, v: Buffer.alloc(0), bin };
    return { kind: 'bytes', type: data[0]!, v: Buffer.from(data.subarray(1)), bin };
  }

  private readExt(length: number): Value {
    const type = this.u8();
    const data = this.take(length);
    if (type === 0xff && length === 1) {
      if (data[0] === 0) return { kind: 'wildcard' };
      if (data[0] === 1) return { kind: 'inf' };
    }
    return { kind: 'ext', type, data: Buffer.from(data) };
  }

  private readList(count: number, depth: number): ListValue {
    if (count > this.end - this.offset) throw new MsgpackError(`msgpack list of ${count} items overruns the input`);
    const out: ListValue = { kind: 'list', items: [], flags: 0 };
    for (let i = 0; i < count; i++) {
      const v = this.read(depth + 1);
      // The order header of a list is an ext value in first place.
      if (i === 0 && v.kind === 'ext') {
        out.flags = v.type;
        continue;
      }
      out.items.push(v);
    }
    return out;
  }

  private readMap(count: number, depth: number): MapValue {
    if (count > this.end - this.offset) throw new MsgpackError(`msgpack map of ${count} entries overruns the input`);
    const out: MapValue = { kind: 'map', entries: [], flags: 0 };
    for (let i = 0; i < count; i++) {
      const k = this.read(depth + 1);
      const v = this.read(depth + 1);
      // The order header of a map is an ext key (paired with nil) in first place.
      if (i === 0 && k.kind === 'ext') {
        out.flags = k.type;
        continue;
      }
      out.entries.push([k, v]);
    }
    return out;
  }
}

/** Decodes one value from `buf` (the whole buffer must be that value). */
export function decodeValue(buf: Buffer): Value {
  const r = new ValueReader(buf);
  const v = r.read();
  if (!r.done) throw new MsgpackError(`${buf.length - r.offset} bytes after the msgpack value`);
  return v;
}

/** Growable output buffer. */
class Out {
  buf = Buffer.allocUnsafe(64);
  at = 0;
  ensure(n: number): void {
    if (this.at + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.at + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.at++] = b;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }
  u16(v: number): void {
    this.ensure(2);
    this.buf.writeUInt16BE(v, this.at);
    this.at += 2;
  }
  u32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32BE(v, this.at);
    this.at += 4;
  }
  result(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.at));
  }
}

function writeInt(out: Out, v: bigint): void {
  if (v >= 0n) {
    if (v < 128n) out.byte(Number(v));
    else if (v < 0x100n) {
      out.byte(0xcc);
      out.byte(Number(v));
    } else if (v < 0x10000n) {
      out.byte(0xcd);
      out.u16(Number(v));
    } else if (v < 0x100000000n) {
      out.byte(0xce);
      out.u32(Number(v));
    } else {
      out.byte(0xcf);
      out.ensure(8);
      out.buf.writeBigUInt64BE(BigInt.asUintN(64, v), out.at);
      out.at += 8;
    }
    return;
  }
  if (v >= -32n) out.byte(Number(v) & 0xff);
  else if (v >= -128n) {
    out.byte(0xd0);
    out.byte(Number(v) & 0xff);
  } else if (v >= -32768n) {
    out.byte(0xd1);
    out.ensure(2);
    out.buf.writeInt16BE(Number(v), out.at);
    out.at += 2;
  } else if (v >= -2147483648n) {
    out.byte(0xd2);
    out.ensure(4);
    out.buf.writeInt32BE(Number(v), out.at);
    out.at += 4;
  } else {
    out.byte(0xd3);
    out.ensure(8);
    out.buf.writeBigInt64BE(BigInt.asIntN(64, v), out.at);
    out.at += 8;
  }
}

function writeHeader(out: Out, count: number, fix: number, b16: number, b32: number): void {
  if (count < 16) out.byte(fix | count);
  else if (count < 0x10000) {
    out.byte(b16);
    out.u16(count);
  } else {
    out.byte(b32);
    out.u32(count);
  }
}

function writeOrderHeader(out: Out, flags: number): void {
  out.byte(0xc7);
  out.byte(0);
  out.byte(flags);
}

function writeValue(out: Out, v: Value): void {
  switch (v.kind) {
    case 'nil':
      out.byte(0xc0);
      return;
    case 'bool':
      out.byte(v.v ? 0xc3 : 0xc2);
      return;
    case 'int':
      writeInt(out, v.v);
      return;
    case 'float':
      out.byte(0xcb);
      out.ensure(8);
      out.buf.writeDoubleBE(v.v, out.at);
      out.at += 8;
      return;
    case 'bytes': {
      const n = v.type === -1 ? 0 : v.v.length + 1;
      if (v.bin) {
        if (n < 0x100) {
          out.byte(0xc4);
          out.byte(n);
        } else if (n < 0x10000) {
          out.byte(0xc5);
          out.u16(n);
        } else {
          out.byte(0xc6);
          out.u32(n);
        }
      } else if (n < 32) out.byte(0xa0 | n);
      else if (n < 0x100) {
        out.byte(0xd9);
        out.byte(n);
      } else if (n < 0x10000) {
        out.byte(0xda);
        out.u16(n);
      } else {
        out.byte(0xdb);
        out.u32(n);
      }
      if (n > 0) {
        out.byte(v.type);
        out.bytes(v.v);
      }
      return;
    }
    case 'list': {
      const header = v.flags !== 0 ? 1 : 0;
      writeHeader(out, v.items.length + header, 0x90, 0xdc, 0xdd);
      if (header) writeOrderHeader(out, v.flags);
      for (const item of v.items) writeValue(out, item);
      return;
    }
    case 'map': {
      const header = v.flags !== 0 ? 1 : 0;
      writeHeader(out, v.entries.length + header, 0x80, 0xde, 0xdf);
      if (header) {
        writeOrderHeader(out, v.flags);
        out.byte(0xc0);
      }
      for (const [k, val] of v.entries) {
        writeValue(out, k);
        writeValue(out, val);
      }
      return;
    }
    case 'ext': {
      const n = v.data.length;
      if (n === 1 || n === 2 || n === 4 || n === 8 || n === 16) out.byte({ 1: 0xd4, 2: 0xd5, 4: 0xd6, 8: 0xd7, 16: 0xd8 }[n]!);
      else if (n < 0x100) {
        out.byte(0xc7);
        out.byte(n);
      } else if (n < 0x10000) {
        out.byte(0xc8);
        out.u16(n);
      } else {
        out.byte(0xc9);
        out.u32(n);
      }
      out.byte(v.type);
      out.bytes(v.data);
      return;
    }
    case 'wildcard':
      out.bytes(Buffer.from([0xd4, 0xff, 0x00]));
      return;
    case 'inf':
      out.bytes(Buffer.from([0xd4, 0xff, 0x01]));
      return;
  }
}

/** Encodes `v` as the server would store it. */
export function encodeValue(v: Value): Buffer {
  const out = new Out();
  writeValue(out, v);
  return out.result();
}

/** A Value from a string, for building expected values and results. */
export function textValue(s: string): Value {
  return { kind: 'bytes', type: BytesType.STRING, v: Buffer.from(s, 'utf8') };
}
