/**
 * Builders of the operations an `operate` command runs on one record, in
 * order, in one round trip. List, map, bit, HLL and expression operations
 * produce the same {@link Operation} shape with pre-encoded operands.
 */

import { invalidArgument } from '../errors.js';
import type { BinValue } from '../values.js';
import { OperationType } from '../wire/message.js';
import type { Operation } from '../wire/operation.js';

export type { Operation } from '../wire/operation.js';

/** The bin name a builder was given; an empty name would address the whole record. */
function binName(builder: string, bin: string): string {
  if (typeof bin !== 'string' || bin === '') {
    throw invalidArgument(builder, `bin name must be a non-empty string, got ${typeof bin === 'string' ? '""' : typeof bin}`);
  }
  return bin;
}

/**
 * Scalar operations. Builders that take a bin name throw
 * `InvalidArgumentError` when it is empty or not a string.
 */
export const ops = {
  /** Reads one bin; use {@link ops.readAll} for every bin. */
  read(bin: string): Operation {
    return { op: OperationType.READ, bin: binName('ops.read', bin) };
  },
  /** Reads every bin of the record. */
  readAll(): Operation {
    return { op: OperationType.READ, bin: '' };
  },
  /** Writes a bin; `null` deletes it. */
  write(bin: string, value: BinValue): Operation {
    return { op: OperationType.WRITE, bin: binName('ops.write', bin), value };
  },
  /** Adds to an integer or double bin (created when missing). */
  add(bin: string, value: number | bigint): Operation {
    return { op: OperationType.ADD, bin: binName('ops.add', bin), value };
  },
  /** Alias of {@link ops.add}, as aerospike-py names it. */
  increment(bin: string, value: number | bigint): Operation {
    return { op: OperationType.ADD, bin: binName('ops.increment', bin), value };
  },
  /** Appends to a string or bytes bin. */
  append(bin: string, value: string | Uint8Array): Operation {
    return { op: OperationType.APPEND, bin: binName('ops.append', bin), value };
  },
  /** Prepends to a string or bytes bin. */
  prepend(bin: string, value: string | Uint8Array): Operation {
    return { op: OperationType.PREPEND, bin: binName('ops.prepend', bin), value };
  },
  /** Resets the record's TTL (to the policy's `ttl`) and bumps its generation. */
  touch(): Operation {
    return { op: OperationType.TOUCH, bin: '' };
  },
  /** Deletes the record. */
  delete(): Operation {
    return { op: OperationType.DELETE, bin: '' };
  },
} as const;
