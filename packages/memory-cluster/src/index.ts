/**
 * `@aerospike-ts/memory-cluster`: an in-process, protocol-compatible
 * Aerospike cluster for tests, demos and local development.
 *
 * @packageDocumentation
 */

export { MemoryCluster, type MemoryClusterOptions, startMemoryCluster } from './cluster.js';
export type { CapturedRequest, NodeFaults } from './node.js';
export { MemoryNode } from './node.js';
export type { Clock, NamespaceConfig, StoredBin, StoredRecord } from './store.js';
export { NamespaceStore } from './store.js';
export {
  type CapturedFrame,
  MemoryClusterProcess,
  type MemoryClusterProcessOptions,
  type RemoteNode,
  startMemoryClusterProcess,
} from './process.js';
