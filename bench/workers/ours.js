/** Worker for this repository's client, loaded from the built package. */

import { MAX_CONNS_PER_NODE, NAMESPACE, SET, STRING_BIN } from '../config.js';
import { PUT } from '../loop.js';
import { serve } from './harness.js';

serve(async ({ hosts }) => {
  // The built output rather than the package name: the repository root does not depend on its own packages.
  const { Client } = await import('../../packages/core/dist/index.js');
  const client = await new Client({ hosts, maxConnsPerNode: MAX_CONNS_PER_NODE }).connect();
  return {
    // A fresh key and bins object per call, as an application would pass them.
    op: (kind, key) =>
      kind === PUT ? client.put([NAMESPACE, SET, key], { i: key, s: STRING_BIN }) : client.get([NAMESPACE, SET, key]),
    close: () => client.close(),
  };
});
