/**
 * Fuzz tests of every decoder that reads bytes or text from the network.
 *
 * The rule under test: a decoder either returns a well-formed result (offsets
 * within bounds) or throws ProtocolError. A RangeError, TypeError or any other
 * exception, a hang, or a result pointing outside its input is a failure.
 *
 * Inputs: random bytes and strings, every truncation of captured frames,
 * random single- and multi-byte mutations of them, and length fields set to
 * huge values. The PRNG is seeded; set FUZZ_SEED to replay a failing run.
 */

import { randomInt } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PartitionMaps, parseReplicas } from '../../src/cluster/partitions.js';
import { parsePeers } from '../../src/cluster/peers.js';
import { ProtocolError } from '../../src/errors.js';
import type { BinValue } from '../../src/values.js';
import { Double, GeoJSON } from '../../src/values.js';
import { FrameReader } from '../../src/wire/frame-reader.js';
import { parseInfoError, parseInfoResponse } from '../../src/wire/info.js';
import { MSG_HEADER_SIZE, readMessageHeader } from '../../src/wire/message.js';
import { packToBuffer } from '../../src/wire/msgpack.js';
import { ParticleType, readParticle } from '../../src/wire/particles.js';
import { MAX_PROTO_BODY, PROTO_HEADER_SIZE, readProtoHeader } from '../../src/wire/proto.js';
import { readRecordMessage } from '../../src/wire/reply.js';
import { frameBytes, loadFrames, walkMessage } from './frames.js';

const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) >>> 0 : randomInt(1, 0xffffffff);
const REPLAY = `FUZZ_SEED=${SEED}`;

/** Iterations per random/mutation case (FUZZ_ITERATIONS for a longer local run). */
const N = Number(process.env.FUZZ_ITERATIONS ?? 2000);
/** Wall-clock budget per test, so that the file stays within a few seconds on a slow machine. */
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 400);

// ---------------------------------------------------------------------------
// PRNG

interface Rng {
  u32(): number;
  int(n: number): number;
  bytes(n: number): Buffer;
  pick<T>(items: readonly T[]): T;
}

function rng(stream: string): Rng {
  // Each test draws from its own stream so that tests are independent of order.
  let s = SEED;
  for (let i = 0; i < stream.length; i++) s = Math.imul(s ^ stream.charCodeAt(i), 0x9e3779b1) >>> 0;
  if (s === 0) s = 0x2545f491;
  const u32 = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  const int = (n: number) => (n <= 0 ? 0 : u32() % n);
  return {
    u32,
    int,
    bytes(n) {
      const b = Buffer.allocUnsafe(n);
      for (let i = 0; i < n; i++) b[i] = u32() & 0xff;
      return b;
    },
    pick: (items) => items[int(items.length)]!,
  };
}

// ---------------------------------------------------------------------------
// The property

type Outcome = 'ok' | 'error';

function show(input: Buffer | string): string {
  if (typeof input === 'string') return JSON.stringify(input.length > 300 ? `${input.slice(0, 300)}…` : input);
  const hex = input.toString('hex');
  return hex.length > 600 ? `${hex.slice(0, 600)}… (${input.length} bytes)` : hex;
}

/** Runs `fn`; a return or a ProtocolError passes, anything else fails with the seed and input. */
function attempt(what: string, input: Buffer | string, fn: () => void): Outcome {
  try {
    fn();
    return 'ok';
  } catch (err) {
    if (err instanceof ProtocolError) return 'error';
    const e = err as Error;
    throw new Error(`${what}: threw ${e?.name}: ${e?.message} (${REPLAY}) on input ${show(input)}`, { cause: err });
  }
}

function expectError(what: string, input: Buffer | string, fn: () => void): void {
  expect(attempt(what, input, fn), `${what} accepted ${show(input)} (${REPLAY})`).toBe('error');
}

/** Runs `body(i)` up to `n` times within the time budget; returns the iterations done. */
function loop(n: number, body: (i: number) => void): number {
  const deadline = Date.now() + BUDGET_MS;
  let i = 0;
  for (; i < n; i++) {
    // Check the clock every 16 iterations; always do a minimum of work.
    if ((i & 15) === 0 && i >= 64 && Date.now() > deadline) break;
    body(i);
  }
  return i;
}

