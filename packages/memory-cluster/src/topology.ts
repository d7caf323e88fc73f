/**
 * Who owns which partition. Every namespace uses the same assignment:
 * partition p's replica r lives on the ((p + r) mod n)-th running node, so
 * masters spread evenly and each prole sits on a different node.
 */

const PARTITIONS = 4096;
const BITMAP_BYTES = PARTITIONS / 8;

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

/** Partitions whose replica list differs between two assignments (counted once per partition). */
export function movedPartitions(before: readonly string[][], after: readonly string[][]): number {
  let moved = 0;
  const rows = Math.max(before.length, after.length);
  for (let pid = 0; pid < PARTITIONS; pid++) {
    for (let r = 0; r < rows; r++) {
      if (before[r]?.[pid] !== after[r]?.[pid]) {
        moved++;
        break;
      }
    }
  }
  return moved;
}

/** Partition ownership of one namespace. */
export class Ownership {
  /** owners[r][pid] = node name. */
  owners: string[][] = [];

  /** Recomputes ownership over `nodes` (in order) with `replicationFactor` copies. */
  assign(nodes: readonly string[], replicationFactor: number): void {
    const n = nodes.length;
    const copies = Math.min(replicationFactor, n);
    this.owners = [];
    for (let r = 0; r < copies; r++) {
      const row = new Array<string>(PARTITIONS);
      for (let pid = 0; pid < PARTITIONS; pid++) row[pid] = nodes[(pid + r) % n]!;
      this.owners.push(row);
    }
  }

  /** Moves partition `pid` so that `nodeName` becomes its master (the old master becomes its first prole). */
  move(pid: number, nodeName: string): void {
    const chain = this.owners.map((row) => row[pid]!);
    const rest = chain.filter((name) => name !== nodeName);
    const next = [nodeName, ...rest].slice(0, this.owners.length);
    for (let r = 0; r < this.owners.length; r++) this.owners[r]![pid] = next[r]!;
  }

  /** Base64 bitmap of the partitions `nodeName` holds at replica index `r`. */
  bitmap(nodeName: string, r: number): string {
    const bits = Buffer.alloc(BITMAP_BYTES);
    const row = this.owners[r];
    if (row !== undefined) {
      for (let pid = 0; pid < PARTITIONS; pid++) if (row[pid] === nodeName) bits[pid >> 3]! |= 0x80 >> (pid & 7);
    }
    return bits.toString('base64');
  }

  /** The master of partition `pid`. */
  master(pid: number): string | undefined {
    return this.owners[0]?.[pid];
  }
}
