/**
 * Injection tokens, the `@InjectAerospike()` decorator and the retry
 * predicate.
 */

import { Client, InvalidArgumentError, ResultCode, SecurityError } from '@aerospike-ts/core';
import { Inject } from '@nestjs/common';

/** The name of the client registered without a `name`. */
export const DEFAULT_AEROSPIKE_CLIENT_NAME = 'default';

/**
 * Normalises a client name: `undefined` and `'default'` both mean the default
 * client. Anything else must be a non-empty string.
 */
export function aerospikeClientName(name?: string): string {
  if (name === undefined) return DEFAULT_AEROSPIKE_CLIENT_NAME;
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, `name: expected a non-empty string, got ${JSON.stringify(name)}`);
  }
  return name;
}

/**
 * The injection token of a client. The default client's token is the
 * `Client` class itself, so `constructor(private readonly client: Client)`
 * works wherever decorator metadata is emitted; a named client's token is
 * the string `AerospikeClient:<name>`.
 *
 * Use it to override the client in tests:
 * `.overrideProvider(getAerospikeClientToken()).useValue(fake)`.
 */
export function getAerospikeClientToken(name?: string): string | typeof Client {
  const n = aerospikeClientName(name);
  return n === DEFAULT_AEROSPIKE_CLIENT_NAME ? Client : `AerospikeClient:${n}`;
}

/**
 * Injects the client registered under `name` (the default client when
 * omitted): `constructor(@InjectAerospike() private readonly client: Client)`.
 */
export function InjectAerospike(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getAerospikeClientToken(name));
}

/**
 * The default `shouldRetry`: false for errors another attempt cannot fix,
 * namely a bad configuration (`InvalidArgumentError`) and refused credentials
 * (`SecurityError`); true for everything else (unreachable seeds, timeouts,
 * a cluster still forming).
 */
export function isRetryableConnectError(error: unknown): boolean {
  return !(error instanceof InvalidArgumentError || error instanceof SecurityError);
}