function check(cond: boolean, message: string): void {
  if (!cond) throw new Error(`${message} (${REPLAY})`);
}

// ---------------------------------------------------------------------------
// Inputs

const frames = loadFrames();
const allFrames = frames.map(frameBytes);

/** AS_MSG bodies: captured requests and replies, and the inflated compressed request. */
const messages: Buffer[] = frames.flatMap((f) => {
  const buf = frameBytes(f);
  if (f.type === 3) return [buf.subarray(PROTO_HEADER_SIZE)];
  if (f.type === 4) return [inflateSync(buf.subarray(PROTO_HEADER_SIZE + 8)).subarray(PROTO_HEADER_SIZE)];
  return [];
});

const infoBodies: string[] = frames.filter((f) => f.type === 1).map((f) => frameBytes(f).subarray(PROTO_HEADER_SIZE).toString('utf8'));
const infoValues: string[] = frames
  .filter((f) => f.type === 1 && f.dir === 's2c')
  .flatMap((f) => [...parseInfoResponse(frameBytes(f).subarray(PROTO_HEADER_SIZE)).values()]);
const peersValues: string[] = [
  ...new Set(
    frames
      .filter((f) => f.type === 1 && f.dir === 's2c')
      .map((f) => parseInfoResponse(frameBytes(f).subarray(PROTO_HEADER_SIZE)).get('peers-clear-std'))
      .filter((v): v is string => v !== undefined),
  ),
  '7,3000,[[BB9020011AC4202,tls.example.com,[10.0.0.1:4333,[2001:db8::1]:4333,[::1]]],[BB8,,[host.example]]]',
];
const replicasValues: string[] = [
  ...new Set(
    frames
      .filter((f) => f.type === 1 && f.dir === 's2c')
      .map((f) => parseInfoResponse(frameBytes(f).subarray(PROTO_HEADER_SIZE)).get('replicas'))
      .filter((v): v is string => v !== undefined),
  ),
];

/** Particle payloads by type: the captured op values, plus synthetic ones for the rest. */
const particles = new Map<number, Buffer[]>();
function addParticle(type: number, bytes: Buffer): void {
  const list = particles.get(type) ?? [];
  if (!list.some((b) => b.equals(bytes))) list.push(bytes);
  particles.set(type, list);
}
for (const body of messages) {
  for (const op of walkMessage(body).ops) if (op.value.length > 0) addParticle(op.ptype, Buffer.from(op.value));
}
{
  const int64 = Buffer.alloc(8);
  int64.writeBigInt64BE(-(2n ** 63n));
  addParticle(ParticleType.INTEGER, int64);
  addParticle(ParticleType.INTEGER, Buffer.from('0102', 'hex'));
  addParticle(ParticleType.DOUBLE, Buffer.from('7ff8000000000000', 'hex'));
  addParticle(ParticleType.BOOL, Buffer.from('00', 'hex'));
  const geo = Buffer.concat([Buffer.from('000002', 'hex'), Buffer.alloc(16, 0xab), Buffer.from('{"type":"Point","coordinates":[0,0]}')]);
  addParticle(ParticleType.GEOJSON, geo);
  addParticle(ParticleType.HLL, Buffer.from('000a00000000', 'hex'));
  const values: BinValue[] = [
    [1, -1, 2 ** 40, -(2n ** 63n), 'str', Buffer.from('ab'), new Double(2), 1.5, true, false, null, new GeoJSON('{}')],
    [[[[[]]]], { a: { b: { c: [1, 2, 3] } } }],
    new Map<number | string, BinValue>([
      [1, 'one'],
      ['two', [2]],
    ]),
    { k: 'v', n: 1, nested: { list: [1, 'x', { y: null }] } },
    'x'.repeat(300),
  ];
  for (const v of values) {
    const packed = packToBuffer(v);
    addParticle(Array.isArray(v) ? ParticleType.LIST : ParticleType.MAP, packed);
  }
  addParticle(ParticleType.LIST, Buffer.from('94c70001010203', 'hex'));
  addParticle(ParticleType.STRING, Buffer.from('hé✓🚀'));
  addParticle(ParticleType.BLOB, Buffer.from('000102feff', 'hex'));
  addParticle(ParticleType.JAVA_BLOB, Buffer.from('aced0005', 'hex'));
}
const PARTICLE_TYPES = [
  ...Object.values(ParticleType),
  // types no server sends: decoded as blobs, never a crash
  5,
  6,
  13,
  16,
  21,
  22,
  24,
  99,
  255,
];
const allParticles: Array<[number, Buffer]> = [...particles].flatMap(([t, list]) => list.map((b) => [t, b] as [number, Buffer]));

