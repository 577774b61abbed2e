import { BACKOFF, computeBackoffMs } from '../../../../src/domain/run/backoff';
import type { RunEvent } from '../../../../src/domain/run/run-types';
import type { WorkflowStep } from '../../../../src/domain/workflows/workflow-types';
import { action, manual, noApprovalPlan, planned, REVOCATION, RunDriver, STARTED } from './run-fixtures';

function executing(steps: WorkflowStep[] = [action('a1'), action('a2'), action('a3')], revocation: typeof REVOCATION | null = null): RunDriver {
  return new RunDriver([STARTED, planned(noApprovalPlan(), steps, revocation)]);
}

const ok = (stepId: string, attempt = 1): RunEvent => ({ type: 'step.succeeded', stepId, attempt, result: { status: 204 }, summary: `${stepId} done` });
const fail = (stepId: string, attempt: number, transient: boolean, retryAfterMs?: number): RunEvent => ({
  type: 'step.failed',
  stepId,
  attempt,
  transient,
  error: 'HTTP 503 from graph',
  ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
});

describe('backoff', () => {
  it.each([
    [1, 2_000],
    [2, 4_000],
    [3, 8_000],
    [4, 16_000],
    [10, BACKOFF.capMs],
  ])('retry %d waits at least %d ms plus at most 20%% jitter', (attempts, base) => {
    const delay = computeBackoffMs('run-1/a1/x', attempts);
    expect(delay).toBeGreaterThanOrEqual(base);
    expect(delay).toBeLessThan(base * 1.2 + 1);
  });

  it('is deterministic per seed and varies between seeds', () => {
    expect(computeBackoffMs('run-1/a1/1', 3)).toBe(computeBackoffMs('run-1/a1/1', 3));
    const delays = new Set(['a', 'b', 'c', 'd', 'e'].map((seed) => computeBackoffMs(seed, 3)));
    expect(delays.size).toBeGreaterThan(1);
  });

  it('honours Retry-After and never exceeds the queue delay limit', () => {
    expect(computeBackoffMs('s', 1, 30_000)).toBe(30_000);
    expect(computeBackoffMs('s', 1, 5_000_000)).toBe(BACKOFF.maxDelayMs);
    expect(computeBackoffMs('s', 1, Number.NaN)).toBe(computeBackoffMs('s', 1));
  });
});

