import { APPROVERS_FIELD_ID, createJiraSite, type JiraSite, PROPERTY_VALUE_MAX_BYTES } from '../../../platform/jira';
import { APP, as, buildSeed, call, createSeededSite, raiseRequest, USERS } from './site-fixture';

const adf = (text: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

describe('who sees what', () => {
  let site: JiraSite;
  let aliceKey = '';
  beforeAll(async () => {
    site = await createSeededSite();
    aliceKey = (await raiseRequest(site, USERS.alice)).key;
    await call(site, APP, 'POST', `/rest/api/3/issue/${aliceKey}/comment`, { body: adf('Routed to security (internal)'), properties: [{ key: 'sd.public.comment', value: { internal: true } }] });
    await call(site, APP, 'POST', `/rest/api/3/issue/${aliceKey}/comment`, { body: adf('We are on it') });
  });

  it.each([
    { who: 'the reporter', caller: as(USERS.alice), status: 200 },
    { who: 'another customer', caller: as(USERS.bob), status: 404 },
    { who: 'an agent', caller: as(USERS.agent), status: 200 },
    { who: 'an admin', caller: as(USERS.admin), status: 200 },
    { who: 'the app', caller: APP, status: 200 },
    { who: 'an anonymous caller', caller: { kind: 'anonymous' as const }, status: 401 },
    { who: 'an unknown account', caller: as('u-nobody'), status: 401 },
  ])('$who gets $status for the request on both APIs', async ({ caller, status }) => {
    expect((await call(site, caller, 'GET', `/rest/api/3/issue/${aliceKey}`)).status).toBe(status);
    expect((await call(site, caller, 'GET', `/rest/servicedeskapi/request/${aliceKey}`)).status).toBe(status);
  });

  it('hides internal comments from the customer on both APIs, shows them to agents', async () => {
    const customer = await call(site, as(USERS.alice), 'GET', `/rest/api/3/issue/${aliceKey}/comment`);
    expect(customer.json.comments.map((c: { jsdPublic: boolean }) => c.jsdPublic)).toEqual([true]);
    const agent = await call(site, as(USERS.agent), 'GET', `/rest/api/3/issue/${aliceKey}/comment`);
    expect(agent.json.comments.map((c: { jsdPublic: boolean }) => c.jsdPublic)).toEqual([false, true]);
    const jsmCustomer = await call(site, as(USERS.alice), 'GET', `/rest/servicedeskapi/request/${aliceKey}/comment`);
    expect(jsmCustomer.json.values.map((c: { body: string }) => c.body)).toEqual(['We are on it']);
    const fields = await call(site, as(USERS.alice), 'GET', `/rest/api/3/issue/${aliceKey}?fields=comment`);
    expect(fields.json.fields.comment.total).toBe(1);
  });

  it('keeps customers from internal comments, edits and property writes', async () => {
    expect((await call(site, as(USERS.alice), 'POST', `/rest/servicedeskapi/request/${aliceKey}/comment`, { body: 'psst', public: false })).status).toBe(403);
    expect((await call(site, as(USERS.alice), 'POST', `/rest/servicedeskapi/request/${aliceKey}/comment`, { body: 'Thanks!' })).status).toBe(201);
    expect((await call(site, as(USERS.alice), 'PUT', `/rest/api/3/issue/${aliceKey}`, { fields: { summary: 'mine' } })).status).toBe(403);
    expect((await call(site, as(USERS.alice), 'PUT', `/rest/api/3/issue/${aliceKey}/properties/x`, { a: 1 })).status).toBe(403);
  });

  it('JQL search returns only what the caller may see', async () => {
    await raiseRequest(site, USERS.bob, 'Bob needs VPN');
    const bob = await call(site, as(USERS.bob), 'POST', '/rest/api/3/search/jql', { jql: 'project = DESK', fields: ['summary'] });
    expect(bob.json.issues.map((i: { fields: { summary: string } }) => i.fields.summary)).toEqual(['Bob needs VPN']);
  });

  it('group members: paged by at most 50, inactive users only on request, customers refused', async () => {
    const page = await call(site, APP, 'GET', '/rest/api/3/group/member?groupId=g-security&maxResults=2');
    expect(page.json).toMatchObject({ total: 3, isLast: false, maxResults: 2 });
    expect(page.json.nextPage).toContain('startAt=2');
    const all = await call(site, APP, 'GET', '/rest/api/3/group/member?groupname=lane-security&includeInactiveUsers=true&maxResults=500');
    expect(all.json.maxResults).toBe(50);
    expect(all.json.values.map((u: { accountId: string }) => u.accountId)).toContain(USERS.gone);
    expect((await call(site, as(USERS.alice), 'GET', '/rest/api/3/group/member?groupId=g-security')).status).toBe(403);
    expect((await call(site, APP, 'GET', '/rest/api/3/group/member?groupId=nope')).status).toBe(404);
  });
});

describe('Forge app fields and Jira limits', () => {
  let site: JiraSite;
  let key = '';
  let fieldId = '';
  beforeAll(async () => {
    site = await createSeededSite();
    [{ fieldId = '' } = { fieldId: '' }] = site.registerAppFields([{ key: 'approval-policy', name: 'Approval policy', type: 'object' }], 'app-1', 'env-1');
    key = (await raiseRequest(site)).key;
  });

  it('registers each field once per app and key', () => {
    expect(fieldId).toMatch(/^customfield_[0-9]+$/);
    expect(site.registerAppFields([{ key: 'approval-policy', name: 'Approval policy', type: 'object' }], 'app-1', 'env-1')[0]?.fieldId).toBe(fieldId);
  });

  it('lets only the owning app write its field, by id or by key', async () => {
    const id = Number(site.getIssue(key)?.id);
    expect((await call(site, APP, 'PUT', `/rest/api/3/app/field/${fieldId}/value`, { updates: [{ issueIds: [id], value: { lane: 'security' } }] })).status).toBe(204);
    expect(site.getIssue(key)?.values[fieldId]).toEqual({ lane: 'security' });
    expect((await call(site, APP, 'PUT', '/rest/api/3/app/field/app-1__env-1__approval-policy/value', { updates: [{ issueIds: [id], value: { lane: 'finance' } }] })).status).toBe(204);
    expect((await call(site, { kind: 'app', appId: 'other-app' }, 'PUT', `/rest/api/3/app/field/${fieldId}/value`, { updates: [{ issueIds: [id], value: {} }] })).status).toBe(403);
    expect((await call(site, as(USERS.admin), 'PUT', `/rest/api/3/app/field/${fieldId}/value`, { updates: [{ issueIds: [id], value: {} }] })).status).toBe(403);
    const mixed = { updates: [{ customField: fieldId, issueIds: [id], value: { lane: 'hr' } }, { customField: APPROVERS_FIELD_ID, issueIds: [id], value: [] }] };
    expect((await call(site, APP, 'POST', '/rest/api/3/app/field/value', mixed)).status).toBe(403);
    expect((await call(site, APP, 'PUT', `/rest/api/3/issue/${key}`, { fields: { [fieldId]: { lane: 'x' } } })).status).toBe(400);
    expect(site.getIssue(key)?.values[fieldId]).toEqual({ lane: 'finance' });
  });

  it('enforces the 32,768-byte property value limit and the 255-character key limit', async () => {
    const fits = JSON.stringify({ log: 'x'.repeat(PROPERTY_VALUE_MAX_BYTES - 10) });
    expect(Buffer.byteLength(fits)).toBe(PROPERTY_VALUE_MAX_BYTES);
    expect((await call(site, APP, 'PUT', `/rest/api/3/issue/${key}/properties/log.0`, fits)).status).toBe(201);
    expect((await call(site, APP, 'PUT', `/rest/api/3/issue/${key}/properties/log.0`, fits)).status).toBe(200);
    const tooBig = await call(site, APP, 'PUT', `/rest/api/3/issue/${key}/properties/log.1`, JSON.stringify({ log: 'é'.repeat(PROPERTY_VALUE_MAX_BYTES / 2) }));
    expect(tooBig.status).toBe(400);
    expect(tooBig.json.errorMessages[0]).toMatch(/32768 bytes/);
    expect((await call(site, APP, 'PUT', `/rest/api/3/issue/${key}/properties/${'k'.repeat(256)}`, { a: 1 })).status).toBe(400);
    expect(Object.keys(site.getProperties(key))).toEqual(['log.0']);
    expect((await call(site, APP, 'GET', `/rest/api/3/issue/${key}/properties/log.1`)).status).toBe(404);
  });

  it('refuses the comment after the 5,000th', async () => {
    // Response validation is off for the 5,000 set-up calls only, to keep this test quick.
    const local = await createJiraSite({ validateResponses: false });
    local.seed(buildSeed());
    const k = (await raiseRequest(local)).key;
    for (let i = 0; i < 5000; i++) await local.handle({ method: 'POST', path: `/rest/servicedeskapi/request/${k}/comment`, caller: APP, body: '{"body":"n"}' });
    expect(local.listComments(k)).toHaveLength(5000);
    expect((await call(local, APP, 'POST', `/rest/api/3/issue/${k}/comment`, { body: adf('one more') })).status).toBe(413);
  });
});
