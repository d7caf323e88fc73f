/**
 * Expression operations: evaluate an expression inside an `operate`
 * command, returning its value under a name of your choice (read), or
 * storing it in a bin (write).
 *
 * @packageDocumentation
 */

import { invalidArgument } from '../errors.js';
import { ExpReadFlags, ExpWriteFlags } from '../wire/cdt/exp.js';
import { OperationType } from '../wire/message.js';
import { arrayHeaderSize, intSize, packArrayHeader, packInt } from '../wire/msgpack.js';
import type { Operation } from '../wire/operation.js';
import { ParticleType } from '../wire/particles.js';
import { type Exp, type ExpAnyKind, T_SENTINEL, checkFlags, node } from './exp.js';
import { binNamePart } from './record.js';

const READ_FLAGS_MASK = ExpReadFlags.EVAL_NO_FAIL;
const WRITE_FLAGS_MASK =
  ExpWriteFlags.CREATE_ONLY | ExpWriteFlags.UPDATE_ONLY | ExpWriteFlags.ALLOW_DELETE | ExpWriteFlags.POLICY_NO_FAIL | ExpWriteFlags.EVAL_NO_FAIL;

function operation(fn: string, type: number, bin: string, e: unknown, flags: number, mask: number): Operation {
  binNamePart(fn, bin);
  checkFlags(fn, 'flags', flags, mask);
  const n = node(fn, 'expression', e);
  if (n.type === T_SENTINEL) throw invalidArgument(fn, 'expression cannot be exp.wildcard() or exp.inf()');
  // [expression, flags], the expression inlined.
  const buf = Buffer.allocUnsafe(arrayHeaderSize(2) + n.byteSize + intSize(flags));
  let at = packArrayHeader(2, buf, 0);
  at = n.write(buf, at);
  packInt(flags, buf, at);
  // Positional, as every expression operation's result is: operate asks for a result per operation.
  return { op: type, bin, encoded: { particleType: ParticleType.BLOB, bytes: buf }, respondAll: true };
}

/**
 * Expression operations for `operate`.
 * @example `await client.operate(key, [expOps.read('total', exp.add(exp.binInt('a'), exp.binInt('b')))])`
 */
export const expOps = {
  /**
   * Evaluates `e` on the record and returns its value in the result under
   * `name` (no bin is read or written by that name).
   * @param flags - {@link ExpReadFlags}: `EVAL_NO_FAIL` makes an expression
   *   that cannot be evaluated return nothing instead of failing the command.
   * @example
   * ```ts
   * const rec = await client.operate(key, [
   *   expOps.read('total', exp.add(exp.binInt('a'), exp.binInt('b'))),
   * ]);
   * rec.bins.total; // a + b
   * ```
   */
  read(name: string, e: Exp<ExpAnyKind>, flags: ExpReadFlags = ExpReadFlags.DEFAULT): Operation {
    return operation('expOps.read', OperationType.EXP_READ, name, e, flags, READ_FLAGS_MASK);
  },

  /**
   * Evaluates `e` on the record and writes the result to bin `bin`.
   * @param flags - {@link ExpWriteFlags}: `CREATE_ONLY` / `UPDATE_ONLY`
   *   (the bin must not / must exist), `ALLOW_DELETE` (a nil result deletes
   *   the bin), `POLICY_NO_FAIL` (a refused write is skipped, not an error),
   *   `EVAL_NO_FAIL` (an expression that cannot be evaluated is skipped).
   * @example
   * ```ts
   * await client.operate(key, [
   *   expOps.write('tags', exp.lists.append(exp.binList('tags'), exp.str('seen'))),
   * ]);
   * ```
   */
  write(bin: string, e: Exp<ExpAnyKind>, flags: ExpWriteFlags = ExpWriteFlags.DEFAULT): Operation {
    return operation('expOps.write', OperationType.EXP_MODIFY, bin, e, flags, WRITE_FLAGS_MASK);
  },
} as const;
