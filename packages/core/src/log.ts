/**
 * Process-wide logging with the aerospike-py levels. The logger is
 * pluggable: anything with pino's method shape (`error`, `warn`, `info`,
 * `debug`, `trace`, each taking an object and/or a message) works unchanged.
 */

/** Log levels, most severe first. */
export const LogLevel = {
  OFF: -1,
  ERROR: 0,
  WARN: 1,
  INFO: 2,
  DEBUG: 3,
  TRACE: 4,
} as const;
/** @see {@link LogLevel} */
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

type LogMethod = (obj: object | string, msg?: string) => void;

/** A logger: console by default; a pino logger fits as it is. */
export interface Logger {
  error: LogMethod;
  warn: LogMethod;
  info: LogMethod;
  debug: LogMethod;
  trace: LogMethod;
}

function consoleMethod(fn: (...args: unknown[]) => void, level: string): LogMethod {
  return (obj, msg) => {
    const stamp = new Date().toISOString();
    if (typeof obj === 'string') fn(`${stamp} ${level} aerospike: ${obj}`);
    else fn(`${stamp} ${level} aerospike: ${msg ?? ''}`, obj);
  };
}

/** The default logger: writes to the console (stderr for ERROR/WARN). */
export const consoleLogger: Logger = {
  error: consoleMethod(console.error, 'ERROR'),
  warn: consoleMethod(console.warn, 'WARN'),
  info: consoleMethod(console.info, 'INFO'),
  debug: consoleMethod(console.debug, 'DEBUG'),
  trace: consoleMethod(console.debug, 'TRACE'),
};

let level: LogLevel = LogLevel.WARN;
let logger: Logger = consoleLogger;

/** Sets the level for every client in the process (default WARN). */
export function setLogLevel(next: LogLevel): void {
  if (!Object.values(LogLevel).includes(next)) throw new RangeError(`unknown log level ${String(next)}`);
  level = next;
}

/** The current process-wide level. */
export function getLogLevel(): LogLevel {
  return level;
}

/** Replaces the logger for every client in the process. */
export function setLogger(next: Logger): void {
  logger = next;
}

/** Internal: true when messages of `at` would be written; check before building them. */
export function logEnabled(at: LogLevel): boolean {
  return at <= level;
}

/** Internal: writes a message at `at` when enabled. */
export function log(at: LogLevel, msg: string, fields?: object): void {
  if (at > level || at === LogLevel.OFF) return;
  const method =
    at === LogLevel.ERROR
      ? logger.error
      : at === LogLevel.WARN
        ? logger.warn
        : at === LogLevel.INFO
          ? logger.info
          : at === LogLevel.DEBUG
            ? logger.debug
            : logger.trace;
  if (fields === undefined) method.call(logger, msg);
  else method.call(logger, fields, msg);
}
