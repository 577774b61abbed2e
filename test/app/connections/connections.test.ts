import { deleteConnection, listConnections, testConnection } from '../../../src/app/connections/manage-connections';
import { saveConnection, type ConnectionDeps } from '../../../src/app/connections/save-connection';
import type { ActionDrivers } from '../../../src/ports/integrations';
import { InMemoryConnectionStore, InMemorySecretStore } from '../../fakes/integrations/in-memory-stores';
import { ScriptedDriver } from '../../fakes/integrations/scripted-driver';

const SECRET = 'hook-signing-secret-4d8f2a';
const webhook = { kind: 'webhook', id: 'vendor', name: 'Vendor', url: 'https://hooks.example.com/approvals', scopes: ['post'] };

function setup() {
  const connections = new InMemoryConnectionStore();
  const secrets = new InMemorySecretStore();
  let tick = 0;
  const deps: ConnectionDeps = { connections, secrets, nowIso: () => `2026-03-02T09:00:0${tick++}.000Z`, declaredOrigins: ['https://hooks.example.com', 'https://*.okta.com'] };
  return { deps, connections, secrets };
}

describe('connection settings', () => {
  it('stores credentials only in secret storage and reports just "set" and when', async () => {
    const { deps, connections, secrets } = setup();
    const view = await saveConnection(deps, { connection: webhook, secrets: { signingSecret: SECRET } }, 'admin-1');
    expect(view).toEqual({ config: { ...webhook, signatureHeader: 'X-Signature' }, secret: { set: true, rotatedAt: '2026-03-02T09:00:00.000Z' }, updatedAt: '2026-03-02T09:00:00.000Z', updatedBy: 'admin-1' });
    expect(connections.dump()).not.toContain(SECRET);
    expect(await secrets.get('vendor')).toEqual({ signingSecret: SECRET });
    expect(JSON.stringify(await listConnections(deps))).not.toContain(SECRET);
  });

  it('keeps the credentials when an update omits them', async () => {
    const { deps, secrets } = setup();
    await saveConnection(deps, { connection: webhook, secrets: { signingSecret: SECRET } }, 'admin-1');
    const view = await saveConnection(deps, { connection: { ...webhook, name: 'Vendor portal' } }, 'admin-2');
    expect(view.secret).toEqual({ set: true, rotatedAt: '2026-03-02T09:00:00.000Z' });
    expect(await secrets.get('vendor')).toEqual({ signingSecret: SECRET });
  });

  it.each([
    ['a new connection without credentials', { connection: webhook }, 'connection-secret-required', /signingSecret/],
    ['an undeclared host', { connection: { ...webhook, url: 'https://elsewhere.example.org/x' }, secrets: { signingSecret: SECRET } }, 'connection-host-not-declared', /elsewhere\.example\.org is not a declared egress host/],
    ['a bad field', { connection: { ...webhook, scopes: ['chat.write'] }, secrets: { signingSecret: SECRET } }, 'invalid-connection', /connection\.scopes\.0/],
    ['a short secret', { connection: webhook, secrets: { signingSecret: 'short-x' } }, 'invalid-connection', /secrets\.signingSecret: must be at least 16 characters/],
    ['an unknown envelope key', { connection: webhook, secret: 'x' }, 'invalid-connection', /secret/],
  ])('rejects %s with a clear error', async (_label, input, code, message) => {
    const { deps } = setup();
    await expect(saveConnection(deps, input, 'admin')).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
  });

  it('does not echo a rejected secret value', async () => {
    const { deps } = setup();
    const error = await saveConnection(deps, { connection: { kind: 'slack', id: 's', name: 'S', defaultChannel: '#a', scopes: [] }, secrets: { botToken: 'wrong-token-value-999' } }, 'admin').catch((e: unknown) => e);
    expect(JSON.stringify({ message: (error as Error).message, details: (error as { details: unknown }).details })).not.toContain('wrong-token-value-999');
  });

  it('asks for new credentials when Okta switches from API token to OAuth', async () => {
    const { deps } = setup();
    const okta = { kind: 'okta', id: 'okta', name: 'Okta', orgUrl: 'https://acme.okta.com', auth: { type: 'api-token' }, scopes: ['users.read'] };
    await saveConnection(deps, { connection: okta, secrets: { apiToken: '00abcdefghijklmnopqrstuvwxyz' } }, 'admin');
    await expect(saveConnection(deps, { connection: { ...okta, auth: { type: 'oauth', clientId: '0oa1234567890', privateKeyId: 'k1' } } }, 'admin')).rejects.toMatchObject({ code: 'connection-secret-required', message: expect.stringMatching(/privateKey/) });
  });

  it('deletes the configuration and the credentials', async () => {
    const { deps, connections, secrets } = setup();
    await saveConnection(deps, { connection: webhook, secrets: { signingSecret: SECRET } }, 'admin');
    await deleteConnection(deps, 'vendor');
    expect(await connections.get('vendor')).toBeUndefined();
    expect(await secrets.get('vendor')).toBeUndefined();
    await expect(deleteConnection(deps, 'vendor')).rejects.toMatchObject({ code: 'connection-not-found' });
  });

  it('tests a connection through its driver and hides echoed credentials', async () => {
    const { deps } = setup();
    await saveConnection(deps, { connection: webhook, secrets: { signingSecret: SECRET } }, 'admin');
    const driver = new ScriptedDriver([], { ok: false, detail: `receiver said: bad secret ${SECRET}` });
    const drivers = { entra: driver, okta: driver, slack: driver, webhook: driver } as ActionDrivers;
    expect(await testConnection({ ...deps, drivers }, 'vendor')).toEqual({ ok: false, detail: 'receiver said: bad secret [redacted]' });
  });
});
