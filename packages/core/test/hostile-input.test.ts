/**
 * Input the client must refuse instead of mangling: empty bin names, strings
 * that are not well-formed UTF-16, map keys the MapKey type does not allow,
 * and a node whose info answers are absurdly large (10,000 namespaces,
 * 10,000 peers, a reply of several MiB).
 *
 * Runs against a fake node (support/scripted-node.ts), so needs no database.
 */

import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_NAMESPACES, parseReplicas } from '../src/cluster/partitions.js';
import { MAX_PEERS, parsePeers } from '../src/cluster/peers.js';
import { MAX_INFO_REPLY } from '../src/cluster/info-call.js';
import { Client } from '../src/client.js';
import { InvalidArgumentError, ProtocolError } from '../src/errors.js';
import { Key } from '../src/key.js';
import { LogLevel, type Logger, consoleLogger, setLogLevel, setLogger } from '../src/log.js';
import { type Operation, ops } from '../src/ops/scalar.js';
import { ResultCode } from '../src/result-codes.js';
import { type BinValue, Double, GeoJSON, type MapKey } from '../src/values.js';
import { FrameReader } from '../src/wire/frame-reader.js';
import { OperationType } from '../src/wire/message.js';
import { packToBuffer } from '../src/wire/msgpack.js';
import { PROTO_HEADER_SIZE, ProtoType, writeProtoHeader } from '../src/wire/proto.js';
import { isWellFormed, loneSurrogateIndex } from '../src/wire/utf16.js';
import { eventually, rejection, thrown } from './support/errors.js';
import { ALL_PARTITIONS, ScriptedNode } from './support/scripted-node.js';

const NODE_NAME = 'BB9FA4E0C0A8001';

/** Runs `action`, which must throw InvalidArgumentError (PARAMETER_ERROR), and returns its message. */
function invalid(action: () => unknown): string {
  return thrown(action, InvalidArgumentError, ResultCode.PARAMETER_ERROR).message;
}

let fake: ScriptedNode;
let client: Client;

async function startClient(tendInterval = 1_000): Promise<void> {
  fake = await ScriptedNode.start(NODE_NAME);
  client = new Client({ hosts: `127.0.0.1:${fake.port}`, timeout: 2_000, tendInterval });
}

async function stopClient(): Promise<void> {
  await client.close();
  await fake.close();
}

