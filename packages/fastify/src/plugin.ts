/**
 * The plugin: validates its options, creates (or adopts) a client, connects
 * it within a bound below Fastify's plugin timeout, decorates
 * `fastify.aerospike`, and closes the clients it owns in `onClose`.
 */

import { Client, type ClientConfig } from '@aerospike-ts/core';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { type AerospikeErrorHandlerOptions, createAerospikeErrorHandler } from './error-handler.js';
import { FastifyAerospikeError, FastifyAerospikeErrorCode } from './errors.js';
import { type AerospikeHealthOptions, aerospikeHealth } from './health.js';

/** Options every registration accepts, whether it creates the client or is given one. */
export interface FastifyAerospikeBaseOptions {
  /**
   * Registers a named instance, reachable as `fastify.aerospike[namespace]`,
   * instead of the default `fastify.aerospike`. This is the Fastify plugin
   * convention's word for an instance name; it is unrelated to Aerospike
   * namespaces. Names that clash with a client property (`get`, `close`…)
   * are rejected.
   */
  namespace?: string;
  /**
   * Longest time, in ms, registration waits for the client to connect before
   * failing with `FST_AEROSPIKE_CONNECT_TIMEOUT`. Must be below Fastify's
   * `pluginTimeout`, so the plugin reports the real problem instead of
   * `ERR_AVVIO_PLUGIN_TIMEOUT`. Default: 8000, or 80% of `pluginTimeout`
   * when that is lower.
   */
  connectTimeout?: number;
  /**
   * Do not wait for the connection during registration: connecting starts in
   * the background and a failure is logged. Commands fail with
   * `ClientClosedError` until it completes; pair it with
   * `failIfNotConnected: false` so the client keeps retrying the seeds.
   * Default: false.
   */
  lazyConnect?: boolean;
  /**
   * Install an error handler on this Fastify instance that answers Aerospike
   * errors with the shared HTTP table (see `createAerospikeErrorHandler`);
   * an object passes options to it. Installed once per instance, however
   * many registrations ask for it. Default: false.
   */
  errorHandler?: boolean | AerospikeErrorHandlerOptions;
  /**
   * Register a `GET` route answering with this client's health (see
   * `aerospikeHealth`): `true` for `/health/aerospike` (with
   * `/<namespace>` appended for a named instance), a path, or
   * `{ url?, degradedIsDown? }`. Default: no route.
   *
   * ```ts
   * await app.register(fastifyAerospike, { hosts: 'localhost:3000', healthRoute: true });
   * ```
   */
  healthRoute?: boolean | string | FastifyAerospikeHealthRouteOptions;
}

/**
 * The object form of the `healthRoute` option.
 *
 * ```ts
 * await app.register(fastifyAerospike, { hosts, healthRoute: { url: '/ready', degradedIsDown: true } });
 * ```
 */
export interface FastifyAerospikeHealthRouteOptions extends AerospikeHealthOptions {
  /** Path of the route. Default: `/health/aerospike`, plus `/<namespace>` for a named instance. */
  url?: string;
}

/**
 * Path of the health route when `healthRoute` names none; a named instance
 * appends `/<namespace>`.
 *
 * ```ts
 * await app.inject({ url: DEFAULT_HEALTH_ROUTE }); // after registering with healthRoute: true
 * ```
 */
export const DEFAULT_HEALTH_ROUTE = '/health/aerospike';

/** Options that make the plugin create, connect and own its client: every `ClientConfig` field plus the base options. */
export interface FastifyAerospikeConfigOptions extends ClientConfig, FastifyAerospikeBaseOptions {
  /** Not with connection settings: pass one or the other. */
  client?: undefined;
  /** Not with connection settings: a client the plugin creates is always closed. */
  closeClient?: undefined;
}

/** Options that hand the plugin an existing client. */
export interface FastifyAerospikeClientOptions extends FastifyAerospikeBaseOptions {
  /**
   * A client created by the application. The plugin connects it if it is not
   * connected yet; it must not be closed or closing.
   */
  client: Client;
  /** Close the given client when Fastify closes. Default: false (the application owns it). */
  closeClient?: boolean;
  /** Not with `client`: pass one or the other. */
  hosts?: undefined;
}

