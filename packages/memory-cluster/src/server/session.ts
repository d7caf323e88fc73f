/**
 * The state of one client connection: who it logged in as, and the reply
 * it is still waiting for, behind which later replies queue so that a
 * connection answers in request order.
 */

import type * as net from 'node:net';
import * as tls from 'node:tls';

/** Per-connection state (authentication). */
export interface ConnectionSession {
  authenticated: boolean;
  user: string | undefined;
  /** Common name of a verified client certificate (PKI). */
  certificateUser: string | undefined;
  /** The last reply still being prepared, when one had to wait; later replies queue behind it. */
  tail?: Promise<void> | undefined;
}

/** The session of a new connection: not logged in, with the user its verified client certificate names, if any. */
export function openSession(socket: net.Socket): ConnectionSession {
  return { authenticated: false, user: undefined, certificateUser: certificateUser(socket) };
}

function certificateUser(socket: net.Socket): string | undefined {
  if (!(socket instanceof tls.TLSSocket) || !socket.authorized) return undefined;
  const cn = socket.getPeerCertificate().subject?.CN;
  return typeof cn === 'string' ? cn : Array.isArray(cn) ? cn[0] : undefined;
}

/**
 * Sends `reply` in request order: at once when it is ready and no earlier
 * reply is pending, else after the replies before it. A reply that fails
 * to come destroys the connection.
 */
export function replyInOrder(
  session: ConnectionSession,
  socket: net.Socket,
  reply: Buffer | Promise<Buffer>,
  send: (reply: Buffer) => void,
): void {
  if (session.tail === undefined && !(reply instanceof Promise)) {
    send(reply);
    return;
  }
  // A reply that has to wait (a proxied request) holds back the replies after it: a connection answers in order.
  const tail: Promise<void> = (session.tail ?? Promise.resolve())
    .then(() => reply)
    .then(
      (buf) => send(buf),
      () => {
        socket.destroy();
      },
    )
    .finally(() => {
      if (session.tail === tail) session.tail = undefined;
    });
  session.tail = tail;
}
