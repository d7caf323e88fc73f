/**
 * A memory cluster in a child process. Use it where the client under test
 * blocks the event loop (the official native client's `connect()` does) or
 * where the cluster's CPU must not count against the client's (benchmarks).
 */

import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CapturedFrame } from './child.js';
import type { MemoryClusterOptions } from './cluster.js';
import type { NodeFaults } from './server/faults.js';

export type { CapturedFrame } from './child.js';

/** A node as the child reports it. */
export interface RemoteNode {
  name: string;
  host: string;
  port: number;
  running: boolean;
}

/** Options of {@link startMemoryClusterProcess}: the cluster's, minus callbacks. */
export type MemoryClusterProcessOptions = Omit<MemoryClusterOptions, 'clock' | 'capture'> & {
  /** Keep every request frame for {@link MemoryClusterProcess.captured}. */
  capture?: boolean;
};

interface Reply {
  id?: number;
  result?: unknown;
  error?: string;
  ready?: { hosts: string; nodes: RemoteNode[] };
  failed?: string;
}

function childPath(): string {
  const here = fileURLToPath(import.meta.url);
  // Under a TypeScript test runner this module is the source file; the child always runs from dist/.
  return here.endsWith('.ts') ? here.replace(/[\\/]src[\\/]process\.ts$/, '/dist/child.js') : here.replace(/process\.js$/, 'child.js');
}

/** A memory cluster running in a child process. */
export class MemoryClusterProcess implements AsyncDisposable {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  /** `host:port,…` of the running nodes, as of the last state change made through this object. */
  hosts: string;
  nodes: RemoteNode[];

  private constructor(
    private readonly child: ChildProcess,
    ready: { hosts: string; nodes: RemoteNode[] },
  ) {
    this.hosts = ready.hosts;
    this.nodes = ready.nodes;
    child.on('message', (msg: Reply) => {
      if (msg.id === undefined) return;
      const p = this.pending.get(msg.id);
      if (p === undefined) return;
      this.pending.delete(msg.id);
      if (msg.error !== undefined) p.reject(new Error(msg.error));
      else p.resolve(msg.result);
    });
    child.on('exit', () => {
      for (const p of this.pending.values()) p.reject(new Error('memory cluster process exited'));
      this.pending.clear();
    });
  }

  /** Starts the child and waits until every node listens. */
  static start(options: MemoryClusterProcessOptions = {}): Promise<MemoryClusterProcess> {
    const child = fork(childPath(), [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
      const onMessage = (msg: Reply): void => {
        if (msg.ready !== undefined) {
          child.off('message', onMessage);
          child.off('exit', onExit);
          resolve(new MemoryClusterProcess(child, msg.ready));
        } else if (msg.failed !== undefined) {
          reject(new Error(`memory cluster process failed: ${msg.failed}`));
        }
      };
      const onExit = (code: number | null): void => reject(new Error(`memory cluster process exited with ${code}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  }

  /** The child's process id. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  private async call<T>(method: string, ...args: unknown[]): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, method, args });
    });
  }

  private async topology(method: string, ...args: unknown[]): Promise<RemoteNode[]> {
    const d = await this.call<{ hosts: string; nodes: RemoteNode[] }>(method, ...args);
    this.hosts = d.hosts;
    this.nodes = d.nodes;
    return d.nodes;
  }

  /** Stops a node (by index or name); its partitions move to the others. See {@link MemoryCluster.stopNode}. */
  stopNode(which: number | string, options: { graceful?: boolean } = {}): Promise<RemoteNode[]> {
    return this.topology('stopNode', which, options);
  }

  /** Starts a stopped node on its old port. */
  startNode(which: number | string): Promise<RemoteNode[]> {
    return this.topology('startNode', which);
  }

  /** Restarts a node at once; it answers PARTITION_UNAVAILABLE until it rejoins. See {@link MemoryCluster.restartNode}. */
  restartNode(which: number | string, options: { unavailableMs?: number } = {}): Promise<RemoteNode[]> {
    return this.topology('restartNode', which, options);
  }

  /** Adds a node. */
  addNode(): Promise<RemoteNode[]> {
    return this.topology('addNode');
  }

  /** Stops answering (requests are held) until {@link MemoryClusterProcess.resumeNode}. */
  pauseNode(which: number | string): Promise<void> {
    return this.call('pauseNode', which);
  }

  /** Answers held requests and carries on. */
  resumeNode(which: number | string): Promise<void> {
    return this.call('resumeNode', which);
  }

  /** Sets a node's faults (latency, cut replies, dropped requests, TIMEOUT after applying writes). */
  setFaults(which: number | string, faults: Partial<NodeFaults>): Promise<void> {
    return this.call('setFaults', which, faults);
  }

  /** Closes every client connection of a node. */
  closeConnections(which: number | string): Promise<void> {
    return this.call('closeConnections', which);
  }

  /** Makes a node master of a partition. */
  movePartition(pid: number, nodeName: string): Promise<void> {
    return this.call('movePartition', pid, nodeName);
  }

  /** Moves the cluster's clock forward. */
  advanceTime(seconds: number): Promise<void> {
    return this.call('advanceTime', seconds);
  }

  /** Changes the name the cluster reports. */
  setClusterName(name: string | undefined): Promise<void> {
    return this.call('setClusterName', name);
  }

  /** Creates a user or changes its password. */
  setUser(user: string, password: string): Promise<void> {
    return this.call('setUser', user, password);
  }

  /** Ends every session: clients must log in again. */
  expireSessions(): Promise<void> {
    return this.call('expireSessions');
  }

  /** Request frames received since the last call (needs `capture: true`). */
  captured(): Promise<CapturedFrame[]> {
    return this.call('captured');
  }

  /** Live records in a namespace. */
  recordCount(namespace: string): Promise<number> {
    return this.call('recordCount', namespace);
  }

  /** Stops the cluster and waits for the child to exit. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  /** Same as {@link MemoryClusterProcess.close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** Starts a memory cluster in a child process. */
export function startMemoryClusterProcess(options: MemoryClusterProcessOptions = {}): Promise<MemoryClusterProcess> {
  return MemoryClusterProcess.start(options);
}

export type { NodeFaults };
