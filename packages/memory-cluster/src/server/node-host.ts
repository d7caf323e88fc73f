/** What a node asks of the cluster it belongs to. */

import type { MemoryClusterState } from '../info/cluster-state.js';
import type { CapturedRequest } from './capture.js';
import type { MemoryNode } from './node.js';
import type { ConnectionSession } from './session.js';

/** What a node asks of its cluster. */
export interface NodeHost extends MemoryClusterState {
  /** Answers an AS_MSG request body the node received. */
  handleMessage(body: Buffer, node: MemoryNode): Buffer | Promise<Buffer>;
  /** Answers an admin request body (login, authenticate…) received on a connection. */
  handleAdmin(body: Buffer, node: MemoryNode, session: ConnectionSession): Buffer;
  /** Called with every request frame the node receives. */
  capture?: ((request: CapturedRequest) => void) | undefined;
}
