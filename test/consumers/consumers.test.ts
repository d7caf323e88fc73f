/**
 * Every published entry point (each package's `exports`, subpaths included)
 * loaded the way an application would load it: by package name, through
 * `exports`, from a directory outside the repository, once with `require()`
 * from a CommonJS file and once with `import()` from an ES module.
 *
 * The packages are ESM only; CommonJS consumers rely on require(esm), which
 * Node 20.19+ and 22.12+ have on by default. It fails for a module graph with
 * top-level await, and that is what the CommonJS half is here to catch.
 *
 * Each consumer directory is an install as npm would leave it: the files the
 * package publishes (its `files` list and package.json) copied into
 * node_modules, and its third-party dependencies and peers linked from the
 * workspace's pnpm store. One install has every peer; the other leaves out
 * the optional ones, which a package must not need just to be loaded.
 *
 * Needs each package's dist/ (the test command builds first); an entry whose
 * package is not built is skipped with the reason.
 */

import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ExpectStatic, afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const packagesDir = join(root, 'packages');

interface Manifest {
  name: string;
  files?: string[];
  exports?: Record<string, string | Record<string, string>>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

interface Package {
  dir: string;
  manifest: Manifest;
  built: boolean;
}

interface Entry {
  pkg: Package;
  /** What a consumer writes: `@aerospike-ts/core`, `@aerospike-ts/core/wire`. */
  specifier: string;
  /** The `exports` key: `.`, `./wire`. */
  subpath: string;
}

const packages: Package[] = readdirSync(packagesDir)
  .filter((name) => existsSync(join(packagesDir, name, 'package.json')))
  .sort()
  .map((name) => {
    const dir = join(packagesDir, name);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
    return { dir, manifest, built: existsSync(join(dir, 'dist')) };
  });

const byName = new Map(packages.map((p) => [p.manifest.name, p]));

const entries: Entry[] = packages.flatMap((pkg) =>
  Object.keys(pkg.manifest.exports ?? { '.': '' })
    .filter((subpath) => subpath !== './package.json' && !subpath.includes('*'))
    .map((subpath) => ({ pkg, subpath, specifier: subpath === '.' ? pkg.manifest.name : `${pkg.manifest.name}${subpath.slice(1)}` })),
);

/**
 * Names each entry must export. An entry missing here is only required to
 * load and export something.
 */
const expectedExports: Record<string, string[]> = {
  '@aerospike-ts/core': ['Client', 'connect', 'AerospikeError', 'ops', 'Key', 'ResultCode'],
  '@aerospike-ts/core/wire': ['computeDigest', 'partitionId', 'PROTO_VERSION', 'FrameReader'],
  '@aerospike-ts/memory-cluster': ['startMemoryCluster', 'MemoryCluster', 'startMemoryClusterProcess'],
  '@aerospike-ts/otel': ['instrumentAerospike', 'initTracing', 'shutdownTracing', 'MissingPeerDependencyError'],
  '@aerospike-ts/prometheus': ['instrumentAerospike', 'getMetrics', 'startMetricsServer', 'METRIC_NAMES'],
  '@aerospike-ts/nestjs': ['AerospikeModule', 'InjectAerospike', 'AerospikeExceptionFilter', 'getAerospikeClientToken'],
  '@aerospike-ts/nestjs/health': ['AerospikeHealthIndicator'],
  '@aerospike-ts/nestjs/testing': ['AerospikeTestingModule'],
  // The plugin is the default export as well, as Fastify plugins usually are.
  '@aerospike-ts/fastify': ['fastifyAerospike', 'default', 'aerospikeErrorHandler'],
  '@aerospike-ts/express': ['createAerospike', 'aerospikeErrorHandler', 'attachGracefulShutdown'],
};

/** Entries that exist to integrate with an optional peer, and so cannot load without it. */
const needsOptionalPeer: Record<string, string> = {
  '@aerospike-ts/nestjs/health': '@nestjs/terminus',
};

const requireModule = (process.features as { require_module?: boolean }).require_module === true;
if (!requireModule) console.warn(`skipping the CommonJS consumers: Node ${process.versions.node} has no require(esm) (20.19+ or 22.12+ has)`);

/** Why an entry cannot be tested yet, or undefined. */
function unbuilt(entry: Entry): string | undefined {
  const needed = [entry.pkg, ...Object.keys({ ...entry.pkg.manifest.dependencies, ...entry.pkg.manifest.peerDependencies }).flatMap((d) => byName.get(d) ?? [])];
  const missing = needed.filter((p) => !p.built).map((p) => `${relative(root, p.dir)}/dist is missing (npx tsc -b ${relative(root, p.dir)})`);
  return missing.length > 0 ? missing.join('; ') : undefined;
}

/** Third-party dependencies and peers of a package, optional peers only when asked for. */
function thirdPartyDeps(pkg: Package, withOptionalPeers: boolean): string[] {
  const { dependencies = {}, peerDependencies = {}, peerDependenciesMeta = {} } = pkg.manifest;
  const peers = Object.keys(peerDependencies).filter((name) => withOptionalPeers || peerDependenciesMeta[name]?.optional !== true);
  return [...Object.keys(dependencies), ...peers].filter((name) => !byName.has(name));
}

/**
 * Lays out node_modules in `dir` as an install of every built package would.
 * Returns, by package name, the dependencies that could not be installed.
 */
function install(dir: string, withOptionalPeers: boolean): Map<string, string> {
  const problems = new Map<string, string>();
  for (const pkg of packages) {
    if (!pkg.built) continue;
    const target = join(dir, 'node_modules', ...pkg.manifest.name.split('/'));
    mkdirSync(target, { recursive: true });
    // Copies, not links: Node resolves a linked file from its real location,
    // which would find the workspace's node_modules instead of this install's.
    for (const file of ['package.json', ...(pkg.manifest.files ?? ['dist'])]) {
      if (existsSync(join(pkg.dir, file))) cpSync(join(pkg.dir, file), join(target, file), { recursive: true });
    }
    // Nested under the package, as npm does on a version conflict, so two packages can never disagree over one slot.
    for (const dep of thirdPartyDeps(pkg, withOptionalPeers)) {
      const installed = join(pkg.dir, 'node_modules', dep);
      if (!existsSync(installed)) {
        problems.set(pkg.manifest.name, `${dep}, which ${pkg.manifest.name} needs, is not installed in ${relative(root, pkg.dir)}/node_modules: run pnpm install`);
        continue;
      }
      const link = join(target, 'node_modules', dep);
      mkdirSync(dirname(link), { recursive: true });
      // The real path in the pnpm store, whose node_modules holds the dependency's own dependencies.
      symlinkSync(realpathSync(installed), link, 'junction');
    }
  }
  writeFileSync(
    join(dir, 'consumer.cjs'),
    `const specifier = process.argv[2];
const loaded = require(specifier);
process.stdout.write(JSON.stringify({ resolved: require.resolve(specifier), exports: Object.keys(loaded) }) + '\\n');
`,
  );
  writeFileSync(
    join(dir, 'consumer.mjs'),
    `import { fileURLToPath } from 'node:url';
const specifier = process.argv[2];
const loaded = await import(specifier);
process.stdout.write(JSON.stringify({ resolved: fileURLToPath(import.meta.resolve(specifier)), exports: Object.keys(loaded) }) + '\\n');
`,
  );
  return problems;
}

interface Loaded {
  resolved: string;
  exports: string[];
}

/** Runs a consumer script in its own Node process; resolves with what it loaded. */
function consume(dir: string, kind: 'cjs' | 'mjs', specifier: string): Promise<Loaded> {
  // Nothing from this test run may change how the child resolves modules.
  const { NODE_OPTIONS: _options, NODE_PATH: _path, ...env } = process.env;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(dir, `consumer.${kind}`), specifier], { cwd: dir, env, timeout: 15_000 }, (err, stdout, stderr) => {
      if (err !== null) {
        reject(new Error(`${kind === 'cjs' ? 'require' : 'import'}('${specifier}') failed:\n${stderr || err.message}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as Loaded);
      } catch {
        reject(new Error(`no result line from ${specifier}:\n${stdout}\n${stderr}`));
      }
    });
  });
}

function expectLoaded(expect: ExpectStatic, loaded: Loaded, entry: Entry, dir: string): void {
  // Through `exports` to the copy in this install: not the workspace, not src/.
  const target = entry.pkg.manifest.exports?.[entry.subpath];
  const file = typeof target === 'string' ? target : (target?.require ?? target?.import ?? target?.default ?? 'dist/index.js');
  expect(loaded.resolved).toBe(join(realpathSync(dir), 'node_modules', ...entry.pkg.manifest.name.split('/'), file));
  expect(loaded.resolved.split(sep)).toContain('dist');
  const expected = expectedExports[entry.specifier];
  if (expected !== undefined) expect(loaded.exports).toEqual(expect.arrayContaining(expected));
  else expect(loaded.exports.length).toBeGreaterThan(0);
}

/** Entries of packages with optional third-party peers: the only ones the minimal install differs for. */
const withOptionalPeers = entries.filter(
  (e) => needsOptionalPeer[e.specifier] === undefined && thirdPartyDeps(e.pkg, true).length > thirdPartyDeps(e.pkg, false).length,
);

let full: string;
let minimal: string;
const notInstalled = { full: new Map<string, string>(), minimal: new Map<string, string>() };

beforeAll(() => {
  full = mkdtempSync(join(tmpdir(), 'aerospike-ts-consumer-'));
  minimal = mkdtempSync(join(tmpdir(), 'aerospike-ts-consumer-minimal-'));
  notInstalled.full = install(full, true);
  notInstalled.minimal = install(minimal, false);
});

/** Skips an entry that cannot be tested yet; fails one whose dependencies are missing. */
function ready(entry: Entry, install: 'full' | 'minimal', skip: (note: string) => never): void {
  const reason = unbuilt(entry);
  if (reason !== undefined) skip(reason);
  const problem = notInstalled[install].get(entry.pkg.manifest.name);
  if (problem !== undefined) throw new Error(problem);
}

afterAll(() => {
  for (const dir of [full, minimal]) if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('package entry points', () => {
  it('include the documented subpaths', () => {
    expect(entries.map((e) => e.specifier)).toEqual(
      expect.arrayContaining([...Object.keys(expectedExports), '@aerospike-ts/core/wire', '@aerospike-ts/nestjs/health', '@aerospike-ts/nestjs/testing']),
    );
  });

  it.for(entries.map((e) => [e.specifier, e] as const))('%s: every file its exports name exists', ([, entry], ctx) => {
    const reason = unbuilt(entry);
    if (reason !== undefined) ctx.skip(reason);
    const target = entry.pkg.manifest.exports?.[entry.subpath] ?? {};
    for (const file of typeof target === 'string' ? [target] : Object.values(target)) {
      expect(existsSync(join(entry.pkg.dir, file)), `${entry.specifier} → ${file}`).toBe(true);
    }
  });
});

// Concurrent: each case is a Node process that mostly waits on module loading.
describe.concurrent.each([
  ['ESM consumer, import()', 'mjs'],
  ['CommonJS consumer, require()', 'cjs'],
] as const)('%s', (_, kind) => {
  it.for(entries.map((e) => [e.specifier, e] as const))('loads %s', async ([, entry], ctx) => {
    if (kind === 'cjs' && !requireModule) ctx.skip(`Node ${process.versions.node} has no require(esm)`);
    ready(entry, 'full', ctx.skip);
    expectLoaded(ctx.expect, await consume(full, kind, entry.specifier), entry, full);
  });

  it.for(withOptionalPeers.map((e) => [e.specifier, e] as const))(
    'loads %s without the optional peers installed',
    async ([, entry], ctx) => {
      if (kind === 'cjs' && !requireModule) ctx.skip(`Node ${process.versions.node} has no require(esm)`);
      ready(entry, 'minimal', ctx.skip);
      expectLoaded(ctx.expect, await consume(minimal, kind, entry.specifier), entry, minimal);
    },
  );
});
