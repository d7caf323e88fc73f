import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ProtocolError } from '../../src/errors.js';
import {
  ADMIN_HEADER_SIZE,
  AdminCommand,
  AdminField,
  encodeAdminCommand,
  encodeAdminReply,
  encodeAuthenticate,
  encodeLogin,
  hashPassword,
  parseLoginReply,
  readAdminMessages,
  readAdminReply,
  readAdminRequest,
} from '../../src/wire/admin.js';
import { PROTO_HEADER_SIZE, ProtoType, readProtoHeader } from '../../src/wire/proto.js';

/**
 * Admin frames the official Node.js client (C client 7.4.0) exchanged with an
 * Aerospike CE 8.1.2 server. CE answers every admin request the same way.
 */
const CAPTURED = {
  /** LOGIN, internal mode: user "admin", password "admin". */
  loginInternal:
    '020200000000005b00001402000000000000000000000000000000060061646d696e0000003d03' +
    '243261243130243745714a74713938685071455837664e5a6146576f4f316d564f2f344d4c70477a73716f6a7a364539476566366958446a58644461',
  /** LOGIN, external mode: user "ldapuser", password "pw". */
  loginExternal:
    '02020000000000650000140300000000000000000000000000000009006c646170757365720000003d03' +
    '243261243130243745714a74713938685071455837664e5a6146576f4f6c726234775a336f5a36446a773956564265547172363062322f4a6d357a43' +
    '00000003047077',
  /** CREATE_USER u1 / pw with role "read". */
  createUser:
    '020200000000006300000103000000000000000000000000000000030075310000003d01' +
    '243261243130243745714a74713938685071455837664e5a6146576f4f6c726234775a336f5a36446a773956564265547172363062322f4a6d357a43' +
    '000000070a010472656164',
  /** QUERY_USERS, all users. */
  queryUsers: '020200000000001000000900000000000000000000000000',
  /** CE's reply to all of the above: result 51 SECURITY_NOT_SUPPORTED, command 0, no fields. */
  notSupported: '020200000000001000330000000000000000000000000000',
};

const frame = (hex: string): Buffer => Buffer.from(hex, 'hex');

