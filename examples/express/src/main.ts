/**
 * `pnpm --filter @aerospike-ts/example-express start`: the users API on
 * PORT (default 3001), against AEROSPIKE_HOSTS or an in-process cluster.
 * SIGTERM or SIGINT drains in-flight requests, then closes the client.
 */

import { startServer } from './server.js';

const running = await startServer({ signals: ['SIGTERM', 'SIGINT'] });
console.log(
  `users API on ${running.url} (Aerospike: ${running.hosts}${running.memory ? ', in-process memory cluster' : ''}; tracing ${running.tracing ? 'on' : 'off'})`,
);
