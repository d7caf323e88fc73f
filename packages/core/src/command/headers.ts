/** Policy → AS_MSG header bits, as the server reads them. */

import {
  CommitLevel,
  ExistsAction,
  GenerationPolicy,
  ReadModeAP,
  ReadModeSC,
  type ReadPolicy,
  type WritePolicy,
} from '../policy/types.js';
import { Info1, Info2, Info3 } from '../wire/message.js';
import type { CommandHeader } from '../wire/request.js';

/**
 * Server-side timeout sent with a command: the socket timeout, unless the
 * total timeout is tighter (the server should not keep working on a command
 * the client has given up on).
 */
export function serverTimeout(socketTimeout: number, totalTimeout: number): number {
  if (totalTimeout > 0 && (socketTimeout === 0 || socketTimeout > totalTimeout)) return totalTimeout;
  return socketTimeout;
}

/** info3 bits of an SC read mode. */
export function scReadBits(mode: ReadModeSC): number {
  switch (mode) {
    case ReadModeSC.LINEARIZE:
      return Info3.SC_READ_TYPE;
    case ReadModeSC.ALLOW_REPLICA:
      return Info3.SC_READ_RELAX;
    case ReadModeSC.ALLOW_UNAVAILABLE:
      return Info3.SC_READ_TYPE | Info3.SC_READ_RELAX;
    default:
      return 0;
  }
}

/** The parts of a policy a read header depends on (a write policy has them too, for read-only operates). */
export type ReadHeaderPolicy = Pick<ReadPolicy, 'readModeAP' | 'readModeSC' | 'socketTimeout' | 'totalTimeout'> &
  Partial<Pick<ReadPolicy, 'readTouchTtlPercent'>>;

/** Header of a read: `info1` says what to read (all bins, named bins, header only). */
export function readHeader(policy: ReadHeaderPolicy, info1: number): CommandHeader {
  return {
    info1: info1 | (policy.readModeAP === ReadModeAP.ALL ? Info1.READ_MODE_AP_ALL : 0),
    info2: 0,
    info3: scReadBits(policy.readModeSC),
    info4: 0,
    generation: 0,
    // Reads carry the read-touch percentage in the TTL slot: 0 server default, -1 (sent as 0xFFFFFFFF) never.
    recordTtl: policy.readTouchTtlPercent ?? 0,
    transactionTtl: serverTimeout(policy.socketTimeout, policy.totalTimeout),
  };
}

/** The TTL slot of a write: -1 never expire, -2 leave as is, 0 namespace default. */
export function ttlSlot(ttl: number): number {
  if (ttl === -1) return 0xffffffff;
  if (ttl === -2) return 0xfffffffe;
  return ttl;
}

/** Header of a write; `info1`/`info2` add what the command itself needs (DELETE, READ for operate). */
export function writeHeader(policy: WritePolicy, info1: number, info2: number): CommandHeader {
  let i2 = info2 | Info2.WRITE;
  let i3 = 0;
  let generation = 0;
  if (policy.gen === GenerationPolicy.EXPECT_EQUAL) {
    i2 |= Info2.GENERATION;
    generation = policy.generation;
  } else if (policy.gen === GenerationPolicy.EXPECT_GREATER) {
    i2 |= Info2.GENERATION_GT;
    generation = policy.generation;
  }
  switch (policy.exists) {
    case ExistsAction.UPDATE_ONLY:
      i3 |= Info3.UPDATE_ONLY;
      break;
    case ExistsAction.REPLACE:
      i3 |= Info3.CREATE_OR_REPLACE;
      break;
    case ExistsAction.REPLACE_ONLY:
      i3 |= Info3.REPLACE_ONLY;
      break;
    case ExistsAction.CREATE_ONLY:
      i2 |= Info2.CREATE_ONLY;
      break;
    default:
      break;
  }
  if (policy.durableDelete) i2 |= Info2.DURABLE_DELETE;
  if (policy.respondAllOps) i2 |= Info2.RESPOND_ALL_OPS;
  if (policy.commitLevel === CommitLevel.MASTER) i3 |= Info3.COMMIT_MASTER;
  let i1 = info1;
  if (info1 !== 0) {
    // An operate that also reads follows the read modes too.
    if (policy.readModeAP === ReadModeAP.ALL) i1 |= Info1.READ_MODE_AP_ALL;
    i3 |= scReadBits(policy.readModeSC);
  }
  return {
    info1: i1,
    info2: i2,
    info3: i3,
    info4: 0,
    generation,
    recordTtl: ttlSlot(policy.ttl),
    transactionTtl: serverTimeout(policy.socketTimeout, policy.totalTimeout),
  };
}
