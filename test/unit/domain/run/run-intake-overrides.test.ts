import type { RunEvent } from '../../../../src/domain/run/run-types';
import { action, approvalPlan, approve, manual, noApprovalPlan, override, planned, REQUESTER, REVOCATION, ROUTING, RunDriver, stage, STARTED, WORKFLOW } from './run-fixtures';

const CLARIFY: RunEvent = {
  type: 'intake.evaluated',
  outcome: { kind: 'clarification', workflow: WORKFLOW, questions: [{ field: 'endDate', question: 'Until when do you need VPN access?' }] },
  routing: ROUTING,
};

describe('intake and clarification', () => {
  it('asks the intake to evaluate when the run starts', () => {
    const run = new RunDriver([STARTED]);
    expect(run.phase).toBe('intake');
    expect(run.last.commands.map((c) => c.type)).toEqual(['intake.evaluate', 'properties.sync']);
    expect(run.commands('intake.evaluate')[0]?.idempotencyKey).toBe('run-1/intake.evaluate/e1');
  });

  it('asks the requester publicly, waits, and re-evaluates after their reply', () => {
    const run = new RunDriver([STARTED, CLARIFY]);
    expect(run.phase).toBe('clarification');
    const publicComment = run.commands('comment.add').find((c) => c.visibility === 'public');
    expect(publicComment?.text).toContain('Until when do you need VPN access?');
    expect(run.commands('jira.transition').map((c) => c.target)).toEqual(['waiting-for-customer']);
    expect(run.commands('escalation.raise')[0]?.packet).toMatchObject({ point: 'clarification', owner: { kind: 'requester', accountId: REQUESTER } });
    expect(run.commands('timer.schedule')[0]).toMatchObject({ kind: 'clarification', at: '2026-11-27T10:00:00.000Z' });

    run.apply({ type: 'clarification.answered', by: 'someone-else', text: 'December' });
    expect(run.rejected()).toBe(true);
    run.apply({ type: 'clarification.answered', by: REQUESTER, text: 'Until 1 December' });
    expect(run.phase).toBe('intake');
    expect(run.commands('intake.evaluate')).toEqual([expect.objectContaining({ round: 2, idempotencyKey: 'run-1/intake.evaluate/e2' })]);
    run.apply(planned(approvalPlan([stage({ id: 'stage-1', lane: 'manager' })])));
    expect(run.phase).toBe('awaiting-approval');
  });

  it('cancels a clarification nobody answers', () => {
    const run = new RunDriver([STARTED, CLARIFY, [7200, { type: 'clarification.timer.fired' }]]);
    expect(run.phase).toBe('cancelled');
    expect(run.commands('comment.add').filter((c) => c.visibility === 'public').map((c) => c.kind)).toEqual(['cancelled']);
  });

  it('raises an exception packet to the exception lane when no workflow matches', () => {
    const run = new RunDriver([STARTED, { type: 'intake.evaluated', outcome: { kind: 'no-workflow', requestType: 'laptop', reason: 'no workflow handles laptop' }, routing: ROUTING }]);
    expect(run.phase).toBe('exception');
    const packet = run.commands('escalation.raise')[0]?.packet;
    expect(packet).toMatchObject({ point: 'exception', owner: { kind: 'lane', lane: 'engineering', group: { groupId: 'g-eng' } } });
    expect(packet?.request).toEqual({ key: 'SD-1', summary: 'VPN access for contractor', description: 'Please give me VPN access until December.', fields: { endDate: '2026-12-01', sponsor: 'm1' } });
    expect(packet?.context).toMatchObject({ requester: { employmentType: 'contractor', managerAccountId: 'm1' }, requestType: 'vpn-access' });
    expect(run.commands('jira.transition').map((c) => c.target)).toEqual(['blocked']);
  });

  it('raises an exception for a plan that cannot be routed', () => {
    const run = new RunDriver([
      STARTED,
      planned({ ...approvalPlan([stage({ id: 'stage-1', lane: 'customer', approvers: [] })]), kind: 'exception', exception: { code: 'empty-stage', reason: 'nobody can approve stage-1' } }),
    ]);
    expect(run.phase).toBe('exception');
    expect(run.commands('escalation.raise')[0]?.packet.reason).toMatch(/empty-stage/);
  });

  it.each([
    ['an unknown exception lane', { ...ROUTING, exceptionLane: 'nope' }],
  ])('rejects an evaluation with %s', (_name, routing) => {
    const run = new RunDriver([STARTED, planned(noApprovalPlan(), [action('a1')], null, routing)]);
    expect(run.rejected()).toBe(true);
    expect(run.phase).toBe('intake');
  });

  it('rejects a plan with duplicate step ids', () => {
    const run = new RunDriver([STARTED, planned(noApprovalPlan(), [action('a1'), action('a1')])]);
    expect(run.rejected()).toBe(true);
  });
});

