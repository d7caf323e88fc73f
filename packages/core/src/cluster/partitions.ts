/**
 * Partition maps: for every namespace, which node holds each replica of each
 * of the 4096 partitions, parsed from the `replicas` info value.
 */

import { type ErrorContext, protocolError } from '../errors.js';
import { PARTITIONS } from '../wire/digest.js';

const BITMAP_BYTES = PARTITIONS / 8;
/** Replication factors above this are not real; a bigger count is a corrupt reply. */
const MAX_REPLICAS = 256;

/** Owners of one namespace's partitions: `replicas[r][pid]` is a node name or undefined. */
export interface NamespaceMap {
  /** Strong-consistency regime (0 in AP namespaces). */
  regime: number;
  /** replicas[0] is the master, then the proles. */
  replicas: Array<Array<string | undefined>>;
  /**
   * Partitions a node answered PARTITION_UNAVAILABLE for, by node name, until
   * that node reports its map again; undefined while there are none.
   */
  unavailable: Map<string, Set<number>> | undefined;
}

/** One namespace's ownership as one node reports it. */
export interface ReplicasEntry {
  namespace: string;
  regime: number;
  /** For each replica index, the 512-byte bitmap of partitions this node holds at that index. */
  bitmaps: Buffer[];
}

/**
 * Most namespaces a `replicas` answer may list. An Aerospike cluster has at
 * most 32; a longer list is corrupt or hostile, and is refused before
 * anything is built for it (the partition map holds 4096 owners per replica
 * per namespace).
 */
export const MAX_NAMESPACES = 128;

/**
 * Parses `ns:[regime,]count,b64,b64;ns2:…`. Throws ProtocolError for a
 * malformed value, or one listing more than {@link MAX_NAMESPACES}
 * namespaces, rather than installing a half-parsed map; `context` names the
 * node that sent it.
 */
export function parseReplicas(value: string, context?: ErrorContext): ReplicasEntry[] {
  const namespaces = countParts(value, MAX_NAMESPACES + 1);
  if (namespaces > MAX_NAMESPACES) {
    throw protocolError('replicas', `more than ${MAX_NAMESPACES} namespaces listed; a cluster has at most 32`, context);
  }
  const out: ReplicasEntry[] = [];
  for (const part of value.split(';')) {
    if (part.length === 0) continue;
    const colon = part.indexOf(':');
    if (colon <= 0) throw protocolError('replicas', `"${part.slice(0, 40)}" has no namespace`, context);
    const namespace = part.slice(0, colon);
    const items = part.slice(colon + 1).split(',');
    let regime = 0;
    let countIndex = 0;
    // With a regime the list is regime,count,bitmaps…; without, count,bitmaps…
    if (items.length >= 2 && items.length - 2 === Number(items[1])) {
      regime = parseCount(items[0]!, 'regime', 0xffffffff, context);
      countIndex = 1;
    }
    const count = parseCount(items[countIndex]!, 'replica count', MAX_REPLICAS, context);
    if (items.length !== countIndex + 1 + count) {
      throw protocolError(
        'replicas',
        `namespace ${namespace}: ${count} replicas announced, ${items.length - countIndex - 1} bitmaps sent`,
        context,
      );
    }
    const bitmaps: Buffer[] = [];
    for (let r = 0; r < count; r++) {
      const b64 = items[countIndex + 1 + r]!;
      const bitmap = Buffer.from(b64, 'base64');
      if (bitmap.length !== BITMAP_BYTES) {
        throw protocolError('replicas', `namespace ${namespace}: bitmap ${r} has ${bitmap.length} bytes, expected ${BITMAP_BYTES}`, context);
      }
      bitmaps.push(bitmap);
    }
    out.push({ namespace, regime, bitmaps });
  }
  return out;
}

/** Number of non-empty `;`-separated parts of `value`, counted without splitting it and up to `limit`. */
function countParts(value: string, limit: number): number {
  let n = 0;
  let start = 0;
  while (n < limit && start <= value.length) {
    let end = value.indexOf(';', start);
    if (end === -1) end = value.length;
    if (end > start) n++;
    start = end + 1;
  }
  return n;
}

function parseCount(text: string, what: string, max: number, context: ErrorContext | undefined): number {
  if (!/^\d+$/.test(text)) throw protocolError('replicas', `${what} "${text}" is not a number`, context);
  const n = Number(text);
  if (n > max) throw protocolError('replicas', `${what} ${n} exceeds ${max}`, context);
  return n;
}

