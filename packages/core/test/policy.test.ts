import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { InvalidArgumentError } from '../src/errors.js';
import { DEFAULT_READ_POLICY, DEFAULT_WRITE_POLICY, MAX_TTL } from '../src/policy/defaults.js';
import { mergeReadPolicy, mergeWritePolicy, resolvePolicyDefaults } from '../src/policy/merge.js';
import {
  CommitLevel,
  ExistsAction,
  GenerationPolicy,
  ReadModeAP,
  ReadModeSC,
  Replica,
  Ttl,
} from '../src/policy/types.js';

function expectInvalid(fn: () => unknown, field: string, text?: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(InvalidArgumentError);
  expect((caught as Error).message).toContain(field);
  if (text !== undefined) expect((caught as Error).message).toMatch(text);
}

describe('built-in defaults', () => {
  it('read policy matches the Java client, but for reads that follow migrations', () => {
    expect(DEFAULT_READ_POLICY).toEqual({
      socketTimeout: 30000,
      totalTimeout: 1000,
      maxRetries: 2,
      sleepBetweenRetries: 0,
      sendKey: false,
      filterExpression: undefined,
      failOnFilteredOut: false,
      replica: Replica.SEQUENCE,
      readModeAP: ReadModeAP.ALL_DURING_MIGRATIONS,
      readModeSC: ReadModeSC.SESSION,
      readTouchTtlPercent: 0,
    });
  });

  it('write policy matches the Java client (no retries), but for reads that follow migrations', () => {
    expect(DEFAULT_WRITE_POLICY).toEqual({
      socketTimeout: 30000,
      totalTimeout: 1000,
      maxRetries: 0,
      sleepBetweenRetries: 0,
      sendKey: false,
      filterExpression: undefined,
      failOnFilteredOut: false,
      replica: Replica.SEQUENCE,
      readModeAP: ReadModeAP.ALL_DURING_MIGRATIONS,
      readModeSC: ReadModeSC.SESSION,
      ttl: Ttl.NAMESPACE_DEFAULT,
      exists: ExistsAction.UPDATE,
      gen: GenerationPolicy.NONE,
      generation: 0,
      commitLevel: CommitLevel.ALL,
      durableDelete: false,
      respondAllOps: false,
    });
  });

  it('are frozen', () => {
    expect(Object.isFrozen(DEFAULT_READ_POLICY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_WRITE_POLICY)).toBe(true);
  });
});

