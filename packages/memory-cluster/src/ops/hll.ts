/**
 * HyperLogLog operations on HLL bins (HLL_READ and HLL_MODIFY), evaluated
 * as the server evaluates them: same argument parsing and checks, same
 * result codes, same sketch bytes (so sketches move between this cluster
 * and a server unchanged) and the same estimates for counts, union and
 * intersection counts and similarity.
 *
 * The payload is the operation's msgpack list `[opcode, args…]`.
 */

import { ResultCode } from '@aerospike-ts/core';
import { HllOp, HllWriteFlags, ParticleType } from '@aerospike-ts/core/wire';
import type { StoredBin } from '../store.js';
import { OpArgs } from './bit.js';
import { type Element, readElement } from './hll/elements.js';
import {
  addElement,
  cardinality,
  HEADER_SIZE,
  intersectCardinality,
  mayContain,
  Registers,
  registersOf,
  Sketch,
  similarity,
  sketchSize,
  union,
  unionCardinality,
  unionOf,
  validCombinedBits,
  validIndexBits,
  validMinhashBits,
} from './hll/sketch.js';
import { OpFailure, type OpResult } from './types.js';

const F_CREATE_ONLY = BigInt(HllWriteFlags.CREATE_ONLY);
const F_UPDATE_ONLY = BigInt(HllWriteFlags.UPDATE_ONLY);
const F_NO_FAIL = BigInt(HllWriteFlags.NO_FAIL);
const F_ALLOW_FOLD = BigInt(HllWriteFlags.ALLOW_FOLD);

/** Index or minhash bits not given (-1 on the wire). */
const UNSET = 0xff;

function fail(code: number, why: string): never {
  throw new OpFailure(code, why);
}

/** One parsed operation. */
interface HllArgs {
  /** Elements as the server hashes them (add, mayContain). */
  elements: Element[];
  /** Sketches given as arguments (set union, get union, counts, similarity). */
  sketches: Sketch[];
  indexBits: number;
  minhashBits: number;
  flags: bigint;
}

type ArgParser = (args: OpArgs, op: HllArgs, def: OpDef) => void;

interface OpDef {
  name: string;
  allowedFlags: bigint;
  minArgs: number;
  maxArgs: number;
  args: ArgParser[];
}

// ---------------------------------------------------------------------------
// Argument parsers

function parseIndexBits(args: OpArgs, op: HllArgs, def: OpDef): void {
  const v = args.int64();
  if (v === undefined) fail(ResultCode.PARAMETER_ERROR, `${def.name}: cannot parse the index bits`);
  if (v !== -1n && !validIndexBits(BigInt.asUintN(64, v))) fail(ResultCode.PARAMETER_ERROR, `${def.name}: index bits ${v} out of range`);
  op.indexBits = Number(BigInt.asUintN(8, v));
}

function parseMinhashBits(args: OpArgs, op: HllArgs, def: OpDef): void {
  const v = args.int64();
  if (v === undefined) fail(ResultCode.PARAMETER_ERROR, `${def.name}: cannot parse the minhash bits`);
  if (v === -1n) {
    op.minhashBits = UNSET;
    return;
  }
  if (!validMinhashBits(BigInt.asUintN(64, v))) fail(ResultCode.PARAMETER_ERROR, `${def.name}: minhash bits ${v} out of range`);
  if (op.indexBits !== UNSET && !validCombinedBits(op.indexBits, Number(v))) {
    fail(ResultCode.PARAMETER_ERROR, `${def.name}: index bits ${op.indexBits} and minhash bits ${v} exceed 64 bits`);
  }
  op.minhashBits = Number(v);
}

function parseFlags(args: OpArgs, op: HllArgs, def: OpDef): void {
  const v = args.uint64();
  if (v === undefined) fail(ResultCode.PARAMETER_ERROR, `${def.name}: cannot parse the flags`);
  if ((v & ~def.allowedFlags) !== 0n) fail(ResultCode.PARAMETER_ERROR, `${def.name}: invalid flags 0x${v.toString(16)}`);
  if ((v & F_CREATE_ONLY) !== 0n && (v & F_UPDATE_ONLY) !== 0n) fail(ResultCode.PARAMETER_ERROR, `${def.name}: CREATE_ONLY and UPDATE_ONLY together`);
  op.flags = v;
}

function parseElements(args: OpArgs, op: HllArgs, def: OpDef): void {
  const n = args.listCount();
  if (n === undefined || n === 0) fail(ResultCode.PARAMETER_ERROR, `${def.name}: expected a non-empty list of elements`);
  for (let i = 0; i < n; i++) {
    const e = readElement(args.buf, args.offset);
    if (e === 'container') fail(ResultCode.PARAMETER_ERROR, `${def.name}: element ${i} is a list or map`);
    if (e === 'malformed') fail(ResultCode.PARAMETER_ERROR, `${def.name}: element ${i} cannot be parsed`);
    op.elements.push(e.element);
    args.offset = e.next;
  }
}

