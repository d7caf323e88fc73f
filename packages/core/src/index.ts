/**
 * `@aerospike-ts/core`: a pure-TypeScript Aerospike client.
 *
 * ```ts
 * import { connect } from '@aerospike-ts/core';
 * await using client = await connect({ hosts: 'localhost:3000' });
 * await client.put(['test', 'users', 'ada'], { name: 'Ada', visits: 1 });
 * const record = await client.get(['test', 'users', 'ada']);
 * ```
 *
 * @packageDocumentation
 */

export {
  Client,
  connect,
  type AerospikeRecord,
  type Bins,
  type ClientState,
  type ClientStats,
  type NodeInfo,
  type NodeStats,
  type OperateResult,
  type RecordMetadata,
} from './client.js';
export {
  type ClusterHealth,
  HEALTH_STATUS_LEVELS,
  type HealthStatus,
  type NamespaceHealth,
  type NodeHealth,
  worstByNamespace,
  worstStatusLevel,
} from './cluster/health.js';
export { AuthMode, type ClientConfig, type Host, type ResolvedConfig, type TlsConfig, parseHosts } from './config.js';
export {
  AerospikeError,
  type AttemptFailure,
  BackpressureError,
  ClientClosedError,
  ClusterError,
  ConnectionError,
  type ErrorContext,
  FilteredOutError,
  GenerationError,
  InvalidArgumentError,
  ProtocolError,
  RecordExistsError,
  BinTypeError,
  ElementExistsError,
  ElementNotFoundError,
  OpNotApplicableError,
  RecordNotFoundError,
  SecurityError,
  TimeoutError,
} from './errors.js';
export { type InfoAllResult, checkInfoValue, parseNamespaces, parseSets, parseStatistics } from './info.js';
export {
  CHANNEL_NAMES,
  type CommandContext,
  type ConnectionEvent,
  type NodeEvent,
  type PartitionsEvent,
  type TendEvent,
  channels,
  errorType,
} from './diagnostics.js';
export {
  type HealthErrorBody,
  type HealthHttpOptions,
  type HealthHttpResponse,
  type HttpErrorMapping,
  healthHttpResponse,
  httpStatusFor,
} from './http-status.js';
export { Key, type KeyInput, type UserKey } from './key.js';
export { LogLevel, type Logger, consoleLogger, getLogLevel, setLogLevel, setLogger } from './log.js';
export type { ConnectOptions, Connector } from './net/connection.js';
export { ops, type Operation } from './ops/scalar.js';
export { type CdtContext, type CtxStep, ctx, contextFromBase64, contextToBase64 } from './ops/ctx.js';
export type { CdtOptions, ListReturnTypeName, MapReturnTypeName } from './ops/cdt-encode.js';
export {
  type ListCreateOptions,
  type ListPolicy,
  type ListReturnOptions,
  type ListSelectOptions,
  type ListSetOrderOptions,
  type ListWriteOptions,
  lists,
} from './ops/list.js';
export { type MapCreateOptions, type MapPolicy, type MapReturnOptions, type MapSelectOptions, type MapWriteOptions, maps } from './ops/map.js';
export {
  type BitGetIntOptions,
  type BitMathOptions,
  type BitOverflowActionName,
  type BitPolicy,
  type BitResizeOptions,
  type BitWriteOptions,
  bits,
} from './ops/bit.js';
export { type HllPolicy, type HllWriteOptions, hll } from './ops/hll.js';
export {
  type BlobExp,
  type BoolExp,
  type Branch,
  type CdtArgExp,
  type ContainerExp,
  type CtxArg,
  type EXP_KIND,
  type Exp,
  type ExpAnyKind,
  type ExpBlob,
  type ExpBool,
  type ExpComparable,
  type ExpDef,
  type ExpFloat,
  type ExpGeo,
  type ExpHll,
  type ExpInt,
  type ExpKind,
  type ExpKindOf,
  type ExpList,
  type ExpMap,
  type ExpNil,
  type ExpNumber,
  type ExpRemove,
  type ExpSentinel,
  type ExpString,
  type FloatExp,
  type GeoExp,
  type HllExp,
  type IntArg,
  type IntExp,
  type ListExp,
  type ListMultiResult,
  type ListSingleResult,
  type LongCond,
  type MapExp,
  type MapMultiResult,
  type MapSingleResult,
  type NilExp,
  PathModifyFlags,
  type ReturnTypeArg,
  type StringExp,
  type UnknownExp,
  exp,
  expOps,
  expressionFromBase64,
  expressionFromBytes,
  expressionToBase64,
} from './exp/index.js';
export {
  BitOverflowAction,
  BitResizeFlags,
  BitWriteFlags,
  CdtReturnType,
  HllWriteFlags,
  ListOrder,
  ListSortFlags,
  ListWriteFlags,
  MapOrder,
  MapWriteFlags,
  MapWriteMode,
  ExpReadFlags,
  ExpType,
  ExpWriteFlags,
  LoopVarPart,
  PathSelectFlags,
  RegexFlags,
} from './wire/cdt/index.js';
export { DEFAULT_READ_POLICY, DEFAULT_WRITE_POLICY } from './policy/defaults.js';
export {
  CommitLevel,
  ExistsAction,
  GenerationPolicy,
  ReadModeAP,
  ReadModeSC,
  type FilterExpression,
  type ReadPolicy,
  type ReadPolicyInput,
  Replica,
  type RemovePolicy,
  Ttl,
  type WritePolicy,
  type WritePolicyInput,
} from './policy/types.js';
export { ResultCode, resultCodeMessage, resultCodeName } from './result-codes.js';
export { type ClientSource, WatchedClients } from './watched-clients.js';
export { type BinValue, Double, GeoJSON, HyperLogLog, type MapKey, INFINITY, WILDCARD } from './values.js';
