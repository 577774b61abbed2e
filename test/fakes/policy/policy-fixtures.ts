import { z } from 'zod';
import type { AppSettings } from '../../../src/contract/app-settings';
import { ABSTRACT_TARGETS } from '../../../src/contract/app-settings';
import type { PolicyDeps } from '../../../src/app/policy/policy-deps';
import type { PolicyInput } from '../../../src/domain/policy/policy-schema';
import { defineWorkflow } from '../../../src/domain/workflows/define-workflow';
import { InMemoryPolicyStore } from './in-memory-policy-store';
import { FakeAccessControl, FakeRequestHistory, FakeSetupReader, FixedClock, InMemorySettingsStore } from './fake-ports';

export const ADMIN = 'acc-admin';
export const PUBLISHER = 'acc-publisher';
export const AGENT = 'acc-agent';

/** A small workflow: a group grant with an optional amount; the manager always approves. */
export const grantAccess = defineWorkflow<{ group: string; amount?: number | undefined }>({
  key: 'grant-access',
  version: '1.0.0',
  title: 'Grant access',
  description: 'Adds the requester to a group.',
  requestTypes: ['grant-access'],
  inputFields: [
    { name: 'group', label: 'Group', description: 'The group to join.', required: true, type: 'string' },
    { name: 'amount', label: 'Amount', description: 'Spend involved.', required: false, type: 'number' },
  ],
  input: z.object({ group: z.string().min(1), amount: z.number().optional() }),
  validate: () => [],
  facts: (input) => ({ 'target.group': input.group, amount: input.amount ?? null }),
  floor: () => [{ lane: 'manager', mode: { type: 'any' }, order: 1, reason: 'Managers approve access.' }],
  steps: () => [],
  revocation: () => null,
});

const lane = (title: string, owner: string) => ({
  title,
  owner: { groupId: `g-${owner}`, name: `${owner}-approvers` },
  backup: { groupId: `g-${owner}-backup`, name: `${owner}-backup` },
  remindAfter: '1d',
  escalateAfter: '2d',
  timeoutAfter: '5d',
  onTimeout: { action: 'escalate-backup' as const },
});

/** A valid policy document: five lanes and one trigger sending big amounts to finance. */
export function policyDocument(overrides: Partial<PolicyInput> = {}): PolicyInput {
  return {
    schemaVersion: 1,
    version: 1,
    author: 'someone',
    lanes: {
      manager: lane('Manager', 'manager'),
      security: lane('Security', 'security'),
      finance: lane('Finance', 'finance'),
      engineering: lane('Engineering', 'engineering'),
      customer: lane('Customer', 'customer'),
    },
    triggers: [
      {
        id: 'big-spend',
        description: 'Spend over 1000 needs finance',
        when: { fact: 'amount', op: 'gt', value: 1000 },
        stage: { lane: 'finance', mode: { type: 'any' }, order: 2 },
      },
    ],
    ...overrides,
  };
}

export function appSettings(overrides: Partial<AppSettings> = {}): AppSettings {
  const targets = Object.fromEntries(ABSTRACT_TARGETS.map((t, i) => [t, { statusId: String(10001 + i), transitionId: String(101 + i) }]));
  return {
    schemaVersion: 1,
    serviceDesk: { projectKey: 'IT', serviceDeskId: '1' },
    requestTypeFieldId: 'customfield_10010',
    approversFieldId: 'customfield_10003',
    requestTypes: [{ requestTypeId: '11', workflowKey: 'grant-access' }],
    fields: [
      { fieldId: 'customfield_10050', input: 'group' },
      { fieldId: 'customfield_10051', input: 'amount' },
    ],
    targets: targets as AppSettings['targets'],
    publishersGroup: { groupId: 'g-publishers', name: 'policy-publishers' },
    directoryConnectionId: null,
    ...overrides,
  };
}

export interface PolicyTestDeps extends PolicyDeps {
  readonly policies: InMemoryPolicyStore;
  readonly settings: InMemorySettingsStore;
  readonly access: FakeAccessControl;
  readonly history: FakeRequestHistory;
  readonly setup: FakeSetupReader;
  readonly clock: FixedClock;
}

/** Fresh fakes: ADMIN is a Jira admin, PUBLISHER is in the publishers group, AGENT is neither. */
export function createPolicyTestDeps(): PolicyTestDeps {
  const access = new FakeAccessControl();
  access.admins.add(ADMIN);
  access.groups.set('g-publishers', new Set([PUBLISHER]));
  const settings = new InMemorySettingsStore();
  settings.value = appSettings();
  return {
    policies: new InMemoryPolicyStore(),
    settings,
    access,
    history: new FakeRequestHistory(),
    setup: new FakeSetupReader(),
    clock: new FixedClock(),
    catalog: [grantAccess],
    workflowSources: [{ file: 'src/domain/workflows/grant-access.ts', code: 'export const grantAccess = ...', workflowKeys: ['grant-access'] }],
  };
}
