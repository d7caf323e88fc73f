/**
 * Splits a byte stream into proto frames. A frame that arrives whole inside
 * one chunk is handed over as a view of that chunk (no copy); a frame split
 * across chunks is assembled into a buffer of exactly its size.
 */

import { protocolError } from '../errors.js';
import { MAX_PROTO_BODY, PROTO_HEADER_SIZE, type ProtoType, readProtoHeader } from './proto.js';

/** Receives each complete frame: its proto type and body. */
export type FrameHandler = (type: ProtoType, body: Buffer) => void;

const EMPTY = Buffer.alloc(0);

/**
 * Incremental proto frame parser; throws ProtocolError on a malformed header
 * or a body longer than {@link FrameReader.maxBody}.
 */
export class FrameReader {
  /**
   * Longest body accepted, checked on the header before anything is
   * allocated for the body; at most {@link MAX_PROTO_BODY}, which
   * `readProtoHeader` enforces anyway. Lower it while reading replies that
   * have a known small bound (info answers the tend reads).
   */
  maxBody = MAX_PROTO_BODY;

  private readonly head = Buffer.allocUnsafe(PROTO_HEADER_SIZE);
  private headLength = 0;
  private body: Buffer | null = null;
  private bodyLength = 0;
  private bodyType: ProtoType = 1;

  /** True when part of a frame has been received and the rest is awaited. */
  get midFrame(): boolean {
    return this.headLength > 0 || this.body !== null;
  }

  /** Forgets any partial frame (after the stream broke). */
  reset(): void {
    this.headLength = 0;
    this.body = null;
    this.bodyLength = 0;
  }

  /** Feeds a chunk; calls `onFrame` for every frame it completes, in order. */
  push(chunk: Buffer, onFrame: FrameHandler): void {
    let off = 0;
    const n = chunk.length;
    while (off < n) {
      const body = this.body;
      if (body !== null) {
        const take = Math.min(body.length - this.bodyLength, n - off);
        chunk.copy(body, this.bodyLength, off, off + take);
        this.bodyLength += take;
        off += take;
        if (this.bodyLength === body.length) {
          this.body = null;
          onFrame(this.bodyType, body);
        }
        continue;
      }
      let type: ProtoType;
      let length: number;
      if (this.headLength === 0 && n - off >= PROTO_HEADER_SIZE) {
        const h = readProtoHeader(chunk, off);
        type = h.type;
        length = h.length;
        off += PROTO_HEADER_SIZE;
      } else {
        const take = Math.min(PROTO_HEADER_SIZE - this.headLength, n - off);
        chunk.copy(this.head, this.headLength, off, off + take);
        this.headLength += take;
        off += take;
        if (this.headLength < PROTO_HEADER_SIZE) return;
        this.headLength = 0;
        const h = readProtoHeader(this.head, 0);
        type = h.type;
        length = h.length;
      }
      if (length > this.maxBody) {
        throw protocolError('proto header', `body of ${length} bytes exceeds the limit of ${this.maxBody}`);
      }
      if (length === 0) {
        onFrame(type, EMPTY);
      } else if (n - off >= length) {
        onFrame(type, chunk.subarray(off, off + length));
        off += length;
      } else {
        this.body = Buffer.allocUnsafe(length);
        this.bodyLength = 0;
        this.bodyType = type;
      }
    }
  }
}
