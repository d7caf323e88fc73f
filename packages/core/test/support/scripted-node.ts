/**
 * A fake single node on a raw `node:net` server: it connects and tends like
 * a real node (owning every partition of namespace `test`), and answers
 * record commands from a script, one entry per request: a result code, a
 * way of not answering (silence, a closed socket, half a reply, garbage), or
 * raw bytes. When the script runs out it gives `fallback` (OK unless set).
 * Info answers can be replaced one command at a time.
 *
 * ```ts
 * const node = await ScriptedNode.start();
 * node.script.push(ResultCode.TIMEOUT, 'close');
 * node.infoAnswers.set('replicas', () => 'test:0,1,…');
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

/** How the node answers one record request: a result code, raw bytes, or a way of not answering. */
export type ScriptedAnswer = number | Buffer | 'silent' | 'close' | 'half' | 'garbage';

/** Base64 of a bitmap holding all 4096 partitions. */
export const ALL_PARTITIONS = Buffer.alloc(512, 0xff).toString('base64');

/** A whole frame: proto header then `body`. */
export function frame(type: number, body: Buffer): Buffer {
  const out = Buffer.alloc(PROTO_HEADER_SIZE + body.length);
  writeProtoHeader(out, 0, type as ProtoType, body.length);
  body.copy(out, PROTO_HEADER_SIZE);
  return out;
}

/** A reply of `resultCode` with generation 1 and no bins. */
export function bareReply(resultCode: number): Buffer {
  const body = Buffer.alloc(MSG_HEADER_SIZE);
  body[0] = MSG_HEADER_SIZE;
  body[5] = resultCode;
  body.writeUInt32BE(1, 6);
  return frame(ProtoType.MESSAGE, body);
}

/** A node answering from a script. */
export class ScriptedNode {
  /** Answers still to give, in order. */
  readonly script: ScriptedAnswer[] = [];
  /** The answer once the script is empty. */
  fallback: ScriptedAnswer = 0;
  /** Info answers that replace the defaults, by command. */
  readonly infoAnswers = new Map<string, () => string>();
  /** Record requests received. */
  requests = 0;
  /** Connections accepted. */
  connections = 0;
  /** Every socket accepted and not yet closed. */
  readonly sockets = new Set<net.Socket>();
  /** The socket each record request arrived on, in order. */
  readonly requestSockets: net.Socket[] = [];
  port = 0;
  private readonly server = net.createServer((socket) => this.accept(socket));

  constructor(readonly name = 'BB9D00D1E5C0A80') {}

  /** Starts a node on a free loopback port. */
  static async start(name?: string): Promise<ScriptedNode> {
    const node = new ScriptedNode(name);
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
    this.connections++;
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
    this.requestSockets.push(socket);
    const answer = this.script.shift() ?? this.fallback;
    if (Buffer.isBuffer(answer)) {
      socket.write(answer);
      return;
    }
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
        socket.write(Buffer.from('this is not an Aerospike reply, not even close\r\n'));
        return;
      default:
        socket.write(bareReply(answer));
    }
  }

  private info(command: string): string {
    const replaced = this.infoAnswers.get(command);
    if (replaced !== undefined) return replaced();
    switch (command) {
      case 'node':
        return this.name;
      case 'partition-generation':
      case 'peers-generation':
        return '1';
      case 'peers-clear-std':
        return `1,${this.port},[]`;
      case 'replicas':
        return `test:0,1,${ALL_PARTITIONS}`;
      default:
        if (command.startsWith('cluster-stable')) return 'A1B2C3D4E5F6';
        return 'ERROR:4:unrecognized command';
    }
  }
}
