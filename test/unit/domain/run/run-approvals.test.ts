import type { PlannedStage } from '../../../../src/domain/policy/plan-types';
import type { TimeoutAction } from '../../../../src/domain/policy/policy-schema';
import { action, approvalPlan, approve, decline, planned, REQUESTER, RunDriver, stage, STARTED } from './run-fixtures';

function runWith(stages: PlannedStage[]): RunDriver {
  return new RunDriver([STARTED, planned(approvalPlan(stages), [action('a1')])]);
}

describe('approval stages', () => {
  it.each([
    [{ type: 'any' } as const, 'any one of 3'],
    [{ type: 'all' } as const, 'all 3'],
    [{ type: 'n-of-m', n: 2 } as const, '2 of 3'],
  ])('says how many must approve for %j without repeating itself', (mode, words) => {
    const run = runWith([stage({ id: 'stage-1', lane: 'security', mode })]);
    expect(run.commands('comment.add')[1]?.text).toContain(`routed to Security (security): ${words} approver(s).`);
    expect(run.commands('escalation.raise')[0]?.packet.actionRequired).toBe(`Approve or decline in the Jira approval panel (${words}: s1, s2, s3).`);
  });

  it('words the reasons as one sentence in the plan and routing comments, whether or not each ends with a full stop', () => {
    const run = runWith([stage({ id: 'stage-1', lane: 'finance', reasons: ['Money movements above 1,000 need a finance approver.', 'trigger amount-over-10000'] })]);
    const texts = run.commands('comment.add').map((c) => c.text);
    expect(texts[0]).toContain('stage-1 (order 1): Finance, any one of 2 approver(s). Money movements above 1,000 need a finance approver; trigger amount-over-10000.');
    expect(texts[1]).toContain('routed to Finance (finance): any one of 2 approver(s). Why: Money movements above 1,000 need a finance approver; trigger amount-over-10000. Due 2026-11-23T10:00:00.000Z.');
    const packet = run.commands('escalation.raise')[0]?.packet;
    expect(packet?.reason).toBe('Approval needed from Finance: Money movements above 1,000 need a finance approver; trigger amount-over-10000.');
    expect(packet?.actionRequired).toBe('Approve or decline in the Jira approval panel (any one of 2: f1, f2).');
    expect([...texts, packet?.reason, packet?.actionRequired].join('\n')).not.toMatch(/\.\.|\.;| of \d+ of /);
  });

  it('routes the first stage, sets the approvers, schedules three timers and raises an approval packet', () => {
    const run = runWith([stage({ id: 'stage-1', lane: 'security' })]);
    expect(run.phase).toBe('awaiting-approval');
    expect(run.commands('route.approval')).toEqual([
      expect.objectContaining({ stageIds: ['stage-1'], approvers: ['s1', 's2', 's3'], groupIds: ['g-sec'], statusTarget: 'awaiting-approval' }),
    ]);
    expect(run.commands('timer.schedule').map((t) => [t.kind, t.at])).toEqual([
      ['remind', '2026-11-22T14:00:00.000Z'],
      ['escalate', '2026-11-22T18:00:00.000Z'],
      ['timeout', '2026-11-23T10:00:00.000Z'],
    ]);
    const packet = run.commands('escalation.raise')[0]?.packet;
    expect(packet).toMatchObject({ point: 'approval', owner: { kind: 'lane', lane: 'security', group: { groupId: 'g-sec' } }, deadline: '2026-11-23T10:00:00.000Z' });
    expect(packet?.request.description).toBe('Please give me VPN access until December.');
    expect(run.commands('comment.add').map((c) => [c.visibility, c.kind])).toEqual([
      ['internal', 'plan-made'],
      ['internal', 'stage-routed'],
    ]);
    const field = run.commands('fields.update')[0];
    expect(field?.workflow).toBe('vpn-access@1.2.0');
    expect(field?.approvalPolicy).toMatchObject({
      policyVersion: 3,
      state: 'awaiting-approval',
      currentStage: 'stage-1',
      deadline: '2026-11-23T10:00:00.000Z',
      stages: [{ id: 'stage-1', lane: 'Security', group: 'security', mode: 'any', status: 'waiting', dueLabel: '23 Nov 10:00 UTC' }],
    });
  });

  type ModeCase = [string, PlannedStage['mode'], string[], 'awaiting-approval' | 'executing'];
  const modes: ModeCase[] = [
    ['any: one approval is enough', { type: 'any' }, ['s1'], 'executing'],
    ['all: two of three is not enough', { type: 'all' }, ['s1', 's2'], 'awaiting-approval'],
    ['all: every approver', { type: 'all' }, ['s1', 's2', 's3'], 'executing'],
    ['2 of 3: one is not enough', { type: 'n-of-m', n: 2 }, ['s3'], 'awaiting-approval'],
    ['2 of 3: two are enough', { type: 'n-of-m', n: 2 }, ['s3', 's1'], 'executing'],
  ];
  it.each(modes)('%s', (_name, mode, approvers, phase) => {
    const run = runWith([stage({ id: 'stage-1', lane: 'security', mode })]);
    for (const who of approvers) run.apply(approve('stage-1', who));
    expect(run.phase).toBe(phase);
    expect(run.state?.stages[0]?.status).toBe(phase === 'executing' ? 'approved' : 'waiting');
    if (phase === 'executing') {
      expect(run.commands('timer.cancel')).toHaveLength(3);
      expect(run.commands('step.execute')).toEqual([expect.objectContaining({ stepId: 'a1', attempt: 1, delayMs: 0 })]);
      expect(run.commands('jira.transition').map((c) => c.target)).toEqual(['in-progress']);
    }
  });

  it('runs parallel stages together, then the next order only when both are approved', () => {
    const run = runWith([
      stage({ id: 'stage-1', lane: 'manager', order: 1 }),
      stage({ id: 'stage-2', lane: 'security', order: 1 }),
      stage({ id: 'stage-3', lane: 'finance', order: 2 }),
    ]);
    expect(run.commands('route.approval')).toEqual([
      expect.objectContaining({ stageIds: ['stage-1', 'stage-2'], approvers: ['m1', 's1', 's2', 's3'], groupIds: ['g-mgr', 'g-sec'] }),
    ]);
    run.apply(approve('stage-2', 's2'));
    // The decision closed the shared "any one" approval in JSM: the stage still waiting gets a new one.
    expect(run.commands('route.approval')).toEqual([expect.objectContaining({ stageIds: ['stage-1'], approvers: ['m1'], groupIds: ['g-mgr'] })]);
    expect(run.state?.stages.map((s) => s.status)).toEqual(['waiting', 'approved', 'pending']);
    run.apply(approve('stage-1', 'm1'));
    expect(run.commands('route.approval')).toEqual([expect.objectContaining({ stageIds: ['stage-3'], approvers: ['f1', 'f2'], groupIds: ['g-fin'] })]);
    expect(run.phase).toBe('awaiting-approval');
    run.apply(approve('stage-3', 'f1'));
    expect(run.phase).toBe('executing');
  });

  it('runs sequential stages one after another', () => {
    const run = runWith([stage({ id: 'stage-1', lane: 'manager', order: 1 }), stage({ id: 'stage-2', lane: 'security', order: 2 })]);
    run.apply(approve('stage-2', 's1'));
    expect(run.rejected()).toBe(true);
    run.apply(approve('stage-1', 'm1'));
    expect(run.commands('route.approval')[0]?.stageIds).toEqual(['stage-2']);
    run.apply(approve('stage-2', 's1'));
    expect(run.phase).toBe('executing');
  });

  it('ends in declined on any decline, with a public comment and nothing executed', () => {
    const run = runWith([stage({ id: 'stage-1', lane: 'security', mode: { type: 'n-of-m', n: 2 } })]);
    run.apply(approve('stage-1', 's1'));
    run.apply(decline('stage-1', 's2'));
    expect(run.phase).toBe('declined');
    expect(run.commands('jira.transition').map((c) => c.target)).toEqual(['declined']);
    expect(run.commands('comment.add').filter((c) => c.visibility === 'public').map((c) => c.kind)).toEqual(['declined']);
    expect(run.allCommands().some((c) => c.type === 'step.execute')).toBe(false);
    expect(run.commands('fields.update')[0]?.approvalPolicy.stages[0]?.status).toBe('declined');
  });

  it.each([
    ['the requester', REQUESTER, /requester cannot decide/],
    ['someone outside the stage', 'f1', /not an approver/],
    ['an approver deciding twice', 's1', /duplicate/],
  ])('rejects a decision by %s', (_name, who, reason) => {
    const run = runWith([stage({ id: 'stage-1', lane: 'security', mode: { type: 'all' }, approvers: ['s1', 's2', REQUESTER].filter((a) => a !== REQUESTER), excluded: [] })]);
    if (who === 's1') run.apply(approve('stage-1', 's1'));
    const versionBefore = run.state?.version;
    run.apply(approve('stage-1', who));
    expect(run.rejected()).toBe(true);
    expect(run.last.commands).toEqual([]);
    expect(run.state?.version).toBe(versionBefore);
    expect(JSON.stringify(run.last.auditEvents[0]?.data)).toMatch(reason);
  });
});

