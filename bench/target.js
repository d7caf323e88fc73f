/**
 * The server the benchmark talks to: the cluster named by AEROSPIKE_HOSTS, or
 * a memory cluster started for the run. The memory cluster runs in its own
 * process so that its CPU and memory never count against a client.
 */

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { firstHost, formatHost } from './hosts.js';

const CLI = fileURLToPath(new URL('../packages/memory-cluster/dist/cli.js', import.meta.url));
const READY = /listening on (\S+):(\d+)/;
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 3_000;

/**
 * @param {string | undefined} hosts AEROSPIKE_HOSTS, when set
 * @param {number} nodes size of the memory cluster to start when `hosts` is unset
 * @returns {Promise<{ kind: string, nodes: number | undefined, hosts: string, host: string, port: number, stop(): Promise<void> }>}
 */
export async function startTarget(hosts, nodes = 1) {
  if (hosts !== undefined) {
    // The size of a cluster the benchmark did not start is whatever it is.
    return { kind: 'external', nodes: undefined, hosts, ...firstHost(hosts), stop: async () => {} };
  }
  return startMemoryCluster(nodes);
}

async function startMemoryCluster(nodes) {
  if (!existsSync(CLI)) {
    throw new Error(`${CLI} does not exist: build the workspace first (pnpm build), or set AEROSPIKE_HOSTS to use a running server`);
  }
  const child = spawn(process.execPath, [CLI, '--port', '0', '--nodes', String(nodes)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let exited = false;
  const exitedPromise = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    });
  });
  // A killed benchmark must not leave a server behind; 'exit' handlers may only do synchronous work.
  const killOnExit = () => {
    if (!exited) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);

  // Kept for error messages. Both pipes are drained for the whole run: a
  // full pipe would block the server's writes and stall it mid-benchmark.
  let stderrTail = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderrTail = (stderrTail + chunk).slice(-4000);
  });

  // One "listening on" line per node; the cluster is ready once all of them are up.
  const addresses = await new Promise((resolve, reject) => {
    let pending = '';
    const found = [];
    let timer;
    const fail = (err) => {
      clearTimeout(timer);
      if (!exited) child.kill('SIGKILL');
      reject(new Error(`${err.message}${stderrTail ? `\nits stderr:\n${stderrTail}` : ''}`));
    };
    timer = setTimeout(
      () => fail(new Error(`memory cluster did not report "listening on" for ${nodes} node(s) within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    child.once('error', fail);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      if (found.length === nodes) return;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const m = READY.exec(line);
        if (m === null) continue;
        found.push({ host: m[1].replace(/^\[(.*)\]$/, '$1'), port: Number(m[2]) });
        if (found.length === nodes) {
          clearTimeout(timer);
          resolve(found);
          return;
        }
      }
    });
    exitedPromise.then(({ code, signal }) => {
      if (found.length < nodes) fail(new Error(`memory cluster exited before it was ready (code ${code}, signal ${signal})`));
    });
  });

  return {
    kind: 'memory-cluster',
    nodes,
    // Every node as a seed, as an application configured for a cluster would list them.
    hosts: addresses.map(formatHost).join(','),
    host: addresses[0].host,
    port: addresses[0].port,
    /** True while the server process is still running. */
    get alive() {
      return !exited;
    },
    stderrTail: () => stderrTail,
    async stop() {
      process.off('exit', killOnExit);
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exitedPromise;
      clearTimeout(timer);
    },
  };
}
