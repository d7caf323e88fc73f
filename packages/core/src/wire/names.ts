/**
 * UTF-8 encodings of namespace, set and bin names, validated once and cached:
 * the same few names are written on almost every request.
 */

import { InvalidArgumentError } from '../errors.js';
import { ResultCode } from '../result-codes.js';
import { isWellFormed, notWellFormed, quote } from './utf16.js';

/** Longest bin name the server accepts, in UTF-8 bytes. */
export const MAX_BIN_NAME = 15;
/** Longest namespace name, in UTF-8 bytes. */
export const MAX_NAMESPACE_NAME = 31;
/** Longest set name, in UTF-8 bytes. */
export const MAX_SET_NAME = 63;

// Bounded so that a program generating names cannot grow it forever; when full
// it is simply cleared, which costs one re-encode per name.
const CACHE_LIMIT = 4096;
const binNames = new Map<string, Buffer>();
const namespaceNames = new Map<string, Buffer>();
const setNames = new Map<string, Buffer>();

function encode(
  cache: Map<string, Buffer>,
  name: string,
  max: number,
  what: string,
  code: number,
  allowEmpty: boolean,
): Buffer {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  if (typeof name !== 'string') {
    throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, `${what} must be a string, got ${typeof name}`);
  }
  if (!isWellFormed(name)) throw notWellFormed(`${what} ${quote(name)}`, name);
  const bytes = Buffer.from(name, 'utf8');
  if (bytes.length > max) {
    throw new InvalidArgumentError(code, `${what} "${name}" is ${bytes.length} bytes; the limit is ${max}`);
  }
  if (!allowEmpty && bytes.length === 0) {
    throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, `${what} must not be empty`);
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(name, bytes);
  return bytes;
}

/**
 * UTF-8 bytes of a bin name; throws when longer than 15 bytes or not
 * well-formed UTF-16. Empty is allowed: record-level operations (read all
 * bins, touch, delete) carry an empty name.
 */
export function binNameBytes(name: string): Buffer {
  return encode(binNames, name, MAX_BIN_NAME, 'bin name', ResultCode.BIN_NAME_TOO_LONG, true);
}

/** UTF-8 bytes of a namespace name; throws when empty, longer than 31 bytes or not well-formed UTF-16. */
export function namespaceBytes(name: string): Buffer {
  return encode(namespaceNames, name, MAX_NAMESPACE_NAME, 'namespace', ResultCode.PARAMETER_ERROR, false);
}

/**
 * UTF-8 bytes of a set name (empty for records without a set); throws when
 * longer than 63 bytes or not well-formed UTF-16.
 */
export function setBytes(name: string): Buffer {
  return encode(setNames, name, MAX_SET_NAME, 'set name', ResultCode.PARAMETER_ERROR, true);
}
