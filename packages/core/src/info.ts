/**
 * Parsers of common info responses into plain objects. Values stay strings
 * unless they are plain decimal numbers, which become numbers.
 */

import { errorFromResultCode } from './errors.js';
import { parseInfoError, parseKeyValues } from './wire/info.js';

/** One node's answer to {@link Client.infoAll}: a response, or the error that node gave. */
export type InfoAllResult =
  | { nodeName: string; address: string; response: string; error?: undefined }
  | { nodeName: string; address: string; response?: undefined; error: Error };

function typed(values: Record<string, string>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(values)) out[k] = /^-?\d+(\.\d+)?$/.test(v) && v.length < 16 ? Number(v) : v;
  return out;
}

/** `namespaces` → the namespace names. */
export function parseNamespaces(response: string): string[] {
  return response.split(';').filter((s) => s.length > 0);
}

/** `statistics` or `namespace/<ns>` → `{ key: value }`. */
export function parseStatistics(response: string): Record<string, string | number> {
  return typed(parseKeyValues(response, ';'));
}

/** `sets` or `sets/<ns>` → one object per set (`ns`, `set`, `objects`, …). */
export function parseSets(response: string): Array<Record<string, string | number>> {
  return response
    .split(';')
    .filter((s) => s.includes('='))
    .map((s) => typed(parseKeyValues(s, ':')));
}

/** Throws the error an `ERROR:<code>:<message>` info value stands for; returns other values unchanged. */
export function checkInfoValue(command: string, value: string, context: { node?: string; address?: string } = {}): string {
  const err = parseInfoError(value);
  if (err === undefined) return value;
  throw errorFromResultCode(err.resultCode, `info "${command}" failed: ${err.message}`, context);
}
