import { saveDraft } from '../../../src/app/policy/manage-draft';
import { publishPolicy } from '../../../src/app/policy/publish-policy';
import { simulatePolicy } from '../../../src/app/policy/simulate-policy';
import { type DomainError } from '../../../src/domain/common/domain-error';
import type { HistoricalRequest } from '../../../src/ports/request-history';
import { ADMIN, AGENT, createPolicyTestDeps, policyDocument } from '../../fakes/policy/policy-fixtures';

function request(key: string, fields: Record<string, unknown>, reporter = 'acc-requester', requestTypeId: string | null = '11'): HistoricalRequest {
  return { issueKey: key, summary: `Request ${key}`, created: '2026-01-04T10:00:00.000Z', requestTypeId, reporterAccountId: reporter, assigneeAccountId: null, fields };
}

async function setUp() {
  const deps = createPolicyTestDeps();
  for (const group of ['manager', 'security', 'finance', 'engineering', 'customer']) {
    deps.history.groups.set(`g-${group}`, [`acc-${group}-1`, `acc-${group}-2`]);
    deps.history.groups.set(`g-${group}-backup`, [`acc-${group}-b`]);
  }
  await saveDraft(deps, ADMIN, policyDocument());
  await publishPolicy(deps, ADMIN, { comment: 'v1', expectedVersion: null });
  deps.history.requests = [
    request('IT-3', { customfield_10050: 'vpn', customfield_10051: 500 }),
    request('IT-2', { customfield_10050: 'vpn', customfield_10051: 3000 }, 'acc-security-1'),
    request('IT-1', {}, 'acc-requester', '99'),
  ];
  return deps;
}

describe('simulating a draft against recent requests', () => {
  it('reports no change when the draft equals the published policy', async () => {
    const deps = await setUp();
    await saveDraft(deps, ADMIN, policyDocument());
    const report = await simulatePolicy(deps, ADMIN, 20);
    expect(report.publishedVersion).toBe(1);
    expect(report.summary).toMatchObject({ requests: 3, changed: 0, extraStages: 0, fewerStages: 0 });
    expect(report.requests.map((r) => r.draft.kind)).toEqual(['approval', 'approval', 'no-workflow']);
    expect(report.requests[1]!.draft.stages.map((s) => s.lane)).toEqual(['manager', 'finance']);
  });

  it('shows per request the lanes a lower threshold and a new trigger add, and sums them up', async () => {
    const deps = await setUp();
    const draft = policyDocument();
    draft.triggers[0]!.when = { fact: 'amount', op: 'gt', value: 100 };
    draft.triggers.push({ id: 'vpn-security', description: 'VPN needs security', when: { fact: 'target.group', op: 'equals', value: 'vpn' }, stage: { lane: 'security', mode: { type: 'any' }, order: 3 } });
    await saveDraft(deps, ADMIN, draft);

    const report = await simulatePolicy(deps, ADMIN, 20);
    const [it3, it2, it1] = report.requests;
    expect(it3!.changes.map((c) => c.kind)).toEqual(['lane-added', 'lane-added', 'extra-stage']);
    expect(it3!.draft.stages.map((s) => s.lane)).toEqual(['manager', 'finance', 'security']);
    // IT-2 was raised by a security approver: they are removed from their own stage.
    expect(it2!.changes.map((c) => c.kind)).toEqual(['lane-added', 'extra-stage', 'self-approval-conflict']);
    expect(it2!.draft.stages.find((s) => s.lane === 'security')!.approvers).toEqual(['acc-security-2']);
    expect(it1!.changes).toEqual([]);
    expect(report.summary).toMatchObject({ requests: 3, changed: 2, extraStages: 3, selfApprovalConflicts: 1, emptyGroups: 0 });
    expect(report.summary.byLane).toEqual([
      { lane: 'finance', published: 1, draft: 2 },
      { lane: 'manager', published: 2, draft: 2 },
      { lane: 'security', published: 0, draft: 2 },
    ]);
  });

  it('flags a stage whose owner group is empty', async () => {
    const deps = await setUp();
    const draft = policyDocument();
    draft.lanes['finance']!.owner = { groupId: 'g-empty', name: 'nobody-here' };
    await saveDraft(deps, ADMIN, draft);
    deps.history.groups.set('g-empty', []);
    const report = await simulatePolicy(deps, ADMIN, 20);
    const it2 = report.requests[1]!;
    expect(it2.changes.find((c) => c.kind === 'empty-group')?.text).toContain('nobody-here');
    expect(it2.draft.stages.find((s) => s.lane === 'finance')?.fellBackToBackup).toBe(true);
    expect(report.summary.emptyGroups).toBe(1);
  });

  it('reads only the newest N requests with the mapped fields', async () => {
    const deps = await setUp();
    await saveDraft(deps, ADMIN, policyDocument());
    const report = await simulatePolicy(deps, ADMIN, 1);
    expect(report.requests.map((r) => r.issueKey)).toEqual(['IT-3']);
    expect(deps.history.searches).toEqual([{ projectKey: 'IT', limit: 1, fieldIds: ['customfield_10050', 'customfield_10051'] }]);
  });

  it('is refused to non-publishers, since it reads other people\'s requests', async () => {
    const deps = await setUp();
    const error = await simulatePolicy(deps, AGENT, 5).catch((e: unknown) => e);
    expect((error as DomainError).code).toBe('forbidden');
    expect(deps.history.searches).toEqual([]);
  });
});
