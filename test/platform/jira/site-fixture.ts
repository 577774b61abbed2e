/** A small service desk for the emulated-site tests, plus a request helper. */
import { createJiraSite, type JiraSite, type SiteCaller, type SiteSeed } from '../../../platform/jira';

export const STATUS = { open: '1', awaitingApproval: '2', inProgress: '3', declined: '4', done: '5' } as const;
export const TRANSITION = { requestApproval: '11', approve: '21', decline: '31', done: '41', reRequest: '51' } as const;
export const USERS = { admin: 'u-admin', agent: 'u-agent', alice: 'u-alice', bob: 'u-bob', a1: 'u-appr1', a2: 'u-appr2', a3: 'u-appr3', gone: 'u-gone' } as const;
export const APP: SiteCaller = { kind: 'app' };
export const as = (accountId: string): SiteCaller => ({ kind: 'user', accountId });

type ApprovalOverride = { conditionType: 'number' | 'percent'; conditionValue: number; excludeReporter?: boolean };

/** The seed: DESK (service desk 1) with an approval status and a VPN request type. */
export function buildSeed(approval: ApprovalOverride = { conditionType: 'number', conditionValue: 1, excludeReporter: true }): SiteSeed {
  return {
    users: [
      { accountId: USERS.admin, displayName: 'Ada Admin', emailAddress: 'ada@example.com' },
      { accountId: USERS.agent, displayName: 'Aaron Agent' },
      { accountId: USERS.alice, displayName: 'Alice Customer', accountType: 'customer' },
      { accountId: USERS.bob, displayName: 'Bob Customer', accountType: 'customer' },
      { accountId: USERS.a1, displayName: 'Approver One' },
      { accountId: USERS.a2, displayName: 'Approver Two' },
      { accountId: USERS.a3, displayName: 'Approver Three' },
      { accountId: USERS.gone, displayName: 'Gone User', active: false },
    ],
    groups: [
      { groupId: 'g-admins', name: 'jira-administrators', members: [USERS.admin] },
      { groupId: 'g-agents', name: 'jira-servicedesk-agents', members: [USERS.agent] },
      { groupId: 'g-security', name: 'lane-security', members: [USERS.a1, USERS.a2, USERS.a3, USERS.gone] },
    ],
    statuses: [
      { id: STATUS.open, name: 'Open', category: 'new' },
      { id: STATUS.awaitingApproval, name: 'Waiting for approval', category: 'indeterminate' },
      { id: STATUS.inProgress, name: 'In Progress', category: 'indeterminate' },
      { id: STATUS.declined, name: 'Declined', category: 'done' },
      { id: STATUS.done, name: 'Done', category: 'done' },
    ],
    customFields: [{ id: 'customfield_10050', name: 'Business justification', type: 'string' }],
    projects: [
      {
        id: '10000',
        key: 'DESK',
        name: 'IT Help Desk',
        serviceDeskId: '1',
        issueTypes: [{ id: '10100', name: 'Service Request' }],
        workflow: {
          initialStatusId: STATUS.open,
          transitions: [
            { id: TRANSITION.requestApproval, name: 'Request approval', from: [STATUS.open, STATUS.inProgress], to: STATUS.awaitingApproval },
            { id: TRANSITION.approve, name: 'Approve', from: [STATUS.awaitingApproval], to: STATUS.inProgress },
            { id: TRANSITION.decline, name: 'Decline', from: [STATUS.awaitingApproval], to: STATUS.declined },
            { id: TRANSITION.done, name: 'Resolve', from: 'any', to: STATUS.done },
            { id: TRANSITION.reRequest, name: 'Re-request approval', from: [STATUS.awaitingApproval], to: STATUS.awaitingApproval },
          ],
          approvals: [{ statusId: STATUS.awaitingApproval, transitionApproved: TRANSITION.approve, transitionRejected: TRANSITION.decline, ...approval }],
        },
      },
    ],
    requestTypes: [
      {
        id: '1',
        serviceDeskId: '1',
        name: 'VPN access',
        issueTypeId: '10100',
        fields: [
          { fieldId: 'summary', name: 'What do you need?', required: true },
          { fieldId: 'description' },
          { fieldId: 'customfield_10050', required: false },
        ],
      },
    ],
  };
}

export interface CallResult {
  status: number;
  headers: Record<string, string>;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
}

/** Sends one request and parses the JSON body. */
export async function call(site: JiraSite, caller: SiteCaller, method: string, path: string, body?: unknown): Promise<CallResult> {
  const res = await site.handle({ method, path, caller, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
  return { status: res.status, headers: res.headers, json: res.body === '' ? undefined : JSON.parse(res.body) };
}

/** A ticking clock: every read moves one second forward, so orderings are deterministic. */
export function tickingClock(start = Date.parse('2025-01-06T09:00:00.000Z')): () => string {
  let t = start;
  return () => new Date((t += 1000)).toISOString();
}

export async function createSeededSite(approval?: ApprovalOverride): Promise<JiraSite> {
  const site = await createJiraSite({ now: tickingClock(), baseUrl: 'https://example.atlassian.net' });
  site.seed(buildSeed(approval));
  return site;
}

/** Raises a VPN request as Alice through the JSM API; returns its key. */
export async function raiseRequest(site: JiraSite, reporter: string = USERS.alice, summary = 'VPN for the Berlin office'): Promise<{ key: string; id: string }> {
  const res = await call(site, as(reporter), 'POST', '/rest/servicedeskapi/request', { serviceDeskId: '1', requestTypeId: '1', requestFieldValues: { summary, description: 'Need it by Monday' } });
  if (res.status !== 201) throw new Error(`raiseRequest failed: ${res.status} ${JSON.stringify(res.json)}`);
  return { key: res.json.issueKey, id: res.json.issueId };
}
