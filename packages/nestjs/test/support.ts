/**
 * Shared helpers of the NestJS specs: a real HTTP app on an ephemeral port,
 * a logger that records what the module says, a port nobody listens on, and
 * a check that closing the app leaves no socket or timer behind.
 */

import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { INestApplication, LoggerService, ModuleMetadata } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { expect } from 'vitest';

/** Records every log line; prints nothing. */
export class RecordingLogger implements LoggerService {
  readonly lines: Array<{ level: string; message: string; extra: unknown[] }> = [];
  log(message: unknown, ...extra: unknown[]): void {
    this.lines.push({ level: 'log', message: String(message), extra });
  }
  error(message: unknown, ...extra: unknown[]): void {
    this.lines.push({ level: 'error', message: String(message), extra });
  }
  warn(message: unknown, ...extra: unknown[]): void {
    this.lines.push({ level: 'warn', message: String(message), extra });
  }
  debug(message: unknown, ...extra: unknown[]): void {
    this.lines.push({ level: 'debug', message: String(message), extra });
  }
  verbose(message: unknown, ...extra: unknown[]): void {
    this.lines.push({ level: 'verbose', message: String(message), extra });
  }
  /** Lines whose message contains `text`. */
  matching(text: string): string[] {
    return this.lines.filter((l) => l.message.includes(text)).map((l) => l.message);
  }
}

/** A compiled testing module, its application listening on loopback, and the base URL. */
export interface RunningApp {
  moduleRef: TestingModule;
  app: INestApplication;
  url: string;
}

/** Compiles `metadata`, starts a real HTTP listener on an ephemeral port. */
export async function startApp(metadata: ModuleMetadata, logger: LoggerService = new RecordingLogger()): Promise<RunningApp> {
  const moduleRef = await Test.createTestingModule(metadata).setLogger(logger).compile();
  const app = moduleRef.createNestApplication();
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { moduleRef, app, url: `http://127.0.0.1:${port}` };
}

/** Sends a JSON request and returns the status, headers and parsed body. */
export async function request(
  url: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text.length === 0 ? undefined : JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: res.status, headers: res.headers, body };
}

/** A loopback port with nothing listening on it. */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Counts of the handle kinds that would keep a process alive after shutdown. */
export interface HandleCounts {
  tcp: number;
  timers: number;
}

/** Current TCP handles (sockets and servers) and timers. */
export function handleCounts(): HandleCounts {
  const info = process.getActiveResourcesInfo();
  return {
    tcp: info.filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap').length,
    timers: info.filter((r) => r === 'Timeout').length,
  };
}

/**
 * Waits (briefly: sockets finish closing on the next turns of the event loop,
 * and keep-alive sockets of `fetch` close when the server ends them) until no
 * more TCP handles or timers are active than `before`.
 */
export async function expectNoLeftoverHandles(before: HandleCounts, graceMs = 3000): Promise<void> {
  const until = Date.now() + graceMs;
  let now = handleCounts();
  while ((now.tcp > before.tcp || now.timers > before.timers) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    now = handleCounts();
  }
  expect(now.tcp, `TCP handles: ${process.getActiveResourcesInfo().join(', ')}`).toBeLessThanOrEqual(before.tcp);
  expect(now.timers, `timers: ${process.getActiveResourcesInfo().join(', ')}`).toBeLessThanOrEqual(before.timers);
}

/** Polls `predicate` until it holds or `timeoutMs` passes. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
