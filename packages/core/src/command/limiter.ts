/**
 * A cap on commands in flight for one client (aerospike-py's
 * `max_concurrent_operations`): commands past the cap wait in a FIFO queue,
 * at most `queueTimeout` ms, instead of piling onto the connection pools.
 */

import { BackpressureError, ClientClosedError } from '../errors.js';
import { ResultCode } from '../result-codes.js';

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

/** Counts commands in flight and queues the rest. */
export class OperationLimiter {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly max: number,
    /** Longest wait for a slot, ms; 0 waits as long as it takes. */
    private readonly queueTimeout: number,
  ) {}

  /** Commands waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `command` once a slot is free; rejects with BackpressureError when the wait times out. */
  async run<T>(command: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await this.slot();
    this.active++;
    try {
      return await command();
    } finally {
      this.active--;
      this.next();
    }
  }

  private slot(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, timer: undefined };
      if (this.queueTimeout > 0) {
        waiter.timer = setTimeout(() => {
          const i = this.waiting.indexOf(waiter);
          if (i !== -1) this.waiting.splice(i, 1);
          reject(
            new BackpressureError(
              ResultCode.ASYNC_QUEUE_FULL,
              `no command slot freed within operationQueueTimeout ${this.queueTimeout} ms (maxConcurrentOperations ${this.max})`,
            ),
          );
        }, this.queueTimeout);
      }
      this.waiting.push(waiter);
    });
  }

  private next(): void {
    if (this.active >= this.max) return;
    const waiter = this.waiting.shift();
    if (waiter === undefined) return;
    if (waiter.timer !== undefined) clearTimeout(waiter.timer);
    waiter.resolve();
  }

  /** Fails every queued command (the client is closing). */
  close(): void {
    for (const w of this.waiting.splice(0)) {
      if (w.timer !== undefined) clearTimeout(w.timer);
      w.reject(new ClientClosedError(ResultCode.CLIENT_ERROR, 'the client is closed'));
    }
  }
}
