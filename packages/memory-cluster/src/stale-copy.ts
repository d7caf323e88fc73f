/**
 * The data a node held when it was paused. On a real cluster a node that
 * hangs long enough to be dropped, then wakes up, rejoins with its records
 * as they were: until migrations reconcile the copies it serves reads of its
 * partitions from that old data, unless the read asks for duplicate
 * resolution (read mode AP ALL). Writes it takes resolve duplicates first,
 * so a record written through it is current from then on.
 */

import type { StoredRecord } from './store.js';

/** A node's copy of every namespace, taken when it was paused. */
export class StaleCopy {
  private readonly written = new Set<string>();

  constructor(private readonly records: ReadonlyMap<string, ReadonlyMap<string, StoredRecord>>) {}

  /**
   * The record as the node holds it: its old version, or undefined when it
   * held none. `current` is returned for records written since it rejoined.
   */
  read(namespace: string, digestKey: string, current: StoredRecord | undefined): StoredRecord | undefined {
    if (this.written.has(`${namespace}\0${digestKey}`)) return current;
    return this.records.get(namespace)?.get(digestKey);
  }

  /** The node took a write of this record: its copy is current from now on. */
  wrote(namespace: string, digestKey: string): void {
    this.written.add(`${namespace}\0${digestKey}`);
  }
}
