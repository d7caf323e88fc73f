/**
 * Controllers the specs mount: a small users resource over the injected
 * client. Constructor parameters use explicit tokens because the test
 * transform does not emit decorator metadata.
 */

import type { Client } from '@aerospike-ts/core';
import { InjectAerospike } from '@aerospike-ts/nestjs';
import { Body, Controller, Delete, type DynamicModule, Get, HttpCode, Module, Param, Put, type Type } from '@nestjs/common';

/** A `/<path>/:id` resource stored in `test.users` through the client named `name`. */
export function usersController(name?: string, path = 'users'): Type<{ client: Client }> {
  @Controller(path)
  class UsersController {
    constructor(@InjectAerospike(name) readonly client: Client) {}

    @Put(':id')
    async put(@Param('id') id: string, @Body() body: Record<string, string | number>): Promise<{ id: string; generation: number }> {
      const meta = await this.client.put(['test', 'users', id], body);
      return { id, generation: meta.generation };
    }

    @Get(':id')
    async get(@Param('id') id: string): Promise<unknown> {
      return (await this.client.get(['test', 'users', id])).bins;
    }

    @Delete(':id')
    @HttpCode(204)
    async remove(@Param('id') id: string): Promise<void> {
      await this.client.remove(['test', 'users', id]);
    }
  }
  return UsersController;
}

/**
 * A stand-in for `@nestjs/config`: a module exporting a service that reads
 * settings, so the async registrations have something real to inject.
 */
export class ConfigService {
  constructor(private readonly values: Record<string, string>) {}
  get(key: string): string {
    const value = this.values[key];
    if (value === undefined) throw new Error(`missing setting ${key}`);
    return value;
  }
}

/** `ConfigModule.forRoot(values)`: provides and exports {@link ConfigService}. */
@Module({})
export class ConfigModule {
  static forRoot(values: Record<string, string>): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: ConfigService, useValue: new ConfigService(values) }], exports: [ConfigService] };
  }
}
