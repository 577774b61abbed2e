import { buildPortalStatus, formatDue } from '../../../src/app/views/portal-status';
import { allowedActions, buildRunView, verifyIssueLog } from '../../../src/app/views/run-view';
import { appendAuditEvents, type AuditEvent } from '../../../src/domain/audit/audit-chain';
import type { RunEvent } from '../../../src/domain/run/run-types';
import { action, approvalPlan, approve, at, override, planned, REQUESTER, RunDriver, stage, STARTED } from '../../unit/domain/run/run-fixtures';

/** A driver plus the audit chain its transitions produced, as the run engine stores it. */
function drive(events: Array<RunEvent | [number, RunEvent]>): { driver: RunDriver; chain: AuditEvent[] } {
  const driver = new RunDriver();
  const chain: AuditEvent[] = [];
  for (const item of events) {
    const transition = driver.apply(item);
    const tail = chain.at(-1);
    chain.push(...appendAuditEvents(tail ? { seq: tail.seq, hash: tail.hash } : null, transition.auditEvents, { runId: 'run-1', at: at(driver.minutes) }));
  }
  return { driver, chain };
}

const twoStages = approvalPlan([stage({ id: 'stage-1', lane: 'manager', order: 1 }), stage({ id: 'stage-2', lane: 'security', order: 2 })]);

describe('portal status: plain words, lane titles only', () => {
  it('names the lane it waits on and its deadline, never the approvers', () => {
    const { driver } = drive([STARTED, planned(twoStages)]);
    const status = buildPortalStatus('DESK-1', driver.state!, at(0));
    expect(status.phase).toBe('waiting-for-approval');
    expect(status.headline).toMatch(/^Waiting for .+ approval, due /);
    const text = JSON.stringify(status);
    for (const approver of driver.state!.stages.flatMap((s) => s.approvers)) expect(text).not.toContain(approver);
    expect(text).not.toMatch(/stage-|entra|webhook|trigger/);
  });

  it('tells what already happened and that the next lane is now waited on', () => {
    const { driver } = drive([STARTED, planned(twoStages)]);
    const manager = driver.state!.stages[0]!.approvers[0]!;
    driver.apply([10, approve('stage-1', manager)]);
    const status = buildPortalStatus('DESK-1', driver.state!, at(10));
    expect(status.history.map((h) => h.text)).toContain(`Approved by ${driver.state!.stages[0]!.laneTitle}`);
    expect(status.waitingOn?.laneTitle).toBe(driver.state!.stages[1]!.laneTitle);
    expect(JSON.stringify(status)).not.toContain(manager);
  });

  it('tells how far the work is without naming the systems, channels or groups the steps touched', () => {
    const { driver } = drive([STARTED, planned(approvalPlan([stage({ id: 'stage-1', lane: 'manager' })]), [action('a1'), action('a2')])]);
    driver.apply([5, approve('stage-1', driver.state!.stages[0]!.approvers[0]!)]);
    driver.apply([6, { type: 'step.succeeded', stepId: 'a1', attempt: 1, result: { status: 204 }, summary: 'added to grp-a1' }]);
    const status = buildPortalStatus('DESK-1', driver.state!, at(7));
    expect(status.history.map((h) => h.text)).toContain('Work step 1 of 2 done');
    expect(JSON.stringify(status)).not.toMatch(/Step a1|grp-a1|entra/);
  });

  it("orders what happened by the instant, whether the time came from Jira (+0000) or the app (Z)", () => {
    const { driver } = drive([STARTED, planned(twoStages)]);
    const manager = driver.state!.stages[0]!.approvers[0]!;
    // Jira answered the decision time in its own format, the same second the request was received (10:00:00.000Z).
    driver.apply({ ...approve('stage-1', manager), at: '2026-11-22T10:00:00.000+0000' } as RunEvent);
    const status = buildPortalStatus('DESK-1', driver.state!, at(10));
    expect(status.history.map((h) => h.text)).toEqual(['Request received', `Approved by ${driver.state!.stages[0]!.laneTitle}`]);
    // 10:30 at +0100 is 09:30 UTC: before the 10:00 UTC receipt, though its text sorts after it.
    const early = drive([STARTED, planned(twoStages)]).driver;
    early.apply({ ...approve('stage-1', manager), at: '2026-11-22T10:30:00.000+0100' } as RunEvent);
    expect(buildPortalStatus('DESK-1', early.state!, at(10)).history.map((h) => h.text)).toEqual([`Approved by ${early.state!.stages[0]!.laneTitle}`, 'Request received']);
  });

  it.each([
    ['2026-11-24T14:00:00.000Z', '2026-11-22T10:00:00.000Z', 'Tuesday 14:00 UTC'],
    ['2026-12-24T09:30:00.000Z', '2026-11-22T10:00:00.000Z', '24 Dec 09:30 UTC'],
  ])('formats %s seen at %s as %s', (due, now, expected) => {
    expect(formatDue(due, now)).toBe(expected);
  });
});

