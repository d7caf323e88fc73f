/**
 * Client configuration: what a user passes ({@link ClientConfig}), what the
 * client runs with ({@link ResolvedConfig}), and {@link resolveConfig}, which
 * validates the one and produces the other once, when the client is created.
 *
 * Field names follow aerospike-py's `ClientConfig` in camelCase; defaults and
 * semantics follow the official Java client's `ClientPolicy` unless a field's
 * TSDoc says otherwise.
 *
 * @packageDocumentation
 */

import { type Connector, defaultConnector } from './net/connection.js';
import { isIPv6 } from 'node:net';
import type { SecureVersion } from 'node:tls';
import { inspect } from 'node:util';
import { invalidArgument } from './errors.js';
import { MAX_TIMEOUT_MS } from './policy/defaults.js';
import { describeValue, resolvePolicyDefaults, unknownOptionMessage } from './policy/merge.js';
import type { PolicyDefaults, ReadPolicyInput, WritePolicyInput } from './policy/types.js';

/** Port a seed host gets when none is given: the Aerospike service port. */
export const DEFAULT_PORT = 3000;

/** Address of one seed node. */
export interface Host {
  /** Host name, IPv4 address or IPv6 address (without brackets). */
  host: string;
  /** Service port, 1-65535. */
  port: number;
  /**
   * Name the node's TLS certificate must carry. Used only when `tls` is set;
   * when omitted then, it defaults to `clusterName` if set, else to `host`
   * (as in the official clients), which may be an IP literal.
   */
  tlsName?: string;
}

/** How the client authenticates to the cluster. */
export const AuthMode = {
  /** Server-side users; only a hash of the password is sent. The default. */
  INTERNAL: 'internal',
  /**
   * External authentication (e.g. LDAP) configured on the server. The password
   * is sent in clear text at login, so `tls` is required.
   */
  EXTERNAL: 'external',
  /**
   * External authentication that sends the clear-text password even without
   * TLS. Anyone on the network path can read it: for testing only.
   */
  EXTERNAL_INSECURE: 'externalInsecure',
  /**
   * The TLS client certificate identifies the user (server 5.7+); no user or
   * password. Requires `tls.cert` and `tls.key`.
   */
  PKI: 'pki',
} as const;
/** @see {@link AuthMode} */
export type AuthMode = (typeof AuthMode)[keyof typeof AuthMode];

/**
 * TLS settings. Certificates and keys are PEM contents (strings or Buffers),
 * as Node's `tls.connect` takes them, not file paths: read the files first.
 */
export interface TlsConfig {
  /** Certificate authorities to trust; default: Node's bundled root CAs. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Client certificate chain, for mutual TLS and `authMode: 'pki'`. Requires `key`. */
  cert?: string | Buffer;
  /** Private key of `cert`. Requires `cert`. */
  key?: string | Buffer;
  /** Passphrase of an encrypted `key`. */
  passphrase?: string;
  /**
   * Verify the server's certificate against `ca` and the host's `tlsName`.
   * Default: true. Turning it off accepts any certificate, including an
   * attacker's.
   */
  rejectUnauthorized?: boolean;
  /**
   * Oldest TLS version to accept: 'TLSv1', 'TLSv1.1', 'TLSv1.2' or 'TLSv1.3'.
   * Default: 'TLSv1.2' (the Java client allows TLSv1.2 only by default; 1.3 is
   * allowed here as well).
   */
  minVersion?: string;
}

/**
 * Client configuration as the user writes it. Only `hosts` is required.
 *
 * Any field may also be `null`, which means the same as leaving it out (handy
 * for configurations read from JSON or the environment).
 */