describe('merge', () => {
  it('returns the base object itself when there is nothing to merge', () => {
    expect(mergeReadPolicy(DEFAULT_READ_POLICY, undefined)).toBe(DEFAULT_READ_POLICY);
    expect(mergeReadPolicy(DEFAULT_READ_POLICY, null)).toBe(DEFAULT_READ_POLICY);
    expect(mergeReadPolicy(DEFAULT_READ_POLICY, {})).toBe(DEFAULT_READ_POLICY);
    expect(mergeReadPolicy(DEFAULT_READ_POLICY, { totalTimeout: undefined })).toBe(DEFAULT_READ_POLICY);
    expect(mergeReadPolicy(DEFAULT_READ_POLICY, { totalTimeout: null } as never)).toBe(DEFAULT_READ_POLICY);
    expect(mergeReadPolicy(DEFAULT_READ_POLICY, DEFAULT_READ_POLICY)).toBe(DEFAULT_READ_POLICY);
    expect(mergeWritePolicy(DEFAULT_WRITE_POLICY, undefined)).toBe(DEFAULT_WRITE_POLICY);
    expect(mergeWritePolicy(DEFAULT_WRITE_POLICY, {})).toBe(DEFAULT_WRITE_POLICY);
  });

  it('returns a new object otherwise, leaving both inputs untouched', () => {
    const override = { totalTimeout: 50, socketTimeout: undefined };
    const merged = mergeReadPolicy(DEFAULT_READ_POLICY, override);
    expect(merged).not.toBe(DEFAULT_READ_POLICY);
    expect(merged).toEqual({ ...DEFAULT_READ_POLICY, totalTimeout: 50 });
    expect(DEFAULT_READ_POLICY.totalTimeout).toBe(1000);
    expect(override).toEqual({ totalTimeout: 50, socketTimeout: undefined });
    expect(Object.isFrozen(merged)).toBe(false);
  });

  it('ignores inherited keys', () => {
    const override = Object.create({ bogus: 1 }) as { totalTimeout?: number };
    expect(mergeReadPolicy(DEFAULT_READ_POLICY, override)).toBe(DEFAULT_READ_POLICY);
  });

  it('accepts every valid write field', () => {
    const merged = mergeWritePolicy(DEFAULT_WRITE_POLICY, {
      ttl: Ttl.DONT_UPDATE,
      exists: ExistsAction.CREATE_ONLY,
      gen: GenerationPolicy.EXPECT_EQUAL,
      generation: 0xffffffff,
      commitLevel: CommitLevel.MASTER,
      durableDelete: true,
      respondAllOps: true,
      sendKey: true,
      maxRetries: 3,
      sleepBetweenRetries: 3000,
      replica: Replica.PREFER_RACK,
    });
    expect(merged).toMatchObject({ ttl: -2, exists: 'createOnly', generation: 0xffffffff, maxRetries: 3 });
    expect(mergeWritePolicy(DEFAULT_WRITE_POLICY, { ttl: MAX_TTL }).ttl).toBe(MAX_TTL);
    expect(mergeWritePolicy(DEFAULT_WRITE_POLICY, { ttl: Ttl.NEVER_EXPIRE }).ttl).toBe(-1);
    expect(mergeReadPolicy(DEFAULT_READ_POLICY, { readTouchTtlPercent: -1 }).readTouchTtlPercent).toBe(-1);
    expect(mergeReadPolicy(DEFAULT_READ_POLICY, { readTouchTtlPercent: 100 }).readTouchTtlPercent).toBe(100);
  });

  it('rejects unknown fields, with suggestions', () => {
    expectInvalid(() => mergeReadPolicy(DEFAULT_READ_POLICY, { totalTimout: 5 } as never), 'policy.totalTimout', /did you mean totalTimeout\?/);
    expectInvalid(() => mergeWritePolicy(DEFAULT_WRITE_POLICY, { expiration: 5 } as never), 'policy.expiration', /did you mean ttl\?/);
    expectInvalid(() => mergeWritePolicy(DEFAULT_WRITE_POLICY, { commit_level: 'all' } as never), 'policy.commit_level', /commitLevel/);
    expectInvalid(() => mergeReadPolicy(DEFAULT_READ_POLICY, { read_mode_ap: 'all' } as never), 'policy.read_mode_ap', /readModeAP/);
    // A write-only field is not a read option.
    expectInvalid(() => mergeReadPolicy(DEFAULT_READ_POLICY, { ttl: 5 } as never), 'policy.ttl', /not a known option/);
    // Unknown keys are rejected even when undefined: they are typos either way.
    expectInvalid(() => mergeReadPolicy(DEFAULT_READ_POLICY, { nope: undefined } as never), 'policy.nope');
  });

  it('rejects bad values', () => {
    const r = (o: object) => () => mergeReadPolicy(DEFAULT_READ_POLICY, o as never);
    const w = (o: object) => () => mergeWritePolicy(DEFAULT_WRITE_POLICY, o as never);
    expectInvalid(r({ totalTimeout: -1 }), 'policy.totalTimeout', /-1/);
    expectInvalid(r({ socketTimeout: 1.5 }), 'policy.socketTimeout');
    expectInvalid(r({ socketTimeout: 2 ** 31 }), 'policy.socketTimeout');
    expectInvalid(r({ totalTimeout: '100' }), 'policy.totalTimeout', /"100"/);
    expectInvalid(r({ maxRetries: -1 }), 'policy.maxRetries');
    expectInvalid(r({ sleepBetweenRetries: Number.NaN }), 'policy.sleepBetweenRetries');
    expectInvalid(r({ sendKey: 1 }), 'policy.sendKey', /true or false/);
    expectInvalid(r({ replica: 'MASTER' }), 'policy.replica', /'master'/);
    expectInvalid(r({ readModeAP: 2 }), 'policy.readModeAP');
    expectInvalid(r({ readModeSC: 'strict' }), 'policy.readModeSC');
    expectInvalid(r({ readTouchTtlPercent: 101 }), 'policy.readTouchTtlPercent');
    expectInvalid(r({ readTouchTtlPercent: -2 }), 'policy.readTouchTtlPercent');
    expectInvalid(r({ filterExpression: 'age > 17' }), 'policy.filterExpression', /exp\.\*/);
    expectInvalid(w({ filterExpression: Buffer.from([0x93]) }), 'policy.filterExpression', /exp\.\*/);
    expectInvalid(w({ failOnFilteredOut: 'yes' }), 'policy.failOnFilteredOut', /true or false/);
    expectInvalid(w({ ttl: -3 }), 'policy.ttl');
    expectInvalid(w({ ttl: MAX_TTL + 1 }), 'policy.ttl');
    expectInvalid(w({ ttl: 1.5 }), 'policy.ttl');
    expectInvalid(w({ generation: -1 }), 'policy.generation');
    expectInvalid(w({ generation: 2 ** 32 }), 'policy.generation');
    expectInvalid(w({ exists: 'upsert' }), 'policy.exists');
    expectInvalid(w({ gen: 'EQ' }), 'policy.gen');
    expectInvalid(w({ commitLevel: 'one' }), 'policy.commitLevel');
    expectInvalid(w({ durableDelete: 'true' }), 'policy.durableDelete');
    expectInvalid(w({ respondAllOps: 0 }), 'policy.respondAllOps');
    expectInvalid(() => mergeReadPolicy(DEFAULT_READ_POLICY, 5 as never), 'policy', /must be an object/);
  });

  it('names fields with the given prefix', () => {
    expectInvalid(() => mergeReadPolicy(DEFAULT_READ_POLICY, { maxRetries: -1 }, 'get.policy'), 'get.policy.maxRetries');
  });
});