/**
 * Truncations `[0, k)` for every k < length. Past 1 KiB (a 4 KiB string
 * value) only every 16th cut and the last 64 are taken: the rest are the
 * same cut through the same value.
 */
function* truncations(buf: Buffer): Generator<Buffer> {
  for (let k = 0; k < buf.length; k++) {
    if (k < 1024 || k % 16 === 0 || k >= buf.length - 64) yield buf.subarray(0, k);
  }
}

function mutate(r: Rng, input: Buffer): Buffer {
  const b = Buffer.from(input);
  if (b.length === 0) return r.bytes(1 + r.int(8));
  const kind = r.int(6);
  const edits = kind < 3 ? 1 : 1 + r.int(8);
  for (let e = 0; e < edits; e++) {
    const at = r.int(b.length);
    switch (r.int(4)) {
      case 0:
        b[at] = r.u32() & 0xff;
        break;
      case 1:
        b[at] = b[at]! ^ (1 << r.int(8));
        break;
      case 2:
        b[at] = r.pick([0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff]);
        break;
      default:
        b[at] = (b[at]! + r.pick([1, -1, 8, -8])) & 0xff;
    }
  }
  if (kind === 5) {
    // Also cut or extend it.
    return r.int(2) === 0 ? b.subarray(0, r.int(b.length + 1)) : Buffer.concat([b, r.bytes(1 + r.int(16))]);
  }
  return b;
}

const ALPHABET_PEERS = '[],:0123456789ABCDEFabcdef.xyz \t\n-';
const ALPHABET_REPLICAS = 'test:bar;,0123456789/+=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\n';
const ALPHABET_INFO = 'abc=:;,\t\n\r-_/ 0123456789ERRORFAIL\u00e9\u2713\ud83d\ude80\ud800\0';

function randomString(r: Rng, alphabet: string, max: number): string {
  const n = r.int(max + 1);
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[r.int(alphabet.length)];
  return s;
}

function mutateString(r: Rng, input: string, alphabet: string): string {
  let s = input;
  const edits = r.int(3) === 0 ? 1 + r.int(6) : 1;
  for (let e = 0; e < edits; e++) {
    const at = r.int(s.length + 1);
    const c = alphabet[r.int(alphabet.length)]!;
    switch (r.int(3)) {
      case 0:
        s = s.slice(0, at) + c + s.slice(at + 1);
        break;
      case 1:
        s = s.slice(0, at) + c + s.slice(at);
        break;
      default:
        s = s.slice(0, at) + s.slice(at + 1);
    }
  }
  return s;
}

// ---------------------------------------------------------------------------
// Decoders with their validity checks

function protoHeader(b: Buffer): void {
  const h = readProtoHeader(b, 0);
  check(h.version === 2, `version ${h.version}`);
  check(h.type >= 1 && h.type <= 4, `type ${h.type}`);
  check(Number.isSafeInteger(h.length) && h.length >= 0 && h.length <= MAX_PROTO_BODY, `length ${h.length}`);
}

/** Feeds `b` to a fresh FrameReader in two chunks split at `cut`. */
function frameReader(b: Buffer, cut: number): void {
  const reader = new FrameReader();
  let consumed = 0;
  const onFrame = (type: number, body: Buffer) => {
    check(type >= 1 && type <= 4, `frame type ${type}`);
    consumed += PROTO_HEADER_SIZE + body.length;
  };
  reader.push(b.subarray(0, cut), onFrame);
  reader.push(b.subarray(cut), onFrame);
  check(consumed <= b.length, `frames of ${consumed} bytes from ${b.length}`);
  check(reader.midFrame || consumed === b.length, `${b.length - consumed} bytes unaccounted for`);
}

