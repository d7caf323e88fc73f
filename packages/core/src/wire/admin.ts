/**
 * The security (admin) protocol: proto type 2 messages for login, session
 * authentication and user/role management.
 *
 * Every message, request or reply, is a 16-byte header followed by fields:
 *
 * ```
 * byte 0      scheme (always 0)
 * byte 1      result code (replies only)
 * byte 2      command (requests; replies carry 0)
 * byte 3      number of fields
 * bytes 4-15  zero
 * field:      u32 big-endian size (= 1 + value length), u8 field id, value
 * ```
 *
 * A proto body normally holds one message; user and role queries stream
 * several per body, the last carrying result code 50 (QUERY_END).
 */

import { invalidArgument, protocolError } from '../errors.js';
import { bcryptHash } from './bcrypt.js';
import { MAX_PROTO_BODY, ProtoType } from './proto.js';
import { MessageWriter, fieldSize } from './writer.js';

/** Admin command codes (byte 2 of the admin header). */
export const AdminCommand = {
  /** Authenticate a new connection with the session token from {@link AdminCommand.LOGIN}. */
  AUTHENTICATE: 0,
  CREATE_USER: 1,
  DROP_USER: 2,
  /** An administrator sets another user's password. */
  SET_PASSWORD: 3,
  /** A user changes their own password; needs no authenticated socket, so it works on an expired password. */
  CHANGE_PASSWORD: 4,
  GRANT_ROLES: 5,
  REVOKE_ROLES: 6,
  QUERY_USERS: 9,
  CREATE_ROLE: 10,
  DROP_ROLE: 11,
  GRANT_PRIVILEGES: 12,
  REVOKE_PRIVILEGES: 13,
  SET_WHITELIST: 14,
  SET_QUOTAS: 15,
  QUERY_ROLES: 16,
  /** Exchange credentials for a session token; the first message on a node's first connection. */
  LOGIN: 20,
} as const;
/** @see {@link AdminCommand} */
export type AdminCommand = (typeof AdminCommand)[keyof typeof AdminCommand];

/** Admin field ids (the byte after each field's size). */
export const AdminField = {
  /** User name, UTF-8. */
  USER: 0,
  /** New password for CREATE_USER / SET_PASSWORD / CHANGE_PASSWORD: the bcrypt hash, not the clear text. */
  PASSWORD: 1,
  /** CHANGE_PASSWORD: the bcrypt hash of the current password. */
  OLD_PASSWORD: 2,
  /** LOGIN: the 60-character bcrypt hash of the password ({@link hashPassword}). */
  CREDENTIAL: 3,
  /** LOGIN with external (LDAP) authentication: the password in clear text. */
  CLEAR_PASSWORD: 4,
  /** Opaque token from a LOGIN reply, presented by AUTHENTICATE. */
  SESSION_TOKEN: 5,
  /** LOGIN reply: u32 big-endian session lifetime in seconds (absent when sessions do not expire). */
  SESSION_TTL: 6,
  /** Role list: u8 count, then per role u8 length + UTF-8 name. */
  ROLES: 10,
  ROLE: 11,
  PRIVILEGES: 12,
  /** Comma-separated allowed client addresses. */
  WHITELIST: 13,
  READ_QUOTA: 14,
  WRITE_QUOTA: 15,
  READ_INFO: 16,
  WRITE_INFO: 17,
  CONNECTIONS: 18,
} as const;
/** @see {@link AdminField} */
export type AdminField = (typeof AdminField)[keyof typeof AdminField];

/**
 * The fixed bcrypt salt every Aerospike client uses. The server stores the
 * hash, not the password, so the salt must be the same everywhere for the
 * server's comparison to work; it adds no per-user secrecy.
 */
export const AEROSPIKE_BCRYPT_SALT = '$2a$10$7EqJtq98hPqEX7fNZaFWoO';

/** Size of the admin header that starts every admin message. */
export const ADMIN_HEADER_SIZE = 16;

/** Bytes before a field's value: u32 size + u8 id. */
const FIELD_HEADER_SIZE = 5;
const MAX_FIELDS = 255;

/**
 * The credential Aerospike expects for `password`: bcrypt with
 * {@link AEROSPIKE_BCRYPT_SALT}, as the 60-character string. It is what LOGIN
 * sends as CREDENTIAL and what user management sends as PASSWORD. Costs about
 * 2^10 Blowfish key schedules, so compute it once per client, not per login.
 */
export function hashPassword(password: string): string {
  return bcryptHash(password, AEROSPIKE_BCRYPT_SALT);
}

/** One field of an admin message: id and raw value. */
export type AdminFieldEntry = readonly [id: number, value: Uint8Array | string];