describe('agent overrides', () => {
  function awaiting(): RunDriver {
    return new RunDriver([STARTED, planned(approvalPlan([stage({ id: 'stage-1', lane: 'manager' })]), [action('a1'), action('a2')], REVOCATION)]);
  }

  it.each([
    ['an empty reason', { type: 'agent.override', action: 'cancel', actorAccountId: 'agent-1', reason: '   ' }, /needs a reason/],
    ['no actor', { type: 'agent.override', action: 'cancel', actorAccountId: '', reason: 'why' }, /acting agent/],
    ['retry outside an exception', { type: 'agent.override', action: 'retry', actorAccountId: 'agent-1', reason: 'why' }, /only possible when the request is blocked/],
    ['resume without takeover or manual step', { type: 'agent.override', action: 'resume', actorAccountId: 'agent-1', reason: 'why' }, /only possible during a manual step/],
    ['an unknown action', { type: 'agent.override', action: 'explode', actorAccountId: 'agent-1', reason: 'why' }, /unknown override/],
  ] as Array<[string, RunEvent, RegExp]>)('refuses %s', (_name, event, reason) => {
    const run = awaiting();
    run.apply(event);
    expect(run.rejected()).toBe(true);
    expect(String(run.last.auditEvents[0]?.summary)).toMatch(reason);
    expect(run.last.commands).toEqual([]);
  });

  it('takeover pauses automation: timers cancelled, decisions recorded but not acted on until resume', () => {
    const run = awaiting();
    run.apply(override('takeover'));
    expect(run.state?.takeover?.accountId).toBe('agent-1');
    expect(run.commands('timer.cancel')).toHaveLength(3);
    expect(run.last.auditEvents.map((a) => [a.type, a.actor])).toEqual([['override.takeover', { kind: 'user', accountId: 'agent-1' }]]);
    run.apply(override('takeover'));
    expect(run.rejected()).toBe(true);
    run.apply({ type: 'approval.timer.fired', stageId: 'stage-1', kind: 'remind' });
    expect(run.rejected()).toBe(true);
    run.apply(approve('stage-1', 'm1'));
    expect(run.state?.stages[0]?.status).toBe('approved');
    expect(run.commands('step.execute')).toEqual([]);
    run.apply(override('resume'));
    expect(run.state?.takeover).toBeUndefined();
    expect(run.commands('step.execute').map((c) => c.stepId)).toEqual(['a1']);
  });

  it('resume after takeover restarts the clock of waiting stages', () => {
    const run = awaiting();
    run.apply([60, override('takeover')]);
    run.apply([120, override('resume')]);
    expect(run.commands('timer.schedule').map((t) => t.kind)).toEqual(['remind', 'escalate', 'timeout']);
    expect(run.commands('route.approval')[0]).toMatchObject({ reason: 'resumed', approvers: ['m1'] });
  });

  it('resume in execution limit completes the manual step on the agent\'s word', () => {
    const run = new RunDriver([STARTED, planned(noApprovalPlan(), [manual('m1')])]);
    run.apply(override('resume', 'Done in the vendor portal.'));
    expect(run.phase).toBe('completed');
    expect(run.state?.steps[0]?.resultSummary).toBe('done by agent-1: Done in the vendor portal.');
  });

  it('keeps the requester, even as an agent, from taking over or signing off their own request, but lets them cancel it', () => {
    const byRequester = (actionName: 'takeover' | 'resume' | 'cancel'): RunEvent => ({ type: 'agent.override', action: actionName, actorAccountId: REQUESTER, reason: 'It is done.' });
    const run = new RunDriver([STARTED, planned(noApprovalPlan(), [manual('m1')])]);
    for (const event of [byRequester('takeover'), byRequester('resume'), { type: 'manual.completed', stepId: 'm1', by: REQUESTER, note: 'Done.' } as RunEvent]) {
      run.apply(event);
      expect(run.rejected()).toBe(true);
      expect(String(run.last.auditEvents[0]?.summary)).toMatch(/requester cannot/);
    }
    expect(run.phase).toBe('execution-limit');
    run.apply(byRequester('cancel'));
    expect(run.rejected()).toBe(false);
    expect(run.phase).toBe('cancelled');
  });

  it('retry after a permanent failure re-runs the undone steps with new attempt numbers', () => {
    const run = new RunDriver([STARTED, planned(noApprovalPlan(), [action('a1'), action('a2')])]);
    run.apply({ type: 'step.succeeded', stepId: 'a1', attempt: 1, result: null });
    run.apply({ type: 'step.failed', stepId: 'a2', attempt: 1, transient: false, error: 'bad request' });
    run.apply({ type: 'compensation.succeeded', stepId: 'a1', attempt: 1 });
    expect(run.phase).toBe('exception');
    run.apply(override('retry', 'Fixed the group id.'));
    expect(run.phase).toBe('executing');
    expect(run.commands('step.execute')).toEqual([expect.objectContaining({ stepId: 'a1', attempt: 2, idempotencyKey: 'run-1/step.execute/a1/a2' })]);
    run.apply({ type: 'step.succeeded', stepId: 'a1', attempt: 2, result: null });
    expect(run.commands('step.execute')).toEqual([expect.objectContaining({ stepId: 'a2', attempt: 2 })]);
  });

  it('counts each undo, so a step run again after it is a new effect, also for runs stored before undos were counted', () => {
    const run = new RunDriver([STARTED, planned(noApprovalPlan(), [action('a1'), action('a2')])]);
    run.apply({ type: 'step.succeeded', stepId: 'a1', attempt: 1, result: null });
    run.apply({ type: 'step.failed', stepId: 'a2', attempt: 1, transient: false, error: 'bad request' });
    run.apply({ type: 'compensation.succeeded', stepId: 'a1', attempt: 1 });
    expect(run.state?.steps[0]?.timesUndone).toBe(1);
    // As a run saved by an earlier release would be: undone, but not counted.
    delete (run.state!.steps[0] as { timesUndone?: number }).timesUndone;
    run.apply(override('retry', 'Fixed the group id.'));
    expect(run.state?.steps[0]?.timesUndone).toBe(1);
    expect(run.state?.steps[1]?.timesUndone).toBeUndefined();
  });

  it("an agent's retry gives a step a fresh round of attempts for transient faults", () => {
    const run = new RunDriver([STARTED, planned(noApprovalPlan(), [action('a1')])]);
    for (let attempt = 1; attempt <= 5; attempt += 1) run.apply({ type: 'step.failed', stepId: 'a1', attempt, transient: true, error: '503' });
    expect(run.phase).toBe('exception');
    run.apply(override('retry', 'The provider is back.'));
    expect(run.commands('step.execute')).toEqual([expect.objectContaining({ stepId: 'a1', attempt: 6 })]);
    run.apply({ type: 'step.failed', stepId: 'a1', attempt: 6, transient: true, error: '503' });
    expect(run.phase).toBe('executing');
    expect(run.commands('step.execute')).toEqual([expect.objectContaining({ stepId: 'a1', attempt: 7 })]);
  });

  it('cancel before anything ran closes the request without compensation', () => {
    const run = awaiting();
    run.apply(override('cancel'));
    expect(run.phase).toBe('cancelled');
    expect(run.commands('compensation.execute')).toEqual([]);
    expect(run.commands('jira.transition').map((c) => c.target)).toEqual(['cancelled']);
    expect(run.state?.stages[0]?.status).toBe('skipped');
    run.apply(override('cancel'));
    expect(run.rejected()).toBe(true);
  });

  it('cancel during execution waits for the running step, then undoes granted access in reverse order', () => {
    const run = awaiting();
    run.apply(approve('stage-1', 'm1'));
    run.apply({ type: 'step.succeeded', stepId: 'a1', attempt: 1, result: null });
    run.apply(override('cancel'));
    expect(run.phase).toBe('compensating');
    expect(run.commands('compensation.execute')).toEqual([]);
    run.apply({ type: 'step.succeeded', stepId: 'a2', attempt: 1, result: null });
    expect(run.commands('compensation.execute').map((c) => c.stepId)).toEqual(['a2']);
    run.apply({ type: 'compensation.succeeded', stepId: 'a2', attempt: 1 });
    expect(run.commands('compensation.execute').map((c) => c.stepId)).toEqual(['a1']);
    run.apply({ type: 'compensation.succeeded', stepId: 'a1', attempt: 1 });
    expect(run.phase).toBe('cancelled');
  });

  it('cancel after completion revokes time-bound access first', () => {
    const run = awaiting();
    run.apply(approve('stage-1', 'm1'));
    run.apply({ type: 'step.succeeded', stepId: 'a1', attempt: 1, result: null });
    run.apply({ type: 'step.succeeded', stepId: 'a2', attempt: 1, result: null });
    expect(run.phase).toBe('completed');
    run.apply(override('cancel', 'Contract ended early.'));
    expect(run.phase).toBe('revoking');
    run.apply({ type: 'revocation.succeeded', index: 0, attempt: 1 });
    run.apply({ type: 'revocation.succeeded', index: 1, attempt: 1 });
    expect(run.phase).toBe('cancelled');
  });
});
