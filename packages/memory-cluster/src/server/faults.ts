/** Faults a test can switch on for one node, on the fly. */

/** Ways a node can misbehave. */
export interface NodeFaults {
  /** Delay before every reply, ms. */
  latencyMs: number;
  /** Send only the first half of each reply, then close the connection. */
  cutReplies: boolean;
  /** Close the connection a request arrives on, without answering. */
  dropRequests: boolean;
  /**
   * Apply each write, then answer TIMEOUT, as a real master does when a
   * replica does not acknowledge the write in time: the write is applied
   * although the client sees an error.
   */
  replicaWriteTimeout: boolean;
}

/** Faults of a node that behaves: none. */
export function noFaults(): NodeFaults {
  return { latencyMs: 0, cutReplies: false, dropRequests: false, replicaWriteTimeout: false };
}
