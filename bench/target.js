/**
 * The server the benchmark talks to: the cluster named by AEROSPIKE_HOSTS, or
 * a memory cluster started for the run. The memory cluster runs in its own
 * process so that its CPU and memory never count against a client.
 */

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../packages/memory-cluster/dist/cli.js', import.meta.url));
const READY = /listening on (\S+):(\d+)/;
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 3_000;

/**
 * First address of a seed list such as "a:3000,b:3000" or "[::1]:3000".
 * The raw loop needs one concrete socket address; the clients get the whole list.
 */
export function firstHost(hosts) {
  const first = hosts.split(',')[0].trim();
  if (first.startsWith('[')) {
    const close = first.indexOf(']');
    const rest = first.slice(close + 1);
    return { host: first.slice(1, close), port: rest.startsWith(':') ? Number(rest.slice(rest.lastIndexOf(':') + 1)) : 3000 };
  }
  const parts = first.split(':');
  // "host:tlsName:port" carries the port last; a bare host means the default port.
  return { host: parts[0], port: parts.length > 1 ? Number(parts[parts.length - 1]) : 3000 };
}

/**
 * @param {string | undefined} hosts AEROSPIKE_HOSTS, when set
 * @returns {Promise<{ kind: string, hosts: string, host: string, port: number, stop(): Promise<void> }>}
 */
export async function startTarget(hosts) {
  if (hosts !== undefined) {
    return { kind: 'external', hosts, ...firstHost(hosts), stop: async () => {} };
  }
  return startMemoryCluster();
}

async function startMemoryCluster() {
  if (!existsSync(CLI)) {
    throw new Error(`${CLI} does not exist: build the workspace first (pnpm build), or set AEROSPIKE_HOSTS to use a running server`);
  }
  const child = spawn(process.execPath, [CLI, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
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

  const address = await new Promise((resolve, reject) => {
    let pending = '';
    let found = false;
    let timer;
    const fail = (err) => {
      clearTimeout(timer);
      if (!exited) child.kill('SIGKILL');
      reject(new Error(`${err.message}${stderrTail ? `\nits stderr:\n${stderrTail}` : ''}`));
    };
    timer = setTimeout(() => fail(new Error(`memory cluster did not report "listening on" within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    child.once('error', fail);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      if (found) return;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const m = READY.exec(line);
        if (m) {
          found = true;
          clearTimeout(timer);
          resolve({ host: m[1].replace(/^\[(.*)\]$/, '$1'), port: Number(m[2]) });
          return;
        }
      }
    });
    exitedPromise.then(({ code, signal }) => {
      if (!found) fail(new Error(`memory cluster exited before it was ready (code ${code}, signal ${signal})`));
    });
  });

  return {
    kind: 'memory-cluster',
    hosts: `${address.host}:${address.port}`,
    host: address.host,
    port: address.port,
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
