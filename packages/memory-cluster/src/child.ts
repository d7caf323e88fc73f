/**
 * Entry point of a memory cluster running in a child process, driven over
 * the IPC channel by {@link startMemoryClusterProcess}.
 */

import { type MemoryCluster, type MemoryClusterOptions, startMemoryCluster } from './cluster.js';
import type { NodeFaults } from './server/faults.js';

/** A request from the parent. */
export interface ControlRequest {
  id: number;
  method: string;
  args: unknown[];
}

/** A captured request frame, as sent to the parent. */
export interface CapturedFrame {
  node: string;
  type: number;
  hex: string;
}

const captured: CapturedFrame[] = [];

function describe(cluster: MemoryCluster) {
  return {
    hosts: cluster.hosts,
    nodes: cluster.nodes.map((n) => ({ name: n.name, host: n.host, port: n.port, running: n.running })),
  };
}

async function control(cluster: MemoryCluster, method: string, args: unknown[]): Promise<unknown> {
  const node = (): ReturnType<MemoryCluster['node']> => cluster.node(args[0] as number | string);
  switch (method) {
    case 'describe':
      return describe(cluster);
    case 'stopNode':
      await cluster.stopNode(args[0] as number | string, (args[1] as { graceful?: boolean } | undefined) ?? {});
      return describe(cluster);
    case 'startNode':
      await cluster.startNode(args[0] as number | string);
      return describe(cluster);
    case 'restartNode':
      await cluster.restartNode(args[0] as number | string, (args[1] as { unavailableMs?: number } | undefined) ?? {});
      return describe(cluster);
    case 'addNode':
      await cluster.addNode();
      return describe(cluster);
    case 'pauseNode':
      cluster.pauseNode(args[0] as number | string);
      return null;
    case 'resumeNode':
      cluster.resumeNode(args[0] as number | string);
      return null;
    case 'setFaults':
      Object.assign(node().faults, args[1] as Partial<NodeFaults>);
      return null;
    case 'closeConnections':
      node().closeConnections();
      return null;
    case 'movePartition':
      cluster.movePartition(args[0] as number, args[1] as string);
      return null;
    case 'advanceTime':
      cluster.advanceTime(args[0] as number);
      return null;
    case 'setClusterName':
      cluster.clusterName = args[0] as string | undefined;
      return null;
    case 'setUser':
      cluster.security.setUser(args[0] as string, args[1] as string);
      return null;
    case 'expireSessions':
      cluster.security.expireSessions();
      return null;
    case 'captured':
      return captured.splice(0);
    case 'recordCount':
      return cluster.namespace(args[0] as string)?.size ?? 0;
    default:
      throw new Error(`unknown control method ${method}`);
  }
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as MemoryClusterOptions & { capture?: boolean };
  const { capture, ...rest } = options;
  const cluster = await startMemoryCluster({
    ...rest,
    capture: capture ? (r) => captured.push({ node: r.node, type: r.type, hex: r.frame.toString('hex') }) : undefined,
  });
  process.on('message', (msg: ControlRequest) => {
    control(cluster, msg.method, msg.args).then(
      (result) => process.send?.({ id: msg.id, result }),
      (err: unknown) => process.send?.({ id: msg.id, error: (err as Error).message }),
    );
  });
  // The parent going away ends the cluster too.
  process.on('disconnect', () => {
    void cluster.close().then(() => process.exit(0));
  });
  process.send?.({ ready: describe(cluster) });
}

main().catch((err: unknown) => {
  process.send?.({ failed: (err as Error).message });
  process.exit(1);
});
