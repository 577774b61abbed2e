import { hostMappedFetch, startIntegrationStandIns, SANDBOX_CREDENTIALS, type IntegrationStandIns } from '../../../platform/stand-ins';

let s: IntegrationStandIns;
let f: typeof fetch;

beforeAll(async () => {
  s = await startIntegrationStandIns();
  f = hostMappedFetch(s.origins);
});
afterAll(async () => {
  await s.stop();
});
beforeEach(() => s.reset());

const token = async () => {
  const response = await f(`https://login.microsoftonline.com/${SANDBOX_CREDENTIALS.entra.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: SANDBOX_CREDENTIALS.entra.clientId, client_secret: SANDBOX_CREDENTIALS.entra.clientSecret, scope: 'https://graph.microsoft.com/.default', grant_type: 'client_credentials' }).toString(),
  });
  return ((await response.json()) as { access_token: string }).access_token;
};

describe('integration stand-ins', () => {
  it('serve each real origin on a loopback port', () => {
    expect(Object.keys(s.origins).sort()).toEqual(['https://acme.okta.com', 'https://graph.microsoft.com', 'https://hooks.example.com', 'https://login.microsoftonline.com', 'https://slack.com']);
    for (const origin of Object.values(s.origins)) expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answer like the Microsoft identity platform and Graph, and mask credentials in the log', async () => {
    const access = await token();
    const me = await f('https://graph.microsoft.com/v1.0/users/alice@example.com?$select=id,department', { headers: { authorization: `Bearer ${access}` } });
    expect(await me.json()).toEqual({ '@odata.type': '#microsoft.graph.user', id: 'a1f3c2d4-0001-4b6e-9c1a-0000000000a1', department: 'Engineering' });
    const missing = await f('https://graph.microsoft.com/v1.0/users/nobody@example.com', { headers: { authorization: `Bearer ${access}` } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'Request_ResourceNotFound' } });
    const log = JSON.stringify(s.calls());
    expect(log).not.toContain(SANDBOX_CREDENTIALS.entra.clientSecret);
    expect(log).not.toContain(access);
  });

  it('play a fault sequence once, then answer normally', async () => {
    s.setFaults([{ service: 'slack', path: '/api/auth.test', sequence: [{ type: 'status', status: 429, retryAfter: '7' }, { type: 'status', status: 503 }] }]);
    const post = () => f('https://slack.com/api/auth.test', { method: 'POST', headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.slack.botToken}` } });
    const first = await post();
    expect([first.status, first.headers.get('retry-after'), await first.json()]).toEqual([429, '7', { ok: false, error: 'ratelimited' }]);
    expect((await post()).status).toBe(503);
    expect(await (await post()).json()).toMatchObject({ ok: true });
    expect(s.calls().map((c) => [c.status, c.injected])).toEqual([[429, true], [503, true], [200, false]]);
  });

  it('reset restores seeded memberships', async () => {
    const response = await f('https://acme.okta.com/api/v1/groups/00gvpnusers000000001/users/00ualice000000000001', { method: 'PUT', headers: { authorization: `SSWS ${SANDBOX_CREDENTIALS.okta.apiToken}` } });
    expect(response.status).toBe(204);
    expect(s.state.members('okta', 'vpn-users')).toEqual(['alice']);
    s.reset();
    expect(s.state.members('okta', 'vpn-users')).toEqual([]);
    expect(s.state.members('okta', 'engineering')).toEqual(['alice', 'bob', 'carol', 'dave']);
  });

  it('refuse origins it does not stand in for', async () => {
    await expect(f('https://example.org/')).rejects.toThrow(/No stand-in for https:\/\/example.org/);
  });
});