describe('bad input is refused before anything is sent', () => {
  const key = new Key('test', 'demo', 'k');

  beforeAll(async () => {
    await startClient();
    await client.connect();
  });
  afterAll(stopClient);

  /** Awaits `promise`, which must reject with InvalidArgumentError without sending a request; returns the message. */
  async function refused(promise: Promise<unknown>): Promise<string> {
    const sent = fake.requests;
    const err = await rejection(promise, InvalidArgumentError, ResultCode.PARAMETER_ERROR);
    expect(fake.requests).toBe(sent);
    return err.message;
  }

  it('a valid put reaches the node (the control for the cases below)', async () => {
    const sent = fake.requests;
    await client.put(key, { name: 'a😀b', tags: ['x', new Map<MapKey, BinValue>([[1, 'one'], ['k', 2], [3n, 3], [Buffer.from('b'), 4]])] });
    expect(fake.requests).toBe(sent + 1);
  });

  describe('empty bin names', () => {
    it('put, add, append and prepend reject a bin named ""', async () => {
      expect(await refused(client.put(key, { '': 1 }))).toBe('bins: every bin name must be a non-empty string, got ""');
      expect(await refused(client.put(key, { a: 1, '': 2 }))).toContain('bins:');
      expect(await refused(client.add(key, { '': 1 }))).toContain('bins:');
      expect(await refused(client.increment(key, { '': 1 }))).toContain('bins:');
      expect(await refused(client.append(key, { '': 'x' }))).toContain('bins:');
      expect(await refused(client.prepend(key, { '': 'x' }))).toContain('bins:');
    });

    it('get rejects "" in its bin list', async () => {
      expect(await refused(client.get(key, ['a', '']))).toContain('bins: every bin name must be a non-empty string');
    });

    it('ops builders that take a bin name reject ""', () => {
      expect(invalid(() => ops.read(''))).toBe('ops.read: bin name must be a non-empty string, got ""');
      expect(invalid(() => ops.write('', 1))).toContain('ops.write:');
      expect(invalid(() => ops.add('', 1))).toContain('ops.add:');
      expect(invalid(() => ops.increment('', 1))).toContain('ops.increment:');
      expect(invalid(() => ops.append('', 'x'))).toContain('ops.append:');
      expect(invalid(() => ops.prepend('', 'x'))).toContain('ops.prepend:');
      expect(invalid(() => ops.read(undefined as unknown as string))).toContain('got undefined');
    });

    it('hand-built operations need a bin name unless they act on the whole record', async () => {
      const write: Operation = { op: OperationType.WRITE, bin: '', value: 1 };
      expect(await refused(client.operate(key, [ops.read('a'), write]))).toBe(
        `operations[1]: operation type ${OperationType.WRITE} needs a non-empty bin name`,
      );
      expect(await refused(client.operate(key, [{ op: OperationType.APPEND, bin: '', value: 'x' }]))).toContain('operations[0]');
      // readAll, touch and delete carry an empty name and still go out.
      const sent = fake.requests;
      await client.operate(key, [ops.readAll(), ops.touch()]);
      await client.operate(key, [ops.write('a', 1), ops.delete()]);
      await client.touch(key);
      expect(fake.requests).toBe(sent + 3);
    });
  });

  describe('strings that are not well-formed UTF-16', () => {
    it('a bin value names the bin and the index of the lone surrogate', async () => {
      expect(await refused(client.put(key, { name: 'a\ud800b' }))).toBe(
        'bin "name": string is not well-formed UTF-16 (lone surrogate at index 1)',
      );
      expect(await refused(client.put(key, { s: '\udc00' }))).toContain('bin "s": string is not well-formed UTF-16 (lone surrogate at index 0)');
      expect(await refused(client.put(key, { s: '😀\ud83d' }))).toContain('(lone surrogate at index 2)');
      expect(await refused(client.append(key, { s: 'x\ud800' }))).toContain('bin "s"');
      expect(await refused(client.operate(key, [ops.write('s', 'x\udfff')]))).toContain('bin "s"');
      expect(await refused(client.put(key, { g: new GeoJSON('{"type":"Point","coordinates":[1,\ud800]}') }))).toContain('bin "g"');
    });

    it('a string inside a list or map names the bin and the path to it', async () => {
      expect(await refused(client.put(key, { tags: ['ok', 'a\ud800'] }))).toBe(
        'bin "tags" at [1]: string is not well-formed UTF-16 (lone surrogate at index 1)',
      );
      expect(await refused(client.put(key, { m: { k: ['x', { deep: '\udc00' }] } }))).toBe(
        'bin "m" at ["k"][1]["deep"]: string is not well-formed UTF-16 (lone surrogate at index 0)',
      );
      expect(await refused(client.put(key, { m: new Map<MapKey, BinValue>([[7, ['\ud800']]]) }))).toContain('bin "m" at [7][0]:');
      expect(await refused(client.put(key, { m: { 'b\ud800': 1 } }))).toBe(
        'bin "m": map key "b\\ud800" is not well-formed UTF-16 (lone surrogate at index 1)',
      );
      expect(await refused(client.put(key, { m: new Map([['\udc00', 1]]) }))).toContain('bin "m": map key "\\udc00"');
    });

    it('user keys, bin names, set names and namespaces', async () => {
      expect(invalid(() => new Key('test', 'demo', 'a\ud800b'))).toBe(
        'key "a\\ud800b": string is not well-formed UTF-16 (lone surrogate at index 1)',
      );
      expect(await refused(client.put(['test', 'demo', 'x\udc00'], { a: 1 }))).toContain('key "x\\udc00"');
      expect(await refused(client.put(key, { 'b\ud800': 1 }))).toBe(
        'bin name "b\\ud800": string is not well-formed UTF-16 (lone surrogate at index 1)',
      );
      expect(await refused(client.get(key, ['b\udc00']))).toContain('bin name "b\\udc00"');
      expect(await refused(client.operate(key, [ops.read('r\ud800')]))).toContain('bin name "r\\ud800"');
      expect(await refused(client.put(new Key('test', 's\ud800', 'k'), { a: 1 }))).toContain('set name "s\\ud800"');
      expect(await refused(client.get(new Key('t\udc00', 'demo', 'k')))).toContain('namespace "t\\udc00"');
    });

    it('surrogate pairs are fine everywhere', async () => {
      const sent = fake.requests;
      await client.put(new Key('test', 'set😀', 'key😀'), { 'bin😀': 'v😀', l: ['😀'], m: { '😀': '😀' } });
      expect(fake.requests).toBe(sent + 1);
    });

    it('loneSurrogateIndex and the native check agree', () => {
      const units = [0x61, 0xe9, 0x20ac, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000];
      let seed = 12345;
      const next = (n: number): number => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return (seed >>> 16) % n;
      };
      let lone = 0;
      for (let i = 0; i < 3000; i++) {
        let s = '';
        const n = next(8);
        for (let j = 0; j < n; j++) s += String.fromCharCode(units[next(units.length)]!);
        const roundTrips = Buffer.from(s, 'utf8').toString('utf8') === s;
        expect(isWellFormed(s), JSON.stringify(s)).toBe(roundTrips);
        expect(loneSurrogateIndex(s) === -1, JSON.stringify(s)).toBe(roundTrips);
        if (!roundTrips) lone++;
      }
      expect(lone).toBeGreaterThan(100);
    });

    it('without String.prototype.isWellFormed, a regular expression gives the same answers', async () => {
      const proto = String.prototype as { isWellFormed?: () => boolean };
      const native = Object.getOwnPropertyDescriptor(String.prototype, 'isWellFormed');
      expect(native).toBeDefined();
      delete proto.isWellFormed;
      try {
        vi.resetModules();
        // Loaded while the method is missing: a module that still called it would throw here.
        const fallback = await import('../src/wire/utf16.js');
        for (const s of ['', 'abc', 'a\ud800b', '\udc00', '😀', '\ud83d\ude00\ud83d', '\ude00\ud83d', `${'x'.repeat(100)}\udfff`]) {
          expect(fallback.isWellFormed(s), JSON.stringify(s)).toBe(native!.value.call(s));
        }
      } finally {
        Object.defineProperty(String.prototype, 'isWellFormed', native!);
        vi.resetModules();
      }
    });
  });

  describe('map keys the MapKey type does not allow', () => {
    it('say which key type was found, and where', async () => {
      expect(await refused(client.put(key, { m: new Map([[{ a: 1 }, 1]]) as never }))).toBe(
        'bin "m": map keys must be strings, numbers, bigints or bytes; found a plain object',
      );
      const found = async (k: unknown): Promise<string> =>
        refused(client.put(key, { m: new Map([[k, 1]]) as Map<MapKey, BinValue> }));
      expect(await found(null)).toContain('found null');
      expect(await found(undefined)).toContain('found undefined');
      expect(await found(true)).toContain('found boolean');
      expect(await found([1])).toContain('found a list');
      expect(await found(new Map())).toContain('found a Map');
      expect(await found(new Double(1))).toContain('found a Double');
      expect(await found(Symbol('s'))).toContain('found symbol');
      expect(await refused(client.put(key, { l: [1, { x: new Map([[[2], 1]]) }] as never }))).toBe(
        'bin "l" at [1]["x"]: map keys must be strings, numbers, bigints or bytes; found a list',
      );
    });

    it('outside a bin the error has the same wording', () => {
      expect(invalid(() => packToBuffer(new Map([[{}, 1]]) as never))).toBe(
        'msgpack value: map keys must be strings, numbers, bigints or bytes; found a plain object',
      );
      expect(invalid(() => packToBuffer([0, ['a\ud800']]))).toBe(
        'msgpack value at [1][0]: string is not well-formed UTF-16 (lone surrogate at index 1)',
      );
    });
  });
});

