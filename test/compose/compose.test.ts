/**
 * The test run must not need Docker, so `docker-compose.yml` is not started
 * here; this checks what can be known without starting it: the services and their images,
 * the published ports, that every bind-mounted file exists (Docker would
 * otherwise mount an empty directory in its place), that the Aerospike config
 * is what server 8 accepts and lets writes carry a TTL, and that Prometheus
 * scrapes every example that serves metrics.
 *
 * Each check is a function returning a list of problems; the real files must
 * give none, and the broken variants below prove each check can fail.
 */

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));
const composePath = join(root, 'docker-compose.yml');

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readCompose(): Json {
  const doc: unknown = parseYaml(readFileSync(composePath, 'utf8'));
  if (!isObject(doc)) throw new Error('docker-compose.yml is not a mapping');
  return doc;
}

// ---------------------------------------------------------------------------
// Compose file

interface PublishedPort {
  published: number;
  target: number;
}

function range(spec: string): number[] {
  const [from, to = from] = spec.split('-').map(Number) as [number, number?];
  if (!Number.isInteger(from) || !Number.isInteger(to) || to < from) throw new Error(`bad port range ${spec}`);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function pair(publishedSpec: string, targetSpec: string): PublishedPort[] {
  const published = range(publishedSpec);
  const target = range(targetSpec);
  if (published.length !== target.length) throw new Error(`port ranges ${publishedSpec} and ${targetSpec} differ in length`);
  return published.map((p, i) => ({ published: p, target: target[i]! }));
}

/** Host ports a service publishes, from the short (`[ip:]host:container[/proto]`) or long syntax. */
function publishedPorts(service: Json): PublishedPort[] {
  const ports = service.ports;
  if (ports === undefined) return [];
  if (!Array.isArray(ports)) throw new Error('ports is not a list');
  const out: PublishedPort[] = [];
  for (const entry of ports) {
    if (isObject(entry)) {
      // Long syntax without `published` picks a random host port: not published for our purposes.
      if (entry.published === undefined) continue;
      out.push(...pair(String(entry.published), String(entry.target)));
      continue;
    }
    const spec = String(entry).replace(/\/(tcp|udp)$/, '');
    // An IPv6 host address is bracketed; the last two colon-separated fields are host and container ports.
    const parts = spec.replace(/^\[[^\]]*\]:/, '').split(':');
    if (parts.length === 1) continue; // container port only: random host port
    out.push(...pair(parts[parts.length - 2]!, parts[parts.length - 1]!));
  }
  return out;
}

interface BindMount {
  source: string;
  target: string;
}

/** Bind mounts of a service (named volumes are left out), with sources resolved against the compose file. */
function bindMounts(service: Json, composeDir: string): BindMount[] {
  const volumes = service.volumes;
  if (volumes === undefined) return [];
  if (!Array.isArray(volumes)) throw new Error('volumes is not a list');
  const out: BindMount[] = [];
  for (const entry of volumes) {
    if (isObject(entry)) {
      if (entry.type === 'bind') out.push({ source: resolve(composeDir, String(entry.source)), target: String(entry.target) });
      continue;
    }
    const [source, target] = String(entry).split(':');
    if (source === undefined || target === undefined) continue; // anonymous volume
    // A bare name is a named volume; a path is a bind mount.
    if (source.startsWith('.') || isAbsolute(source) || source.startsWith('~')) {
      out.push({ source: resolve(composeDir, source), target });
    }
  }
  return out;
}

function commandArgs(service: Json): string[] {
  const command = service.command;
  if (command === undefined) return [];
  return Array.isArray(command) ? command.map(String) : String(command).split(/\s+/);
}

/** Value of `--name value` or `--name=value` in a service's command. */
function flag(service: Json, name: string): string | undefined {
  const args = commandArgs(service);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === name) return args[i + 1];
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
  }
  return undefined;
}

const expectedServices: Record<string, { image: RegExp; ports: number[] }> = {
  // Aerospike 8.1 CE: what the client's protocol work and the memory cluster target.
  aerospike: { image: /^aerospike\/aerospike-server:8\.1(\.\d+)*$/, ports: [3000] },
  prometheus: { image: /^prom\/prometheus:v?\d+(\.\d+)*$/, ports: [9090] },
  // The UI, and OTLP over HTTP, which @aerospike-ts/otel's exporter speaks.
  jaeger: { image: /^jaegertracing\/(jaeger|all-in-one):\d+(\.\d+)*$/, ports: [16686, 4318] },
};

