import { APP_ACCOUNT_ID, APPROVERS_FIELD_ID, type JiraSite, type ProductEvent } from '../../../platform/jira';
import { parseJql } from '../../../platform/jira/jql';
import { APP, as, call, createSeededSite, raiseRequest, STATUS, TRANSITION, USERS } from './site-fixture';

describe('product events', () => {
  let site: JiraSite;
  let events: ProductEvent[];
  beforeAll(async () => {
    site = await createSeededSite();
    events = [];
    site.onProductEvent((e) => events.push(e));
  });
  beforeEach(() => {
    events.length = 0;
  });

  it('avi:jira:created:issue carries system fields only, users as account ids', async () => {
    const { key, id } = await raiseRequest(site);
    expect(events.map((e) => e.eventType)).toEqual(['avi:jira:created:issue']);
    const p = events[0]?.payload as { issue: { id: string; key: string; fields: Record<string, unknown> }; atlassianId: string; selfGenerated: boolean; __caller: unknown };
    expect(p.issue.id).toBe(id);
    expect(p.issue.key).toBe(key);
    expect(Object.keys(p.issue.fields).sort()).toEqual(['assignee', 'created', 'creator', 'issuetype', 'project', 'reporter', 'status', 'summary', 'updated']);
    expect(p.issue.fields.reporter).toEqual({ accountId: USERS.alice });
    expect(p.issue.fields.status).toMatchObject({ id: STATUS.open, name: 'Open' });
    expect(p).toMatchObject({ atlassianId: USERS.alice, selfGenerated: false, __caller: { kind: 'user', accountId: USERS.alice } });
  });

  it('avi:jira:updated:issue carries the changelog of field edits and marks app-made changes', async () => {
    const { key } = await raiseRequest(site);
    events.length = 0;
    await call(site, APP, 'PUT', `/rest/api/3/issue/${key}`, { fields: { summary: 'VPN (renamed)', [APPROVERS_FIELD_ID]: [{ accountId: USERS.a1 }, { accountId: USERS.a2 }] } });
    expect(events).toHaveLength(1);
    const p = events[0]?.payload as { changelog: { id: string; items: unknown[] }; atlassianId: string; selfGenerated: boolean };
    expect(p.atlassianId).toBe(APP_ACCOUNT_ID);
    expect(p.selfGenerated).toBe(true);
    expect(p.changelog.items).toEqual([
      { field: 'summary', fieldtype: 'jira', fieldId: 'summary', from: null, fromString: 'VPN for the Berlin office', to: null, toString: 'VPN (renamed)' },
      { field: 'Approvers', fieldtype: 'custom', fieldId: APPROVERS_FIELD_ID, from: null, fromString: null, to: `${USERS.a1}, ${USERS.a2}`, toString: 'Approver One, Approver Two' },
    ]);
  });

  it('an edit that changes nothing emits nothing; a failed request emits nothing', async () => {
    const { key } = await raiseRequest(site);
    events.length = 0;
    await call(site, APP, 'PUT', `/rest/api/3/issue/${key}`, { fields: { summary: 'VPN for the Berlin office' } });
    expect((await call(site, APP, 'POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: TRANSITION.approve } })).status).toBe(400);
    expect(events).toEqual([]);
  });

  it('a transition emits the status change with associated statuses', async () => {
    const { key } = await raiseRequest(site);
    events.length = 0;
    await call(site, as(USERS.agent), 'POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: TRANSITION.done } });
    const p = events[0]?.payload as { changelog: { items: unknown[] }; associatedStatuses: unknown[]; atlassianId: string; issue: { fields: { status: { id: string } } } };
    expect(p.changelog.items).toEqual([{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: STATUS.open, fromString: 'Open', to: STATUS.done, toString: 'Done' }]);
    expect(p.associatedStatuses).toEqual([
      { id: STATUS.open, name: 'Open' },
      { id: STATUS.done, name: 'Done' },
    ]);
    expect(p.issue.fields.status.id).toBe(STATUS.done);
    expect(p.atlassianId).toBe(USERS.agent);
  });

  it('avi:jira:commented:issue carries the comment with its visibility', async () => {
    const { key } = await raiseRequest(site);
    events.length = 0;
    await call(site, as(USERS.alice), 'POST', `/rest/servicedeskapi/request/${key}/comment`, { body: 'My end date is 2025-03-31' });
    await call(site, APP, 'POST', `/rest/servicedeskapi/request/${key}/comment`, { body: 'Plan made', public: false });
    expect(events.map((e) => e.eventType)).toEqual(['avi:jira:commented:issue', 'avi:jira:commented:issue']);
    const [customer, internal] = events.map((e) => e.payload.comment as { author: { accountId: string }; jsdPublic: boolean; body: unknown });
    expect(customer).toMatchObject({ author: { accountId: USERS.alice }, jsdPublic: true, body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'My end date is 2025-03-31' }] }] } });
    expect(internal).toMatchObject({ author: { accountId: APP_ACCOUNT_ID }, jsdPublic: false });
  });

  it('an Forge app field write emits a changelog unless generateChangelog=false', async () => {
    const [{ fieldId } = { fieldId: '' }] = site.registerAppFields([{ key: 'run-state', name: 'Run state', type: 'string' }], 'app-1', 'env-1');
    const { id } = await raiseRequest(site);
    events.length = 0;
    await call(site, APP, 'PUT', `/rest/api/3/app/field/${fieldId}/value?generateChangelog=false`, { updates: [{ issueIds: [Number(id)], value: 'routing' }] });
    expect(events).toEqual([]);
    await call(site, APP, 'PUT', `/rest/api/3/app/field/${fieldId}/value`, { updates: [{ issueIds: [Number(id)], value: 'approved' }] });
    expect((events[0]?.payload.changelog as { items: unknown[] }).items).toEqual([{ field: 'Run state', fieldtype: 'custom', fieldId, from: null, fromString: 'routing', to: null, toString: 'approved' }]);
  });
});