describe('agent run view', () => {
  it('verifies the audit chain and detects an altered event', () => {
    const { driver, chain } = drive([STARTED, planned(twoStages)]);
    const names = new Map<string, string>();
    const head = { seq: chain.at(-1)!.seq, hash: chain.at(-1)!.hash };
    const view = buildRunView({ issueKey: 'DESK-1', run: driver.state!, events: chain, expectedHead: head, workflowTitle: 'VPN access', names });
    expect(view.audit).toEqual({ ok: true, count: chain.length });
    expect(view.current?.kind).toBe('approval');

    const tampered = chain.map((event, index) => (index === 1 ? { ...event, summary: 'Nothing to see here.' } : event));
    const broken = buildRunView({ issueKey: 'DESK-1', run: driver.state!, events: tampered, expectedHead: head, workflowTitle: 'VPN access', names });
    expect(broken.audit).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('offers retry only for a failed step, with that step named', () => {
    const { driver, chain } = drive([STARTED, planned(approvalPlan([stage({ id: 'stage-1', lane: 'manager' })]), [action('a1')])]);
    driver.apply([5, approve('stage-1', driver.state!.stages[0]!.approvers[0]!)]);
    expect(allowedActions(driver.state!)).not.toContain('retry');
    driver.apply([6, { type: 'step.failed', stepId: 'a1', attempt: 1, transient: false, error: 'group not found' }]);
    const view = buildRunView({ issueKey: 'DESK-1', run: driver.state!, events: chain, expectedHead: null, workflowTitle: 'VPN access', names: new Map() });
    expect(view.status).toBe('blocked');
    expect(view.allowedActions).toEqual(expect.arrayContaining(['retry', 'cancel']));
    expect(view.retryStepId).toBe('a1');
  });

  it('offers the requester, when they are an agent too, only to cancel their own request', () => {
    const { driver, chain } = drive([STARTED, planned(approvalPlan([stage({ id: 'stage-1', lane: 'manager' })]), [action('a1')])]);
    driver.apply([5, approve('stage-1', driver.state!.stages[0]!.approvers[0]!)]);
    driver.apply([6, { type: 'step.failed', stepId: 'a1', attempt: 1, transient: false, error: 'group not found' }]);
    const view = (viewerAccountId?: string) =>
      buildRunView({ issueKey: 'DESK-1', run: driver.state!, events: chain, expectedHead: null, workflowTitle: 'VPN access', names: new Map(), ...(viewerAccountId ? { viewerAccountId } : {}) });
    expect(view('agent-2').allowedActions).toEqual(['takeover', 'retry', 'cancel']);
    expect(view(REQUESTER).allowedActions).toEqual(['cancel']);
  });

  it('offers nothing once the run has ended', () => {
    const { driver } = drive([STARTED, planned(approvalPlan([stage({ id: 'stage-1', lane: 'manager' })]))]);
    driver.apply([5, override('cancel')]);
    expect(driver.phase).toBe('cancelled');
    expect(allowedActions(driver.state!)).toEqual([]);
    expect(driver.state!.request?.requester.accountId).toBe(REQUESTER);
  });
});

describe('the issue log against the app copy', () => {
  const { chain } = drive([STARTED, planned(twoStages)]);

  it('accepts an issue log that lags behind the copy', () => {
    expect(verifyIssueLog(chain.slice(0, 2), chain)).toEqual({ ok: true, count: 2 });
  });

  it('flags an issue event rewritten with a valid-looking chain', () => {
    // Re-hashing a forged chain keeps it internally consistent; only the copy exposes it.
    const forged = appendAuditEvents(null, [{ type: 'run.started', actor: { kind: 'system' }, summary: 'Forged start.' }], { runId: 'run-1', at: at(0) });
    expect(verifyIssueLog(forged, chain)).toMatchObject({ ok: false, brokenAt: 1 });
  });

  it('flags an issue log with an event the app never wrote', () => {
    const tail = chain.at(-1)!;
    const extra = appendAuditEvents({ seq: tail.seq, hash: tail.hash }, [{ type: 'approval.approved', actor: { kind: 'system' }, summary: 'Approved.' }], { runId: 'run-1', at: at(1) });
    expect(verifyIssueLog([...chain, ...extra], chain)).toMatchObject({ ok: false, brokenAt: tail.seq + 1 });
  });
});
