/**
 * `@aerospike-ts/nestjs`: a NestJS module for the aerospike-ts client.
 *
 * ```ts
 * @Module({ imports: [AerospikeModule.forRoot({ hosts: 'localhost:3000' })] })
 * export class AppModule {}
 *
 * @Injectable()
 * export class UsersService {
 *   constructor(@InjectAerospike() private readonly client: Client) {}
 * }
 * ```
 *
 * The health indicator lives in `@aerospike-ts/nestjs/health` and the
 * testing module in `@aerospike-ts/nestjs/testing`, so neither
 * `@nestjs/terminus` nor the memory cluster is loaded unless used.
 *
 * @packageDocumentation
 */

export { AerospikeModule } from './aerospike.module.js';
export type {
  AerospikeClientConfigOptions,
  AerospikeConnectionOptions,
  AerospikeExistingClientOptions,
  AerospikeModuleAsyncOptions,
  AerospikeModuleOptions,
  AerospikeOptionsFactory,
} from './aerospike.options.js';
export {
  DEFAULT_AEROSPIKE_CLIENT_NAME,
  InjectAerospike,
  getAerospikeClientToken,
  isRetryableConnectError,
} from './aerospike.utils.js';
export { AerospikeExceptionFilter, type AerospikeErrorResponseBody } from './exception-filter.js';
