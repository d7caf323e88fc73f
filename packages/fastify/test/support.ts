/**
 * Helpers shared by the plugin's tests: handle counting for leak checks and
 * a TCP server that accepts connections but never answers, to make a client
 * hang while connecting.
 */

import net from 'node:net';

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

/** A server that accepts connections and never writes: a seed that hangs. */
export async function startSilentServer(): Promise<{ hosts: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    hosts: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on (bound, read, released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