/** Options of the plugin: connection settings, or an existing `client`. */
export type FastifyAerospikeOptions = FastifyAerospikeConfigOptions | FastifyAerospikeClientOptions;

/** Named instances, as properties of `fastify.aerospike`. */
export interface FastifyAerospikeNamedClients {
  [name: string]: Client;
}

/**
 * Type of `fastify.aerospike`: the default client, with named instances as
 * properties. Without a default instance only the named properties exist.
 */
export type FastifyAerospike = Client & FastifyAerospikeNamedClients;

declare module 'fastify' {
  interface FastifyInstance {
    /** The Aerospike client(s) registered by `@aerospike-ts/fastify`. */
    aerospike: FastifyAerospike;
  }
}

/** Default bound on connecting; Fastify's default `pluginTimeout` is 10 s. */
export const DEFAULT_CONNECT_TIMEOUT = 8_000;

const BASE_KEYS = new Set(['namespace', 'connectTimeout', 'lazyConnect', 'errorHandler', 'healthRoute']);
// Fastify's own register options may reach the plugin; they are not client settings.
const FASTIFY_KEYS = new Set(['prefix', 'logLevel', 'logSerializers']);

/** The instances whose error handler this plugin already set: Fastify allows one per scope. */
const handlerInstalled = new WeakSet<FastifyInstance>();

interface ParsedOptions {
  namespace: string | undefined;
  connectTimeout: number;
  lazyConnect: boolean;
  errorHandler: AerospikeErrorHandlerOptions | undefined;
  healthRoute: { url: string; degradedIsDown: boolean } | undefined;
  client: Client | undefined;
  closeClient: boolean;
  config: ClientConfig | undefined;
}

function invalid(message: string, cause?: unknown): FastifyAerospikeError {
  return new FastifyAerospikeError(FastifyAerospikeErrorCode.INVALID_OPTION, `@aerospike-ts/fastify: ${message}`, { cause });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' || typeof value === 'function') return typeof value === 'object' ? 'an object' : 'a function';
  return String(value);
}

function isClientLike(value: unknown): value is Client {
  // Duck-typed rather than instanceof: the application may hold a client from another installed copy of core.
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return typeof c.connect === 'function' && typeof c.close === 'function' && typeof c.get === 'function' && typeof c.put === 'function';
}

