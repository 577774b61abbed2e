import { buildPlan } from '../../../../src/domain/policy/build-plan';
import { compilePolicy } from '../../../../src/domain/policy/compile-policy';
import type { Plan, PlanInput, PlannedStage } from '../../../../src/domain/policy/plan-types';
import type { PolicyInput, StageMode } from '../../../../src/domain/policy/policy-schema';
import type { StageRequirement } from '../../../../src/domain/workflows/workflow-types';
import type { Facts, RequesterProfile } from '../../../../src/domain/facts';
import { fullDirectory, laneFixture, REQUESTER, validPolicy } from './policy-fixture';

const ANY: StageMode = { type: 'any' };
const ALL: StageMode = { type: 'all' };
const nOf = (n: number): StageMode => ({ type: 'n-of-m', n });

type TriggerInput = PolicyInput['triggers'][number];

function trig(id: string, lane: string, mode: StageMode, order: number, when: TriggerInput['when'], extra: Partial<TriggerInput> = {}): TriggerInput {
  return { id, description: `trigger ${id}`, when, stage: { lane, mode, order }, ...extra };
}

const always: TriggerInput['when'] = { fact: 'request.type', op: 'exists', value: true };

function plan(options: {
  triggers?: TriggerInput[];
  floor?: StageRequirement[];
  facts?: Facts;
  requester?: RequesterProfile;
  assignee?: string;
  members?: Record<string, string[]>;
  policy?: Partial<PolicyInput>;
  workflowKey?: string;
}): Plan {
  const compiled = compilePolicy(validPolicy({ triggers: options.triggers ?? [], ...options.policy }));
  const input: PlanInput = {
    requestKey: 'ITSM-1',
    requestType: 'vpn-access',
    requester: options.requester ?? REQUESTER,
    ...(options.assignee ? { assigneeAccountId: options.assignee } : {}),
    facts: { 'request.type': 'vpn-access', ...options.facts },
    workflow: { key: options.workflowKey ?? 'vpn-access', version: '1.0.0' },
    directory: { groupMembers: options.members ?? fullDirectory() },
  };
  return buildPlan(compiled, options.floor ?? [], input);
}

function stageOf(result: Plan, lane: string): PlannedStage {
  const stage = result.stages.find((s) => s.lane === lane);
  if (!stage) throw new Error(`no ${lane} stage in ${JSON.stringify(result.stages.map((s) => s.lane))}`);
  return stage;
}

describe('buildPlan: lanes', () => {
  it.each([
    ['manager', ['acc-boss'], 'grp-manager'],
    ['security', ['acc-security-1', 'acc-security-2'], 'grp-security'],
    ['finance', ['acc-finance-1', 'acc-finance-2'], 'grp-finance'],
    ['engineering', ['acc-engineering-1', 'acc-engineering-2'], 'grp-engineering'],
    ['customer', ['acc-customer-1', 'acc-customer-2'], 'grp-customer'],
  ])('a trigger on the %s lane adds a stage with its approvers', (lane, approvers, groupId) => {
    const result = plan({ triggers: [trig(`t-${lane}`, lane, ANY, 1, always)] });
    expect(result.kind).toBe('approval');
    const stage = stageOf(result, lane);
    expect(stage).toMatchObject({ id: 'stage-1', source: 'policy', approvers, triggerIds: [`t-${lane}`], fellBackToBackup: false });
    expect(stage.group.groupId).toBe(groupId);
    expect(stage.backupGroup.groupId).toBe(`${groupId}-backup`);
    expect(stage).toMatchObject({ remindAfter: '4h', escalateAfter: '1d', timeoutAfter: '3d', onTimeout: { action: 'decline' } });
  });

  it('an admin-defined lane works like a built-in one', () => {
    const result = plan({
      policy: { lanes: { ...validPolicy().lanes, legal: laneFixture('legal') } as PolicyInput['lanes'] },
      triggers: [trig('legal-review', 'legal', ANY, 1, always)],
      members: { ...fullDirectory(), 'grp-legal': ['acc-legal-1'] },
    });
    expect(stageOf(result, 'legal').approvers).toEqual(['acc-legal-1']);
  });

  it('the manager lane uses the owner group when the manager is unknown', () => {
    const result = plan({ triggers: [trig('mm', 'manager', ANY, 1, always)], requester: { accountId: 'acc-requester' } });
    expect(stageOf(result, 'manager').approvers).toEqual(['acc-manager-1', 'acc-manager-2']);
  });

  it('approversFromFact names the approvers; the lane still gives backup and timeouts', () => {
    const result = plan({
      floor: [{ lane: 'security', mode: ANY, order: 1, reason: 'mailbox owner approves', approversFromFact: 'mailbox.ownerAccountIds' }],
      facts: { 'mailbox.ownerAccountIds': ['acc-owner-2', 'acc-owner-1', 'acc-owner-1'] },
    });
    expect(stageOf(result, 'security')).toMatchObject({ approvers: ['acc-owner-1', 'acc-owner-2'], backupGroup: { groupId: 'grp-security-backup' } });
  });

  it('no floor and no matching trigger: no approval', () => {
    const result = plan({ triggers: [trig('big', 'finance', ANY, 1, { fact: 'amount', op: 'gt', value: 10 })] });
    expect(result).toMatchObject({ kind: 'no-approval', stages: [], policyVersion: 7, requestKey: 'ITSM-1' });
  });
});

