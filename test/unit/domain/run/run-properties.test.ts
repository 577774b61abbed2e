import fc from 'fast-check';
import { appendAuditEvents, type AuditChainTail, verifyAuditChain } from '../../../../src/domain/audit/audit-chain';
import { reduceRun } from '../../../../src/domain/run/reduce-run';
import { replayRun, replayRunTransitions } from '../../../../src/domain/run/replay-run';
import type { RunEvent, RunEventEnvelope, RunState } from '../../../../src/domain/run/run-types';
import type { TimeoutAction } from '../../../../src/domain/policy/policy-schema';
import {
  action,
  approvalPlan,
  approve,
  at,
  manual,
  noApprovalPlan,
  override,
  planned,
  REQUESTER,
  REVOCATION,
  ROUTING,
  RunDriver,
  stage,
  STARTED,
  WORKFLOW,
} from './run-fixtures';

const PLAN_EVENT = planned(
  approvalPlan([
    stage({ id: 'stage-1', lane: 'manager', order: 1 }),
    stage({ id: 'stage-2', lane: 'security', order: 1, mode: { type: 'n-of-m', n: 2 }, onTimeout: { action: 'escalate-backup' } as TimeoutAction }),
    stage({ id: 'stage-3', lane: 'finance', order: 2, onTimeout: { action: 'escalate-lane', lane: 'engineering' } as TimeoutAction }),
  ]),
  [action('a1'), manual('m1'), action('a2'), action('a3', false)],
  REVOCATION,
);

/** Runs driven into each phase, to check what every phase refuses. */
const PHASES: Record<string, RunEvent[]> = {
  new: [],
  intake: [STARTED],
  clarification: [
    STARTED,
    { type: 'intake.evaluated', outcome: { kind: 'clarification', workflow: WORKFLOW, questions: [{ field: 'x', question: 'X?' }] }, routing: ROUTING },
  ],
  'awaiting-approval': [STARTED, PLAN_EVENT],
  executing: [STARTED, planned(noApprovalPlan(), [action('a1')])],
  'execution-limit': [STARTED, planned(noApprovalPlan(), [manual('m1')])],
  compensating: [STARTED, planned(noApprovalPlan(), [action('a1'), action('a2')]), { type: 'step.succeeded', stepId: 'a1', attempt: 1, result: null }, { type: 'step.failed', stepId: 'a2', attempt: 1, transient: false, error: 'x' }],
  exception: [STARTED, { type: 'intake.evaluated', outcome: { kind: 'no-workflow', requestType: 'x', reason: 'none' }, routing: ROUTING }],
  completed: [STARTED, planned(noApprovalPlan(), [action('a1')], REVOCATION), { type: 'step.succeeded', stepId: 'a1', attempt: 1, result: null }],
  declined: [STARTED, PLAN_EVENT, { type: 'approval.decided', stageId: 'stage-1', decision: 'decline', approverAccountId: 'm1', at: at(0) }],
  cancelled: [STARTED, override('cancel')],
};

const MISFITS: Record<string, RunEvent[]> = {
  new: [PLAN_EVENT, approve('stage-1', 'm1'), override('cancel'), { type: 'revocation.due' }],
  intake: [STARTED, approve('stage-1', 'm1'), { type: 'clarification.answered', by: REQUESTER, text: 'x' }, { type: 'step.succeeded', stepId: 'a1', attempt: 1, result: null }],
  clarification: [PLAN_EVENT, approve('stage-1', 'm1'), { type: 'manual.completed', stepId: 'm1', by: 'a', note: '' }, override('retry')],
  'awaiting-approval': [PLAN_EVENT, approve('stage-3', 'f1'), { type: 'step.succeeded', stepId: 'a1', attempt: 1, result: null }, { type: 'revocation.due' }, override('resume')],
  executing: [approve('stage-1', 'm1'), { type: 'step.succeeded', stepId: 'a1', attempt: 2, result: null }, { type: 'compensation.succeeded', stepId: 'a1', attempt: 1 }, { type: 'clarification.timer.fired' }],
  'execution-limit': [{ type: 'manual.completed', stepId: 'other', by: 'a', note: '' }, { type: 'manual.timer.fired', stepId: 'other' }, override('retry')],
  compensating: [{ type: 'compensation.succeeded', stepId: 'a1', attempt: 2 }, { type: 'step.succeeded', stepId: 'a2', attempt: 1, result: null }, override('resume')],
  exception: [approve('stage-1', 'm1'), { type: 'step.failed', stepId: 'a1', attempt: 1, transient: true, error: 'x' }, override('resume'), override('retry')],
  completed: [{ type: 'revocation.due' }, { type: 'step.succeeded', stepId: 'a1', attempt: 1, result: null }, override('retry'), override('resume')],
  declined: [approve('stage-2', 's1'), override('cancel'), override('takeover'), { type: 'approval.timer.fired', stageId: 'stage-2', kind: 'timeout' }],
  cancelled: [override('cancel'), override('resume'), STARTED, { type: 'revocation.due' }],
};

