/**
 * aerospike-py's exposition helpers: `get_metrics()`,
 * `start_metrics_server(port)`, `stop_metrics_server()`, on node:http.
 */

import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { defaultRegistry } from './metrics.js';

/** Options of {@link startMetricsServer}. */
export interface MetricsServerOptions {
  /** Port to listen on; 0 picks a free one (read it back from the result). */
  port: number;
  /** Address to bind (default: every interface, as Prometheus scrapes from elsewhere). */
  host?: string;
  /** Registry to expose (default {@link defaultRegistry}). */
  registry?: Registry;
}

/** A running metrics server. */
export interface MetricsServer {
  /** The port it listens on. */
  readonly port: number;
  /** Stops listening and drops open connections, freeing the port. */
  close(): Promise<void>;
}

const running = new Set<MetricsServer>();

/**
 * The exposition text of a registry (default {@link defaultRegistry}), in the
 * registry's format (Prometheus text or OpenMetrics).
 */
export function getMetrics(registry: Registry = defaultRegistry): Promise<string> {
  return registry.metrics();
}

/**
 * Serves `GET /metrics` with the registry's exposition text and content
 * type; every other path is 404. Resolves once it listens.
 *
 * ```ts
 * const server = await startMetricsServer({ port: 9464, registry });
 * // Prometheus scrapes http://host:9464/metrics
 * await server.close();
 * ```
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const registry = options.registry ?? defaultRegistry;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method Not Allowed\n');
      return;
    }
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`${err instanceof Error ? err.message : String(err)}\n`);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A metrics endpoint must not keep the process alive on its own.
  server.unref();

  let closing: Promise<void> | undefined;
  const handle: MetricsServer = {
    port: (server.address() as AddressInfo).port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        running.delete(handle);
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive connections from a scraper would otherwise hold the port.
        server.closeAllConnections();
      });
      return closing;
    },
  };
  running.add(handle);
  return handle;
}

/** Stops every server {@link startMetricsServer} started and that is still open. */
export async function stopMetricsServer(): Promise<void> {
  await Promise.all([...running].map((s) => s.close()));
}
