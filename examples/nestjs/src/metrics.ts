/**
 * GET /metrics: the client's Prometheus metrics, from a registry of the
 * application's own (never prom-client's global one).
 */

import type { Client } from '@aerospike-ts/core';
import { InjectAerospike } from '@aerospike-ts/nestjs';
import { type AerospikeMetrics, getMetrics, instrumentAerospike } from '@aerospike-ts/prometheus';
import { Controller, Get, Header, Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Registry } from 'prom-client';

/** Owns the registry and the instrumentation of the injected client. */
@Injectable()
export class MetricsService implements OnApplicationShutdown {
  /** The registry `/metrics` serves. */
  readonly registry = new Registry();
  private readonly metrics: AerospikeMetrics;

  constructor(@InjectAerospike() client: Client) {
    this.metrics = instrumentAerospike({ registry: this.registry, clients: [client] });
  }

  /** Unsubscribes from the client's diagnostics channels. */
  onApplicationShutdown(): void {
    this.metrics.disable();
  }
}

/** The scrape endpoint. */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(MetricsService) private readonly metrics: MetricsService) {}

  /** Metrics in the Prometheus text format. */
  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  scrape(): Promise<string> {
    return getMetrics(this.metrics.registry);
  }
}