function drive(events: RunEvent[]): RunState | undefined {
  let state: RunState | undefined;
  for (const event of events) state = reduceRun(state, event, at(0)).state;
  return state;
}

describe('events that do not fit the phase', () => {
  const cases = Object.entries(MISFITS).flatMap(([phase, events]) => events.map((event) => [phase, event.type, event] as const));
  it.each(cases)('%s rejects %s: state unchanged, no commands, recorded', (phase, _type, event) => {
    const before = drive(PHASES[phase]!);
    expect(before?.phase ?? 'new').toBe(phase);
    const transition = reduceRun(before, event, at(30));
    expect(transition.commands).toEqual([]);
    expect(transition.auditEvents).toHaveLength(1);
    expect(transition.auditEvents[0]).toMatchObject({ type: 'event.rejected', data: { phase } });
    const { rejectedCount, ...rest } = transition.state;
    const { rejectedCount: beforeCount, ...restBefore } = before ?? { ...transition.state, rejectedCount: 0 };
    expect(rest).toEqual(restBefore);
    expect(rejectedCount).toBe(beforeCount + 1);
  });
});

/** Events a run may see, including nonsense, for property tests. */
const eventArbitrary: fc.Arbitrary<RunEvent> = fc.oneof(
  fc.constant(STARTED),
  fc.constant(PLAN_EVENT),
  fc.constant(planned(noApprovalPlan(), [action('a1'), action('a2')], REVOCATION)),
  fc.constant<RunEvent>({ type: 'intake.evaluated', outcome: { kind: 'clarification', workflow: WORKFLOW, questions: [{ field: 'x', question: 'X?' }] }, routing: ROUTING }),
  fc.constant<RunEvent>({ type: 'intake.evaluated', outcome: { kind: 'no-workflow', requestType: 'x', reason: 'none' }, routing: ROUTING }),
  fc.constant<RunEvent>({ type: 'clarification.answered', by: REQUESTER, text: 'answer' }),
  fc.constant<RunEvent>({ type: 'clarification.timer.fired' }),
  fc.record({
    type: fc.constant('approval.decided' as const),
    stageId: fc.constantFrom('stage-1', 'stage-2', 'stage-3', 'nope'),
    decision: fc.constantFrom('approve' as const, 'approve' as const, 'decline' as const),
    approverAccountId: fc.constantFrom('m1', 's1', 's2', 'sb1', 'f1', 'e1', REQUESTER),
    at: fc.constant(at(0)),
  }),
  fc.record({ type: fc.constant('approval.timer.fired' as const), stageId: fc.constantFrom('stage-1', 'stage-2', 'stage-3'), kind: fc.constantFrom('remind' as const, 'escalate' as const, 'timeout' as const) }),
  fc.record({ type: fc.constant('step.succeeded' as const), stepId: fc.constantFrom('a1', 'a2', 'a3', 'm1'), attempt: fc.integer({ min: 1, max: 4 }), result: fc.constant({ ok: true }) }),
  fc.record({
    type: fc.constant('step.failed' as const),
    stepId: fc.constantFrom('a1', 'a2', 'a3'),
    attempt: fc.integer({ min: 1, max: 4 }),
    transient: fc.boolean(),
    error: fc.constantFrom('503', 'Bearer abcdefghijklmnopqrstuvwxyz'),
  }),
  fc.record({ type: fc.constant('compensation.succeeded' as const), stepId: fc.constantFrom('a1', 'a2'), attempt: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ type: fc.constant('compensation.failed' as const), stepId: fc.constantFrom('a1', 'a2'), attempt: fc.integer({ min: 1, max: 3 }), transient: fc.boolean(), error: fc.constant('x') }),
  fc.record({ type: fc.constant('manual.completed' as const), stepId: fc.constantFrom('m1', 'a1'), by: fc.constantFrom('agent-2', ''), note: fc.string() }),
  fc.record({ type: fc.constant('manual.timer.fired' as const), stepId: fc.constant('m1') }),
  fc.constant<RunEvent>({ type: 'revocation.due' }),
  fc.record({ type: fc.constant('revocation.succeeded' as const), index: fc.integer({ min: 0, max: 2 }), attempt: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ type: fc.constant('revocation.failed' as const), index: fc.integer({ min: 0, max: 2 }), attempt: fc.integer({ min: 1, max: 3 }), transient: fc.boolean(), error: fc.constant('x') }),
  fc.record({
    type: fc.constant('agent.override' as const),
    action: fc.constantFrom('takeover' as const, 'retry' as const, 'resume' as const, 'cancel' as const),
    actorAccountId: fc.constantFrom('agent-1', ''),
    reason: fc.constantFrom('because', '', ' '),
  }),
);