/** The compose file's problems, as sentences; none when it is fine. */
function composeProblems(compose: Json, composeDir: string): string[] {
  const problems: string[] = [];
  const services = compose.services;
  if (!isObject(services)) return ['no services'];
  for (const [name, want] of Object.entries(expectedServices)) {
    const service = services[name];
    if (!isObject(service)) {
      problems.push(`service ${name} is missing`);
      continue;
    }
    if (typeof service.image !== 'string' || !want.image.test(service.image)) {
      problems.push(`service ${name} has image ${String(service.image)}, expected ${want.image}`);
    }
    const ports = publishedPorts(service);
    for (const port of want.ports) {
      // Same number on both sides: the README, the examples and OTEL_EXPORTER_OTLP_ENDPOINT use the standard ports.
      if (!ports.some((p) => p.published === port && p.target === port)) problems.push(`service ${name} does not publish ${port}:${port}`);
    }
  }
  const seen = new Map<number, string>();
  for (const [name, service] of Object.entries(services)) {
    if (!isObject(service)) continue;
    for (const { published } of publishedPorts(service)) {
      const other = seen.get(published);
      if (other !== undefined) problems.push(`host port ${published} is published by both ${other} and ${name}`);
      seen.set(published, name);
    }
    for (const mount of bindMounts(service, composeDir)) {
      if (!existsSync(mount.source)) problems.push(`service ${name} mounts ${mount.source}, which does not exist`);
    }
  }
  const aerospike = services.aerospike;
  if (isObject(aerospike)) {
    const config = flag(aerospike, '--config-file');
    if (config === undefined) {
      problems.push('aerospike is not started with --config-file, so the image template is used instead of docker/aerospike/aerospike.conf');
    } else {
      if (!bindMounts(aerospike, composeDir).some((m) => m.target === config)) problems.push(`aerospike --config-file ${config} is not a mounted file`);
      // The image's entrypoint renders its template into this very path at every start.
      if (config === '/etc/aerospike/aerospike.conf') problems.push('aerospike config mounted where the entrypoint overwrites it');
    }
  }
  const prometheus = services.prometheus;
  if (isObject(prometheus)) {
    const config = flag(prometheus, '--config.file') ?? '/etc/prometheus/prometheus.yml';
    if (!bindMounts(prometheus, composeDir).some((m) => m.target === config)) problems.push(`prometheus config ${config} is not a mounted file`);
  }
  return problems;
}

/** The host file mounted at a container path of a service. */
function mountedFile(compose: Json, serviceName: string, containerPath: string): string {
  const service = (compose.services as Json)[serviceName] as Json;
  const mount = bindMounts(service, dirname(composePath)).find((m) => m.target === containerPath);
  if (mount === undefined) throw new Error(`${serviceName} mounts nothing at ${containerPath}`);
  return mount.source;
}

// ---------------------------------------------------------------------------
// Aerospike configuration

interface ConfContext {
  name: string;
  arg: string | undefined;
  params: Array<[string, string[]]>;
  children: ConfContext[];
}

/**
 * Parses aerospike.conf's `name [arg] { key value… }` nesting. Stricter than
 * the server about layout (one statement per line, `{` last, `}` alone) and
 * throws on anything else, so a malformed file fails here first.
 */
function parseAerospikeConf(text: string): ConfContext {
  const top: ConfContext = { name: '', arg: undefined, params: [], children: [] };
  const stack = [top];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const where = `aerospike.conf line ${i + 1}`;
    if (line === '}') {
      if (stack.length === 1) throw new Error(`${where}: unmatched }`);
      stack.pop();
      return;
    }
    if (line.endsWith('{')) {
      const words = line.slice(0, -1).trim().split(/\s+/);
      if (words.length === 0 || words[0] === '' || words.length > 2) throw new Error(`${where}: bad context header "${line}"`);
      const context: ConfContext = { name: words[0]!, arg: words[1], params: [], children: [] };
      stack[stack.length - 1]!.children.push(context);
      stack.push(context);
      return;
    }
    if (/[{}]/.test(line)) throw new Error(`${where}: braces must be alone or end a line: "${line}"`);
    const [key, ...values] = line.split(/\s+/);
    if (stack.length === 1) throw new Error(`${where}: "${key}" outside any context`);
    stack[stack.length - 1]!.params.push([key!, values]);
  });
  if (stack.length !== 1) throw new Error(`aerospike.conf: ${stack.length - 1} context(s) not closed (${stack.at(-1)!.name})`);
  return top;
}

function child(context: ConfContext, name: string): ConfContext | undefined {
  return context.children.find((c) => c.name === name);
}

