/**
 * "A write is in doubt when it may have been applied", over every server
 * result code and every way an attempt can end without an answer, for each
 * write command, and for reads (never in doubt). A scripted fake node gives
 * each answer; the memory cluster then shows the case that matters most: a
 * server TIMEOUT after the master applied the write.
 *
 * The fake node needs no database, so this file runs with and without
 * AEROSPIKE_HOSTS; the memory-cluster part is skipped against a real server.
 */

import { AerospikeError, Client, type Operation, ResultCode, type WritePolicyInput, ops } from '@aerospike-ts/core';
import { startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttemptOutcome, NOT_APPLIED_CODES, mayHaveApplied } from '../src/command/in-doubt.js';
import { MSG_HEADER_SIZE, ProtoType } from '@aerospike-ts/core/wire';
import { type ScriptedAnswer, ScriptedNode, frame } from './support/scripted-node.js';
import { REAL_SERVER } from './support/target.js';

const KEY = ['test', 'doubt', 'k'] as const;

/** A command as a user calls it, and whether it writes. */
interface CommandCase {
  name: string;
  write: boolean;
  run(client: Client, policy: WritePolicyInput): Promise<unknown>;
}

const COMMANDS: CommandCase[] = [
  { name: 'put', write: true, run: (c, p) => c.put(KEY, { v: 1 }, p) },
  { name: 'remove', write: true, run: (c, p) => c.remove(KEY, p) },
  { name: 'touch', write: true, run: (c, p) => c.touch(KEY, p) },
  { name: 'add', write: true, run: (c, p) => c.add(KEY, { n: 1 }, p) },
  { name: 'append', write: true, run: (c, p) => c.append(KEY, { s: 'x' }, p) },
  { name: 'prepend', write: true, run: (c, p) => c.prepend(KEY, { s: 'x' }, p) },
  { name: 'operate with a write', write: true, run: (c, p) => c.operate(KEY, [ops.add('n', 1), ops.read('n')] as Operation[], p) },
  { name: 'get', write: false, run: (c, p) => c.get(KEY, undefined, p) },
  { name: 'getHeader', write: false, run: (c, p) => c.getHeader(KEY, p) },
  { name: 'exists', write: false, run: (c, p) => c.exists(KEY, p) },
  { name: 'operate, reads only', write: false, run: (c, p) => c.operate(KEY, [ops.read('n')] as Operation[], p) },
];

/** Every result code a server can send (aliases once), and a code no server sends yet. */
const SERVER_CODES = [...new Set(Object.values(ResultCode).filter((c) => c > 0)), 99, 254];

/** The codes the issue of applied-but-reported-failed writes is about, and what each must say. */
const NAMED: ReadonlyArray<[string, number, boolean]> = [
  ['TIMEOUT', ResultCode.TIMEOUT, true],
  ['QUERY_TIMEOUT', ResultCode.QUERY_TIMEOUT, true],
  ['a code this client does not know', 99, true],
  ['DEVICE_OVERLOAD', ResultCode.DEVICE_OVERLOAD, false],
  ['KEY_BUSY', ResultCode.KEY_BUSY, false],
  ['SERVER_MEM_ERROR', ResultCode.SERVER_MEM_ERROR, false],
  ['FAIL_FORBIDDEN', ResultCode.FAIL_FORBIDDEN, false],
  ['GENERATION_ERROR', ResultCode.GENERATION_ERROR, false],
  ['KEY_EXISTS_ERROR', ResultCode.KEY_EXISTS_ERROR, false],
  ['KEY_NOT_FOUND_ERROR', ResultCode.KEY_NOT_FOUND_ERROR, false],
  ['PARTITION_UNAVAILABLE', ResultCode.PARTITION_UNAVAILABLE, false],
  ['PARAMETER_ERROR', ResultCode.PARAMETER_ERROR, false],
  ['FILTERED_OUT', ResultCode.FILTERED_OUT, false],
];