describe('buildPlan: floor versus policy', () => {
  const floorAll: StageRequirement = { lane: 'security', mode: ALL, order: 2, reason: 'privileged access' };
  const floorAny: StageRequirement = { lane: 'security', mode: ANY, order: 2, reason: 'access' };

  it.each([
    ['any raised to all', floorAny, trig('tt', 'security', ALL, 2, always), ALL, 2],
    ['any raised to 2-of-m', floorAny, trig('tt', 'security', nOf(2), 2, always), nOf(2), 2],
    ['2-of-m raised to 3-of-m', { ...floorAny, mode: nOf(2) }, trig('tt', 'security', nOf(3), 2, always), nOf(3), 2],
    ['all is never lowered to any', floorAll, trig('tt', 'security', ANY, 2, always), ALL, 2],
    ['all is never lowered to n-of-m', floorAll, trig('tt', 'security', nOf(5), 2, always), ALL, 2],
    ['3-of-m is never lowered to 2-of-m', { ...floorAny, mode: nOf(3) }, trig('tt', 'security', nOf(2), 2, always), nOf(3), 2],
    ['an earlier order wins', floorAll, trig('tt', 'security', ANY, 1, always), ALL, 1],
    ['a later order does not delay the floor', { ...floorAll, order: 1 }, trig('tt', 'security', ALL, 3, always), ALL, 1],
  ] as const)('%s', (_name, floor, trigger, mode, order) => {
    const result = plan({ floor: [floor], triggers: [trigger], members: { ...fullDirectory(), 'grp-security': ['a', 'b', 'c', 'd', 'e'] } });
    const stage = stageOf(result, 'security');
    expect(result.stages).toHaveLength(1);
    expect(stage).toMatchObject({ mode, order, source: 'floor+policy', triggerIds: ['tt'], reasons: [floor.reason, 'trigger tt'] });
    expect(result.trace).toContainEqual(expect.objectContaining({ kind: 'merge', lane: 'security' }));
  });

  it('floor stages stay even when no trigger matches, marked as floor', () => {
    const result = plan({ floor: [floorAll], triggers: [trig('nope', 'security', ANY, 1, { fact: 'amount', op: 'gt', value: 1 })] });
    expect(stageOf(result, 'security')).toMatchObject({ source: 'floor', mode: ALL, triggerIds: [], reasons: ['privileged access'] });
  });

  it('two floor requirements on one lane merge to the stricter', () => {
    const result = plan({ floor: [floorAny, { lane: 'security', mode: nOf(2), order: 3, reason: 'second' }] });
    expect(stageOf(result, 'security')).toMatchObject({ mode: nOf(2), order: 2, source: 'floor', reasons: ['access', 'second'] });
  });

  it('several triggers on one lane accumulate ids and keep the strictest mode', () => {
    const result = plan({
      triggers: [trig('aa', 'finance', ANY, 2, always), trig('bb', 'finance', nOf(2), 1, always), trig('cc', 'finance', ANY, 3, always)],
      members: { ...fullDirectory(), 'grp-finance': ['f1', 'f2', 'f3'] },
    });
    expect(stageOf(result, 'finance')).toMatchObject({ mode: nOf(2), order: 1, source: 'policy', triggerIds: ['aa', 'bb', 'cc'] });
  });

  it('stage ids follow (order, lane), and equal orders run in parallel', () => {
    const result = plan({
      floor: [{ lane: 'manager', mode: ANY, order: 1, reason: 'manager' }],
      triggers: [trig('ss', 'security', ANY, 2, always), trig('ff', 'finance', ANY, 2, always), trig('ee', 'engineering', ANY, 1, always)],
    });
    expect(result.stages.map((s) => [s.id, s.order, s.lane])).toEqual([
      ['stage-1', 1, 'engineering'],
      ['stage-2', 1, 'manager'],
      ['stage-3', 2, 'finance'],
      ['stage-4', 2, 'security'],
    ]);
  });

  it('a floor lane the policy does not define is an exception, not a silently skipped approval', () => {
    const result = plan({ floor: [{ lane: 'legal', mode: ANY, order: 1, reason: 'contract review' }], triggers: [trig('ss', 'security', ANY, 1, always)] });
    expect(result.kind).toBe('exception');
    if (result.kind !== 'exception') return;
    expect(result.exception.code).toBe('UNKNOWN_LANE');
    expect(result.exception.reason).toMatch(/"legal"/);
  });

  it('disabled triggers and triggers for other workflows never add stages', () => {
    const result = plan({
      triggers: [trig('off', 'finance', ANY, 1, always, { enabled: false }), trig('other', 'security', ANY, 1, always, { workflows: ['refund-credit'] })],
    });
    expect(result.kind).toBe('no-approval');
    expect(result.trace).toEqual([
      { kind: 'trigger', triggerId: 'off', matched: false, explanation: 'skipped: disabled', lane: 'finance' },
      { kind: 'trigger', triggerId: 'other', matched: false, explanation: 'skipped: applies only to refund-credit', lane: 'security' },
    ]);
  });

  it('a workflow filter that names the workflow lets the trigger apply', () => {
    const result = plan({ triggers: [trig('mine', 'security', ANY, 1, always, { workflows: ['refund-credit', 'vpn-access'] })] });
    expect(result.stages.map((s) => s.lane)).toEqual(['security']);
  });
});