function parseOptions(raw: unknown, pluginTimeout: number): ParsedOptions {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalid(`options must be an object, got ${describe(raw)}`);
  }
  const opts = raw as Record<string, unknown>;

  const namespace = opts.namespace;
  if (namespace !== undefined && (typeof namespace !== 'string' || namespace.length === 0)) {
    throw invalid(`namespace must be a non-empty string, got ${describe(namespace)}`);
  }

  const ceiling = pluginTimeout > 0 ? pluginTimeout : Number.POSITIVE_INFINITY;
  let connectTimeout = Math.min(DEFAULT_CONNECT_TIMEOUT, Math.floor(ceiling * 0.8));
  if (opts.connectTimeout !== undefined) {
    const t = opts.connectTimeout;
    if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) {
      throw invalid(`connectTimeout must be a positive number of milliseconds, got ${describe(t)}`);
    }
    if (t >= ceiling) {
      throw invalid(
        `connectTimeout (${t} ms) must be below Fastify's pluginTimeout (${pluginTimeout} ms), or registration times out before the client can report why it could not connect`,
      );
    }
    connectTimeout = t;
  }

  const lazyConnect = opts.lazyConnect ?? false;
  if (typeof lazyConnect !== 'boolean') throw invalid(`lazyConnect must be a boolean, got ${describe(lazyConnect)}`);

  let errorHandler: AerospikeErrorHandlerOptions | undefined;
  const eh = opts.errorHandler;
  if (eh === true) errorHandler = {};
  else if (typeof eh === 'object' && eh !== null && !Array.isArray(eh)) {
    const mapError = (eh as AerospikeErrorHandlerOptions).mapError;
    if (mapError !== undefined && typeof mapError !== 'function') {
      throw invalid(`errorHandler.mapError must be a function, got ${describe(mapError)}`);
    }
    errorHandler = eh as AerospikeErrorHandlerOptions;
  } else if (eh !== undefined && eh !== false) {
    throw invalid(`errorHandler must be a boolean or an options object, got ${describe(eh)}`);
  }

  let healthRoute: ParsedOptions['healthRoute'];
  const hr = opts.healthRoute;
  const defaultUrl = namespace === undefined ? DEFAULT_HEALTH_ROUTE : `${DEFAULT_HEALTH_ROUTE}/${namespace}`;
  if (hr === true) healthRoute = { url: defaultUrl, degradedIsDown: false };
  else if (typeof hr === 'string') {
    if (!hr.startsWith('/')) throw invalid(`healthRoute must be a path starting with '/', got ${describe(hr)}`);
    healthRoute = { url: hr, degradedIsDown: false };
  } else if (typeof hr === 'object' && hr !== null && !Array.isArray(hr)) {
    const { url = defaultUrl, degradedIsDown = false } = hr as FastifyAerospikeHealthRouteOptions;
    if (typeof url !== 'string' || !url.startsWith('/')) throw invalid(`healthRoute.url must be a path starting with '/', got ${describe(url)}`);
    if (typeof degradedIsDown !== 'boolean') throw invalid(`healthRoute.degradedIsDown must be a boolean, got ${describe(degradedIsDown)}`);
    healthRoute = { url, degradedIsDown };
  } else if (hr !== undefined && hr !== false) {
    throw invalid(`healthRoute must be a boolean, a path or an options object, got ${describe(hr)}`);
  }

  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(opts)) {
    if (!BASE_KEYS.has(key) && !FASTIFY_KEYS.has(key) && key !== 'client' && key !== 'closeClient') rest[key] = value;
  }

  if (opts.client !== undefined) {
    if (!isClientLike(opts.client)) throw invalid(`client must be an aerospike-ts Client, got ${describe(opts.client)}`);
    const extra = Object.keys(rest).filter((key) => rest[key] !== undefined);
    if (extra.length > 0) {
      throw invalid(`pass either client or connection options, not both (got client and ${extra.join(', ')})`);
    }
    const state = opts.client.state;
    if (state === 'closing' || state === 'closed') throw invalid(`client is ${state}; pass a client that is open`);
    const closeClient = opts.closeClient ?? false;
    if (typeof closeClient !== 'boolean') throw invalid(`closeClient must be a boolean, got ${describe(closeClient)}`);
    return { namespace, connectTimeout, lazyConnect, errorHandler, healthRoute, client: opts.client, closeClient, config: undefined };
  }

  if (opts.closeClient !== undefined) throw invalid('closeClient applies only with client: a client the plugin creates is always closed');
  if (rest.hosts === undefined || rest.hosts === null) {
    throw invalid('either hosts (with any other client settings) or client is required');
  }
  return { namespace, connectTimeout, lazyConnect, errorHandler, healthRoute, client: undefined, closeClient: true, config: rest as unknown as ClientConfig };
}

function createClient(config: ClientConfig): Client {
  try {
    return new Client(config);
  } catch (err) {
    // Core names the bad field (e.g. `config.timeout`); keep its message and add the plugin's code.
    throw invalid(err instanceof Error ? err.message : String(err), err);
  }
}

async function connectWithin(client: Client, ms: number, where: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new FastifyAerospikeError(
            FastifyAerospikeErrorCode.CONNECT_TIMEOUT,
            `@aerospike-ts/fastify: ${where} did not connect within connectTimeout (${ms} ms)`,
          ),
        ),
      ms,
    );
  });
  try {
    await Promise.race([client.connect(), timeout]);
  } catch (err) {
    if (err instanceof FastifyAerospikeError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new FastifyAerospikeError(FastifyAerospikeErrorCode.CONNECT_FAILED, `@aerospike-ts/fastify: ${where} could not connect: ${message}`, {
      cause: err,
    });
  } finally {
    clearTimeout(timer);
  }
}

