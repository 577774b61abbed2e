/** The local platform over HTTP, as curl or a Jira client sees it, and the `/_sandbox/` control API. */
import { startSandboxServer, type SandboxServer } from '../../../platform/server/sandbox-server';
import { FIXTURE_APP_DIR, startForgeTestPlatform, type ForgeTestPlatform } from '../../support/forge-platform';
import { APP_ACCOUNT_ID, createStandInSite, type StandInSite } from './site-stand-in';

// The test talks HTTP with Node's own fetch, not the app's egress-restricted one.
const httpFetch = globalThis.fetch.bind(globalThis);

let env: ForgeTestPlatform;
let site: StandInSite;
let server: SandboxServer;
let resets = 0;

beforeAll(async () => {
  env = await startForgeTestPlatform({ appDir: FIXTURE_APP_DIR, makeSite: (clock) => (site = createStandInSite(clock.now)), appAccountId: APP_ACCOUNT_ID });
  server = await startSandboxServer({
    platform: env.platform,
    site,
    users: () => [{ accountId: 'acc-alice', emailAddress: 'alice@example.com', displayName: 'Alice' }],
    reset: async () => {
      resets += 1;
      env.platform.reset();
    },
    homePage: () => '<!doctype html><title>Sandbox</title>',
  });
});

afterAll(async () => {
  await server.close();
  env.uninstall();
});

const call = async (method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) => {
  const r = await httpFetch(server.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...init.headers },
    ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
  });
  const text = await r.text();
  return { status: r.status, body: text ? (JSON.parse(text) as unknown) : undefined, text };
};

describe('sandbox HTTP server', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('maps Basic auth by email and X-Sandbox-User to a user caller, and no auth to anonymous', async () => {
    const basic = `Basic ${Buffer.from('alice@example.com:anything').toString('base64')}`;
    expect((await call('GET', '/rest/api/3/myself', { headers: { authorization: basic } })).body).toEqual({ accountId: 'acc-alice', accountType: 'atlassian' });
    expect((await call('GET', '/rest/api/3/myself', { headers: { 'x-sandbox-user': 'acc-bob' } })).body).toEqual({ accountId: 'acc-bob', accountType: 'atlassian' });
    expect((await call('GET', '/rest/api/3/myself')).status).toBe(401);
    const unknown = await call('GET', '/rest/api/3/myself', { headers: { authorization: `Basic ${Buffer.from('nobody@example.com:x').toString('base64')}` } });
    expect(unknown).toEqual({ status: 401, body: { error: { code: 'UNKNOWN_USER', message: 'no seeded user with email "nobody@example.com"' } }, text: expect.any(String) });
  });

  it('creates an issue over REST whose event reaches the app, visible through deliveries and KVS', async () => {
    const created = await call('POST', '/rest/api/3/issue', { headers: { 'x-sandbox-user': 'acc-alice' }, body: { fields: { summary: 'curl request' } } });
    expect(created.status).toBe(201);
    expect((await call('POST', '/_sandbox/settle')).body).toEqual({ idle: true });
    const deliveries = (await call('GET', '/_sandbox/deliveries')).body as { kind: string; topic: string; outcome: string }[];
    expect(deliveries.filter((d) => d.kind === 'trigger' && d.topic === 'avi:jira:created:issue').map((d) => d.outcome)).toEqual(['ok']);
    expect((await call('GET', '/_sandbox/kvs')).body).toEqual(expect.arrayContaining(['seen-created', `work:${String((created.body as { key: string }).key)}`]));
    const kvsRead = await call('POST', '/api/v1/get', { body: { key: 'seen-created' } });
    expect(kvsRead.body).toEqual(expect.objectContaining({ key: 'seen-created', value: [(created.body as { key: string }).key] }));
    expect((await call('POST', '/api/v1/get', { body: { key: 'missing' } })).body).toEqual({ code: 'KEY_NOT_FOUND', message: 'The key was not found' });
  });

  it('advances the clock through the control API, firing scheduled triggers', async () => {
    const before = (await call('GET', '/_sandbox/clock')).body as { now: number };
    const after = (await call('POST', '/_sandbox/clock/advance', { body: { minutes: 5 } })).body as { now: number };
    expect(after.now - before.now).toBe(300_000);
    const scheduled = ((await call('GET', '/_sandbox/deliveries')).body as { kind: string }[]).filter((d) => d.kind === 'scheduled');
    expect(scheduled.length).toBeGreaterThanOrEqual(1);
    expect((await call('POST', '/_sandbox/clock/advance', { body: { minutes: -1 } })).status).toBe(400);
  });

  it('invokes resolvers through the bridge route as the given user', async () => {
    const r = await call('POST', '/_sandbox/bridge/invoke', { body: { functionKey: 'whoami', accountId: 'acc-alice', moduleKey: 'admin-page' } });
    expect(r).toEqual({ status: 200, body: { result: { accountId: 'acc-alice', moduleKey: 'admin-page' } }, text: expect.any(String) });
    const missing = await call('POST', '/_sandbox/bridge/invoke', { body: { functionKey: 'nope' } });
    expect(missing.status).toBe(500);
    expect(missing.body).toEqual({ error: { code: 'RESOLVER_FAILED', message: "Resolver has no definition for 'nope'." } });
  });

  it('serves webtriggers, sets delivery faults, resets, and rejects bad input with a clear error', async () => {
    const hook = await httpFetch(`${server.url}/x1/hook?q=1`, { method: 'POST', body: '{"x":2}' });
    expect(hook.status).toBe(202);
    expect(await hook.json()).toEqual({ method: 'POST', got: { x: 2 }, q: '1' });
    expect((await call('POST', '/_sandbox/faults', { body: { delivery: { duplicate: 1, seed: 3 } } })).status).toBe(200);
    expect((await call('POST', '/_sandbox/faults', { body: 'not json' })).body).toEqual({ error: { code: 'INVALID_JSON', message: 'the request body is not valid JSON' } });
    expect((await call('POST', '/_sandbox/reset')).status).toBe(200);
    expect(resets).toBe(1);
    expect((await call('GET', '/_sandbox/deliveries')).body).toEqual([]);
    expect((await call('GET', '/_sandbox/nope')).status).toBe(404);
    const home = await httpFetch(`${server.url}/`);
    expect(home.headers.get('content-type')).toContain('text/html');
  });
});
