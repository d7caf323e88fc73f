/** Worker for this repository's client, loaded from the built package. */

import { MAX_CONNS_PER_NODE, NAMESPACE, SET, STRING_BIN } from '../config.js';
import { OPERATE, PUT } from '../loop.js';
import { serve } from './harness.js';

serve(async ({ hosts }) => {
  // The built output rather than the package name: the repository root does not depend on its own packages.
  const { Client, channels, maps } = await import('../../packages/core/dist/index.js');
  if (process.env.BENCH_SUBSCRIBE === '1') {
    // Measures what tracing costs once someone listens (without a subscriber the client skips it).
    const noop = () => undefined;
    channels.command.subscribe({ start: noop, end: noop, asyncStart: noop, asyncEnd: noop, error: noop });
  }
  const client = await new Client({ hosts, maxConnsPerNode: MAX_CONNS_PER_NODE }).connect();
  return {
    // A fresh key and bins object per call, as an application would pass them.
    op: (kind, key) => {
      if (kind === OPERATE) {
        return client.operate([NAMESPACE, SET, key], [maps.put('m', 'last', key), maps.increment('m', 'n', 1), maps.size('m')]);
      }
      return kind === PUT ? client.put([NAMESPACE, SET, key], { i: key, s: STRING_BIN }) : client.get([NAMESPACE, SET, key]);
    },
    close: () => client.close(),
  };
});
