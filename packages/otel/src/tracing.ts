/**
 * The one-line setup: a Node tracer provider exporting over OTLP/HTTP,
 * configured from the standard `OTEL_*` environment variables, registered
 * globally, with the client instrumented.
 */

import {
  type Attributes,
  type MeterProvider,
  ProxyTracerProvider,
  type TracerProvider,
  context,
  diag,
  propagation,
  trace,
} from '@opentelemetry/api';
import type { NodeTracerProvider, SpanExporter } from '@opentelemetry/sdk-trace-node';
import { type AerospikeInstrumentation, type InstrumentAerospikeOptions, instrumentAerospike } from './instrumentation.js';
import { loadPeer } from './peers.js';

/** Options of {@link initTracing}. Everything else comes from `OTEL_*` variables. */
export interface InitTracingOptions {
  /** `service.name` of the resource; overrides `OTEL_SERVICE_NAME`. */
  serviceName?: string;
  /** More resource attributes, over those of `OTEL_RESOURCE_ATTRIBUTES`. */
  resourceAttributes?: Attributes;
  /** Meter provider for `db.client.operation.duration` (default: the global one). */
  meterProvider?: MeterProvider;
  /**
   * Clients whose `health()` feeds the cluster-health gauges, as in
   * {@link InstrumentAerospikeOptions.clients}.
   *
   * ```ts
   * await initTracing({ meterProvider, clients: [client] });
   * ```
   */
  clients?: InstrumentAerospikeOptions['clients'];
}

interface TracingState {
  provider: NodeTracerProvider;
  instrumentation: AerospikeInstrumentation;
  /** False when another SDK was registered first: then it is not ours to unregister. */
  ownsGlobals: boolean;
}

let current: Promise<TracingState | undefined> | undefined;

function envValue(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** Exporter names of `OTEL_TRACES_EXPORTER` (default `otlp`), lower-cased as the SDKs read them. */
function exporterNames(): string[] {
  const raw = envValue('OTEL_TRACES_EXPORTER') ?? 'otlp';
  return raw
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
}

/**
 * Sets up tracing for aerospike-ts in one call, like aerospike-py's
 * `init_tracing()`: a `NodeTracerProvider` with a batch span processor and
 * an OTLP/HTTP exporter, registered as the global provider (with the
 * AsyncLocalStorage context manager and W3C propagators), and
 * {@link instrumentAerospike} wired to it.
 *
 * Read from the environment:
 * - `OTEL_SDK_DISABLED=true`: do nothing and resolve `undefined`;
 * - `OTEL_TRACES_EXPORTER`: `otlp` (default), `console`, or `none` (spans are
 *   made but not exported);
 * - `OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`,
 *   `OTEL_EXPORTER_OTLP_HEADERS`…: read by the exporter;
 * - `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`: the resource;
 * - `OTEL_BSP_*`, `OTEL_TRACES_SAMPLER*`: read by the SDK.
 *
 * Needs the optional peers `@opentelemetry/sdk-trace-node`,
 * `@opentelemetry/resources` and, for `otlp`,
 * `@opentelemetry/exporter-trace-otlp-http`; rejects with a
 * {@link MissingPeerDependencyError} naming the one that is missing.
 *
 * Calling it again before {@link shutdownTracing} returns the same provider.
 * Applications that configure their own SDK should call
 * {@link instrumentAerospike} instead.
 *
 * @returns the tracer provider, or undefined when the SDK is disabled
 */
export function initTracing(options: InitTracingOptions = {}): Promise<TracerProvider | undefined> {
  if (current === undefined) {
    const starting = start(options);
    current = starting;
    starting.catch(() => {
      if (current === starting) current = undefined;
    });
  }
  return current.then((state) => state?.provider);
}

/**
 * Flushes pending spans and undoes {@link initTracing}: stops the
 * instrumentation, shuts the provider down and, when initTracing registered
 * them, removes the global tracer provider, context manager and propagator.
 * Safe to call when tracing is not initialised, and more than once.
 */
export async function shutdownTracing(): Promise<void> {
  const pending = current;
  current = undefined;
  if (pending === undefined) return;
  const state = await pending.catch(() => undefined);
  if (state === undefined) return;
  state.instrumentation.disable();
  try {
    await state.provider.shutdown();
  } finally {
    if (state.ownsGlobals) {
      trace.disable();
      context.disable();
      propagation.disable();
    }
  }
}

async function start(options: InitTracingOptions): Promise<TracingState | undefined> {
  if (envValue('OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return undefined;

  const [sdk, resources] = await Promise.all([
    loadPeer('@opentelemetry/sdk-trace-node', () => import('@opentelemetry/sdk-trace-node')),
    loadPeer('@opentelemetry/resources', () => import('@opentelemetry/resources')),
  ]);

  const names = exporterNames();
  const exporters: SpanExporter[] = [];
  // As in the OpenTelemetry SDKs, `none` anywhere in the list turns export off.
  if (!names.includes('none')) {
    for (const name of names) {
      if (name === 'otlp') {
        const { OTLPTraceExporter } = await loadPeer('@opentelemetry/exporter-trace-otlp-http', () => import('@opentelemetry/exporter-trace-otlp-http'));
        exporters.push(new OTLPTraceExporter());
      } else if (name === 'console') {
        exporters.push(new sdk.ConsoleSpanExporter());
      } else {
        diag.warn(`@aerospike-ts/otel: unsupported OTEL_TRACES_EXPORTER value "${name}" ignored (supported: otlp, console, none)`);
      }
    }
  }

  const extra: Attributes = { ...options.resourceAttributes };
  if (options.serviceName !== undefined) extra['service.name'] = options.serviceName;
  const resource = resources
    .defaultResource()
    .merge(resources.detectResources({ detectors: [resources.envDetector] }))
    .merge(resources.resourceFromAttributes(extra));

  const provider = new sdk.NodeTracerProvider({
    resource,
    spanProcessors: exporters.map((exporter) => new sdk.BatchSpanProcessor(exporter)),
  });
  provider.register();
  const global = trace.getTracerProvider();
  const ownsGlobals = global instanceof ProxyTracerProvider && global.getDelegate() === provider;
  if (!ownsGlobals) {
    diag.warn('@aerospike-ts/otel: a global tracer provider was already registered; initTracing() traces the client with its own provider only');
  }
  const instrumentation = instrumentAerospike({ tracerProvider: provider, meterProvider: options.meterProvider, clients: options.clients });
  return { provider, instrumentation, ownsGlobals };
}
