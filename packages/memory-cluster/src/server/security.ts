/**
 * Users, logins and sessions, as an Enterprise server with security enabled
 * handles them: LOGIN checks the bcrypt credential (or the clear password of
 * an external user, or the TLS client certificate for PKI) and hands out a
 * session token; AUTHENTICATE accepts the token on further connections.
 */

import { randomBytes } from 'node:crypto';
import {
  AdminCommand,
  AdminField,
  type AdminMessage,
  encodeAdminReply,
  hashPassword,
  readAdminRequest,
} from '@aerospike-ts/core/wire';
import type { ConnectionSession } from './session.js';
import type { Clock } from '../storage/store.js';
import { ResultCode } from '../wire.js';

interface SessionEntry {
  user: string;
  expiresMs: number;
}

/** The security state of a cluster. */
export class Security {
  private readonly credentials = new Map<string, { credential: string; password: string }>();
  private readonly sessions = new Map<string, SessionEntry>();
  /** Lifetime of new session tokens, seconds. */
  sessionTtl = 24 * 60 * 60;

  constructor(private readonly clock: Clock) {}

  /** True once any user exists: then every connection must log in. */
  get enabled(): boolean {
    return this.credentials.size > 0;
  }

  /** Creates a user or changes its password. Existing sessions stay valid, as on a server. */
  setUser(user: string, password: string): void {
    this.credentials.set(user, { credential: hashPassword(password), password });
  }

  /** Removes a user and its sessions. */
  dropUser(user: string): void {
    this.credentials.delete(user);
    for (const [token, s] of this.sessions) if (s.user === user) this.sessions.delete(token);
  }

  /** Ends every session (clients must log in again). */
  expireSessions(): void {
    this.sessions.clear();
  }

  /** Answers an admin request body. */
  handle(body: Buffer, session: ConnectionSession): Buffer {
    if (!this.enabled) return encodeAdminReply(ResultCode.SECURITY_NOT_ENABLED);
    let request: AdminMessage;
    try {
      request = readAdminRequest(body);
    } catch {
      return encodeAdminReply(ResultCode.PARAMETER_ERROR);
    }
    switch (request.command) {
      case AdminCommand.LOGIN:
        return this.login(request, session);
      case AdminCommand.AUTHENTICATE:
        return this.authenticate(request, session);
      default:
        return encodeAdminReply(session.authenticated ? ResultCode.ROLE_VIOLATION : ResultCode.NOT_AUTHENTICATED);
    }
  }

  private login(request: AdminMessage, session: ConnectionSession): Buffer {
    const userField = request.fields.get(AdminField.USER);
    let user: string;
    if (userField === undefined) {
      // PKI: the verified client certificate names the user.
      if (session.certificateUser === undefined || !this.credentials.has(session.certificateUser)) {
        return encodeAdminReply(ResultCode.INVALID_CREDENTIAL);
      }
      user = session.certificateUser;
    } else {
      user = userField.toString('utf8');
      const known = this.credentials.get(user);
      if (known === undefined) return encodeAdminReply(ResultCode.INVALID_USER);
      const clear = request.fields.get(AdminField.CLEAR_PASSWORD);
      const credential = request.fields.get(AdminField.CREDENTIAL);
      const ok = clear !== undefined ? clear.toString('utf8') === known.password : credential?.toString('utf8') === known.credential;
      if (!ok) return encodeAdminReply(ResultCode.INVALID_CREDENTIAL);
    }
    const token = randomBytes(32);
    this.sessions.set(token.toString('hex'), { user, expiresMs: this.clock.now() + this.sessionTtl * 1000 });
    session.authenticated = true;
    session.user = user;
    const ttl = Buffer.allocUnsafe(4);
    ttl.writeUInt32BE(this.sessionTtl);
    return encodeAdminReply(ResultCode.OK, [
      [AdminField.SESSION_TOKEN, token],
      [AdminField.SESSION_TTL, ttl],
    ]);
  }

  private authenticate(request: AdminMessage, session: ConnectionSession): Buffer {
    const token = request.fields.get(AdminField.SESSION_TOKEN);
    const entry = token === undefined ? undefined : this.sessions.get(token.toString('hex'));
    if (entry === undefined) return encodeAdminReply(ResultCode.NOT_AUTHENTICATED);
    if (entry.expiresMs <= this.clock.now()) {
      this.sessions.delete(token!.toString('hex'));
      return encodeAdminReply(ResultCode.EXPIRED_SESSION);
    }
    const user = request.fields.get(AdminField.USER)?.toString('utf8');
    if (user !== undefined && user !== entry.user) return encodeAdminReply(ResultCode.NOT_AUTHENTICATED);
    session.authenticated = true;
    session.user = entry.user;
    return encodeAdminReply(ResultCode.OK);
  }
}