describe('buildPlan: separation of duties', () => {
  const securityTrigger = trig('ss', 'security', ANY, 1, always);

  it('removes the requester from the approvers', () => {
    const result = plan({ triggers: [securityTrigger], requester: { accountId: 'acc-security-1' } });
    expect(stageOf(result, 'security')).toMatchObject({ approvers: ['acc-security-2'], excluded: ['acc-security-1'], fellBackToBackup: false });
    expect(result.trace).toContainEqual(expect.objectContaining({ kind: 'separation-of-duties', stageId: 'stage-1' }));
  });

  it('removes the requester even as their own manager', () => {
    const result = plan({ triggers: [trig('mm', 'manager', ANY, 1, always)], requester: { accountId: 'acc-x', managerAccountId: 'acc-x' } });
    expect(stageOf(result, 'manager')).toMatchObject({ approvers: ['acc-manager-backup'], fellBackToBackup: true, excluded: ['acc-x'] });
  });

  it('removes the assignee when the policy says so', () => {
    const result = plan({ triggers: [securityTrigger], assignee: 'acc-security-2', policy: { excludeAssignee: true } });
    expect(stageOf(result, 'security')).toMatchObject({ approvers: ['acc-security-1'], excluded: ['acc-security-2'] });
  });

  it('keeps the assignee when the policy does not exclude them', () => {
    const result = plan({ triggers: [securityTrigger], assignee: 'acc-security-2' });
    expect(stageOf(result, 'security')).toMatchObject({ approvers: ['acc-security-1', 'acc-security-2'], excluded: [] });
  });

  it('falls back to the backup group when exclusion empties the owner group', () => {
    const result = plan({
      triggers: [securityTrigger],
      requester: { accountId: 'acc-sec' },
      members: { ...fullDirectory(), 'grp-security': ['acc-sec'], 'grp-security-backup': ['acc-sec', 'acc-lead'] },
    });
    expect(result.kind).toBe('approval');
    expect(stageOf(result, 'security')).toMatchObject({ approvers: ['acc-lead'], group: { groupId: 'grp-security-backup' }, fellBackToBackup: true });
    expect(result.trace).toContainEqual({
      kind: 'separation-of-duties',
      stageId: 'stage-1',
      explanation: expect.stringMatching(/separation of duties left nobody .* falling back to backup group security-backup \(grp-security-backup\)/),
    });
  });

  it('falls back to the backup group when the owner group is empty', () => {
    const result = plan({ triggers: [securityTrigger], members: { ...fullDirectory(), 'grp-security': [] } });
    expect(stageOf(result, 'security')).toMatchObject({ approvers: ['acc-security-backup'], fellBackToBackup: true });
  });

  it('is an exception, never an empty approval, when the backup is empty too', () => {
    const result = plan({
      triggers: [securityTrigger, trig('ff', 'finance', ANY, 2, always)],
      requester: { accountId: 'acc-sec' },
      members: { ...fullDirectory(), 'grp-security': ['acc-sec'], 'grp-security-backup': ['acc-sec'] },
    });
    expect(result.kind).toBe('exception');
    if (result.kind !== 'exception') return;
    expect(result.exception.code).toBe('NO_ELIGIBLE_APPROVER');
    expect(result.exception.reason).toMatch(/security.*security-approvers \(grp-security\).*security-backup \(grp-security-backup\)/);
    expect(result.stages.map((s) => s.lane)).toEqual(['security', 'finance']);
  });

  it('treats a group that was not read as empty and says so in the trace', () => {
    const result = plan({ triggers: [securityTrigger], members: {} });
    expect(result.kind).toBe('exception');
    expect(result.trace).toContainEqual(expect.objectContaining({ kind: 'approvers', explanation: expect.stringMatching(/was not read/) }));
  });
});

