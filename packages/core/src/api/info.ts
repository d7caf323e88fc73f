/**
 * Info commands and the health view: calls that go to nodes by name or at
 * random rather than to a key's partition.
 */

import { type ClusterHealth, checkHealth } from '../cluster/health.js';
import type { Node } from '../cluster/node.js';
import { InvalidArgumentError } from '../errors.js';
import { type InfoAllResult, checkInfoValue } from '../info.js';
import { ResultCode } from '../result-codes.js';
import type { NodesContext } from './context.js';

/** Runs info commands on one node (random unless named). See `Client.info`. */
export async function info(ctx: NodesContext, commands: string | readonly string[], nodeName?: string): Promise<Map<string, string>> {
  ctx.ensureOpen();
  const node = nodeName === undefined ? ctx.cluster.anyNode() : namedNode(ctx, nodeName);
  return node.info(typeof commands === 'string' ? [commands] : commands, ctx.timeout);
}

/** Runs one info command on every node. See `Client.infoAll`. */
export async function infoAll(ctx: NodesContext, command: string): Promise<InfoAllResult[]> {
  ctx.ensureOpen();
  return Promise.all(
    ctx.cluster.nodes.map(async (node): Promise<InfoAllResult> => {
      try {
        return { nodeName: node.name, address: node.address, response: await infoOn(ctx, node, command) };
      } catch (err) {
        return { nodeName: node.name, address: node.address, error: err as Error };
      }
    }),
  );
}

/** Runs one info command on a random node. See `Client.infoRandomNode`. */
export async function infoRandomNode(ctx: NodesContext, command: string): Promise<string> {
  ctx.ensureOpen();
  return infoOn(ctx, ctx.cluster.anyNode(), command);
}

/** Runs one info command on the named node. See `Client.infoNode`. */
export async function infoNode(ctx: NodesContext, nodeName: string, command: string): Promise<string> {
  ctx.ensureOpen();
  return infoOn(ctx, namedNode(ctx, nodeName), command);
}

function namedNode(ctx: NodesContext, name: string): Node {
  const node = ctx.cluster.node(name);
  if (node === undefined) {
    throw new InvalidArgumentError(
      ResultCode.INVALID_NODE_ERROR,
      `no node named "${name}" (nodes: ${ctx.cluster.nodes.map((n) => n.name).join(', ') || 'none'})`,
    );
  }
  return node;
}

async function infoOn(ctx: NodesContext, node: Node, command: string): Promise<string> {
  const answers = await node.info([command], ctx.timeout);
  const value = answers.get(command) ?? [...answers.values()][0] ?? '';
  return checkInfoValue(command, value, { node: node.name, address: node.address });
}

/** The cluster's health. See `Client.health`. */
export async function health(ctx: NodesContext, options: { timeout?: number }): Promise<ClusterHealth> {
  ctx.ensureOpen();
  const timeout = options.timeout ?? ctx.timeout;
  if (!Number.isInteger(timeout) || timeout <= 0) {
    throw new InvalidArgumentError(ResultCode.PARAMETER_ERROR, `health: timeout must be a positive integer of ms, got ${String(timeout)}`);
  }
  return checkHealth(ctx.cluster.nodes, ctx.cluster.partitions, timeout);
}
