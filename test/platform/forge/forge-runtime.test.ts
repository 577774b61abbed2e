/**
 * The local Forge runtime driven by the REAL @forge/api, @forge/kvs, @forge/events and
 * @forge/resolver (no mocks): the fixture app in test/fixtures/forge-app runs as it would on Forge.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FIXTURE_APP_DIR, startForgeTestPlatform, type ForgeTestPlatform } from '../../support/forge-platform';
import { APP_ACCOUNT_ID, createStandInSite, type StandInSite } from './site-stand-in';

// Type-only imports are erased: the SDK itself is required after the globals are installed.
import type * as ForgeApiModule from '@forge/api';
import type * as ForgeEventsModule from '@forge/events';
import type * as ForgeKvsModule from '@forge/kvs';

type ForgeApi = typeof ForgeApiModule;
type ForgeKvs = typeof ForgeKvsModule;
type ForgeEvents = typeof ForgeEventsModule;

let env: ForgeTestPlatform;
let site: StandInSite;
let graph: Server;
let graphCalls: string[] = [];
let api: ForgeApi;
let forgeKvs: ForgeKvs;
let events: ForgeEvents;

beforeAll(async () => {
  graph = createServer((req, res) => {
    graphCalls.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ displayName: 'Graph stand-in' }));
  });
  await new Promise<void>((resolve) => graph.listen(0, '127.0.0.1', resolve));
  const graphOrigin = `http://127.0.0.1:${(graph.address() as AddressInfo).port}`;
  env = await startForgeTestPlatform({
    appDir: FIXTURE_APP_DIR,
    makeSite: (clock) => (site = createStandInSite(clock.now)),
    appAccountId: APP_ACCOUNT_ID,
    externalOrigins: { 'https://graph.microsoft.com': graphOrigin },
  });
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded after the globals, as the app is */
  api = require('@forge/api') as ForgeApi;
  forgeKvs = require('@forge/kvs') as ForgeKvs;
  events = require('@forge/events') as ForgeEvents;
  /* eslint-enable @typescript-eslint/no-require-imports */
});

afterAll(async () => {
  env.uninstall();
  await new Promise((resolve) => graph.close(resolve));
});

beforeEach(() => {
  env.platform.reset();
  site.requests.length = 0;
  graphCalls = [];
});

const kvsGet = <T>(key: string) => forgeKvs.kvs.get<T>(key);

describe('install', () => {
  it('registers the jira:customField modules with the site', () => {
    expect(site.registered).toHaveLength(1);
    expect(site.registered[0]?.appId).toBe('ari:cloud:ecosystem::app/11111111-2222-4333-8444-555555555555');
    expect(site.registered[0]?.fields).toEqual([expect.objectContaining({ key: 'fixture-field', type: 'string', readOnly: true })]);
  });
});

describe('requestJira', () => {
  it('reaches the site as the app and as a given user', async () => {
    const asApp = await api.asApp().requestJira(api.route`/rest/api/3/myself`);
    const asUser = await api.asUser('user-42').requestJira(api.route`/rest/api/3/myself`);
    expect(await asApp.json()).toEqual({ accountId: APP_ACCOUNT_ID, accountType: 'app' });
    expect(await asUser.json()).toEqual({ accountId: 'user-42', accountType: 'atlassian' });
    expect(site.requests.map((r) => r.caller.kind === 'user' ? r.caller.accountId : r.caller.kind)).toEqual(['app', 'user-42']);
  });

  it('asUser() without a user in the invocation fails like the Forge proxy', async () => {
    await expect(api.asUser().requestJira(api.route`/rest/api/3/myself`)).rejects.toThrow('Authentication Required');
    expect(site.requests).toHaveLength(0);
  });
});

