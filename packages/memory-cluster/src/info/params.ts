/**
 * Parameters of info commands (`name:key=value;key=value`), found and
 * checked as an Aerospike 8.1 server does, with its error answers.
 */

/** An info error answer: `ERROR:<code>:<message>`. */
export type InfoErrorAnswer = `ERROR:${number}:${string}`;

/** Result code of errors about a parameter (info errors carry the server's result codes). */
export const PARAMETER = 4;
/** Result code of errors about the namespace. */
export const NAMESPACE = 20;
/** Result code of a command only an Enterprise server serves. */
export const ENTERPRISE_ONLY = 25;

/** The server's longest namespace name, plus its terminating NUL (AS_ID_NAMESPACE_SZ). */
export const NAMESPACE_SIZE = 32;

/** The info error answer with `code` and `message`. */
export function infoError(code: number, message: string): InfoErrorAnswer {
  return `ERROR:${code}:${message}`;
}

/** The value of `key` in `params`, or undefined when absent; the first occurrence wins. */
export function param(params: string, key: string): string | undefined {
  for (const part of params.split(';')) {
    const eq = part.indexOf('=');
    if (eq >= 0 && part.slice(0, eq) === key) return part.slice(eq + 1);
  }
  return undefined;
}

/** The value of the first of `aliases` present in `params`. */
export function paramAlias(params: string, aliases: readonly string[]): string | undefined {
  for (const key of aliases) {
    const value = param(params, key);
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * The server's answer to a parameter it cannot use, or undefined when the
 * value is fine (or absent and optional). Errors about `namespace` carry
 * code 20, the others 4. `size` is the server's buffer for the value: a value
 * of `size` bytes or more is too long.
 */
export function checkParam(
  key: string,
  value: string | undefined,
  options: { required?: boolean; size?: number } = {},
): InfoErrorAnswer | undefined {
  const code = key === 'namespace' ? NAMESPACE : PARAMETER;
  if (value === undefined) return options.required ? infoError(code, `missing '${key}'`) : undefined;
  if (value === '') return infoError(code, `missing '${key}' value`);
  if (options.size !== undefined && Buffer.byteLength(value) >= options.size) return infoError(code, `'${key}' value too long`);
  return undefined;
}