describe('fault injection', () => {
  let site: JiraSite;
  let propertySeq = 0;
  beforeAll(async () => {
    site = await createSeededSite();
    await raiseRequest(site);
  });
  afterEach(() => site.setFaults([]));

  it.each([
    { response: { status: 429 as const, retryAfter: 7, rateLimitReason: 'jira-burst-based' as const }, headers: { 'retry-after': '7', 'ratelimit-reason': 'jira-burst-based' } },
    { response: { status: 429 as const, rateLimitReason: 'jira-per-issue-on-write' as const }, headers: { 'ratelimit-reason': 'jira-per-issue-on-write' } },
    { response: { status: 429 as const, retryAfter: 3600, rateLimitReason: 'jira-quota-tenant-based' as const }, headers: { 'retry-after': '3600', 'ratelimit-reason': 'jira-quota-tenant-based' } },
    { response: { status: 429 as const }, headers: {} },
    { response: { status: 503 as const }, headers: {} },
    { response: { status: 500 as const }, headers: {} },
  ])('answers $response.status with headers $headers, for `times` requests only', async ({ response, headers }) => {
    site.setFaults([{ method: 'PUT', pathPattern: '/rest/api/3/issue/*/properties/*', times: 2, response }]);
    const propertyKey = `k-${++propertySeq}`;
    const put = () => call(site, APP, 'PUT', `/rest/api/3/issue/DESK-1/properties/${propertyKey}`, { a: 1 });
    for (let i = 0; i < 2; i++) {
      const res = await put();
      expect(res.status).toBe(response.status);
      expect(res.headers).toEqual({ 'content-type': 'application/json', ...headers });
    }
    expect((await call(site, APP, 'GET', `/rest/api/3/issue/DESK-1/properties/${propertyKey}`)).status).toBe(404);
    expect((await put()).status).toBe(201);
    expect(site.calls().slice(-4).map((c) => [c.status, c.fault ?? null])).toEqual([
      [response.status, expect.stringContaining(String(response.status))],
      [response.status, expect.stringContaining(String(response.status))],
      [404, null],
      [201, null],
    ]);
  });

  it('matches the OpenAPI template and regular expressions too', async () => {
    site.setFaults([{ pathPattern: '/rest/api/3/issue/{issueIdOrKey}', response: { status: 503 } }, { pathPattern: '^/rest/servicedeskapi/', response: { status: 500 } }]);
    expect((await call(site, APP, 'GET', '/rest/api/3/issue/DESK-1')).status).toBe(503);
    expect((await call(site, APP, 'GET', '/rest/servicedeskapi/servicedesk')).status).toBe(500);
    expect((await call(site, APP, 'GET', '/rest/api/3/issue/DESK-1/comment')).status).toBe(200);
  });

  it('probability faults follow the seed: the same seed gives the same schedule', async () => {
    const run = async (seed: number) => {
      site.setFaults([{ pathPattern: '/rest/api/3/myself', probability: 0.5, response: { status: 429 } }], seed);
      const out: number[] = [];
      for (let i = 0; i < 24; i++) out.push((await call(site, APP, 'GET', '/rest/api/3/myself')).status);
      return out;
    };
    const a = await run(42);
    expect(await run(42)).toEqual(a);
    expect(a).toContain(429);
    expect(a).toContain(200);
    expect(await run(7)).not.toEqual(a);
  });

  it('delays a response, then answers normally', async () => {
    site.setFaults([{ pathPattern: '/rest/api/3/myself', times: 1, response: { delayMs: 30 } }]);
    const res = await call(site, APP, 'GET', '/rest/api/3/myself');
    expect(res.status).toBe(200);
    expect(res.json.accountId).toBe(APP_ACCOUNT_ID);
  });

  it('rejects an invalid rule with its path', () => {
    expect(() => site.setFaults([{ pathPattern: '/x', response: { status: 418 } as never }])).toThrow(/Invalid fault rule at 0\.response/);
  });
});

