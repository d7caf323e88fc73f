import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

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
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // CI reads the runner's own counts from this report (see .ci/run).
    reporters: process.env.VITEST_JSON_REPORT ? ['default', 'json'] : ['default'],
    outputFile: process.env.VITEST_JSON_REPORT ? { json: process.env.VITEST_JSON_REPORT } : undefined,
  },
});