function parseSketches(args: OpArgs, op: HllArgs, def: OpDef): void {
  const first = args.buf[args.offset];
  let n = 1;
  if (first !== undefined && ((first & 0xf0) === 0x90 || first === 0xdc || first === 0xdd)) {
    const count = args.listCount();
    if (count === undefined || count === 0) fail(ResultCode.PARAMETER_ERROR, `${def.name}: expected a non-empty list of HLLs`);
    n = count;
  }
  for (let i = 0; i < n; i++) {
    const b = args.bytes();
    // One particle-type byte, then at least the 11-byte header.
    if (b === undefined || b.length < HEADER_SIZE + 1) fail(ResultCode.PARAMETER_ERROR, `${def.name}: HLL ${i} is not a valid HLL`);
    const data = args.buf.subarray(b.start + 1, b.start + b.length);
    if (data[0] !== 0) fail(ResultCode.PARAMETER_ERROR, `${def.name}: HLL ${i} has unknown flags`);
    if (!validIndexBits(data[1]!)) fail(ResultCode.PARAMETER_ERROR, `${def.name}: HLL ${i} has index bits ${data[1]} out of range`);
    if (!validMinhashBits(data[2]!)) fail(ResultCode.PARAMETER_ERROR, `${def.name}: HLL ${i} has minhash bits ${data[2]} out of range`);
    if (data.length !== sketchSize(data[1]!, data[2]!)) fail(ResultCode.PARAMETER_ERROR, `${def.name}: HLL ${i} has a bad size`);
    op.sketches.push(new Sketch(data));
  }
}

function parseSketchesForIntersect(args: OpArgs, op: HllArgs, def: OpDef): void {
  parseSketches(args, op, def);
  if (op.sketches.length <= 2) return;
  const m = op.sketches[0]!.minhashBits;
  if (op.sketches.some((s) => s.minhashBits !== m)) {
    fail(ResultCode.PARAMETER_ERROR, `${def.name}: more than 2 HLLs need the same minhash bits`);
  }
  if (m === 0) fail(ResultCode.PARAMETER_ERROR, `${def.name}: more than 2 HLLs need minhash bits`);
}

// ---------------------------------------------------------------------------
// Tables

const MODIFY_OPS: ReadonlyMap<number, OpDef> = new Map([
  [
    HllOp.INIT,
    { name: 'hll_init', allowedFlags: F_CREATE_ONLY | F_UPDATE_ONLY | F_NO_FAIL, minArgs: 0, maxArgs: 3, args: [parseIndexBits, parseMinhashBits, parseFlags] },
  ],
  [
    HllOp.ADD,
    {
      name: 'hll_add',
      allowedFlags: F_CREATE_ONLY | F_NO_FAIL,
      minArgs: 1,
      maxArgs: 4,
      args: [parseElements, parseIndexBits, parseMinhashBits, parseFlags],
    },
  ],
  [
    HllOp.SET_UNION,
    { name: 'hll_set_union', allowedFlags: F_CREATE_ONLY | F_UPDATE_ONLY | F_ALLOW_FOLD | F_NO_FAIL, minArgs: 1, maxArgs: 2, args: [parseSketches, parseFlags] },
  ],
  [HllOp.REFRESH_COUNT, { name: 'hll_refresh_count', allowedFlags: 0n, minArgs: 0, maxArgs: 0, args: [] }],
  [HllOp.FOLD, { name: 'hll_fold', allowedFlags: 0n, minArgs: 1, maxArgs: 1, args: [parseIndexBits] }],
]);

function readDef(name: string, args: ArgParser[]): OpDef {
  return { name, allowedFlags: 0n, minArgs: args.length, maxArgs: args.length, args };
}

const READ_OPS: ReadonlyMap<number, OpDef> = new Map([
  [HllOp.COUNT, readDef('hll_get_count', [])],
  [HllOp.UNION, readDef('hll_get_union', [parseSketches])],
  [HllOp.UNION_COUNT, readDef('hll_get_union_count', [parseSketches])],
  [HllOp.INTERSECT_COUNT, readDef('hll_get_intersect_count', [parseSketchesForIntersect])],
  [HllOp.SIMILARITY, readDef('hll_get_similarity', [parseSketchesForIntersect])],
  [HllOp.DESCRIBE, readDef('hll_describe', [])],
  [HllOp.MAY_CONTAIN, readDef('hll_may_contain', [parseElements])],
]);

// ---------------------------------------------------------------------------
// Results

function integerResult(v: bigint): StoredBin {
  const data = Buffer.alloc(8);
  data.writeBigUInt64BE(BigInt.asUintN(64, v));
  return { type: ParticleType.INTEGER, data };
}