describe('JQL subset', () => {
  let site: JiraSite;
  const keys: string[] = [];
  beforeAll(async () => {
    site = await createSeededSite();
    keys.push((await raiseRequest(site, USERS.alice, 'first')).key);
    keys.push((await raiseRequest(site, USERS.bob, 'second')).key);
    keys.push((await raiseRequest(site, USERS.alice, 'third')).key);
    await call(site, APP, 'POST', `/rest/api/3/issue/${keys[1]}/transitions`, { transition: { id: TRANSITION.done } });
    await call(site, APP, 'PUT', `/rest/api/3/issue/${keys[2]}/properties/approval-router.state`, { state: 'blocked', lane: 'security' });
  });

  const search = async (jql: string, caller = APP) => {
    const res = await call(site, caller, 'POST', '/rest/api/3/search/jql', { jql, fields: ['summary'], maxResults: 50 });
    return { status: res.status, keys: (res.json.issues ?? []).map((i: { key: string }) => i.key) as string[], json: res.json };
  };

  it.each([
    { jql: 'project = DESK ORDER BY created DESC', expected: [2, 1, 0] },
    { jql: 'project = desk ORDER BY created ASC', expected: [0, 1, 2] },
    { jql: 'project = DESK AND status = Done', expected: [1] },
    { jql: 'project = DESK AND status != "Done" ORDER BY key ASC', expected: [0, 2] },
    { jql: `issuekey in (__0__, __2__) ORDER BY created ASC`, expected: [0, 2] },
    { jql: `reporter = ${USERS.alice} ORDER BY created ASC`, expected: [0, 2] },
    { jql: 'issue.property[approval-router.state].state = blocked', expected: [2] },
    { jql: 'issue.property[approval-router.state].lane in (security, finance)', expected: [2] },
    { jql: '"Request Type" = "VPN access" AND (status = Open OR status = Done) ORDER BY created ASC', expected: [0, 1, 2] },
    { jql: 'project = DESK AND NOT summary ~ "ir" ORDER BY created ASC', expected: [1] },
    { jql: 'project = DESK AND assignee IS EMPTY AND statusCategory = Done', expected: [1] },
  ])('$jql', async ({ jql, expected }) => {
    const res = await search(jql.replace(/__([0-9])__/g, (_m, i: string) => keys[Number(i)] ?? ''));
    expect(res.status).toBe(200);
    expect(res.keys).toEqual(expected.map((i) => keys[i]));
  });

  it('currentUser() is the caller', async () => {
    expect((await search('reporter = currentUser() ORDER BY created ASC', as(USERS.bob))).keys).toEqual([keys[1]]);
  });

  it('pages with nextPageToken', async () => {
    const first = await call(site, APP, 'POST', '/rest/api/3/search/jql', { jql: 'project = DESK ORDER BY created ASC', maxResults: 2 });
    expect(first.json.isLast).toBe(false);
    expect(first.json.issues[0].fields).toBeUndefined();
    const second = await call(site, APP, 'POST', '/rest/api/3/search/jql', { jql: 'project = DESK ORDER BY created ASC', maxResults: 2, nextPageToken: first.json.nextPageToken });
    expect(second.json.issues.map((i: { key: string }) => i.key)).toEqual([keys[2]]);
    expect(second.json.isLast).toBe(true);
  });

  it.each(['', 'ORDER BY created DESC', 'project = ', 'nosuchfield = 1', 'project = DESK ORDER BY priority', 'project IN DESK'])('rejects %p with a 400', async (jql) => {
    const res = await search(jql);
    expect(res.status).toBe(400);
    expect(res.json.errorMessages[0]).toEqual(expect.any(String));
  });

  it('parses precedence: AND binds tighter than OR', () => {
    const q = parseJql('a = 1 OR b = 2 AND c = 3');
    expect(q.where).toMatchObject({ kind: 'or', right: { kind: 'and' } });
  });
});
