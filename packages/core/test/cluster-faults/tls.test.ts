/**
 * TLS: a TLS memory cluster, discovery of peers over `peers-tls-std`, server
 * certificate checks (CA and TLS name) that fail fast, and PKI logins with a
 * client certificate.
 *
 * Needs the memory cluster's test certificates, so it skips when
 * AEROSPIKE_HOSTS is set.
 */

import { readFileSync } from 'node:fs';
import { AuthMode, Client, ClusterError, Key, SecurityError } from '@aerospike-ts/core';
import { ProtoType, parseInfoRequest } from '@aerospike-ts/core/wire';
import { type CapturedRequest, type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { afterEach, describe, expect, it } from 'vitest';
import { rejection } from '../support/errors.js';
import { NAMESPACE, REAL_SERVER, uniqueSet } from '../support/target.js';

const TLS_NAME = 'memory-cluster';
const fixture = (name: string): string => readFileSync(new URL(`../../../memory-cluster/test/fixtures/tls/${name}`, import.meta.url), 'utf8');
const CA = fixture('ca.pem');
const SERVER_CERT = fixture('server.pem');
const SERVER_KEY = fixture('server.key');
const CLIENT_CERT = fixture('client.pem');
const CLIENT_KEY = fixture('client.key');

const TEND_INTERVAL = 100;

let cluster: MemoryCluster | undefined;
const clients: Client[] = [];

afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  await cluster?.close();
  cluster = undefined;
});

function track(client: Client): Client {
  clients.push(client);
  return client;
}

/** A seed with the TLS name: `127.0.0.1:memory-cluster:<port>`. */
function tlsSeed(c: MemoryCluster, index: number, name = TLS_NAME): string {
  return `127.0.0.1:${name}:${c.node(index).port}`;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = Date.now();
  const value = await fn();
  return [value, Date.now() - started];
}

describe.skipIf(REAL_SERVER)('TLS', () => {
  it('connects with the CA, discovers the other node over peers-tls-std and works', async () => {
    const infoCommands: string[] = [];
    const capture = (r: CapturedRequest): void => {
      if (r.type === ProtoType.INFO) infoCommands.push(...parseInfoRequest(r.frame.subarray(8)));
    };
    cluster = await startMemoryCluster({ nodes: 2, tls: { cert: SERVER_CERT, key: SERVER_KEY, name: TLS_NAME }, capture });
    const client = track(await new Client({ hosts: tlsSeed(cluster, 0), tls: { ca: CA }, tendInterval: TEND_INTERVAL }).connect());
    expect(
      client
        .nodes()
        .map((n) => n.name)
        .sort(),
    ).toEqual(cluster.nodes.map((n) => n.name).sort());
    expect(infoCommands).toContain('peers-tls-std');
    expect(infoCommands).not.toContain('peers-clear-std');

    const set = uniqueSet('tls');
    for (let i = 0; i < 20; i++) await client.put(new Key(NAMESPACE, set, i), { i, s: 'x'.repeat(i * 100) });
    for (let i = 0; i < 20; i++) expect((await client.get(new Key(NAMESPACE, set, i))).bins).toEqual({ i, s: 'x'.repeat(i * 100) });
    // Both nodes served commands, over TLS.
    for (const n of client.stats().nodes) expect(n.commands, `commands on ${n.name}`).toBeGreaterThan(0);
  });

  it('a clear-text client cannot talk to a TLS cluster: ClusterError, fast', async () => {
    cluster = await startMemoryCluster({ nodes: 1, tls: { cert: SERVER_CERT, key: SERVER_KEY, name: TLS_NAME } });
    const client = track(new Client({ hosts: cluster.hosts, timeout: 500 }));
    const [, elapsed] = await timed(() => rejection(client.connect(), ClusterError));
    expect(elapsed).toBeLessThan(2_000);
  });

  it('a CA that did not sign the server certificate: connect() fails fast with a certificate error', async () => {
    cluster = await startMemoryCluster({ nodes: 2, tls: { cert: SERVER_CERT, key: SERVER_KEY, name: TLS_NAME } });
    // The client certificate is no CA of the server's: verification must fail.
    const client = track(new Client({ hosts: tlsSeed(cluster, 0), tls: { ca: CLIENT_CERT } }));
    const [err, elapsed] = await timed(() => rejection(client.connect(), ClusterError));
    expect(elapsed).toBeLessThan(2_000);
    expect(err.message).toMatch(/certificate|issuer/i);
    expect(client.state).toBe('closed');
  });

  it('a TLS name the certificate does not carry: connect() fails fast', async () => {
    cluster = await startMemoryCluster({ nodes: 1, tls: { cert: SERVER_CERT, key: SERVER_KEY, name: TLS_NAME } });
    const client = track(new Client({ hosts: tlsSeed(cluster, 0, 'not-the-server'), tls: { ca: CA } }));
    const [err, elapsed] = await timed(() => rejection(client.connect(), ClusterError));
    expect(elapsed).toBeLessThan(2_000);
    expect(err.message).toMatch(/not-the-server|altnames|certificate/i);
  });

  it('PKI: the client certificate logs in as its CN', async () => {
    cluster = await startMemoryCluster({
      nodes: 2,
      tls: { cert: SERVER_CERT, key: SERVER_KEY, ca: CA, requestCert: true, name: TLS_NAME },
      users: { 'pki-user': 'x' },
    });
    const client = track(
      await new Client({
        hosts: tlsSeed(cluster, 1),
        authMode: AuthMode.PKI,
        tls: { ca: CA, cert: CLIENT_CERT, key: CLIENT_KEY },
        tendInterval: TEND_INTERVAL,
      }).connect(),
    );
    expect(client.nodes()).toHaveLength(2);
    const set = uniqueSet('pki');
    for (let i = 0; i < 10; i++) await client.put(new Key(NAMESPACE, set, i), { i });
    for (let i = 0; i < 10; i++) expect((await client.get(new Key(NAMESPACE, set, i))).bins).toEqual({ i });
  });

  it('PKI without a client certificate the server knows: SecurityError', async () => {
    cluster = await startMemoryCluster({
      nodes: 1,
      tls: { cert: SERVER_CERT, key: SERVER_KEY, ca: CA, requestCert: true, name: TLS_NAME },
      users: { 'someone-else': 'x' },
    });
    const client = track(
      new Client({ hosts: tlsSeed(cluster, 0), authMode: AuthMode.PKI, tls: { ca: CA, cert: CLIENT_CERT, key: CLIENT_KEY } }),
    );
    const [, elapsed] = await timed(() => rejection(client.connect(), SecurityError));
    expect(elapsed).toBeLessThan(2_000);
  });
});
