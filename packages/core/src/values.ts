/**
 * Value types that bins, list elements and map entries can hold, and the
 * wrapper classes for values whose JavaScript form would be ambiguous.
 *
 * @packageDocumentation
 */

import { invalidArgument } from './errors.js';

/**
 * A floating-point value. Needed only for integral values: `new Double(2)` is
 * stored as the float 2.0, whereas the plain number `2` is stored as an
 * integer. Non-integral numbers are always stored as floats without a wrapper.
 * Reads return plain numbers.
 */
export class Double {
  /**
   * @param value - the number to store as a float.
   * @throws {@link InvalidArgumentError} when `value` is not a number.
   */
  constructor(readonly value: number) {
    if (typeof value !== 'number') throw invalidArgument('Double', `expected a number, got ${typeof value}`);
  }

  /** The wrapped number, so that arithmetic and comparisons work on a Double. */
  valueOf(): number {
    return this.value;
  }
}

/**
 * A GeoJSON value (a point, polygon, AeroCircle…), stored with its own
 * particle type so that geo indexes and geo filters can use it.
 */
export class GeoJSON {
  /** The GeoJSON text. An object given to the constructor is serialised once, here. */
  readonly value: string;

  /**
   * @param value - GeoJSON text, or an object that is serialised with `JSON.stringify`.
   * @throws {@link InvalidArgumentError} when `value` is neither, or cannot be serialised.
   */
  constructor(value: string | object) {
    if (typeof value === 'string') {
      this.value = value;
      return;
    }
    if (typeof value !== 'object' || value === null) {
      throw invalidArgument('GeoJSON', `expected a string or an object, got ${value === null ? 'null' : typeof value}`);
    }
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch (err) {
      throw invalidArgument('GeoJSON', `object cannot be serialised: ${(err as Error).message}`);
    }
    if (typeof text !== 'string') throw invalidArgument('GeoJSON', 'object cannot be serialised');
    this.value = text;
  }

  /**
   * The parsed GeoJSON object, so that `JSON.stringify` of a record nests the
   * geometry instead of a quoted string; the raw text if it is not valid JSON.
   */
  toJSON(): unknown {
    try {
      return JSON.parse(this.value) as unknown;
    } catch {
      return this.value;
    }
  }

  /** The GeoJSON text. */
  toString(): string {
    return this.value;
  }
}

/**
 * An opaque HyperLogLog sketch as the server stores it (particle type 18).
 * Produced by HLL operations; write it back unchanged to copy a sketch.
 */
export class HyperLogLog {
  /**
   * @param bytes - the sketch exactly as the server returned it.
   * @throws {@link InvalidArgumentError} when `bytes` is not a Buffer or Uint8Array.
   */
  constructor(readonly bytes: Buffer) {
    if (!(bytes instanceof Uint8Array)) throw invalidArgument('HyperLogLog', 'expected a Buffer');
  }
}

/**
 * Class of the two CDT range sentinels {@link WILDCARD} and {@link INFINITY}.
 * Only those two instances exist.
 */
export class CdtSentinel {
  /**
   * @param kind - which sentinel this is.
   * @param code - the data byte of its msgpack ext encoding (`d4 ff <code>`).
   */
  private constructor(
    readonly kind: 'wildcard' | 'infinity',
    readonly code: number,
  ) {}

  /** @internal Creates the two sentinels; called once, below. */
  static create(kind: 'wildcard' | 'infinity', code: number): CdtSentinel {
    return Object.freeze(new CdtSentinel(kind, code));
  }

  /** `WILDCARD` or `INFINITY`, for logs and test output. */
  toString(): string {
    return this.kind === 'wildcard' ? 'WILDCARD' : 'INFINITY';
  }
}

/**
 * Matches any value in a CDT value comparison, e.g. `['name', WILDCARD]`
 * selects every list element whose first item is `'name'`. Encoded as the
 * msgpack ext `d4 ff 00`.
 */
export const WILDCARD: CdtSentinel = CdtSentinel.create('wildcard', 0);

/**
 * Greater than every other value: the open end of a CDT value or key range.
 * Encoded as the msgpack ext `d4 ff 01`.
 */
export const INFINITY: CdtSentinel = CdtSentinel.create('infinity', 1);

/** Types a map key can have. Object keys are always strings; use a `Map` for the others. */
export type MapKey = string | number | bigint | Buffer | Uint8Array;

/**
 * Anything a bin can hold.
 *
 * - Integral numbers and bigints are integers (signed 64-bit at bin level),
 *   other numbers and {@link Double} are floats.
 * - `Buffer`/`Uint8Array` are blobs.
 * - Arrays are lists.
 * - Plain objects are key-ordered maps (as the official Node.js client sends
 *   them); a `Map` is an unordered map whose keys may be non-strings.
 * - `null` as a bin value deletes the bin; inside lists and maps it is nil.
 */
export type BinValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Buffer
  | Uint8Array
  | Double
  | GeoJSON
  | HyperLogLog
  | BinValue[]
  | Map<MapKey, BinValue>
  | { [key: string]: BinValue };

/**
 * Bytes that are already msgpack, written as they are where a value is
 * expected: how an expression or a context nests inside another encoding.
 * Built by the operation and expression builders; applications do not need it.
 */
export class PackedMsgpack {
  /** @param bytes - one complete msgpack value. */
  constructor(readonly bytes: Buffer) {
    if (!(bytes instanceof Uint8Array)) throw invalidArgument('PackedMsgpack', 'expected a Buffer');
  }
}

/**
 * A value that may appear in a CDT operation argument: any {@link BinValue},
 * plus the range sentinels {@link WILDCARD} and {@link INFINITY}, at any depth.
 */
export type CdtValue =
  | BinValue
  | CdtSentinel
  | PackedMsgpack
  | CdtValue[]
  | Map<MapKey, CdtValue>
  | { [key: string]: CdtValue };
