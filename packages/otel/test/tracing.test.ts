/**
 * initTracing()/shutdownTracing(): the global SDK set up from `OTEL_*`
 * variables, exporting over OTLP/HTTP to a server started here.
 */

import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, channels } from '@aerospike-ts/core';
import { type MemoryCluster, startMemoryCluster } from '@aerospike-ts/memory-cluster';
import { initTracing, shutdownTracing } from '@aerospike-ts/otel';
import { trace } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const NS = 'test';
const ENV_KEYS = ['OTEL_TRACES_EXPORTER', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_SERVICE_NAME', 'OTEL_SDK_DISABLED', 'OTEL_BSP_SCHEDULE_DELAY'];
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

let cluster: MemoryCluster;
let client: Client;

interface Received {
  method: string;
  url: string;
  contentType: string | undefined;
  body: string;
}

async function startCollector(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, received };
}

/** Span names and attributes from OTLP/JSON export requests. */
function exportedSpans(received: Received[]) {
  type OtlpValue = { stringValue?: string; intValue?: string | number };
  type OtlpSpan = { name: string; parentSpanId?: string; spanId: string; traceId: string; attributes?: Array<{ key: string; value: OtlpValue }> };
  type OtlpRequest = {
    resourceSpans: Array<{ resource: { attributes: Array<{ key: string; value: OtlpValue }> }; scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
  };
  return received
    .filter((r) => r.url === '/v1/traces')
    .flatMap((r) => (JSON.parse(r.body) as OtlpRequest).resourceSpans)
    .flatMap((rs) =>
      rs.scopeSpans.flatMap((ss) =>
        ss.spans.map((s) => ({
          name: s.name,
          spanId: s.spanId,
          traceId: s.traceId,
          parentSpanId: s.parentSpanId,
          service: rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue,
          attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, a.value.stringValue ?? a.value.intValue])),
        })),
      ),
    );
}

function tracingIsGlobal(): boolean {
  const span = trace.getTracer('probe').startSpan('probe');
  const recording = span.isRecording();
  span.end();
  return recording;
}

beforeAll(async () => {
  cluster = await startMemoryCluster({ nodes: 1 });
  client = await new Client({ hosts: cluster.hosts }).connect();
});

afterAll(async () => {
  await shutdownTracing();
  await client?.close();
  await cluster?.close();
});

afterEach(async () => {
  await shutdownTracing();
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

describe('initTracing', () => {
  it('exports command spans over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT, with OTEL_SERVICE_NAME, flushed by shutdownTracing()', async () => {
    const collector = await startCollector();
    try {
      process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
      process.env.OTEL_SERVICE_NAME = 'orders-api';
      // Only shutdownTracing() may flush: a long schedule delay proves it does.
      process.env.OTEL_BSP_SCHEDULE_DELAY = '60000';
      delete process.env.OTEL_TRACES_EXPORTER;

      const provider = await initTracing();
      expect(provider).toBeDefined();
      expect(tracingIsGlobal()).toBe(true);

      const set = `init${process.pid}`;
      await trace.getTracer('app').startActiveSpan('checkout', async (parent) => {
        await client.put([NS, set, 'k'], { v: 1 });
        await client.get([NS, set, 'k']);
        parent.end();
      });
      expect(collector.received).toHaveLength(0);

      await shutdownTracing();
      const posts = collector.received.filter((r) => r.method === 'POST' && r.url === '/v1/traces');
      expect(posts.length).toBeGreaterThanOrEqual(1);
      expect(posts[0]?.contentType).toMatch(/application\/json/);

      const spans = exportedSpans(collector.received);
      const parent = spans.find((s) => s.name === 'checkout');
      const put = spans.find((s) => s.name === `put ${set}`);
      const get = spans.find((s) => s.name === `get ${set}`);
      expect(parent).toBeDefined();
      expect(put?.service).toBe('orders-api');
      expect(put?.attributes).toMatchObject({ 'db.system.name': 'aerospike', 'db.namespace': NS, 'db.collection.name': set, 'db.operation.name': 'put' });
      expect(put?.parentSpanId).toBe(parent?.spanId);
      expect(get?.parentSpanId).toBe(parent?.spanId);
      expect(get?.traceId).toBe(parent?.traceId);
    } finally {
      await new Promise((resolve) => collector.server.close(resolve));
    }
  });

  it('OTEL_TRACES_EXPORTER=none: a global provider and instrumentation, and no export', async () => {
    const collector = await startCollector();
    try {
      process.env.OTEL_TRACES_EXPORTER = 'none';
      process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
      const provider = await initTracing();
      expect(provider).toBeDefined();
      expect(tracingIsGlobal()).toBe(true);
      expect(channels.command.hasSubscribers).toBe(true);
      await client.put([NS, `none${process.pid}`, 'k'], { v: 1 });
      await shutdownTracing();
      expect(collector.received).toHaveLength(0);
    } finally {
      await new Promise((resolve) => collector.server.close(resolve));
    }
  });

  it('is idempotent, and shutdownTracing() undoes it (again callable, and safe to repeat)', async () => {
    process.env.OTEL_TRACES_EXPORTER = 'none';
    const [a, b] = await Promise.all([initTracing(), initTracing()]);
    expect(a).toBeDefined();
    expect(b).toBe(a);
    expect(await initTracing()).toBe(a);

    await shutdownTracing();
    await shutdownTracing();
    expect(tracingIsGlobal()).toBe(false);
    expect(channels.command.hasSubscribers).toBe(false);

    const c = await initTracing();
    expect(c).toBeDefined();
    expect(c).not.toBe(a);
    expect(tracingIsGlobal()).toBe(true);
  });

  it('OTEL_SDK_DISABLED=true: does nothing', async () => {
    process.env.OTEL_SDK_DISABLED = 'TRUE';
    expect(await initTracing()).toBeUndefined();
    expect(tracingIsGlobal()).toBe(false);
    expect(channels.command.hasSubscribers).toBe(false);
  });
});
