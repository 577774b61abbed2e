/**
 * The demo service desk, in one place for the sandbox, tests and benchmarks: project DESK with a
 * request type per pre-built workflow (from WORKFLOW_CATALOG), their input fields as custom
 * fields, the JSM Approvers field, approval statuses (one per mode) and the lifecycle statuses,
 * people (requesters with a contractor, agents, lane approvers, an admin) and the lane groups,
 * read from examples/directory.json when it is present.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKFLOW_CATALOG } from '../../src/domain/workflows/catalog';
import type { WorkflowInputField } from '../../src/domain/workflows/workflow-types';
import type { SiteSeed } from '../jira/seed-schema';

type FieldType = NonNullable<SiteSeed['customFields']>[number]['type'];

export const DEMO_PROJECT = { id: '10000', key: 'DESK', name: 'Demo Service Desk', serviceDeskId: '1', issueTypeId: '10100' } as const;

/** Status ids of the demo workflow: the app's configuration points at these. */
export const DEMO_STATUSES = {
  waitingForSupport: '10000',
  approvalAny: '10001',
  approvalAll: '10002',
  approvalTwoOfM: '10003',
  inProgress: '10004',
  waitingForCustomer: '10005',
  escalated: '10006',
  blocked: '10007',
  done: '10008',
  declined: '10009',
  cancelled: '10010',
} as const;

/** Transition ids; each approval status has its own approve/decline pair (JSM's model). */
export const DEMO_TRANSITIONS = {
  requestApprovalAny: '11',
  requestApprovalAll: '12',
  requestApprovalTwoOfM: '13',
  approveAny: '21',
  approveAll: '22',
  approveTwoOfM: '23',
  declineAny: '31',
  declineAll: '32',
  declineTwoOfM: '33',
  startProgress: '41',
  waitForCustomer: '51',
  escalate: '61',
  block: '71',
  resolve: '81',
  decline: '91',
  cancel: '101',
} as const;

export const DEMO_APPROVERS_FIELD_ID = 'customfield_10003';
export const DEMO_REQUEST_TYPE_FIELD_ID = 'customfield_10010';

export interface DemoUser {
  accountId: string;
  displayName: string;
  emailAddress: string;
  role: 'requester' | 'contractor' | 'agent' | 'approver' | 'admin';
  /** Lane groups the user belongs to (for the sandbox page). */
  groups: string[];
}

export interface DemoSeed {
  site: SiteSeed;
  users: DemoUser[];
  /** Workflow key (= request type key) → request type id. */
  requestTypeIds: Record<string, string>;
  /** Workflow input name → custom field id. */
  inputFieldIds: Record<string, string>;
  laneGroups: { groupId: string; name: string; members: string[] }[];
}

/** Lane groups used when examples/directory.json is absent. */
const FALLBACK_GROUPS = [
  'grp-manager-approvers',
  'grp-manager-backup',
  'grp-security-approvers',
  'grp-security-backup',
  'grp-finance-approvers',
  'grp-finance-backup',
  'grp-engineering-approvers',
  'grp-engineering-backup',
  'grp-customer-approvers',
  'grp-customer-backup',
].map((groupId, i) => ({ groupId, name: groupId.replace(/^grp-/, ''), members: [`acc-${groupId.replace(/^grp-/, '')}-${1 + (i % 2)}`, `acc-${groupId.replace(/^grp-/, '')}-x`] }));

const FIELD_TYPES: Record<WorkflowInputField['type'], FieldType> = {
  string: 'string',
  text: 'text',
  number: 'number',
  date: 'date',
  datetime: 'datetime',
  boolean: 'option',
  user: 'user',
  'string[]': 'object',
};

