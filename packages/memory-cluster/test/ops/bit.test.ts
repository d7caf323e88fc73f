import { readFileSync } from 'node:fs';
import { BitOp, ParticleType } from '@aerospike-ts/core/wire';
import { describe, expect, it } from 'vitest';
import { applyBitOp } from '../../src/ops/bit.js';
import { OpFailure } from '../../src/ops/types.js';
import type { StoredBin } from '../../src/store.js';
import { type ArgSpec, encodePayload } from './fixtures/payload.js';

/**
 * One row of fixtures/bit-cases.json: a starting bin, an operation, and
 * what a real server (Aerospike CE 8.1.2.0) answered: its result code, the
 * particle it returned and the bin as read back afterwards.
 */
interface BitCase {
  name: string;
  bin: { type: number; hex: string } | null;
  modify: boolean;
  args?: ArgSpec[];
  payload?: { hex: string };
  expect: {
    code: number;
    result?: { type: number; hex: string };
    bin: { type: number; hex: string } | null;
  };
}

const cases = JSON.parse(readFileSync(new URL('./fixtures/bit-cases.json', import.meta.url), 'utf8')) as BitCase[];

function toBin(b: { type: number; hex: string } | null): StoredBin | undefined {
  return b === null ? undefined : { type: b.type, data: Buffer.from(b.hex, 'hex') };
}

function show(b: StoredBin | null | undefined): { type: number; hex: string } | null {
  return b == null ? null : { type: b.type, hex: b.data.toString('hex') };
}

function payloadOf(c: BitCase): Buffer {
  return c.payload !== undefined ? Buffer.from(c.payload.hex, 'hex') : encodePayload(c.args!);
}

describe('bit operations, as a real server answered them', () => {
  it('covers every opcode and enough cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    const opcodes = new Set(cases.flatMap((c) => (c.args !== undefined && typeof c.args[0] === 'number' ? [c.args[0]] : [])));
    for (const code of Object.values(BitOp)) expect(opcodes).toContain(code);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const bin = toBin(c.bin);
    const before = bin?.data.toString('hex');
    const payload = payloadOf(c);
    if (c.expect.code !== 0) {
      let error: unknown;
      try {
        applyBitOp(bin, payload, c.modify);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(OpFailure);
      expect((error as OpFailure).resultCode).toBe(c.expect.code);
    } else {
      const out = applyBitOp(bin, payload, c.modify);
      if (!c.modify) expect(out.bin).toBeUndefined();
      expect(show(out.result)).toEqual(c.expect.result ?? null);
      expect(show(out.bin === undefined ? bin : out.bin)).toEqual(c.expect.bin);
    }
    // The stored bin is never changed in place.
    expect(bin?.data.toString('hex')).toBe(before);
  });
});

describe('bit operation results', () => {
  const blob = (hex: string): StoredBin => ({ type: ParticleType.BLOB, data: Buffer.from(hex, 'hex') });

  it('returns nothing from a modify operation, and a new buffer for the bin', () => {
    const bin = blob('00');
    const out = applyBitOp(bin, encodePayload([BitOp.SET, 0, 8, { blob: 'ff' }, 0]), true);
    expect(out.result).toBeUndefined();
    expect(out.bin?.data).not.toBe(bin.data);
    expect(out.bin).toEqual(blob('ff'));
  });

  it('returns integers as 8-byte big-endian INTEGER particles', () => {
    const out = applyBitOp(blob('ffff'), encodePayload([BitOp.COUNT, 0, 16]), false);
    expect(out.result).toEqual({ type: ParticleType.INTEGER, data: Buffer.from('0000000000000010', 'hex') });
  });

  it('reports failures as OpFailure with the server result code', () => {
    expect(() => applyBitOp(blob('00'), encodePayload([BitOp.GET, 8, 8]), false)).toThrow(OpFailure);
  });
});
