import { connectionConfigSchema, isOriginDeclared } from '../../../../src/domain/integrations/connection-config';
import { selectSecretsSchema } from '../../../../src/domain/integrations/connection-secrets';
import { sanitizeForRecord } from '../../../../src/domain/integrations/call-record';

const entra = { kind: 'entra', id: 'entra-main', name: 'Entra', tenantId: '7f3c9a10-1b2c-4d5e-8f90-123456789abc', clientId: '0c5e8f21-3a4b-4c6d-9e0f-abcdef012345', scopes: ['users.read'] };

describe('connection configuration', () => {
  it.each([
    ['entra with defaults', entra, true],
    ['entra with a tenant domain', { ...entra, tenantId: 'contoso.onmicrosoft.com' }, true],
    ['entra with another authority', { ...entra, authorityHost: 'https://login.evil.example' }, false],
    ['entra with an unknown scope', { ...entra, scopes: ['users.write'] }, false],
    ['entra with a duplicate scope', { ...entra, scopes: ['users.read', 'users.read'] }, false],
    ['entra with an extra key', { ...entra, clientSecret: 'x' }, false],
    ['okta api token', { kind: 'okta', id: 'okta', name: 'Okta', orgUrl: 'https://acme.okta.com', auth: { type: 'api-token' }, scopes: [] }, true],
    ['okta preview', { kind: 'okta', id: 'okta', name: 'Okta', orgUrl: 'https://acme.oktapreview.com', auth: { type: 'oauth', clientId: '0oa1234567890', privateKeyId: 'k1' }, scopes: ['users.read'] }, true],
    ['okta on another host', { kind: 'okta', id: 'okta', name: 'Okta', orgUrl: 'https://acme.okta.com.evil.example', auth: { type: 'api-token' }, scopes: [] }, false],
    ['okta with a path', { kind: 'okta', id: 'okta', name: 'Okta', orgUrl: 'https://acme.okta.com/api', auth: { type: 'api-token' }, scopes: [] }, false],
    ['slack channel name', { kind: 'slack', id: 'slack', name: 'Slack', defaultChannel: '#access-requests', scopes: ['chat.write'] }, true],
    ['slack channel id', { kind: 'slack', id: 'slack', name: 'Slack', defaultChannel: 'C0ACCESS001', scopes: ['chat.write'] }, true],
    ['slack with an okta scope', { kind: 'slack', id: 'slack', name: 'Slack', defaultChannel: '#a', scopes: ['users.read'] }, false],
    ['webhook https', { kind: 'webhook', id: 'hook', name: 'Hook', url: 'https://hooks.example.com/approvals', scopes: ['post'] }, true],
    ['webhook http', { kind: 'webhook', id: 'hook', name: 'Hook', url: 'http://hooks.example.com/approvals', scopes: ['post'] }, false],
    ['webhook with credentials in the URL', { kind: 'webhook', id: 'hook', name: 'Hook', url: 'https://u:p@hooks.example.com/', scopes: ['post'] }, false],
  ])('%s → valid: %s', (_label, input, valid) => {
    expect(connectionConfigSchema.safeParse(input).success).toBe(valid);
  });

  it('names the failing path', () => {
    const result = connectionConfigSchema.safeParse({ ...entra, clientId: 'nope' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['clientId']);
  });

  it('asks for the credential matching the Okta auth type', () => {
    const oauth = connectionConfigSchema.parse({ kind: 'okta', id: 'okta', name: 'Okta', orgUrl: 'https://acme.okta.com', auth: { type: 'oauth', clientId: '0oa1234567890', privateKeyId: 'k1' }, scopes: [] });
    expect(selectSecretsSchema(oauth).safeParse({ apiToken: '00abcdefghijklmnopqrstuvwxyz' }).success).toBe(false);
    expect(selectSecretsSchema(oauth).safeParse({ privateKey: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----' }).success).toBe(true);
  });

  it.each([
    ['https://acme.okta.com', ['https://*.okta.com'], true],
    ['https://okta.com', ['https://*.okta.com'], false],
    ['https://hooks.example.com', ['https://hooks.example.com'], true],
    ['https://other.example.com', ['https://hooks.example.com'], false],
  ])('origin %s declared by %j: %s', (origin, declared, expected) => {
    expect(isOriginDeclared(origin, declared)).toBe(expected);
  });
});

describe('call record sanitizing', () => {
  it('removes known secret values, secret-named keys and trims', () => {
    const result = sanitizeForRecord({ note: 'echo my-plain-secret-value here', apiKey: 'abc', items: Array.from({ length: 30 }, (_, i) => i), long: 'x'.repeat(400) }, ['my-plain-secret-value']);
    const text = JSON.stringify(result);
    expect(text).not.toContain('my-plain-secret-value');
    expect(result).toMatchObject({ note: 'echo [redacted] here', apiKey: '[redacted]' });
    expect((result as { items: unknown[] }).items).toHaveLength(21);
    expect((result as { long: string }).long.length).toBeLessThan(330);
  });
});
