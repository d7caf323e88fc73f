/**
 * Migrations after a rebalance, modelled by time: the partitions whose
 * owners changed take `durationMs` to migrate, and the count remaining falls
 * linearly over that time. All nodes share one store, so no data moves; what
 * the model gives is what a client and an operator can see of migrations on
 * a real cluster: `migrate_*_remaining` statistics, `cluster-stable`
 * answering "unstable cluster", and (see `StaleCopy`) a node that came back
 * from a pause serving its old data until migrations end.
 */

import type { Clock } from '../storage/store.js';

/** The migrations of the last rebalance. */
export class Migrations {
  private moved = 0;
  private startedAt = 0;
  private endsAt = 0;

  constructor(
    private readonly clock: Clock,
    /** How long the partitions moved by one rebalance take to migrate, ms (0: at once). */
    readonly durationMs: number,
  ) {}

  /** A rebalance moved `partitions` partitions (counted over every namespace and replica). */
  start(partitions: number): void {
    if (this.durationMs <= 0 || partitions === 0) return;
    const now = this.clock.now();
    // Partitions still migrating from an earlier rebalance are still to do.
    this.moved = this.remaining() + partitions;
    this.startedAt = now;
    this.endsAt = now + this.durationMs;
  }

  /** Partitions left to migrate now. */
  remaining(): number {
    const now = this.clock.now();
    if (now >= this.endsAt) return 0;
    return Math.max(1, Math.ceil((this.moved * (this.endsAt - now)) / (this.endsAt - this.startedAt)));
  }

  /** True while partitions are migrating. */
  get active(): boolean {
    return this.clock.now() < this.endsAt;
  }

  /** When the current migrations end (Unix ms; in the past when none run). */
  get until(): number {
    return this.endsAt;
  }
}
