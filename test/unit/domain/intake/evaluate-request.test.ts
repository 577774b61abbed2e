import { z } from 'zod';
import { evaluateRequest } from '../../../../src/domain/intake/evaluate-request';
import type { IntakeRequest } from '../../../../src/domain/intake/intake-request';
import { allPolicyGroupIds, requiredGroupIds } from '../../../../src/domain/intake/required-group-ids';
import { compilePolicy } from '../../../../src/domain/policy/compile-policy';
import type { IntakeOutcome } from '../../../../src/domain/policy/plan-types';
import type { AnyWorkflow, WorkflowDefinition } from '../../../../src/domain/workflows/workflow-types';
import { fullDirectory, validPolicy } from '../policy/policy-fixture';

// Two small workflows, enough to exercise intake without the real catalog.
const refundInput = z.strictObject({
  amount: z.number({ error: 'must be a number' }).positive('must be more than zero'),
  customerId: z.string().min(1),
  reason: z.string().min(5, 'must say why in a few words'),
});
const refund: WorkflowDefinition<z.infer<typeof refundInput>> = {
  key: 'refund-fixture',
  version: '2.1.0',
  title: 'Refund',
  description: 'Refund a customer',
  requestTypes: ['refund-credit', 'refund'],
  inputFields: [
    { name: 'amount', label: 'Refund amount', description: 'In the invoice currency.', required: true, type: 'number' },
    { name: 'customerId', label: 'Customer', description: 'The customer account id.', required: true, type: 'string' },
    { name: 'reason', label: 'Reason', description: 'Why the refund is due.', required: true, type: 'text' },
  ],
  input: refundInput,
  validate: (input) => (input.customerId === 'unknown' ? [{ field: 'customerId', question: 'Which customer is this refund for?' }] : []),
  facts: (input) => ({ amount: input.amount, 'request.type': 'spoofed', 'customer.id': input.customerId }),
  floor: (input) => (input.amount > 500 ? [{ lane: 'finance', mode: { type: 'any' }, order: 1, reason: 'refunds above 500 need finance' }] : []),
  steps: () => [],
  revocation: () => null,
};
const reset: WorkflowDefinition<Record<string, never>> = {
  key: 'reset-fixture',
  version: '1.0.0',
  title: 'Password reset',
  description: 'Reset a password',
  requestTypes: ['password-reset'],
  inputFields: [],
  input: z.strictObject({}),
  validate: () => [],
  facts: () => ({}),
  floor: () => [],
  steps: () => [],
  revocation: () => null,
};
const CATALOG: readonly AnyWorkflow[] = [refund, reset];

const compiled = compilePolicy(
  validPolicy({
    triggers: [
      { id: 'big-refund', description: 'Refunds over 10,000', when: { fact: 'amount', op: 'gt', value: 10000 }, stage: { lane: 'finance', mode: { type: 'n-of-m', n: 2 }, order: 1 } },
      {
        id: 'contractor',
        description: 'Contractors',
        when: { fact: 'requester.employmentType', op: 'equals', value: 'contractor' },
        stage: { lane: 'manager', mode: { type: 'any' }, order: 1 },
      },
      { id: 'ops-member', description: 'Ops staff', when: { fact: 'requester.groups', op: 'contains', value: 'ops' }, stage: { lane: 'security', mode: { type: 'any' }, order: 2 } },
    ],
  }),
);

function request(overrides: Partial<IntakeRequest> = {}): IntakeRequest {
  return {
    key: 'ITSM-42',
    requestType: 'refund-credit',
    fields: { amount: 1200, customerId: 'cust-1', reason: 'double charge' },
    requester: { accountId: 'acc-requester', managerAccountId: 'acc-boss', employmentType: 'employee', department: 'Support', groups: ['support'] },
    ...overrides,
  };
}

function evaluate(req: IntakeRequest): IntakeOutcome {
  return evaluateRequest({ catalog: CATALOG, compiledPolicy: compiled, request: req, directory: { groupMembers: fullDirectory() }, now: '2026-03-01T10:00:00.000Z' });
}