describe('KVS through @forge/kvs', () => {
  it('get/set/delete, with a missing key read as undefined (KEY_NOT_FOUND)', async () => {
    expect(await kvsGet('nope')).toBeUndefined();
    await forgeKvs.kvs.set('run:1', { state: 'waiting' });
    expect(await kvsGet('run:1')).toEqual({ state: 'waiting' });
    await forgeKvs.kvs.delete('run:1');
    expect(await kvsGet('run:1')).toBeUndefined();
    await expect(forgeKvs.kvs.delete('run:1')).resolves.toBeUndefined();
  });

  it('queries keys by prefix in pages of at most 20 with cursors', async () => {
    for (let i = 0; i < 25; i++) await forgeKvs.kvs.set(`idx:${String(i).padStart(2, '0')}`, i);
    await forgeKvs.kvs.set('other:1', 'x');
    const first = await forgeKvs.kvs.query().where('key', forgeKvs.WhereConditions.beginsWith('idx:')).limit(20).getMany();
    expect(first.results).toHaveLength(20);
    expect(first.results[0]).toEqual({ key: 'idx:00', value: 0 });
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await forgeKvs.kvs.query().where('key', forgeKvs.WhereConditions.beginsWith('idx:')).limit(20).cursor(first.nextCursor as string).getMany();
    expect(second.results.map((r) => r.value)).toEqual([20, 21, 22, 23, 24]);
    expect(second.nextCursor).toBeUndefined();
    await expect(forgeKvs.kvs.query().limit(21).getMany()).rejects.toThrow(/limit must be an integer between 1 and 20/);
  });

  it('keeps secrets apart from plain keys and out of queries', async () => {
    await forgeKvs.kvs.setSecret('conn:graph', { clientSecret: 's3cret' });
    expect(await kvsGet('conn:graph')).toBeUndefined();
    expect(await forgeKvs.kvs.getSecret('conn:graph')).toEqual({ clientSecret: 's3cret' });
    const all = await forgeKvs.kvs.query().where('key', forgeKvs.WhereConditions.beginsWith('conn')).getMany();
    expect(all.results).toEqual([]);
    await forgeKvs.kvs.deleteSecret('conn:graph');
    expect(await forgeKvs.kvs.getSecret('conn:graph')).toBeUndefined();
  });

  it('rejects keys and values beyond the Forge limits', async () => {
    await expect(forgeKvs.kvs.set('bad/key', 1)).rejects.toThrow(/must match/);
    await expect(forgeKvs.kvs.set('k'.repeat(501), 1)).rejects.toThrow(/longer than 500/);
    await expect(forgeKvs.kvs.set('big', 'x'.repeat(240 * 1024 + 1))).rejects.toThrow(/the limit is 245760/);
  });

  it('runs transactions all or nothing, with entity conditions', async () => {
    const runs = forgeKvs.kvs.entity<{ state: string; dueAt: number }>('run-entity');
    await runs.set('r1', { state: 'waiting', dueAt: 100 });
    const failing = forgeKvs.kvs
      .transact()
      .set('plain-a', 1)
      .check('r1', { entityName: 'run-entity', conditions: new forgeKvs.Filter<{ state: string }>().and('state', forgeKvs.FilterConditions.equalTo('done')) });
    await expect(failing.execute()).rejects.toThrow(/condition failed/);
    expect(await kvsGet('plain-a')).toBeUndefined();
    await forgeKvs.kvs
      .transact()
      .set('plain-a', 1)
      .check('r1', { entityName: 'run-entity', conditions: new forgeKvs.Filter<{ state: string }>().and('state', forgeKvs.FilterConditions.equalTo('waiting')) })
      .execute();
    expect(await kvsGet('plain-a')).toBe(1);
  });

  it('queries custom entities through their manifest index (partition + range)', async () => {
    const runs = forgeKvs.kvs.entity<{ state: string; dueAt: number }>('run-entity');
    await runs.set('a', { state: 'waiting', dueAt: 300 });
    await runs.set('b', { state: 'waiting', dueAt: 100 });
    await runs.set('c', { state: 'done', dueAt: 50 });
    const due = await runs.query().index('by-due', { partition: ['waiting'] }).where(forgeKvs.WhereConditions.lessThan(200)).getMany();
    expect(due.results.map((r) => r.key)).toEqual(['b']);
    const all = await runs.query().index('by-due', { partition: ['waiting'] }).sort(forgeKvs.Sort.DESC).getMany();
    expect(all.results.map((r) => r.key)).toEqual(['a', 'b']);
  });
});