describe('buildPlan: N of M', () => {
  it('uses the owner group when it has enough eligible people', () => {
    const result = plan({ triggers: [trig('ff', 'finance', nOf(2), 1, always)] });
    expect(stageOf(result, 'finance')).toMatchObject({ mode: nOf(2), approvers: ['acc-finance-1', 'acc-finance-2'], fellBackToBackup: false });
  });

  it('falls back to the backup when exclusion leaves too few owners', () => {
    const result = plan({
      triggers: [trig('ff', 'finance', nOf(2), 1, always)],
      requester: { accountId: 'acc-finance-1' },
      members: { ...fullDirectory(), 'grp-finance-backup': ['b1', 'b2', 'b3'] },
    });
    expect(stageOf(result, 'finance')).toMatchObject({ approvers: ['b1', 'b2', 'b3'], fellBackToBackup: true });
  });

  it('is an exception when neither group has N eligible people', () => {
    const result = plan({ triggers: [trig('ff', 'finance', nOf(3), 1, always)] });
    expect(result.kind).toBe('exception');
    if (result.kind !== 'exception') return;
    expect(result.exception).toEqual({ code: 'NOT_ENOUGH_APPROVERS', reason: expect.stringMatching(/needs 3 approvals but only 1 eligible person/) });
  });
});

describe('buildPlan: trace', () => {
  it('records the floor, every trigger with its reason, merges and approvers, in that order', () => {
    const result = plan({
      floor: [{ lane: 'security', mode: ANY, order: 1, reason: 'VPN access for contractors' }],
      facts: { amount: 1500, 'target.environment': 'staging' },
      triggers: [
        trig('amount', 'finance', ANY, 2, { fact: 'amount', op: 'gt', value: 1000 }),
        trig('prod', 'engineering', ANY, 1, { fact: 'target.environment', op: 'equals', value: 'production' }),
        trig('sec', 'security', ALL, 1, { fact: 'amount', op: 'gte', value: 1000 }),
      ],
    });
    expect(result.trace.map((t) => t.kind)).toEqual(['floor', 'trigger', 'trigger', 'trigger', 'merge', 'approvers', 'approvers']);
    expect(result.trace.slice(0, 5)).toEqual([
      { kind: 'floor', lane: 'security', mode: ANY, order: 1, reason: 'VPN access for contractors' },
      { kind: 'trigger', triggerId: 'amount', matched: true, explanation: 'amount 1500 > 1000', lane: 'finance' },
      { kind: 'trigger', triggerId: 'prod', matched: false, explanation: 'target.environment is "staging", not "production"', lane: 'engineering' },
      { kind: 'trigger', triggerId: 'sec', matched: true, explanation: 'amount 1500 >= 1000', lane: 'security' },
      { kind: 'merge', lane: 'security', explanation: 'trigger sec asks all at order 1; the stage goes from any one at order 1 to all at order 1' },
    ]);
  });

  it('keeps the facts and the policy version in the plan', () => {
    const result = plan({ facts: { amount: 5 } });
    expect(result.policyVersion).toBe(7);
    expect(result.facts).toEqual({ 'request.type': 'vpn-access', amount: 5 });
  });
});

