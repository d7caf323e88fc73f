/**
 * `@aerospike-ts/memory-cluster`: an in-process, protocol-compatible
 * Aerospike cluster for tests, demos and local development.
 *
 * @packageDocumentation
 */

export { MemoryCluster, type MemoryClusterOptions, startMemoryCluster } from './cluster.js';
export type { CapturedRequest } from './server/capture.js';
export type { NodeFaults } from './server/faults.js';
export { MemoryNode } from './server/node.js';
export type { Clock, NamespaceConfig, StoredBin, StoredRecord } from './storage/store.js';
export { NamespaceStore } from './storage/store.js';
export {
  type CapturedFrame,
  MemoryClusterProcess,
  type MemoryClusterProcessOptions,
  type RemoteNode,
  startMemoryClusterProcess,
} from './process.js';
