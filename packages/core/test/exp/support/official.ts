/**
 * The official `aerospike` npm client's expression builders, typed just
 * enough to build the same expressions with it and read back its bytes
 * (`Client#expressionToBase64` needs a client object but no connection).
 */

import { createRequire } from 'node:module';

/**
 * What an official builder returns: an array of entries its addon compiles.
 * @example `const e: OfficialExp = A.exp.int(1);`
 */
export type OfficialExp = unknown;
type Fn = (...args: unknown[]) => OfficialExp;
type Names<K extends string> = { readonly [P in K]: Fn };

/**
 * Names of the official `exp` functions.
 * @example `const n: ExpName = 'binInt';`
 */
export type ExpName = 'bool' | 'int' | 'uint' | 'float' | 'str' | 'bytes' | 'geo' | 'nil' | 'inf' | 'unknown' | 'wildcard' | 'list' | 'map' | 'keyInt' | 'keyStr' | 'keyBlob' | 'keyExist' | 'binBool' | 'binInt' | 'binFloat' | 'binStr' | 'binBlob' | 'binGeo' | 'binList' | 'binMap' | 'binHll' | 'binType' | 'binExists' | 'setName' | 'deviceSize' | 'lastUpdate' | 'sinceUpdate' | 'voidTime' | 'ttl' | 'isTombstone' | 'memorySize' | 'recordSize' | 'digestModulo' | 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'cmpRegex' | 'cmpGeo' | 'inList' | 'removeResult' | 'resultRemove' | 'mapKeys' | 'mapValues' | 'not' | 'and' | 'or' | 'exclusive' | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'log' | 'mod' | 'abs' | 'floor' | 'ceil' | 'toInt' | 'toFloat' | 'intAnd' | 'intOr' | 'intXor' | 'intNot' | 'intLshift' | 'intRshift' | 'intArshift' | 'intCount' | 'intLscan' | 'intRscan' | 'min' | 'max' | 'cond' | 'let' | 'def' | 'var' | 'loopVarFloat' | 'loopVarInt' | 'loopVarList' | 'loopVarMap' | 'loopVarStr' | 'loopVarBlob' | 'loopVarBool' | 'loopVarNil' | 'loopVarGeoJSON' | 'loopVarHLL' | 'selectByPath' | 'modifyByPath';
/**
 * Names of the official `exp.lists` functions.
 * @example `const n: ListsName = 'size';`
 */
export type ListsName = 'size' | 'getByValue' | 'getByValueRange' | 'getByValueList' | 'getByRelRankRangeToEnd' | 'getByRelRankRange' | 'getByIndex' | 'getByIndexRangeToEnd' | 'getByIndexRange' | 'getByRank' | 'getByRankRangeToEnd' | 'getByRankRange' | 'append' | 'appendItems' | 'insert' | 'insertItems' | 'increment' | 'set' | 'clear' | 'sort' | 'removeByValue' | 'removeByValueList' | 'removeByValueRange' | 'removeByRelRankRangeToEnd' | 'removeByRelRankRange' | 'removeByIndex' | 'removeByIndexRangeToEnd' | 'removeByIndexRange' | 'removeByRank' | 'removeByRankRangeToEnd' | 'removeByRankRange';
/**
 * Names of the official `exp.maps` functions.
 * @example `const n: MapsName = 'size';`
 */
export type MapsName = 'put' | 'putItems' | 'increment' | 'clear' | 'removeByKey' | 'removeByKeyList' | 'removeByKeyRange' | 'removeByKeyRelIndexRangeToEnd' | 'removeByKeyRelIndexRange' | 'removeByValue' | 'removeByValueList' | 'removeByValueRange' | 'removeByValueRelRankRangeToEnd' | 'removeByValueRelRankRange' | 'removeByIndex' | 'removeByIndexRangeToEnd' | 'removeByIndexRange' | 'removeByRank' | 'removeByRankRangeToEnd' | 'removeByRankRange' | 'size' | 'getByKey' | 'getByKeyRange' | 'getByKeyList' | 'getByKeyRelIndexRangeToEnd' | 'getByKeyRelIndexRange' | 'getByValue' | 'getByValueRange' | 'getByValueList' | 'getByValueRelRankRangeToEnd' | 'getByValueRelRankRange' | 'getByIndex' | 'getByIndexRangeToEnd' | 'getByIndexRange' | 'getByRank' | 'getByRankRangeToEnd' | 'getByRankRange';
/**
 * Names of the official `exp.bit` functions.
 * @example `const n: BitName = 'count';`
 */
