/**
 * Which namespaces are migrating partitions, as far as the tend can tell.
 *
 * A node that comes back after a pause regains its partitions with the data
 * it had before; until migrations reconcile the copies, a read of one copy
 * can return an older value than one already acknowledged. Reads that follow
 * migrations ask the server for duplicate resolution while this says a
 * namespace is migrating.
 *
 * The tend suspects migrations whenever the cluster changes (a partition
 * generation moves, a node joins or leaves, a node restarts) — before the
 * new map is installed — and from then on asks every node
 * `cluster-stable:namespace=<ns>` each tend. A namespace is settled once
 * every node answers with the same cluster key: the server answers an error
 * while migrations remain, while the cluster re-forms, or while partitions
 * are unavailable.
 */

import { parseInfoError } from '../wire/info.js';
import type { Node } from './node.js';

/** The info command that says whether `namespace` has settled. */
function clusterStableCommand(namespace: string): string {
  return `cluster-stable:namespace=${namespace}`;
}

/** Migration state of the cluster's namespaces. */
export class MigrationWatch {
  /** Every namespace, known or not yet, counts as migrating until the next check. */
  private everything = false;
  private readonly migrating = new Set<string>();
  /** Bumped by every suspicion, so a check that began before one cannot clear it. */
  private epoch = 0;

  /** True while any namespace is migrating or suspected to be. */
  get active(): boolean {
    return this.everything || this.migrating.size > 0;
  }

  /** True while `namespace` is migrating or suspected to be. */
  isMigrating(namespace: string): boolean {
    return this.everything || (this.migrating.size !== 0 && this.migrating.has(namespace));
  }

  /** The cluster changed: every namespace may be migrating from now on. */
  suspect(): void {
    this.everything = true;
    this.epoch++;
  }

  /**
   * Asks every node whether each of `namespaces` has settled, and keeps as
   * migrating those that have not. A node that does not answer keeps every
   * namespace migrating.
   */
  async check(nodes: readonly Node[], namespaces: readonly string[]): Promise<void> {
    if (nodes.length === 0 || namespaces.length === 0) return;
    const epoch = this.epoch;
    const commands = namespaces.map(clusterStableCommand);
    const answers = await Promise.all(nodes.map((n) => n.tendInfo(commands).catch(() => undefined)));
    if (epoch !== this.epoch) return;
    const unsettled = new Set<string>();
    for (let i = 0; i < namespaces.length; i++) {
      let key: string | undefined;
      for (const answer of answers) {
        const value = answer?.get(commands[i]!);
        if (value === undefined || value === '' || parseInfoError(value) !== undefined || (key !== undefined && key !== value)) {
          unsettled.add(namespaces[i]!);
          break;
        }
        key = value;
      }
    }
    this.everything = false;
    this.migrating.clear();
    for (const ns of unsettled) this.migrating.add(ns);
  }
}