describe('execution', () => {
  it('runs steps one by one and completes with a public comment', () => {
    const run = executing();
    expect(run.phase).toBe('executing');
    expect(run.commands('step.execute')).toEqual([
      expect.objectContaining({ stepId: 'a1', attempt: 1, call: { action: 'entra.addGroupMember', params: { groupId: 'grp-a1', userId: 'u-1' } } }),
    ]);
    run.apply(ok('a1'));
    expect(run.commands('step.execute').map((c) => c.stepId)).toEqual(['a2']);
    run.apply(ok('a2'));
    run.apply(ok('a3'));
    expect(run.phase).toBe('completed');
    expect(run.commands('jira.transition').map((c) => c.target)).toEqual(['done']);
    expect(run.commands('comment.add').filter((c) => c.visibility === 'public').map((c) => c.kind)).toEqual(['completed']);
  });

  it('retries transient failures with capped exponential backoff, then fails permanently', () => {
    const run = executing([action('a1')]);
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      run.apply(fail('a1', attempt, true));
      const retry = run.commands('step.execute')[0];
      expect(retry).toMatchObject({ stepId: 'a1', attempt: attempt + 1, idempotencyKey: `run-1/step.execute/a1/a${attempt + 1}` });
      delays.push(retry!.delayMs);
    }
    expect(delays).toEqual([1, 2, 3, 4].map((n) => computeBackoffMs(`run-1/a1/${n}`, n)));
    expect(delays[0]).toBeGreaterThanOrEqual(2_000);
    expect(delays[3]).toBeGreaterThanOrEqual(16_000);
    run.apply(fail('a1', 5, true));
    expect(run.commands('step.execute')).toEqual([]);
    expect(run.phase).toBe('exception');
  });

  it('uses Retry-After when the server sends it', () => {
    const run = executing([action('a1')]);
    run.apply(fail('a1', 1, true, 60_000));
    expect(run.commands('step.execute')[0]?.delayMs).toBe(60_000);
  });

  it('compensates completed steps in reverse order after a permanent failure, then blocks with a packet', () => {
    const run = executing([action('a1'), action('a2'), action('a3', false), action('a4')]);
    run.apply(ok('a1'));
    run.apply(ok('a2'));
    run.apply(ok('a3'));
    run.apply(fail('a4', 1, false));
    expect(run.phase).toBe('compensating');
    // a3 has no compensation: it is skipped and reported as left in place.
    expect(run.commands('compensation.execute')).toEqual([
      expect.objectContaining({ stepId: 'a2', attempt: 1, call: { action: 'entra.removeGroupMember', params: { groupId: 'grp-a2', userId: 'u-1' } } }),
    ]);
    run.apply({ type: 'compensation.succeeded', stepId: 'a2', attempt: 1 });
    expect(run.commands('compensation.execute').map((c) => c.stepId)).toEqual(['a1']);
    run.apply({ type: 'compensation.succeeded', stepId: 'a1', attempt: 1 });
    expect(run.phase).toBe('exception');
    expect(run.commands('jira.transition').map((c) => c.target)).toEqual(['blocked']);
    const packet = run.commands('escalation.raise')[0]?.packet;
    expect(packet).toMatchObject({ point: 'exception', owner: { kind: 'lane', lane: 'engineering', group: { groupId: 'g-eng' } } });
    expect(packet?.reason).toMatch(/Step a4.*failed: HTTP 503 from graph/);
    expect(packet?.reason).toMatch(/No undo exists for: Step a3/);
    expect(packet?.stepsCompleted.map((s) => [s.stepId, s.system, s.result])).toEqual([
      ['a1', 'entra', 'a1 done (since undone)'],
      ['a2', 'entra', 'a2 done (since undone)'],
      ['a3', 'entra', 'a3 done'],
    ]);
    expect(run.state?.steps.map((s) => s.status)).toEqual(['compensated', 'compensated', 'succeeded', 'failed']);
  });

  it('retries a transient compensation failure and reports a permanent one without stopping the others', () => {
    const run = executing([action('a1'), action('a2'), action('a3')]);
    run.apply(ok('a1'));
    run.apply(ok('a2'));
    run.apply(fail('a3', 1, false));
    run.apply({ type: 'compensation.failed', stepId: 'a2', attempt: 1, transient: true, error: 'timeout' });
    expect(run.commands('compensation.execute')).toEqual([expect.objectContaining({ stepId: 'a2', attempt: 2 })]);
    expect(run.commands('compensation.execute')[0]?.delayMs).toBeGreaterThanOrEqual(2_000);
    run.apply({ type: 'compensation.failed', stepId: 'a2', attempt: 2, transient: false, error: 'forbidden' });
    expect(run.commands('compensation.execute').map((c) => c.stepId)).toEqual(['a1']);
    run.apply({ type: 'compensation.succeeded', stepId: 'a1', attempt: 1 });
    expect(run.phase).toBe('exception');
    expect(run.commands('escalation.raise')[0]?.packet.reason).toMatch(/Undo failed for: Step a2 \(still in effect\)/);
  });

  it('hands a manual step to a person (execution limit) and resumes when it is done', () => {
    const run = executing([action('a1'), manual('m1'), action('a2')]);
    run.apply(ok('a1'));
    expect(run.phase).toBe('execution-limit');
    expect(run.commands('jira.transition').map((c) => c.target)).toEqual(['escalated']);
    expect(run.commands('timer.schedule')).toEqual([expect.objectContaining({ kind: 'manual-due', stepId: 'm1', at: '2026-11-24T10:00:00.000Z' })]);
    const packet = run.commands('escalation.raise')[0]?.packet;
    expect(packet).toMatchObject({ point: 'execution-limit', owner: { lane: 'engineering' }, actionRequired: 'Open the vendor portal and enable m1.' });
    expect(packet?.stepsCompleted.map((s) => s.stepId)).toEqual(['a1']);
    run.apply({ type: 'manual.completed', stepId: 'm1', by: 'agent-2', note: 'Enabled in the portal.' });
    expect(run.phase).toBe('executing');
    expect(run.commands('timer.cancel')).toHaveLength(1);
    expect(run.commands('step.execute').map((c) => c.stepId)).toEqual(['a2']);
  });

  it.each([
    // Handed over at 10:00 (T0): a fixed deadline wins over "2d from the hand-over".
    ['a fixed deadline ahead', '2026-11-22T18:30:00Z', '2026-11-22T18:30:00.000Z'],
    // Approvals took longer than the deadline allowed: the person still gets an hour.
    ['a fixed deadline already past', '2026-11-22T09:00:00Z', '2026-11-22T11:00:00.000Z'],
    ['a fixed deadline less than an hour away', '2026-11-22T10:20:00Z', '2026-11-22T11:00:00.000Z'],
  ])('a manual step with %s is due at the fixed time, never less than an hour after the hand-over', (_name, dueBy, expected) => {
    const run = executing([{ ...manual('m1'), dueBy }]);
    expect(run.commands('timer.schedule')).toEqual([expect.objectContaining({ kind: 'manual-due', stepId: 'm1', at: expected })]);
    expect(run.commands('escalation.raise')[0]?.packet.deadline).toBe(expected);
  });

  it('turns an overdue manual step into an exception owned by the backup group', () => {
    const run = executing([manual('m1')]);
    run.apply([2880, { type: 'manual.timer.fired', stepId: 'm1' }]);
    expect(run.phase).toBe('exception');
    expect(run.commands('escalation.raise')[0]?.packet.owner).toMatchObject({ lane: 'engineering', group: { groupId: 'g-eng-b' } });
    run.apply({ type: 'manual.completed', stepId: 'm1', by: 'agent-2', note: 'Late, but done.' });
    expect(run.phase).toBe('completed');
  });

  it('rejects duplicate and stale step results without repeating effects', () => {
    const run = executing([action('a1'), action('a2')]);
    run.apply(ok('a1'));
    const versionBefore = run.state?.version;
    run.apply(ok('a1'));
    expect(run.rejected()).toBe(true);
    expect(run.last.commands).toEqual([]);
    run.apply(ok('a2', 7));
    expect(run.rejected()).toBe(true);
    expect(run.state?.version).toBe(versionBefore);
  });
});