/** A decoded admin message. */
export interface AdminMessage {
  /** Header byte 0; 0 is the only scheme servers accept. */
  scheme: number;
  /** Header byte 1: 0 on success, else an Aerospike result code. Requests carry 0. */
  resultCode: number;
  /** Header byte 2: an {@link AdminCommand} in requests; servers reply with 0. */
  command: number;
  /**
   * Field values by id. They are views into the decoded body, not copies:
   * copy anything kept after the body's buffer may be reused.
   */
  fields: Map<number, Buffer>;
}

function checkByte(what: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) {
    throw invalidArgument(what, `${value} is not an integer in 0..255`);
  }
}

function encodeMessage(resultCode: number, command: number, fields: readonly AdminFieldEntry[]): Buffer {
  checkByte('admin result code', resultCode);
  checkByte('admin command', command);
  if (fields.length > MAX_FIELDS) {
    throw invalidArgument('admin fields', `${fields.length} fields, the header counts at most ${MAX_FIELDS}`);
  }
  const values = fields.map(([id, value]) => {
    checkByte('admin field id', id);
    return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  });
  const bodyLength = values.reduce((n, v) => n + fieldSize(v.length), ADMIN_HEADER_SIZE);
  if (bodyLength > MAX_PROTO_BODY) {
    throw invalidArgument('admin fields', `message of ${bodyLength} bytes exceeds ${MAX_PROTO_BODY}`);
  }
  const w = MessageWriter.frame(ProtoType.ADMIN, bodyLength);
  w.u8(0); // scheme
  w.u8(resultCode);
  w.u8(command);
  w.u8(fields.length);
  w.zeros(ADMIN_HEADER_SIZE - 4);
  for (let i = 0; i < values.length; i++) w.field(fields[i]![0], values[i]!);
  return w.finish();
}

/**
 * Encodes an admin request frame (proto header included): `command` with
 * `fields` in the order given. String values are sent as UTF-8.
 *
 * @throws {@link InvalidArgumentError} for a command or field id outside
 * 0..255 or more than 255 fields.
 */
export function encodeAdminCommand(command: number, fields: readonly AdminFieldEntry[] = []): Buffer {
  return encodeMessage(0, command, fields);
}

/** What {@link encodeLogin} sends; every field is optional because PKI login sends none. */
export interface LoginRequest {
  /** User name. Omitted for PKI, where the server takes it from the client certificate. */
  user?: string | undefined;
  /** {@link hashPassword} of the password (the 60-character string, or its bytes). */
  credential?: string | Uint8Array | undefined;
  /** The password itself, for external (LDAP) authentication only. */
  clearPassword?: string | undefined;
}

/**
 * Encodes a LOGIN frame with the fields present, in the order USER,
 * CREDENTIAL, CLEAR_PASSWORD. What the official clients send per auth mode:
 *
 * - internal: `{ user, credential }`
 * - external and external-insecure (identical on the wire; they differ only in
 *   whether the client insists on TLS): `{ user, credential, clearPassword }`.
 *   The hash goes along with the clear password, as the official clients send it.
 * - PKI: `{}`, no fields; TLS with a client certificate identifies the user.
 *
 * The reply is decoded by {@link parseLoginReply}.
 */
export function encodeLogin(request: LoginRequest): Buffer {
  const fields: AdminFieldEntry[] = [];
  if (request.user !== undefined) fields.push([AdminField.USER, request.user]);
  if (request.credential !== undefined) fields.push([AdminField.CREDENTIAL, request.credential]);
  if (request.clearPassword !== undefined) fields.push([AdminField.CLEAR_PASSWORD, request.clearPassword]);
  return encodeMessage(0, AdminCommand.LOGIN, fields);
}

/** What {@link encodeAuthenticate} sends. */
export interface AuthenticateRequest {
  /** User name; omitted under PKI, as for LOGIN. */
  user?: string | undefined;
  /** The token from the LOGIN reply. */
  sessionToken: Uint8Array;
}

/**
 * Encodes an AUTHENTICATE frame: USER (unless PKI) then SESSION_TOKEN. The
 * official clients log in on a node's tend connection and present the token
 * on every other connection they open to it, so the server checks a token
 * instead of repeating a password check (for LDAP, an external round trip).
 * The reply is a bare header: 0, or 52 (SECURITY_NOT_ENABLED), means the
 * connection is authenticated; anything else, typically an expired session,
 * calls for a new LOGIN.
 */
export function encodeAuthenticate(request: AuthenticateRequest): Buffer {
  const fields: AdminFieldEntry[] = [];
  if (request.user !== undefined) fields.push([AdminField.USER, request.user]);
  fields.push([AdminField.SESSION_TOKEN, request.sessionToken]);
  return encodeMessage(0, AdminCommand.AUTHENTICATE, fields);
}

/**
 * Encodes an admin reply frame, as a server sends it: `resultCode`, command
 * 0 and `fields`. A LOGIN success carries SESSION_TOKEN and, when sessions
 * expire, SESSION_TTL (u32 big-endian seconds).
 *
 * @throws {@link InvalidArgumentError} for a result code or field id outside
 * 0..255 or more than 255 fields.
 */