export interface ClientConfig {
  /**
   * Seed nodes; the client discovers the rest of the cluster from any one of
   * them. Accepted forms, mixable in an array:
   * - `"host"`, `"host:port"`, `"host:tlsName:port"`, `"host:tlsName"`;
   * - IPv6 in brackets: `"[::1]"`, `"[::1]:3000"`, `"[::1]:tlsName:3000"`;
   * - several of those separated by commas: `"a:3000,b:3000"`;
   * - `{ host, port, tlsName? }` objects and `[host, port]` tuples (aerospike-py).
   *
   * The port defaults to {@link DEFAULT_PORT} (3000). `"host:tlsName"` needs
   * `tls`: without it, the part after the colon must be a port.
   */
  hosts: string | Array<string | Host | [string, number]>;
  /**
   * Expected cluster name. When set, a seed or discovered node that reports a
   * different `cluster-name` is not added, which keeps a client from joining
   * the wrong cluster. Default: unset (no check); `""` also means unset.
   */
  clusterName?: string | null;
  /** How to authenticate. Default: {@link AuthMode.INTERNAL}. */
  authMode?: AuthMode;
  /** User name; requires `password`. Default: unset (no authentication). */
  user?: string;
  /** Password of `user`; requires `user`. Default: unset. */
  password?: string;
  /**
   * Timeout, in ms, for opening a connection to a node and for each info call
   * of cluster tending, including the initial connect. Java
   * `ClientPolicy.timeout`, aerospike-py `timeout`. Default: 1000.
   */
  timeout?: number;
  /**
   * Timeout, in ms, of the login exchange on a new connection when
   * authentication is enabled (Java `ClientPolicy.loginTimeout`). Default: 5000.
   */
  loginTimeout?: number;
  /**
   * Maximum time, in SECONDS, a pooled connection may sit idle before it is
   * discarded rather than reused (Java `maxSocketIdle`, aerospike-py
   * `idle_timeout`). Keep it a few seconds below the server's
   * `proto-fd-idle-ms`, so the client never picks a socket the server has
   * already closed. 0 disables the idle check (use it when the server does not
   * reap idle sockets, e.g. with `minConnsPerNode` > 0). Default: 55.
   */
  idleTimeout?: number;
  /**
   * Maximum connections to each node. A command that needs a connection when
   * all are busy fails with NO_MORE_CONNECTIONS (after retries). Default: 100.
   */
  maxConnsPerNode?: number;
  /**
   * Connections opened to each node in advance and kept open, so a burst does
   * not pay for connection setup. Must not exceed `maxConnsPerNode`. Default: 0.
   */
  minConnsPerNode?: number;
  /**
   * Connection pools per node; `maxConnsPerNode` and `minConnsPerNode` are
   * split evenly between them. Multiple pools reduce lock contention in
   * multi-threaded clients; with a single event loop, 1 is normally right.
   * Must not exceed `maxConnsPerNode`. Default: 1.
   */
  connPoolsPerNode?: number;
  /** Interval, in ms, between cluster tends (membership and partition map refresh). Minimum 10. Default: 1000. */
  tendInterval?: number;
  /**
   * Ask nodes for `services-alternate` (their configured external addresses)
   * instead of `services` when discovering peers; useful when the client is
   * outside the servers' network (NAT, containers). Default: false.
   */
  useServicesAlternate?: boolean;
  /** TLS settings; TLS is off when unset. Default: unset. */
  tls?: TlsConfig;
  /**
   * Track each node's rack so reads with `replica: PREFER_RACK` go to a
   * replica on the client's rack (`rackIds`). Default: false.
   */
  rackAware?: boolean;
  /**
   * Racks of this client, in order of preference: nodes on `rackIds[0]` are
   * preferred, then `rackIds[1]`, and so on. Default: `[0]` (Java `rackId` 0).
   */
  rackIds?: number[];
  /**
   * Opens sockets. Defaults to `net.connect` / `tls.connect`; replace it to
   * route connections elsewhere or to inject faults in tests.
   */
  connector?: Connector;
  /**
   * Maximum commands in flight at once for this client; further commands wait
   * in a queue for a free slot (aerospike-py `max_concurrent_operations`).
   * Keeps a large fan-out from exhausting connection pools. 0 = no limit.
   * Default: 0.
   */
  maxConcurrentOperations?: number;
  /**
   * Maximum time, in ms, a command waits in that queue before failing with a
   * backpressure error (aerospike-py `operation_queue_timeout_ms`). Only used
   * when `maxConcurrentOperations` > 0. 0 = wait indefinitely. Default: 0.
   */
  operationQueueTimeout?: number;
  /**
   * Client-wide policy defaults, layered over the built-in ones
   * (`DEFAULT_READ_POLICY`, `DEFAULT_WRITE_POLICY`); a policy passed to a call
   * is layered over these in turn. Default: the built-in policies.
   */
  policies?: { read?: ReadPolicyInput; write?: WritePolicyInput };
}

