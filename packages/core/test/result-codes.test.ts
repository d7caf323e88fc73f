import { describe, expect, it } from 'vitest';
import { ResultCode, type ResultCodeValue, resultCodeMessage, resultCodeName } from '../src/result-codes.js';

const ALIASES: Record<string, string> = {
  COMMON_ERROR: 'CLIENT_ERROR',
  NAMESPACE_NOT_FOUND: 'INVALID_NAMESPACE',
  INDEX_FOUND: 'INDEX_ALREADY_EXISTS',
  INDEX_NOT_FOUND: 'INDEX_NOTFOUND',
};

const entries = Object.entries(ResultCode) as [keyof typeof ResultCode, ResultCodeValue][];
const codes = [...new Set(entries.map(([, code]) => code))];

describe('ResultCode table', () => {
  it('gives every code a distinct canonical name and a non-empty message', () => {
    const names = codes.map(resultCodeName);
    expect(new Set(names).size).toBe(codes.length);
    for (const code of codes) {
      const name = resultCodeName(code);
      expect(name).not.toMatch(/^UNKNOWN_RESULT_CODE_/);
      expect(ResultCode[name as keyof typeof ResultCode]).toBe(code);
      const message = resultCodeMessage(code);
      expect(message.length).toBeGreaterThan(0);
      expect(message).not.toMatch(/^Unknown result code/);
    }
  });

  it('has no duplicate numbers other than the documented aliases', () => {
    expect(entries.length - codes.length).toBe(Object.keys(ALIASES).length);
    for (const [name, code] of entries) {
      const expected = ALIASES[name] ?? name;
      expect(resultCodeName(code)).toBe(expected);
    }
  });

  it('uses SCREAMING_SNAKE_CASE integer codes', () => {
    for (const [name, code] of entries) {
      expect(name).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(Number.isInteger(code)).toBe(true);
    }
  });

  it('matches the reference server codes', () => {
    expect(ResultCode.OK).toBe(0);
    expect(ResultCode.SERVER_ERROR).toBe(1);
    expect(ResultCode.KEY_NOT_FOUND_ERROR).toBe(2);
    expect(ResultCode.GENERATION_ERROR).toBe(3);
    expect(ResultCode.PARAMETER_ERROR).toBe(4);
    expect(ResultCode.KEY_EXISTS_ERROR).toBe(5);
    expect(ResultCode.TIMEOUT).toBe(9);
    expect(ResultCode.BIN_TYPE_ERROR).toBe(12);
    expect(ResultCode.RECORD_TOO_BIG).toBe(13);
    expect(ResultCode.KEY_BUSY).toBe(14);
    expect(ResultCode.DEVICE_OVERLOAD).toBe(18);
    expect(ResultCode.INVALID_NAMESPACE).toBe(20);
    expect(ResultCode.NAMESPACE_NOT_FOUND).toBe(20);
    expect(ResultCode.BIN_NAME_TOO_LONG).toBe(21);
    expect(ResultCode.ELEMENT_NOT_FOUND).toBe(23);
    expect(ResultCode.ELEMENT_EXISTS).toBe(24);
    expect(ResultCode.ENTERPRISE_ONLY).toBe(25);
    expect(ResultCode.OP_NOT_APPLICABLE).toBe(26);
    expect(ResultCode.FILTERED_OUT).toBe(27);
    expect(ResultCode.LOST_CONFLICT).toBe(28);
    expect(ResultCode.XDR_KEY_BUSY).toBe(32);
    expect(ResultCode.SECURITY_NOT_SUPPORTED).toBe(51);
    expect(ResultCode.SECURITY_NOT_ENABLED).toBe(52);
    expect(ResultCode.INVALID_USER).toBe(60);
    expect(ResultCode.INVALID_PASSWORD).toBe(62);
    expect(ResultCode.EXPIRED_PASSWORD).toBe(63);
    expect(ResultCode.INVALID_CREDENTIAL).toBe(65);
    expect(ResultCode.EXPIRED_SESSION).toBe(66);
    expect(ResultCode.NOT_AUTHENTICATED).toBe(80);
    expect(ResultCode.ROLE_VIOLATION).toBe(81);
    expect(ResultCode.NOT_WHITELISTED).toBe(82);
    expect(ResultCode.QUOTA_EXCEEDED).toBe(83);
    expect(ResultCode.UDF_BAD_RESPONSE).toBe(100);
    expect(ResultCode.MRT_BLOCKED).toBe(120);
    expect(ResultCode.MRT_MONITOR_EXISTS).toBe(127);
    expect(ResultCode.BATCH_DISABLED).toBe(150);
    expect(ResultCode.INDEX_ALREADY_EXISTS).toBe(200);
    expect(ResultCode.INDEX_NOTFOUND).toBe(201);
    expect(ResultCode.INDEX_NOT_FOUND).toBe(201);
    expect(ResultCode.QUERY_GENERIC).toBe(213);
  });

  it('matches the reference client-side codes', () => {
    expect(ResultCode.CLIENT_ERROR).toBe(-1);
    expect(ResultCode.COMMON_ERROR).toBe(-1);
    expect(ResultCode.PARSE_ERROR).toBe(-2);
    expect(ResultCode.INVALID_NODE_ERROR).toBe(-3);
    expect(ResultCode.SCAN_TERMINATED).toBe(-4);
    expect(ResultCode.QUERY_TERMINATED).toBe(-5);
    expect(ResultCode.NO_MORE_CONNECTIONS).toBe(-7);
    expect(ResultCode.SERVER_NOT_AVAILABLE).toBe(-8);
    expect(ResultCode.ASYNC_QUEUE_FULL).toBe(-9);
    expect(ResultCode.SERIALIZE_ERROR).toBe(-10);
    expect(ResultCode.MAX_RETRIES_EXCEEDED).toBe(-11);
    expect(ResultCode.MAX_ERROR_RATE).toBe(-12);
    expect(ResultCode.INVALID_CLUSTER_PARTITION_MAP).toBe(-13);
    expect(ResultCode.NO_RESPONSE).toBe(-15);
    expect(ResultCode.BATCH_FAILED).toBe(-16);
    expect(ResultCode.TXN_FAILED).toBe(-17);
    expect(ResultCode.TXN_ALREADY_COMMITTED).toBe(-18);
    expect(ResultCode.TXN_ALREADY_ABORTED).toBe(-19);
    for (const [, code] of entries) {
      if (code < 0) expect(resultCodeName(code)).not.toMatch(/UNKNOWN/);
    }
  });

  it('names and describes known codes', () => {
    expect(resultCodeName(0)).toBe('OK');
    expect(resultCodeName(2)).toBe('KEY_NOT_FOUND_ERROR');
    expect(resultCodeName(20)).toBe('INVALID_NAMESPACE');
    expect(resultCodeName(201)).toBe('INDEX_NOTFOUND');
    expect(resultCodeName(-1)).toBe('CLIENT_ERROR');
    expect(resultCodeName(-2)).toBe('PARSE_ERROR');
    expect(resultCodeName(-0)).toBe('OK');
    expect(resultCodeMessage(2)).toBe('Record not found');
    expect(resultCodeMessage(3)).toBe('Generation mismatch');
  });

  it('falls back for unknown codes', () => {
    expect(resultCodeName(99)).toBe('UNKNOWN_RESULT_CODE_99');
    expect(resultCodeName(30)).toBe('UNKNOWN_RESULT_CODE_30');
    expect(resultCodeName(1000)).toBe('UNKNOWN_RESULT_CODE_1000');
    expect(resultCodeName(-6)).toBe('UNKNOWN_RESULT_CODE_MINUS_6');
    expect(resultCodeName(-42)).toBe('UNKNOWN_RESULT_CODE_MINUS_42');
    expect(resultCodeMessage(99)).toBe('Unknown result code 99');
    expect(resultCodeMessage(-42)).toBe('Unknown result code -42');
  });
});
