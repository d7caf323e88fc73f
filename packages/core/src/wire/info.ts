/**
 * The info protocol: a request is a list of command names, one per line; the
 * reply has one `name\tvalue` line per command, in the same order.
 */

import { invalidArgument } from '../errors.js';
import { ProtoType } from './proto.js';
import { MessageWriter } from './writer.js';

/** Encodes an info request for `commands` (none: the server's default set). */
export function encodeInfoRequest(commands: readonly string[]): Buffer {
  for (const c of commands) {
    // The caller's input, not the server's: InvalidArgumentError, not ProtocolError.
    if (c.includes('\n')) throw invalidArgument('info command', `"${c}" contains a newline`);
  }
  const body = commands.length === 0 ? '' : `${commands.join('\n')}\n`;
  const w = MessageWriter.frame(ProtoType.INFO, Buffer.byteLength(body, 'utf8'));
  w.utf8(body);
  return w.finish();
}

/**
 * Parses an info body into `name → value`. A line without a tab is a name
 * with an empty value. A repeated name keeps its last value.
 */
export function parseInfoResponse(body: Buffer | string): Map<string, string> {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  const result = new Map<string, string>();
  let start = 0;
  while (start < text.length) {
    let nl = text.indexOf('\n', start);
    if (nl === -1) nl = text.length;
    if (nl > start) {
      const line = text.slice(start, nl);
      const tab = line.indexOf('\t');
      if (tab === -1) result.set(line, '');
      else result.set(line.slice(0, tab), line.slice(tab + 1));
    }
    start = nl + 1;
  }
  return result;
}

/** Parses an info request body into its command names (what a server receives). */
export function parseInfoRequest(body: Buffer | string): string[] {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  return text.split('\n').filter((line) => line.length > 0);
}

/** Encodes an info reply: one `name\tvalue` line per entry. */
export function encodeInfoResponse(entries: Iterable<readonly [string, string]>): Buffer {
  let body = '';
  for (const [name, value] of entries) body += `${name}\t${value}\n`;
  const w = MessageWriter.frame(ProtoType.INFO, Buffer.byteLength(body, 'utf8'));
  w.utf8(body);
  return w.finish();
}

/** An `ERROR:<code>:<message>` (or `FAIL:…`) value, as servers answer a failed info command. */
export interface InfoError {
  resultCode: number;
  message: string;
}

/** Recognises the error forms of an info value; undefined when the value is not an error. */
export function parseInfoError(value: string): InfoError | undefined {
  const m = /^(?:ERROR|FAIL|error|fail)(?::(-?\d+))?(?::(.*))?$/s.exec(value);
  if (m === null) return undefined;
  return { resultCode: m[1] === undefined ? 1 : Number(m[1]), message: (m[2] ?? value).trim() || value };
}

/**
 * Parses `key=value` pairs separated by `;` (statistics, namespace/<ns>) or
 * `:` (sets, query-show) into an object. Pairs without `=` are ignored.
 */
export function parseKeyValues(text: string, separator = ';'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(separator)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq);
    if (key === '__proto__') continue;
    out[key] = part.slice(eq + 1);
  }
  return out;
}