describe('buildPlan: large policies and groups', () => {
  it('a lane raised by many triggers keeps each reason once, in first-seen order, and words every merge', () => {
    // Twelve triggers on one lane, two descriptions repeated: past the point where reasons dedupe through a set.
    const triggers = Array.from({ length: 12 }, (_, i) =>
      trig(`t${i}`, 'finance', i === 7 ? nOf(3) : ANY, i === 9 ? 1 : 2, always, { description: i % 5 === 4 ? 'repeated reason' : `reason ${i}` }),
    );
    const result = plan({ triggers });
    const stage = stageOf(result, 'finance');
    expect(stage.reasons).toEqual(['reason 0', 'reason 1', 'reason 2', 'reason 3', 'repeated reason', 'reason 5', 'reason 6', 'reason 7', 'reason 8', 'reason 10', 'reason 11']);
    expect(stage.triggerIds).toHaveLength(12);
    expect(stage).toMatchObject({ mode: nOf(3), order: 1 });
    const merges = result.trace.filter((t) => t.kind === 'merge').map((t) => (t.kind === 'merge' ? t.explanation : ''));
    expect(merges).toHaveLength(11);
    expect(merges[0]).toBe('trigger t1 asks any one at order 2; the stage stays any one at order 2 (a requirement is never lowered)');
    expect(merges[6]).toBe('trigger t7 asks 3 of the group at order 2; the stage goes from any one at order 2 to 3 of the group at order 2');
    expect(merges[8]).toBe('trigger t9 asks any one at order 1; the stage goes from 3 of the group at order 2 to 3 of the group at order 1');
    expect(merges[10]).toBe('trigger t11 asks any one at order 2; the stage stays 3 of the group at order 1 (a requirement is never lowered)');
  });

  it('a large group gives each eligible member once, sorted, without the requester or the excluded assignee', () => {
    const members = Array.from({ length: 40 }, (_, i) => `acc-fin-${String(39 - i).padStart(2, '0')}`);
    const result = plan({
      triggers: [trig('fin', 'finance', ANY, 1, always)],
      requester: { accountId: 'acc-fin-07' },
      assignee: 'acc-fin-31',
      policy: { excludeAssignee: true },
      members: { ...fullDirectory(), 'grp-finance': [...members, 'acc-fin-03', 'acc-fin-07', 'acc-fin-03'] },
    });
    const stage = stageOf(result, 'finance');
    const expected = members.filter((m) => m !== 'acc-fin-07' && m !== 'acc-fin-31').sort();
    expect(stage.approvers).toEqual(expected);
    expect(stage.excluded).toEqual(['acc-fin-07', 'acc-fin-31']);
    expect(result.trace).toContainEqual({
      kind: 'separation-of-duties',
      stageId: 'stage-1',
      explanation: 'finance: removed acc-fin-07, acc-fin-31 (requester or assignee) from owner group finance-approvers (grp-finance)',
    });
    expect(result.trace).toContainEqual({ kind: 'approvers', stageId: 'stage-1', explanation: 'finance: 38 eligible approvers from owner group finance-approvers (grp-finance)' });
  });

  it('an assignee who is also the requester is worded as the requester alone', () => {
    const result = plan({ triggers: [trig('sec', 'security', ANY, 1, always)], requester: { accountId: 'acc-security-1' }, assignee: 'acc-security-1', policy: { excludeAssignee: true } });
    expect(result.trace).toContainEqual({
      kind: 'separation-of-duties',
      stageId: 'stage-1',
      explanation: 'security: removed acc-security-1 (requester) from owner group security-approvers (grp-security)',
    });
  });

  it('skipped triggers share their trace entries across plans without letting anyone change them', () => {
    const compiledTriggers = [trig('off', 'finance', ANY, 1, always, { enabled: false }), trig('elsewhere', 'finance', ANY, 1, always, { workflows: ['refund-credit'] })];
    const first = plan({ triggers: compiledTriggers });
    expect(first.trace).toEqual([
      { kind: 'trigger', triggerId: 'off', matched: false, explanation: 'skipped: disabled', lane: 'finance' },
      { kind: 'trigger', triggerId: 'elsewhere', matched: false, explanation: 'skipped: applies only to refund-credit', lane: 'finance' },
    ]);
    expect(first.trace.every((entry) => Object.isFrozen(entry))).toBe(true);
  });
});
