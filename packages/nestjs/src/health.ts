/**
 * `@aerospike-ts/nestjs/health`: a `@nestjs/terminus` health indicator for
 * Aerospike clients. It is a separate entry point so that applications
 * without terminus never load it.
 *
 * @packageDocumentation
 */

import type { Client, ClusterHealth } from '@aerospike-ts/core';
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
   * Also ask every node for the cluster's health (`client.health()`), which
   * proves the nodes answer right now rather than at the last tend, and
   * reports the cluster's status, problems and per-namespace figures.
   * Default: true.
   */
  ping?: boolean;
  /**
   * How long the health check may take, in ms, before the check reports
   * down. Default: 1000. Each node gets 80% of it to answer, so a node that
   * hangs is reported as not answering (degraded) rather than the whole
   * check timing out.
   */
  timeout?: number;
  /**
   * Report down when the cluster is `degraded` (serving, with partitions
   * under-replicated or unavailable, migrations running, or nodes not
   * answering), not only when it is `down`. Default: false.
   *
   * ```ts
   * this.aerospike.isHealthy('aerospike', { degradedIsDown: true })
   * ```
   */
  degradedIsDown?: boolean;
}

const DEFAULT_TIMEOUT = 1000;

/**
 * Reports whether an Aerospike client can serve requests: the client is
 * connected, it knows at least one node, and (unless `ping: false`) its
 * `health()` answers within `timeout` ms with a cluster status of `ok` or
 * `degraded` (`down` is down; with `degradedIsDown`, so is `degraded`).
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
 * An "up" result carries `nodes` (the node count) and, after the health
 * check, `latencyMs`, `clusterStatus` (`ok` or `degraded`), `problems` and
 * `namespaces` (per namespace: replication factor, unavailable and
 * under-replicated partitions, migrations remaining…); a "down" result
 * carries a `message`, the client `state` and, when the cluster answered,
 * the same figures.
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
    let health: ClusterHealth;
    try {
      // Leave the check time to report a node that does not answer, rather than time out as a whole.
      health = await withTimeout(client.health({ timeout: Math.max(1, Math.floor(timeout * 0.8)) }), timeout);
    } catch (err) {
      return indicator.down({ message: err instanceof Error ? err.message : String(err), state, nodes });
    }
    // `status` is terminus's own key in the result.
    const figures = { clusterStatus: health.status, problems: health.problems, namespaces: health.namespaces };
    if (health.status === 'down' || (health.status === 'degraded' && options.degradedIsDown === true)) {
      const message = `the cluster is ${health.status}${health.problems.length > 0 ? `: ${health.problems.join('; ')}` : ''}`;
      return indicator.down({ message, state, nodes, ...figures });
    }
    return indicator.up({ nodes, latencyMs: Math.round((performance.now() - started) * 100) / 100, ...figures });
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
