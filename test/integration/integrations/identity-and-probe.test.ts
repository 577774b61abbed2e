import { createDirectoryIdentityProvider } from '../../../src/adapters/integrations/directory-identity-provider';
import { testConnection } from '../../../src/app/connections/manage-connections';
import { DEFAULT_DIRECTORY_SEED } from '../../../platform/stand-ins';
import type { SecretStore } from '../../../src/ports/secret-store';
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.standIns.stop();
});
beforeEach(() => h.standIns.reset());

const provider = (connectionId: string) => createDirectoryIdentityProvider({ connections: h.connections, secrets: h.secrets, graph: h.drivers.graph, okta: h.drivers.okta, connectionId });

describe('identity provider at intake', () => {
  it.each(['entra-main', 'okta-main'])('describes a contractor with manager and groups from %s', async (connectionId) => {
    const result = await provider(connectionId).lookupRequester('bob@example.com');
    expect(result).toEqual({
      status: 'found',
      profile: expect.objectContaining({ principalName: 'bob@example.com', email: 'bob@example.com', employmentType: 'contractor', department: 'Engineering', managerEmail: 'carol@example.com', groups: ['Engineering'] }),
    });
  });

  it('leaves groups out when the ceiling does not allow reading them', async () => {
    const result = await provider('okta-readonly').lookupRequester('alice@example.com');
    expect(result).toMatchObject({ status: 'found', profile: { groups: [], managerEmail: 'carol@example.com' } });
    expect(h.standIns.calls().some((c) => c.path.endsWith('/groups'))).toBe(false);
  });

  it('reports unknown requesters and unavailable directories distinctly', async () => {
    expect(await provider('entra-main').lookupRequester('nobody@example.com')).toMatchObject({ status: 'not-found' });
    h.standIns.setFaults([{ service: 'graph', sequence: [{ type: 'status', status: 503 }] }]);
    expect(await provider('entra-main').lookupRequester('alice@example.com')).toMatchObject({ status: 'unavailable' });
  });
});

describe('the requester in the other directory', () => {
  // Entra ID describes requesters; exactly one Okta connection may look users up.
  const twoDirectories = (secrets: SecretStore = h.secrets) =>
    createDirectoryIdentityProvider({
      connections: {
        list: async () => (await h.connections.list()).filter((c) => c.config.id === 'entra-main' || c.config.id === 'okta-main'),
        get: (id) => h.connections.get(id),
        save: (connection) => h.connections.save(connection),
        delete: (id) => h.connections.delete(id),
      },
      secrets,
      graph: h.drivers.graph,
      okta: h.drivers.okta,
      connectionId: 'entra-main',
    });
  const BOB = DEFAULT_DIRECTORY_SEED.users.find((u) => u.key === 'bob');

  it('adds the Okta id to the Entra profile with one Okta request when the workflow grants in Okta', async () => {
    const result = await twoDirectories().lookupRequester('bob@example.com', { alsoIn: ['okta'] });
    expect(result).toMatchObject({ status: 'found', profile: { source: 'entra', directoryId: BOB?.entraId, directoryIds: { entra: BOB?.entraId, okta: BOB?.oktaId } } });
    expect(h.standIns.calls().filter((c) => c.service === 'okta').map((c) => `${c.method} ${c.path}`)).toEqual(['GET /api/v1/users/bob@example.com']);
  });

  it('still describes the requester when the other directory cannot answer', async () => {
    h.standIns.setFaults([{ service: 'okta', sequence: [{ type: 'status', status: 503 }] }]);
    const result = await twoDirectories().lookupRequester('bob@example.com', { alsoIn: ['okta'] });
    expect(result).toMatchObject({ status: 'found', profile: { directoryIds: { entra: BOB?.entraId } } });
    expect(result.status === 'found' && result.profile.directoryIds.okta).toBeUndefined();
  });

  it("keeps the first directory's profile when reading the other directory's credentials fails", async () => {
    const failingOkta: SecretStore = {
      get: (id) => (id === 'okta-main' ? Promise.reject(new Error('storage rate limited')) : h.secrets.get(id)),
      set: (id, secrets, at) => h.secrets.set(id, secrets, at),
      delete: (id) => h.secrets.delete(id),
      metadata: (id) => h.secrets.metadata(id),
    };
    const result = await twoDirectories(failingOkta).lookupRequester('bob@example.com', { alsoIn: ['okta'] });
    expect(result).toMatchObject({ status: 'found', profile: { employmentType: 'contractor', managerEmail: 'carol@example.com', directoryIds: { entra: BOB?.entraId } } });
    expect(result.status === 'found' && result.profile.directoryIds.okta).toBeUndefined();
  });

  it('leaves the other directory alone when the workflow does not grant there', async () => {
    const result = await twoDirectories().lookupRequester('bob@example.com', { alsoIn: ['entra'] });
    expect(result).toMatchObject({ status: 'found', profile: { directoryIds: { entra: BOB?.entraId } } });
    expect(h.standIns.calls().filter((c) => c.service === 'okta')).toEqual([]);
  });

  it('leaves the other directory alone when several connections of that kind exist', async () => {
    await provider('entra-main').lookupRequester('bob@example.com', { alsoIn: ['okta'] });
    expect(h.standIns.calls().filter((c) => c.service === 'okta')).toEqual([]);
  });
});

describe('testing a connection', () => {
  it.each([
    ['entra-main', true, /read one user/],
    ['entra-limited', true, /read one user/],
    ['okta-oauth', true, /one user/],
    ['slack-main', true, /workspace Example/],
    ['webhook-main', true, /signed ping/],
  ])('%s → ok %s', async (id, ok, detail) => {
    const result = await testConnection({ connections: h.connections, secrets: h.secrets, drivers: h.drivers.drivers }, id);
    expect(result).toEqual({ ok, detail: expect.stringMatching(detail) });
    expect(h.standIns.calls().every((c) => c.method === 'GET' || c.path.endsWith('/token') || c.path === '/api/auth.test' || c.service === 'webhook')).toBe(true);
  });
});