/** Random runs start properly most of the time, so the deeper phases are reached. */
const runArbitrary = fc.tuple(fc.boolean(), fc.array(eventArbitrary, { maxLength: 40 })).map(([start, rest]) => (start ? [STARTED, PLAN_EVENT, ...rest] : rest));

function envelopes(events: RunEvent[]): RunEventEnvelope[] {
  return events.map((event, i) => ({ seq: i + 1, at: at(i * 90), event }));
}

describe('properties of the reducer', () => {
  it('never throws, never hits its internal-error net, and the audit chain verifies', () => {
    fc.assert(
      fc.property(runArbitrary, (events) => {
        const { transitions } = replayRunTransitions(envelopes(events));
        let tail: AuditChainTail | null = null;
        const chain = transitions.flatMap((t, i) => {
          const appended = appendAuditEvents(tail, t.auditEvents, { runId: 'run-1', at: at(i * 90) });
          const last = appended[appended.length - 1];
          if (last) tail = { seq: last.seq, hash: last.hash };
          return appended;
        });
        expect(chain.length).toBeGreaterThanOrEqual(events.length);
        expect(verifyAuditChain(chain)).toMatchObject({ ok: true, count: chain.length });
        expect(JSON.stringify(chain)).not.toMatch(/internal error/);
        expect(JSON.stringify(chain)).not.toContain('abcdefghijklmnopqrstuvwxyz');
      }),
      { numRuns: 300 },
    );
  });

  it('replay gives the same state, commands and idempotency keys; keys are unique per effect', () => {
    fc.assert(
      fc.property(runArbitrary, (events) => {
        const first = replayRunTransitions(envelopes(events));
        const second = replayRunTransitions(envelopes(events));
        expect(second.state).toEqual(first.state);
        const keys = first.transitions.flatMap((t) => t.commands.map((c) => c.idempotencyKey));
        expect(second.transitions.flatMap((t) => t.commands.map((c) => c.idempotencyKey))).toEqual(keys);
        expect(new Set(keys).size).toBe(keys.length);
        expect(replayRun(envelopes(events))).toEqual(first.state);
      }),
      { numRuns: 300 },
    );
  });

  it('every command carries a key naming its run', () => {
    fc.assert(
      fc.property(runArbitrary, (events) => {
        const { transitions } = replayRunTransitions(envelopes(events));
        for (const command of transitions.flatMap((t) => t.commands)) expect(command.idempotencyKey.startsWith('run-1/')).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('never executes a step before every stage is approved, and never lets the requester approve', () => {
    fc.assert(
      fc.property(runArbitrary, (events) => {
        let state: RunState | undefined;
        events.forEach((event, i) => {
          const transition = reduceRun(state, event, at(i * 90));
          if (transition.commands.some((c) => c.type === 'step.execute') && transition.state.stages.length > 0) {
            expect(transition.state.stages.every((s) => s.status === 'approved')).toBe(true);
          }
          for (const stage of transition.state.stages) {
            expect(stage.decisions.some((d) => d.accountId === REQUESTER)).toBe(false);
          }
          state = transition.state;
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('replay', () => {
  it('orders envelopes by seq and rebuilds the state of a driven run', () => {
    const events: RunEvent[] = [STARTED, PLAN_EVENT, approve('stage-1', 'm1')];
    const driver = new RunDriver(events.map((e, i) => [i * 90, e] as [number, RunEvent]));
    const shuffled = envelopes(events).reverse();
    expect(replayRun(shuffled)).toEqual(driver.state);
  });
});
