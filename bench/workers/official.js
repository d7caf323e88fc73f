/** Worker for the official `aerospike` package (C client addon). */

import { createRequire } from 'node:module';
import { MAX_CONNS_PER_NODE, NAMESPACE, SET, STRING_BIN } from '../config.js';
import { OPERATE, PUT } from '../loop.js';
import { serve } from './harness.js';

serve(async ({ hosts }) => {
  const Aerospike = createRequire(import.meta.url)('aerospike');
  // The command queue stays at its default (maxCommandsInProcess 0: no
  // queue, every command starts at once), so the only limit is
  // maxConnsPerNode, which is above the highest concurrency; a queue limit
  // would turn load into ERR_ASYNC_QUEUE_FULL errors instead of latency.
  const client = await Aerospike.connect({
    hosts,
    maxConnsPerNode: MAX_CONNS_PER_NODE,
    log: { level: Aerospike.log.OFF },
  });
  return {
    op: (kind, key) => {
      const k = new Aerospike.Key(NAMESPACE, SET, key);
      if (kind === OPERATE) {
        const { maps } = Aerospike;
        return client.operate(k, [maps.put('m', 'last', key), maps.increment('m', 'n', 1), maps.size('m')]);
      }
      return kind === PUT ? client.put(k, { i: key, s: STRING_BIN }) : client.get(k);
    },
    close: () => client.close(),
  };
});
