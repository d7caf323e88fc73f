/**
 * Runs a table of {@link ConformanceCase}s against the memory cluster (in a
 * child process, as the official client needs) or, with `AEROSPIKE_HOSTS`,
 * against a real server.
 */

import { createRequire } from 'node:module';
import { type MemoryClusterProcess, startMemoryClusterProcess } from '@aerospike-ts/memory-cluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConformanceCase, type Official, normalize } from './case.js';

const NAMESPACE = 'test';

function resultCode(err: unknown): number {
  const e = err as { code?: unknown };
  if (typeof e.code === 'number') return e.code;
  throw err;
}

/** Declares one vitest suite that runs `cases` in order, each on a record of its own. */
export function runConformance(table: string, cases: readonly ConformanceCase[]): void {
  describe(`conformance: ${table}`, () => {
    const as: Official = createRequire(import.meta.url)('aerospike');
    let cluster: MemoryClusterProcess | undefined;
    // biome-ignore lint/suspicious/noExplicitAny: official client instance.
    let client: any;

    beforeAll(async () => {
      let hosts = process.env.AEROSPIKE_HOSTS;
      if (hosts === undefined || hosts === '') {
        cluster = await startMemoryClusterProcess();
        hosts = cluster.hosts;
      }
      client = await as.connect({ hosts, log: { level: as.log.OFF } });
    });

    afterAll(async () => {
      client?.close();
      await cluster?.close();
    });

    const names = new Set<string>();
    cases.forEach((c, i) => {
      if (names.has(c.name)) throw new Error(`${table}: two cases are named "${c.name}"`);
      names.add(c.name);
      it(c.name, async () => {
        const key = new as.Key(NAMESPACE, 'conformance', `${table}/${i}`);
        await client.remove(key).catch(() => undefined);
        if (c.start !== undefined) await client.put(key, c.start(as));
        if (c.setup !== undefined) await client.operate(key, c.setup(as));
        const before = await client.get(key).then(
          (r: { bins: unknown }) => normalize(r.bins),
          () => null,
        );
        const policy = c.policy === undefined ? undefined : c.policy(as);
        let outcome: { result: unknown } | { error: number };
        try {
          const r = await client.operate(key, c.ops(as), undefined, policy);
          outcome = { result: normalize(r.bins) };
        } catch (err) {
          outcome = { error: resultCode(err) };
        }
        const after = await client.get(key).then(
          (r: { bins: unknown }) => normalize(r.bins),
          () => null,
        );
        if ('error' in c.expect) {
          expect(outcome, 'result code').toEqual({ error: c.expect.error });
          expect(after, 'record after a failed command').toEqual(before);
          return;
        }
        expect('error' in outcome ? outcome : { ok: true }, 'outcome').toEqual({ ok: true });
        if (c.expect.result !== undefined) expect((outcome as { result: unknown }).result, 'results').toEqual(normalize(c.expect.result));
        if (c.expect.bins !== undefined) expect(after, 'record afterwards').toEqual(c.expect.bins === null ? null : normalize(c.expect.bins));
      });
    });
  });
}
