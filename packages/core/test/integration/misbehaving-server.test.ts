/**
 * A fake node (support/scripted-node.ts) that connects like a real one and
 * then answers record commands badly: garbage, half a frame, a closed socket,
 * silence, a lying length, an AS_MSG whose operations overrun it. The client
 * must fail each command with the right error in bounded time, never reuse a
 * broken socket, work again once the node behaves, and close cleanly.
 *
 * Needs no database, so it runs with and without AEROSPIKE_HOSTS.
 */

import type * as net from 'node:net';
import {
  type AerospikeError,
  Client,
  ConnectionError,
  Key,
  ProtocolError,
  type ReadPolicyInput,
  ResultCode,
  TimeoutError,
} from '@aerospike-ts/core';
import { MSG_HEADER_SIZE, ProtoType } from '@aerospike-ts/core/wire';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, openHandles, rejection } from '../support/errors.js';
import { type ScriptedAnswer, ScriptedNode, frame } from '../support/scripted-node.js';

const NODE_NAME = 'BB9FA4E0C0A8001';

/** A record reply: generation 1, never expires, one integer bin `v` = 7. */
function recordReply(): Buffer {
  const name = Buffer.from('v');
  const opSize = 4 + name.length + 8;
  const body = Buffer.alloc(MSG_HEADER_SIZE + 4 + opSize);
  body[0] = MSG_HEADER_SIZE;
  body.writeUInt32BE(1, 6); // generation
  body.writeUInt16BE(1, 20); // one operation
  let p = MSG_HEADER_SIZE;
  body.writeUInt32BE(opSize, p);
  body[p + 4] = 1; // READ
  body[p + 5] = 1; // INTEGER
  body[p + 7] = name.length;
  name.copy(body, p + 8);
  p += 8 + name.length;
  body.writeBigInt64BE(7n, p);
  return frame(ProtoType.MESSAGE, body);
}

/** An AS_MSG whose single operation claims far more bytes than the message holds. */
function overrunningReply(): Buffer {
  const body = Buffer.alloc(MSG_HEADER_SIZE + 8 + 1);
  body[0] = MSG_HEADER_SIZE;
  body.writeUInt32BE(1, 6);
  body.writeUInt16BE(1, 20);
  body.writeUInt32BE(0x00ff_ffff, MSG_HEADER_SIZE); // op size
  body[MSG_HEADER_SIZE + 4] = 1;
  body[MSG_HEADER_SIZE + 5] = 1;
  body[MSG_HEADER_SIZE + 7] = 1;
  body[MSG_HEADER_SIZE + 8] = 0x76;
  return frame(ProtoType.MESSAGE, body);
}

/** A proto header announcing a 4 GiB body, and a few bytes of it. */
function lyingLengthReply(): Buffer {
  return Buffer.from([2, ProtoType.MESSAGE, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x16, 0, 0, 0]);
}

/** How the node answers, by name: a record, or one way or another of answering badly. */
const ANSWERS = {
  ok: () => recordReply(),
  garbage: () => 'garbage',
  half: () => 'half',
  close: () => 'close',
  silent: () => 'silent',
  hugeLength: () => lyingLengthReply(),
  badOps: () => overrunningReply(),
} as const satisfies Record<string, () => ScriptedAnswer>;

/** From now on, every record request gets `mode`'s answer. */
function answerWith(mode: keyof typeof ANSWERS): void {
  fake.fallback = ANSWERS[mode]();
}

let fake: ScriptedNode;
let client: Client;
let baseline: { sockets: number; timers: number };

const key = new Key('test', 'fake', 'k');
const policy: ReadPolicyInput = { totalTimeout: 1_000, socketTimeout: 500, maxRetries: 1 };

beforeEach(async () => {
  fake = await ScriptedNode.start(NODE_NAME);
  answerWith('ok');
  baseline = openHandles();
  client = new Client({ hosts: `127.0.0.1:${fake.port}`, timeout: 500 });
  await client.connect();
});

afterEach(async () => {
  await client.close();
  await fake.close();
  // Sockets close a moment after destroy(); let them go so the next test's baseline is clean.
  await eventually(() => openHandles().sockets <= baseline.sockets, 1_000);
});

/** After a failure: the node behaves again and the next command works on a socket that did not fail. */
async function expectRecovery(failedSockets: readonly net.Socket[]): Promise<void> {
  answerWith('ok');
  const record = await client.get(key, undefined, policy);
  expect(record.bins).toEqual({ v: 7 });
  expect(record.generation).toBe(1);
  expect(record.ttl).toBe(-1);
  const used = fake.requestSockets[fake.requestSockets.length - 1]!;
  for (const s of failedSockets) expect(used).not.toBe(s);
}

/** Closes the client and checks that no socket or timer is left, on either side. */
async function expectCleanClose(): Promise<void> {
  await client.close();
  const settled = await eventually(() => fake.sockets.size === 0 && openHandles().sockets === baseline.sockets);
  expect(fake.sockets.size).toBe(0);
  expect(openHandles().sockets).toBe(baseline.sockets);
  expect(settled).toBe(true);
  expect(openHandles().timers).toBeLessThanOrEqual(baseline.timers);
}