function param(context: ConfContext | undefined, key: string): string | undefined {
  return context?.params.find(([k]) => k === key)?.[1][0];
}

/** A duration as the server reads it: seconds, or a number with s, m, h or d. */
function seconds(value: string): number {
  const match = /^(\d+)([smhd]?)$/i.exec(value);
  if (match === null) throw new Error(`not a duration: ${value}`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2]!.toLowerCase() as '' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

/** Parameters server 7.0 removed; a config that still has them makes asd refuse to start. */
const removedInServer7 = ['memory-size', 'data-in-memory', 'high-water-memory-pct', 'stop-writes-pct', 'single-bin'];

/**
 * What would keep the server from starting, or from doing what the tests
 * need, given the port the compose file publishes and its open-file limit.
 */
function aerospikeConfProblems(text: string, env: { publishedContainerPorts: number[]; nofile: number | undefined }): string[] {
  const problems: string[] = [];
  let conf: ConfContext;
  try {
    conf = parseAerospikeConf(text);
  } catch (err) {
    return [(err as Error).message];
  }
  if (conf.children[0]?.name !== 'service') problems.push('the service context must come first');
  const service = child(conf, 'service');
  const protoFdMax = Number(param(service, 'proto-fd-max') ?? 15000);
  if (env.nofile === undefined || env.nofile < protoFdMax) {
    problems.push(`proto-fd-max ${protoFdMax} exceeds the container's open-file limit (${env.nofile ?? 'not raised'})`);
  }
  const network = child(conf, 'network');
  const servicePort = Number(param(network && child(network, 'service'), 'port'));
  if (!Number.isInteger(servicePort)) problems.push('network.service.port is not set');
  else if (!env.publishedContainerPorts.includes(servicePort)) problems.push(`network.service.port ${servicePort} is not published`);
  const heartbeat = network && child(network, 'heartbeat');
  if (heartbeat === undefined) problems.push('network.heartbeat is missing');
  // Multicast heartbeats do not leave a Docker bridge network.
  else if (param(heartbeat, 'mode') !== 'mesh') problems.push('the heartbeat mode is not mesh');

  const namespaces = conf.children.filter((c) => c.name === 'namespace');
  const names = namespaces.map((ns) => ns.arg);
  if (!names.includes('test')) problems.push('namespace test is missing');
  // Community Edition stops at startup with more.
  if (namespaces.length > 2) problems.push(`${namespaces.length} namespaces; Community Edition allows 2`);
  for (const ns of namespaces) {
    const label = `namespace ${ns.arg}`;
    for (const [key] of ns.params) {
      if (removedInServer7.includes(key)) problems.push(`${label}: ${key} was removed in server 7`);
    }
    const engine = ns.children.find((c) => c.name === 'storage-engine');
    const engineType = engine?.arg ?? ns.params.find(([k]) => k === 'storage-engine')?.[1][0];
    if (engineType === undefined) problems.push(`${label}: no storage-engine`);
    else if (engineType === 'memory') {
      // Since server 7 memory namespaces are sized by data-size (or by their persistence files).
      if (engine === undefined || (param(engine, 'data-size') === undefined && param(engine, 'file') === undefined)) {
        problems.push(`${label}: storage-engine memory needs a { data-size … } block`);
      }
    }
    // A write with a TTL fails with FAIL_FORBIDDEN unless nsup runs or this is allowed.
    const nsup = seconds(param(ns, 'nsup-period') ?? '0');
    const allowed = param(ns, 'allow-ttl-without-nsup') === 'true';
    if (nsup <= 0 && !allowed) problems.push(`${label}: writes with a TTL are rejected (nsup-period is 0 and allow-ttl-without-nsup is not true)`);
  }
  return problems;
}

// ---------------------------------------------------------------------------
// Prometheus configuration

/** `host:port` of every static scrape target. */
function scrapeTargets(config: unknown): Array<{ job: string; target: string; labels: Record<string, string> }> {
  if (!isObject(config) || !Array.isArray(config.scrape_configs)) throw new Error('no scrape_configs');
  return config.scrape_configs.flatMap((job: Json) =>
    ((job.static_configs as Json[] | undefined) ?? []).flatMap((group) =>
      ((group.targets as string[] | undefined) ?? []).map((target) => ({
        job: String(job.job_name),
        target,
        labels: (group.labels as Record<string, string> | undefined) ?? {},
      })),
    ),
  );
}

/** Example apps that serve /metrics: those depending on @aerospike-ts/prometheus. */
function metricsExamples(): string[] {
  const dir = join(root, 'examples');
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'package.json')))
    .filter((name) => {
      const pkg = JSON.parse(readFileSync(join(dir, name, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      return pkg.dependencies?.['@aerospike-ts/prometheus'] !== undefined;
    })
    .sort();
}

function prometheusProblems(config: unknown, compose: Json, examples: string[]): string[] {
  const problems: string[] = [];
  let targets: ReturnType<typeof scrapeTargets>;
  try {
    targets = scrapeTargets(config);
  } catch (err) {
    return [(err as Error).message];
  }
  if (targets.length === 0) problems.push('no scrape targets');
  const services = compose.services as Json;
  const published = new Set(Object.values(services).flatMap((s) => (isObject(s) ? publishedPorts(s).map((p) => p.published) : [])));
  const onHost = targets.filter((t) => t.target.startsWith('host.docker.internal:'));
  const prometheus = services.prometheus;
  const extraHosts = isObject(prometheus) ? prometheus.extra_hosts : undefined;
  const hasGateway = Array.isArray(extraHosts)
    ? extraHosts.some((h) => /^host\.docker\.internal[:=]host-gateway$/.test(String(h)))
    : isObject(extraHosts) && extraHosts['host.docker.internal'] === 'host-gateway';
  // Without it host.docker.internal does not resolve on Linux Docker engines.
  if (onHost.length > 0 && !hasGateway) problems.push('prometheus scrapes host.docker.internal without extra_hosts host.docker.internal:host-gateway');
  const ports = new Map<string, string>();
  for (const t of onHost) {
    const port = t.target.split(':')[1]!;
    // That port on the host belongs to a container, not to an example.
    if (published.has(Number(port))) problems.push(`target ${t.target} is a port compose publishes`);
    const other = ports.get(port);
    if (other !== undefined) problems.push(`examples ${other} and ${t.labels.example} share port ${port}`);
    ports.set(port, t.labels.example ?? t.target);
  }
  for (const example of examples) {
    if (!onHost.some((t) => t.labels.example === example)) problems.push(`example ${example} serves /metrics but is not scraped`);
  }
  return problems;
}

// ---------------------------------------------------------------------------

describe('docker-compose.yml', () => {
  const compose = readCompose();
  const services = compose.services as Json;

  it('has the Aerospike, Prometheus and Jaeger services, their ports and every mounted file', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['aerospike', 'prometheus', 'jaeger']));
    expect(composeProblems(compose, root)).toEqual([]);
  });

  it('catches a missing service, an unpublished port and a mount of a file that is not there', () => {
    const broken = structuredClone(compose);
    const brokenServices = broken.services as Json;
    delete brokenServices.jaeger;
    (brokenServices.prometheus as Json).ports = ['19090:9090'];
    (brokenServices.aerospike as Json).volumes = ['./docker/aerospike/missing.conf:/opt/aerospike/etc/aerospike.conf:ro'];
    const problems = composeProblems(broken, root);
    expect(problems).toContain('service jaeger is missing');
    expect(problems).toContain('service prometheus does not publish 9090:9090');
    expect(problems.some((p) => p.includes('missing.conf, which does not exist'))).toBe(true);
  });

  it('catches Aerospike started without the mounted config', () => {
    const broken = structuredClone(compose);
    delete ((broken.services as Json).aerospike as Json).command;
    expect(composeProblems(broken, root).join('\n')).toMatch(/--config-file/);
  });

  it('reads every port syntax compose accepts', () => {
    expect(publishedPorts({ ports: ['3000:3000', '127.0.0.1:9090:9091/tcp', '4317', { target: 16686, published: 16687 }, { target: 1 }] })).toEqual([
      { published: 3000, target: 3000 },
      { published: 9090, target: 9091 },
      { published: 16687, target: 16686 },
    ]);
    expect(publishedPorts({ ports: ['3000-3002:3000-3002'] }).map((p) => p.published)).toEqual([3000, 3001, 3002]);
    expect(bindMounts({ volumes: ['data:/data', './a:/b:ro', { type: 'bind', source: 'c', target: '/d' }] }, '/r')).toEqual([
      { source: '/r/a', target: '/b' },
      { source: '/r/c', target: '/d' },
    ]);
  });
});

