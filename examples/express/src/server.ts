/**
 * Startup and shutdown around {@link createApp}: tracing when `OTEL_*` is
 * set, an in-process memory cluster unless `AEROSPIKE_HOSTS` is set, a
 * listener on `HOST:PORT`, and a graceful shutdown that drains requests
 * before closing the client.
 */

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type GracefulShutdown, attachGracefulShutdown } from '@aerospike-ts/express';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { initTracing, shutdownTracing } from '@aerospike-ts/otel';
import { type App, createApp } from './app.js';

/** Options of {@link startServer}. */
export interface StartOptions {
  /** Environment to read `PORT`, `HOST`, `AEROSPIKE_HOSTS`, `AEROSPIKE_NAMESPACE` and `OTEL_*` from. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Signals that shut the server down gracefully. Default: none. */
  signals?: NodeJS.Signals[];
}

/** A started server. */
export interface RunningServer {
  /** The app and its client. */
  app: App;
  /** The listening HTTP server. */
  server: http.Server;
  /** Base URL the server listens on. */
  url: string;
  /** Where the client connects: `AEROSPIKE_HOSTS` or the memory cluster's hosts. */
  hosts: string;
  /** The in-process cluster, when `AEROSPIKE_HOSTS` is not set. */
  memory: MemoryCluster | undefined;
  /** True when `OTEL_*` variables turned tracing on. */
  tracing: boolean;
  /** The shutdown wiring; `shutdown()` drains requests, then closes the client, the memory cluster and tracing. */
  shutdown: GracefulShutdown;
}

/** True when any `OTEL_*` variable is set: the user asked for telemetry. */
export function wantsTracing(env: NodeJS.ProcessEnv): boolean {
  return Object.keys(env).some((name) => name.startsWith('OTEL_') && env[name] !== '');
}

/** Starts the users API as `pnpm start` runs it. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  let tracing = false;
  if (wantsTracing(env)) {
    // A service name of our own only when the user gave none, so OTEL_SERVICE_NAME wins.
    tracing = (await initTracing(env.OTEL_SERVICE_NAME ? {} : { serviceName: 'aerospike-ts-example-express' })) !== undefined;
  }
  const memory = env.AEROSPIKE_HOSTS ? undefined : await startMemoryCluster();
  const hosts = env.AEROSPIKE_HOSTS ?? memory!.hosts;
  const release = async (app: App | undefined): Promise<void> => {
    await app?.close();
    await memory?.close();
    if (tracing) await shutdownTracing();
  };

  let app: App | undefined;
  try {
    app = await createApp({ hosts, namespace: env.AEROSPIKE_NAMESPACE || undefined });
    const server = http.createServer(app.app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(Number(env.PORT ?? 3001), env.HOST ?? '0.0.0.0', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { address, port, family } = server.address() as AddressInfo;
    // A wildcard address is not something to paste into a browser.
    const host = address === '0.0.0.0' || address === '::' ? 'localhost' : family === 'IPv6' ? `[${address}]` : address;
    const started = app;
    const shutdown = attachGracefulShutdown(server, { close: () => release(started) }, { signals: options.signals ?? [], timeoutMs: 10_000 });
    return { app, server, url: `http://${host}:${port}`, hosts, memory, tracing, shutdown };
  } catch (err) {
    await release(app);
    throw err;
  }
}