/** {@link TlsConfig} after validation, with defaults applied. */
export interface ResolvedTlsConfig {
  readonly ca: string | Buffer | ReadonlyArray<string | Buffer> | undefined;
  readonly cert: string | Buffer | undefined;
  readonly key: string | Buffer | undefined;
  readonly passphrase: string | undefined;
  readonly rejectUnauthorized: boolean;
  readonly minVersion: SecureVersion;
}

/**
 * Validated configuration with every default applied. Produced once by
 * {@link resolveConfig} and frozen; reading it costs nothing extra.
 *
 * Logging it is safe: `JSON.stringify` and `console.log`/`util.inspect`
 * show `password`, `tls.key` and `tls.passphrase` as `[redacted]`. The
 * properties themselves hold the real values.
 */
export interface ResolvedConfig {
  /** Seed hosts, at least one. When `tls` is set, every host has a `tlsName`. */
  readonly hosts: readonly Host[];
  /** Expected cluster name, or undefined for no check. */
  readonly clusterName: string | undefined;
  readonly authMode: AuthMode;
  /** User name, or undefined when authentication is off (always undefined for PKI). */
  readonly user: string | undefined;
  readonly password: string | undefined;
  /** Connect and tend info timeout, ms. */
  readonly timeout: number;
  /** Login timeout, ms. */
  readonly loginTimeout: number;
  /** Idle limit of pooled connections, SECONDS; 0 = no idle check. */
  readonly idleTimeout: number;
  readonly maxConnsPerNode: number;
  readonly minConnsPerNode: number;
  readonly connPoolsPerNode: number;
  /** ms. */
  readonly tendInterval: number;
  readonly useServicesAlternate: boolean;
  /** TLS settings, or undefined when TLS is off. */
  readonly tls: ResolvedTlsConfig | undefined;
  readonly rackAware: boolean;
  readonly rackIds: readonly number[];
  /** Socket factory. */
  readonly connector: Connector;
  /** 0 = unlimited. */
  readonly maxConcurrentOperations: number;
  /** ms; 0 = wait indefinitely. */
  readonly operationQueueTimeout: number;
  /** Client-wide policy defaults (built-in defaults plus `config.policies`). */
  readonly policies: Readonly<PolicyDefaults>;
}

/**
 * Defaults of every optional {@link ClientConfig} field that has one.
 * `clusterName`, `user`, `password` and `tls` default to unset.
 */
export const CONFIG_DEFAULTS = Object.freeze({
  authMode: AuthMode.INTERNAL as AuthMode,
  timeout: 1_000,
  loginTimeout: 5_000,
  idleTimeout: 55,
  maxConnsPerNode: 100,
  minConnsPerNode: 0,
  connPoolsPerNode: 1,
  tendInterval: 1_000,
  useServicesAlternate: false,
  rackAware: false,
  rackIds: Object.freeze([0]) as readonly number[],
  maxConcurrentOperations: 0,
  operationQueueTimeout: 0,
});

const TLS_DEFAULTS = { rejectUnauthorized: true, minVersion: 'TLSv1.2' as SecureVersion };

const CONFIG_KEYS: ReadonlySet<string> = new Set([
  'hosts',
  'clusterName',
  'authMode',
  'user',
  'password',
  'timeout',
  'loginTimeout',
  'idleTimeout',
  'maxConnsPerNode',
  'minConnsPerNode',
  'connPoolsPerNode',
  'tendInterval',
  'useServicesAlternate',
  'tls',
  'rackAware',
  'rackIds',
  'connector',
  'maxConcurrentOperations',
  'operationQueueTimeout',
  'policies',
] satisfies Array<keyof ClientConfig>);

