/**
 * The ceiling of any Node client: requests encoded once up front, one plain
 * socket per loop worker and node, and a reply handled by reading its 8-byte proto
 * header and waiting for exactly that many bytes. No cluster tending, key
 * hashing, encoding, pooling, timeouts or decoding of bins.
 *
 * Each key goes to the node that masters its partition, found once before
 * the run (see routing.js), so on a multi-node cluster no request is proxied.
 * The map is never refreshed: the raw loop is for stable clusters only.
 */

import net from 'node:net';
import { NAMESPACE, KEY_SPACE, SET, STRING_BIN } from '../config.js';
import { OPERATE, PUT } from '../loop.js';
import { serve } from './harness.js';
import { discoverMasters } from './routing.js';

const PROTO_HEADER = 8;
const PROTO_TYPE_MESSAGE = 3;
// Offset of the result code: proto header, then byte 5 of the AS_MSG header.
const RESULT_CODE_OFFSET = PROTO_HEADER + 5;

/**
 * Pre-encodes a put, a get and an operate frame for every key, with the
 * client's own encoders, and notes the index of the node each key goes to.
 */
async function encodeAll(nodeOf) {
  const wire = await import('../../packages/core/dist/wire/index.js');
  const { maps } = await import('../../packages/core/dist/index.js');
  const operate = { info1: wire.Info1.READ, info2: wire.Info2.WRITE | wire.Info2.RESPOND_ALL_OPS, info3: 0, info4: 0, generation: 0, recordTtl: 0, transactionTtl: 0 };
  const namespace = wire.namespaceBytes(NAMESPACE);
  const set = wire.setBytes(SET);
  const read = { info1: wire.Info1.READ | wire.Info1.GET_ALL, info2: 0, info3: 0, info4: 0, generation: 0, recordTtl: 0, transactionTtl: 0 };
  const write = { info1: 0, info2: wire.Info2.WRITE, info3: 0, info4: 0, generation: 0, recordTtl: 0, transactionTtl: 0 };
  const gets = new Array(KEY_SPACE);
  const puts = new Array(KEY_SPACE);
  const operates = new Array(KEY_SPACE);
  const nodes = new Uint16Array(KEY_SPACE);
  for (let key = 0; key < KEY_SPACE; key++) {
    const fields = { namespace, set, digest: wire.computeDigest(SET, key) };
    nodes[key] = nodeOf(fields.digest);
    gets[key] = wire.encodeKeyCommand(read, fields);
    puts[key] = wire.encodeBinsCommand(write, fields, wire.OperationType.WRITE, { i: key, s: STRING_BIN });
    const ops = [maps.put('m', 'last', key), maps.increment('m', 'n', 1), maps.size('m')];
    operates[key] = wire.encodeOperateCommand(operate, fields, ops);
  }
  return { gets, puts, operates, nodes };
}

/** One socket carrying one request at a time. */
class Connection {
  constructor(socket) {
    this.socket = socket;
    this.chunks = [];
    this.buffered = 0;
    this.frameSize = -1;
    this.resolve = undefined;
    this.reject = undefined;
    this.closedError = undefined;
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed by the server')));
  }

  /** @param {Buffer} frame */
  request(frame) {
    if (this.closedError !== undefined) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      this.socket.write(frame);
    });
  }

  onData(chunk) {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.frameSize < 0) {
      if (this.buffered < PROTO_HEADER) return;
      const head = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
      this.frameSize = PROTO_HEADER + head.readUIntBE(2, 6);
    }
    if (this.buffered < this.frameSize) return;
    const frame = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
    const extra = this.buffered - this.frameSize;
    this.chunks = [];
    this.buffered = 0;
    this.frameSize = -1;
    const { resolve, reject } = this;
    this.resolve = this.reject = undefined;
    if (extra !== 0) {
      // With one request outstanding the server owes exactly one frame.
      const err = new Error(`${extra} bytes arrived after a complete reply`);
      reject?.(err);
      this.fail(err);
      this.socket.destroy();
    } else if (frame[1] !== PROTO_TYPE_MESSAGE) {
      reject?.(new Error(`reply of proto type ${frame[1]}, expected ${PROTO_TYPE_MESSAGE}`));
    } else if (frame[RESULT_CODE_OFFSET] !== 0) {
      reject?.(new Error(`result code ${frame[RESULT_CODE_OFFSET]}`));
    } else {
      resolve?.();
    }
  }

  fail(err) {
    this.closedError ??= err;
    const reject = this.reject;
    this.resolve = this.reject = undefined;
    reject?.(err);
  }

  close() {
    this.closedError ??= new Error('closed');
    this.socket.destroy();
  }
}

function connect(host, port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(new Connection(socket));
    });
    socket.once('error', reject);
  });
}

serve(async ({ hosts, concurrency }) => {
  const routes = await discoverMasters(hosts, NAMESPACE);
  // Printed to the benchmark's progress output: a partly routed raw loop is not a ceiling.
  for (const note of routes.notes) console.log(`raw: ${note}`);
  const { gets, puts, operates, nodes } = await encodeAll(routes.nodeOf);
  const frames = { [PUT]: puts, [OPERATE]: operates };
  // connections[node][worker]: every loop worker has a socket to every node, as a pooled client would.
  const connections = await Promise.all(
    routes.nodes.map(({ host, port }) => Promise.all(Array.from({ length: concurrency }, () => connect(host, port)))),
  );
  return {
    op: (kind, key, worker) => connections[nodes[key]][worker].request((frames[kind] ?? gets)[key]),
    close: async () => {
      for (const perNode of connections) for (const c of perNode) c.close();
    },
  };
});
