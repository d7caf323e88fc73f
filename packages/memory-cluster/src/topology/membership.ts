/**
 * Which running nodes the cluster counts as members, and the timers that
 * change it: the others drop a stopped or hung node after the heartbeat
 * timeout, and a restarted node joins once its start-up time has passed.
 * Every change of membership is a rebalance.
 */

/** The members of a cluster, as the nodes' heartbeats see them. */
export class Membership {
  /** Nodes the others consider gone although they may still run (hung, or leaving). */
  private readonly departed = new Set<string>();
  private readonly evictions = new Map<string, NodeJS.Timeout>();
  /** Restarted nodes waiting to rejoin. */
  private readonly joins = new Map<string, NodeJS.Timeout>();

  constructor(
    /** How long the others take to notice a node is gone, ms (0: at once). */
    private readonly heartbeatTimeoutMs: number,
    /** Recomputes partition ownership over the members. */
    private readonly rebalance: () => void,
  ) {}

  /** Whether the others consider the node gone. */
  isDeparted(nodeName: string): boolean {
    return this.departed.has(nodeName);
  }

  /** The node leaves the cluster now, while it still runs (a graceful stop). */
  leave(nodeName: string): void {
    this.departed.add(nodeName);
    this.rebalance();
  }

  /** The node stopped or hung: the others drop it after the heartbeat timeout. */
  dropLater(nodeName: string): void {
    const evict = (): void => {
      this.evictions.delete(nodeName);
      this.departed.add(nodeName);
      this.rebalance();
    };
    if (this.heartbeatTimeoutMs <= 0) {
      evict();
      return;
    }
    clearTimeout(this.evictions.get(nodeName));
    const timer = setTimeout(evict, this.heartbeatTimeoutMs);
    timer.unref();
    this.evictions.set(nodeName, timer);
  }

  /** The node is back (started again, or woken): it rejoins, unless the others had not noticed it was gone. */
  rejoin(nodeName: string): void {
    const pending = this.evictions.get(nodeName);
    if (pending !== undefined) {
      // Back before anyone noticed: nothing moved.
      clearTimeout(pending);
      this.evictions.delete(nodeName);
      if (!this.departed.has(nodeName)) return;
    }
    this.departed.delete(nodeName);
    this.rebalance();
  }

  /** The node joins as a new member: the cluster changes even if nobody noticed it leave. */
  join(nodeName: string): void {
    const pending = this.evictions.get(nodeName);
    if (pending !== undefined) clearTimeout(pending);
    this.evictions.delete(nodeName);
    this.departed.delete(nodeName);
    this.rebalance();
  }

  /** Runs `join` after `waitMs` (at once when not positive), in place of a join still pending for the node. */
  joinAfter(nodeName: string, waitMs: number, join: () => void): void {
    const run = (): void => {
      this.joins.delete(nodeName);
      join();
    };
    if (waitMs <= 0) run();
    else {
      const timer = setTimeout(run, waitMs);
      timer.unref();
      this.joins.set(nodeName, timer);
    }
  }

  /** Cancels a join still pending for the node. */
  cancelJoin(nodeName: string): void {
    clearTimeout(this.joins.get(nodeName));
  }

  /** Cancels every pending drop and join. */
  close(): void {
    for (const timer of this.evictions.values()) clearTimeout(timer);
    this.evictions.clear();
    for (const timer of this.joins.values()) clearTimeout(timer);
    this.joins.clear();
  }
}