/** Java `ClientPolicy` and aerospike-py names that differ from ours by more than case. */
const CONFIG_ALIASES: Readonly<Record<string, string>> = {
  maxSocketIdle: 'idleTimeout',
  tlsPolicy: 'tls',
  rackId: 'rackIds',
  readPolicyDefault: 'policies.read',
  writePolicyDefault: 'policies.write',
  operationQueueTimeoutMs: 'operationQueueTimeout',
  host: 'hosts',
  seeds: 'hosts',
};

const TLS_KEYS: ReadonlySet<string> = new Set([
  'ca',
  'cert',
  'key',
  'passphrase',
  'rejectUnauthorized',
  'minVersion',
] satisfies Array<keyof TlsConfig>);

/** Option names of the C-based clients' TLS config, which take file paths where we take contents. */
const TLS_ALIASES: Readonly<Record<string, string>> = {
  cafile: 'ca (PEM contents: read the file first)',
  capath: 'ca (PEM contents: read the files first)',
  certfile: 'cert (PEM contents: read the file first)',
  keyfile: 'key (PEM contents: read the file first)',
  keyfilePassword: 'passphrase',
  protocols: 'minVersion',
  enable: 'a tls object (its presence turns TLS on)',
};

const TLS_VERSIONS: ReadonlySet<string> = new Set(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] satisfies SecureVersion[]);

const HOST_KEYS: ReadonlySet<string> = new Set(['host', 'port', 'tlsName'] satisfies Array<keyof Host>);
const HOST_ALIASES: Readonly<Record<string, string>> = { addr: 'host', address: 'host', name: 'host', hostname: 'host' };

const AUTH_MODES: ReadonlySet<string> = new Set(Object.values(AuthMode));

// Deliberately strict: a typo'd or URL-shaped host should fail here with a
// clear message rather than later as a DNS error.
const HOST_NAME = /^[A-Za-z0-9._-]+$/;
const TLS_NAME = /^[^\s:,/[\]]+$/;

type Input = Record<string, unknown>;

function isPlainObject(value: unknown): value is Input {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** Value of `key`, with `null` folded into `undefined`. */
function get(input: Input, key: string): unknown {
  const value = input[key];
  return value === null ? undefined : value;
}

function integer(input: Input, key: string, fallback: number, min: number, max: number, unit = ''): number {
  const value = get(input, key);
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw invalidArgument(`config.${key}`, `must be an integer ${range}${unit}, got ${describeValue(value)}`);
  }
  return value;
}

function boolean(input: Input, key: string, fallback: boolean, where = `config.${key}`): boolean {
  const value = get(input, key);
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalidArgument(where, `must be true or false, got ${describeValue(value)}`);
  return value;
}

/** A string option; `""` counts as unset. Never echoes the value, which may be a secret. */
function optionalString(input: Input, key: string): string | undefined {
  const value = get(input, key);
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw invalidArgument(`config.${key}`, `must be a string, got ${typeof value}`);
  return value;
}

function checkKeys(input: Input, known: ReadonlySet<string>, where: string, aliases?: Record<string, string>): void {
  for (const key of Object.keys(input)) {
    if (!known.has(key)) throw invalidArgument(`${where}.${key}`, unknownOptionMessage(key, known, aliases));
  }
}

function parsePort(text: string, entry: string, where: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    throw invalidArgument(where, `port must be 1-65535, got ${describeValue(text)} in ${describeValue(entry)}`);
  }
  return Number(text);
}

