/**
 * The built client under other runtimes: Bun, Deno and a Node worker thread
 * each run `smoke.mjs` (connect, put, get, operate, close) against a memory
 * cluster and print one JSON line of results. Core may only use the `node:`
 * APIs that Bun and Deno provide; this is where a slip shows.
 *
 * Needs `packages/core/dist` (build first). Bun and Deno come from
 * devDependencies whose binaries exist only on linux-x64; elsewhere those
 * cases are skipped with the reason.
 */

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const smoke = fileURLToPath(new URL('./smoke.mjs', import.meta.url));
const coreDist = `${root}packages/core/dist/index.js`;
// `@oven/bun-linux-x64` only exists for linux-x64.
const bun = `${root}node_modules/@oven/bun-linux-x64/bin/bun`;
const deno = denoBinary();

/**
 * The Deno binary. The `deno` npm package copies it next to bin.cjs in an
 * install script that pnpm does not run here (and its .bin shim would try to
 * download one), so it is taken from the platform package `deno` depends on.
 */
function denoBinary(): string {
  const exe = process.platform === 'win32' ? 'deno.exe' : 'deno';
  const beside = `${root}node_modules/deno/${exe}`;
  if (existsSync(beside)) return beside;
  const platform = `${process.platform}-${process.arch}${process.platform === 'linux' ? '-glibc' : ''}`;
  try {
    const fromDeno = createRequire(`${root}node_modules/deno/package.json`);
    return `${dirname(fromDeno.resolve(`@deno/${platform}/package.json`))}/${exe}`;
  } catch {
    return beside;
  }
}

const onLinuxX64 = process.platform === 'linux' && process.arch === 'x64';

/**
 * Why a runtime cannot be tested here, or undefined. On linux-x64 (CI) both
 * runtimes install from the registry, so a missing binary fails the test
 * instead of skipping it.
 */
function unavailable(binary: string, name: string): string | undefined {
  if (onLinuxX64) return undefined;
  if (!existsSync(binary)) return `the ${name} binary is not installed for ${process.platform}-${process.arch} (looked at ${binary})`;
  return undefined;
}
const bunMissing = unavailable(bun, 'Bun');
const denoMissing = unavailable(deno, 'Deno');
if (bunMissing !== undefined) console.warn(`skipping the Bun smoke test: ${bunMissing}`);
if (denoMissing !== undefined) console.warn(`skipping the Deno smoke test: ${denoMissing}`);

interface SmokeResult {
  runtime: string;
  nodes: number;
  putGeneration: number;
  get: {
    generation: number;
    i: number;
    s: string;
    d: number;
    b: number[];
    l: unknown[];
    m: Record<string, unknown>;
    big: string;
    bigType: string;
  };
  operate: { generation: number; i: number; s: string };
  missing: string;
  build: string;
  tends: number;
  /** Command traces seen on core's diagnostics channel; null when core exports no such channel. */
  traced: { started: number; settled: number; operations: string[]; tendEvents: number | null } | null;
  state: string;
}

let cluster: MemoryCluster;

beforeAll(async () => {
  if (!existsSync(coreDist)) throw new Error(`${coreDist} is missing: run \`npx tsc -b packages/core\` first`);
  // In-process is fine: every client under test runs in another process or thread.
  cluster = await startMemoryCluster({ nodes: 1 });
});

afterAll(() => cluster?.close());

/** Runs the smoke script with a command; resolves with its parsed JSON line. */
function runScript(command: string, args: string[], key: string, extraEnv: Record<string, string> = {}): Promise<SmokeResult> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      [...args, smoke],
      {
        cwd: root,
        timeout: 20_000,
        env: { ...process.env, AEROSPIKE_HOSTS: cluster.hosts, SMOKE_KEY: key, ...extraEnv },
      },
      (err, stdout, stderr) => {
        if (err !== null) {
          reject(new Error(`${command} failed (${err.message}):\n${stderr}\n${stdout}`));
          return;
        }
        const line = stdout.trim().split('\n').pop() ?? '';
        try {
          resolve(JSON.parse(line) as SmokeResult);
        } catch {
          reject(new Error(`${command} printed no JSON line:\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}

function expectSmoke(r: SmokeResult, runtime: RegExp): void {
  expect(r.runtime).toMatch(runtime);
  expect(r).toMatchObject({
    nodes: 1,
    putGeneration: 1,
    get: {
      generation: 1,
      i: 41,
      s: 'hello',
      d: 1.5,
      b: [1, 2, 3],
      l: [1, 'two', [3]],
      m: { a: 1, z: 'x' },
      big: String(2n ** 60n),
      bigType: 'bigint',
    },
    operate: { generation: 2, i: 42, s: 'hello world' },
    missing: 'KEY_NOT_FOUND_ERROR',
    build: '8.1.2.0',
    state: 'closed',
  });
  expect(r.tends).toBeGreaterThanOrEqual(3);
  if (r.traced !== null) {
    // put, get, operate and the failed get at least, each started and settled once.
    expect(r.traced.started).toBeGreaterThanOrEqual(4);
    expect(r.traced.settled).toBe(r.traced.started);
    expect(r.traced.operations).toEqual(expect.arrayContaining(['put', 'get', 'operate']));
    if (r.traced.tendEvents !== null) expect(r.traced.tendEvents).toBeGreaterThanOrEqual(1);
  }
}

describe('the built client under other runtimes', () => {
  it('Node (child process, the baseline)', async () => {
    expectSmoke(await runScript(process.execPath, [], 'node'), /^node /);
  });

  it('Node worker thread', async () => {
    const worker = new Worker(smoke, { workerData: { hosts: cluster.hosts }, env: { ...process.env, SMOKE_KEY: 'worker' } });
    // Listen for the exit first: a worker that exits right after posting has its last
    // message drained and 'exit' emitted in the same tick.
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    try {
      const message = await new Promise<{ ok: boolean; result?: SmokeResult; error?: string }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        void exited.then((code) => reject(new Error(`worker exited with ${code} before reporting`)));
      });
      if (!message.ok) throw new Error(`worker failed: ${message.error}`);
      expectSmoke(message.result!, /^node /);
      // Closing the client leaves nothing that keeps the worker alive.
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([
        exited,
        new Promise<string>((resolve) => {
          timer = setTimeout(() => resolve('still running 5 s after the client closed'), 5000);
        }),
      ]);
      clearTimeout(timer);
      expect(code).toBe(0);
    } finally {
      await worker.terminate();
    }
  });

  it.skipIf(bunMissing !== undefined)('Bun', async () => {
    expectSmoke(await runScript(bun, [], 'bun'), /^bun /);
  });

  it.skipIf(denoMissing !== undefined)('Deno', async () => {
    const result = await runScript(deno, ['run', '--allow-net', '--allow-read', '--allow-env', '--allow-sys', '--no-lock'], 'deno', {
      DENO_NO_UPDATE_CHECK: '1',
      NO_COLOR: '1',
    });
    expectSmoke(result, /^deno /);
  });
});