/** An OK answer whose one operation claims more bytes than the message holds: the server answered, the reply does not decode. */
function garbledOk(): Buffer {
  const body = Buffer.alloc(MSG_HEADER_SIZE + 9);
  body[0] = MSG_HEADER_SIZE;
  body.writeUInt32BE(1, 6);
  body.writeUInt16BE(1, 20);
  body.writeUInt32BE(0x00ff_ffff, MSG_HEADER_SIZE);
  body[MSG_HEADER_SIZE + 4] = 1;
  body[MSG_HEADER_SIZE + 5] = 1;
  body[MSG_HEADER_SIZE + 7] = 1;
  return frame(ProtoType.MESSAGE, body);
}

describe('the rule', () => {
  it.each(NAMED)('an answer of %s: in doubt = %s', (_name, code, expected) => {
    expect(mayHaveApplied(AttemptOutcome.ANSWERED, code)).toBe(expected);
  });

  it('never sent: not in doubt; sent without a complete answer: in doubt', () => {
    expect(mayHaveApplied(AttemptOutcome.NOT_SENT)).toBe(false);
    expect(mayHaveApplied(AttemptOutcome.NO_ANSWER)).toBe(true);
  });

  it('every known server code is classified: only the timeouts leave a write in doubt', () => {
    const known = new Set<number>(Object.values(ResultCode).filter((c) => c > 0));
    const inDoubt = [...known].filter((c) => !NOT_APPLIED_CODES.has(c)).sort((a, b) => a - b);
    expect(inDoubt).toEqual([ResultCode.TIMEOUT, ResultCode.QUERY_TIMEOUT]);
    for (const code of NOT_APPLIED_CODES) expect(known.has(code), `code ${code}`).toBe(true);
  });
});

describe('what each command reports, answer by answer', () => {
  let node: ScriptedNode;
  let client: Client;

  beforeAll(async () => {
    node = await ScriptedNode.start();
    client = await new Client({ hosts: node.address, timeout: 2_000 }).connect();
  });
  afterAll(async () => {
    await client?.close();
    await node?.close();
  });

  /** Runs `command` against a node giving `answers`, the last one again to any further attempt; returns the error it failed with, or undefined. */
  async function outcome(command: CommandCase, answers: ScriptedAnswer[], policy: WritePolicyInput): Promise<AerospikeError | undefined> {
    node.script.length = 0;
    node.script.push(...answers);
    node.fallback = answers[answers.length - 1]!;
    try {
      await command.run(client, policy);
      return undefined;
    } catch (err) {
      expect(err).toBeInstanceOf(AerospikeError);
      return err as AerospikeError;
    } finally {
      node.script.length = 0;
      node.fallback = 0;
    }
  }

  /** Generous time for answers that come (a loaded machine must not turn them into timeouts); short when silence is the point. */
  function policyFor(answers: readonly ScriptedAnswer[], maxRetries = 0): WritePolicyInput {
    if (answers.includes('silent')) return { socketTimeout: 150, totalTimeout: 150 * (maxRetries + 1) + 5_000, maxRetries };
    if (answers.includes(ResultCode.PARTITION_UNAVAILABLE)) return { totalTimeout: 300, maxRetries };
    return { totalTimeout: 10_000, maxRetries };
  }

  for (const command of COMMANDS) {
    it(`${command.name}: every server result code`, async () => {
      for (const code of SERVER_CODES) {
        const err = await outcome(command, [code], policyFor([code]));
        // remove and exists answer "not found" with false, not an error.
        if (err === undefined) {
          expect(code, `${command.name} resolved for code ${code}`).toBe(ResultCode.KEY_NOT_FOUND_ERROR);
          continue;
        }
        expect(err.resultCode, `${command.name}, code ${code}`).toBe(code);
        expect(err.inDoubt, `${command.name}, code ${code} (${err.message})`).toBe(command.write && mayHaveApplied(AttemptOutcome.ANSWERED, code));
      }
    });

    it(`${command.name}: no complete answer (silence, closed socket, half a reply, garbage, an OK that does not decode)`, async () => {
      const answers: Array<[string, ScriptedAnswer]> = [
        ['silent', 'silent'],
        ['close', 'close'],
        ['half', 'half'],
        ['garbage', 'garbage'],
        ['garbled OK', garbledOk()],
      ];
      for (const [name, answer] of answers) {
        const err = await outcome(command, [answer], policyFor([answer]));
        // An operation-less command (touch, remove, exists, getHeader) does not decode bins: it reads the OK.
        if (err === undefined && name === 'garbled OK') continue;
        expect(err, `${command.name}, ${name}`).toBeDefined();
        expect(err!.inDoubt, `${command.name}, ${name} (${err!.message})`).toBe(command.write);
      }
    });
  }

  it('a retried write is in doubt when any attempt may have applied it, whatever the last answer says', async () => {
    const put = COMMANDS[0]!;
    const cases: Array<[ScriptedAnswer[], boolean]> = [
      [[ResultCode.TIMEOUT, ResultCode.GENERATION_ERROR], true],
      [['silent', ResultCode.KEY_EXISTS_ERROR], true],
      [['close', ResultCode.FAIL_FORBIDDEN], true],
      [[ResultCode.KEY_BUSY, ResultCode.GENERATION_ERROR], false],
      [[ResultCode.DEVICE_OVERLOAD, ResultCode.KEY_BUSY], false],
      [[ResultCode.PARTITION_UNAVAILABLE, ResultCode.GENERATION_ERROR], false],
    ];
    for (const [answers, expected] of cases) {
      const err = await outcome(put, answers, policyFor(answers, 1));
      expect(err, answers.join(' then ')).toBeDefined();
      expect(err!.resultCode).toBe(answers[answers.length - 1]);
      expect(err!.inDoubt, `${answers.join(' then ')}: ${err!.message}`).toBe(expected);
      expect(err!.failures.length, answers.join(' then ')).toBe(answers.length - 1);
    }
  });

  it('reads stay out of doubt however many attempts failed', async () => {
    const get = COMMANDS.find((c) => c.name === 'get')!;
    const answers: ScriptedAnswer[] = ['silent', ResultCode.TIMEOUT, 'close'];
    const err = await outcome(get, answers, policyFor(answers, 2));
    expect(err!.inDoubt).toBe(false);
    expect(err!.attempts).toBe(3);
  });
});