export function encodeAdminReply(resultCode: number, fields: readonly AdminFieldEntry[] = []): Buffer {
  return encodeMessage(resultCode, 0, fields);
}

/** Decodes the message at `offset`; returns it with the offset just past it. */
function decodeMessage(body: Buffer, offset: number, what: string): { message: AdminMessage; end: number } {
  if (body.length - offset < ADMIN_HEADER_SIZE) {
    throw protocolError(what, `header needs ${ADMIN_HEADER_SIZE} bytes, have ${body.length - offset}`);
  }
  const count = body[offset + 3]!;
  const fields = new Map<number, Buffer>();
  let pos = offset + ADMIN_HEADER_SIZE;
  for (let i = 0; i < count; i++) {
    if (body.length - pos < FIELD_HEADER_SIZE) {
      throw protocolError(what, `field ${i} of ${count}: header needs ${FIELD_HEADER_SIZE} bytes, have ${body.length - pos}`);
    }
    const size = body.readUInt32BE(pos);
    const id = body[pos + 4]!;
    // The size counts the id byte, so 0 cannot describe any field.
    if (size === 0) throw protocolError(what, `field ${i} (id ${id}) has size 0`);
    const valueLength = size - 1;
    const start = pos + FIELD_HEADER_SIZE;
    if (valueLength > body.length - start) {
      throw protocolError(what, `field ${i} (id ${id}) needs ${valueLength} bytes, have ${body.length - start}`);
    }
    if (fields.has(id)) throw protocolError(what, `field id ${id} repeated`);
    fields.set(id, body.subarray(start, start + valueLength));
    pos = start + valueLength;
  }
  return {
    message: { scheme: body[offset]!, resultCode: body[offset + 1]!, command: body[offset + 2]!, fields },
    end: pos,
  };
}

function asBuffer(body: Uint8Array): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function decodeSingle(body: Uint8Array, what: string): AdminMessage {
  const buf = asBuffer(body);
  const { message, end } = decodeMessage(buf, 0, what);
  // Trailing bytes mean the field count and the lengths disagree: a framing error, not padding.
  if (end !== buf.length) throw protocolError(what, `${buf.length - end} bytes after the last field`);
  return message;
}

/**
 * Decodes an admin reply body (the bytes after the proto header) holding
 * exactly one message. Field values are views into `body`.
 *
 * @throws {@link ProtocolError} when the header or a field is truncated, a
 * field size is 0, a field id repeats, or bytes follow the last field.
 */
export function readAdminReply(body: Uint8Array): AdminMessage {
  return decodeSingle(body, 'admin reply');
}

/**
 * Decodes an admin request body, as a server receives it. Same layout and
 * checks as {@link readAdminReply}.
 *
 * @throws {@link ProtocolError} for any malformed message.
 */
export function readAdminRequest(body: Uint8Array): AdminMessage {
  return decodeSingle(body, 'admin request');
}

/**
 * Decodes a reply body holding several messages back to back, as user and
 * role queries stream them (one message per user or role; the last one
 * carries result code 50, QUERY_END, or an error). An empty body yields none.
 *
 * @throws {@link ProtocolError} for any malformed message.
 */
export function readAdminMessages(body: Uint8Array): AdminMessage[] {
  const buf = asBuffer(body);
  const messages: AdminMessage[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const { message, end } = decodeMessage(buf, offset, 'admin reply');
    messages.push(message);
    offset = end;
  }
  return messages;
}

/** A decoded LOGIN reply. */
export interface LoginReply {
  /**
   * 0 on success. 52 (SECURITY_NOT_ENABLED) means the server does not need a
   * login and the connection is usable as is; 51 (SECURITY_NOT_SUPPORTED)
   * comes from a Community Edition server.
   */
  resultCode: number;
  /**
   * The session token (a copy, safe to keep). The official clients treat a
   * success without one as a failed login.
   */
  sessionToken?: Buffer;
  /**
   * Session lifetime in seconds as the server states it. The official clients
   * renew 60 s early so a session never expires mid-command.
   */
  sessionTtl?: number;
}

/**
 * Decodes a LOGIN reply body.
 *
 * @throws {@link ProtocolError} for a malformed message or a SESSION_TTL
 * field that is not 4 bytes.
 */
export function parseLoginReply(body: Uint8Array): LoginReply {
  const { resultCode, fields } = readAdminReply(body);
  const reply: LoginReply = { resultCode };
  const token = fields.get(AdminField.SESSION_TOKEN);
  // Copied: the token outlives this body, whose buffer the reader may recycle.
  if (token !== undefined) reply.sessionToken = Buffer.from(token);
  const ttl = fields.get(AdminField.SESSION_TTL);
  if (ttl !== undefined) {
    if (ttl.length !== 4) throw protocolError('admin reply', `SESSION_TTL has ${ttl.length} bytes, expected 4`);
    reply.sessionTtl = ttl.readUInt32BE(0);
  }
  return reply;
}
