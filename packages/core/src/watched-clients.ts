/**
 * The clients a telemetry integration reads gauges from: those it was given
 * (a list, or a function returning one, read each time) and those added
 * later. Closed clients are dropped rather than kept alive for nothing.
 */

import type { Client } from './client.js';
import type { ClusterHealth } from './cluster/health.js';

/** Clients given as a list, or as a function returning the current list. */
export type ClientSource = readonly Client[] | (() => readonly Client[]);

/**
 * The set of clients to read.
 *
 * ```ts
 * const watched = new WatchedClients(options.clients);
 * watched.add(client);
 * for (const c of watched.connected()) console.log(c.stats().commandsInFlight);
 * ```
 */
export class WatchedClients {
  private readonly added = new Set<Client>();

  constructor(private readonly given?: ClientSource) {}

  /** The given clients, as they are now. */
  static list(source: ClientSource | undefined): readonly Client[] {
    if (source === undefined) return [];
    return typeof source === 'function' ? source() : source;
  }

  /** Adds a client to those read. */
  add(client: Client): void {
    this.added.add(client);
  }

  /** Forgets the added clients. */
  clear(): void {
    this.added.clear();
  }

  /** The clients to read now: given or added, connected; added ones that closed are forgotten. */
  connected(): Client[] {
    const all = new Set<Client>(WatchedClients.list(this.given));
    for (const c of this.added) {
      if (c.state === 'closed') this.added.delete(c);
      else all.add(c);
    }
    return [...all].filter((c) => c.state === 'connected');
  }

  /** The health views of the connected clients, asked at once; a client whose check fails (it closed meanwhile) is left out. */
  async health(): Promise<ClusterHealth[]> {
    const views = await Promise.all(this.connected().map((c) => c.health().catch(() => undefined)));
    return views.filter((v): v is ClusterHealth => v !== undefined);
  }
}
