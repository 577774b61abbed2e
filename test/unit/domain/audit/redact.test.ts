import { canonicalJson } from '../../../../src/domain/audit/canonical-json';
import { isSecretKey, redact, REDACTED, redactText } from '../../../../src/domain/audit/redact';
import { makeSecret, revealSecret } from '../../../../src/domain/audit/secret';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const SLACK = 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
const OKTA = '00aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789-_Ab';
const HEX = 'a3f1c9e04b7d2a6f8e1c0b9d7a5f3e2c1b0a9f8e7d6c5b4a';

describe('redaction of secret-named keys', () => {
  it.each([
    'password',
    'Password',
    'client_secret',
    'clientSecret',
    'apiKey',
    'api_key',
    'Authorization',
    'x-api-key',
    'accessToken',
    'refresh_token',
    'cookie',
    'Set-Cookie',
    'signature',
    'privateKey',
    'credentials',
    'hmacKey',
    'pin',
    'otp',
  ])('%s is a secret key', (key) => {
    expect(isSecretKey(key)).toBe(true);
    expect(redact({ [key]: 'hunter2-value' })).toEqual({ [key]: REDACTED });
  });

  it.each(['name', 'idempotencyKey', 'groupId', 'options', 'summary', 'approverAccountId'])('%s is not a secret key', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });

  it('hides whole objects under a secret key but keeps harmless flags', () => {
    expect(redact({ credentials: { user: 'a', pass: 'b' }, hasToken: true, token: null })).toEqual({
      credentials: REDACTED,
      hasToken: true,
      token: null,
    });
  });
});

describe('redaction of credential-shaped text', () => {
  it.each([
    ['Bearer abcdefghijklmnop1234', REDACTED],
    ['Authorization: Basic dXNlcjpwYXNzd29yZA==', `Authorization: ${REDACTED}`],
    [JWT, REDACTED],
    [`token was ${JWT} yesterday`, `token was ${REDACTED} yesterday`],
    [SLACK, REDACTED],
    [`SSWS ${OKTA}`, REDACTED],
    [OKTA, REDACTED],
    [`hmac=${HEX}`, `hmac=${REDACTED}`],
    [`signature ${HEX}`, `signature ${REDACTED}`],
    ['https://alice:s3cr3t@example.com/path', `https://${REDACTED}@example.com/path`],
    ['https://x.example.com/cb?token=abcdef123456&x=1', `https://x.example.com/cb?token=${REDACTED}&x=1`],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----', REDACTED],
  ])('%s', (text, expected) => {
    expect(redactText(text)).toBe(expected);
  });

  it.each(['Add alice@example.com to vpn-users', 'api.example.com', 'Request SD-42 approved by 5b10ac8d82e05b22cc7d4ef5', '2026-11-22T10:00:00.000Z'])(
    'leaves ordinary text alone: %s',
    (text) => {
      expect(redactText(text)).toBe(text);
    },
  );
});

describe('redact on any value', () => {
  it('leaves no planted secret anywhere in deep, mixed structures', () => {
    const planted = [JWT, SLACK, OKTA, HEX, 'hunter2-value', 'topsecretvalue'];
    const secret = makeSecret('topsecretvalue');
    const input = {
      request: { description: `my token is ${JWT}`, fields: { note: `use ${SLACK}` } },
      list: [{ password: 'hunter2-value' }, `SSWS ${OKTA}`, secret],
      map: new Map<string, unknown>([['apiKey', 'hunter2-value'], ['ok', 1]]),
      headers: { Authorization: `Bearer ${JWT}` },
      nested: { deeper: { webhook: `hmac=${HEX}` } },
    };
    const output = canonicalJson(redact(input));
    for (const value of planted) expect(output).not.toContain(value);
    expect(output).toContain('"ok":1');
  });

  it('makes cycles, dates, errors, bigints and undefined into plain JSON', () => {
    const value: Record<string, unknown> = {
      when: new Date('2026-01-01T00:00:00.000Z'),
      error: new Error(`failed with Bearer ${JWT}`),
      big: BigInt(12),
      nothing: undefined,
      fn: () => 1,
      list: [undefined, Number.NaN],
    };
    value.self = value;
    expect(redact(value)).toEqual({
      when: '2026-01-01T00:00:00.000Z',
      error: { name: 'Error', message: `failed with ${REDACTED}` },
      big: '12',
      list: [null, null],
      self: '[circular]',
    });
  });

  it('serializes a Secret as [redacted] everywhere but revealSecret', () => {
    const secret = makeSecret('p@ss');
    expect(JSON.stringify({ secret })).toBe('{"secret":"[redacted]"}');
    expect(`${String(secret)}`).toBe(REDACTED);
    expect(redact([secret])).toEqual([REDACTED]);
    expect(revealSecret(secret)).toBe('p@ss');
  });
});
