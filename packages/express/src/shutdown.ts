/**
 * Graceful shutdown in the order every shutdown library encodes: stop
 * accepting connections, let in-flight requests finish, then close the
 * database client. Nothing here touches process signals unless asked.
 */

import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';

/** Anything with an async `close()`: a `Client`, or what `createAerospike` returns. */
export interface Closeable {
  close(): Promise<unknown> | unknown;
}

/** Options of {@link attachGracefulShutdown}. */
export interface GracefulShutdownOptions {
  /**
   * Signals that start the shutdown, e.g. `['SIGTERM', 'SIGINT']`. Default:
   * none; no handler is installed, and shutdown starts only through
   * `shutdown()` or when the server is closed.
   */
  signals?: readonly NodeJS.Signals[];
  /**
   * How long in-flight requests may take, in ms, before their connections
   * are closed and the client is closed anyway. Default: 10000.
   */
  timeoutMs?: number;
  /**
   * After a shutdown started by a signal, send that signal again with this
   * module's handler removed, so the process ends the way it would have
   * without the handler (or other handlers take their turn). Default: true.
   */
  exitOnSignal?: boolean;
  /**
   * Called when a shutdown has finished, with the error if closing the
   * client failed. Default: log a failure with `console.error`.
   */
  onShutdown?: (error: unknown) => void;
}

/** Detaches the shutdown wiring when called; `shutdown()` runs it. */
export interface GracefulShutdown {
  /** Removes every listener this module added (signals, server events). A shutdown in progress continues. */
  (): void;
  /**
   * Stops the server accepting, waits for in-flight requests (at most
   * `timeoutMs`), then closes the client. Calling it again returns the same
   * promise. Use it from terminus' `onSignal`, lightship's shutdown
   * handler, or your own signal handling.
   */
  shutdown(): Promise<void>;
}

/** Default of {@link GracefulShutdownOptions.timeoutMs}. */
export const DEFAULT_SHUTDOWN_TIMEOUT = 10_000;

function checkOptions(options: GracefulShutdownOptions): Required<Omit<GracefulShutdownOptions, 'onShutdown'>> & GracefulShutdownOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('attachGracefulShutdown: options must be an object');
  const signals = options.signals ?? [];
  if (!Array.isArray(signals) || signals.some((s) => typeof s !== 'string' || !s.startsWith('SIG'))) {
    throw new TypeError(`attachGracefulShutdown: signals must be an array of signal names such as 'SIGTERM', got ${String(signals)}`);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 0) {
    throw new TypeError(`attachGracefulShutdown: timeoutMs must be a non-negative number of milliseconds, got ${String(timeoutMs)}`);
  }
  const exitOnSignal = options.exitOnSignal ?? true;
  if (typeof exitOnSignal !== 'boolean') throw new TypeError('attachGracefulShutdown: exitOnSignal must be a boolean');
  if (options.onShutdown !== undefined && typeof options.onShutdown !== 'function') {
    throw new TypeError('attachGracefulShutdown: onShutdown must be a function');
  }
  return { ...options, signals, timeoutMs, exitOnSignal };
}

/**
 * Ties the client's life to the HTTP server's:
 *
 * ```ts
 * const server = app.listen(3000);
 * attachGracefulShutdown(server, aerospike, { signals: ['SIGTERM', 'SIGINT'] });
 * ```
 *
 * When the server is closed (by `shutdown()`, a listed signal, or your own
 * `server.close()`), it stops accepting, in-flight requests finish on
 * connections that are then closed instead of kept alive, and only then is
 * the client closed. After `timeoutMs` the remaining connections are cut.
 * Returns a function that detaches all of this.
 */
export function attachGracefulShutdown(server: HttpServer | HttpsServer, client: Closeable, options: GracefulShutdownOptions = {}): GracefulShutdown {
  if (typeof server !== 'object' || server === null || typeof server.close !== 'function' || typeof server.closeIdleConnections !== 'function') {
    throw new TypeError('attachGracefulShutdown: server must be an http or https Server');
  }
  if (typeof client !== 'object' || client === null || typeof client.close !== 'function') {
    throw new TypeError('attachGracefulShutdown: client must have a close() method');
  }
  const opts = checkOptions(options);
  const inFlight = new Set<ServerResponse>();
  let stopping = false;
  let clientClosed: Promise<void> | undefined;
  let shutdownPromise: Promise<void> | undefined;

  const closeClient = (): Promise<void> => {
    clientClosed ??= Promise.resolve().then(async () => {
      await client.close();
    });
    return clientClosed;
  };

  // A keep-alive connection would outlive its last response by keepAliveTimeout and hold server.close() open that long.
  const onRequest = (_req: IncomingMessage, res: ServerResponse): void => {
    inFlight.add(res);
    if (stopping || !server.listening) res.setHeader('Connection', 'close');
    const done = (): void => {
      inFlight.delete(res);
      if (stopping || !server.listening) setImmediate(() => server.closeIdleConnections());
    };
    res.once('finish', done);
    res.once('close', done);
  };

  const onServerClose = (): void => {
    closeClient().catch(() => undefined);
  };

  const shutdown = (): Promise<void> => {
    if (shutdownPromise !== undefined) return shutdownPromise;
    stopping = true;
    for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    shutdownPromise = new Promise<void>((resolve) => {
      const force = setTimeout(() => server.closeAllConnections(), opts.timeoutMs);
      // An unref'd timer must not keep a process alive whose server has already drained.
      force.unref();
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      server.closeIdleConnections();
    }).then(closeClient);
    return shutdownPromise;
  };

  const signalHandlers = new Map<NodeJS.Signals, () => void>();
  const removeSignalHandlers = (): void => {
    for (const [signal, handler] of signalHandlers) process.off(signal, handler);
    signalHandlers.clear();
  };
  for (const signal of new Set(opts.signals)) {
    const handler = (): void => {
      // A second signal during the shutdown gets the default behaviour: the operator insists.
      removeSignalHandlers();
      shutdown().then(
        () => finish(undefined),
        (err: unknown) => finish(err),
      );
      function finish(error: unknown): void {
        if (opts.onShutdown !== undefined) opts.onShutdown(error);
        else if (error !== undefined) console.error('graceful shutdown: closing the Aerospike client failed', error);
        if (opts.exitOnSignal) process.kill(process.pid, signal);
      }
    };
    signalHandlers.set(signal, handler);
    process.on(signal, handler);
  }

  server.on('request', onRequest);
  server.on('close', onServerClose);

  const detach = (): void => {
    removeSignalHandlers();
    server.off('request', onRequest);
    server.off('close', onServerClose);
  };
  return Object.assign(detach, { shutdown });
}
