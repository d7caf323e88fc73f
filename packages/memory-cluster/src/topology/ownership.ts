/**
 * Who owns which partition. Every namespace uses the same assignment:
 * partition p's replica r lives on the ((p + r) mod n)-th running node, so
 * masters spread evenly and each prole sits on a different node.
 */

const PARTITIONS = 4096;
const BITMAP_BYTES = PARTITIONS / 8;

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
