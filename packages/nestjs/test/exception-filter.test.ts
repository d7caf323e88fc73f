import { BackpressureError, type Client, ExistsAction, ResultCode, TimeoutError } from '@aerospike-ts/core';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { AerospikeExceptionFilter, AerospikeModule, InjectAerospike } from '@aerospike-ts/nestjs';
import { type ArgumentsHost, Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { APP_FILTER, HttpAdapterHost } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingLogger, request } from './support.js';
import type { AddressInfo } from 'node:net';

@Controller('items')
class ItemsController {
  constructor(@InjectAerospike() private readonly client: Client) {}

  @Post(':id')
  @HttpCode(201)
  async create(@Param('id') id: string, @Body() body: Record<string, string>): Promise<{ id: string }> {
    await this.client.put(['test', 'items', id], body, { exists: ExistsAction.CREATE_ONLY });
    return { id };
  }

  @Get('busy')
  busy(): never {
    throw new BackpressureError(ResultCode.KEY_BUSY, 'hot key');
  }

  @Get('slow')
  slow(): never {
    throw new TimeoutError(ResultCode.TIMEOUT, 'command timed out');
  }

  @Get('bug')
  bug(): never {
    throw new Error('not an Aerospike error');
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<unknown> {
    return (await this.client.get(['test', 'items', id])).bins;
  }
}

describe('AerospikeExceptionFilter', () => {
  let cluster: MemoryCluster;
  beforeAll(async () => {
    cluster = await startMemoryCluster();
  });
  afterAll(async () => {
    await cluster.close();
  });

  for (const registration of ['APP_FILTER provider', 'useGlobalFilters without the adapter', 'useGlobalFilters with the adapter'] as const) {
    it(`maps Aerospike errors to HTTP answers (${registration})`, async () => {
      cluster.truncate('test');
      const logger = new RecordingLogger();
      const moduleRef = await Test.createTestingModule({
        imports: [AerospikeModule.forRoot({ hosts: cluster.hosts })],
        controllers: [ItemsController],
        providers: registration === 'APP_FILTER provider' ? [{ provide: APP_FILTER, useClass: AerospikeExceptionFilter }] : [],
      })
        .setLogger(logger)
        .compile();
      const app = moduleRef.createNestApplication();
      if (registration === 'useGlobalFilters without the adapter') app.useGlobalFilters(new AerospikeExceptionFilter());
      if (registration === 'useGlobalFilters with the adapter') app.useGlobalFilters(new AerospikeExceptionFilter(app.get(HttpAdapterHost)));
      await app.listen(0, '127.0.0.1');
      const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
      try {
        const missing = await request(`${url}/items/nope`);
        expect(missing.status).toBe(404);
        expect(missing.body).toEqual({ statusCode: 404, error: 'KEY_NOT_FOUND_ERROR', message: expect.stringContaining('not found') });

        expect((await request(`${url}/items/one`, { method: 'POST', body: { v: 'x' } })).status).toBe(201);
        const again = await request(`${url}/items/one`, { method: 'POST', body: { v: 'y' } });
        expect(again).toMatchObject({ status: 409, body: { statusCode: 409, error: 'KEY_EXISTS_ERROR' } });

        const busy = await request(`${url}/items/busy`);
        expect(busy).toMatchObject({ status: 503, body: { statusCode: 503, error: 'KEY_BUSY', message: 'hot key' } });
        expect(busy.headers.get('retry-after')).toBe('1');

        const slow = await request(`${url}/items/slow`);
        expect(slow).toMatchObject({ status: 504, body: { error: 'TIMEOUT' } });
        expect(slow.headers.get('retry-after')).toBeNull();

        // Not an Aerospike error: Nest's own answer.
        expect(await request(`${url}/items/bug`)).toMatchObject({ status: 500, body: { statusCode: 500, message: 'Internal server error' } });

        expect(logger.matching('KEY_BUSY: hot key')).toHaveLength(1);
        expect(logger.matching('KEY_NOT_FOUND_ERROR')).toHaveLength(0);
      } finally {
        await app.close();
      }
    });
  }

  it('rethrows outside HTTP contexts', async () => {
    const error = new TimeoutError(ResultCode.TIMEOUT, 'late');
    const host = { getType: () => 'rpc' } as unknown as ArgumentsHost;
    const result = new AerospikeExceptionFilter().catch(error, host);
    expect(result).toBeDefined();
    await expect(lastValueFrom(result!)).rejects.toBe(error);
  });
});
