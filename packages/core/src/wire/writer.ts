/**
 * Two-pass encoding, shared by every message family (record commands,
 * info, admin, and the batch and scan/query requests built on them): an
 * encoder first adds up the exact size of what it will write — with the
 * `…Size` helpers here and in `msgpack.ts` — then writes it into one buffer
 * of that size through a {@link MessageWriter}, which owns the offset. One
 * allocation per request, no copying, and {@link MessageWriter.finish}
 * checks that the two passes agreed.
 */

import { FIELD_HEADER_SIZE, MSG_HEADER_SIZE, OP_HEADER_SIZE } from './message.js';
import { PROTO_HEADER_SIZE, type ProtoType, writeProtoHeader } from './proto.js';

/** Bytes a field with `dataLength` bytes of data takes. */
export function fieldSize(dataLength: number): number {
  return FIELD_HEADER_SIZE + dataLength;
}

/** Bytes an operation with bin name `nameLength` and a value of `valueSize` bytes takes. */
export function opSize(nameLength: number, valueSize: number): number {
  return OP_HEADER_SIZE + nameLength + valueSize;
}

/** The AS_MSG header values a request sets; the result code is always 0 in requests. */
export interface RequestHeader {
  info1: number;
  info2: number;
  info3: number;
  info4: number;
  generation: number;
  recordTtl: number;
  transactionTtl: number;
}

/** Writes one protocol frame, front to back, into a buffer sized by the first pass. */
export class MessageWriter {
  /** Offset of the next byte to write. */
  offset: number;

  private constructor(readonly buf: Buffer) {
    this.offset = 0;
  }

  /** Allocates a frame of type `type` whose body is `bodySize` bytes, and writes its proto header. */
  static frame(type: ProtoType, bodySize: number): MessageWriter {
    const w = new MessageWriter(Buffer.allocUnsafe(PROTO_HEADER_SIZE + bodySize));
    writeProtoHeader(w.buf, 0, type, bodySize);
    w.offset = PROTO_HEADER_SIZE;
    return w;
  }

  u8(value: number): void {
    this.buf[this.offset++] = value;
  }

  u16(value: number): void {
    this.buf.writeUInt16BE(value, this.offset);
    this.offset += 2;
  }

  u32(value: number): void {
    this.buf.writeUInt32BE(value >>> 0, this.offset);
    this.offset += 4;
  }

  /** Writes `count` zero bytes. */
  zeros(count: number): void {
    this.buf.fill(0, this.offset, this.offset + count);
    this.offset += count;
  }

  bytes(data: Uint8Array): void {
    this.buf.set(data, this.offset);
    this.offset += data.length;
  }

  /** Writes `text` as UTF-8; the first pass counted `Buffer.byteLength(text)`. */
  utf8(text: string): void {
    this.offset += this.buf.write(text, this.offset, 'utf8');
  }

  /** The 22-byte AS_MSG header of a request. */
  messageHeader(h: RequestHeader, fieldCount: number, opCount: number): void {
    const buf = this.buf;
    const at = this.offset;
    buf[at] = MSG_HEADER_SIZE;
    buf[at + 1] = h.info1;
    buf[at + 2] = h.info2;
    buf[at + 3] = h.info3;
    buf[at + 4] = h.info4;
    buf[at + 5] = 0;
    buf.writeUInt32BE(h.generation >>> 0, at + 6);
    buf.writeUInt32BE(h.recordTtl >>> 0, at + 10);
    buf.writeUInt32BE(h.transactionTtl >>> 0, at + 14);
    buf.writeUInt16BE(fieldCount, at + 18);
    buf.writeUInt16BE(opCount, at + 20);
    this.offset = at + MSG_HEADER_SIZE;
  }

  /** A field header for `dataLength` bytes of data that the caller writes next. */
  fieldHeader(type: number, dataLength: number): void {
    this.buf.writeUInt32BE(dataLength + 1, this.offset);
    this.buf[this.offset + 4] = type;
    this.offset += FIELD_HEADER_SIZE;
  }

  /** A whole field. */
  field(type: number, data: Uint8Array): void {
    this.fieldHeader(type, data.length);
    this.bytes(data);
  }

  /** An operation header and its bin name; the caller writes the `valueSize` bytes of value next. */
  opHeader(op: number, particleType: number, name: Uint8Array, valueSize: number): void {
    const buf = this.buf;
    const at = this.offset;
    buf.writeUInt32BE(4 + name.length + valueSize, at);
    buf[at + 4] = op;
    buf[at + 5] = particleType;
    buf[at + 6] = 0;
    buf[at + 7] = name.length;
    buf.set(name, at + OP_HEADER_SIZE);
    this.offset = at + OP_HEADER_SIZE + name.length;
  }

  /**
   * The encoded frame. Throws when the write pass did not fill exactly what
   * the size pass counted: a short frame would send stale memory.
   */
  finish(): Buffer {
    if (this.offset !== this.buf.length) {
      throw new Error(`message size mismatch: counted ${this.buf.length} bytes, wrote ${this.offset}`);
    }
    return this.buf;
  }
}
