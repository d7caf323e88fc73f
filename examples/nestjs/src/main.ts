/**
 * Starts the users API: `node dist/main.js`.
 *
 * Environment: `PORT` (default 3002; 3000 is Aerospike's), `AEROSPIKE_HOSTS` (default: an
 * in-process memory cluster), `AEROSPIKE_NAMESPACE` (default `test`), and
 * the standard `OTEL_*` variables, which turn on trace export.
 */

import { initTracing, shutdownTracing } from '@aerospike-ts/otel';
import { createApp } from './app.js';

async function main(): Promise<void> {
  // Tracing first, so the client's spans from the first request on are exported.
  const tracing = wantsTracing() ? await initTracing({ serviceName: process.env.OTEL_SERVICE_NAME ?? 'aerospike-ts-example-nestjs' }) : undefined;
  const { app, memoryCluster, close } = await createApp();
  const port = Number(process.env.PORT ?? 3002);
  await app.listen(port);
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  console.log(`users API on ${url} (Aerospike: ${memoryCluster ? `in-process memory cluster ${memoryCluster.hosts}` : process.env.AEROSPIKE_HOSTS})`);
  console.log(`  POST ${url}/users   GET|DELETE ${url}/users/:id   GET ${url}/health   GET ${url}/metrics`);
  if (tracing !== undefined) console.log('  traces: exported as configured by OTEL_* variables');

  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing`);
    // The HTTP server stops first, then the client, then the memory cluster;
    // once all are closed nothing is left and the process exits by itself.
    await close();
    await shutdownTracing();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function wantsTracing(): boolean {
  if (process.env.OTEL_SDK_DISABLED?.toLowerCase() === 'true') return false;
  return Object.keys(process.env).some((name) => name.startsWith('OTEL_'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
