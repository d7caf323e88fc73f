/**
 * `@aerospike-ts/otel`: OpenTelemetry spans and metrics for aerospike-ts,
 * following the database semantic conventions.
 *
 * ```ts
 * import { instrumentAerospike } from '@aerospike-ts/otel';
 * instrumentAerospike(); // global tracer and meter providers
 * ```
 *
 * Or, with nothing else configured, `await initTracing()` at startup and
 * `await shutdownTracing()` before exit.
 *
 * @packageDocumentation
 */

export {
  type AerospikeInstrumentation,
  type InstrumentAerospikeOptions,
  INSTRUMENTATION_NAME,
  INSTRUMENTATION_VERSION,
  errorType,
  instrumentAerospike,
  spanName,
} from './instrumentation.js';
export { MissingPeerDependencyError } from './peers.js';
export * from './semconv.js';
export { type InitTracingOptions, initTracing, shutdownTracing } from './tracing.js';