describe('docker/aerospike/aerospike.conf', () => {
  // Read when a test runs, so a missing file fails that test rather than the whole file's collection.
  const load = () => {
    const compose = readCompose();
    const aerospike = (compose.services as Json).aerospike as Json;
    const configPath = mountedFile(compose, 'aerospike', flag(aerospike, '--config-file') ?? '');
    const nofile = (aerospike.ulimits as Json | undefined)?.nofile;
    const env = {
      publishedContainerPorts: publishedPorts(aerospike).map((p) => p.target),
      nofile: typeof nofile === 'number' ? nofile : isObject(nofile) ? Number(nofile.soft) : undefined,
    };
    return { configPath, text: readFileSync(configPath, 'utf8'), env };
  };

  it('is the file compose mounts', () => {
    const { configPath } = load();
    expect(configPath).toBe(join(root, 'docker/aerospike/aerospike.conf'));
    expect(statSync(configPath).isFile()).toBe(true);
  });

  it('starts on server 8 with namespace test and accepts writes with a TTL', () => {
    const { text, env } = load();
    const conf = parseAerospikeConf(text);
    const test = conf.children.find((c) => c.name === 'namespace' && c.arg === 'test');
    expect(test).toBeDefined();
    expect(seconds(param(test!, 'nsup-period') ?? '0') > 0 || param(test!, 'allow-ttl-without-nsup') === 'true').toBe(true);
    expect(aerospikeConfProblems(text, env)).toEqual([]);
  });

  it('catches nsup-period 0, pre-7 sizing, an unclosed block and a low open-file limit', () => {
    const { text, env } = load();
    expect(aerospikeConfProblems(text.replaceAll(/nsup-period\s+\d+/g, 'nsup-period 0'), env).join('\n')).toMatch(
      /namespace test: writes with a TTL are rejected/,
    );
    expect(aerospikeConfProblems(text.replace(/storage-engine memory \{[^}]*\}/, 'memory-size 1G\n\tstorage-engine memory'), env).join('\n')).toMatch(
      /memory-size was removed in server 7[\s\S]*needs a \{ data-size/,
    );
    expect(aerospikeConfProblems(text.replace(/\}\s*$/, ''), env).join('\n')).toMatch(/not closed/);
    expect(aerospikeConfProblems(text, { ...env, nofile: 1024 }).join('\n')).toMatch(/open-file limit/);
    expect(aerospikeConfProblems(text, { ...env, publishedContainerPorts: [3100] }).join('\n')).toMatch(/port 3000 is not published/);
    expect(aerospikeConfProblems(text.replace(/namespace test/, 'namespace other'), env)).toContain('namespace test is missing');
  });

  it('reads durations as the server does', () => {
    expect([seconds('120'), seconds('2m'), seconds('1h'), seconds('1d'), seconds('0')]).toEqual([120, 120, 3600, 86400, 0]);
    expect(() => seconds('soon')).toThrow();
  });
});

