#!/usr/bin/env node
/**
 * `aerospike-memory-cluster`: runs a memory cluster in its own process, for
 * local development without Docker and as a benchmark target.
 */

import { parseArgs } from 'node:util';
import { startMemoryCluster } from './cluster.js';

const USAGE = `Usage: aerospike-memory-cluster [--port 3000] [--nodes 1] [--host 127.0.0.1]
                                [--namespace test --namespace bar] [--cluster-name NAME]

Starts an in-memory Aerospike cluster. Node i listens on port + i (or on free
ports with --port 0). Prints "listening on host:port" per node; stops on
SIGINT or SIGTERM.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>['values'];
  function parse() {
    return parseArgs({
      options: {
        port: { type: 'string', short: 'p', default: '3000' },
        nodes: { type: 'string', short: 'n', default: '1' },
        host: { type: 'string', default: '127.0.0.1' },
        namespace: { type: 'string', multiple: true },
        'cluster-name': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  }
  try {
    values = parse().values;
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  const nodes = Number(values.nodes);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0..65535, got ${values.port}`);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 64) fail(`--nodes must be 1..64, got ${values.nodes}`);
  const ports = Array.from({ length: nodes }, (_, i) => (port === 0 ? 0 : port + i));
  const cluster = await startMemoryCluster({
    nodes,
    ports,
    host: values.host,
    namespaces: values.namespace ?? ['test', 'bar'],
    clusterName: values['cluster-name'],
  });
  for (const node of cluster.nodes) process.stdout.write(`listening on ${node.address} (node ${node.name})\n`);
  const stop = (): void => {
    void cluster.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`aerospike-memory-cluster: ${(err as Error).message}\n`);
  process.exit(1);
});
