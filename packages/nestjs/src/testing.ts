/**
 * `@aerospike-ts/nestjs/testing`: provide a client backed by an in-process
 * memory cluster (or a client you made) to a Nest testing module, with no
 * server and no test-runner coupling.
 *
 * @packageDocumentation
 */

import { randomUUID } from 'node:crypto';
import { Client, type ClientConfig, InvalidArgumentError, ResultCode } from '@aerospike-ts/core';
import type { MemoryCluster, MemoryClusterOptions } from '@aerospike-ts/memory-cluster';
import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { aerospikeClientName, getAerospikeClientToken } from './aerospike.utils.js';

/** Options of {@link AerospikeTestingModule.forRoot}. */
export interface AerospikeTestingModuleOptions {
  /** Register the client under this name, as `AerospikeModule` would. Default: the default client. */
  name?: string;
  /**
   * Provide this client. The module neither connects nor closes it. When
   * set, no memory cluster is started.
   */
  client?: Client;
  /**
   * Start a memory cluster with the module and close it with the module:
   * `true` for the defaults (one node, namespaces `test` and `bar`) or
   * memory-cluster options. Default: true when `client` is not given.
   * Needs `@aerospike-ts/memory-cluster` installed.
   */
  memoryCluster?: boolean | MemoryClusterOptions;
  /**
   * Configuration of the client connected to the memory cluster, apart from
   * `hosts`. When the cluster has `users` and no `user` is given here, the
   * client logs in as the first of them.
   */
  clientConfig?: Omit<ClientConfig, 'hosts'>;
}

/**
 * The injection token of the memory cluster that
 * {@link AerospikeTestingModule} started for the client named `name`; inject
 * it to inject faults, stop nodes or inspect the store.
 */
export function getAerospikeMemoryClusterToken(name?: string): string {
  return `AerospikeMemoryCluster:${aerospikeClientName(name)}`;
}

const TESTING_LIFECYCLE = Symbol('AEROSPIKE_TESTING_LIFECYCLE');
const TESTING_MODULE_ID = Symbol('AEROSPIKE_TESTING_MODULE_ID');

/** What one testing registration started, so it can stop exactly that. */
class TestingLifecycle {
  cluster: MemoryCluster | undefined;
  client: Client | undefined;

  async start(options: AerospikeTestingModuleOptions): Promise<Client> {
    if (options.client !== undefined) return options.client;
    const clusterOptions = options.memoryCluster ?? true;
    if (clusterOptions === false) {
      throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, 'AerospikeTestingModule: give a client or leave memoryCluster on');
    }
    // Loaded on demand so a test that brings its own client does not need the package.
    const { startMemoryCluster } = await import('@aerospike-ts/memory-cluster');
    const memoryOptions = clusterOptions === true ? {} : clusterOptions;
    this.cluster = await startMemoryCluster(memoryOptions);
    const config: ClientConfig = { ...defaultLogin(memoryOptions), ...options.clientConfig, hosts: this.cluster.hosts };
    try {
      this.client = await new Client(config).connect();
    } catch (err) {
      await this.stop();
      throw err;
    }
    return this.client;
  }

  async stop(): Promise<void> {
    const { client, cluster } = this;
    this.client = undefined;
    this.cluster = undefined;
    try {
      await client?.close();
    } finally {
      await cluster?.close();
    }
  }
}

function defaultLogin(options: MemoryClusterOptions): Pick<ClientConfig, 'user' | 'password'> {
  const first = Object.entries(options.users ?? {})[0];
  return first === undefined ? {} : { user: first[0], password: first[1] };
}

/**
 * A global module that provides an Aerospike client for tests, under the
 * same token `AerospikeModule` uses, so code under test injects it with
 * `@InjectAerospike()` unchanged.
 *
 * ```ts
 * const moduleRef = await Test.createTestingModule({
 *   imports: [AerospikeTestingModule.forRoot(), UsersModule],
 * }).compile();
 * const app = moduleRef.createNestApplication();
 * await app.init();
 * // ...
 * await app.close(); // closes the client, then the memory cluster
 * ```
 *
 * By default it starts a memory cluster, connects a client to it and
 * closes both in `onApplicationShutdown`. With `{ client }` it provides
 * that client and closes nothing.
 */
@Global()
@Module({})
export class AerospikeTestingModule implements OnApplicationShutdown {
  constructor(@Inject(TESTING_LIFECYCLE) private readonly lifecycle: TestingLifecycle) {}

  /** Provides a client backed by a fresh memory cluster, or the given client. */
  static forRoot(options: AerospikeTestingModuleOptions = {}): DynamicModule {
    const name = aerospikeClientName(options.name);
    const clientToken = getAerospikeClientToken(name);
    const clusterToken = getAerospikeMemoryClusterToken(name);
    const providers: Provider[] = [
      { provide: TESTING_LIFECYCLE, useFactory: () => new TestingLifecycle() },
      { provide: clientToken, useFactory: (lc: TestingLifecycle) => lc.start(options), inject: [TESTING_LIFECYCLE] },
      // Injects the client so the cluster exists by the time this runs; undefined with a brought client.
      { provide: clusterToken, useFactory: (lc: TestingLifecycle) => lc.cluster, inject: [TESTING_LIFECYCLE, clientToken] },
      { provide: TESTING_MODULE_ID, useValue: randomUUID() },
    ];
    return { module: AerospikeTestingModule, providers, exports: [clientToken, clusterToken] };
  }

  /** Closes the client and the memory cluster this module started. */
  async onApplicationShutdown(): Promise<void> {
    await this.lifecycle.stop();
  }
}