describe('a node whose info answers are absurdly large', () => {
  let lines: string[];

  const capture = (level: string): Logger['warn'] => (obj, msg) => {
    lines.push(`${level} ${typeof obj === 'string' ? obj : (msg ?? '')}`);
  };

  beforeEach(() => {
    lines = [];
    setLogLevel(LogLevel.WARN);
    setLogger({ error: capture('ERROR'), warn: capture('WARN'), info: capture('INFO'), debug: capture('DEBUG'), trace: capture('TRACE') });
  });

  afterEach(async () => {
    await stopClient();
    setLogger(consoleLogger);
  });

  const warnings = (text: string): string[] => lines.filter((l) => l.startsWith('WARN') && l.includes(text));

  /** Heap in use after a full collection; `undefined` when no collector can be reached. */
  function heapUsed(): number | undefined {
    let gc = (globalThis as { gc?: () => void }).gc;
    if (gc === undefined) {
      try {
        v8.setFlagsFromString('--expose-gc');
        gc = vm.runInNewContext('gc') as () => void;
      } catch {
        return undefined;
      }
    }
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  }

  it('10,000 namespaces in replicas: refused naming the node, no map installed, heap bounded', async () => {
    const huge = Array.from({ length: 10_000 }, (_, i) => `ns${i}:0,1,${ALL_PARTITIONS}`).join(';');
    expect(huge.length).toBeGreaterThan(6_000_000);
    expect(huge.length).toBeLessThan(MAX_INFO_REPLY);
    await startClient(100);
    fake.infoAnswers.set('replicas', () => huge);
    const before = heapUsed();
    await client.connect();
    // Refused at connect, and again by a later tend.
    expect(await eventually(() => warnings('partition refresh').length >= 2, 10_000)).toBe(true);
    const after = heapUsed();
    const refusal = warnings('partition refresh')[0]!;
    expect(refusal).toContain(`partition refresh from ${NODE_NAME} failed: malformed replicas: more than ${MAX_NAMESPACES} namespaces`);
    expect(refusal).toContain(`(node ${NODE_NAME} 127.0.0.1:${fake.port})`);
    expect(client.stats().nodes[0]!.partitions).toEqual({});
    // A map of 10,000 namespaces would hold 4096 slots each: over 300 MB.
    if (before !== undefined && after !== undefined) expect(after - before).toBeLessThan(64 * 1024 * 1024);
    // Once the node answers sensibly, its map is installed.
    fake.infoAnswers.delete('replicas');
    expect(await eventually(() => client.stats().nodes[0]!.partitions.test === 4096, 5_000)).toBe(true);
  });

  it('10,000 peers: refused naming the node, and none of them is dialled', async () => {
    let peerCount = 10_000;
    await startClient(100);
    fake.infoAnswers.set(
      'peers-clear-std',
      () =>
        `1,${fake.port},[${Array.from({ length: peerCount }, (_, i) => `[BB9${i.toString(16).padStart(12, '0')},,[127.0.0.1:${fake.port}]]`).join(',')}]`,
    );
    await client.connect();
    expect(await eventually(() => warnings('peers refresh').length >= 2, 10_000)).toBe(true);
    const refusal = warnings('peers refresh')[0]!;
    expect(refusal).toContain(`peers refresh from ${NODE_NAME} failed: malformed peers: more than ${MAX_PEERS} peers listed`);
    expect(refusal).toContain(`(node ${NODE_NAME} 127.0.0.1:${fake.port})`);
    // The seed connection, plus at most a tend connection reopened: no connection per listed peer.
    expect(fake.connections).toBeLessThanOrEqual(3);
    expect(client.nodes()).toHaveLength(1);
    // The control: a short list is followed, one connection per peer.
    const before = fake.connections;
    peerCount = 3;
    expect(await eventually(() => fake.connections >= before + 3, 5_000)).toBe(true);
  });

  it(`an info reply over ${MAX_INFO_REPLY} bytes is refused on its header; user info calls are not limited`, async () => {
    await startClient(200);
    const oversized = `test:0,1,${'A'.repeat(MAX_INFO_REPLY)}`;
    fake.infoAnswers.set('replicas', () => oversized);
    await client.connect();
    expect(await eventually(() => warnings('partition refresh').length >= 1, 10_000)).toBe(true);
    const refusal = warnings('partition refresh')[0]!;
    expect(refusal).toContain(`partition refresh from ${NODE_NAME} failed:`);
    expect(refusal).toMatch(new RegExp(`body of \\d+ bytes exceeds the limit of ${MAX_INFO_REPLY}`));
    expect(refusal).toContain(`127.0.0.1:${fake.port}`);
    expect(client.stats().nodes[0]!.partitions).toEqual({});
    fake.infoAnswers.set('big', () => 'b'.repeat(MAX_INFO_REPLY + 1));
    expect((await client.infoRandomNode('big')).length).toBe(MAX_INFO_REPLY + 1);
    fake.infoAnswers.delete('replicas');
    expect(await eventually(() => client.stats().nodes[0]!.partitions.test === 4096, 5_000)).toBe(true);
  });

  it('parseReplicas and parsePeers raise ProtocolError carrying the node, at the caps and not below', () => {
    const context = { node: NODE_NAME, address: '10.0.0.1:3000' };
    const replicas = (n: number): string => Array.from({ length: n }, (_, i) => `ns${i}:1,${ALL_PARTITIONS}`).join(';');
    expect(parseReplicas(replicas(MAX_NAMESPACES), context)).toHaveLength(MAX_NAMESPACES);
    const ns = thrown(() => parseReplicas(`${replicas(MAX_NAMESPACES + 1)};`, context), ProtocolError, ResultCode.PARSE_ERROR);
    expect(ns.node).toBe(NODE_NAME);
    expect(ns.address).toBe('10.0.0.1:3000');
    expect(ns.message).toBe(`malformed replicas: more than ${MAX_NAMESPACES} namespaces listed; a cluster has at most 32 (node ${NODE_NAME} 10.0.0.1:3000)`);
    expect(thrown(() => parseReplicas('test:x', context), ProtocolError).node).toBe(NODE_NAME);

    const peers = (n: number): string => `1,3000,[${Array.from({ length: n }, (_, i) => `[N${i},,[10.0.0.${i % 250}]]`).join(',')}]`;
    expect(parsePeers(peers(MAX_PEERS), context).peers).toHaveLength(MAX_PEERS);
    const many = thrown(() => parsePeers(peers(MAX_PEERS + 1), context), ProtocolError, ResultCode.PARSE_ERROR);
    expect(many.node).toBe(NODE_NAME);
    expect(many.message).toBe(`malformed peers: more than ${MAX_PEERS} peers listed; a cluster has at most 256 nodes (node ${NODE_NAME} 10.0.0.1:3000)`);
    expect(thrown(() => parsePeers('1,3000,[[A,,[h:0]]]', context), ProtocolError).address).toBe('10.0.0.1:3000');
  });

  it('FrameReader refuses a body over its limit before buffering it', () => {
    const reader = new FrameReader();
    reader.maxBody = 100;
    const header = (length: number): Buffer => {
      const b = Buffer.alloc(PROTO_HEADER_SIZE);
      writeProtoHeader(b, 0, ProtoType.INFO, length);
      return b;
    };
    const frames: number[] = [];
    reader.push(Buffer.concat([header(100), Buffer.alloc(100)]), (_t, body) => frames.push(body.length));
    expect(frames).toEqual([100]);
    const err = thrown(() => reader.push(header(101), () => undefined), ProtocolError, ResultCode.PARSE_ERROR);
    expect(err.message).toBe('malformed proto header: body of 101 bytes exceeds the limit of 100');
    expect(reader.midFrame).toBe(false);
  });
});
