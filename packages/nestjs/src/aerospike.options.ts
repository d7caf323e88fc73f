/**
 * The options of `AerospikeModule.forRoot` and `forRootAsync`.
 */

import type { Client, ClientConfig } from '@aerospike-ts/core';
import type { InjectionToken, ModuleMetadata, OptionalFactoryDependency, Provider, Type } from '@nestjs/common';

/**
 * How the module names, connects and retries a client. These fields are
 * read by the module and never passed to the client.
 */
export interface AerospikeConnectionOptions {
  /**
   * Name of the client, for applications with more than one. Each name gets
   * its own injection token ({@link getAerospikeClientToken}) and its own
   * shutdown. Default: `'default'`, whose token is the `Client` class.
   */
  name?: string;
  /**
   * Resolve the provider at once with a client that is not connected yet,
   * and connect in the background, so the application starts (and answers
   * its health check with "down") while the cluster is unreachable.
   *
   * - Bootstrap never waits for the cluster. Configuration errors still fail
   *   bootstrap, because the client is created (and its configuration
   *   validated) synchronously.
   * - The background loop retries every `retryDelay` ms; `retryAttempts`
   *   defaults to `Infinity` in this mode. Errors that `shouldRetry`
   *   rejects (bad configuration, refused credentials) stop it, and so does
   *   application shutdown.
   * - Until the client is connected, commands reject with
   *   `ClientClosedError` ("the client is not connected yet"); check
   *   `client.isConnected()` or the health indicator.
   * - Each background attempt connects a short-lived probe client, and the
   *   injected client connects once a probe has succeeded: a failed connect
   *   closes an aerospike-ts client for good, so the injected instance is
   *   only connected when success is likely.
   *
   * Default: false (bootstrap waits until the client is connected).
   */
  lazyConnect?: boolean;
  /**
   * How many times to try again after a failed connect. The first attempt is
   * not counted: 9 means up to 10 attempts. Default: 9, or `Infinity` with
   * `lazyConnect`.
   */
  retryAttempts?: number;
  /** Pause between connect attempts, in ms. Default: 3000. */
  retryDelay?: number;
  /**
   * Log the stack of each failed attempt, not only its message.
   * Default: false.
   */
  verboseRetryLog?: boolean;
  /**
   * Decides whether a failed connect is worth another attempt. Default:
   * {@link isRetryableConnectError}, which gives up at once on configuration
   * errors (`InvalidArgumentError`) and refused credentials (`SecurityError`)
   * and retries everything else.
   */
  shouldRetry?: (error: unknown) => boolean;
}

/** Options that make the module create, connect and close a client. */
export interface AerospikeClientConfigOptions extends ClientConfig, AerospikeConnectionOptions {
  /** Leave unset: the module creates the client from the other fields. */
  client?: undefined;
}

/**
 * Options that hand the module a client you created. The module provides it
 * under its token but never connects or closes it: its owner does.
 * `lazyConnect` and the retry options are ignored.
 */
export interface AerospikeExistingClientOptions extends AerospikeConnectionOptions {
  /** The client to provide. */
  client: Client;
}

/**
 * Options of `AerospikeModule.forRoot`: a {@link ClientConfig} plus the
 * {@link AerospikeConnectionOptions}, or an existing client.
 */
export type AerospikeModuleOptions = AerospikeClientConfigOptions | AerospikeExistingClientOptions;

/** A class that produces module options, for `forRootAsync({ useClass })` and `useExisting`. */
export interface AerospikeOptionsFactory {
  /**
   * Returns the options of the client named `name` (undefined for the
   * default client).
   */
  createAerospikeOptions(name?: string): AerospikeModuleOptions | Promise<AerospikeModuleOptions>;
}

/** Options of `AerospikeModule.forRootAsync`. Exactly one of `useFactory`, `useClass` and `useExisting` is required. */
export interface AerospikeModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  /**
   * Name of the client. It must be given here, not in the options the
   * factory returns, because the injection token has to be known before
   * the factory runs; a factory returning a different name is an error.
   */
  name?: string;
  /** Builds the options, with the providers listed in `inject` as arguments. */
  // biome-ignore lint/suspicious/noExplicitAny: the same signature as Nest's FactoryProvider.useFactory, so any injected types fit.
  useFactory?: (...args: any[]) => AerospikeModuleOptions | Promise<AerospikeModuleOptions>;
  /** Providers passed to `useFactory`, in order. */
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  /** A class the module instantiates to produce the options. */
  useClass?: Type<AerospikeOptionsFactory>;
  /** An existing provider (from `imports`) that produces the options. */
  useExisting?: Type<AerospikeOptionsFactory>;
  /** More providers for this module, e.g. what `useClass` depends on. */
  extraProviders?: Provider[];
}
