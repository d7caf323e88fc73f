/** A metric reader the OTel tests collect from on demand, with cumulative temporality. */

import { AggregationTemporality, MetricReader } from '@opentelemetry/sdk-metrics';

/** A reader the test collects from on demand: `await reader.collect()`. */
export class TestReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}
