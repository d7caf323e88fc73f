import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { HllOp, ParticleType } from '@aerospike-ts/core/wire';
import { describe, expect, it } from 'vitest';
import { applyHllOp, hllParticleIsValid } from '../../src/ops/hll.js';
import { OpFailure } from '../../src/ops/types.js';
import type { StoredBin } from '../../src/store.js';
import { type ArgSpec, encodePayload } from './fixtures/payload.js';

/** A particle as recorded: its bytes, or for large ones their SHA-256 and size. */
type Recorded = { type: number; hex: string } | { type: number; sha256: string; size: number };

/**
 * One scenario of fixtures/hll-cases.json: bins of one record, and steps run
 * one after the other, each with what a real server (Aerospike CE 8.1.2.0)
 * answered: result code, returned particle, and the bin read back after it.
 * HLL arguments may name a bin of the scenario, meaning its bytes at that
 * point (which earlier steps check are the server's).
 */
interface HllScenario {
  name: string;
  bins: Record<string, { type: number; hex: string }>;
  steps: {
    name?: string;
    bin: string;
    modify: boolean;
    args?: ArgSpec[];
    payload?: { hex: string };
    expect: { code: number; result?: Recorded; bin: Recorded | null };
  }[];
}

const scenarios = JSON.parse(readFileSync(new URL('./fixtures/hll-cases.json', import.meta.url), 'utf8')) as HllScenario[];

function recorded(b: StoredBin | undefined): Recorded | null {
  if (b === undefined) return null;
  if (b.data.length > 300) return { type: b.type, sha256: createHash('sha256').update(b.data).digest('hex'), size: b.data.length };
  return { type: b.type, hex: b.data.toString('hex') };
}

function stepTitle(step: HllScenario['steps'][number], i: number): string {
  const op = step.payload !== undefined ? 'raw payload' : JSON.stringify(step.args?.[0]);
  return `step ${i + 1} (${step.modify ? 'modify' : 'read'} ${op} on ${step.bin}${step.name ? `: ${step.name}` : ''})`;
}

describe('HLL operations, as a real server answered them', () => {
  it('covers every opcode and enough cases', () => {
    const steps = scenarios.flatMap((s) => s.steps);
    expect(steps.length).toBeGreaterThanOrEqual(60);
    const opcodes = new Set(steps.flatMap((s) => (s.args !== undefined && typeof s.args[0] === 'number' ? [s.args[0]] : [])));
    for (const code of Object.values(HllOp)) expect(opcodes).toContain(code);
  });

  it.each(scenarios.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
    const bins = new Map<string, StoredBin>();
    for (const [name, b] of Object.entries(scenario.bins)) bins.set(name, { type: b.type, data: Buffer.from(b.hex, 'hex') });
    const hllBytes = (name: string): Buffer => {
      const b = bins.get(name);
      if (b === undefined) throw new Error(`bin ${name} does not exist`);
      return b.data;
    };
    scenario.steps.forEach((step, i) => {
      const title = stepTitle(step, i);
      const payload = step.payload !== undefined ? Buffer.from(step.payload.hex, 'hex') : encodePayload(step.args!, hllBytes);
      const bin = bins.get(step.bin);
      const before = recorded(bin);
      let code = 0;
      let result: Recorded | null = null;
      try {
        const out = applyHllOp(bin, payload, step.modify);
        if (!step.modify) expect(out.bin, title).toBeUndefined();
        if (out.bin != null) bins.set(step.bin, out.bin);
        result = recorded(out.result);
      } catch (e) {
        if (!(e instanceof OpFailure)) throw e;
        code = e.resultCode;
      }
      expect({ code, result }, title).toEqual({ code: step.expect.code, result: step.expect.result ?? null });
      expect(recorded(bins.get(step.bin)), title).toEqual(step.expect.bin);
      // A failed or read-only step leaves the stored bytes as they were.
      if (code !== 0 || !step.modify) expect(recorded(bin), title).toEqual(before);
    });
  });
});

describe('HLL operation results', () => {
  const add = (elements: ArgSpec[], indexBits: number, minhashBits = 0) =>
    encodePayload([HllOp.ADD, { list: elements }, indexBits, minhashBits, 0]);

  it('creates a bin with add, and returns the number of registers changed', () => {
    const out = applyHllOp(undefined, add([{ text: 'a' }, { text: 'b' }, { text: 'a' }], 4), true);
    expect(out.bin?.type).toBe(ParticleType.HLL);
    expect(out.bin?.data.length).toBe(11 + 12);
    expect(out.result).toEqual({ type: ParticleType.INTEGER, data: Buffer.from('0000000000000002', 'hex') });
  });

  it('never changes the stored bytes in place', () => {
    const bin = applyHllOp(undefined, add([{ text: 'a' }], 8), true).bin!;
    const copy = Buffer.from(bin.data);
    const out = applyHllOp(bin, add([{ text: 'b' }, { text: 'c' }], 8), true);
    expect(bin.data).toEqual(copy);
    expect(out.bin!.data).not.toEqual(copy);
  });

  it('describes a sketch as the list [indexBits, minhashBits]', () => {
    const bin = applyHllOp(undefined, add([1, 2, 3], 12, 20), true).bin!;
    expect(applyHllOp(bin, encodePayload([HllOp.DESCRIBE]), false).result).toEqual({
      type: ParticleType.LIST,
      data: Buffer.from([0x92, 12, 20]),
    });
  });

  it('refuses a stored HLL of the wrong size with SERVER_ERROR, as the server code does (a server never stores one: it validates HLL writes)', () => {
    const corrupt: StoredBin = { type: ParticleType.HLL, data: Buffer.from('0008000000000000000000', 'hex') };
    expect(() => applyHllOp(corrupt, encodePayload([HllOp.COUNT]), false)).toThrow(
      expect.objectContaining({ resultCode: 1 }),
    );
  });

  // What a real server answered to a WRITE of each particle as an HLL bin: 0 or PARAMETER_ERROR.
  it.each([
    ['a valid empty sketch', `0004000000000000000000${'00'.repeat(12)}`, true],
    ['a valid sketch with a cached count', `0004000500000000000000${'00'.repeat(12)}`, true],
    ['unknown flags', `0104000000000000000000${'00'.repeat(12)}`, false],
    ['one byte short', `0004000000000000000000${'00'.repeat(11)}`, false],
    ['index bits 3', `0003000000000000000000${'00'.repeat(6)}`, false],
    ['index and minhash bits over 64', `001033${'00'.repeat(8)}${'00'.repeat((57 * 65536) / 8)}`, false],
    ['no bytes', '', false],
  ])('accepts as an HLL particle only what the server stores: %s', (_name, hex, valid) => {
    expect(hllParticleIsValid(Buffer.from(hex, 'hex'))).toBe(valid);
  });
});
