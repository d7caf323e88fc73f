/**
 * A fake single node on a raw `node:net` server: it connects and tends like
 * a real node (owning every partition of namespace `test`), and answers
 * record commands from a script, one entry per request: a result code, or
 * a way of not answering (silence, a closed socket, half a reply, garbage).
 * When the script runs out it gives `fallback` (OK unless set).
 *
 * ```ts
 * const node = await ScriptedNode.start();
 * node.script.push(ResultCode.TIMEOUT, 'close');
 * ```
 */

import * as net from 'node:net';
import {
  FrameReader,
  MSG_HEADER_SIZE,
  PROTO_HEADER_SIZE,
  ProtoType,
  encodeInfoResponse,
  parseInfoRequest,
  writeProtoHeader,
} from '@aerospike-ts/core/wire';

/** How the node answers one record request. */
export type ScriptedAnswer = number | 'silent' | 'close' | 'half' | 'garbage';

const ALL_PARTITIONS = Buffer.alloc(512, 0xff).toString('base64');

/** A reply of `resultCode` with generation 1 and no bins. */
export function bareReply(resultCode: number): Buffer {
  const out = Buffer.alloc(PROTO_HEADER_SIZE + MSG_HEADER_SIZE);
  writeProtoHeader(out, 0, ProtoType.MESSAGE, MSG_HEADER_SIZE);
  out[PROTO_HEADER_SIZE] = MSG_HEADER_SIZE;
  out[PROTO_HEADER_SIZE + 5] = resultCode;
  out.writeUInt32BE(1, PROTO_HEADER_SIZE + 6);
  return out;
}

/** A node answering from a script. */
export class ScriptedNode {
  /** Answers still to give, in order. */
  readonly script: ScriptedAnswer[] = [];
  /** The answer once the script is empty. */
  fallback: ScriptedAnswer = 0;
  /** Record requests received. */
  requests = 0;
  port = 0;
  readonly name = 'BB9D00D1E5C0A80';
  private readonly sockets = new Set<net.Socket>();
  private readonly server = net.createServer((socket) => this.accept(socket));

  /** Starts a node on a free loopback port. */
  static async start(): Promise<ScriptedNode> {
    const node = new ScriptedNode();
    await new Promise<void>((resolve) => node.server.listen(0, '127.0.0.1', resolve));
    node.port = (node.server.address() as net.AddressInfo).port;
    return node;
  }

  /** `host:port`, ready for a client's `hosts`. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Stops the node and closes every socket. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    const reader = new FrameReader();
    socket.on('data', (chunk: Buffer) => {
      try {
        reader.push(chunk, (type, body) => this.onFrame(socket, type, body));
      } catch {
        socket.destroy();
      }
    });
  }

  private onFrame(socket: net.Socket, type: number, body: Buffer): void {
    if (type === ProtoType.INFO) {
      socket.write(encodeInfoResponse(parseInfoRequest(body).map((c) => [c, this.info(c)] as const)));
      return;
    }
    this.requests++;
    const answer = this.script.shift() ?? this.fallback;
    switch (answer) {
      case 'silent':
        return;
      case 'close':
        socket.destroy();
        return;
      case 'half': {
        const reply = bareReply(0);
        socket.end(reply.subarray(0, reply.length >> 1));
        return;
      }
      case 'garbage':
        socket.write(Buffer.from('not an Aerospike reply at all, sorry\r\n'));
        return;
      default:
        socket.write(bareReply(answer));
    }
  }

  private info(command: string): string {
    switch (command) {
      case 'node':
        return this.name;
      case 'partition-generation':
      case 'peers-generation':
        return '1';
      case 'peers-clear-std':
        return `0,${this.port},[]`;
      case 'replicas':
        return `test:0,1,${ALL_PARTITIONS}`;
      default:
        if (command.startsWith('cluster-stable')) return 'A1B2C3D4E5F6';
        return 'ERROR:4:unrecognized command';
    }
  }
}