describe('layering', () => {
  it('resolvePolicyDefaults applies client overrides over built-ins', () => {
    const defaults = resolvePolicyDefaults({ read: { totalTimeout: 200 }, write: { sendKey: true } });
    expect(defaults.read).toEqual({ ...DEFAULT_READ_POLICY, totalTimeout: 200 });
    expect(defaults.write).toEqual({ ...DEFAULT_WRITE_POLICY, sendKey: true });
    expect(Object.isFrozen(defaults.read)).toBe(true);
    expect(resolvePolicyDefaults().read).toBe(DEFAULT_READ_POLICY);
    expect(resolvePolicyDefaults({ read: { maxRetries: 1 } }).write).toBe(DEFAULT_WRITE_POLICY);
    expectInvalid(() => resolvePolicyDefaults({ batch: {} } as never), 'policies.batch');
  });

  it('per-call override beats client default beats built-in', () => {
    const config = resolveConfig({
      hosts: 'a',
      policies: { read: { totalTimeout: 200, maxRetries: 5 }, write: { ttl: 60, durableDelete: true } },
    });
    const read = mergeReadPolicy(config.policies.read, { totalTimeout: 50 });
    expect(read.totalTimeout).toBe(50); // per call
    expect(read.maxRetries).toBe(5); // client default
    expect(read.socketTimeout).toBe(30000); // built-in

    const write = mergeWritePolicy(config.policies.write, { ttl: Ttl.NEVER_EXPIRE });
    expect(write.ttl).toBe(-1);
    expect(write.durableDelete).toBe(true);
    expect(write.maxRetries).toBe(0);

    // No per-call policy: the client's defaults object is used as is.
    expect(mergeReadPolicy(config.policies.read, undefined)).toBe(config.policies.read);
  });
});
