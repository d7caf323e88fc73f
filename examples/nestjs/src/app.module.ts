/**
 * The application: the Aerospike client, the users resource, health and
 * metrics, and Aerospike errors answered with their HTTP status.
 */

import { AerospikeExceptionFilter, AerospikeModule } from '@aerospike-ts/nestjs';
import { AerospikeHealthIndicator } from '@aerospike-ts/nestjs/health';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { MetricsController, MetricsService } from './metrics.js';
import { APP_SETTINGS, type AppSettings } from './settings.js';
import { UsersController } from './users/users.controller.js';
import { UsersService } from './users/users.service.js';

/** The root module, configured with the settings read at startup. */
@Module({})
export class AppModule {
  /** Builds the module for `settings`. */
  static register(settings: AppSettings): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Three attempts one second apart: a container started next to the
        // database gets a moment, a wrong address fails within seconds.
        AerospikeModule.forRoot({ hosts: settings.hosts, retryAttempts: 2, retryDelay: 1000 }),
        TerminusModule,
      ],
      controllers: [UsersController, HealthController, MetricsController],
      providers: [
        { provide: APP_SETTINGS, useValue: settings },
        { provide: APP_FILTER, useClass: AerospikeExceptionFilter },
        UsersService,
        AerospikeHealthIndicator,
        MetricsService,
      ],
    };
  }
}
