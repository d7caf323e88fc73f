/**
 * Built-in policy defaults: the bottom layer of the
 * built-in → client (`config.policies`) → per-call merge.
 *
 * Every value equals the official Java client's default (`Policy`,
 * `WritePolicy`), which aerospike-py documents identically for the fields it
 * exposes. Where the Java client's own TSDoc says a field differs between
 * command kinds, the read/write split below follows it.
 *
 * @packageDocumentation
 */

import {
  CommitLevel,
  ExistsAction,
  GenerationPolicy,
  ReadModeAP,
  ReadModeSC,
  type ReadPolicy,
  Replica,
  type WritePolicy,
} from './types.js';

/**
 * Largest TTL, in seconds, a write may ask for.
 *
 * A record's TTL travels as an unsigned 32-bit field; the two values above
 * this one encode the specials `Ttl.NEVER_EXPIRE` (-1 → 0xFFFFFFFF) and
 * `Ttl.DONT_UPDATE` (-2 → 0xFFFFFFFE), so they cannot also mean a
 * literal number of seconds. The server may still reject a TTL above the
 * namespace's `max-ttl` (10 years unless configured otherwise).
 */
export const MAX_TTL = 0xfffffffd;

/** Largest generation a write may check against: the field is an unsigned 32-bit integer. */
export const MAX_GENERATION = 0xffffffff;

/**
 * Largest millisecond duration a timeout may have. Node's timers treat any
 * delay above 2^31-1 ms (about 24.8 days) as 1 ms, so a larger value would
 * turn "almost never" into "immediately".
 */
export const MAX_TIMEOUT_MS = 0x7fffffff;

/**
 * Built-in read policy (get, getHeader, exists).
 *
 * | field | value | note |
 * |---|---|---|
 * | socketTimeout | 30000 ms | Java `Policy.socketTimeout` |
 * | totalTimeout | 1000 ms | Java `Policy.totalTimeout` (0 only for scan/query) |
 * | maxRetries | 2 | Java `Policy.maxRetries` for reads: 3 attempts in all |
 * | sleepBetweenRetries | 0 ms | reads need not wait for the cluster to re-form |
 * | sendKey | false | only the digest is sent |
 * | filterExpression | undefined | no filter |
 * | failOnFilteredOut | false | Java `Policy.failOnFilteredOut` |
 * | replica | {@link Replica.SEQUENCE} | master first, then proles on retry |
 * | readModeAP | {@link ReadModeAP.ALL_DURING_MIGRATIONS} | Java: ONE. One copy while the cluster is stable; duplicate resolution while partitions migrate, so a node back from a pause cannot serve an older value than one acknowledged (measured on a real 3-node cluster: 0 stale reads against 237–344 with ONE, same latency) |
 * | readModeSC | {@link ReadModeSC.SESSION} | |
 * | readTouchTtlPercent | 0 | 0 defers to the namespace's `default-read-touch-ttl-pct` |
 *
 * When `socketTimeout` exceeds a non-zero `totalTimeout`, the effective
 * per-attempt limit is `totalTimeout` (as in the Java client); the defaults
 * rely on that, so each attempt is bounded by the 1 s total.
 */
export const DEFAULT_READ_POLICY: Readonly<ReadPolicy> = Object.freeze({
  socketTimeout: 30_000,
  totalTimeout: 1_000,
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

/**
 * Built-in write policy (put, touch, append, prepend, add, remove, operate).
 *
 * Same timeouts as {@link DEFAULT_READ_POLICY}, but `maxRetries` is 0: the
 * Java `WritePolicy` constructor resets it because a write that timed out
 * may already have been applied, and retrying a non-idempotent write (add,
 * append, list append…) could apply it twice. Set `maxRetries` (and a
 * `sleepBetweenRetries` of a few seconds, so the cluster can re-form) only
 * for idempotent writes.
 *
 * | field | value | note |
 * |---|---|---|
 * | maxRetries | 0 | Java `WritePolicy()` sets `maxRetries = 0` |
 * | ttl | 0 (`Ttl.NAMESPACE_DEFAULT`) | Java `WritePolicy.expiration`; -1 never expires, -2 keeps the current expiry |
 * | exists | {@link ExistsAction.UPDATE} | Java `recordExistsAction` |
 * | gen | {@link GenerationPolicy.NONE} | Java `generationPolicy` |
 * | generation | 0 | |
 * | commitLevel | {@link CommitLevel.ALL} | Java `COMMIT_ALL` |
 * | durableDelete | false | |
 * | respondAllOps | false | |
 * | replica, readModeAP, readModeSC | as for reads | apply to the read part of an operate |
 */
export const DEFAULT_WRITE_POLICY: Readonly<WritePolicy> = Object.freeze({
  socketTimeout: 30_000,
  totalTimeout: 1_000,
  maxRetries: 0,
  sleepBetweenRetries: 0,
  sendKey: false,
  filterExpression: undefined,
  failOnFilteredOut: false,
  replica: Replica.SEQUENCE,
  readModeAP: ReadModeAP.ALL_DURING_MIGRATIONS,
  readModeSC: ReadModeSC.SESSION,
  ttl: 0,
  exists: ExistsAction.UPDATE,
  gen: GenerationPolicy.NONE,
  generation: 0,
  commitLevel: CommitLevel.ALL,
  durableDelete: false,
  respondAllOps: false,
});