export type BitName = 'reSize' | 'insert' | 'remove' | 'set' | 'or' | 'xor' | 'and' | 'not' | 'lShift' | 'rShift' | 'add' | 'subtract' | 'setInt' | 'get' | 'count' | 'lScan' | 'rScan' | 'getInt';
/**
 * Names of the official `exp.hll` functions.
 * @example `const n: HllName = 'getCount';`
 */
export type HllName = 'initMH' | 'init' | 'addMH' | 'add' | 'update' | 'getCount' | 'getUnion' | 'getUnionCount' | 'getIntersectCount' | 'getSimilarity' | 'describe' | 'mayContain';

/**
 * A CDT context of the official client.
 * @example `new A.cdt.Context().addMapKey('a')`
 */
export interface OfficialContext {
  addListIndex(index: number): OfficialContext;
  addListIndexCreate(index: number, order: number, pad: boolean): OfficialContext;
  addListRank(rank: number): OfficialContext;
  addListValue(value: unknown): OfficialContext;
  addMapIndex(index: number): OfficialContext;
  addMapRank(rank: number): OfficialContext;
  addMapKey(key: unknown): OfficialContext;
  addMapKeyCreate(key: unknown, order: number): OfficialContext;
  addMapValue(value: unknown): OfficialContext;
  addMapKeysIn(keys: unknown[]): OfficialContext;
  addAllChildren(): OfficialContext;
  addAllChildrenWithFilter(filter: OfficialExp): OfficialContext;
  addAndFilter(filter: OfficialExp): OfficialContext;
}

/**
 * The official `exp` module.
 * @example `const E: OfficialExpModule = A.exp;`
 */
export type OfficialExpModule = Names<ExpName> & {
  readonly lists: Names<ListsName>;
  readonly maps: Names<MapsName>;
  readonly bit: Names<BitName>;
  readonly hll: Names<HllName>;
  readonly type: Readonly<Record<'NIL' | 'BOOL' | 'INT' | 'STR' | 'LIST' | 'MAP' | 'BLOB' | 'FLOAT' | 'GEOJSON' | 'HLL' | 'AUTO', number>>;
  readonly loopVarPart: Readonly<Record<'KEY' | 'VALUE' | 'INDEX', number>>;
  readonly pathSelectFlags: Readonly<Record<'MATCHING_TREE' | 'VALUE' | 'MAP_KEY' | 'MAP_KEY_VALUE' | 'NO_FAIL', number>>;
  readonly operations: { read(bin: string, e: OfficialExp, flags: number): unknown; write(bin: string, e: OfficialExp, flags: number): unknown };
};

/**
 * The parts of the `aerospike` module the expression tests use.
 * @example `const { A } = loadOfficial();`
 */
export interface OfficialModule {
  readonly exp: OfficialExpModule;
  readonly cdt: { readonly Context: new () => OfficialContext };
  readonly Client: new (config: { hosts: string; log?: { level: number } }) => { expressionToBase64(e: OfficialExp): string };
  readonly GeoJSON: new (value: object | string) => unknown;
  readonly Double: new (value: number) => unknown;
  readonly ListPolicy: new (props: object) => unknown;
  readonly MapPolicy: new (props: object) => unknown;
  readonly log: { readonly OFF: number };
}

/**
 * Names of the official client's expression functions, per namespace.
 * @example `officialFunctionNames(A)` → `['bool', …, 'lists.size', …]`
 */
export function officialFunctionNames(A: OfficialModule): string[] {
  const names: string[] = [];
  const add = (prefix: string, ns: object) => {
    for (const [k, v] of Object.entries(ns)) if (typeof v === 'function' && k !== 'ExpOperation') names.push(prefix + k);
  };
  add('', A.exp);
  for (const ns of ['lists', 'maps', 'bit', 'hll'] as const) add(`${ns}.`, A.exp[ns]);
  return names;
}

/**
 * Loads the official client and returns it with a `toBase64` of its expressions.
 * @example `const { A, toBase64 } = loadOfficial(); toBase64(A.exp.int(1));`
 */
export function loadOfficial(): { A: OfficialModule; toBase64: (e: OfficialExp) => string } {
  const A = createRequire(import.meta.url)('aerospike') as OfficialModule;
  const client = new A.Client({ hosts: '127.0.0.1:1', log: { level: A.log.OFF } });
  return { A, toBase64: (e) => client.expressionToBase64(e) };
}