function parseHostEntry(entry: string, defaultPort: number, where: string, tls: boolean | undefined): Host {
  let host: string;
  let rest: string[];
  if (entry.startsWith('[')) {
    const close = entry.indexOf(']');
    if (close < 0) throw invalidArgument(where, `missing ']' in ${describeValue(entry)}`);
    host = entry.slice(1, close);
    if (!isIPv6(host)) throw invalidArgument(where, `${describeValue(host)} in brackets is not an IPv6 address`);
    const tail = entry.slice(close + 1);
    if (tail !== '' && !tail.startsWith(':')) {
      throw invalidArgument(where, `expected ':' after ']' in ${describeValue(entry)}`);
    }
    rest = tail === '' ? [] : tail.slice(1).split(':');
  } else {
    if (isIPv6(entry) || entry.split(':').length > 3) {
      throw invalidArgument(
        where,
        `${describeValue(entry)}: put IPv6 addresses in brackets, e.g. "[::1]:3000", so the port is unambiguous`,
      );
    }
    const parts = entry.split(':');
    host = parts[0]!;
    rest = parts.slice(1);
    if (!HOST_NAME.test(host)) {
      throw invalidArgument(where, `${describeValue(host)} is not a valid host name or address in ${describeValue(entry)}`);
    }
  }

  let tlsName: string | undefined;
  let port = defaultPort;
  if (rest.length === 1) {
    const token = rest[0]!;
    // The official clients' rule: a token starting with a digit is a port, anything else a TLS name.
    // Without TLS a TLS name means nothing, so the token can only be a port.
    if (/^\d/.test(token)) port = parsePort(token, entry, where);
    else if (tls === false) {
      throw invalidArgument(where, `${describeValue(entry)} has port ${describeValue(token)}, expected 1-65535 (or set tls to use it as a TLS name)`);
    } else tlsName = token;
  } else if (rest.length === 2) {
    tlsName = rest[0]!;
    port = parsePort(rest[1]!, entry, where);
  }
  if (tlsName !== undefined && !TLS_NAME.test(tlsName)) {
    throw invalidArgument(where, `TLS name ${describeValue(tlsName)} is not valid in ${describeValue(entry)}`);
  }
  return tlsName === undefined ? { host, port } : { host, port, tlsName };
}

/**
 * Parses a seed list such as `"a:3000,b:tls-b:4333,[::1]:3000"`.
 *
 * Each comma-separated entry is `host[:tlsName][:port]`, where an IPv6 host
 * must be in brackets and a bare second part is a port when it starts with a
 * digit and a TLS name otherwise (as in the official clients). Whitespace
 * around entries is ignored.
 *
 * @param where - field name for error messages.
 * @param tls - whether the client uses TLS. When `false`, a second part
 *   that is not a port is an error rather than a TLS name; when `true` or
 *   omitted, the rule above applies.
 * @throws InvalidArgumentError naming `where` for an empty entry, a bad port,
 *   an unbracketed IPv6 address or an invalid host name.
 */
export function parseHosts(text: string, defaultPort = DEFAULT_PORT, where = 'config.hosts', tls?: boolean): Host[] {
  const hosts: Host[] = [];
  let start = 0;
  let inBrackets = false;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === '[') inBrackets = true;
    else if (c === ']') inBrackets = false;
    else if (c === undefined || (c === ',' && !inBrackets)) {
      const entry = text.slice(start, i).trim();
      if (entry === '') throw invalidArgument(where, `empty host entry in ${describeValue(text)}`);
      hosts.push(parseHostEntry(entry, defaultPort, where, tls));
      start = i + 1;
    }
  }
  return hosts;
}

function hostName(value: unknown, where: string): string {
  if (typeof value !== 'string') throw invalidArgument(where, `must be a string, got ${describeValue(value)}`);
  const bare = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (isIPv6(bare) || HOST_NAME.test(bare)) return bare;
  if (bare.includes(':')) {
    throw invalidArgument(where, `${describeValue(value)} must be a host name or address only; give the port separately`);
  }
  throw invalidArgument(where, `${describeValue(value)} is not a valid host name or address`);
}

function portNumber(value: unknown, where: string): number {
  if (value === undefined || value === null) return DEFAULT_PORT;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    throw invalidArgument(where, `must be an integer from 1 to 65535, got ${describeValue(value)}`);
  }
  return value;
}

