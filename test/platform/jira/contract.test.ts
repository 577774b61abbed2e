import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APPROVERS_FIELD_ID, createJiraSite, JiraSite, loadOpenApiContract, type OpenApiContract } from '../../../platform/jira';
import { SiteModel } from '../../../platform/jira/site-model';
import { jsmRoutes } from '../../../platform/jira/routes/jsm-routes';
import { platformRoutes } from '../../../platform/jira/routes/platform-routes';
import { APP, as, buildSeed, call, raiseRequest, tickingClock, TRANSITION, USERS } from './site-fixture';

type Case = { name: string; method: string; path: string; caller?: 'app' | string; body?: unknown; status: number };

describe('emulated routes against the OpenAPI documents', () => {
  let site: JiraSite;
  let contract: OpenApiContract;
  let key = '';
  let approvalId = '';

  beforeAll(async () => {
    contract = await loadOpenApiContract();
    // Validation inside the site is off here so that this test checks every response itself.
    site = await createJiraSite({ now: tickingClock(), baseUrl: 'https://example.atlassian.net', validateResponses: false });
    site.seed(buildSeed());
    site.registerAppFields([{ key: 'workflow-field', name: 'Workflow', type: 'string' }], 'app-1', 'env-1');
    key = (await raiseRequest(site)).key;
    await call(site, APP, 'PUT', `/rest/api/3/issue/${key}`, { fields: { [APPROVERS_FIELD_ID]: [{ accountId: USERS.a1 }] } });
    await call(site, APP, 'POST', `/rest/api/3/issue/${key}/comment`, { body: { type: 'doc', version: 1, content: [] } });
  });

  it('every implemented handler is a documented operation', () => {
    const read = (file: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'shared', 'openapi', file), 'utf8')) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const platformDoc = read('jira-platform.v3.json');
    const jsmDoc = read('jsm.v3.json');
    const ids = (doc: typeof platformDoc) => new Set(Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId)));
    const p = ids(platformDoc);
    const j = ids(jsmDoc);
    expect(Object.keys(platformRoutes).filter((id) => !p.has(id))).toEqual([]);
    expect(Object.keys(jsmRoutes).filter((id) => !j.has(id))).toEqual([]);
  });

  const cases = (): Case[] => [
    { name: 'getIssue', method: 'GET', path: `/rest/api/3/issue/${key}?fields=*all&expand=names&properties=*all`, status: 200 },
    { name: 'editIssue', method: 'PUT', path: `/rest/api/3/issue/${key}`, body: { fields: { summary: 'VPN, Berlin' } }, status: 204 },
    { name: 'createIssue', method: 'POST', path: '/rest/api/3/issue', body: { fields: { project: { key: 'DESK' }, issuetype: { id: '10100' }, summary: 'Internal task' } }, status: 201 },
    { name: 'createIssue (bad project)', method: 'POST', path: '/rest/api/3/issue', body: { fields: { project: { key: 'NOPE' }, issuetype: { id: '10100' }, summary: 'x' } }, status: 400 },
    { name: 'getTransitions', method: 'GET', path: `/rest/api/3/issue/${key}/transitions`, status: 200 },
    { name: 'setIssueProperty', method: 'PUT', path: `/rest/api/3/issue/${key}/properties/approval-router.state`, body: { state: 'routing' }, status: 201 },
    { name: 'getIssuePropertyKeys', method: 'GET', path: `/rest/api/3/issue/${key}/properties`, status: 200 },
    { name: 'getIssueProperty', method: 'GET', path: `/rest/api/3/issue/${key}/properties/approval-router.state`, status: 200 },
    { name: 'getComments', method: 'GET', path: `/rest/api/3/issue/${key}/comment`, status: 200 },
    { name: 'addComment', method: 'POST', path: `/rest/api/3/issue/${key}/comment`, body: { body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Routed' }] }] } }, status: 201 },
    { name: 'getUsersFromGroup', method: 'GET', path: '/rest/api/3/group/member?groupId=g-security&maxResults=2', status: 200 },
    { name: 'getUser', method: 'GET', path: `/rest/api/3/user?accountId=${USERS.admin}`, status: 200 },
    { name: 'getCurrentUser', method: 'GET', path: '/rest/api/3/myself', caller: USERS.agent, status: 200 },
    { name: 'getFields', method: 'GET', path: '/rest/api/3/field', status: 200 },
    { name: 'getStatuses', method: 'GET', path: '/rest/api/3/status', status: 200 },
    { name: 'updateCustomFieldValue', method: 'PUT', path: `/rest/api/3/app/field/${site?.appFieldId('workflow-field') ?? 'x'}/value`, body: { updates: [{ issueIds: [10001], value: 'vpn-access' }] }, status: 204 },
    { name: 'updateMultipleCustomFieldValues', method: 'POST', path: '/rest/api/3/app/field/value', body: { updates: [{ customField: site?.appFieldId('workflow-field') ?? 'x', issueIds: [10001], value: 'vpn' }] }, status: 204 },
    { name: 'search/jql POST', method: 'POST', path: '/rest/api/3/search/jql', body: { jql: 'project = DESK ORDER BY created DESC', fields: ['summary', 'status'], maxResults: 1 }, status: 200 },
    { name: 'search/jql GET', method: 'GET', path: '/rest/api/3/search/jql?jql=project%20%3D%20DESK&fields=summary', status: 200 },
    { name: 'getServiceDesks', method: 'GET', path: '/rest/servicedeskapi/servicedesk', status: 200 },
    { name: 'getServiceDeskById', method: 'GET', path: '/rest/servicedeskapi/servicedesk/1', status: 200 },
    { name: 'getRequestTypes', method: 'GET', path: '/rest/servicedeskapi/servicedesk/1/requesttype', status: 200 },
    { name: 'getRequestTypeFields', method: 'GET', path: '/rest/servicedeskapi/servicedesk/1/requesttype/1/field', status: 200 },
    { name: 'createCustomerRequest', method: 'POST', path: '/rest/servicedeskapi/request', caller: USERS.bob, body: { serviceDeskId: '1', requestTypeId: '1', requestFieldValues: { summary: 'Another VPN' } }, status: 201 },
    { name: 'createCustomerRequest (missing required)', method: 'POST', path: '/rest/servicedeskapi/request', caller: USERS.bob, body: { serviceDeskId: '1', requestTypeId: '1', requestFieldValues: {} }, status: 400 },
    { name: 'getCustomerRequestByIdOrKey', method: 'GET', path: `/rest/servicedeskapi/request/${key}?expand=requestType,serviceDesk`, status: 200 },
    { name: 'createRequestComment', method: 'POST', path: `/rest/servicedeskapi/request/${key}/comment`, body: { body: 'Looking into it', public: false }, status: 201 },
    { name: 'getRequestComments', method: 'GET', path: `/rest/servicedeskapi/request/${key}/comment`, status: 200 },
    { name: 'doTransition', method: 'POST', path: `/rest/api/3/issue/${key}/transitions`, body: { transition: { id: TRANSITION.requestApproval } }, status: 204 },
    { name: 'getApprovals', method: 'GET', path: `/rest/servicedeskapi/request/${key}/approval`, caller: USERS.a1, status: 200 },
    { name: 'getApprovalById', method: 'GET', path: `/rest/servicedeskapi/request/${key}/approval/__APPROVAL__`, caller: USERS.a1, status: 200 },
    { name: 'answerApproval', method: 'POST', path: `/rest/servicedeskapi/request/${key}/approval/__APPROVAL__`, caller: USERS.a1, body: { decision: 'approve' }, status: 200 },
    { name: 'answerApproval (409)', method: 'POST', path: `/rest/servicedeskapi/request/${key}/approval/__APPROVAL__`, caller: USERS.a1, body: { decision: 'approve' }, status: 409 },
    { name: 'deleteIssueProperty', method: 'DELETE', path: `/rest/api/3/issue/${key}/properties/approval-router.state`, status: 204 },
    { name: 'getIssue (missing)', method: 'GET', path: '/rest/api/3/issue/DESK-999', status: 404 },
  ];

  it('each implemented route answers with a body valid for its documented status', async () => {
    const checked: string[] = [];
    for (const c of cases()) {
      const path = c.path.replace('__APPROVAL__', approvalId);
      const res = await site.handle({ method: c.method, path, caller: !c.caller || c.caller === 'app' ? APP : as(c.caller), ...(c.body === undefined ? {} : { body: JSON.stringify(c.body) }) });
      expect({ name: c.name, status: res.status, body: res.status === c.status ? '' : res.body }).toEqual({ name: c.name, status: c.status, body: '' });
      const template = site.calls().at(-1)?.routeTemplate ?? '';
      const api = path.startsWith('/rest/servicedeskapi/') ? 'jsm' : 'platform';
      const body = res.body === '' ? undefined : JSON.parse(res.body);
      expect({ name: c.name, errors: body === undefined ? [] : contract.validateResponse(api, c.method, template, res.status, body) }).toEqual({ name: c.name, errors: [] });
      if (c.name === 'getApprovals') approvalId = body.values[0].id;
      checked.push(c.name);
    }
    expect(checked).toHaveLength(cases().length);
  });

  it('validates a response against the schema: a wrong type is reported with its path', () => {
    const errors = contract.validateResponse('jsm', 'get', '/rest/servicedeskapi/request/{issueIdOrKey}/approval/{approvalId}', 200, { id: 1, finalDecision: 'maybe' });
    expect(errors).toEqual(expect.arrayContaining([expect.stringContaining('response/id'), expect.stringContaining('response/finalDecision')]));
  });

  it('answers 404 with a Jira error body for paths the documents do not have', async () => {
    const res = await call(site, APP, 'GET', '/rest/api/3/not-a-resource');
    expect(res.status).toBe(404);
    expect(res.json.errorMessages[0]).toMatch(/No Jira REST resource/);
    expect(site.calls().at(-1)?.routeTemplate).toBeNull();
  });

  it('answers 405 for a documented path with an undocumented method', async () => {
    expect((await call(site, APP, 'PATCH', `/rest/api/3/issue/${key}`)).status).toBe(405);
  });

  it('answers 501 for documented operations it does not implement', async () => {
    const res = await call(site, APP, 'GET', '/rest/api/3/dashboard');
    expect(res.status).toBe(501);
    expect(res.json.errorMessages[0]).toMatch(/getAllDashboards.*not implemented/);
  });

  it('rejects an invalid body with the JSON path of the problem', async () => {
    const res = await call(site, APP, 'POST', '/rest/servicedeskapi/request', { serviceDeskId: 1, requestTypeId: '1' });
    expect(res.status).toBe(400);
    expect(res.json.errorMessage).toMatch(/body\/serviceDeskId: must be string/);
    const extra = await call(site, as(USERS.a1), 'POST', `/rest/servicedeskapi/request/${key}/approval/1`, { decision: 'approve', note: 'x' });
    expect(extra.status).toBe(400);
    expect(extra.json.errorMessage).toMatch(/additional properties 'note'/);
  });

  it('rejects invalid query parameters and malformed JSON', async () => {
    expect((await call(site, APP, 'GET', '/rest/api/3/group/member?groupId=g-security&startAt=abc')).json.errorMessages[0]).toMatch(/startAt/);
    expect((await call(site, APP, 'POST', `/rest/api/3/issue/${key}/comment`, '{not json')).status).toBe(400);
  });

  it('turns a response that violates the document into a 500 when validation is on', async () => {
    const failing: OpenApiContract = { ...contract, validateResponse: () => ['response/statusCategory/id: must be integer'] };
    const strict = new JiraSite(new SiteModel('https://example.atlassian.net'), failing, { now: tickingClock(), validateResponses: true, faultSeed: 1 });
    strict.seed(buildSeed());
    const res = await call(strict, APP, 'GET', '/rest/api/3/status');
    expect(res.status).toBe(500);
    expect(res.json.errorMessages[0]).toMatch(/getStatuses violates the OpenAPI document: response\/statusCategory\/id/);
  });
});
