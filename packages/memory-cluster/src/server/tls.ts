/** TLS settings of a memory cluster, and the server options its nodes listen with. */

import type { TlsOptions } from 'node:tls';

/**
 * What a memory cluster serves TLS with. `name` is the TLS name peers lists
 * carry (clients check the certificate against it); `ca` verifies client
 * certificates for PKI when `requestCert` is set.
 */
export interface TlsSettings {
  cert: string | Buffer;
  key: string | Buffer;
  ca?: string | Buffer;
  requestCert?: boolean;
  name?: string;
}

/** The options a node's TLS server takes: a handshake without a valid client certificate is not refused. */
export function tlsServerOptions(tls: TlsSettings): TlsOptions {
  return { cert: tls.cert, key: tls.key, ca: tls.ca, requestCert: tls.requestCert ?? false, rejectUnauthorized: false };
}