/** True when `bitmap` marks partition `pid`. */
export function hasPartition(bitmap: Uint8Array, pid: number): boolean {
  return (bitmap[pid >> 3]! & (0x80 >> (pid & 7))) !== 0;
}

/** Sets partition `pid` in `bitmap`. */
export function setPartition(bitmap: Uint8Array, pid: number): void {
  bitmap[pid >> 3] = bitmap[pid >> 3]! | (0x80 >> (pid & 7));
}

/** True when `nodeName` answered PARTITION_UNAVAILABLE for `pid` and has not reported its map since. */
export function isUnavailableOn(map: NamespaceMap, nodeName: string, pid: number): boolean {
  return map.unavailable !== undefined && map.unavailable.get(nodeName)?.has(pid) === true;
}

/** The partition maps of a cluster, updated node by node as replicas replies arrive. */
export class PartitionMaps {
  private readonly maps = new Map<string, NamespaceMap>();

  /** Map of a namespace, or undefined when no node serves it. */
  get(namespace: string): NamespaceMap | undefined {
    return this.maps.get(namespace);
  }

  /** Namespaces known to the cluster. */
  namespaces(): string[] {
    return [...this.maps.keys()];
  }

  /**
   * Applies one node's report: partitions it claims become its, and
   * partitions it held before but no longer claims are cleared, so a stale
   * owner never outlives its own newer report.
   */
  update(nodeName: string, entries: readonly ReplicasEntry[]): void {
    const seen = new Set<string>();
    for (const entry of entries) {
      seen.add(entry.namespace);
      let map = this.maps.get(entry.namespace);
      if (map === undefined) {
        map = { regime: entry.regime, replicas: [], unavailable: undefined };
        this.maps.set(entry.namespace, map);
      }
      if (entry.regime > map.regime) map.regime = entry.regime;
      while (map.replicas.length < entry.bitmaps.length) map.replicas.push(new Array<string | undefined>(PARTITIONS).fill(undefined));
      for (let r = 0; r < map.replicas.length; r++) {
        const owners = map.replicas[r]!;
        const bitmap = entry.bitmaps[r];
        for (let pid = 0; pid < PARTITIONS; pid++) {
          if (bitmap !== undefined && hasPartition(bitmap, pid)) owners[pid] = nodeName;
          else if (owners[pid] === nodeName) owners[pid] = undefined;
        }
      }
    }
    for (const [ns, map] of this.maps) if (!seen.has(ns)) this.forgetIn(map, nodeName);
    // A fresh report says what the node serves now: forget what it could not serve before.
    this.clearUnavailable(nodeName);
  }

  /** Notes that `nodeName` cannot serve partition `pid` of `namespace` now (it answered PARTITION_UNAVAILABLE). */
  markUnavailable(namespace: string, pid: number, nodeName: string): void {
    const map = this.maps.get(namespace);
    if (map === undefined) return;
    map.unavailable ??= new Map();
    let pids = map.unavailable.get(nodeName);
    if (pids === undefined) {
      pids = new Set();
      map.unavailable.set(nodeName, pids);
    }
    pids.add(pid);
  }

  /** Forgets that `nodeName` could not serve partition `pid` of `namespace` (it just served it). */
  markServed(namespace: string, pid: number, nodeName: string): void {
    const map = this.maps.get(namespace);
    const pids = map?.unavailable?.get(nodeName);
    if (pids === undefined || !pids.delete(pid)) return;
    if (pids.size === 0) map!.unavailable!.delete(nodeName);
    if (map!.unavailable!.size === 0) map!.unavailable = undefined;
  }

  private clearUnavailable(nodeName: string): void {
    for (const map of this.maps.values()) {
      if (map.unavailable === undefined) continue;
      map.unavailable.delete(nodeName);
      if (map.unavailable.size === 0) map.unavailable = undefined;
    }
  }

  /** Clears every partition a removed node owned. */
  removeNode(nodeName: string): void {
    for (const map of this.maps.values()) this.forgetIn(map, nodeName);
    this.clearUnavailable(nodeName);
  }

  /** Number of partitions (master replica) each node owns, per namespace. */
  ownership(nodeName: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [ns, map] of this.maps) {
      let n = 0;
      const masters = map.replicas[0];
      if (masters !== undefined) for (const owner of masters) if (owner === nodeName) n++;
      out[ns] = n;
    }
    return out;
  }

  private forgetIn(map: NamespaceMap, nodeName: string): void {
    for (const owners of map.replicas) {
      for (let pid = 0; pid < owners.length; pid++) if (owners[pid] === nodeName) owners[pid] = undefined;
    }
  }
}