/** The body after the proto header, after checking that header against the frame. */
function bodyOf(buf: Buffer): Buffer {
  const header = readProtoHeader(buf, 0);
  expect(header.type).toBe(ProtoType.ADMIN);
  expect(header.length).toBe(buf.length - PROTO_HEADER_SIZE);
  return buf.subarray(PROTO_HEADER_SIZE);
}

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/** Small deterministic PRNG so a failing random case can be reproduced. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('admin constants', () => {
  it('has the command and field codes of the official clients', () => {
    expect(AdminCommand).toMatchObject({
      AUTHENTICATE: 0,
      CREATE_USER: 1,
      DROP_USER: 2,
      SET_PASSWORD: 3,
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
      LOGIN: 20,
    });
    expect(AdminField).toMatchObject({
      USER: 0,
      PASSWORD: 1,
      OLD_PASSWORD: 2,
      CREDENTIAL: 3,
      CLEAR_PASSWORD: 4,
      SESSION_TOKEN: 5,
      SESSION_TTL: 6,
      ROLES: 10,
      ROLE: 11,
      PRIVILEGES: 12,
      WHITELIST: 13,
      READ_QUOTA: 14,
      WRITE_QUOTA: 15,
      READ_INFO: 16,
      WRITE_INFO: 17,
      CONNECTIONS: 18,
    });
  });
});

describe('admin requests match the official client byte for byte', () => {
  it('LOGIN, internal: USER + CREDENTIAL', () => {
    const encoded = encodeLogin({ user: 'admin', credential: hashPassword('admin') });
    expect(encoded.toString('hex')).toBe(CAPTURED.loginInternal);
  });

  it('LOGIN, external: USER + CREDENTIAL + CLEAR_PASSWORD', () => {
    const encoded = encodeLogin({ user: 'ldapuser', credential: hashPassword('pw'), clearPassword: 'pw' });
    expect(encoded.toString('hex')).toBe(CAPTURED.loginExternal);
  });

  it('LOGIN takes the credential as bytes too', () => {
    const credential = Buffer.from(hashPassword('admin'), 'utf8');
    expect(encodeLogin({ user: 'admin', credential }).toString('hex')).toBe(CAPTURED.loginInternal);
  });

  it('CREATE_USER through encodeAdminCommand', () => {
    const roles = Buffer.from([1, 4, ...Buffer.from('read')]);
    const encoded = encodeAdminCommand(AdminCommand.CREATE_USER, [
      [AdminField.USER, 'u1'],
      [AdminField.PASSWORD, hashPassword('pw')],
      [AdminField.ROLES, roles],
    ]);
    expect(encoded.toString('hex')).toBe(CAPTURED.createUser);
  });

  it('QUERY_USERS: a bare header', () => {
    expect(encodeAdminCommand(AdminCommand.QUERY_USERS).toString('hex')).toBe(CAPTURED.queryUsers);
  });
});

describe('other request layouts', () => {
  it('LOGIN, PKI: no fields at all', () => {
    const encoded = encodeLogin({});
    expect(encoded.toString('hex')).toBe(`0202000000000010000014${'00'.repeat(13)}`);
  });

  it('AUTHENTICATE: USER then SESSION_TOKEN', () => {
    const token = Buffer.from('c0ffee', 'hex');
    const encoded = encodeAuthenticate({ user: 'admin', sessionToken: token });
    expect(encoded.toString('hex')).toBe(
      `020200000000002200000002${'00'.repeat(12)}0000000600${Buffer.from('admin').toString('hex')}0000000405c0ffee`,
    );
  });

  it('AUTHENTICATE, PKI: SESSION_TOKEN only', () => {
    const encoded = encodeAuthenticate({ sessionToken: Buffer.from('c0ffee', 'hex') });
    expect(encoded.toString('hex')).toBe(`020200000000001800000001${'00'.repeat(12)}0000000405c0ffee`);
  });

  it('sends an empty value as a field of size 1', () => {
    const encoded = encodeAdminCommand(AdminCommand.DROP_USER, [[AdminField.USER, '']]);
    expect(encoded.subarray(PROTO_HEADER_SIZE + ADMIN_HEADER_SIZE).toString('hex')).toBe('0000000100');
  });

  it.each([
    ['a command above 255', () => encodeAdminCommand(256)],
    ['a negative command', () => encodeAdminCommand(-1)],
    ['a fractional field id', () => encodeAdminCommand(1, [[0.5, 'x']])],
    ['a field id above 255', () => encodeAdminCommand(1, [[256, 'x']])],
    ['256 fields', () => encodeAdminCommand(1, Array.from({ length: 256 }, () => [0, 'x'] as const))],
    ['a result code above 255', () => encodeAdminReply(300)],
  ])('refuses %s', (_, encode) => {
    expect(encode).toThrow(InvalidArgumentError);
  });
});

describe('admin replies', () => {
  it('decodes the CE reply and re-encodes it byte for byte', () => {
    const body = bodyOf(frame(CAPTURED.notSupported));
    const reply = readAdminReply(body);
    expect(reply).toEqual({ scheme: 0, resultCode: 51, command: 0, fields: new Map() });
    expect(parseLoginReply(body)).toEqual({ resultCode: 51 });
    expect(encodeAdminReply(51).toString('hex')).toBe(CAPTURED.notSupported);
  });

  it('round-trips a LOGIN success with token and TTL', () => {
    const token = Buffer.from('0123456789abcdef0123456789abcdef', 'hex');
    const encoded = encodeAdminReply(0, [
      [AdminField.SESSION_TOKEN, token],
      [AdminField.SESSION_TTL, u32(86_400)],
    ]);
    const body = bodyOf(encoded);
    // Layout of the server's token reply: header with 2 fields, token, then a 4-byte TTL.
    expect(body.subarray(0, 4).toString('hex')).toBe('00000002');
    expect(body.subarray(ADMIN_HEADER_SIZE, ADMIN_HEADER_SIZE + 5).toString('hex')).toBe('0000001105');
    expect(body.subarray(-9).toString('hex')).toBe('000000050600015180');

    const reply = parseLoginReply(body);
    expect(reply).toEqual({ resultCode: 0, sessionToken: token, sessionTtl: 86_400 });
    // The token is a copy: reusing the receive buffer must not change it.
    body.fill(0);
    expect(reply.sessionToken).toEqual(token);
  });

  it('reads a token without a TTL (sessions that never expire)', () => {
    const body = bodyOf(encodeAdminReply(0, [[AdminField.SESSION_TOKEN, Buffer.from('aa', 'hex')]]));
    expect(parseLoginReply(body)).toEqual({ resultCode: 0, sessionToken: Buffer.from('aa', 'hex') });
  });

  it('rejects a SESSION_TTL that is not 4 bytes', () => {
    const body = bodyOf(encodeAdminReply(0, [[AdminField.SESSION_TTL, Buffer.alloc(3)]]));
    expect(() => parseLoginReply(body)).toThrow(ProtocolError);
  });

  it('reads a stream of query messages', () => {
    const first = bodyOf(encodeAdminReply(0, [[AdminField.USER, 'u1']]));
    const second = bodyOf(encodeAdminReply(0, [[AdminField.USER, 'u2']]));
    const end = bodyOf(encodeAdminReply(50));
    const messages = readAdminMessages(Buffer.concat([first, second, end]));
    expect(messages.map((m) => [m.resultCode, m.fields.get(AdminField.USER)?.toString()])).toEqual([
      [0, 'u1'],
      [0, 'u2'],
      [50, undefined],
    ]);
    expect(readAdminMessages(Buffer.alloc(0))).toEqual([]);
  });

  it('accepts a plain Uint8Array body', () => {
    const body = new Uint8Array(bodyOf(frame(CAPTURED.notSupported)));
    expect(readAdminReply(body).resultCode).toBe(51);
  });
});

describe('server side: admin requests', () => {
  it('decodes the captured internal LOGIN', () => {
    const request = readAdminRequest(bodyOf(frame(CAPTURED.loginInternal)));
    expect(request.command).toBe(AdminCommand.LOGIN);
    expect([...request.fields.keys()]).toEqual([AdminField.USER, AdminField.CREDENTIAL]);
    expect(request.fields.get(AdminField.USER)?.toString()).toBe('admin');
    expect(request.fields.get(AdminField.CREDENTIAL)?.toString()).toBe(hashPassword('admin'));
  });

  it('decodes the captured external LOGIN', () => {
    const request = readAdminRequest(bodyOf(frame(CAPTURED.loginExternal)));
    expect(request.fields.get(AdminField.USER)?.toString()).toBe('ldapuser');
    expect(request.fields.get(AdminField.CLEAR_PASSWORD)?.toString()).toBe('pw');
  });

  it('round-trips AUTHENTICATE and arbitrary commands', () => {
    const token = Buffer.from([0, 1, 2, 255]);
    const auth = readAdminRequest(bodyOf(encodeAuthenticate({ user: 'ü', sessionToken: token })));
    expect(auth.command).toBe(AdminCommand.AUTHENTICATE);
    expect(auth.fields.get(AdminField.USER)?.toString('utf8')).toBe('ü');
    expect(auth.fields.get(AdminField.SESSION_TOKEN)).toEqual(token);

    const fields = [
      [AdminField.ROLE, 'r'],
      [AdminField.READ_QUOTA, u32(7)],
      [AdminField.WHITELIST, ''],
    ] as const;
    const decoded = readAdminRequest(bodyOf(encodeAdminCommand(AdminCommand.CREATE_ROLE, fields)));
    expect(decoded.command).toBe(AdminCommand.CREATE_ROLE);
    expect([...decoded.fields]).toEqual(fields.map(([id, v]) => [id, typeof v === 'string' ? Buffer.from(v) : v]));
  });
});

describe('malformed admin bodies', () => {
  const valid = bodyOf(frame(CAPTURED.loginInternal));
  const withField = (size: number, extra: Buffer = Buffer.alloc(0)): Buffer => {
    const b = Buffer.from(valid.subarray(0, ADMIN_HEADER_SIZE + 5 + 5));
    b[3] = 1;
    b.writeUInt32BE(size, ADMIN_HEADER_SIZE);
    return Buffer.concat([b.subarray(0, ADMIN_HEADER_SIZE + 5 + Math.max(0, size - 1)), extra]);
  };

  it.each([
    ['an empty body', Buffer.alloc(0)],
    ['a 15-byte header', valid.subarray(0, 15)],
    ['a missing field', valid.subarray(0, ADMIN_HEADER_SIZE)],
    ['a field header cut short', valid.subarray(0, ADMIN_HEADER_SIZE + 3)],
    ['a field value cut short', valid.subarray(0, valid.length - 1)],
    ['a field of size 0', withField(0)],
    ['a field longer than the body', withField(0xffffffff)],
    ['bytes after the last field', Buffer.concat([valid, Buffer.of(0)])],
    [
      'a repeated field id',
      Buffer.concat([
        Buffer.from(`00000002${'00'.repeat(12)}`, 'hex'),
        Buffer.from('000000020061', 'hex'),
        Buffer.from('000000020062', 'hex'),
      ]),
    ],
  ])('rejects %s', (_, body) => {
    expect(() => readAdminReply(body)).toThrow(ProtocolError);
    expect(() => readAdminRequest(body)).toThrow(ProtocolError);
    expect(() => parseLoginReply(body)).toThrow(ProtocolError);
  });

  it('names the side in the message', () => {
    expect(() => readAdminReply(Buffer.alloc(3))).toThrow(/admin reply/);
    expect(() => readAdminRequest(Buffer.alloc(3))).toThrow(/admin request/);
  });
});

describe('fuzzing the admin decoders', () => {
  const decoders: Array<(body: Buffer) => unknown> = [readAdminReply, readAdminRequest, parseLoginReply, readAdminMessages];

  /** Every decoder must return or throw ProtocolError; anything else (RangeError…) is a bug. */
  function check(body: Buffer): void {
    for (const decode of decoders) {
      try {
        decode(body);
      } catch (err) {
        if (!(err instanceof ProtocolError)) {
          throw new Error(`${decode.name}(${body.toString('hex')}) threw ${String(err)}`);
        }
      }
    }
  }

  const seeds = [
    bodyOf(frame(CAPTURED.loginInternal)),
    bodyOf(frame(CAPTURED.loginExternal)),
    bodyOf(frame(CAPTURED.createUser)),
    bodyOf(frame(CAPTURED.notSupported)),
    bodyOf(
      encodeAdminReply(0, [
        [AdminField.SESSION_TOKEN, Buffer.alloc(40, 7)],
        [AdminField.SESSION_TTL, u32(3600)],
      ]),
    ),
    bodyOf(encodeAuthenticate({ user: 'admin', sessionToken: Buffer.alloc(16, 1) })),
  ];

  it('survives every truncation of valid bodies', () => {
    for (const body of seeds) {
      for (let n = 0; n <= body.length; n++) check(body.subarray(0, n));
    }
  });

  it('survives random bytes', () => {
    const random = prng(0x5eed_0001);
    for (let i = 0; i < 3000; i++) {
      const body = Buffer.alloc(Math.floor(random() * 64));
      for (let j = 0; j < body.length; j++) body[j] = Math.floor(random() * 256);
      // Give the header a plausible field count half the time so the field loop runs.
      if (body.length > 3 && random() < 0.5) body[3] = Math.floor(random() * 4);
      check(body);
    }
  });

  it('survives mutated lengths, counts and bytes', () => {
    const random = prng(0x5eed_0002);
    const interesting = [0, 1, 2, 4, 5, 0x7f, 0xff, 0x100, 0xffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
    for (let i = 0; i < 4000; i++) {
      const body = Buffer.from(seeds[Math.floor(random() * seeds.length)]!);
      const kind = Math.floor(random() * 4);
      if (kind === 0) {
        // Overwrite the first field's size (or a random 4-byte window) with an edge value.
        const at = random() < 0.5 ? ADMIN_HEADER_SIZE : Math.floor(random() * (body.length - 3));
        if (body.length >= at + 4) {
          const value = interesting[Math.floor(random() * interesting.length)]!;
          body.writeUInt32BE((value + Math.floor(random() * 3) - 1) >>> 0, at);
        }
      } else if (kind === 1) {
        body[3] = Math.floor(random() * 256);
      } else if (kind === 2) {
        for (let k = 0; k < 3; k++) body[Math.floor(random() * body.length)] = Math.floor(random() * 256);
      }
      const cut = kind === 3 ? Math.floor(random() * body.length) : body.length;
      check(body.subarray(0, cut));
    }
  });
});