function resolveHosts(value: unknown, tls: boolean): Host[] {
  if (value === undefined) throw invalidArgument('config.hosts', 'is required: list at least one seed node');
  if (typeof value === 'string') return parseHosts(value, DEFAULT_PORT, 'config.hosts', tls);
  if (!Array.isArray(value)) {
    throw invalidArgument('config.hosts', `must be a string or an array, got ${describeValue(value)}`);
  }
  const hosts: Host[] = [];
  value.forEach((item: unknown, i) => {
    const where = `config.hosts[${i}]`;
    if (typeof item === 'string') {
      hosts.push(...parseHosts(item, DEFAULT_PORT, where, tls));
    } else if (Array.isArray(item)) {
      if (item.length !== 2) {
        throw invalidArgument(where, `a tuple must be [host, port], got ${item.length} elements`);
      }
      hosts.push({ host: hostName(item[0], `${where}[0]`), port: portNumber(item[1], `${where}[1]`) });
    } else if (isPlainObject(item)) {
      checkKeys(item, HOST_KEYS, where, HOST_ALIASES);
      const host: Host = { host: hostName(item.host, `${where}.host`), port: portNumber(item.port, `${where}.port`) };
      const tlsName = get(item, 'tlsName');
      if (tlsName !== undefined) {
        if (typeof tlsName !== 'string' || !TLS_NAME.test(tlsName)) {
          throw invalidArgument(`${where}.tlsName`, `must be a non-empty name without spaces, got ${describeValue(tlsName)}`);
        }
        host.tlsName = tlsName;
      }
      hosts.push(host);
    } else {
      throw invalidArgument(where, `must be a "host:port" string, a { host, port } object or a [host, port] tuple, got ${describeValue(item)}`);
    }
  });
  if (hosts.length === 0) throw invalidArgument('config.hosts', 'is empty: list at least one seed node');
  return hosts;
}

type Pem = string | Buffer;

function isPem(value: Pem): boolean {
  return typeof value === 'string'
    ? value.includes('-----BEGIN')
    : Buffer.from(value.buffer, value.byteOffset, value.byteLength).includes('-----BEGIN');
}

/** Checks a PEM field; never echoes its contents, which may be a private key. */
function pem(value: unknown, where: string): Pem {
  if (typeof value !== 'string' && !(value instanceof Uint8Array)) {
    throw invalidArgument(where, `must be PEM contents as a string or Buffer, got ${describeValue(value)}`);
  }
  const contents = value as Pem;
  if (!isPem(contents)) {
    const hint = typeof value === 'string' && value.length < 4096 && !value.includes('\n') ? ' (looks like a file path: pass the file contents)' : '';
    throw invalidArgument(where, `must be PEM contents ('-----BEGIN ...')${hint}`);
  }
  return contents;
}

function resolveTls(value: unknown): ResolvedTlsConfig | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw invalidArgument('config.tls', `must be an object, got ${describeValue(value)}`);
  checkKeys(value, TLS_KEYS, 'config.tls', TLS_ALIASES);

  let ca: ResolvedTlsConfig['ca'];
  const rawCa = get(value, 'ca');
  if (Array.isArray(rawCa)) {
    if (rawCa.length === 0) throw invalidArgument('config.tls.ca', 'is an empty array; omit it to use the default CAs');
    ca = Object.freeze(rawCa.map((item: unknown, i) => pem(item, `config.tls.ca[${i}]`)));
  } else if (rawCa !== undefined) {
    ca = pem(rawCa, 'config.tls.ca');
  }
  const rawCert = get(value, 'cert');
  const rawKey = get(value, 'key');
  const cert = rawCert === undefined ? undefined : pem(rawCert, 'config.tls.cert');
  const key = rawKey === undefined ? undefined : pem(rawKey, 'config.tls.key');
  if (cert !== undefined && key === undefined) throw invalidArgument('config.tls.key', 'is required when tls.cert is set');
  if (key !== undefined && cert === undefined) throw invalidArgument('config.tls.cert', 'is required when tls.key is set');
  const passphrase = get(value, 'passphrase');
  if (passphrase !== undefined && typeof passphrase !== 'string') {
    throw invalidArgument('config.tls.passphrase', `must be a string, got ${typeof passphrase}`);
  }
  const minVersion = get(value, 'minVersion') ?? TLS_DEFAULTS.minVersion;
  if (typeof minVersion !== 'string' || !TLS_VERSIONS.has(minVersion)) {
    throw invalidArgument('config.tls.minVersion', `must be one of ${[...TLS_VERSIONS].join(', ')}, got ${describeValue(minVersion)}`);
  }
  return Object.freeze({
    ca,
    cert,
    key,
    passphrase,
    rejectUnauthorized: boolean(value, 'rejectUnauthorized', TLS_DEFAULTS.rejectUnauthorized, 'config.tls.rejectUnauthorized'),
    minVersion: minVersion as SecureVersion,
  });
}

