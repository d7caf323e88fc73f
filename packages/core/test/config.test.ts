import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AuthMode, CONFIG_DEFAULTS, type ClientConfig, parseHosts, resolveConfig } from '../src/config.js';
import { InvalidArgumentError } from '../src/errors.js';
import { DEFAULT_READ_POLICY, DEFAULT_WRITE_POLICY } from '../src/policy/defaults.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const CERT = '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';

/** Asserts that resolving `config` throws InvalidArgumentError whose message names `field`. */
function rejects(config: unknown, field: string, text?: string | RegExp): InvalidArgumentError {
  let caught: unknown;
  try {
    resolveConfig(config as ClientConfig);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(InvalidArgumentError);
  const error = caught as InvalidArgumentError;
  expect(error.message).toContain(field);
  if (text !== undefined) expect(error.message).toMatch(text);
  return error;
}

describe('hosts', () => {
  it('parses a single host with and without port', () => {
    expect(resolveConfig('db1:3100').hosts).toEqual([{ host: 'db1', port: 3100 }]);
    expect(resolveConfig('db1').hosts).toEqual([{ host: 'db1', port: 3000 }]);
    expect(resolveConfig({ hosts: '10.0.0.1' }).hosts).toEqual([{ host: '10.0.0.1', port: 3000 }]);
  });

  it('parses comma-separated lists, ignoring whitespace', () => {
    expect(resolveConfig(' a:3000, b ,c:3002').hosts).toEqual([
      { host: 'a', port: 3000 },
      { host: 'b', port: 3000 },
      { host: 'c', port: 3002 },
    ]);
  });

  it('parses IPv6 in brackets', () => {
    expect(parseHosts('[::1]:3000,[2001:db8::7]')).toEqual([
      { host: '::1', port: 3000 },
      { host: '2001:db8::7', port: 3000 },
    ]);
    expect(parseHosts('[fe80::1]:tls1:4333')).toEqual([{ host: 'fe80::1', port: 4333, tlsName: 'tls1' }]);
  });

  it('parses TLS names the way the official clients do', () => {
    expect(parseHosts('127.0.0.1:myname:4333')).toEqual([{ host: '127.0.0.1', port: 4333, tlsName: 'myname' }]);
    // A second part that does not start with a digit is a TLS name, not a port.
    expect(parseHosts('db:myname')).toEqual([{ host: 'db', port: 3000, tlsName: 'myname' }]);
  });

  it('accepts arrays mixing strings, objects and tuples', () => {
    const config = resolveConfig({
      hosts: ['a:3001,b', { host: 'c', port: 3003 }, { host: '[::1]', port: 3004, tlsName: 't' }, ['d', 3005]],
    });
    expect(config.hosts).toEqual([
      { host: 'a', port: 3001 },
      { host: 'b', port: 3000 },
      { host: 'c', port: 3003 },
      { host: '::1', port: 3004, tlsName: 't' },
      { host: 'd', port: 3005 },
    ]);
  });

  it('rejects bad hosts with the field name', () => {
    rejects({}, 'config.hosts', /required/);
    rejects({ hosts: [] }, 'config.hosts', /empty/);
    rejects({ hosts: '' }, 'config.hosts', /empty host entry/);
    rejects({ hosts: 'a,,b' }, 'config.hosts', /empty host entry/);
    rejects({ hosts: 'a:0' }, 'config.hosts', /port must be 1-65535/);
    rejects({ hosts: 'a:65536' }, 'config.hosts', /port/);
    rejects({ hosts: 'a:30x0' }, 'config.hosts', /port/);
    rejects({ hosts: '::1' }, 'config.hosts', /brackets/);
    rejects({ hosts: '2001:db8::1:3000' }, 'config.hosts', /brackets/);
    rejects({ hosts: '[::1' }, 'config.hosts', /\]/);
    rejects({ hosts: '[db1]:3000' }, 'config.hosts', /not an IPv6/);
    rejects({ hosts: 'http://db1:3000' }, 'config.hosts');
    rejects({ hosts: 'a:b:c:d' }, 'config.hosts');
    rejects({ hosts: ['a', 42] }, 'config.hosts[1]');
    rejects({ hosts: [['a', 70000]] }, 'config.hosts[0][1]');
    rejects({ hosts: [['a']] }, 'config.hosts[0]', /tuple/);
    rejects({ hosts: [{ host: 'a', port: 1.5 }] }, 'config.hosts[0].port');
    rejects({ hosts: [{ host: 'a:3000', port: 3000 }] }, 'config.hosts[0].host', /port separately/);
    rejects({ hosts: [{ addr: 'a', port: 3000 }] }, 'config.hosts[0].addr', /did you mean host/);
    rejects({ hosts: 3000 }, 'config.hosts');
  });

  it('without TLS, the part after "host:" must be a port, not a TLS name', () => {
    const error = rejects({ hosts: 'host:-1' }, 'config.hosts');
    expect(error.message).toBe('config.hosts: "host:-1" has port "-1", expected 1-65535 (or set tls to use it as a TLS name)');
    rejects({ hosts: 'db:myname' }, 'config.hosts', /"db:myname" has port "myname", expected 1-65535/);
    rejects({ hosts: 'a:3000,[::1]:tls1' }, 'config.hosts', /"\[::1\]:tls1" has port "tls1"/);
    rejects({ hosts: ['a', 'b:x'] }, 'config.hosts[1]', /"b:x" has port "x"/);
    rejects({ hosts: 'db:myname', tls: null } as never, 'config.hosts', /port "myname"/);
    // A TLS name before a port is unused without TLS, and still accepted.
    expect(resolveConfig({ hosts: 'db:myname:3100' }).hosts).toEqual([{ host: 'db', port: 3100, tlsName: 'myname' }]);
    expect(() => parseHosts('db:myname', 3000, 'seeds', false)).toThrow(/^seeds: "db:myname" has port "myname"/);
    expect(parseHosts('db:3100', 3000, 'seeds', false)).toEqual([{ host: 'db', port: 3100 }]);
  });

  it('with TLS, "host:tlsName" stays a TLS name', () => {
    expect(resolveConfig({ hosts: 'host:tlsName', tls: {} }).hosts).toEqual([{ host: 'host', port: 3000, tlsName: 'tlsName' }]);
    expect(resolveConfig({ hosts: ['a:ta', { host: 'b', port: 3001 }], tls: {} }).hosts).toEqual([
      { host: 'a', port: 3000, tlsName: 'ta' },
      { host: 'b', port: 3001, tlsName: 'b' },
    ]);
    expect(parseHosts('db:myname', 3000, 'seeds', true)).toEqual([{ host: 'db', port: 3000, tlsName: 'myname' }]);
  });

  it('fills TLS names when TLS is on: cluster name first, then host', () => {
    const plain = resolveConfig({ hosts: 'a,b:tb:4333', tls: {} });
    expect(plain.hosts).toEqual([
      { host: 'a', port: 3000, tlsName: 'a' },
      { host: 'b', port: 4333, tlsName: 'tb' },
    ]);
    const named = resolveConfig({ hosts: 'a', clusterName: 'prod', tls: {} });
    expect(named.hosts[0]?.tlsName).toBe('prod');
    expect(resolveConfig({ hosts: 'a' }).hosts[0]).not.toHaveProperty('tlsName');
  });
});

