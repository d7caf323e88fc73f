/**
 * The data a node held when it was paused. On a real cluster a node that
 * hangs long enough to be dropped, then wakes up, first runs the requests
 * still queued in its sockets against its own data (a late write lands
 * there, not on the nodes that took over), then rejoins with that data:
 * until migrations reconcile the copies it serves reads of its partitions
 * from it, unless the read asks for duplicate resolution (read mode AP ALL).
 * Writes it takes after rejoining resolve duplicates first, so a record
 * written through it is current from then on. When migrations end, the
 * copies of the nodes that stayed win: they hold every write acknowledged
 * meanwhile.
 */

import type { NamespaceStore, StoredRecord } from './store.js';

/** A node's copy of every namespace, taken when it was paused. */
export class StaleCopy {
  private readonly written = new Set<string>();

  constructor(private readonly stores: ReadonlyMap<string, NamespaceStore>) {}

  /** The node's own copy of a namespace. */
  store(namespace: string): NamespaceStore | undefined {
    return this.stores.get(namespace);
  }

  /**
   * The record as the node holds it: its old version, or undefined when it
   * held none. `current` is returned for records written since it rejoined.
   */
  read(namespace: string, digestKey: string, current: StoredRecord | undefined): StoredRecord | undefined {
    if (this.written.has(`${namespace}\0${digestKey}`)) return current;
    return this.stores.get(namespace)?.get(digestKey);
  }

  /** The node took a write of this record after rejoining: its copy is current from now on. */
  wrote(namespace: string, digestKey: string): void {
    this.written.add(`${namespace}\0${digestKey}`);
  }
}
