/**
 * Where the raw loop sends each key: the node that masters the key's
 * partition, as the nodes themselves report it over the info protocol
 * (`replicas`), the same source a real client builds its partition map from.
 * Sending a key elsewhere works (the node proxies it) but costs the server
 * an extra hop, and the raw loop would then no longer be a ceiling.
 */

import net from 'node:net';
import { parseHosts } from '../hosts.js';

const INFO_TIMEOUT_MS = 5_000;
const PROTO_HEADER = 8;

const wire = await import('../../packages/core/dist/wire/index.js');
const { parseReplicas, hasPartition } = await import('../../packages/core/dist/cluster/partitions.js');
const { parsePeers } = await import('../../packages/core/dist/cluster/peers.js');

/** One info request on a fresh socket; resolves to the reply's name → value map. */
function info({ host, port }, commands) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const chunks = [];
    let buffered = 0;
    const timer = setTimeout(() => finish(new Error(`no info reply from ${host}:${port} within ${INFO_TIMEOUT_MS} ms`)), INFO_TIMEOUT_MS);
    function finish(err, value) {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(value);
    }
    socket.once('error', (err) => finish(err));
    socket.once('close', () => finish(new Error(`${host}:${port} closed the connection before replying`)));
    socket.once('connect', () => socket.write(wire.encodeInfoRequest(commands)));
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      buffered += chunk.length;
      if (buffered < PROTO_HEADER) return;
      const data = Buffer.concat(chunks, buffered);
      const size = PROTO_HEADER + data.readUIntBE(2, 6);
      if (buffered >= size) finish(undefined, wire.parseInfoResponse(data.subarray(PROTO_HEADER, size)));
    });
  });
}

/**
 * Asks the seeds, then every peer they list, for their name, peers and
 * replicas, and keeps the master of each partition of `namespace`.
 *
 * @param {string} hosts seed list
 * @param {string} namespace
 * @returns {Promise<{ nodes: Array<{ name: string, host: string, port: number }>, nodeOf: (digest: Uint8Array) => number, unrouted: number, notes: string[] }>}
 *   `nodeOf` gives an index into `nodes`
 */
export async function discoverMasters(hosts, namespace) {
  const nodes = [];
  const byName = new Map();
  const masters = new Int32Array(wire.PARTITIONS).fill(-1);
  const notes = [];
  const queue = parseHosts(hosts);
  const asked = new Set();
  while (queue.length > 0) {
    const address = queue.shift();
    const key = `${address.host}:${address.port}`;
    if (asked.has(key)) continue;
    asked.add(key);
    let reply;
    try {
      reply = await info(address, ['node', 'peers-clear-std', 'replicas']);
    } catch (err) {
      // Peers may advertise addresses this machine cannot reach (containers, NAT); their partitions fall back below.
      notes.push(`${key} unreachable for routing: ${err.message}`);
      continue;
    }
    const name = reply.get('node');
    if (name === undefined || byName.has(name)) continue;
    byName.set(name, nodes.length);
    nodes.push({ name, ...address });
    for (const peer of parsePeers(reply.get('peers-clear-std') ?? '').peers) {
      if (!byName.has(peer.nodeName) && peer.addresses.length > 0) queue.push(peer.addresses[0]);
    }
    for (const entry of parseReplicas(reply.get('replicas') ?? '')) {
      if (entry.namespace !== namespace || entry.bitmaps.length === 0) continue;
      for (let pid = 0; pid < wire.PARTITIONS; pid++) {
        if (hasPartition(entry.bitmaps[0], pid)) masters[pid] = byName.get(name);
      }
    }
  }
  if (nodes.length === 0) throw new Error(`no node of ${hosts} answered info requests`);
  let unrouted = 0;
  for (let pid = 0; pid < wire.PARTITIONS; pid++) {
    if (masters[pid] >= 0) continue;
    // No reachable master: the first node proxies these, as it would for a stale map.
    masters[pid] = 0;
    unrouted++;
  }
  if (unrouted > 0) notes.push(`${unrouted} partitions of ${namespace} have no reachable master; they go to ${nodes[0].name}`);
  return { nodes, nodeOf: (digest) => masters[wire.partitionId(digest)], unrouted, notes };
}
