/**
 * `AerospikeModule`: the public entry of the integration.
 */

import { type DynamicModule, Module } from '@nestjs/common';
import { AerospikeCoreModule } from './aerospike-core.module.js';
import type { AerospikeModuleAsyncOptions, AerospikeModuleOptions } from './aerospike.options.js';

/**
 * Registers an Aerospike client for the whole application.
 *
 * ```ts
 * @Module({ imports: [AerospikeModule.forRoot({ hosts: 'localhost:3000' })] })
 * export class AppModule {}
 * ```
 *
 * The client is global: any provider can inject it with
 * `@InjectAerospike()` (or `@InjectAerospike('name')` for a named client)
 * without importing the module again. Clients the module created are closed
 * in `onApplicationShutdown`, after the HTTP server has stopped.
 */
@Module({})
export class AerospikeModule {
  /**
   * Registers a client from static options: a `ClientConfig` plus `name`,
   * `lazyConnect` and the retry options, or `{ client }` to provide a client
   * you manage. Bootstrap waits until the client is connected, unless
   * `lazyConnect` is set.
   */
  static forRoot(options: AerospikeModuleOptions): DynamicModule {
    return { module: AerospikeModule, imports: [AerospikeCoreModule.forRoot(options)] };
  }

  /**
   * Registers a client whose options come from other providers:
   * `useFactory` + `inject`, `useClass` or `useExisting`, with `imports`
   * for the modules those need. `name` goes here, not in the factory's
   * result.
   */
  static forRootAsync(options: AerospikeModuleAsyncOptions): DynamicModule {
    return { module: AerospikeModule, imports: [AerospikeCoreModule.forRootAsync(options)] };
  }
}
