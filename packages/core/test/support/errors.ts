/** Assertions on errors: which class, which result code, and the error itself for further checks. */

import { expect } from 'vitest';

/** Any error class, abstract or not. */
export type ErrorClass<T extends Error> = abstract new (...args: never[]) => T;

/**
 * Awaits `action` (a promise, or a function returning one or throwing) and
 * returns what it rejected with, after checking it is an instance of `cls`
 * and, when given, carries `resultCode`. Fails when it resolves.
 */
export async function rejection<T extends Error>(
  action: Promise<unknown> | (() => unknown),
  cls: ErrorClass<T>,
  resultCode?: number,
): Promise<T> {
  let caught: unknown;
  let resolved = false;
  try {
    await (typeof action === 'function' ? action() : action);
    resolved = true;
  } catch (err) {
    caught = err;
  }
  if (resolved) expect.fail(`expected a ${cls.name}, but the call succeeded`);
  if (!(caught instanceof cls)) {
    expect.fail(`expected a ${cls.name}, got ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`);
  }
  if (resultCode !== undefined) expect((caught as { resultCode?: unknown }).resultCode).toBe(resultCode);
  return caught as T;
}

/** Same as {@link rejection} for a synchronous call. */
export function thrown<T extends Error>(action: () => unknown, cls: ErrorClass<T>, resultCode?: number): T {
  let caught: unknown;
  let returned = false;
  try {
    action();
    returned = true;
  } catch (err) {
    caught = err;
  }
  if (returned) expect.fail(`expected a ${cls.name} to be thrown, but the call returned`);
  if (!(caught instanceof cls)) {
    expect.fail(`expected a ${cls.name}, got ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`);
  }
  if (resultCode !== undefined) expect((caught as { resultCode?: unknown }).resultCode).toBe(resultCode);
  return caught as T;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `check` until it returns true or `timeoutMs` passes; returns the last
 * result, so the caller asserts on it (a condition that never holds fails the
 * test instead of hanging it).
 */
export async function eventually(check: () => boolean, timeoutMs = 2_000, stepMs = 10): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (check()) return true;
    if (Date.now() >= until) return false;
    await sleep(stepMs);
  }
}

/** Counts of the handles that would keep the process alive: sockets and timers. */
export function openHandles(): { sockets: number; timers: number } {
  const info = process.getActiveResourcesInfo();
  return {
    sockets: info.filter((r) => r === 'TCPSocketWrap').length,
    timers: info.filter((r) => r === 'Timeout').length,
  };
}
