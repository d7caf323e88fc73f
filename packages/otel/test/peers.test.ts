/**
 * The SDK packages are optional: nothing loads them until initTracing()
 * runs, and a missing one is named in the error.
 */

import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MissingPeerDependencyError } from '@aerospike-ts/otel';
import { describe, expect, it } from 'vitest';
import { loadPeer } from '../src/peers.js';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

describe('optional peers', () => {
  it('a missing package rejects with MissingPeerDependencyError naming it', async () => {
    // A computed specifier keeps the bundler from resolving it ahead of time.
    const name = ['@opentelemetry', 'not-installed-exporter'].join('/');
    const error = await loadPeer(name, () => import(/* @vite-ignore */ name)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingPeerDependencyError);
    expect((error as MissingPeerDependencyError).packageName).toBe(name);
    expect((error as Error).message).toContain(`npm install ${name}`);
    expect((error as Error).cause).toBeDefined();
  });

  it('other failures pass through unchanged', async () => {
    const boom = new Error('exporter constructor failed');
    await expect(loadPeer('@opentelemetry/resources', () => Promise.reject(boom))).rejects.toBe(boom);
  });

  it('the sources import only @opentelemetry/api statically; SDK packages are loaded with import()', () => {
    for (const file of readdirSync(SRC).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(`${SRC}${file}`, 'utf8');
      const staticImports = [...text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)];
      for (const [, typeOnly, specifier] of staticImports) {
        if (specifier?.startsWith('@opentelemetry/') && specifier !== '@opentelemetry/api') {
          expect(typeOnly, `${file} imports ${specifier} at load time`).toBeDefined();
        }
      }
    }
  });
});
