/**
 * Well-formedness of the strings the client encodes. A lone surrogate has no
 * UTF-8 form: encoded anyway it becomes U+FFFD, and the server would store,
 * index and hash a different string than the one the caller gave. Names,
 * keys and values are checked before they are encoded and rejected instead.
 */

import { type InvalidArgumentError, invalidArgument } from '../errors.js';

/** A lone high surrogate, or a low surrogate without its high half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

type MaybeWellFormed = { isWellFormed?: () => boolean };

/**
 * True when `s` is well-formed UTF-16 (has no lone surrogate). Uses the
 * native `String.prototype.isWellFormed` where the runtime has it (Node 20+)
 * and a regular expression elsewhere; the choice is made once, at load.
 */
export const isWellFormed: (s: string) => boolean =
  typeof (String.prototype as MaybeWellFormed).isWellFormed === 'function'
    ? (s) => (s as unknown as Required<MaybeWellFormed>).isWellFormed()
    : (s) => !LONE_SURROGATE.test(s);

/** Index of the first lone surrogate in `s`, or -1 when it has none. */
export function loneSurrogateIndex(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    return i;
  }
  return -1;
}

/**
 * The error for a string that is not well-formed: `<what>: string is not
 * well-formed UTF-16 (lone surrogate at index <i>)`.
 */
export function notWellFormed(what: string, s: string): InvalidArgumentError {
  return invalidArgument(what, `string is not well-formed UTF-16 (lone surrogate at index ${loneSurrogateIndex(s)})`);
}

/** `s` as a quoted, escaped literal for an error message, shortened past 40 UTF-16 units. */
export function quote(s: string): string {
  return s.length <= 40 ? JSON.stringify(s) : `${JSON.stringify(s.slice(0, 40))}…`;
}