describe('stuck approvals: reminder, backup, timeout', () => {
  function stuck(onTimeout: TimeoutAction): RunDriver {
    return runWith([stage({ id: 'stage-1', lane: 'security', onTimeout })]);
  }

  it('reminds the pending approvers, then adds the backup group (never the requester) and re-routes', () => {
    const run = stuck({ action: 'decline' });
    run.apply([240, { type: 'approval.timer.fired', stageId: 'stage-1', kind: 'remind' }]);
    expect(run.commands('notify.reminder')).toEqual([expect.objectContaining({ stageId: 'stage-1', lane: 'security', approvers: ['s1', 's2', 's3'] })]);
    run.apply([240, { type: 'approval.timer.fired', stageId: 'stage-1', kind: 'remind' }]);
    expect(run.rejected()).toBe(true);
    run.apply([480, { type: 'approval.timer.fired', stageId: 'stage-1', kind: 'escalate' }]);
    expect(run.commands('route.approval')).toEqual([
      expect.objectContaining({ approvers: ['s1', 's2', 's3', 'sb1', 'sb2'], groupIds: ['g-sec', 'g-sec-b'], reason: 'backup-added' }),
    ]);
    expect(run.commands('escalation.raise')[0]?.packet.owner).toEqual({ kind: 'lane', lane: 'security', group: { groupId: 'g-sec-b', name: 'security-backup' } });
    run.apply(approve('stage-1', 'sb2'));
    expect(run.phase).toBe('executing');
  });

  it('excludes the requester from backup approvers', () => {
    const run = runWith([stage({ id: 'stage-1', lane: 'manager' })]);
    run.apply([480, { type: 'approval.timer.fired', stageId: 'stage-1', kind: 'escalate' }]);
    expect(run.commands('route.approval')[0]?.approvers).toEqual(['m1', 'mb1']);
  });

  it('timeout with decline declines the request', () => {
    const run = stuck({ action: 'decline' });
    run.apply([1440, { type: 'approval.timer.fired', stageId: 'stage-1', kind: 'timeout' }]);
    expect(run.phase).toBe('declined');
    expect(run.state?.stages[0]?.status).toBe('timed-out');
  });

  it('timeout with escalate-backup adds the backup and restarts the clock once, then blocks', () => {
    const run = stuck({ action: 'escalate-backup' });
    run.apply([1440, { type: 'approval.timer.fired', stageId: 'stage-1', kind: 'timeout' }]);
    expect(run.phase).toBe('awaiting-approval');
    expect(run.state?.stages[0]?.approvers).toEqual(['s1', 's2', 's3', 'sb1', 'sb2']);
    expect(run.commands('timer.schedule').map((t) => [t.kind, t.at])).toEqual([
      ['remind', '2026-11-23T14:00:00.000Z'],
      ['timeout', '2026-11-24T10:00:00.000Z'],
    ]);
    run.apply([2880, { type: 'approval.timer.fired', stageId: 'stage-1', kind: 'timeout' }]);
    expect(run.phase).toBe('exception');
    expect(run.commands('escalation.raise')[0]?.packet).toMatchObject({ point: 'exception', owner: { lane: 'security', group: { groupId: 'g-sec-b' } } });
    expect(run.commands('jira.transition').map((c) => c.target)).toEqual(['blocked']);
  });

  it('timeout with escalate-lane hands the stage to the named lane with a fresh clock', () => {
    const run = stuck({ action: 'escalate-lane', lane: 'engineering' });
    run.apply([1440, { type: 'approval.timer.fired', stageId: 'stage-1', kind: 'timeout' }]);
    expect(run.phase).toBe('awaiting-approval');
    expect(run.commands('route.approval')).toEqual([expect.objectContaining({ approvers: ['e1', 'e2'], groupIds: ['g-eng'], reason: 'handed-over' })]);
    expect(run.state?.stages[0]).toMatchObject({ lane: 'engineering', laneTitle: 'Engineering', due: '2026-11-24T10:00:00.000Z' });
    run.apply(approve('stage-1', 's1'));
    expect(run.rejected()).toBe(true);
    run.apply(approve('stage-1', 'e2'));
    expect(run.phase).toBe('executing');
  });

  it('timeout with escalate-lane to a lane with nobody eligible blocks with a packet', () => {
    const run = stuck({ action: 'escalate-lane', lane: 'customer' });
    run.apply([1440, { type: 'approval.timer.fired', stageId: 'stage-1', kind: 'timeout' }]);
    expect(run.phase).toBe('awaiting-approval');
    const empty = runWith([stage({ id: 'stage-1', lane: 'security', onTimeout: { action: 'escalate-lane', lane: 'nowhere' } })]);
    empty.apply([1440, { type: 'approval.timer.fired', stageId: 'stage-1', kind: 'timeout' }]);
    expect(empty.phase).toBe('exception');
    expect(empty.commands('escalation.raise')[0]?.packet.reason).toMatch(/lane is unknown/);
  });

  it('rejects timers for approved stages and stale timer ids', () => {
    const run = stuck({ action: 'decline' });
    run.apply({ type: 'approval.timer.fired', stageId: 'stage-1', kind: 'remind', timerId: 'not-a-timer' });
    expect(run.rejected()).toBe(true);
    run.apply(approve('stage-1', 's1'));
    run.apply({ type: 'approval.timer.fired', stageId: 'stage-1', kind: 'timeout' });
    expect(run.rejected()).toBe(true);
  });
});
