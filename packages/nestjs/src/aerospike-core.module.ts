/**
 * The global module behind `AerospikeModule`: one instance per registered
 * client, each closing only what it created.
 */

import { randomUUID } from 'node:crypto';
import { InvalidArgumentError, ResultCode } from '@aerospike-ts/core';
import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { AerospikeModuleAsyncOptions, AerospikeModuleOptions, AerospikeOptionsFactory } from './aerospike.options.js';
import { aerospikeClientName, getAerospikeClientToken } from './aerospike.utils.js';
import { ClientLifecycle } from './client-lifecycle.js';

// Module-scoped tokens: every registration has its own providers under these
// and exports only the client token, so registrations never see each other's.
const AEROSPIKE_MODULE_OPTIONS = Symbol('AEROSPIKE_MODULE_OPTIONS');
const AEROSPIKE_CLIENT_LIFECYCLE = Symbol('AEROSPIKE_CLIENT_LIFECYCLE');
const AEROSPIKE_MODULE_ID = Symbol('AEROSPIKE_MODULE_ID');

/**
 * Global module providing one client. Use it through
 * `AerospikeModule.forRoot/forRootAsync`.
 *
 * @internal
 */
@Global()
@Module({})
export class AerospikeCoreModule implements OnApplicationShutdown {
  constructor(@Inject(AEROSPIKE_CLIENT_LIFECYCLE) private readonly lifecycle: ClientLifecycle) {}

  /** One client from static options; see `AerospikeModule.forRoot`. */
  static forRoot(options: AerospikeModuleOptions): DynamicModule {
    const name = aerospikeClientName(options?.name);
    const token = getAerospikeClientToken(name);
    return {
      module: AerospikeCoreModule,
      providers: [
        // A factory, not useValue: a brought client in the module metadata would be walked by Nest's module hashing.
        { provide: AEROSPIKE_MODULE_OPTIONS, useFactory: () => options },
        lifecycleProvider(name),
        clientProvider(token),
        // Each call is its own module, even when two calls look alike to Nest's metadata hashing.
        { provide: AEROSPIKE_MODULE_ID, useValue: randomUUID() },
      ],
      exports: [token],
    };
  }

  /** One client from options other providers produce; see `AerospikeModule.forRootAsync`. */
  static forRootAsync(options: AerospikeModuleAsyncOptions): DynamicModule {
    const name = aerospikeClientName(options.name);
    const token = getAerospikeClientToken(name);
    return {
      module: AerospikeCoreModule,
      imports: options.imports ?? [],
      providers: [
        ...asyncOptionsProviders(options, name),
        lifecycleProvider(name),
        clientProvider(token),
        { provide: AEROSPIKE_MODULE_ID, useValue: randomUUID() },
        ...(options.extraProviders ?? []),
      ],
      exports: [token],
    };
  }

  /** Runs after the HTTP server has stopped accepting requests, so in-flight handlers are done with the client. */
  async onApplicationShutdown(): Promise<void> {
    await this.lifecycle.close();
  }
}

function lifecycleProvider(name: string): Provider {
  // A factory so each application gets a fresh lifecycle, even when one
  // dynamic module object is compiled into several applications (tests).
  return { provide: AEROSPIKE_CLIENT_LIFECYCLE, useFactory: () => new ClientLifecycle(name) };
}

function clientProvider(token: string | symbol | Function): Provider {
  // The client provider itself connects: overriding it in a test
  // (`overrideProvider(token)`) therefore opens no socket.
  return {
    provide: token,
    useFactory: (lifecycle: ClientLifecycle, options: AerospikeModuleOptions) => lifecycle.open(options),
    inject: [AEROSPIKE_CLIENT_LIFECYCLE, AEROSPIKE_MODULE_OPTIONS],
  };
}

function asyncOptionsProviders(options: AerospikeModuleAsyncOptions, name: string): Provider[] {
  const given = [options.useFactory, options.useClass, options.useExisting].filter((x) => x !== undefined).length;
  if (given !== 1) {
    throw new InvalidArgumentError(
      ResultCode.PARAMETER_ERROR,
      `AerospikeModule.forRootAsync: expected exactly one of useFactory, useClass and useExisting, got ${given}`,
    );
  }
  const checked = (result: AerospikeModuleOptions): AerospikeModuleOptions => checkName(result, name);
  if (options.useFactory !== undefined) {
    const factory = options.useFactory;
    return [
      {
        provide: AEROSPIKE_MODULE_OPTIONS,
        useFactory: async (...args: unknown[]) => checked(await factory(...args)),
        inject: options.inject ?? [],
      },
    ];
  }
  const factoryClass = (options.useClass ?? options.useExisting)!;
  const providers: Provider[] = [
    {
      provide: AEROSPIKE_MODULE_OPTIONS,
      useFactory: async (factory: AerospikeOptionsFactory) =>
        checked(await factory.createAerospikeOptions(options.name === undefined ? undefined : name)),
      inject: [factoryClass],
    },
  ];
  if (options.useClass !== undefined) providers.push({ provide: options.useClass, useClass: options.useClass });
  return providers;
}

function checkName(result: AerospikeModuleOptions, name: string): AerospikeModuleOptions {
  if (typeof result !== 'object' || result === null) {
    throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, `Aerospike module options: the factory returned ${String(result)}, expected an object`);
  }
  if (result.name !== undefined && aerospikeClientName(result.name) !== name) {
    throw new InvalidArgumentError(
      ResultCode.PARAMETER_ERROR,
      `Aerospike module options: the factory returned name "${result.name}" but the module was registered as "${name}"; set name on the forRootAsync options`,
    );
  }
  return result;
}
