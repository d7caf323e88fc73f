/**
 * The smallest complete program: connect, write, read, operate, close.
 *
 * Runs against the cluster in AEROSPIKE_HOSTS (e.g. `127.0.0.1:3000`), or
 * against an in-process memory cluster when that is not set.
 */

import { Key, RecordNotFoundError, connect, ops } from '@aerospike-ts/core';
import { startMemoryCluster } from '@aerospike-ts/memory-cluster';

async function main(): Promise<void> {
  const memory = process.env.AEROSPIKE_HOSTS ? undefined : await startMemoryCluster();
  const hosts = process.env.AEROSPIKE_HOSTS ?? memory!.hosts;
  console.log(`connecting to ${hosts}${memory ? ' (in-process memory cluster)' : ''}`);

  try {
    await using client = await connect({ hosts });
    console.log('nodes:', client.nodes().map((n) => `${n.name}@${n.address}`).join(', '));

    const key = new Key('test', 'demo', 'ada');
    const written = await client.put(key, { name: 'Ada Lovelace', born: 1815, langs: ['en', 'fr'], visits: 0 });
    console.log('put    →', written);

    const record = await client.get(key);
    console.log('get    →', record.bins, `(generation ${record.generation}, ttl ${record.ttl})`);

    const result = await client.operate(key, [ops.add('visits', 1), ops.append('name', ' (Countess)'), ops.read('visits'), ops.read('name')]);
    console.log('operate→', result.bins);

    console.log('exists →', await client.exists(key));
    console.log('remove →', await client.remove(key));
    try {
      await client.get(key);
    } catch (err) {
      if (!(err instanceof RecordNotFoundError)) throw err;
      console.log('get    → RecordNotFoundError, as expected after remove');
    }
  } finally {
    await memory?.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