describe('defaults', () => {
  it('match the documented values', () => {
    const config = resolveConfig('localhost');
    expect(config).toMatchObject({
      clusterName: undefined,
      authMode: 'internal',
      user: undefined,
      password: undefined,
      timeout: 1000,
      loginTimeout: 5000,
      idleTimeout: 55,
      maxConnsPerNode: 100,
      minConnsPerNode: 0,
      connPoolsPerNode: 1,
      tendInterval: 1000,
      useServicesAlternate: false,
      tls: undefined,
      rackAware: false,
      rackIds: [0],
      maxConcurrentOperations: 0,
      operationQueueTimeout: 0,
    });
    expect(CONFIG_DEFAULTS).toMatchObject({ timeout: 1000, idleTimeout: 55, maxConnsPerNode: 100 });
  });

  it('shares the built-in policies when none are configured', () => {
    const config = resolveConfig('localhost');
    expect(config.policies.read).toBe(DEFAULT_READ_POLICY);
    expect(config.policies.write).toBe(DEFAULT_WRITE_POLICY);
  });

  it('applies TLS defaults', () => {
    const { tls } = resolveConfig({ hosts: 'a', tls: { ca: CA } });
    expect(tls).toEqual({
      ca: CA,
      cert: undefined,
      key: undefined,
      passphrase: undefined,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    });
  });

  it('treats null and empty strings as unset', () => {
    const config = resolveConfig({ hosts: 'a', clusterName: null, user: '', password: '', timeout: null } as never);
    expect(config.clusterName).toBeUndefined();
    expect(config.user).toBeUndefined();
    expect(config.timeout).toBe(1000);
    expect(resolveConfig({ hosts: 'a', clusterName: '' }).clusterName).toBeUndefined();
  });

  it('keeps given values', () => {
    const config = resolveConfig({
      hosts: 'a',
      clusterName: 'c1',
      user: 'u',
      password: 'p',
      timeout: 250,
      idleTimeout: 0,
      maxConnsPerNode: 8,
      minConnsPerNode: 8,
      connPoolsPerNode: 2,
      tendInterval: 10,
      rackAware: true,
      rackIds: [3, 1],
      maxConcurrentOperations: 64,
      operationQueueTimeout: 5000,
    });
    expect(config).toMatchObject({
      clusterName: 'c1',
      user: 'u',
      password: 'p',
      timeout: 250,
      idleTimeout: 0,
      maxConnsPerNode: 8,
      minConnsPerNode: 8,
      connPoolsPerNode: 2,
      tendInterval: 10,
      rackAware: true,
      rackIds: [3, 1],
      maxConcurrentOperations: 64,
      operationQueueTimeout: 5000,
    });
  });

  it('is frozen and does not alias the input', () => {
    const input = { hosts: [{ host: 'a', port: 3000 }], rackIds: [1] };
    const config = resolveConfig(input);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.hosts)).toBe(true);
    expect(Object.isFrozen(config.policies.read)).toBe(true);
    input.rackIds.push(2);
    input.hosts[0]!.port = 4000;
    expect(config.rackIds).toEqual([1]);
    expect(config.hosts[0]?.port).toBe(3000);
  });

  it('redacts secrets when logged, but keeps them readable', () => {
    const config = resolveConfig({
      hosts: 'a',
      user: 'u',
      password: 'hunter2',
      tls: { cert: CERT, key: KEY, passphrase: 'pp' },
    });
    expect(config.password).toBe('hunter2');
    expect(config.tls?.key).toBe(KEY);
    const json = JSON.stringify(config);
    const shown = inspect(config, { depth: 5 });
    for (const text of [json, shown]) {
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('PRIVATE KEY');
      expect(text).not.toContain("'pp'");
      expect(text).toContain('[redacted]');
      expect(text).toContain('u');
    }
    // Spreading keeps the real values (no hidden data loss for code that copies the config).
    expect({ ...config }.password).toBe('hunter2');
  });
});