describe('revocation of time-bound access', () => {
  function completed(): RunDriver {
    const run = executing([action('a1')], REVOCATION);
    run.apply(ok('a1'));
    return run;
  }

  it('schedules revocation at completion and revokes each call in order when due', () => {
    const run = completed();
    expect(run.phase).toBe('completed');
    expect(run.commands('timer.schedule')).toEqual([expect.objectContaining({ kind: 'revocation', at: REVOCATION.at })]);
    expect(run.commands('comment.add').find((c) => c.visibility === 'public')?.text).toContain(REVOCATION.at);
    run.apply({ type: 'revocation.due' });
    expect(run.rejected()).toBe(true);
    const due = (Date.parse(REVOCATION.at) - Date.parse('2026-11-22T10:00:00.000Z')) / 60_000;
    run.apply([due, { type: 'revocation.due' }]);
    expect(run.phase).toBe('revoking');
    expect(run.commands('revocation.execute')).toEqual([expect.objectContaining({ index: 0, attempt: 1, call: REVOCATION.calls[0] })]);
    run.apply({ type: 'revocation.failed', index: 0, attempt: 1, transient: true, error: '429' });
    expect(run.commands('revocation.execute')).toEqual([expect.objectContaining({ index: 0, attempt: 2 })]);
    run.apply({ type: 'revocation.succeeded', index: 0, attempt: 2 });
    expect(run.commands('revocation.execute').map((c) => c.index)).toEqual([1]);
    run.apply({ type: 'revocation.succeeded', index: 1, attempt: 1 });
    expect(run.phase).toBe('revoked');
    expect(run.commands('comment.add').map((c) => [c.visibility, c.kind])).toEqual([['internal', 'revoked']]);
  });

  it('blocks with an exception when access cannot be revoked, and retry finishes it', () => {
    const run = completed();
    run.apply([20_000, { type: 'revocation.due' }]);
    run.apply({ type: 'revocation.failed', index: 0, attempt: 1, transient: false, error: 'forbidden' });
    run.apply({ type: 'revocation.succeeded', index: 1, attempt: 1 });
    expect(run.phase).toBe('exception');
    expect(run.commands('escalation.raise')[0]?.packet.reason).toMatch(/could not be fully revoked.*entra.removeGroupMember \(forbidden\)/);
    run.apply({ type: 'agent.override', action: 'retry', actorAccountId: 'agent-1', reason: 'Connection fixed.' });
    expect(run.commands('revocation.execute')).toEqual([expect.objectContaining({ index: 0, attempt: 2 })]);
    run.apply({ type: 'revocation.succeeded', index: 0, attempt: 2 });
    expect(run.phase).toBe('revoked');
  });
});