describe.skipIf(REAL_SERVER)('a server TIMEOUT after the master applied the write (memory cluster)', () => {
  it('every write command reports inDoubt, and the write is there', async () => {
    await using cluster = await startMemoryCluster({ nodes: 1 });
    await using client = await new Client({ hosts: cluster.hosts }).connect();
    const key = ['test', 'doubt', 'applied'] as const;
    await client.put(key, { s: 'a', n: 1 });
    cluster.node(0).faults.replicaWriteTimeout = true;
    const writes: Array<[string, () => Promise<unknown>, Record<string, unknown>]> = [
      ['put', () => client.put(key, { p: 1 }), { p: 1 }],
      ['add', () => client.add(key, { n: 1 }), { n: 2 }],
      ['append', () => client.append(key, { s: 'b' }), { s: 'ab' }],
      ['prepend', () => client.prepend(key, { s: 'c' }), { s: 'cab' }],
      ['operate', () => client.operate(key, [ops.add('n', 10)]), { n: 12 }],
    ];
    for (const [name, write, expected] of writes) {
      const err = await write().then(
        () => undefined,
        (e: unknown) => e as AerospikeError,
      );
      expect(err?.resultCode, name).toBe(ResultCode.TIMEOUT);
      expect(err?.inDoubt, name).toBe(true);
      cluster.node(0).faults.replicaWriteTimeout = false;
      expect((await client.get(key)).bins, name).toMatchObject(expected);
      cluster.node(0).faults.replicaWriteTimeout = true;
    }
    const generation = (await client.getHeader(key)).generation;
    const touched = await client.touch(key).catch((e: unknown) => e as AerospikeError);
    expect((touched as AerospikeError).inDoubt).toBe(true);
    const removed = await client.remove(key).catch((e: unknown) => e as AerospikeError);
    expect((removed as AerospikeError).inDoubt).toBe(true);
    cluster.node(0).faults.replicaWriteTimeout = false;
    expect(generation).toBeGreaterThan(1);
    expect(await client.exists(key)).toBe(false);
  });
});
