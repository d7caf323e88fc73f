/**
 * `@aerospike-ts/nestjs/health`: a `@nestjs/terminus` health indicator for
 * Aerospike clients. It is a separate entry point so that applications
 * without terminus never load it.
 *
 * @packageDocumentation
 */

import type { Client } from '@aerospike-ts/core';
import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { aerospikeClientName, getAerospikeClientToken } from './aerospike.utils.js';

/** Options of {@link AerospikeHealthIndicator.isHealthy}. */
export interface AerospikeHealthCheckOptions {
  /** Which registered client to check. Default: the default client. */
  name?: string;
  /** Check this client instead of a registered one. */
  client?: Client;
  /**
   * Also run the `status` info command on a random node, which proves a node
   * answers right now rather than at the last tend. Default: true.
   */
  ping?: boolean;
  /** How long the ping may take, in ms, before the check reports down. Default: 1000. */
  timeout?: number;
}

const DEFAULT_TIMEOUT = 1000;

/**
 * Reports whether an Aerospike client can serve requests: the client is
 * connected, it knows at least one node, and (unless `ping: false`) a node
 * answers the `status` info command within `timeout` ms.
 *
 * Add it to the providers of a module that imports `TerminusModule`:
 *
 * ```ts
 * @Controller('health')
 * class HealthController {
 *   constructor(
 *     @Inject(HealthCheckService) private readonly health: HealthCheckService,
 *     @Inject(AerospikeHealthIndicator) private readonly aerospike: AerospikeHealthIndicator,
 *   ) {}
 *
 *   @Get() @HealthCheck()
 *   check() {
 *     return this.health.check([() => this.aerospike.isHealthy('aerospike')]);
 *   }
 * }
 * ```
 *
 * An "up" result carries `nodes` (the node count) and, after a ping,
 * `latencyMs`; a "down" result carries a `message` and the client `state`.
 */
@Injectable()
export class AerospikeHealthIndicator {
  constructor(
    @Inject(HealthIndicatorService) private readonly healthIndicatorService: HealthIndicatorService,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
  ) {}

  /** Checks a client and reports the result under `key` (default `'aerospike'`). */
  async isHealthy<const Key extends string = 'aerospike'>(
    key: Key = 'aerospike' as Key,
    options: AerospikeHealthCheckOptions = {},
  ): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.healthIndicatorService.check(key);
    const client = options.client ?? this.registeredClient(options.name);
    if (client === undefined) {
      return indicator.down({ message: `no Aerospike client is registered under the name "${aerospikeClientName(options.name)}"` });
    }
    const state = client.state;
    if (state !== 'connected') return indicator.down({ message: `the client is ${state}`, state });
    const nodes = client.nodes().length;
    if (nodes === 0) return indicator.down({ message: 'the client knows no cluster node', state, nodes });
    if (options.ping === false) return indicator.up({ nodes });
    const timeout = options.timeout ?? DEFAULT_TIMEOUT;
    const started = performance.now();
    try {
      const status = await withTimeout(client.infoRandomNode('status'), timeout);
      if (status.trim() !== 'ok') return indicator.down({ message: `a node answered status "${status}"`, state, nodes });
    } catch (err) {
      return indicator.down({ message: err instanceof Error ? err.message : String(err), state, nodes });
    }
    return indicator.up({ nodes, latencyMs: Math.round((performance.now() - started) * 100) / 100 });
  }

  private registeredClient(name: string | undefined): Client | undefined {
    try {
      return this.moduleRef.get<Client>(getAerospikeClientToken(name), { strict: false });
    } catch {
      return undefined;
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout of ${ms}ms exceeded`)), ms);
  });
  // The info call keeps its own deadline; do not leave an unhandled rejection behind when the timer wins.
  promise.catch(() => undefined);
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
