/** Record expiry: the void time a write gives a record from the TTL slot of its request. */

import { type Clock, type NamespaceStore, type StoredRecord, citrusleafNow } from '../storage/store.js';

/** TTL slot -1: the record never expires. */
const TTL_NEVER = 0xffffffff;
/** TTL slot -2: the record keeps its void time (a new record gets the namespace's default). */
const TTL_DONT_UPDATE = 0xfffffffe;

/**
 * The void time (seconds since the Aerospike epoch, 0 = never) of a record
 * written with TTL slot `slot`: never for -1, unchanged for -2, the
 * namespace's default TTL for 0, otherwise `slot` seconds from now.
 */
export function voidTimeFor(slot: number, store: NamespaceStore, existing: StoredRecord | undefined, clock: Clock): number {
  const now = citrusleafNow(clock);
  if (slot === TTL_NEVER) return 0;
  if (slot === TTL_DONT_UPDATE) {
    if (existing !== undefined) return existing.voidTime;
    return store.defaultTtl === 0 ? 0 : now + store.defaultTtl;
  }
  if (slot === 0) return store.defaultTtl === 0 ? 0 : now + store.defaultTtl;
  return now + slot;
}
