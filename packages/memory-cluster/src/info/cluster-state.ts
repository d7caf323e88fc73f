/**
 * What info answers need to know about the node asked and about its
 * cluster: the read-only view the info commands answer from.
 */

/** What info answers need to know about the node being asked. */
export interface MemoryNodeView {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly address: string;
  readonly rackId: number;
  /** True while the node has just (re)started and not joined the cluster yet. */
  readonly loading: boolean;
}

/** What info answers need to know about the cluster. */
export interface MemoryClusterState {
  readonly clusterName: string | undefined;
  readonly clusterKey: string;
  readonly tlsName: string | undefined;
  readonly partitionGeneration: number;
  readonly peersGeneration: number;
  readonly rebalanceGeneration: number;
  peersOf(nodeName: string): MemoryNodeView[];
  replicasOf(nodeName: string, withRegime: boolean): string;
  mastersOf(nodeName: string): string;
  /** The node's partition generation: -1 until it has joined. */
  partitionGenerationOf(nodeName: string): number;
  /** The cluster key the node reports. */
  clusterKeyOf(nodeName: string): string;
  /** Whether the node would call the cluster stable: joined, and no migrations left. */
  isStable(nodeName: string): boolean;
  namespaceNames(): string[];
  /** `namespace/<ns>` as `node` answers it: its statistics, then the namespace's configuration. */
  namespaceInfo(namespace: string, node: MemoryNodeView): string;
  /** `sets`, `sets/<ns>` and `sets/<ns>/<set>` (known namespaces only) as `node` answers them. */
  setsInfo(namespace: string | undefined, node: MemoryNodeView, set?: string): string;
  statistics(node: MemoryNodeView): string;
  /** A namespace's settings, or undefined when there is no such namespace. */
  namespaceSettings(namespace: string): NamespaceSettings | undefined;
  /** Whether the nodes serve TLS. */
  servesTls(): boolean;
  /** Lifetime of session tokens in seconds when security is on (there are users), else undefined. */
  securitySessionTtl(): number | undefined;
  /** Deletes the records of a namespace (of one set), or only those last updated before `beforeMs` (Unix ms). */
  truncate(namespace: string, set?: string, beforeMs?: number): void;
}

/** The settings of a namespace that info answers report. */
export interface NamespaceSettings {
  readonly replicationFactor: number;
  readonly defaultTtl: number;
  readonly maxRecordSize: number;
}