function hllBin(s: Sketch): StoredBin {
  return { type: ParticleType.HLL, data: s.data };
}

/** The particle of a describe: the list [indexBits, minhashBits]. */
function describeResult(s: Sketch): StoredBin {
  return { type: ParticleType.LIST, data: Buffer.from([0x92, s.indexBits, s.minhashBits]) };
}

// ---------------------------------------------------------------------------
// Evaluation

/**
 * True when `data` is an HLL particle the server accepts: no flags, index
 * and minhash bits it creates sketches with, and exactly the size they
 * call for. The server refuses to write any other HLL particle (with
 * PARAMETER_ERROR), so a bin of type HLL always passes this test.
 */
export function hllParticleIsValid(data: Buffer): boolean {
  return data.length >= HEADER_SIZE && data[0] === 0 && validCombinedBits(data[1]!, data[2]!) && data.length === sketchSize(data[1]!, data[2]!);
}

/** The stored sketch of a bin, or the server's refusal of a bin that is not a valid HLL. */
function verifyBin(bin: StoredBin | undefined, name: string): Sketch | undefined {
  if (bin === undefined) return undefined;
  if (bin.type !== ParticleType.HLL) fail(ResultCode.BIN_TYPE_ERROR, `${name}: bin is not an HLL (particle type ${bin.type})`);
  if (!hllParticleIsValid(bin.data)) fail(ResultCode.SERVER_ERROR, `${name}: bin holds a corrupt HLL`);
  return new Sketch(bin.data);
}

function startOp(payload: Buffer, modify: boolean): { args: OpArgs; def: OpDef; opcode: number; n: number } {
  const args = new OpArgs(payload);
  const count = args.listCount();
  if (count === undefined || count === 0) fail(ResultCode.PARAMETER_ERROR, 'hll operation: expected a list [opcode, args…]');
  const code = args.uint64();
  if (code === undefined) fail(ResultCode.PARAMETER_ERROR, 'hll operation: cannot parse the opcode');
  const opcode = Number(code & 0xffff_ffffn);
  const def = (modify ? MODIFY_OPS : READ_OPS).get(opcode);
  if (def === undefined) fail(ResultCode.PARAMETER_ERROR, `hll operation: ${opcode} is not a ${modify ? 'modify' : 'read'} opcode`);
  return { args, def, opcode, n: count - 1 };
}

function parseArgs(args: OpArgs, def: OpDef, n: number, op: HllArgs): void {
  if (n < def.minArgs || n > def.maxArgs) fail(ResultCode.PARAMETER_ERROR, `${def.name}: unexpected number of arguments ${n}`);
  for (let i = 0; i < n; i++) def.args[i]!(args, op, def);
}

function modifyHll(opcode: number, def: OpDef, op: HllArgs, old: Sketch | undefined): OpResult {
  const noFail = (op.flags & F_NO_FAIL) !== 0n;
  if (old !== undefined) {
    if ((op.flags & F_CREATE_ONLY) !== 0n) {
      if (noFail) return {};
      fail(ResultCode.BIN_EXISTS_ERROR, `${def.name}: bin exists and CREATE_ONLY is set`);
    }
  } else if ((op.flags & F_UPDATE_ONLY) !== 0n) {
    if (noFail) return {};
    fail(ResultCode.BIN_NOT_FOUND, `${def.name}: bin does not exist and UPDATE_ONLY is set`);
  }

  switch (opcode) {
    case HllOp.INIT: {
      let { indexBits, minhashBits } = op;
      if (old === undefined) {
        if (indexBits === UNSET) fail(ResultCode.OP_NOT_APPLICABLE, `${def.name}: index bits are needed to create the bin`);
        if (minhashBits === UNSET) minhashBits = 0;
      } else {
        if (indexBits === UNSET) indexBits = old.indexBits;
        if (minhashBits === UNSET) minhashBits = old.minhashBits;
        if (!validCombinedBits(indexBits, minhashBits)) fail(ResultCode.OP_NOT_APPLICABLE, `${def.name}: invalid bits (${indexBits}, ${minhashBits})`);
      }
      return { bin: hllBin(Sketch.create(indexBits, minhashBits)) };
    }
    case HllOp.ADD: {
      let s: Sketch;
      if (old === undefined) {
        if (op.indexBits === UNSET) fail(ResultCode.OP_NOT_APPLICABLE, `${def.name}: index bits are needed to create the bin`);
        s = Sketch.create(op.indexBits, op.minhashBits === UNSET ? 0 : op.minhashBits);
      } else {
        s = old.copy();
      }
      let added = 0n;
      for (const e of op.elements) if (addElement(s, e)) added++;
      return { bin: hllBin(s), result: integerResult(added) };
    }
    case HllOp.SET_UNION: {
      const given = op.sketches;
      if (old !== undefined && (op.flags & F_ALLOW_FOLD) === 0n) {
        let minIndex = UNSET;
        let minMinhash = UNSET;
        for (const s of given) {
          if (s.indexBits < minIndex) minIndex = s.indexBits;
          if (s.minhashBits !== minMinhash) minMinhash = minMinhash === UNSET ? s.minhashBits : 0;
        }
        if (old.indexBits > minIndex) fail(ResultCode.OP_NOT_APPLICABLE, `${def.name}: cannot reduce the index bits without ALLOW_FOLD`);
        if (old.minhashBits !== 0 && old.minhashBits !== minMinhash) {
          fail(ResultCode.OP_NOT_APPLICABLE, `${def.name}: cannot drop the minhash bits without ALLOW_FOLD`);
        }
      }
      const all = old === undefined ? given : [...given, old];
      return { bin: hllBin(unionOf(all.map(registersOf)).toSketch()) };
    }
    case HllOp.REFRESH_COUNT: {
      if (old === undefined) fail(ResultCode.BIN_NOT_FOUND, `${def.name}: bin does not exist`);
      const s = old.copy();
      s.cache = cardinality(s);
      return { bin: hllBin(s), result: integerResult(s.cache) };
    }
    default: {
      // FOLD
      if (old === undefined) fail(ResultCode.BIN_NOT_FOUND, `${def.name}: bin does not exist`);
      if (old.minhashBits > 0) fail(ResultCode.OP_NOT_APPLICABLE, `${def.name}: cannot fold an HLL with minhash bits`);
      if (old.indexBits < op.indexBits) fail(ResultCode.OP_NOT_APPLICABLE, `${def.name}: HLL has fewer index bits than ${op.indexBits}`);
      if (old.indexBits === op.indexBits) return { bin: hllBin(old.copy()) };
      const out = new Registers(op.indexBits, 0);
      union(out, registersOf(old));
      return { bin: hllBin(out.toSketch()) };
    }
  }
}

