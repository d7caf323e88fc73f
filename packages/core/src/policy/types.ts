/**
 * Policy shapes. Every duration is in milliseconds unless its TSDoc says
 * otherwise. A policy passed to a command is merged over the client's
 * defaults, which are merged over the built-in defaults in `defaults.ts`.
 */

import type { Exp, ExpBool } from '../exp/index.js';

/** Which replica a read goes to first, and in which order retries walk the replicas. */
export const Replica = {
  /** Always the master. */
  MASTER: 'master',
  /** Any replica, master included, chosen round-robin (the official clients' MASTER_PROLES). */
  MASTER_PROLES: 'masterProles',
  /** Master first, then each prole in turn on retry. */
  SEQUENCE: 'sequence',
  /** A node on the client's rack first (needs `rackAware`), else as SEQUENCE. */
  PREFER_RACK: 'preferRack',
  /** A random replica (the official clients' RANDOM). */
  RANDOM: 'random',
} as const;
/** @see {@link Replica} */
export type Replica = (typeof Replica)[keyof typeof Replica];

/** How many replicas an AP-namespace read consults. */
export const ReadModeAP = {
  /** One replica. */
  ONE: 'one',
  /** Every replica; the record with the newest generation wins (duplicate resolution on the server). */
  ALL: 'all',
  /**
   * {@link ReadModeAP.ALL} while the client sees the namespace's partitions
   * migrating (a node joined, left, restarted or came back from a pause),
   * {@link ReadModeAP.ONE} otherwise: a node that rejoins with data older
   * than what was acknowledged meanwhile cannot serve it, and reads cost
   * nothing extra while the cluster is stable.
   */
  ALL_DURING_MIGRATIONS: 'allDuringMigrations',
} as const;
/** @see {@link ReadModeAP} */
export type ReadModeAP = (typeof ReadModeAP)[keyof typeof ReadModeAP];

/** Consistency of reads in a strong-consistency namespace. */
export const ReadModeSC = {
  SESSION: 'session',
  LINEARIZE: 'linearize',
  ALLOW_REPLICA: 'allowReplica',
  ALLOW_UNAVAILABLE: 'allowUnavailable',
} as const;
/** @see {@link ReadModeSC} */
export type ReadModeSC = (typeof ReadModeSC)[keyof typeof ReadModeSC];

/** What a write does about an existing (or missing) record. */
export const ExistsAction = {
  /** Create or update; bins not written are kept (the default). */
  UPDATE: 'update',
  /** Update only; fail with KEY_NOT_FOUND_ERROR when the record is missing. */
  UPDATE_ONLY: 'updateOnly',
  /** Create or replace: bins not written are removed. */
  REPLACE: 'replace',
  /** Replace only; fail with KEY_NOT_FOUND_ERROR when the record is missing. */
  REPLACE_ONLY: 'replaceOnly',
  /** Create only; fail with KEY_EXISTS_ERROR when the record exists. */
  CREATE_ONLY: 'createOnly',
} as const;
/** @see {@link ExistsAction} */
export type ExistsAction = (typeof ExistsAction)[keyof typeof ExistsAction];

/** Generation check a write or remove makes before applying. */
export const GenerationPolicy = {
  /** No check (the default). */
  NONE: 'none',
  /** Apply only when the record's generation equals `generation`. */
  EXPECT_EQUAL: 'expectEqual',
  /** Apply only when `generation` is greater than the record's generation. */
  EXPECT_GREATER: 'expectGreater',
} as const;
/** @see {@link GenerationPolicy} */
export type GenerationPolicy = (typeof GenerationPolicy)[keyof typeof GenerationPolicy];

/** When the server answers a write. */
export const CommitLevel = {
  /** After every replica has applied it (the default). */
  ALL: 'all',
  /** As soon as the master has applied it. */
  MASTER: 'master',
} as const;
/** @see {@link CommitLevel} */
export type CommitLevel = (typeof CommitLevel)[keyof typeof CommitLevel];

/** Special values of a record's time to live, in seconds. */
export const Ttl = {
  /** Use the namespace's default-ttl. */
  NAMESPACE_DEFAULT: 0,
  /** Never expire. */
  NEVER_EXPIRE: -1,
  /** Keep the record's current expiry (writes only). */
  DONT_UPDATE: -2,
} as const;

/** Timeouts and retries shared by every command. */
export interface BasePolicy {
  /**
   * Time one attempt may wait for the server, in ms; 0 means no limit beyond
   * `totalTimeout`. When an attempt times out and retries remain, the command
   * is retried (on the next replica for reads).
   */
  socketTimeout: number;
  /** Time the whole command may take, retries included, in ms; 0 means no limit. */
  totalTimeout: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Pause between retries, in ms. */
  sleepBetweenRetries: number;
  /** Send the user key with the request so the server stores it (writes) or checks it. */
  sendKey: boolean;
  /**
   * A boolean expression (built with `exp.*`) the record must satisfy for
   * the command to apply; `undefined` for none. A record it is false for is
   * "filtered out": the command does nothing and fails with
   * {@link FilteredOutError}, except `exists` and `remove`, which resolve
   * `false` unless {@link BasePolicy.failOnFilteredOut} is set.
   *
   * ```ts
   * await client.get(key, undefined, { filterExpression: exp.gt(exp.binInt('age'), exp.int(17)) });
   * ```
   */
  filterExpression: FilterExpression | undefined;
  /** Make `exists` and `remove` reject with FilteredOutError too, instead of resolving `false`. */
  failOnFilteredOut: boolean;
}

/** A boolean expression built with `exp.*`: the server refuses a filter of any other type. */
export type FilterExpression = Exp<ExpBool>;

/** Policy of reads: get, getHeader, exists. */
export interface ReadPolicy extends BasePolicy {
  replica: Replica;
  readModeAP: ReadModeAP;
  readModeSC: ReadModeSC;
  /**
   * Percentage (1-100) of the record's TTL after which a read also resets the
   * TTL (server 7.1+); 0 uses the namespace's `default-read-touch-ttl-pct`,
   * -1 never resets it.
   */
  readTouchTtlPercent: number;
}

/** Policy of writes: put, touch, append, prepend, add, remove, operate. */
export interface WritePolicy extends BasePolicy {
  /** Which replica reads of an `operate` go to; writes always go to the master. */
  replica: Replica;
  readModeAP: ReadModeAP;
  readModeSC: ReadModeSC;
  /** Record TTL in seconds; see {@link Ttl} for the special values. */
  ttl: number;
  exists: ExistsAction;
  gen: GenerationPolicy;
  /** Generation to check against when `gen` is not NONE. */
  generation: number;
  commitLevel: CommitLevel;
  /** Leave a tombstone on delete (Enterprise Edition). */
  durableDelete: boolean;
  /** Ask the server to return a result for every operation of an operate, not only reads. */
  respondAllOps: boolean;
}

/** Policy of remove. */
export type RemovePolicy = WritePolicy;

/** Policy defaults a client applies to every command of a kind. */
export interface PolicyDefaults {
  read: ReadPolicy;
  write: WritePolicy;
}

/** Partial overrides, as accepted by the client config and per call. */
export type ReadPolicyInput = Partial<ReadPolicy>;
/** Partial overrides, as accepted by the client config and per call. */
export type WritePolicyInput = Partial<WritePolicy>;
