/**
 * Startup and shutdown around {@link createApp}: tracing when `OTEL_*` is
 * set, an in-process memory cluster unless `AEROSPIKE_HOSTS` is set, and a
 * listener on `HOST:PORT`.
 */

import { initTracing, shutdownTracing } from '@aerospike-ts/otel';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { createApp } from './app.js';

/** Options of {@link startServer}. */
export interface StartOptions {
  /** Environment to read `PORT`, `HOST`, `AEROSPIKE_HOSTS`, `AEROSPIKE_NAMESPACE` and `OTEL_*` from. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Fastify's logger option. Default: info-level JSON logs. */
  logger?: FastifyServerOptions['logger'];
}

/** A started server. */
export interface RunningServer {
  /** The listening app; `app.aerospike` is its client. */
  app: FastifyInstance;
  /** Base URL the server listens on. */
  url: string;
  /** Where the client connects: `AEROSPIKE_HOSTS` or the memory cluster's hosts. */
  hosts: string;
  /** The in-process cluster, when `AEROSPIKE_HOSTS` is not set. */
  memory: MemoryCluster | undefined;
  /** True when `OTEL_*` variables turned tracing on. */
  tracing: boolean;
  /** Closes the server (in-flight requests finish), the client, the memory cluster and tracing, in that order. */
  close(): Promise<void>;
}

/** True when any `OTEL_*` variable is set: the user asked for telemetry. */
export function wantsTracing(env: NodeJS.ProcessEnv): boolean {
  return Object.keys(env).some((name) => name.startsWith('OTEL_') && env[name] !== '');
}

/** Starts the sessions API as `pnpm start` runs it. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  let tracing = false;
  if (wantsTracing(env)) {
    // A service name of our own only when the user gave none, so OTEL_SERVICE_NAME wins.
    tracing = (await initTracing(env.OTEL_SERVICE_NAME ? {} : { serviceName: 'aerospike-ts-example-fastify' })) !== undefined;
  }
  const memory = env.AEROSPIKE_HOSTS ? undefined : await startMemoryCluster();
  const hosts = env.AEROSPIKE_HOSTS ?? memory!.hosts;
  let app: FastifyInstance | undefined;
  try {
    app = await createApp({ hosts, namespace: env.AEROSPIKE_NAMESPACE || undefined, logger: options.logger ?? { level: env.LOG_LEVEL ?? 'info' } });
    const url = await app.listen({ port: Number(env.PORT ?? 3003), host: env.HOST ?? '0.0.0.0' });
    const started = app;
    return {
      app,
      url,
      hosts,
      memory,
      tracing,
      async close() {
        await started.close();
        await memory?.close();
        if (tracing) await shutdownTracing();
      },
    };
  } catch (err) {
    await app?.close();
    await memory?.close();
    if (tracing) await shutdownTracing();
    throw err;
  }
}
