/**
 * Record storage of one namespace: records by digest, with generations,
 * void times and the stored key, as a server keeps them.
 */

import { CITRUSLEAF_EPOCH } from '@aerospike-ts/core/wire';

/** A bin as stored: its particle type and the particle bytes, exactly as the wire carries them. */
export interface StoredBin {
  type: number;
  data: Buffer;
}

/** A stored record. */
export interface StoredRecord {
  set: string;
  generation: number;
  /** Seconds since 2010-01-01 at which the record expires; 0 = never. */
  voidTime: number;
  bins: Map<string, StoredBin>;
  /** The user key as a particle (type byte + bytes), when a write sent it. */
  key: Buffer | undefined;
  /** Last update, ms since the Unix epoch. */
  lastUpdateMs: number;
}

/** Settings of a namespace. */
export interface NamespaceConfig {
  name: string;
  /** Replication factor (capped at the node count). */
  replicationFactor?: number;
  /** TTL in seconds a write with TTL 0 gets; 0 = never expire (the server's default). */
  defaultTtl?: number;
  /** Largest record, in bytes (default 1 MiB, as the server's max-record-size). */
  maxRecordSize?: number;
}

/** The time source; tests move it forward to expire records without waiting. */
export interface Clock {
  now(): number;
}

/** Seconds since the Aerospike epoch. */
export function citrusleafNow(clock: Clock): number {
  return Math.floor(clock.now() / 1000) - CITRUSLEAF_EPOCH;
}

/** Records of one namespace. */
export class NamespaceStore {
  readonly name: string;
  readonly replicationFactor: number;
  readonly defaultTtl: number;
  readonly maxRecordSize: number;
  private readonly records = new Map<string, StoredRecord>();

  constructor(config: NamespaceConfig, private readonly clock: Clock) {
    this.name = config.name;
    this.replicationFactor = config.replicationFactor ?? 2;
    this.defaultTtl = config.defaultTtl ?? 0;
    this.maxRecordSize = config.maxRecordSize ?? 1024 * 1024;
  }

  /** The live record under `digestKey` (a latin1 string of the digest); expired records are dropped here. */
  get(digestKey: string): StoredRecord | undefined {
    const r = this.records.get(digestKey);
    if (r === undefined) return undefined;
    if (r.voidTime !== 0 && r.voidTime <= citrusleafNow(this.clock)) {
      this.records.delete(digestKey);
      return undefined;
    }
    return r;
  }

  set(digestKey: string, record: StoredRecord): void {
    this.records.set(digestKey, record);
  }

  delete(digestKey: string): boolean {
    return this.records.delete(digestKey);
  }

  /** Live records, for scans and statistics. */
  *entries(): IterableIterator<[string, StoredRecord]> {
    for (const [k, r] of this.records) {
      if (r.voidTime !== 0 && r.voidTime <= citrusleafNow(this.clock)) continue;
      yield [k, r];
    }
  }

  /** Number of live records. */
  get size(): number {
    let n = 0;
    for (const _ of this.entries()) n++;
    return n;
  }

  /** Removes every record (of one set when given), or only those last updated before `beforeMs` (Unix ms). */
  truncate(set?: string, beforeMs?: number): void {
    if (set === undefined && beforeMs === undefined) {
      this.records.clear();
      return;
    }
    for (const [k, r] of this.records) {
      if ((set === undefined || r.set === set) && (beforeMs === undefined || r.lastUpdateMs < beforeMs)) this.records.delete(k);
    }
  }

  /**
   * A store with the same settings and a copy of every record as it is now
   * (records are replaced, never changed in place, so a shallow copy holds).
   */
  clone(): NamespaceStore {
    const copy = new NamespaceStore(
      { name: this.name, replicationFactor: this.replicationFactor, defaultTtl: this.defaultTtl, maxRecordSize: this.maxRecordSize },
      this.clock,
    );
    for (const [k, r] of this.records) copy.records.set(k, r);
    return copy;
  }

  /** Names of the sets that hold records, with their counts. */
  sets(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [, r] of this.entries()) if (r.set !== '') out.set(r.set, (out.get(r.set) ?? 0) + 1);
    return out;
  }
}