/** Runs a get that must fail; returns the error and the sockets its attempts used. */
async function failingGet<T extends AerospikeError>(
  cls: abstract new (...args: never[]) => T,
  p: ReadPolicyInput = policy,
): Promise<{ err: T; sockets: net.Socket[]; elapsed: number }> {
  const first = fake.requestSockets.length;
  const started = Date.now();
  const err = await rejection(client.get(key, undefined, p), cls);
  const elapsed = Date.now() - started;
  expect(err.node).toBe(NODE_NAME);
  expect(err.address).toBe(`127.0.0.1:${fake.port}`);
  return { err, sockets: fake.requestSockets.slice(first), elapsed };
}

describe('a node that answers badly', () => {
  it('works while it behaves', async () => {
    await expectRecovery([]);
    expect(client.nodes()).toEqual([{ name: NODE_NAME, address: `127.0.0.1:${fake.port}`, host: '127.0.0.1', port: fake.port }]);
    await expectCleanClose();
  });

  it('(a) garbage bytes: ProtocolError, the socket is dropped', async () => {
    answerWith('garbage');
    const { err, sockets, elapsed } = await failingGet(ProtocolError);
    expect(err.resultCode).toBe(ResultCode.PARSE_ERROR);
    expect(err.attempts).toBe(1);
    expect(sockets).toHaveLength(1);
    expect(elapsed).toBeLessThan(3_000);
    await expectRecovery(sockets);
    await expectCleanClose();
  });

  it('(b) half a frame, then the socket closes: ConnectionError after every attempt', async () => {
    answerWith('half');
    const { err, sockets, elapsed } = await failingGet(ConnectionError);
    expect(err.resultCode).toBe(ResultCode.SERVER_NOT_AVAILABLE);
    expect(err.attempts).toBe(2);
    expect(err.failures).toHaveLength(2);
    expect(sockets).toHaveLength(2);
    expect(sockets[1]).not.toBe(sockets[0]);
    expect(elapsed).toBeLessThan(3_000);
    await expectRecovery(sockets);
    await expectCleanClose();
  });

  it('(c) the socket closes without a reply: ConnectionError', async () => {
    answerWith('close');
    const { err, sockets, elapsed } = await failingGet(ConnectionError);
    expect(err.resultCode).toBe(ResultCode.SERVER_NOT_AVAILABLE);
    expect(err.attempts).toBe(2);
    expect(sockets).toHaveLength(2);
    expect(elapsed).toBeLessThan(3_000);
    await expectRecovery(sockets);
    await expectCleanClose();
  });

  it('(d) no reply at all: TimeoutError within totalTimeout, after maxRetries + 1 attempts', async () => {
    answerWith('silent');
    const { err, sockets, elapsed } = await failingGet(TimeoutError, { totalTimeout: 200, socketTimeout: 100, maxRetries: 1 });
    expect(err.resultCode).toBe(ResultCode.TIMEOUT);
    expect(err.attempts).toBe(2);
    expect(sockets).toHaveLength(2);
    expect(sockets[1]).not.toBe(sockets[0]);
    // Both attempts waited for their socket timeout; the total timeout bounds the whole.
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(2_000);
    const stats = client.stats().nodes[0]!;
    expect(stats.timeouts).toBe(2);
    await expectRecovery(sockets);
    await expectCleanClose();
  });

  it('(e) a frame with a lying huge length: ProtocolError, no wait for the body', async () => {
    answerWith('hugeLength');
    const { err, sockets, elapsed } = await failingGet(ProtocolError);
    expect(err.resultCode).toBe(ResultCode.PARSE_ERROR);
    expect(err.attempts).toBe(1);
    expect(elapsed).toBeLessThan(3_000);
    await expectRecovery(sockets);
    await expectCleanClose();
  });

  it('(f) an AS_MSG whose operation sizes overrun it: ProtocolError', async () => {
    answerWith('badOps');
    const { err, elapsed } = await failingGet(ProtocolError);
    expect(err.resultCode).toBe(ResultCode.PARSE_ERROR);
    expect(err.attempts).toBe(1);
    expect(elapsed).toBeLessThan(3_000);
    // The frame itself was whole, so the stream is still in step.
    await expectRecovery([]);
    await expectCleanClose();
  });

  it('bytes arriving on an idle pooled socket make the client drop it', async () => {
    await expectRecovery([]);
    const idle = fake.requestSockets[fake.requestSockets.length - 1]!;
    idle.write(recordReply());
    expect(await eventually(() => !fake.sockets.has(idle))).toBe(true);
    await expectRecovery([idle]);
    await expectCleanClose();
  });

  it('a pooled socket the node closed while idle is not reused', async () => {
    await expectRecovery([]);
    const idle = fake.requestSockets[fake.requestSockets.length - 1]!;
    const before = openHandles().sockets;
    idle.destroy();
    // Both ends gone: the node's side at once, the client's when it sees the FIN.
    expect(await eventually(() => openHandles().sockets === before - 2)).toBe(true);
    await expectRecovery([idle]);
    expect(client.stats().nodes[0]!.errors).toBe(0);
    await expectCleanClose();
  });
});
