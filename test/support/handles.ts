/**
 * Leak checks shared by the framework packages' tests: count the handles
 * that keep a process alive and wait for them to return to a baseline.
 */

/** Counts of the handles that keep a process alive: sockets, listening servers, timers. */
export interface Handles {
  sockets: number;
  servers: number;
  timers: number;
}

/** The current {@link Handles}. */
export function handles(): Handles {
  const info = process.getActiveResourcesInfo();
  return {
    sockets: info.filter((r) => r === 'TCPSocketWrap').length,
    servers: info.filter((r) => r === 'TCPServerWrap').length,
    timers: info.filter((r) => r === 'Timeout').length,
  };
}

/**
 * Waits (up to `graceMs`) for the handle counts to fall back to `baseline`:
 * a socket closed on one side is released by the other a tick later.
 * Returns the last counts, so a leak fails the assertion with numbers.
 */
export async function settleTo(baseline: Handles, graceMs = 1_500): Promise<Handles> {
  const until = Date.now() + graceMs;
  for (;;) {
    const now = handles();
    const settled = now.sockets <= baseline.sockets && now.servers <= baseline.servers && now.timers <= baseline.timers;
    if (settled || Date.now() >= until) return now;
    await new Promise((r) => setTimeout(r, 20));
  }
}
