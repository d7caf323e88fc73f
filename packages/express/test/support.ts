/**
 * Helpers for the Express tests: listening on a free port, plain HTTP
 * requests on fresh or kept-alive connections, and handle counting.
 */

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/** Starts `app` on a free loopback port. */
export async function listen(app: Express): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

/** A finished HTTP exchange. */
export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON (throws when it is not JSON). */
  json(): unknown;
}

/**
 * Sends one request. Without `agent` it uses a new connection, so a refused
 * connection really means the server no longer accepts.
 */
export function request(url: string, init: { method?: string; body?: unknown; agent?: http.Agent } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
    const req = http.request(
      url,
      {
        method: init.method ?? 'GET',
        agent: init.agent ?? false,
        headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export { type Handles, handles, settleTo } from '../../../test/support/handles.js';

/** A promise with its resolve function, to let a test wait for a point inside a handler. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