function resolveRackIds(value: unknown): readonly number[] {
  if (value === undefined) return CONFIG_DEFAULTS.rackIds;
  if (!Array.isArray(value) || value.length === 0) {
    throw invalidArgument('config.rackIds', `must be a non-empty array of rack ids, got ${describeValue(value)}`);
  }
  value.forEach((id: unknown, i) => {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > 0x7fffffff) {
      throw invalidArgument(`config.rackIds[${i}]`, `must be an integer >= 0, got ${describeValue(id)}`);
    }
  });
  return Object.freeze([...(value as number[])]);
}

const REDACTED = '[redacted]';

function redacted(this: ResolvedConfig): object {
  const tls = this.tls && {
    ...this.tls,
    key: this.tls.key === undefined ? undefined : REDACTED,
    passphrase: this.tls.passphrase === undefined ? undefined : REDACTED,
  };
  return { ...this, password: this.password === undefined ? undefined : REDACTED, tls };
}

/**
 * Validates a {@link ClientConfig} and applies every default. A string is
 * taken as `hosts`, so `resolveConfig('127.0.0.1:3000')` works.
 *
 * Call it once per client; the result is frozen and shares the frozen
 * built-in policy objects when `policies` overrides nothing.
 *
 * @throws InvalidArgumentError naming the offending field as `config.<field>`
 *   (e.g. `config.maxConnsPerNode`, `config.hosts[1]`,
 *   `config.policies.read.totalTimeout`) for: an unknown option (with a
 *   suggestion for near misses, snake_case and Java names); a value of the
 *   wrong type; a negative, fractional or out-of-range number; a port outside
 *   1-65535; a `"host:name"` seed whose second part is not a port when `tls`
 *   is unset; no hosts; `minConnsPerNode` or `connPoolsPerNode` above
 *   `maxConnsPerNode`; `user` without `password` or the reverse; `user` or
 *   `password` with `authMode: 'pki'`; `authMode: 'external'` or `'pki'`
 *   without `tls`; `'pki'` without `tls.cert`/`tls.key`; `tendInterval`
 *   below 10 ms; a timeout above 2^31-1 ms.
 */