function messageHeader(b: Buffer): void {
  const h = readMessageHeader(b, 0, b.length);
  check(b.length >= MSG_HEADER_SIZE, 'header read from a short buffer');
  check(h.fieldCount <= 0xffff && h.opCount <= 0xffff, 'counts');
}

/**
 * Decodes `b` alone, and again embedded between random bytes with an
 * explicit end: the outcome must not depend on bytes outside [offset, end).
 */
function recordMessage(r: Rng, b: Buffer): void {
  const ordered = r.int(2) === 0;
  let alone: ReturnType<typeof readRecordMessage> | undefined;
  let aloneError: unknown;
  try {
    alone = readRecordMessage(b, 0, b.length, ordered);
  } catch (err) {
    aloneError = err;
  }
  const pre = r.int(8);
  const padded = Buffer.concat([r.bytes(pre), b, r.bytes(1 + r.int(64))]);
  let embedded: ReturnType<typeof readRecordMessage> | undefined;
  try {
    embedded = readRecordMessage(padded, pre, pre + b.length, ordered);
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err;
    if (aloneError === undefined) throw new Error(`fails only when embedded: ${(err as Error).message} (${REPLAY})`);
  }
  if (aloneError !== undefined) {
    if (!(aloneError instanceof ProtocolError)) throw aloneError;
    if (embedded !== undefined) throw new Error(`succeeds only when embedded (${REPLAY})`);
    throw aloneError;
  }
  const m = alone!;
  check(m.end >= MSG_HEADER_SIZE && m.end <= b.length, `end ${m.end} outside [22, ${b.length}]`);
  check(embedded!.end === m.end + pre, 'embedded end differs');
  expect(embedded!.bins).toEqual(m.bins);
  if (m.bins !== null && ordered) check(m.results !== undefined, 'ordered results missing');
  if (m.digest !== undefined) check(m.digest.length === 20, 'digest length');
}

/** Same embedding check for a particle. */
function particle(r: Rng, type: number, b: Buffer): void {
  let alone: BinValue | undefined;
  let aloneError: unknown;
  try {
    alone = readParticle(b, 0, b.length, type);
  } catch (err) {
    aloneError = err;
  }
  const pre = r.int(8);
  const padded = Buffer.concat([r.bytes(pre), b, r.bytes(1 + r.int(32))]);
  let embedded: BinValue | undefined;
  try {
    embedded = readParticle(padded, pre, pre + b.length, type);
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err;
    if (aloneError === undefined) throw new Error(`type ${type}: fails only when embedded: ${(err as Error).message} (${REPLAY})`);
  }
  if (aloneError !== undefined) {
    if (!(aloneError instanceof ProtocolError)) throw aloneError;
    if (embedded !== undefined) throw new Error(`type ${type}: succeeds only when embedded (${REPLAY})`);
    throw aloneError;
  }
  expect(embedded, `type ${type} (${REPLAY})`).toEqual(alone);
}

function infoResponse(input: Buffer | string): void {
  const m = parseInfoResponse(input);
  check(m instanceof Map, 'not a Map');
  for (const [k, v] of m) {
    check(typeof k === 'string' && typeof v === 'string', 'entry types');
    check(!k.includes('\n') && !k.includes('\t') && !v.includes('\n'), `entry ${JSON.stringify([k, v])}`);
  }
}

function infoError(input: string): void {
  const e = parseInfoError(input);
  if (e === undefined) return;
  // A code of hundreds of digits comes back as Infinity; anything else is an integer.
  check(Number.isInteger(e.resultCode) || e.resultCode === Number.POSITIVE_INFINITY, `result code ${e.resultCode}`);
  check(typeof e.message === 'string' && e.message.length > 0, 'message');
}

function peers(input: string): void {
  const p = parsePeers(input);
  check(Number.isInteger(p.generation) && p.generation >= 0, `generation ${p.generation}`);
  for (const peer of p.peers) {
    check(typeof peer.nodeName === 'string', 'node name');
    check(peer.tlsName === undefined || (typeof peer.tlsName === 'string' && peer.tlsName !== ''), 'tls name');
    for (const a of peer.addresses) {
      check(typeof a.host === 'string' && a.host !== '', `host ${a.host}`);
      check(Number.isInteger(a.port) && a.port >= 1 && a.port <= 65535, `port ${a.port}`);
    }
  }
}

