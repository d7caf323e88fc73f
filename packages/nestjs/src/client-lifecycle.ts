/**
 * Creating, connecting (with retries) and closing the client of one module
 * instance. Internal: the module provides one per registration.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { Client, type ClientConfig, InvalidArgumentError, ResultCode } from '@aerospike-ts/core';
import { Logger } from '@nestjs/common';
import type { AerospikeModuleOptions } from './aerospike.options.js';
import { DEFAULT_AEROSPIKE_CLIENT_NAME, isRetryableConnectError } from './aerospike.utils.js';

const DEFAULT_RETRY_ATTEMPTS = 9;
const DEFAULT_RETRY_DELAY = 3000;

interface RetryPolicy {
  attempts: number;
  delay: number;
  verbose: boolean;
  shouldRetry: (error: unknown) => boolean;
}

/**
 * Owns what one registration created: the client (when the module created
 * it) and the background connect of `lazyConnect`. A brought client is
 * returned as is and never remembered, so it is never closed here.
 */
export class ClientLifecycle {
  private readonly logger = new Logger('AerospikeModule');
  private readonly abort = new AbortController();
  private owned: Client | undefined;
  private background: Promise<void> | undefined;

  constructor(private readonly name: string) {}

  /** Resolves with the client to provide, connected unless `lazyConnect`. */
  async open(options: AerospikeModuleOptions): Promise<Client> {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, `Aerospike module options: expected an object, got ${String(options)}`);
    }
    if (options.client !== undefined) return checkClient(options.client);
    const { name: _name, lazyConnect, retryAttempts, retryDelay, verboseRetryLog, shouldRetry, client: _client, ...config } = options;
    const policy = retryPolicy(options, lazyConnect === true);
    if (lazyConnect === true) {
      // Constructing validates the configuration, so a typo still fails bootstrap.
      const client = new Client(config);
      this.owned = client;
      this.background = this.connectInBackground(client, config, policy);
      return client;
    }
    const client = await this.retrying(() => new Client(config).connect(), policy);
    this.owned = client;
    return client;
  }

  /** Stops a background connect and closes the client if the module created it. */
  async close(): Promise<void> {
    this.abort.abort();
    await this.background;
    const client = this.owned;
    this.owned = undefined;
    try {
      await client?.close();
    } catch (err) {
      this.logger.error(`Closing the Aerospike client${this.label()} failed: ${messageOf(err)}`);
    }
  }

  private async connectInBackground(client: Client, config: ClientConfig, policy: RetryPolicy): Promise<void> {
    try {
      // A failed connect leaves a client closed for good, so probes take the failures.
      await this.retrying(async () => {
        const probe = new Client(config);
        await probe.connect();
        await probe.close();
      }, policy);
      if (this.abort.signal.aborted) return;
      await client.connect();
      this.logger.log(`Connected to the Aerospike cluster${this.label()}`);
    } catch (err) {
      if (this.abort.signal.aborted) return;
      this.logger.error(`Gave up connecting to the Aerospike cluster${this.label()}: ${messageOf(err)}`, stackOf(err));
    }
  }

  private async retrying<T>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<T> {
    for (let failures = 0; ; ) {
      try {
        return await attempt();
      } catch (err) {
        if (this.abort.signal.aborted || failures >= policy.attempts || !policy.shouldRetry(err)) throw err;
        failures++;
        const of = Number.isFinite(policy.attempts) ? `/${policy.attempts}` : '';
        const message = `Unable to connect to the Aerospike cluster${this.label()}: ${messageOf(err)}. Retrying (${failures}${of}) in ${policy.delay} ms...`;
        if (policy.verbose) this.logger.error(message, stackOf(err));
        else this.logger.error(message);
        await sleep(policy.delay, undefined, { signal: this.abort.signal });
      }
    }
  }

  private label(): string {
    return this.name === DEFAULT_AEROSPIKE_CLIENT_NAME ? '' : ` (client "${this.name}")`;
  }
}

function retryPolicy(options: AerospikeModuleOptions, lazy: boolean): RetryPolicy {
  const attempts = options.retryAttempts ?? (lazy ? Number.POSITIVE_INFINITY : DEFAULT_RETRY_ATTEMPTS);
  if (typeof attempts !== 'number' || Number.isNaN(attempts) || attempts < 0 || (Number.isFinite(attempts) && !Number.isInteger(attempts))) {
    throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, `retryAttempts: expected a non-negative integer or Infinity, got ${String(attempts)}`);
  }
  const delay = options.retryDelay ?? DEFAULT_RETRY_DELAY;
  if (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0) {
    throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, `retryDelay: expected a non-negative number of ms, got ${String(delay)}`);
  }
  const shouldRetry = options.shouldRetry ?? isRetryableConnectError;
  if (typeof shouldRetry !== 'function') {
    throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, 'shouldRetry: expected a function');
  }
  return { attempts, delay, verbose: options.verboseRetryLog === true, shouldRetry };
}

function checkClient(client: Client): Client {
  const c = client as Partial<Client> | null;
  if (typeof c !== 'object' || c === null || typeof c.get !== 'function' || typeof c.close !== 'function') {
    throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, 'client: expected an aerospike-ts Client');
  }
  return client;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function stackOf(err: unknown): string | undefined {
  return err instanceof Error ? err.stack : undefined;
}
