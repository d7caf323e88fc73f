// Smoke test of the built client under whatever runtime runs this file (Node,
// a Node worker thread, Bun or Deno). It connects to the hosts in
// AEROSPIKE_HOSTS, runs put/get/operate/close and prints one JSON line.
// Only the result is printed, so the parent can parse stdout as is.

import * as core from '../../packages/core/dist/index.js';

const { Client, ops } = core;

/**
 * Subscribes to the command tracing channel when core exports one, so that
 * diagnostics_channel is exercised under the runtime too. Returns a counter.
 */
function traceCommands() {
  const channel = core.channels?.command;
  if (channel === undefined || typeof channel.subscribe !== 'function') return undefined;
  const seen = { started: 0, settled: 0, operations: new Set() };
  channel.subscribe({
    start(ctx) {
      seen.started++;
      if (typeof ctx?.operation === 'string') seen.operations.add(ctx.operation);
    },
    end() {},
    asyncStart() {},
    asyncEnd() {
      seen.settled++;
    },
    error() {},
  });
  // A point channel too: tend completions.
  const tendDone = core.channels?.tendDone;
  if (tendDone !== undefined && typeof tendDone.subscribe === 'function') {
    seen.tendEvents = 0;
    tendDone.subscribe(() => {
      seen.tendEvents++;
    });
  }
  return seen;
}

function runtimeName() {
  if (typeof globalThis.Bun !== 'undefined') return `bun ${globalThis.Bun.version}`;
  if (typeof globalThis.Deno !== 'undefined') return `deno ${globalThis.Deno.version.deno}`;
  return `node ${process.versions.node}`;
}

function env(name) {
  if (typeof globalThis.Deno !== 'undefined') return globalThis.Deno.env.get(name);
  return process.env[name];
}

async function main() {
  // A worker thread gets the hosts as workerData (set below); processes get them from the environment.
  const hosts = globalThis.__smokeHosts ?? env('AEROSPIKE_HOSTS');
  if (!hosts) throw new Error('AEROSPIKE_HOSTS is not set');
  const keyName = env('SMOKE_KEY') ?? 'smoke';
  const key = ['test', 'runtimes', keyName];
  const traced = traceCommands();
  // A short tend interval, so that the tend loop's timers run under the runtime too.
  const client = new Client({ hosts, tendInterval: 20 });
  await client.connect();
  const nodes = client.nodes().length;
  const put = await client.put(key, { i: 41, s: 'hello', d: 1.5, b: new Uint8Array([1, 2, 3]), l: [1, 'two', [3]], m: { a: 1, z: 'x' }, big: 2n ** 60n });
  const got = await client.get(key);
  const op = await client.operate(key, [ops.add('i', 1), ops.read('i'), ops.append('s', ' world'), ops.read('s')]);
  let missing = 'found';
  try {
    await client.get(['test', 'runtimes', `${keyName}-missing`]);
  } catch (err) {
    missing = err.code;
  }
  const build = (await client.info(['build'])).get('build');
  const deadline = Date.now() + 5000;
  while (client.stats().tends < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const tends = client.stats().tends;
  await client.close();
  return {
    runtime: runtimeName(),
    nodes,
    putGeneration: put.generation,
    get: {
      generation: got.generation,
      i: got.bins.i,
      s: got.bins.s,
      d: got.bins.d,
      b: Array.from(got.bins.b),
      l: got.bins.l,
      m: got.bins.m,
      big: String(got.bins.big),
      bigType: typeof got.bins.big,
    },
    operate: { generation: op.generation, i: op.bins.i, s: op.bins.s },
    missing,
    build,
    tends,
    traced:
      traced === undefined
        ? null
        : { started: traced.started, settled: traced.settled, operations: [...traced.operations].sort(), tendEvents: traced.tendEvents ?? null },
    state: client.state,
  };
}

const isWorker = await (async () => {
  if (typeof globalThis.Deno !== 'undefined' || typeof globalThis.Bun !== 'undefined') return false;
  const { isMainThread } = await import('node:worker_threads');
  return !isMainThread;
})();

if (isWorker) {
  const { parentPort, workerData } = await import('node:worker_threads');
  globalThis.__smokeHosts = workerData?.hosts;
  main().then(
    (result) => parentPort.postMessage({ ok: true, result }),
    (err) => parentPort.postMessage({ ok: false, error: String(err?.stack ?? err) }),
  );
} else {
  try {
    const result = await main();
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (err) {
    process.stderr.write(`${err?.stack ?? err}\n`);
    process.exitCode = 1;
  }
}
