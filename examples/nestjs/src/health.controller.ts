/**
 * GET /health: 200 when the cluster answers, 503 otherwise (for load
 * balancers and Kubernetes probes).
 */

import { AerospikeHealthIndicator } from '@aerospike-ts/nestjs/health';
import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';

/** The health endpoint. */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(AerospikeHealthIndicator) private readonly aerospike: AerospikeHealthIndicator,
  ) {}

  /** Runs the Aerospike check: connected, nodes known, a node answering within 1 s. */
  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.aerospike.isHealthy('aerospike', { timeout: 1000 })]);
  }
}