describe('validation', () => {
  it('rejects unknown options with a suggestion', () => {
    rejects({ hosts: 'a', maxConnPerNode: 5 }, 'config.maxConnPerNode', /did you mean maxConnsPerNode\?/);
    rejects({ hosts: 'a', max_conns_per_node: 5 }, 'config.max_conns_per_node', /did you mean maxConnsPerNode\?/);
    rejects({ hosts: 'a', idle_timeout: 5 }, 'config.idle_timeout', /did you mean idleTimeout\?/);
    rejects({ hosts: 'a', maxSocketIdle: 5 }, 'config.maxSocketIdle', /did you mean idleTimeout\?/);
    rejects({ hosts: 'a', operation_queue_timeout_ms: 5 }, 'config.operation_queue_timeout_ms', /operationQueueTimeout\?/);
    rejects({ hosts: 'a', tlsPolicy: {} }, 'config.tlsPolicy', /did you mean tls\?/);
    rejects({ hosts: 'a', frobnicate: 1 }, 'config.frobnicate', /not a known option \(known: hosts/);
    rejects({ hosts: 'a', tls: { cafile: 'x' } }, 'config.tls.cafile', /did you mean ca \(PEM contents/);
    rejects({ hosts: 'a', tls: { caa: CA } }, 'config.tls.caa', /did you mean ca\?/);
  });

  it('rejects a non-object config', () => {
    rejects(42, 'config', /must be an object/);
    rejects(null, 'config');
    rejects(['a'], 'config');
  });

  it('rejects wrong types', () => {
    rejects({ hosts: 'a', timeout: '1000' }, 'config.timeout', /integer.*"1000"/);
    rejects({ hosts: 'a', rackAware: 'yes' }, 'config.rackAware', /true or false/);
    rejects({ hosts: 'a', useServicesAlternate: null, clusterName: 5 }, 'config.clusterName', /string/);
    rejects({ hosts: 'a', user: 5, password: 'p' }, 'config.user', /string/);
    rejects({ hosts: 'a', tls: true }, 'config.tls', /object/);
    rejects({ hosts: 'a', policies: 5 }, 'config.policies');
  });

  it('never echoes a password in an error', () => {
    const error = rejects({ hosts: 'a', password: 'hunter2' }, 'config.user');
    expect(error.message).not.toContain('hunter2');
    const typed = rejects({ hosts: 'a', user: 'u', password: 12345 }, 'config.password');
    expect(typed.message).not.toContain('12345');
  });

  it('rejects negative, fractional and out-of-range numbers', () => {
    rejects({ hosts: 'a', maxConnsPerNode: -1 }, 'config.maxConnsPerNode', /-1/);
    rejects({ hosts: 'a', maxConnsPerNode: 0 }, 'config.maxConnsPerNode');
    rejects({ hosts: 'a', minConnsPerNode: 1.5 }, 'config.minConnsPerNode', /1\.5/);
    rejects({ hosts: 'a', connPoolsPerNode: 0 }, 'config.connPoolsPerNode');
    rejects({ hosts: 'a', idleTimeout: -1 }, 'config.idleTimeout', /seconds/);
    rejects({ hosts: 'a', timeout: 0 }, 'config.timeout');
    rejects({ hosts: 'a', timeout: 2 ** 31 }, 'config.timeout');
    rejects({ hosts: 'a', loginTimeout: Number.NaN }, 'config.loginTimeout', /NaN/);
    rejects({ hosts: 'a', tendInterval: 9 }, 'config.tendInterval', /from 10/);
    rejects({ hosts: 'a', maxErrorRate: 1 }, 'config.maxErrorRate');
    rejects({ hosts: 'a', maxConcurrentOperations: -5 }, 'config.maxConcurrentOperations');
    rejects({ hosts: 'a', operationQueueTimeout: Number.POSITIVE_INFINITY }, 'config.operationQueueTimeout');
    rejects({ hosts: 'a', rackIds: [] }, 'config.rackIds');
    rejects({ hosts: 'a', rackIds: [1, -2] }, 'config.rackIds[1]');
    rejects({ hosts: 'a', rackIds: 1 }, 'config.rackIds');
  });

  it('rejects inconsistent connection limits', () => {
    rejects({ hosts: 'a', minConnsPerNode: 11, maxConnsPerNode: 10 }, 'config.minConnsPerNode', /must not exceed/);
    rejects({ hosts: 'a', connPoolsPerNode: 4, maxConnsPerNode: 3 }, 'config.connPoolsPerNode', /must not exceed/);
  });

  it('checks credentials against the auth mode', () => {
    rejects({ hosts: 'a', user: 'u' }, 'config.password', /required/);
    rejects({ hosts: 'a', password: 'p' }, 'config.user', /required/);
    rejects({ hosts: 'a', authMode: 'ldap' }, 'config.authMode', /'internal'.*'pki'/);
    rejects({ hosts: 'a', authMode: 'external', user: 'u', password: 'p' }, 'config.authMode', /tls/);
    expect(
      resolveConfig({ hosts: 'a', authMode: AuthMode.EXTERNAL_INSECURE, user: 'u', password: 'p' }).authMode,
    ).toBe('externalInsecure');
    expect(
      resolveConfig({ hosts: 'a', authMode: AuthMode.EXTERNAL, user: 'u', password: 'p', tls: { ca: CA } }).authMode,
    ).toBe('external');
    rejects({ hosts: 'a', authMode: 'pki' }, 'config.authMode', /tls/);
    rejects({ hosts: 'a', authMode: 'pki', tls: { ca: CA } }, 'config.tls.cert', /pki/);
    rejects({ hosts: 'a', authMode: 'pki', user: 'u', tls: { cert: CERT, key: KEY } }, 'config.user', /pki/);
    const pki = resolveConfig({ hosts: 'a', authMode: 'pki', tls: { cert: CERT, key: KEY } });
    expect(pki.user).toBeUndefined();
    expect(pki.tls?.cert).toBe(CERT);
  });

  it('validates TLS material', () => {
    rejects({ hosts: 'a', tls: { ca: '/etc/ssl/ca.pem' } }, 'config.tls.ca', /file path/);
    rejects({ hosts: 'a', tls: { ca: [CA, 'nope'] } }, 'config.tls.ca[1]');
    rejects({ hosts: 'a', tls: { ca: [] } }, 'config.tls.ca');
    rejects({ hosts: 'a', tls: { cert: CERT } }, 'config.tls.key', /required/);
    rejects({ hosts: 'a', tls: { key: KEY } }, 'config.tls.cert', /required/);
    rejects({ hosts: 'a', tls: { minVersion: 'SSLv3' } }, 'config.tls.minVersion', /TLSv1\.2/);
    rejects({ hosts: 'a', tls: { rejectUnauthorized: 'no' } }, 'config.tls.rejectUnauthorized');
    const keyError = rejects({ hosts: 'a', tls: { cert: CERT, key: 'secret-not-pem' } }, 'config.tls.key');
    expect(keyError.message).not.toContain('secret-not-pem');
    const tls = resolveConfig({
      hosts: 'a',
      tls: { ca: [CA, Buffer.from(CA)], cert: Buffer.from(CERT), key: KEY, minVersion: 'TLSv1.3', },
    }).tls;
    expect(tls?.minVersion).toBe('TLSv1.3');
    expect(Array.isArray(tls?.ca) && tls.ca.length).toBe(2);
  });

  it('reports policy errors under config.policies', () => {
    rejects({ hosts: 'a', policies: { read: { totalTimeout: -1 } } }, 'config.policies.read.totalTimeout');
    rejects({ hosts: 'a', policies: { write: { ttl: 1.5 } } }, 'config.policies.write.ttl');
    rejects({ hosts: 'a', policies: { query: {} } }, 'config.policies.query', /not a known option/);
  });
});