function readHll(opcode: number, def: OpDef, op: HllArgs, s: Sketch): OpResult {
  const given = op.sketches;
  switch (opcode) {
    case HllOp.COUNT:
      return { result: integerResult(cardinality(s)) };
    case HllOp.UNION:
      return { result: hllBin(unionOf([...given, s].map(registersOf)).toSketch()) };
    case HllOp.UNION_COUNT:
      return { result: integerResult(unionCardinality([...given, s])) };
    case HllOp.INTERSECT_COUNT:
    case HllOp.SIMILARITY: {
      if (given.length > 2 && (s.minhashBits === 0 || s.minhashBits !== given[0]!.minhashBits)) {
        fail(ResultCode.OP_NOT_APPLICABLE, `${def.name}: more than 2 HLLs need the bin's minhash bits`);
      }
      if (opcode === HllOp.INTERSECT_COUNT) return { result: integerResult(intersectCardinality([...given, s])) };
      return { result: { type: ParticleType.DOUBLE, data: similarity([...given, s]).bytes } };
    }
    case HllOp.DESCRIBE:
      return { result: describeResult(s) };
    default: {
      // MAY_CONTAIN
      let all = 1n;
      for (const e of op.elements) {
        if (!mayContain(s, e)) {
          all = 0n;
          break;
        }
      }
      return { result: integerResult(all) };
    }
  }
}

/**
 * Applies one HLL operation to a bin, as the server's HLL particle does.
 *
 * @param bin - the bin as stored, or `undefined` when the record has no such bin.
 * @param payload - the operation's value: msgpack `[opcode, args…]`.
 * @param modify - true for HLL_MODIFY, false for HLL_READ; an opcode of the
 *   other kind is refused with PARAMETER_ERROR.
 * @returns for modify operations the new bin, and for add and refreshCount
 *   an INTEGER result (registers changed; the count); nothing when a NO_FAIL
 *   flag turned a failure into a no-op. For reads the result: INTEGER for
 *   getCount, union and intersect counts and mayContain (1/0), HLL for
 *   getUnion, DOUBLE for similarity, LIST `[indexBits, minhashBits]` for
 *   describe. A read of a missing bin returns nothing, without looking at
 *   the payload, as the server does.
 * @throws {@link OpFailure} with the server's result code.
 */
export function applyHllOp(bin: StoredBin | undefined, payload: Buffer, modify: boolean): OpResult {
  if (!modify && bin === undefined) return {};
  const { args, def, opcode, n } = startOp(payload, modify);
  const sketch = verifyBin(bin, def.name);
  const op: HllArgs = { elements: [], sketches: [], indexBits: modify ? UNSET : 0, minhashBits: modify ? UNSET : 0, flags: 0n };
  parseArgs(args, def, n, op);
  return modify ? modifyHll(opcode, def, op, sketch) : readHll(opcode, def, op, sketch!);
}