function replicas(input: string): void {
  const entries = parseReplicas(input);
  for (const e of entries) {
    check(e.namespace.length > 0, 'namespace');
    check(Number.isInteger(e.regime) && e.regime >= 0, `regime ${e.regime}`);
    check(e.bitmaps.length <= 256, `${e.bitmaps.length} bitmaps`);
    for (const b of e.bitmaps) check(b.length === 512, `bitmap of ${b.length} bytes`);
  }
  // Whatever parses must also be installable.
  new PartitionMaps().update('N1', entries);
}

// ---------------------------------------------------------------------------

describe(`wire decoders under fuzzing (${REPLAY})`, () => {
  it('has captured inputs for every decoder', () => {
    expect(messages.length).toBeGreaterThan(100);
    expect(infoBodies.length).toBeGreaterThan(20);
    expect(peersValues.length).toBeGreaterThan(4);
    expect(replicasValues.length).toBeGreaterThan(3);
    expect(allParticles.length).toBeGreaterThan(40);
  });

  describe('readProtoHeader', () => {
    it('random bytes', () => {
      const r = rng('proto-random');
      loop(N, () => {
        const b = r.bytes(r.int(17));
        // Bias towards a plausible prefix so that the length checks are reached.
        if (b.length >= 2 && r.int(2) === 0) {
          b[0] = 2;
          b[1] = 1 + r.int(4);
        }
        attempt('readProtoHeader', b, () => protoHeader(b));
      });
    });

    it('every truncation of every captured header', () => {
      for (const f of allFrames) {
        for (const t of truncations(f.subarray(0, PROTO_HEADER_SIZE))) expectError('readProtoHeader', t, () => protoHeader(t));
        attempt('readProtoHeader', f, () => protoHeader(f));
      }
    });

    it('mutations of captured headers', () => {
      const r = rng('proto-mutate');
      loop(N, () => {
        const b = mutate(r, r.pick(allFrames).subarray(0, PROTO_HEADER_SIZE));
        attempt('readProtoHeader', b, () => protoHeader(b));
      });
    });

    it('huge lengths', () => {
      for (const f of allFrames.slice(0, 20)) {
        for (const high of [0, 0x8000, 0xffff]) {
          for (const low of [0xffffffff, MAX_PROTO_BODY + 1]) {
            const b = Buffer.from(f);
            b.writeUInt16BE(high, 2);
            b.writeUInt32BE(low, 4);
            expectError('readProtoHeader', b, () => protoHeader(b));
          }
        }
        // 2^47 exactly
        const b = Buffer.from(f);
        b.writeUIntBE(2 ** 47, 2, 6);
        expectError('readProtoHeader', b, () => protoHeader(b));
      }
    });
  });

  describe('FrameReader.push', () => {
    const stream = (r: Rng): Buffer => Buffer.concat(Array.from({ length: 1 + r.int(3) }, () => r.pick(allFrames)));

    it('random bytes', () => {
      const r = rng('frames-random');
      loop(N, () => {
        const b = r.bytes(r.int(64));
        if (b.length >= 8 && r.int(2) === 0) {
          b[0] = 2;
          b[1] = 1 + r.int(4);
          b.writeUInt16BE(0, 2);
          b.writeUInt32BE(r.int(80), 4);
        }
        attempt('FrameReader', b, () => frameReader(b, r.int(b.length + 1)));
      });
    });

    it('every truncation of captured frames, split at random points', () => {
      const r = rng('frames-truncate');
      for (const f of allFrames.filter((x) => x.length < 2000)) {
        for (const t of truncations(f)) {
          const outcome = attempt('FrameReader', t, () => frameReader(t, r.int(t.length + 1)));
          expect(outcome).toBe('ok');
        }
      }
    });

    it('mutations of captured frame streams', () => {
      const r = rng('frames-mutate');
      loop(N, () => {
        const b = mutate(r, stream(r));
        attempt('FrameReader', b, () => frameReader(b, r.int(b.length + 1)));
      });
    });

    it('huge lengths', () => {
      const r = rng('frames-huge');
      for (const f of allFrames.slice(0, 30)) {
        for (const len of [0xffffffff, 2 ** 47, 2 ** 48 - 1, MAX_PROTO_BODY + 1]) {
          const b = Buffer.from(f);
          b.writeUIntBE(len, 2, 6);
          // Either whole, or with the header itself split.
          expectError('FrameReader', b, () => frameReader(b, r.int(9)));
        }
      }
    });
  });

  describe('readMessageHeader', () => {
    it('random bytes', () => {
      const r = rng('msghdr-random');
      loop(N, () => {
        const b = r.bytes(r.int(40));
        if (b.length > 0 && r.int(2) === 0) b[0] = MSG_HEADER_SIZE;
        attempt('readMessageHeader', b, () => messageHeader(b));
      });
    });

    it('every truncation of captured messages', () => {
      for (const m of messages) {
        for (const t of truncations(m.subarray(0, MSG_HEADER_SIZE))) expectError('readMessageHeader', t, () => messageHeader(t));
      }
    });

    it('mutations of captured messages', () => {
      const r = rng('msghdr-mutate');
      loop(N, () => {
        const b = mutate(r, r.pick(messages).subarray(0, MSG_HEADER_SIZE + r.int(8)));
        attempt('readMessageHeader', b, () => messageHeader(b));
      });
    });
  });

  describe('readRecordMessage', () => {
    it('random bytes', () => {
      const r = rng('record-random');
      loop(N, () => {
        const b = r.bytes(r.int(120));
        if (b.length >= MSG_HEADER_SIZE && r.int(4) !== 0) {
          // Plausible header with small counts, so the field and op loops are reached.
          b[0] = MSG_HEADER_SIZE;
          b.writeUInt16BE(r.int(4), 18);
          b.writeUInt16BE(r.int(4), 20);
        }
        attempt('readRecordMessage', b, () => recordMessage(r, b));
      });
    });

    it('every truncation of every captured message', () => {
      const r = rng('record-truncate');
      for (const m of messages) {
        const ok = attempt('readRecordMessage', m, () => recordMessage(r, m));
        expect(ok, 'captured message decodes').toBe('ok');
        const { header } = walkMessage(m);
        for (const t of truncations(m)) {
          const outcome = attempt('readRecordMessage', t, () => recordMessage(r, t));
          // Every byte of a message with fields or ops is needed.
          if (header.fieldCount + header.opCount > 0) expect(outcome, `truncated to ${t.length} of ${m.length}`).toBe('error');
        }
      }
    });

    it('mutations of captured messages', () => {
      const r = rng('record-mutate');
      loop(N, () => {
        const b = mutate(r, r.pick(messages));
        attempt('readRecordMessage', b, () => recordMessage(r, b));
      });
    });

    it('huge counts and sizes', () => {
      const r = rng('record-huge');
      const rich = messages.filter((m) => {
        const h = walkMessage(m).header;
        return h.fieldCount + h.opCount > 0;
      });
      expect(rich.length).toBeGreaterThan(50);
      for (const m of rich) {
        const w = walkMessage(m);
        const variants: Buffer[] = [];
        const set = (fn: (b: Buffer) => void) => {
          const b = Buffer.from(m);
          fn(b);
          variants.push(b);
        };
        set((b) => b.writeUInt16BE(0xffff, 18));
        set((b) => b.writeUInt16BE(0xffff, 20));
        set((b) => b.writeUInt16BE(w.header.opCount + 1, 20));
        for (const f of w.fields) {
          for (const size of [0, 0xffffffff, 0x80000000, 2 ** 31 - 1, m.length]) set((b) => b.writeUInt32BE(size, f.at));
        }
        for (const o of w.ops) {
          for (const size of [0, 3, 0xffffffff, 0x80000000, m.length]) set((b) => b.writeUInt32BE(size, o.at));
          // A 255-byte name only overruns an op shorter than that.
          if (4 + 255 > m.readUInt32BE(o.at)) {
            set((b) => {
              b[o.at + 7] = 0xff;
            });
          }
        }
        for (const b of variants) expectError('readRecordMessage', b, () => recordMessage(r, b));
      }
    });
  });

  describe('readParticle', () => {
    it('random bytes for every particle type', () => {
      const r = rng('particle-random');
      loop(N * 2, () => {
        const type = r.pick(PARTICLE_TYPES);
        const b = r.bytes(r.int(48));
        // For msgpack types, start with a container header often enough to recurse.
        if (b.length > 0 && (type === ParticleType.LIST || type === ParticleType.MAP) && r.int(2) === 0) {
          b[0] = r.pick([0x91, 0x92, 0x93, 0x81, 0x82, 0xdc, 0xde, 0xc7, 0xd4]);
        }
        attempt(`readParticle(${type})`, b, () => particle(r, type, b));
      });
    });

    it('every truncation of valid particles', () => {
      const r = rng('particle-truncate');
      for (const [type, value] of allParticles) {
        expect(attempt(`readParticle(${type})`, value, () => particle(r, type, value)), `valid type ${type}`).toBe('ok');
        // Past 200 bytes every cut lands inside the same string or blob payload.
        for (const t of truncations(value.subarray(0, 200))) attempt(`readParticle(${type})`, t, () => particle(r, type, t));
        // Every type can also be asked to read any other type's bytes.
        for (const other of PARTICLE_TYPES) attempt(`readParticle(${other})`, value, () => particle(r, other, value));
      }
    });

    it('mutations of valid particles', () => {
      const r = rng('particle-mutate');
      loop(N * 2, () => {
        const [type, value] = r.pick(allParticles);
        const b = mutate(r, value);
        attempt(`readParticle(${type})`, b, () => particle(r, type, b));
      });
    });

    it('huge lengths and deep nesting', () => {
      const r = rng('particle-huge');
      const msgpack = [
        'dd ffffffff', // array32
        'df ffffffff', // map32
        'dc ffff', // array16
        'de ffff', // map16
        'db ffffffff 03', // str32
        'c6 ffffffff', // bin32
        'c9 ffffffff 01', // ext32
        '91 dd 7fffffff 01',
        '93 01 02 db 80000000 03 61',
        '81 a2 0361 df ffffffff',
        `${'91'.repeat(300)}01`, // 300 nested single-element lists
        `${'81 a2 0361 '.repeat(300)}01`, // 300 nested maps
      ].map((s) => Buffer.from(s.replace(/\s+/g, ''), 'hex'));
      for (const b of msgpack) {
        for (const type of [ParticleType.LIST, ParticleType.MAP]) expectError(`readParticle(${type})`, b, () => particle(r, type, b));
      }
      // GeoJSON with 65535 cells announced in a short particle.
      const geo = Buffer.from('00ffff7b7d', 'hex');
      expectError('readParticle(geojson)', geo, () => particle(r, ParticleType.GEOJSON, geo));
      // Fixed-size scalars with the wrong size.
      for (const [type, size] of [
        [ParticleType.INTEGER, 9],
        [ParticleType.DOUBLE, 7],
        [ParticleType.DOUBLE, 9],
        [ParticleType.BOOL, 0],
        [ParticleType.BOOL, 2],
      ] as const) {
        const b = Buffer.alloc(size);
        expectError(`readParticle(${type})`, b, () => particle(r, type, b));
      }
    });
  });

  describe('parseInfoResponse and parseInfoError', () => {
    it('random strings and bytes', () => {
      const r = rng('info-random');
      loop(N, () => {
        const s = randomString(r, ALPHABET_INFO, 80);
        attempt('parseInfoResponse', s, () => infoResponse(s));
        attempt('parseInfoError', s, () => infoError(s));
        const b = r.bytes(r.int(80));
        attempt('parseInfoResponse', b, () => infoResponse(b));
        attempt('parseInfoError', b, () => infoError(b.toString('latin1')));
      });
    });

    it('every truncation of captured info bodies and values', () => {
      for (const body of infoBodies.filter((x) => x.length < 3000)) {
        for (let k = 0; k <= body.length; k++) {
          const t = body.slice(0, k);
          attempt('parseInfoResponse', t, () => infoResponse(t));
        }
        const bytes = Buffer.from(body);
        for (const t of truncations(bytes)) attempt('parseInfoResponse', t, () => infoResponse(t));
      }
      for (const v of infoValues) {
        for (let k = 0; k <= Math.min(v.length, 200); k++) attempt('parseInfoError', v, () => infoError(v.slice(0, k)));
      }
    });

    it('mutations of captured info bodies and values', () => {
      const r = rng('info-mutate');
      loop(N, () => {
        const body = Buffer.from(r.pick(infoBodies));
        const b = mutate(r, body);
        attempt('parseInfoResponse', b, () => infoResponse(b));
        const v = mutateString(r, r.pick(infoValues).slice(0, 200), ALPHABET_INFO);
        attempt('parseInfoError', v, () => infoError(v));
      });
    });

    it('huge result codes and long values', () => {
      for (const v of ['ERROR:4294967295:x', `ERROR:${2 ** 47}:x`, `ERROR:${'9'.repeat(400)}:x`, `ERROR:${'1'.repeat(100_000)}x`, `FAIL:${':'.repeat(100_000)}`]) {
        attempt('parseInfoError', v, () => infoError(v));
      }
      const big = `${'a'.repeat(100_000)}\t${'b'.repeat(1_000_000)}\n`;
      attempt('parseInfoResponse', big, () => infoResponse(big));
    });
  });

  describe('parsePeers', () => {
    it('random strings', () => {
      const r = rng('peers-random');
      loop(N, () => {
        const s = r.int(2) === 0 ? randomString(r, ALPHABET_PEERS, 60) : `${r.int(10)},${r.int(4000)},${randomString(r, ALPHABET_PEERS, 60)}`;
        attempt('parsePeers', s, () => peers(s));
      });
    });

    it('every truncation of valid values', () => {
      for (const v of peersValues) {
        expect(attempt('parsePeers', v, () => peers(v)), v).toBe('ok');
        for (let k = 0; k < v.length; k++) {
          const t = v.slice(0, k);
          // A cut value is never a complete peer list.
          expectError('parsePeers', t, () => peers(t));
        }
      }
    });

    it('mutations of valid values', () => {
      const r = rng('peers-mutate');
      loop(N, () => {
        const s = mutateString(r, r.pick(peersValues), ALPHABET_PEERS);
        attempt('parsePeers', s, () => peers(s));
      });
    });

    it('huge numbers', () => {
      for (const n of ['4294967295', String(2 ** 47), '9'.repeat(30)]) {
        attempt('parsePeers', n, () => peers(`${n},3000,[]`));
        expectError('parsePeers', n, () => peers(`4,${n},[]`));
        expectError('parsePeers', n, () => peers(`4,3000,[[A2,,[127.0.0.1:${n}]]]`));
      }
      const deep = `1,3000,${'['.repeat(10_000)}`;
      expectError('parsePeers', deep, () => peers(deep));
    });
  });

  describe('parseReplicas', () => {
    it('random strings', () => {
      const r = rng('replicas-random');
      loop(N, () => {
        const s = randomString(r, ALPHABET_REPLICAS, 80);
        attempt('parseReplicas', s, () => replicas(s));
      });
    });

    it('every truncation of valid values', () => {
      for (const v of replicasValues) {
        expect(attempt('parseReplicas', v, () => replicas(v))).toBe('ok');
        for (let k = 0; k < v.length; k++) {
          const t = v.slice(0, k);
          attempt('parseReplicas', t, () => replicas(t));
        }
      }
    });

    it('mutations of valid values', () => {
      const r = rng('replicas-mutate');
      loop(N, () => {
        const s = mutateString(r, r.pick(replicasValues), ALPHABET_REPLICAS);
        attempt('parseReplicas', s, () => replicas(s));
      });
    });

    it('huge counts', () => {
      const v = replicasValues.find((x) => x.includes(',2,'))!;
      for (const n of ['4294967295', String(2 ** 47), '257', '9'.repeat(30)]) {
        const huge = v.replace(/^test:0,2,/, `test:0,${n},`);
        expectError('parseReplicas', huge, () => replicas(huge));
        const noRegime = `test:${n},${'A'.repeat(684)}`;
        expectError('parseReplicas', noRegime, () => replicas(noRegime));
      }
      const regime = v.replace(/^test:0,/, `test:${2 ** 47},`);
      expectError('parseReplicas', regime, () => replicas(regime));
    });
  });
});
