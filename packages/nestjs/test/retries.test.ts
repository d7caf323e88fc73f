import { ClusterError, InvalidArgumentError, SecurityError } from '@aerospike-ts/core';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { AerospikeModule, isRetryableConnectError } from '@aerospike-ts/nestjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingLogger, deadPort, expectNoLeftoverHandles, handleCounts, startApp } from './support.js';

describe('connect retries', () => {
  let secured: MemoryCluster;
  beforeAll(async () => {
    secured = await startMemoryCluster({ users: { admin: 'secret' } });
  });
  afterAll(async () => {
    await secured.close();
  });

  it('retries an unreachable seed retryAttempts times, retryDelay apart, then fails bootstrap', async () => {
    const before = handleCounts();
    const logger = new RecordingLogger();
    const port = await deadPort();
    const started = Date.now();
    const failure = await startApp(
      { imports: [AerospikeModule.forRoot({ hosts: `127.0.0.1:${port}`, timeout: 200, retryAttempts: 3, retryDelay: 100 })] },
      logger,
    ).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ClusterError);
    expect((failure as ClusterError).code).toBe('SERVER_NOT_AVAILABLE');
    const retries = logger.matching('Unable to connect to the Aerospike cluster');
    expect(retries).toHaveLength(3);
    expect(retries[0]).toMatch(/ECONNREFUSED.*Retrying \(1\/3\) in 100 ms/);
    expect(retries[2]).toMatch(/Retrying \(3\/3\)/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await expectNoLeftoverHandles(before);
  });

  it('makes a single attempt with retryAttempts: 0', async () => {
    const logger = new RecordingLogger();
    const port = await deadPort();
    await expect(
      startApp({ imports: [AerospikeModule.forRoot({ hosts: `127.0.0.1:${port}`, retryAttempts: 0, retryDelay: 10 })] }, logger),
    ).rejects.toBeInstanceOf(ClusterError);
    expect(logger.matching('Retrying')).toHaveLength(0);
  });

  it('names the client in retry messages and logs stacks with verboseRetryLog', async () => {
    const logger = new RecordingLogger();
    const port = await deadPort();
    await expect(
      startApp(
        { imports: [AerospikeModule.forRoot({ name: 'cache', hosts: `127.0.0.1:${port}`, retryAttempts: 1, retryDelay: 10, verboseRetryLog: true })] },
        logger,
      ),
    ).rejects.toBeInstanceOf(ClusterError);
    const line = logger.lines.find((l) => l.message.includes('Retrying (1/1)'));
    expect(line?.message).toContain('(client "cache")');
    expect(String(line?.extra[0])).toMatch(/^ClusterError: could not connect/);
  });

  it('does not retry refused credentials', async () => {
    const before = handleCounts();
    const logger = new RecordingLogger();
    const started = Date.now();
    const failure = await startApp(
      { imports: [AerospikeModule.forRoot({ hosts: secured.hosts, user: 'admin', password: 'wrong', retryAttempts: 5, retryDelay: 10_000 })] },
      logger,
    ).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(SecurityError);
    expect((failure as SecurityError).code).toBe('INVALID_CREDENTIAL');
    expect(logger.matching('Retrying')).toHaveLength(0);
    expect(Date.now() - started).toBeLessThan(5000);
    await expectNoLeftoverHandles(before);
  });

  it('connects with the right credentials', async () => {
    const { app } = await startApp({ imports: [AerospikeModule.forRoot({ hosts: secured.hosts, user: 'admin', password: 'secret' })] });
    await app.close();
  });

  it('does not retry configuration errors', async () => {
    const logger = new RecordingLogger();
    const failure = await startApp({ imports: [AerospikeModule.forRoot({ hosts: '127.0.0.1:70000', retryDelay: 10_000 })] }, logger).catch(
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(InvalidArgumentError);
    expect(logger.matching('Retrying')).toHaveLength(0);
  });

  it('lets shouldRetry decide, e.g. to wait for credentials being provisioned', async () => {
    const logger = new RecordingLogger();
    const decided: unknown[] = [];
    await expect(
      startApp(
        {
          imports: [
            AerospikeModule.forRoot({
              hosts: secured.hosts,
              user: 'admin',
              password: 'wrong',
              retryAttempts: 2,
              retryDelay: 10,
              shouldRetry: (err) => {
                decided.push(err);
                return true;
              },
            }),
          ],
        },
        logger,
      ),
    ).rejects.toBeInstanceOf(SecurityError);
    expect(decided).toHaveLength(2);
    expect(logger.matching('Retrying')).toHaveLength(2);
  });

  it('rejects bad retry options', async () => {
    await expect(startApp({ imports: [AerospikeModule.forRoot({ hosts: secured.hosts, retryAttempts: -1 })] })).rejects.toThrow(/retryAttempts/);
    await expect(startApp({ imports: [AerospikeModule.forRoot({ hosts: secured.hosts, retryDelay: Number.NaN })] })).rejects.toThrow(/retryDelay/);
  });

  it('classifies errors: configuration and credentials are final, the rest retryable', () => {
    expect(isRetryableConnectError(new InvalidArgumentError(4, 'bad'))).toBe(false);
    expect(isRetryableConnectError(new SecurityError(65, 'no'))).toBe(false);
    expect(isRetryableConnectError(new ClusterError(-8, 'down'))).toBe(true);
    expect(isRetryableConnectError(new Error('ECONNRESET'))).toBe(true);
  });
});