describe('product events, queue and retries', () => {
  it('delivers created:issue to the trigger, whose queue push reaches the consumer', async () => {
    site.createIssue('user-1', 'VPN please');
    await env.platform.settle();
    expect(await kvsGet('seen-created')).toEqual(['DESK-1']);
    const work = await kvsGet<{ retryCount: number; queue: string }[]>('work:DESK-1');
    expect(work).toEqual([expect.objectContaining({ retryCount: 0, queue: 'work' })]);
    // The app's own comment is delivered to the trigger without ignoreSelf.
    expect(await kvsGet('seen-commented')).toEqual([`DESK-1:${APP_ACCOUNT_ID}`]);
  });

  it('honours filter.ignoreSelf for events the app caused', async () => {
    await api.asApp().requestJira(api.route`/rest/api/3/issue`, { method: 'POST', body: JSON.stringify({ fields: { summary: 'by app' } }) });
    await env.platform.settle();
    expect(await kvsGet('seen-created')).toBeUndefined();
    expect(env.platform.deliveries()).toEqual([expect.objectContaining({ kind: 'trigger', topic: 'avi:jira:created:issue', outcome: 'ignored-self' })]);
  });

  it('redelivers after InvocationError with retryContext, honouring retryAfter on the emulated clock', async () => {
    await new events.Queue({ key: 'work' }).push({ body: { issueKey: 'Q-1', failTimes: 2, retryAfter: 30 } });
    await env.platform.settle();
    expect(await kvsGet<unknown[]>('work:Q-1')).toHaveLength(1);
    await env.platform.advance(29_000);
    expect(await kvsGet<unknown[]>('work:Q-1')).toHaveLength(1);
    await env.platform.advance(1_000);
    await env.platform.advance(30_000);
    const attempts = await kvsGet<{ retryCount: number; retryReason: string | null; eventId: string }[]>('work:Q-1');
    expect(attempts?.map((a) => [a.retryCount, a.retryReason])).toEqual([
      [0, null],
      [1, 'FUNCTION_UPSTREAM_RATE_LIMITED'],
      [2, 'FUNCTION_UPSTREAM_RATE_LIMITED'],
    ]);
    expect(new Set(attempts?.map((a) => a.eventId)).size).toBe(1);
  });

  it('retries a consumer that throws at most 4 times', async () => {
    await new events.Queue({ key: 'work' }).push({ body: { issueKey: 'Q-2', throwTimes: 99 } });
    await env.platform.advance(3_600_000);
    expect(await kvsGet<unknown[]>('work:Q-2')).toHaveLength(5);
    const consumer = env.platform.deliveries().filter((d) => d.kind === 'consumer');
    expect(consumer.map((d) => d.outcome)).toEqual(['retry', 'retry', 'retry', 'retry', 'failed']);
  });

  it('holds delayed events until the clock reaches them', async () => {
    await new events.Queue({ key: 'work' }).push({ body: { issueKey: 'Q-3' }, delayInSeconds: 120 });
    await env.platform.settle();
    expect(await kvsGet('work:Q-3')).toBeUndefined();
    await env.platform.advance(120_000);
    expect(await kvsGet<unknown[]>('work:Q-3')).toHaveLength(1);
  });

  it('enforces the push limits of Forge', async () => {
    const queue = new events.Queue({ key: 'work' });
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ body: { issueKey: `n${i}` } }));
    await expect(queue.push(tooMany)).rejects.toThrow('more than the 50 events');
    await expect(queue.push({ body: { issueKey: 'x' }, delayInSeconds: 901 })).rejects.toThrow('between 0 and 900');
    // The server checks too, for clients that skip the SDK's own validation.
    const direct = await api.__requestAtlassianAsApp('/webhook/queue/publish/{contextAri}/{environmentId}/{appId}/{appVersion}', {
      method: 'POST',
      body: JSON.stringify({ queueName: 'work', jobId: 'j', payload: [{ body: { big: 'x'.repeat(201 * 1024) } }] }),
    });
    expect(direct.status).toBe(413);
  });
});