describe('evaluateRequest', () => {
  it('answers no-workflow for an unknown request type', () => {
    expect(evaluate(request({ requestType: 'coffee' }))).toEqual({
      kind: 'no-workflow',
      requestType: 'coffee',
      reason: 'No pre-built workflow handles request type "coffee".',
    });
  });

  it('asks one question per failing input, in the words of the input labels', () => {
    const outcome = evaluate(request({ fields: { amount: 'lots', reason: 'x' } }));
    expect(outcome).toEqual({
      kind: 'clarification',
      workflow: { key: 'refund-fixture', version: '2.1.0' },
      questions: [
        { field: 'amount', question: 'Please check Refund amount: it must be a number.' },
        { field: 'customerId', question: 'Please provide Customer (The customer account id).' },
        { field: 'reason', question: 'Please check Reason: it must say why in a few words.' },
      ],
    });
  });

  it('returns the questions of the workflow rules', () => {
    const outcome = evaluate(request({ fields: { amount: 10, customerId: 'unknown', reason: 'double charge' } }));
    expect(outcome).toMatchObject({ kind: 'clarification', questions: [{ field: 'customerId', question: 'Which customer is this refund for?' }] });
  });

  it('plans from the floor and the policy with intake facts that a workflow cannot override', () => {
    const outcome = evaluate(request({ fields: { amount: 12000, customerId: 'cust-1', reason: 'double charge' } }));
    expect(outcome.kind).toBe('planned');
    if (outcome.kind !== 'planned') return;
    const { plan } = outcome;
    expect(plan).toMatchObject({ kind: 'approval', requestKey: 'ITSM-42', workflow: { key: 'refund-fixture', version: '2.1.0' }, policyVersion: 7 });
    expect(plan.stages.map((s) => [s.lane, s.mode, s.source])).toEqual([['finance', { type: 'n-of-m', n: 2 }, 'floor+policy']]);
    expect(plan.facts).toMatchObject({
      amount: 12000,
      'request.type': 'refund-credit',
      'workflow.key': 'refund-fixture',
      'requester.employmentType': 'employee',
      'requester.department': 'Support',
      'requester.groups': ['support'],
    });
  });

  it('lets requester facts drive triggers', () => {
    const outcome = evaluate(
      request({ fields: { amount: 10, customerId: 'cust-1', reason: 'double charge' }, requester: { accountId: 'acc-c', employmentType: 'contractor', groups: ['ops'], managerAccountId: 'acc-boss' } }),
    );
    expect(outcome.kind === 'planned' && outcome.plan.stages.map((s) => [s.lane, s.approvers])).toEqual([
      ['manager', ['acc-boss']],
      ['security', ['acc-security-1', 'acc-security-2']],
    ]);
  });

  it('passes the assignee to separation of duties', () => {
    const strict = compilePolicy(validPolicy({ excludeAssignee: true }));
    const outcome = evaluateRequest({
      catalog: CATALOG,
      compiledPolicy: strict,
      request: request({ assigneeAccountId: 'acc-finance-1' }),
      directory: { groupMembers: fullDirectory() },
      now: '2026-03-01T10:00:00.000Z',
    });
    expect(outcome.kind === 'planned' && outcome.plan.stages[0]?.approvers).toEqual(['acc-finance-2']);
  });

  it('returns no-approval when neither floor nor policy asks', () => {
    const outcome = evaluate(request({ requestType: 'password-reset', fields: {} }));
    expect(outcome).toMatchObject({ kind: 'planned', plan: { kind: 'no-approval', stages: [] } });
  });
});

describe('requiredGroupIds', () => {
  it('names owner and backup groups of exactly the lanes the plan touches', () => {
    const ids = requiredGroupIds(CATALOG, compiled, request({ requester: { accountId: 'acc-c', employmentType: 'contractor' } }), '2026-03-01T10:00:00.000Z');
    expect(ids).toEqual(['grp-finance', 'grp-finance-backup', 'grp-manager', 'grp-manager-backup']);
  });

  it('is empty when intake ends before planning', () => {
    expect(requiredGroupIds(CATALOG, compiled, request({ requestType: 'coffee' }), '2026-03-01T10:00:00.000Z')).toEqual([]);
    expect(requiredGroupIds(CATALOG, compiled, request({ fields: {} }), '2026-03-01T10:00:00.000Z')).toEqual([]);
  });

  it('reading those groups is enough to build the same plan as with the full directory', () => {
    const req = request({ fields: { amount: 20000, customerId: 'cust-1', reason: 'double charge' }, requester: { accountId: 'acc-c', employmentType: 'contractor', groups: ['ops'] } });
    const ids = requiredGroupIds(CATALOG, compiled, req, '2026-03-01T10:00:00.000Z');
    const full = fullDirectory();
    const partial = Object.fromEntries(ids.map((id) => [id, full[id] ?? []]));
    const args = { catalog: CATALOG, compiledPolicy: compiled, request: req, now: '2026-03-01T10:00:00.000Z' };
    expect(evaluateRequest({ ...args, directory: { groupMembers: partial } })).toEqual(evaluateRequest({ ...args, directory: { groupMembers: full } }));
  });

  it('allPolicyGroupIds lists every lane group once', () => {
    expect(allPolicyGroupIds(compiled)).toHaveLength(10);
  });
});

describe('evaluateRequest with messages the workflow wrote', () => {
  const worded: WorkflowDefinition<{ size: number }> = {
    ...(reset as unknown as WorkflowDefinition<{ size: number }>),
    key: 'worded',
    requestTypes: ['worded'],
    inputFields: [{ name: 'size', label: 'Audience size', description: 'How many people.', required: true, type: 'number' }],
    input: z.strictObject({
      size: z.unknown().transform((raw, ctx) => {
        if (typeof raw !== 'number') {
          ctx.addIssue({ code: 'custom', message: 'How many people will receive the message?' });
          return z.NEVER;
        }
        return raw;
      }),
    }),
  };

  it('uses a custom message as the question, unchanged', () => {
    const outcome = evaluateRequest({
      catalog: [worded],
      compiledPolicy: compiled,
      request: request({ requestType: 'worded', fields: { size: 'many' } }),
      directory: { groupMembers: {} },
      now: '2026-03-01T10:00:00.000Z',
    });
    expect(outcome).toMatchObject({ kind: 'clarification', questions: [{ field: 'size', question: 'How many people will receive the message?' }] });
  });
});