const titleCase = (id: string): string =>
  id
    .replace(/^acc-/, '')
    .split('-')
    .map((w) => (w.length <= 3 && /^[a-z]+$/.test(w) && w !== 'mgr' ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ');

function readLaneGroups(projectRoot: string): DemoSeed['laneGroups'] {
  const path = join(projectRoot, 'examples', 'directory.json');
  if (!existsSync(path)) return FALLBACK_GROUPS;
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { groups?: { groupId?: string; name?: string; members?: string[] }[] };
  const groups = (parsed.groups ?? []).filter((g): g is { groupId: string; name: string; members: string[] } => typeof g.groupId === 'string' && typeof g.name === 'string');
  return groups.length > 0 ? groups.map((g) => ({ groupId: g.groupId, name: g.name, members: g.members ?? [] })) : FALLBACK_GROUPS;
}

/** Builds the demo seed (pure apart from reading examples/directory.json). */
export function buildDemoSeed(projectRoot: string = join(__dirname, '..', '..')): DemoSeed {
  const laneGroups = readLaneGroups(projectRoot);
  const users: DemoUser[] = [
    { accountId: 'acc-alice', displayName: 'Alice Archer', emailAddress: 'alice@example.com', role: 'requester', groups: [] },
    { accountId: 'acc-bob', displayName: 'Bob Baker', emailAddress: 'bob@example.com', role: 'contractor', groups: [] },
    { accountId: 'acc-carol', displayName: 'Carol Chen', emailAddress: 'carol@example.com', role: 'requester', groups: [] },
    { accountId: 'acc-dave', displayName: 'Dave Dunn', emailAddress: 'dave@example.com', role: 'requester', groups: [] },
    { accountId: 'acc-erin', displayName: 'Erin Evans', emailAddress: 'erin@example.com', role: 'requester', groups: [] },
    { accountId: 'acc-agent-1', displayName: 'Avery Agent', emailAddress: 'avery.agent@example.com', role: 'agent', groups: ['jira-servicedesk-agents'] },
    { accountId: 'acc-agent-2', displayName: 'Blake Agent', emailAddress: 'blake.agent@example.com', role: 'agent', groups: ['jira-servicedesk-agents'] },
    { accountId: 'acc-admin', displayName: 'Ada Admin', emailAddress: 'ada.admin@example.com', role: 'admin', groups: ['jira-administrators', 'jira-servicedesk-agents'] },
  ];
  for (const group of laneGroups) {
    for (const member of group.members) {
      let user = users.find((u) => u.accountId === member);
      if (!user) {
        user = { accountId: member, displayName: titleCase(member), emailAddress: `${member.replace(/^acc-/, '')}@example.com`, role: 'approver', groups: [] };
        users.push(user);
      }
      user.groups.push(group.name);
    }
  }

  const inputFieldIds: Record<string, string> = {};
  const customFields: NonNullable<SiteSeed['customFields']> = [
    { id: DEMO_APPROVERS_FIELD_ID, name: 'Approvers', type: 'user-multi' },
    { id: DEMO_REQUEST_TYPE_FIELD_ID, name: 'Request Type', type: 'sd-customerrequesttype' },
  ];
  const inputs = WORKFLOW_CATALOG.flatMap((w) => w.inputFields);
  for (const field of inputs) {
    if (inputFieldIds[field.name]) continue;
    // From 10300: the site numbers Forge app fields upwards from 10101.
    const id = `customfield_${10300 + Object.keys(inputFieldIds).length}`;
    inputFieldIds[field.name] = id;
    customFields.push({ id, name: field.label, type: FIELD_TYPES[field.type] });
  }

  const requestTypeIds: Record<string, string> = {};
  const requestTypes: NonNullable<SiteSeed['requestTypes']> = [];
  for (const workflow of WORKFLOW_CATALOG) {
    for (const key of workflow.requestTypes) {
      if (requestTypeIds[key]) continue;
      const id = String(20 + requestTypes.length);
      requestTypeIds[key] = id;
      requestTypes.push({
        id,
        serviceDeskId: DEMO_PROJECT.serviceDeskId,
        name: workflow.title,
        description: workflow.description,
        helpText: `Request type key: ${key}`,
        issueTypeId: DEMO_PROJECT.issueTypeId,
        fields: [
          { fieldId: 'summary', name: 'Summary', required: true },
          { fieldId: 'description', name: 'Description', required: false },
          ...workflow.inputFields.map((f) => ({ fieldId: inputFieldIds[f.name] ?? f.name, name: f.label, required: f.required })),
        ],
      });
    }
  }

  const S = DEMO_STATUSES;
  const T = DEMO_TRANSITIONS;
  const approvalStatuses = [S.approvalAny, S.approvalAll, S.approvalTwoOfM];
  const site: SiteSeed = {
    users: users.map((u) => ({ accountId: u.accountId, displayName: u.displayName, emailAddress: u.emailAddress, accountType: 'atlassian' as const })),
    groups: [
      ...laneGroups.map((g) => ({ groupId: g.groupId, name: g.name, members: g.members })),
      { groupId: 'grp-jira-servicedesk-agents', name: 'jira-servicedesk-agents', members: users.filter((u) => u.groups.includes('jira-servicedesk-agents')).map((u) => u.accountId) },
      { groupId: 'grp-jira-administrators', name: 'jira-administrators', members: users.filter((u) => u.role === 'admin').map((u) => u.accountId) },
    ],
    statuses: [
      { id: S.waitingForSupport, name: 'Waiting for support', category: 'new' },
      { id: S.approvalAny, name: 'Waiting for approval', category: 'indeterminate' },
      { id: S.approvalAll, name: 'Waiting for approval (all)', category: 'indeterminate' },
      { id: S.approvalTwoOfM, name: 'Waiting for approval (2 of m)', category: 'indeterminate' },
      { id: S.inProgress, name: 'In progress', category: 'indeterminate' },
      { id: S.waitingForCustomer, name: 'Waiting for customer', category: 'indeterminate' },
      { id: S.escalated, name: 'Escalated', category: 'indeterminate' },
      { id: S.blocked, name: 'Blocked', category: 'indeterminate' },
      { id: S.done, name: 'Done', category: 'done' },
      { id: S.declined, name: 'Declined', category: 'done' },
      { id: S.cancelled, name: 'Cancelled', category: 'done' },
    ],
    customFields,
    projects: [
      {
        id: DEMO_PROJECT.id,
        key: DEMO_PROJECT.key,
        name: DEMO_PROJECT.name,
        serviceDeskId: DEMO_PROJECT.serviceDeskId,
        issueTypes: [{ id: DEMO_PROJECT.issueTypeId, name: 'Service Request' }],
        agents: users.filter((u) => u.role === 'agent' || u.role === 'admin').map((u) => u.accountId),
        agentGroups: ['jira-servicedesk-agents'],
        workflow: {
          initialStatusId: S.waitingForSupport,
          transitions: [
            { id: T.requestApprovalAny, name: 'Request approval', from: 'any', to: S.approvalAny },
            { id: T.requestApprovalAll, name: 'Request approval (all)', from: 'any', to: S.approvalAll },
            { id: T.requestApprovalTwoOfM, name: 'Request approval (2 of m)', from: 'any', to: S.approvalTwoOfM },
            { id: T.approveAny, name: 'Approve', from: [S.approvalAny], to: S.inProgress },
            { id: T.approveAll, name: 'Approve', from: [S.approvalAll], to: S.inProgress },
            { id: T.approveTwoOfM, name: 'Approve', from: [S.approvalTwoOfM], to: S.inProgress },
            { id: T.declineAny, name: 'Decline', from: [S.approvalAny], to: S.declined },
            { id: T.declineAll, name: 'Decline', from: [S.approvalAll], to: S.declined },
            { id: T.declineTwoOfM, name: 'Decline', from: [S.approvalTwoOfM], to: S.declined },
            { id: T.startProgress, name: 'Start progress', from: 'any', to: S.inProgress },
            { id: T.waitForCustomer, name: 'Wait for customer', from: 'any', to: S.waitingForCustomer },
            { id: T.escalate, name: 'Escalate', from: 'any', to: S.escalated },
            { id: T.block, name: 'Block', from: 'any', to: S.blocked },
            { id: T.resolve, name: 'Resolve', from: [S.inProgress, S.escalated, S.blocked, S.waitingForSupport], to: S.done },
            { id: T.decline, name: 'Decline request', from: [S.waitingForSupport, S.waitingForCustomer, S.escalated, S.blocked], to: S.declined },
            { id: T.cancel, name: 'Cancel', from: 'any', to: S.cancelled },
          ],
          approvals: [
            { statusId: approvalStatuses[0] as string, name: 'Approval (any)', approversFieldId: DEMO_APPROVERS_FIELD_ID, conditionType: 'number', conditionValue: 1, transitionApproved: T.approveAny, transitionRejected: T.declineAny, excludeReporter: true },
            { statusId: approvalStatuses[1] as string, name: 'Approval (all)', approversFieldId: DEMO_APPROVERS_FIELD_ID, conditionType: 'percent', conditionValue: 100, transitionApproved: T.approveAll, transitionRejected: T.declineAll, excludeReporter: true },
            { statusId: approvalStatuses[2] as string, name: 'Approval (2 of m)', approversFieldId: DEMO_APPROVERS_FIELD_ID, conditionType: 'number', conditionValue: 2, transitionApproved: T.approveTwoOfM, transitionRejected: T.declineTwoOfM, excludeReporter: true },
          ],
        },
      },
    ],
    requestTypes,
  };
  return { site, users, requestTypeIds, inputFieldIds, laneGroups };
}
