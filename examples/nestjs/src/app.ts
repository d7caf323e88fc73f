/**
 * `createApp()`: the application ready to listen, on the cluster in
 * `AEROSPIKE_HOSTS` or on an in-process memory cluster. `main.ts` starts it;
 * the tests call it too.
 */

import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';

/** Options of {@link createApp}. */
export interface CreateAppOptions {
  /** Seed hosts; default `AEROSPIKE_HOSTS`, else an in-process memory cluster is started. */
  hosts?: string;
  /** Namespace of the users; default `AEROSPIKE_NAMESPACE`, else `test`. */
  namespace?: string;
  /** Nest log levels, or false for none. Default: Nest's. */
  logger?: LogLevel[] | false;
}

/** The application and what it runs on. */
export interface ExampleApp {
  /** The Nest application, initialised but not listening yet. */
  app: INestApplication;
  /** The memory cluster started for it, when no hosts were given. */
  memoryCluster: MemoryCluster | undefined;
  /** Closes the application (and with it the client), then the memory cluster. */
  close(): Promise<void>;
}

/** Creates and initialises the application. */
export async function createApp(options: CreateAppOptions = {}): Promise<ExampleApp> {
  const configured = options.hosts ?? nonEmpty(process.env.AEROSPIKE_HOSTS);
  const memoryCluster = configured === undefined ? await startMemoryCluster() : undefined;
  try {
    const hosts = configured ?? memoryCluster!.hosts;
    const namespace = options.namespace ?? nonEmpty(process.env.AEROSPIKE_NAMESPACE) ?? 'test';
    const app = await NestFactory.create(AppModule.register({ hosts, namespace }), options.logger === undefined ? {} : { logger: options.logger });
    await app.init();
    return {
      app,
      memoryCluster,
      async close() {
        try {
          await app.close();
        } finally {
          await memoryCluster?.close();
        }
      },
    };
  } catch (err) {
    await memoryCluster?.close();
    throw err;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