describe('delivery faults', () => {
  it('duplicates deliveries with the same eventId', async () => {
    env.platform.setDeliveryFaults({ seed: 7, duplicate: 1, kinds: ['consumer'] });
    await new events.Queue({ key: 'work' }).push({ body: { issueKey: 'D-1' } });
    await env.platform.settle();
    const attempts = await kvsGet<{ eventId: string }[]>('work:D-1');
    expect(attempts).toHaveLength(2);
    expect(attempts?.[0]?.eventId).toBe(attempts?.[1]?.eventId);
    expect(env.platform.deliveries().filter((d) => d.duplicate)).toHaveLength(1);
  });

  it('reorders due deliveries, the same way for the same seed', async () => {
    const run = async (seed: number): Promise<string[]> => {
      env.platform.reset();
      env.platform.setDeliveryFaults({ seed, reorder: 1 });
      await new events.Queue({ key: 'work' }).push(Array.from({ length: 6 }, (_, i) => ({ body: { issueKey: `R-${i}` } })));
      await env.platform.settle();
      const keys = (await forgeKvs.kvs.query().where('key', forgeKvs.WhereConditions.beginsWith('work:R-')).getMany()).results;
      const byEvent = new Map(keys.map((k) => [(k.value as { eventId: string }[])[0]?.eventId, k.key.slice('work:'.length)]));
      return env.platform.deliveries().map((d) => byEvent.get(d.eventId) ?? '?');
    };
    const first = await run(42);
    expect([...first].sort()).toEqual(['R-0', 'R-1', 'R-2', 'R-3', 'R-4', 'R-5']);
    expect(first).not.toEqual(['R-0', 'R-1', 'R-2', 'R-3', 'R-4', 'R-5']);
    expect(await run(42)).toEqual(first);
  });
});

describe('scheduled triggers, resolvers, webtriggers, egress', () => {
  it('fires the fiveMinute scheduled trigger on clock advance only', async () => {
    await env.platform.settle();
    expect(await kvsGet('ticks')).toBeUndefined();
    // Any window of exactly one interval holds exactly one tick, whatever the phase.
    await env.platform.advance(5 * 60_000);
    expect(await kvsGet('ticks')).toBe(1);
    await env.platform.advance(10 * 60_000);
    expect(await kvsGet('ticks')).toBe(3);
    expect(env.platform.deliveries().filter((d) => d.kind === 'scheduled').map((d) => d.moduleKey)).toEqual(['sweep', 'sweep', 'sweep']);
  });

  it('invokes a resolver with the calling user as context.accountId, and asUser() uses that user', async () => {
    expect(await env.platform.invokeResolver({ functionKey: 'whoami', accountId: 'agent-7', moduleKey: 'admin-page' })).toEqual({ accountId: 'agent-7', moduleKey: 'admin-page' });
    expect(await env.platform.invokeResolver({ functionKey: 'myself', accountId: 'agent-7' })).toEqual({ status: 200, body: { accountId: 'agent-7', accountType: 'atlassian' } });
    await expect(env.platform.invokeResolver({ functionKey: 'nope' })).rejects.toThrow("Resolver has no definition for 'nope'.");
  });

  it('answers a webtrigger request through the webtrigger function', async () => {
    const r = await env.platform.invokeWebtrigger('hook', { method: 'post', path: '/x1/hook', query: { q: 'v' }, body: '{"a":1}' });
    expect(r).toEqual({ statusCode: 202, headers: { 'Content-Type': ['application/json'] }, body: JSON.stringify({ method: 'POST', got: { a: 1 }, q: 'v' }) });
    const url = await api.webTrigger.getUrl('hook');
    expect(url).toMatch(/\/x1\/hook$/);
  });

  it('maps declared egress to the stand-in and refuses undeclared hosts', async () => {
    const ok = await env.platform.invokeResolver({ functionKey: 'egress', payload: { url: 'https://graph.microsoft.com/v1.0/me' } });
    expect(ok).toEqual({ ok: true, status: 200, body: JSON.stringify({ displayName: 'Graph stand-in' }) });
    const refused = await env.platform.invokeResolver({ functionKey: 'egress', payload: { url: 'https://evil.example.com/steal' } });
    expect(refused).toEqual({ ok: false, error: expect.stringContaining('not included in the external fetch backend permissions') });
    expect(graphCalls).toEqual(['GET /v1.0/me']);
    expect(env.platform.externalCalls().map((c) => [c.origin, c.status])).toEqual([
      ['https://graph.microsoft.com', 200],
      ['https://evil.example.com', 'refused'],
    ]);
  });
});

describe('reset', () => {
  it('drops pending retries and delayed deliveries of the previous state', async () => {
    await new events.Queue({ key: 'work' }).push({ body: { issueKey: 'X-1', failTimes: 3 } });
    await new events.Queue({ key: 'work' }).push({ body: { issueKey: 'X-2' }, delayInSeconds: 60 });
    await env.platform.settle();
    env.platform.reset();
    await env.platform.advance(600_000);
    expect(env.platform.deliveries().filter((d) => d.kind === 'consumer')).toEqual([]);
  });
});
