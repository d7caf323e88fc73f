/**
 * `pnpm --filter @aerospike-ts/example-fastify start`: the sessions API on
 * PORT (default 3003; 3000 is Aerospike's), against AEROSPIKE_HOSTS or an in-process cluster.
 */

import { startServer } from './server.js';

const server = await startServer();
server.app.log.info(
  `sessions API on ${server.url} (Aerospike: ${server.hosts}${server.memory ? ', in-process memory cluster' : ''}; tracing ${server.tracing ? 'on' : 'off'})`,
);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  // once: a second Ctrl-C gets Node's default behaviour and ends the process at once.
  process.once(signal, () => {
    server.app.log.info(`${signal}: closing`);
    server.close().catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
  });
}
