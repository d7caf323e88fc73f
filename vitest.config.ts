import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Tests whose assertions are about time under load: nodes killed, hung or
 * restarted while workers run, timeouts and retries, tends. They run in a
 * project of their own, after every other test file has finished, one file
 * at a time, so the only load on the machine is theirs: on a 2-core CI
 * machine, sharing it with other test files turns a 334 ms attempt budget
 * into a coin toss.
 */
const TIMING = [
  'packages/core/test/cluster-faults/**/*.test.ts',
  'packages/core/test/integration/misbehaving-server.test.ts',
  'packages/core/test/integration/lifecycle.test.ts',
  'packages/memory-cluster/test/official-client-cluster.test.ts',
  'packages/prometheus/test/health.test.ts',
  'packages/otel/test/health.test.ts',
  'packages/express/test/health.test.ts',
  'packages/fastify/test/health.test.ts',
  'packages/nestjs/test/health.test.ts',
  'packages/nestjs/test/retries.test.ts',
];

const ALL = ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'test/**/*.test.ts'];

export default defineConfig({
  resolve: {
    // Tests run against the sources so a failing line points at TypeScript,
    // not at compiled output; the runtime smoke tests use dist/ on purpose.
    alias: [
      { find: /^@aerospike-ts\/core\/wire$/, replacement: src('./packages/core/src/wire/index.ts') },
      { find: /^@aerospike-ts\/core$/, replacement: src('./packages/core/src/index.ts') },
      { find: /^@aerospike-ts\/memory-cluster$/, replacement: src('./packages/memory-cluster/src/index.ts') },
      { find: /^@aerospike-ts\/nestjs\/health$/, replacement: src('./packages/nestjs/src/health.ts') },
      { find: /^@aerospike-ts\/nestjs\/testing$/, replacement: src('./packages/nestjs/src/testing.ts') },
      { find: /^@aerospike-ts\/nestjs$/, replacement: src('./packages/nestjs/src/index.ts') },
      { find: /^@aerospike-ts\/otel$/, replacement: src('./packages/otel/src/index.ts') },
      { find: /^@aerospike-ts\/prometheus$/, replacement: src('./packages/prometheus/src/index.ts') },
      { find: /^@aerospike-ts\/fastify$/, replacement: src('./packages/fastify/src/index.ts') },
      { find: /^@aerospike-ts\/express$/, replacement: src('./packages/express/src/index.ts') },
    ],
  },
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // CI reads the runner's own counts from this report (see .ci/run).
    reporters: process.env.VITEST_JSON_REPORT ? ['default', 'json'] : ['default'],
    outputFile: process.env.VITEST_JSON_REPORT ? { json: process.env.VITEST_JSON_REPORT } : undefined,
    projects: [
      { extends: true, test: { name: 'suite', include: ALL, exclude: [...configDefaults.exclude, ...TIMING], sequence: { groupOrder: 0 } } },
      // One fork runs the files one after the other (each still in its own module graph).
      { extends: true, test: { name: 'timing', include: TIMING, poolOptions: { forks: { singleFork: true } }, sequence: { groupOrder: 1 } } },
    ],
  },
});