export function resolveConfig(input: ClientConfig | string): ResolvedConfig {
  if (typeof input === 'string') return resolveConfig({ hosts: input });
  if (!isPlainObject(input)) {
    throw invalidArgument('config', `must be an object or a hosts string, got ${describeValue(input)}`);
  }
  const config = input as unknown as Input;
  checkKeys(config, CONFIG_KEYS, 'config', CONFIG_ALIASES);

  // Whether TLS is on decides how "host:name" reads; the tls option itself is validated below.
  const rawTls = get(config, 'tls');
  const hosts = resolveHosts(get(config, 'hosts'), rawTls !== undefined && rawTls !== null);

  const clusterName = get(config, 'clusterName');
  if (clusterName !== undefined && typeof clusterName !== 'string') {
    throw invalidArgument('config.clusterName', `must be a string, got ${describeValue(clusterName)}`);
  }

  const authMode = get(config, 'authMode') ?? CONFIG_DEFAULTS.authMode;
  if (typeof authMode !== 'string' || !AUTH_MODES.has(authMode)) {
    const allowed = [...AUTH_MODES].map((m) => `'${m}'`).join(', ');
    throw invalidArgument('config.authMode', `must be one of ${allowed}, got ${describeValue(authMode)}`);
  }

  const tls = resolveTls(rawTls);

  const user = optionalString(config, 'user');
  const password = optionalString(config, 'password');
  if (authMode === AuthMode.PKI) {
    if (user !== undefined || password !== undefined) {
      throw invalidArgument(
        user !== undefined ? 'config.user' : 'config.password',
        "is not used with authMode 'pki': the client certificate identifies the user",
      );
    }
    if (tls === undefined) {
      throw invalidArgument('config.authMode', "'pki' authenticates with a TLS client certificate: set tls.cert and tls.key");
    }
    if (tls.cert === undefined) {
      throw invalidArgument('config.tls.cert', "is required with authMode 'pki' (together with tls.key)");
    }
  } else {
    if (user !== undefined && password === undefined) throw invalidArgument('config.password', 'is required when config.user is set');
    if (password !== undefined && user === undefined) throw invalidArgument('config.user', 'is required when config.password is set');
    if (authMode === AuthMode.EXTERNAL && tls === undefined) {
      throw invalidArgument(
        'config.authMode',
        "'external' sends the password in clear text at login, so it requires tls; use 'externalInsecure' to allow that without TLS",
      );
    }
  }

  const d = CONFIG_DEFAULTS;
  const maxConnsPerNode = integer(config, 'maxConnsPerNode', d.maxConnsPerNode, 1, 0x7fffffff);
  const minConnsPerNode = integer(config, 'minConnsPerNode', d.minConnsPerNode, 0, 0x7fffffff);
  if (minConnsPerNode > maxConnsPerNode) {
    throw invalidArgument('config.minConnsPerNode', `(${minConnsPerNode}) must not exceed config.maxConnsPerNode (${maxConnsPerNode})`);
  }
  const connPoolsPerNode = integer(config, 'connPoolsPerNode', d.connPoolsPerNode, 1, 0x7fffffff);
  if (connPoolsPerNode > maxConnsPerNode) {
    // The pools split maxConnsPerNode between them; more pools than connections leaves pools that can never connect.
    throw invalidArgument('config.connPoolsPerNode', `(${connPoolsPerNode}) must not exceed config.maxConnsPerNode (${maxConnsPerNode})`);
  }

  const withTlsNames = tls === undefined ? hosts : hosts.map((h) => (h.tlsName === undefined ? { ...h, tlsName: clusterName || h.host } : h));

  const resolved: ResolvedConfig = {
    hosts: Object.freeze(withTlsNames.map((h) => Object.freeze(h))),
    clusterName: clusterName === '' ? undefined : clusterName,
    authMode: authMode as AuthMode,
    user,
    password,
    timeout: integer(config, 'timeout', d.timeout, 1, MAX_TIMEOUT_MS, ' (ms)'),
    loginTimeout: integer(config, 'loginTimeout', d.loginTimeout, 1, MAX_TIMEOUT_MS, ' (ms)'),
    idleTimeout: integer(config, 'idleTimeout', d.idleTimeout, 0, Math.floor(MAX_TIMEOUT_MS / 1000), ' (seconds)'),
    maxConnsPerNode,
    minConnsPerNode,
    connPoolsPerNode,
    tendInterval: integer(config, 'tendInterval', d.tendInterval, 10, MAX_TIMEOUT_MS, ' (ms)'),
    useServicesAlternate: boolean(config, 'useServicesAlternate', d.useServicesAlternate),
    tls,
    rackAware: boolean(config, 'rackAware', d.rackAware),
    rackIds: resolveRackIds(get(config, 'rackIds')),
    connector: connectorOption(config.connector),
    maxConcurrentOperations: integer(config, 'maxConcurrentOperations', d.maxConcurrentOperations, 0, Number.MAX_SAFE_INTEGER),
    operationQueueTimeout: integer(config, 'operationQueueTimeout', d.operationQueueTimeout, 0, MAX_TIMEOUT_MS, ' (ms)'),
    policies: Object.freeze(
      resolvePolicyDefaults(get(config, 'policies') as ClientConfig['policies'], 'config.policies'),
    ),
  };
  // Non-enumerable, so spreading or iterating the config does not pick them up.
  Object.defineProperty(resolved, 'toJSON', { value: redacted });
  Object.defineProperty(resolved, inspect.custom, { value: redacted });
  return Object.freeze(resolved);
}

function connectorOption(value: unknown): Connector {
  if (value === undefined || value === null) return defaultConnector;
  if (typeof value !== 'function') throw invalidArgument('config.connector', `must be a function, got ${describeValue(value)}`);
  return value as Connector;
}