describe('docker/prometheus/prometheus.yml', () => {
  const load = () => {
    const compose = readCompose();
    const prometheus = (compose.services as Json).prometheus as Json;
    const configPath = mountedFile(compose, 'prometheus', flag(prometheus, '--config.file') ?? '/etc/prometheus/prometheus.yml');
    const config: unknown = parseYaml(readFileSync(configPath, 'utf8'));
    return { compose, configPath, config, examples: metricsExamples() };
  };

  it('scrapes every example that serves /metrics, on ports of their own', () => {
    const { compose, configPath, config, examples } = load();
    expect(configPath).toBe(join(root, 'docker/prometheus/prometheus.yml'));
    expect(examples.length).toBeGreaterThan(0);
    const targets = scrapeTargets(config);
    expect(targets.length).toBeGreaterThan(0);
    for (const t of targets) expect(t.target).toMatch(/^[\w.-]+:\d+$/);
    expect(prometheusProblems(config, compose, examples)).toEqual([]);
  });

  it('catches an unscraped example, a target on a compose port and a missing host-gateway', () => {
    const { compose, config, examples } = load();
    const broken = structuredClone(config) as { scrape_configs: Array<{ static_configs?: Array<{ targets: string[]; labels?: Record<string, string> }> }> };
    const groups = broken.scrape_configs.flatMap((job) => job.static_configs ?? []);
    const first = groups.find((g) => g.labels?.example !== undefined)!;
    first.targets = ['host.docker.internal:3000'];
    const missing = groups.filter((g) => g.labels?.example !== undefined)[1]!;
    missing.labels = {};
    const noGateway = structuredClone(compose);
    delete ((noGateway.services as Json).prometheus as Json).extra_hosts;
    const problems = prometheusProblems(broken, noGateway, examples).join('\n');
    expect(problems).toMatch(/host\.docker\.internal:3000 is a port compose publishes/);
    expect(problems).toMatch(/serves \/metrics but is not scraped/);
    expect(problems).toMatch(/without extra_hosts/);
  });
});