function checkRegistration(fastify: FastifyInstance, namespace: string | undefined, client: Client): void {
  const existing = fastify.hasDecorator('aerospike') ? (fastify.aerospike as object) : undefined;
  if (namespace === undefined) {
    if (existing !== undefined) {
      throw new FastifyAerospikeError(
        FastifyAerospikeErrorCode.ALREADY_REGISTERED,
        isClientLike(existing)
          ? '@aerospike-ts/fastify: the default instance is already registered; give this one a namespace'
          : '@aerospike-ts/fastify: named instances are already registered; register the default instance before them',
      );
    }
    return;
  }
  if (existing !== undefined && Object.hasOwn(existing, namespace)) {
    throw new FastifyAerospikeError(
      FastifyAerospikeErrorCode.NAMESPACE_EXISTS,
      `@aerospike-ts/fastify: an instance named '${namespace}' is already registered`,
    );
  }
  // Named instances live as properties of the default client, so they must not shadow its members.
  if (namespace in client || namespace in Object.prototype) {
    throw invalid(`namespace '${namespace}' is reserved: it would hide the client's own '${namespace}' property`);
  }
}

function decorate(fastify: FastifyInstance, namespace: string | undefined, client: Client): void {
  if (namespace === undefined) {
    fastify.decorate('aerospike', client as FastifyAerospike);
    return;
  }
  if (!fastify.hasDecorator('aerospike')) {
    // A prototype-less holder, so that no inherited name can pass for an instance.
    fastify.decorate('aerospike', Object.create(null) as FastifyAerospike);
  }
  Object.defineProperty(fastify.aerospike, namespace, { value: client, enumerable: true, configurable: true, writable: false });
}

const fastifyAerospikePlugin: FastifyPluginAsync<FastifyAerospikeOptions> = async (fastify, rawOptions) => {
  const options = parseOptions(rawOptions, fastify.initialConfig.pluginTimeout ?? 10_000);
  const client = options.client ?? createClient(options.config!);
  checkRegistration(fastify, options.namespace, client);
  const owned = options.client === undefined || options.closeClient;
  const where = options.namespace === undefined ? 'the Aerospike client' : `the Aerospike client '${options.namespace}'`;

  if (client.state === 'created' || client.state === 'connecting') {
    if (options.lazyConnect) {
      client.connect().catch((err: unknown) => fastify.log.error({ err }, `${where} could not connect`));
    } else {
      try {
        await connectWithin(client, options.connectTimeout, where);
      } catch (err) {
        // A late connect must not leave sockets behind once registration has failed.
        if (owned) client.close().catch(() => undefined);
        throw err;
      }
    }
  }

  decorate(fastify, options.namespace, client);
  if (owned) {
    fastify.addHook('onClose', async () => {
      await client.close();
    });
  }
  if (options.errorHandler !== undefined && !handlerInstalled.has(fastify)) {
    fastify.setErrorHandler(createAerospikeErrorHandler(options.errorHandler));
    handlerInstalled.add(fastify);
  }
  if (options.healthRoute !== undefined) {
    fastify.get(options.healthRoute.url, aerospikeHealth(client, { degradedIsDown: options.healthRoute.degradedIsDown }));
  }
};

/**
 * The Fastify plugin. Register it once per client:
 *
 * ```ts
 * await app.register(fastifyAerospike, { hosts: 'localhost:3000' });
 * await app.register(fastifyAerospike, { namespace: 'cache', hosts: 'cache:3000' });
 * const record = await app.aerospike.get(['test', 'users', id]);
 * ```
 */
export const fastifyAerospike = fp(fastifyAerospikePlugin, { name: '@aerospike-ts/fastify', fastify: '5.x' });
