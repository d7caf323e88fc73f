/**
 * Authentication of new connections. The first connection to a node logs in
 * (user and bcrypt credential, a clear-text password for external/LDAP, or
 * the TLS client certificate for PKI) and receives a session token; every
 * other connection presents the token. The token is renewed a minute before
 * it expires, and whenever the server rejects it.
 */

import type { ResolvedConfig } from '../config.js';
import { ProtocolError, SecurityError } from '../errors.js';
import { type Connection, SINGLE_FRAME } from '../net/connection.js';
import { ResultCode, resultCodeMessage } from '../result-codes.js';
import { encodeAuthenticate, encodeLogin, hashPassword, parseLoginReply, readAdminReply } from '../wire/admin.js';
import { ProtoType } from '../wire/proto.js';

/** Renew this long before the server says a session expires. */
const RENEW_MARGIN_MS = 60_000;

interface Session {
  token: Buffer;
  /** Unix ms after which the token is not offered again (0: never expires). */
  renewAt: number;
}

/** Logs connections in; one per client, shared by every node. */
export class Authenticator {
  private credential: string | undefined;
  private readonly sessions = new Map<string, Session>();
  /** Set once a server said security is off: connections need nothing. */
  private securityDisabled = false;

  constructor(private readonly config: ResolvedConfig) {}

  /** True when the config asks for authentication at all. */
  get enabled(): boolean {
    return this.config.user !== undefined || this.config.authMode === 'pki';
  }

  /** Prepares a freshly opened connection to `conn.address`; throws SecurityError when refused. */
  async prepare(conn: Connection): Promise<void> {
    if (!this.enabled || this.securityDisabled) return;
    const session = this.sessions.get(conn.address);
    if (session !== undefined && (session.renewAt === 0 || Date.now() < session.renewAt)) {
      const code = await this.authenticate(conn, session.token);
      if (code === ResultCode.OK || code === ResultCode.SECURITY_NOT_ENABLED) return;
      // Expired or revoked: log in again below.
      this.sessions.delete(conn.address);
    }
    await this.login(conn);
  }

  private async send(conn: Connection, request: Buffer): Promise<Buffer> {
    const body = await conn.run(request, SINGLE_FRAME, this.config.loginTimeout);
    if (conn.lastType !== ProtoType.ADMIN) {
      conn.close();
      throw new ProtocolError(ResultCode.PARSE_ERROR, `expected a security reply from ${conn.address}, got proto type ${conn.lastType}`);
    }
    return body;
  }

  private async authenticate(conn: Connection, token: Buffer): Promise<number> {
    const user = this.config.authMode === 'pki' ? undefined : this.config.user;
    const reply = readAdminReply(await this.send(conn, encodeAuthenticate({ user, sessionToken: token })));
    return reply.resultCode;
  }

  private async login(conn: Connection): Promise<void> {
    const mode = this.config.authMode;
    let request: Buffer;
    if (mode === 'pki') request = encodeLogin({});
    else {
      // bcrypt costs ~100 ms: hash the password once per client.
      this.credential ??= hashPassword(this.config.password ?? '');
      request = encodeLogin({
        user: this.config.user,
        credential: this.credential,
        clearPassword: mode === 'external' || mode === 'externalInsecure' ? this.config.password : undefined,
      });
    }
    const reply = parseLoginReply(await this.send(conn, request));
    if (reply.resultCode === ResultCode.SECURITY_NOT_ENABLED) {
      this.securityDisabled = true;
      return;
    }
    if (reply.resultCode !== ResultCode.OK) {
      conn.close();
      const who = mode === 'pki' ? 'the client certificate' : `user "${this.config.user}"`;
      throw new SecurityError(reply.resultCode, `login of ${who} refused by ${conn.address}: ${resultCodeMessage(reply.resultCode)}`, {
        address: conn.address,
      });
    }
    if (reply.sessionToken === undefined) {
      conn.close();
      throw new SecurityError(ResultCode.NOT_AUTHENTICATED, `login at ${conn.address} succeeded without a session token`, {
        address: conn.address,
      });
    }
    const ttl = reply.sessionTtl ?? 0;
    this.sessions.set(conn.address, {
      token: reply.sessionToken,
      renewAt: ttl === 0 ? 0 : Date.now() + Math.max(ttl * 1000 - RENEW_MARGIN_MS, (ttl * 1000) / 2),
    });
  }
}
