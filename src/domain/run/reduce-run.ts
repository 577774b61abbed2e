import { canonicalJson } from '../audit/canonical-json';
import { redactText } from '../audit/redact';
import { describeOwner } from '../escalation/escalation-packet';
import type { Plan, PlannedStage } from '../policy/plan-types';
import type { StageMode } from '../policy/policy-schema';
import type { ActionStep, ManualStep, WorkflowStep } from '../workflows/workflow-types';
import { REVOCATION_WORDS } from './revocation-words';
import { buildApprovalPolicyField } from './approval-policy-field';
import { computeBackoffMs } from './backoff';
import { laneOwner, RunTransaction } from './run-transaction';
import type { OverrideAction, RunEvent, RunPhase, RunState, RunTransition, StageState, StepState } from './run-types';

/**
 * The run reducer: pure and total. Every handler either accepts the event (changing its private
 * copy of the state and emitting commands) or returns the reason it does not fit; a rejection
 * leaves the state as it was, apart from a counter, and is recorded in the audit trail.
 */

const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_CLARIFY_WITHIN = '5d';
/** How long an exception owner has before the request counts as overdue. */
const EXCEPTION_DUE_WITHIN = '1d';
const FINAL_PHASES: readonly RunPhase[] = ['declined', 'revoked', 'cancelled'];
const STILL_BLOCKED = 'Nothing runs on its own: the request stays blocked until an agent retries or cancels it.';

type Verdict = string | null;
const ACCEPTED: Verdict = null;

/** A run before its first event. */
export function createRunState(): RunState {
  return { runId: '', phase: 'new', version: 0, rejectedCount: 0, evaluations: 0, stages: [], steps: [], revocation: [], timers: [] };
}

/** True when no event can change the run any more. */
export function isFinalPhase(state: RunState): boolean {
  return FINAL_PHASES.includes(state.phase) || (state.phase === 'completed' && state.timers.every((t) => t.kind !== 'revocation'));
}

/** Applies one event at time `now`: the next state, the commands to execute and the audit drafts. */
export function reduceRun(state: RunState | undefined, event: RunEvent, now: string): RunTransition {
  const before = state ?? createRunState();
  const tx = new RunTransaction(JSON.parse(JSON.stringify(before)) as RunState, now);
  let verdict: Verdict;
  try {
    verdict = applyEvent(tx, event);
  } catch (error) {
    // Defence in depth: a bug must not lose the event. Tests assert this path is never taken.
    verdict = `internal error while applying the event: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (verdict !== null) return rejectEvent(before, event, verdict);

  const next = tx.state;
  next.version += 1;
  next.updatedAt = now;
  const fieldBefore = buildApprovalPolicyField(before);
  const fieldAfter = buildApprovalPolicyField(next);
  if (fieldAfter !== null && canonicalJson(fieldAfter) !== canonicalJson(fieldBefore)) {
    tx.emit({ type: 'fields.update', workflow: fieldAfter.workflow, approvalPolicy: fieldAfter });
  }
  tx.emitKeyed({ type: 'properties.sync', phase: next.phase, version: next.version }, `v${next.version}`);
  return { state: next, commands: tx.commands, auditEvents: tx.auditEvents };
}

function rejectEvent(before: RunState, event: RunEvent, reason: string): RunTransition {
  const state = { ...before, rejectedCount: before.rejectedCount + 1 };
  return {
    state,
    commands: [],
    auditEvents: [
      {
        type: 'event.rejected',
        actor: { kind: 'system' },
        summary: `Rejected ${String((event as { type?: unknown }).type)} in phase ${before.phase}: ${reason}`,
        data: { eventType: (event as { type?: unknown }).type ?? null, phase: before.phase, reason, event: describeEvent(event) },
      },
    ],
  };
}

/** Identifying fields of an event, without its payload (requests and results stay out). */
function describeEvent(event: RunEvent): Record<string, unknown> {
  const { type } = event as { type?: unknown };
  const picked: Record<string, unknown> = { type };
  for (const key of ['stageId', 'stepId', 'attempt', 'index', 'kind', 'decision', 'action', 'approverAccountId', 'actorAccountId', 'by']) {
    const value = (event as unknown as Record<string, unknown>)[key];
    if (value !== undefined) picked[key] = value;
  }
  return picked;
}

function applyEvent(tx: RunTransaction, event: RunEvent): Verdict {
  if (event === null || typeof event !== 'object') return 'the event is not an object';
  const s = tx.state;
  if (s.phase === 'new' && event.type !== 'run.started') return 'the run has not started';
  switch (event.type) {
    case 'run.started':
      return onRunStarted(tx, event);
    case 'intake.evaluated':
      return onIntakeEvaluated(tx, event);
    case 'clarification.answered':
      return onClarificationAnswered(tx, event);
    case 'clarification.timer.fired':
      return onClarificationTimeout(tx);
    case 'approval.decided':
      return onApprovalDecided(tx, event);
    case 'approval.timer.fired':
      return onApprovalTimer(tx, event);
    case 'step.succeeded':
      return onStepSucceeded(tx, event);
    case 'step.failed':
      return onStepFailed(tx, event);
    case 'compensation.succeeded':
      return onCompensationSucceeded(tx, event);
    case 'compensation.failed':
      return onCompensationFailed(tx, event);
    case 'manual.completed':
      return onManualCompleted(tx, event);
    case 'manual.timer.fired':
      return onManualTimeout(tx, event);
    case 'revocation.due':
      return onRevocationDue(tx);
    case 'revocation.succeeded':
      return onRevocationSucceeded(tx, event);
    case 'revocation.failed':
      return onRevocationFailed(tx, event);
    case 'agent.override':
      return onOverride(tx, event);
    default:
      return `unknown event type ${JSON.stringify((event as { type?: unknown }).type)}`;
  }
}

type EventOf<T extends RunEvent['type']> = Extract<RunEvent, { type: T }>;

// ---------------------------------------------------------------------------------------------
// Intake and clarification

function onRunStarted(tx: RunTransaction, event: EventOf<'run.started'>): Verdict {
  const s = tx.state;
  if (s.phase !== 'new') return 'the run has already started';
  if (typeof event.runId !== 'string' || event.runId.trim() === '') return 'runId is required';
  if (!event.request || typeof event.request.key !== 'string' || event.request.key === '') return 'the request key is required';
  if (!event.request.requester || !event.request.requester.accountId) return 'the requester account id is required';
  s.runId = event.runId;
  s.phase = 'intake';
  s.startedAt = tx.now;
  s.request = event.request;
  s.evaluations = 1;
  tx.audit('run.started', `Run started for ${event.request.key} (${event.request.requestType}).`, {
    requestKey: event.request.key,
    requestType: event.request.requestType,
    requester: event.request.requester.accountId,
  });
  tx.emitKeyed({ type: 'intake.evaluate', round: 1 }, 'e1');
  return ACCEPTED;
}

function onIntakeEvaluated(tx: RunTransaction, event: EventOf<'intake.evaluated'>): Verdict {
  const s = tx.state;
  if (s.phase !== 'intake') return 'intake is not waiting for an evaluation';
  const routing = event.routing;
  if (!routing || !routing.lanes || !routing.lanes[routing.exceptionLane]) return 'the routing context must name a known exception lane';
  const outcome = event.outcome;
  s.routing = routing;
  if (event.context) s.context = event.context;

  if (outcome.kind === 'no-workflow') {
    tx.audit('intake.no-workflow', `No workflow matches request type ${outcome.requestType}.`, { requestType: outcome.requestType, reason: outcome.reason });
    enterException(tx, {
      reason: `No pre-built workflow handles this request: ${outcome.reason}`,
      actionRequired: 'Handle the request by hand or route it to the right request type, then close or cancel it here.',
    });
    return ACCEPTED;
  }

  if (outcome.kind === 'clarification') {
    if (outcome.questions.length === 0) return 'a clarification needs at least one question';
    s.workflow = outcome.workflow;
    const deadline = tx.after(routing.clarifyWithin ?? DEFAULT_CLARIFY_WITHIN);
    s.clarification = { questions: [...outcome.questions], askedAt: tx.now, deadline };
    s.phase = 'clarification';
    const questions = outcome.questions.map((q) => `- ${q.question}`).join('\n');
    tx.comment('public', 'clarification', `We need a little more information before we can continue:\n${questions}\nPlease reply to this request by ${deadline}.`);
    tx.transition('waiting-for-customer');
    tx.scheduleTimer('clarification', `e${s.evaluations}`, deadline);
    tx.raise({
      point: 'clarification',
      owner: { kind: 'requester', accountId: s.request?.requester.accountId },
      scope: `e${s.evaluations}`,
      reason: `The request is incomplete for workflow ${outcome.workflow.key}: ${outcome.questions.map((q) => q.field).join(', ')}.`,
      actionRequired: `Answer: ${outcome.questions.map((q) => q.question).join(' ')}`,
      deadline,
      onTimeout: 'The request is closed as cancelled and nothing is granted.',
    });
    tx.audit('intake.clarification', `Asked the requester ${outcome.questions.length} question(s).`, { questions: outcome.questions });
    return ACCEPTED;
  }

  const plan: Plan = outcome.plan;
  const planVerdict = acceptPlan(tx, plan, event.execution);
  if (planVerdict !== ACCEPTED) return planVerdict;
  if (plan.kind === 'exception') {
    tx.audit('intake.exception', `The plan cannot be routed: ${plan.exception.reason}`, { code: plan.exception.code, reason: plan.exception.reason });
    enterException(tx, {
      reason: `The approval plan cannot be routed (${plan.exception.code}): ${plan.exception.reason}`,
      actionRequired: 'Fix the lane groups in the routing policy or handle the request by hand.',
    });
    return ACCEPTED;
  }
  const stagesText =
    s.stages.length === 0
      ? 'No approval is needed.'
      : s.stages.map((st) => `${st.id} (order ${st.order}): ${st.laneTitle}, ${howManyApprove(st.mode, st.approvers.length)} approver(s). ${reasonsSentence(st.reasons, '')}`).join('\n');
  tx.comment(
    'internal',
    'plan-made',
    `Plan for ${plan.workflow.key}@${plan.workflow.version} under policy v${plan.policyVersion}:\n${stagesText}\nThen ${s.steps.length} step(s): ${s.steps.map((st) => st.definition.title).join(', ') || 'none'}.`,
  );
  tx.audit('intake.planned', `Planned ${s.stages.length} approval stage(s) and ${s.steps.length} step(s).`, {
    workflow: plan.workflow,
    policyVersion: plan.policyVersion,
    stages: s.stages.map((st) => ({ id: st.id, lane: st.lane, mode: st.mode, order: st.order, approvers: st.approvers, excluded: st.excluded })),
    steps: s.steps.map((st) => st.id),
    trace: plan.trace,
  });
  if (s.stages.length > 0) {
    s.phase = 'awaiting-approval';
    advanceApproval(tx);
  } else {
    startExecution(tx);
  }
  return ACCEPTED;
}

function acceptPlan(tx: RunTransaction, plan: Plan, execution: EventOf<'intake.evaluated'>['execution']): Verdict {
  const s = tx.state;
  if (plan.kind !== 'exception' && !execution) return 'a planned outcome needs the workflow steps';
  const steps = execution?.steps ?? [];
  const ids = new Set(steps.map((step) => step.id));
  if (ids.size !== steps.length) return 'step ids must be unique';
  const stageIds = new Set(plan.stages.map((stage) => stage.id));
  if (stageIds.size !== plan.stages.length) return 'stage ids must be unique';
  if (plan.kind === 'approval' && plan.stages.length === 0) return 'an approval plan needs at least one stage';
  s.workflow = plan.workflow;
  s.policyVersion = plan.policyVersion;
  s.facts = JSON.parse(JSON.stringify(plan.facts)) as RunState['facts'];
  s.stages = plan.stages.map(toStageState);
  s.steps = steps.map(toStepState);
  if (execution?.revocation) s.revocationSchedule = execution.revocation;
  const afterGrant = execution?.revocationAfterGrantMs;
  if (execution?.revocation && typeof afterGrant === 'number' && Number.isFinite(afterGrant) && afterGrant > 0) s.revocationAfterGrantMs = afterGrant;
  return ACCEPTED;
}

function toStageState(stage: PlannedStage): StageState {
  const approvers = [...stage.approvers];
  const required = stage.mode.type === 'any' ? 1 : stage.mode.type === 'all' ? approvers.length : stage.mode.n;
  return {
    id: stage.id,
    lane: stage.lane,
    laneTitle: stage.laneTitle,
    mode: stage.mode,
    order: stage.order,
    group: stage.group,
    backupGroup: stage.backupGroup,
    approvers,
    // Never zero: an empty stage must not approve itself.
    required: Math.max(1, required),
    excluded: [...stage.excluded],
    reasons: [...stage.reasons],
    remindAfter: stage.remindAfter,
    escalateAfter: stage.escalateAfter,
    timeoutAfter: stage.timeoutAfter,
    onTimeout: stage.onTimeout,
    status: 'pending',
    decisions: [],
    round: 0,
    handled: [],
    backupAdded: false,
    timeoutUsed: false,
  };
}

function toStepState(step: WorkflowStep, index: number): StepState {
  const system = step.kind === 'manual' ? 'manual' : (step.call.action.split('.')[0] ?? 'unknown');
  return {
    id: step.id,
    index,
    definition: step,
    system,
    status: 'pending',
    attempt: 0,
    attemptsThisRound: 0,
    compensationAttempt: 0,
    compensationAttemptsThisRound: 0,
  };
}

function onClarificationAnswered(tx: RunTransaction, event: EventOf<'clarification.answered'>): Verdict {
  const s = tx.state;
  if (s.phase !== 'clarification') return 'no clarification is waiting for an answer';
  if (event.by !== s.request?.requester.accountId) return 'only the requester can answer a clarification';
  tx.cancelTimers((t) => t.kind === 'clarification');
  if (event.fields && s.request) s.request = { ...s.request, fields: { ...s.request.fields, ...event.fields } };
  s.clarification = undefined;
  s.escalation = undefined;
  s.phase = 'intake';
  s.evaluations += 1;
  tx.transition('in-progress');
  tx.emitKeyed({ type: 'intake.evaluate', round: s.evaluations }, `e${s.evaluations}`);
  tx.audit('clarification.answered', 'The requester answered; the request is evaluated again.', { round: s.evaluations, answer: event.text }, {
    kind: 'user',
    accountId: event.by,
  });
  return ACCEPTED;
}

function onClarificationTimeout(tx: RunTransaction): Verdict {
  const s = tx.state;
  if (s.phase !== 'clarification') return 'no clarification is waiting';
  if (!tx.consumeTimer((t) => t.kind === 'clarification')) return 'no clarification timer is active (stale or duplicate)';
  tx.audit('clarification.expired', 'The requester did not answer in time; the request is cancelled.');
  finishCancelled(tx, 'Your request was closed because the information we asked for did not arrive in time. You can raise it again at any time.');
  return ACCEPTED;
}

// ---------------------------------------------------------------------------------------------
// Approvals

function currentOrder(s: RunState): number | undefined {
  const open = s.stages.filter((stage) => stage.status !== 'approved');
  if (open.length === 0) return undefined;
  return Math.min(...open.map((stage) => stage.order));
}

/** Routes the next group of stages, or starts execution when every stage is approved. */
function advanceApproval(tx: RunTransaction): void {
  const s = tx.state;
  if (s.takeover) return;
  const order = currentOrder(s);
  if (order === undefined) {
    startExecution(tx);
    return;
  }
  const pending = s.stages.filter((stage) => stage.order === order && stage.status === 'pending');
  if (pending.length === 0) return;
  for (const stage of pending) openStageRound(tx, stage);
  routeCurrentGroup(tx, pending, 'stage-start');
  for (const stage of pending) {
    tx.comment(
      'internal',
      'stage-routed',
      `${stage.id} routed to ${stage.laneTitle} (${stage.group.name}): ${howManyApprove(stage.mode, stage.approvers.length)} approver(s). Why: ${reasonsSentence(stage.reasons, 'required by the plan')} Due ${stage.due ?? 'n/a'}.`,
    );
    raiseApprovalPacket(tx, stage, `Approval needed from ${stage.laneTitle}: ${reasonsSentence(stage.reasons, 'required by the plan')}`);
    tx.audit('stage.routed', `Stage ${stage.id} routed to ${stage.laneTitle}.`, { stageId: stage.id, approvers: stage.approvers, due: stage.due });
  }
}

/** Starts (or restarts) a stage's clock: reminder, backup escalation and final timeout. */
function openStageRound(tx: RunTransaction, stage: StageState, timers: { escalate: boolean } = { escalate: true }): void {
  stage.status = 'waiting';
  stage.round += 1;
  stage.routedAt = tx.now;
  stage.handled = [];
  stage.due = tx.after(stage.timeoutAfter);
  tx.scheduleTimer('remind', `${stage.id}/r${stage.round}`, tx.after(stage.remindAfter), { stageId: stage.id });
  if (timers.escalate && !stage.backupAdded) {
    tx.scheduleTimer('escalate', `${stage.id}/r${stage.round}`, tx.after(stage.escalateAfter), { stageId: stage.id });
  }
  tx.scheduleTimer('timeout', `${stage.id}/r${stage.round}`, stage.due, { stageId: stage.id });
}

/** Sets the approvers of every waiting stage of the current group (one approval status at a time). */
function routeCurrentGroup(tx: RunTransaction, changed: StageState[], reason: 'stage-start' | 'backup-added' | 'handed-over' | 'resumed'): void {
  const order = currentOrder(tx.state);
  const waiting = tx.state.stages.filter((stage) => stage.order === order && stage.status === 'waiting');
  const approvers = unique(waiting.flatMap((stage) => stage.approvers));
  const groupIds = unique(waiting.flatMap((stage) => (stage.backupAdded ? [stage.group.groupId, stage.backupGroup.groupId] : [stage.group.groupId])));
  const stageIds = changed.map((stage) => stage.id);
  tx.emitKeyed(
    { type: 'route.approval', stageIds, approvers, groupIds, statusTarget: 'awaiting-approval', reason },
    `${stageIds.join('+')}/${reason}/v${tx.nextVersion}`,
  );
}

function raiseApprovalPacket(tx: RunTransaction, stage: StageState, reason: string, owner = laneOwner(tx.state, stage.lane)): void {
  const group = owner.kind === 'lane' ? { ...owner, group: stage.backupAdded ? stage.backupGroup : stage.group } : owner;
  tx.raise({
    point: 'approval',
    owner: group,
    scope: `${stage.id}/r${stage.round}`,
    reason,
    actionRequired: `Approve or decline in the Jira approval panel (${howManyApprove(stage.mode, stage.approvers.length)}: ${stage.approvers.join(', ') || 'nobody yet'}).`,
    deadline: stage.due ?? tx.now,
    onTimeout: describeTimeout(tx.state, stage),
  });
}

function describeTimeout(s: RunState, stage: StageState): string {
  if (stage.timeoutUsed) return 'The request is blocked as an exception for the lane owner.';
  switch (stage.onTimeout.action) {
    case 'decline':
      return 'The request is declined and the requester told why.';
    case 'escalate-backup':
      return `The backup group ${stage.backupGroup.name} is added and the clock restarts once.`;
    case 'escalate-lane': {
      const lane = s.routing?.lanes[stage.onTimeout.lane];
      return `The stage is handed to ${lane?.title ?? stage.onTimeout.lane} and the clock restarts once.`;
    }
  }
}

function onApprovalDecided(tx: RunTransaction, event: EventOf<'approval.decided'>): Verdict {
  const s = tx.state;
  if (s.phase !== 'awaiting-approval') return 'no approval is open';
  const stage = s.stages.find((st) => st.id === event.stageId);
  if (!stage) return `unknown stage ${JSON.stringify(event.stageId)}`;
  if (stage.status !== 'waiting') return `stage ${stage.id} is ${stage.status}, not waiting for a decision`;
  if (event.decision !== 'approve' && event.decision !== 'decline') return 'the decision must be approve or decline';
  const who = event.approverAccountId;
  if (who === s.request?.requester.accountId) return 'the requester cannot decide on their own request';
  if (stage.excluded.includes(who)) return `${who} is excluded from this stage by separation of duties`;
  if (!stage.approvers.includes(who)) return `${who} is not an approver of stage ${stage.id}`;
  if (stage.decisions.some((d) => d.accountId === who)) return `${who} has already decided on stage ${stage.id} (duplicate)`;
  const at = typeof event.at === 'string' && event.at !== '' ? event.at : tx.now;
  stage.decisions.push({ accountId: who, decision: event.decision, at });
  const actor = { kind: 'user' as const, accountId: who };

  if (event.decision === 'decline') {
    stage.status = 'declined';
    tx.audit('approval.declined', `${stage.laneTitle} declined (${stage.id}).`, { stageId: stage.id, approver: who, at }, actor);
    tx.comment('internal', 'decision', `${stage.id} (${stage.laneTitle}) declined by ${who} at ${at}.`);
    finishDeclined(tx, `Your request was declined at the ${stage.laneTitle} approval.`);
    return ACCEPTED;
  }
  const approvals = stage.decisions.filter((d) => d.decision === 'approve').length;
  tx.audit('approval.approved', `Approval ${approvals} of ${stage.required} recorded for ${stage.id}.`, { stageId: stage.id, approver: who, at, approvals, required: stage.required }, actor);
  // Parallel stages share one JSM approval in the "any one" status, which any decision closes.
  const parallel = s.stages.filter((st) => st.order === stage.order && st.status === 'waiting').length > 1;
  if (approvals < stage.required) {
    // JSM gives no time per approver: `at` is when the JSM approval carrying the decision closed.
    tx.comment('internal', 'decision', `${who} approved ${stage.id} (${approvals} of ${stage.required}; the JSM approval closed at ${at}).`);
    // Decisions are read when the request leaves the approval status, so the JSM approval that
    // carried this one is closed: open a new one for the approvers who have not decided yet.
    routeCurrentGroup(tx, [stage], 'resumed');
    return ACCEPTED;
  }
  stage.status = 'approved';
  tx.cancelTimers((t) => t.stageId === stage.id);
  tx.comment('internal', 'decision', `${stage.id} (${stage.laneTitle}) approved: last approval by ${who} (the JSM approval closed at ${at}).`);
  tx.audit('stage.approved', `Stage ${stage.id} (${stage.laneTitle}) is approved.`, { stageId: stage.id });
  const stillWaiting = s.stages.filter((st) => st.order === stage.order && st.status === 'waiting');
  if (parallel && stillWaiting.length > 0) {
    // The shared approval is closed: open a new one for the stages of the group still waiting.
    routeCurrentGroup(tx, stillWaiting, 'resumed');
    return ACCEPTED;
  }
  advanceApproval(tx);
  return ACCEPTED;
}

function onApprovalTimer(tx: RunTransaction, event: EventOf<'approval.timer.fired'>): Verdict {
  const s = tx.state;
  if (s.phase !== 'awaiting-approval') return 'no approval is open';
  const stage = s.stages.find((st) => st.id === event.stageId);
  if (!stage || stage.status !== 'waiting') return `stage ${String(event.stageId)} is not waiting`;
  if (!['remind', 'escalate', 'timeout'].includes(event.kind)) return `unknown timer kind ${JSON.stringify(event.kind)}`;
  const consumed = tx.consumeTimer(
    (t) => t.stageId === stage.id && t.kind === event.kind && (event.timerId === undefined || t.timerId === event.timerId),
  );
  if (!consumed) return `no ${event.kind} timer is active for ${stage.id} (stale or duplicate)`;
  stage.handled.push(event.kind);

  if (event.kind === 'remind') {
    const decided = new Set(stage.decisions.map((d) => d.accountId));
    const pendingApprovers = stage.approvers.filter((a) => !decided.has(a));
    tx.emitKeyed({ type: 'notify.reminder', stageId: stage.id, lane: stage.lane, approvers: pendingApprovers }, `${stage.id}/r${stage.round}`);
    tx.comment('internal', 'reminder', `Reminder sent for ${stage.id} (${stage.laneTitle}); due ${stage.due ?? 'n/a'}.`);
    tx.audit('approval.reminded', `Reminded ${pendingApprovers.length} approver(s) of ${stage.id}.`, { stageId: stage.id, approvers: pendingApprovers });
    return ACCEPTED;
  }
  if (event.kind === 'escalate') {
    addBackupApprovers(tx, stage, 'No decision yet');
    return ACCEPTED;
  }
  applyTimeoutAction(tx, stage);
  return ACCEPTED;
}

function backupMembers(s: RunState, groupId: string, stage: StageState): string[] {
  const members = s.routing?.directory.groupMembers[groupId] ?? [];
  const requester = s.request?.requester.accountId;
  const assignee = s.request?.assigneeAccountId;
  return members.filter((m) => m !== requester && !stage.excluded.includes(m) && !(assignee !== undefined && stage.excluded.includes(assignee) && m === assignee));
}

function addBackupApprovers(tx: RunTransaction, stage: StageState, why: string): void {
  const added = backupMembers(tx.state, stage.backupGroup.groupId, stage).filter((m) => !stage.approvers.includes(m));
  stage.backupAdded = true;
  stage.approvers = [...stage.approvers, ...added];
  routeCurrentGroup(tx, [stage], 'backup-added');
  tx.comment(
    'internal',
    'escalation',
    `${why} on ${stage.id} (${stage.laneTitle}): added ${added.length} approver(s) from the backup group ${stage.backupGroup.name}.`,
  );
  raiseApprovalPacket(tx, stage, `${why} from ${stage.group.name}; the backup group ${stage.backupGroup.name} may now decide.`, laneOwner(tx.state, stage.lane, true));
  tx.audit('approval.escalated', `Backup group ${stage.backupGroup.name} added to ${stage.id}.`, { stageId: stage.id, added, backupGroup: stage.backupGroup });
}

function applyTimeoutAction(tx: RunTransaction, stage: StageState): void {
  const s = tx.state;
  if (stage.timeoutUsed) {
    stage.status = 'timed-out';
    tx.audit('approval.timed-out', `${stage.id} timed out again after its restart.`, { stageId: stage.id });
    enterException(tx, {
      reason: `No decision on ${stage.id} (${stage.laneTitle}) even after the timeout action restarted the clock.`,
      actionRequired: `Find an approver for ${stage.laneTitle} or cancel the request.`,
      owner: laneOwner(s, stage.lane, true),
    });
    return;
  }
  stage.timeoutUsed = true;
  const action = stage.onTimeout;
  if (action.action === 'decline') {
    stage.status = 'timed-out';
    tx.audit('approval.timed-out', `${stage.id} timed out; the request is declined.`, { stageId: stage.id, action });
    finishDeclined(tx, `Your request was declined because the ${stage.laneTitle} approval was not given in time.`);
    return;
  }
  if (action.action === 'escalate-backup') {
    tx.cancelTimers((t) => t.stageId === stage.id);
    tx.audit('approval.timed-out', `${stage.id} timed out; the backup group is added and the clock restarts.`, { stageId: stage.id, action });
    openStageRound(tx, stage, { escalate: false });
    if (!stage.backupAdded) {
      addBackupApprovers(tx, stage, 'Timed out');
    } else {
      routeCurrentGroup(tx, [stage], 'backup-added');
      raiseApprovalPacket(tx, stage, `Timed out once; the clock restarts for ${stage.backupGroup.name}.`, laneOwner(s, stage.lane, true));
    }
    return;
  }
  const target = s.routing?.lanes[action.lane];
  const members = target ? backupMembers(s, target.owner.groupId, stage) : [];
  if (!target || members.length === 0) {
    stage.status = 'timed-out';
    tx.audit('approval.timed-out', `${stage.id} timed out and lane ${action.lane} has nobody to take it.`, { stageId: stage.id, action });
    enterException(tx, {
      reason: `${stage.id} timed out and could not be handed to lane ${action.lane}: ${target ? 'its group has no eligible member' : 'the lane is unknown'}.`,
      actionRequired: `Find an approver for ${stage.laneTitle} or cancel the request.`,
      owner: laneOwner(s, stage.lane, true),
    });
    return;
  }
  tx.cancelTimers((t) => t.stageId === stage.id);
  const from = stage.laneTitle;
  stage.lane = action.lane;
  stage.laneTitle = target.title;
  stage.group = target.owner;
  stage.backupGroup = target.backup;
  stage.approvers = members;
  stage.backupAdded = false;
  stage.decisions = stage.decisions.filter((d) => members.includes(d.accountId));
  openStageRound(tx, stage);
  routeCurrentGroup(tx, [stage], 'handed-over');
  tx.comment('internal', 'escalation', `${stage.id} timed out with ${from}; handed to ${target.title} (${target.owner.name}).`);
  raiseApprovalPacket(tx, stage, `${from} did not decide in time; the decision is handed to ${target.title}.`);
  tx.audit('approval.handed-over', `${stage.id} handed from ${from} to ${target.title}.`, { stageId: stage.id, to: action.lane, approvers: members });
}

// ---------------------------------------------------------------------------------------------
// Execution

function startExecution(tx: RunTransaction): void {
  const s = tx.state;
  s.phase = 'executing';
  s.escalation = undefined;
  tx.transition('in-progress');
  tx.audit('execution.started', `Execution started: ${s.steps.length} step(s).`, { steps: s.steps.map((st) => st.id) });
  advanceExecution(tx);
}

function maxAttempts(s: RunState): number {
  const configured = s.routing?.maxAttempts;
  return configured !== undefined && Number.isInteger(configured) && configured >= 1 ? configured : DEFAULT_MAX_ATTEMPTS;
}

/** Runs the next pending step, hands a manual step to a human, or completes the run. */
function advanceExecution(tx: RunTransaction): void {
  const s = tx.state;
  if (s.takeover) return;
  if (s.steps.some((st) => st.status === 'running')) return;
  const next = s.steps.find((st) => st.status === 'pending');
  if (!next) {
    completeRun(tx);
    return;
  }
  const definition = next.definition;
  if (definition.kind === 'manual') {
    next.status = 'manual-waiting';
    s.phase = 'execution-limit';
    const due = manualStepDue(tx, definition);
    tx.scheduleTimer('manual-due', next.id, due, { stepId: next.id });
    tx.transition('escalated');
    const packet = tx.raise({
      point: 'execution-limit',
      owner: laneOwner(s, definition.ownerLane),
      scope: next.id,
      reason: `The automated part is done; "${definition.title}" must be done by a person.`,
      actionRequired: definition.instructions,
      deadline: due,
      onTimeout: 'The request is blocked as an exception for the lane owner.',
    });
    tx.comment('internal', 'escalation', `Manual step "${definition.title}" handed to ${describeOwner(packet.owner)}, due ${due}.`);
    tx.audit('step.manual', `Manual step ${next.id} handed to ${describeOwner(packet.owner)}.`, { stepId: next.id, due });
    return;
  }
  startAttempt(tx, next, definition, 0);
}

/** How many of a stage's approvers must approve, in words: `any one of 3`, `all 3`, `2 of 3`. */
function howManyApprove(mode: StageMode, approverCount: number): string {
  if (mode.type === 'any') return `any one of ${approverCount}`;
  if (mode.type === 'all') return `all ${approverCount}`;
  return `${mode.n} of ${approverCount}`;
}

/** Reasons as one sentence: each without its own full stop, joined by semicolons, one full stop at the end. */
function reasonsSentence(reasons: readonly string[], whenNone: string): string {
  const parts = reasons.map((r) => r.replace(/[.\s]+$/, '')).filter((r) => r !== '');
  const text = parts.length > 0 ? parts.join('; ') : whenNone;
  return text === '' ? '' : `${text}.`;
}

/** A person gets at least this long for a manual step, even when its fixed deadline is near or past. */
const MANUAL_STEP_MIN_WITHIN = '1h';

/** When a manual step handed over now is due: its fixed time when it has one, else `dueWithin` from now. */
function manualStepDue(tx: RunTransaction, definition: ManualStep): string {
  if (definition.dueBy === undefined) return tx.after(definition.dueWithin);
  const earliest = tx.after(MANUAL_STEP_MIN_WITHIN);
  const fixed = Date.parse(definition.dueBy);
  return Number.isFinite(fixed) && fixed > Date.parse(earliest) ? new Date(fixed).toISOString() : earliest;
}

function startAttempt(tx: RunTransaction, step: StepState, definition: ActionStep, delayMs: number): void {
  step.status = 'running';
  step.attempt += 1;
  step.attemptsThisRound += 1;
  tx.emitKeyed({ type: 'step.execute', stepId: step.id, attempt: step.attempt, call: definition.call, delayMs }, `${step.id}/a${step.attempt}`);
  tx.audit('step.started', `Step ${step.id} attempt ${step.attempt}${delayMs > 0 ? ` in ${delayMs} ms` : ''}.`, {
    stepId: step.id,
    attempt: step.attempt,
    action: definition.call.action,
    params: definition.call.params,
    delayMs,
  });
}

function findRunningStep(s: RunState, stepId: string, attempt: number): StepState | string {
  const step = s.steps.find((st) => st.id === stepId);
  if (!step) return `unknown step ${JSON.stringify(stepId)}`;
  if (step.status !== 'running') return `step ${step.id} is ${step.status}, not running`;
  if (step.attempt !== attempt) return `attempt ${attempt} of step ${step.id} is not the one running (${step.attempt}): stale or duplicate`;
  return step;
}

function onStepSucceeded(tx: RunTransaction, event: EventOf<'step.succeeded'>): Verdict {
  const s = tx.state;
  const step = findRunningStep(s, event.stepId, event.attempt);
  if (typeof step === 'string') return step;
  step.status = 'succeeded';
  step.completedAt = tx.now;
  step.resultSummary = redactText(event.summary ?? summarizeResult(event.result));
  tx.comment('internal', 'step-result', `${step.definition.title} [${step.system}] succeeded (attempt ${step.attempt}): ${step.resultSummary}`);
  tx.audit('step.succeeded', `Step ${step.id} succeeded on attempt ${step.attempt}.`, { stepId: step.id, attempt: step.attempt, result: event.result });
  advanceByPhase(tx);
  return ACCEPTED;
}

function summarizeResult(result: unknown): string {
  const text = canonicalJson(result ?? null);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

function onStepFailed(tx: RunTransaction, event: EventOf<'step.failed'>): Verdict {
  const s = tx.state;
  const step = findRunningStep(s, event.stepId, event.attempt);
  if (typeof step === 'string') return step;
  const definition = step.definition;
  if (definition.kind !== 'action') return `step ${step.id} is not an action`;
  const error = redactText(String(event.error ?? 'unknown error'));
  step.lastError = error;
  const canRetry = event.transient === true && step.attemptsThisRound < maxAttempts(s) && s.phase === 'executing';
  if (canRetry) {
    const delayMs = computeBackoffMs(`${s.runId}/${step.id}/${step.attempt}`, step.attemptsThisRound, event.retryAfterMs);
    tx.audit('step.retry-scheduled', `Step ${step.id} failed transiently; retrying in ${delayMs} ms.`, { stepId: step.id, attempt: step.attempt, error, delayMs });
    if (s.takeover) {
      // Paused: the retry waits for the agent's resume.
      step.status = 'pending';
      return ACCEPTED;
    }
    startAttempt(tx, step, definition, delayMs);
    return ACCEPTED;
  }
  step.status = 'failed';
  s.failure = { kind: 'step', id: step.id, error, at: tx.now };
  const why = event.transient === true ? `still failing after ${step.attemptsThisRound} attempt(s)` : 'permanent failure';
  tx.comment('internal', 'step-result', `${definition.title} [${step.system}] failed (${why}): ${error}`);
  tx.audit('step.failed', `Step ${step.id} failed: ${why}.`, { stepId: step.id, attempt: step.attempt, error, transient: event.transient === true });
  if (s.phase === 'executing') startCompensation(tx, 'exception');
  else advanceByPhase(tx);
  return ACCEPTED;
}

function advanceByPhase(tx: RunTransaction): void {
  switch (tx.state.phase) {
    case 'awaiting-approval':
      advanceApproval(tx);
      return;
    case 'executing':
      advanceExecution(tx);
      return;
    case 'compensating':
      advanceCompensation(tx);
      return;
    case 'revoking':
      advanceRevocation(tx);
      return;
    default:
      return;
  }
}

function onManualCompleted(tx: RunTransaction, event: EventOf<'manual.completed'>): Verdict {
  const s = tx.state;
  if (s.phase !== 'execution-limit' && s.phase !== 'exception') return 'no manual step is waiting';
  if (typeof event.by !== 'string' || event.by.trim() === '') return 'who completed the step is required';
  if (event.by === s.request?.requester.accountId) return 'the requester cannot sign off a manual step of their own request';
  const step = s.steps.find((st) => st.id === event.stepId);
  if (!step || step.status !== 'manual-waiting') return `step ${String(event.stepId)} is not waiting for a person`;
  completeManualStep(tx, step, event.by, event.note ?? '');
  return ACCEPTED;
}

function completeManualStep(tx: RunTransaction, step: StepState, by: string, note: string): void {
  const s = tx.state;
  step.status = 'manual-done';
  step.completedAt = tx.now;
  step.resultSummary = redactText(`done by ${by}${note ? `: ${note}` : ''}`);
  tx.cancelTimers((t) => t.stepId === step.id);
  s.phase = 'executing';
  s.escalation = undefined;
  s.failure = undefined;
  tx.transition('in-progress');
  tx.comment('internal', 'step-result', `Manual step "${step.definition.title}" ${step.resultSummary}.`);
  tx.audit('step.manual-completed', `Manual step ${step.id} completed.`, { stepId: step.id, note }, { kind: 'user', accountId: by });
  advanceExecution(tx);
}

function onManualTimeout(tx: RunTransaction, event: EventOf<'manual.timer.fired'>): Verdict {
  const s = tx.state;
  if (s.phase !== 'execution-limit') return 'no manual step is waiting';
  const step = s.steps.find((st) => st.id === event.stepId);
  // Only manual steps wait for a person (advanceExecution hands them over).
  if (!step || step.status !== 'manual-waiting' || step.definition.kind !== 'manual') return `step ${String(event.stepId)} is not waiting for a person`;
  if (!tx.consumeTimer((t) => t.kind === 'manual-due' && t.stepId === step.id)) return 'no due timer is active for this step (stale or duplicate)';
  const definition = step.definition;
  tx.audit('step.manual-overdue', `Manual step ${step.id} is overdue.`, { stepId: step.id });
  enterException(tx, {
    reason: `The manual step "${definition.title}" was not done by its deadline.`,
    actionRequired: `Do it now: ${definition.instructions} Then mark it done, or cancel the request.`,
    owner: laneOwner(s, definition.ownerLane, true),
  });
  return ACCEPTED;
}

function completeRun(tx: RunTransaction): void {
  const s = tx.state;
  s.phase = 'completed';
  s.escalation = undefined;
  s.failure = undefined;
  tx.cancelTimers();
  tx.transition('done');
  // Time-bound access by duration starts when it is granted, not when it was asked for.
  if (s.revocationSchedule && s.revocationAfterGrantMs !== undefined) {
    s.revocationSchedule = { ...s.revocationSchedule, at: new Date(Date.parse(tx.now) + s.revocationAfterGrantMs).toISOString() };
  }
  const until = s.revocationSchedule ? ` ${REVOCATION_WORDS[s.revocationSchedule.ends ?? 'access'].until(s.revocationSchedule.at)}` : '';
  tx.comment('public', 'completed', `Your request is done.${until}`);
  if (s.revocationSchedule) tx.scheduleTimer('revocation', 'access', s.revocationSchedule.at);
  tx.audit('run.completed', `All ${s.steps.length} step(s) done.${until}`, { steps: s.steps.map((st) => ({ id: st.id, status: st.status })) });
}

// ---------------------------------------------------------------------------------------------
// Compensation

function startCompensation(tx: RunTransaction, then: 'exception' | 'cancelled'): void {
  const s = tx.state;
  s.phase = 'compensating';
  s.afterUnwind = then;
  tx.cancelTimers();
  tx.audit('compensation.started', `Undoing completed steps in reverse order before ${then === 'cancelled' ? 'cancelling' : 'blocking'}.`, {
    toUndo: compensable(s).map((st) => st.id),
  });
  advanceCompensation(tx);
}

/** Steps whose effect is in place and can be undone, last first. */
function compensable(s: RunState): StepState[] {
  return s.steps.filter((st) => st.status === 'succeeded' && st.definition.kind === 'action' && st.definition.compensation !== undefined).reverse();
}

function advanceCompensation(tx: RunTransaction): void {
  const s = tx.state;
  if (s.takeover) return;
  if (s.steps.some((st) => st.status === 'running' || st.status === 'compensating')) return;
  const next = compensable(s)[0];
  if (next && next.definition.kind === 'action' && next.definition.compensation) {
    next.compensationAttemptsThisRound = 0;
    startCompensationAttempt(tx, next, next.definition.compensation, 0);
    return;
  }
  const failed = s.steps.filter((st) => st.status === 'compensation-failed');
  const kept = s.steps.filter((st) => st.status === 'succeeded');
  const undone = s.steps.filter((st) => st.status === 'compensated');
  tx.audit('compensation.finished', `Compensation finished: ${failed.length} undo failure(s), ${kept.length} step(s) left in place.`, {
    failed: failed.map((st) => st.id),
    leftInPlace: kept.map((st) => st.id),
  });
  if (s.afterUnwind === 'cancelled') {
    finishCancelled(tx, 'Your request was cancelled by the service desk.');
    return;
  }
  const failure = s.failure;
  const notes = [
    failed.length > 0 ? `Undo failed for: ${failed.map((st) => st.definition.title).join(', ')} (still in effect).` : '',
    kept.length > 0 ? `No undo exists for: ${kept.map((st) => st.definition.title).join(', ')} (still in effect).` : '',
  ].filter((n) => n !== '');
  const failedStep = s.steps.find((st) => st.id === failure?.id);
  enterException(tx, {
    reason: [
      `Step "${failedStep?.definition.title ?? failure?.id ?? 'unknown'}" failed: ${sentence(failure?.error ?? 'unknown error')}`,
      // Only when something was undone: saying so over a refund that stands invites paying it twice.
      undone.length > 0 ? 'Completed steps were undone in reverse order.' : '',
      ...notes,
    ]
      .filter((part) => part !== '')
      .join(' '),
    actionRequired: 'Fix the cause, then retry the run, or cancel the request.',
  });
}

function startCompensationAttempt(tx: RunTransaction, step: StepState, call: ActionStep['call'], delayMs: number): void {
  step.status = 'compensating';
  step.compensationAttempt += 1;
  step.compensationAttemptsThisRound += 1;
  tx.emitKeyed({ type: 'compensation.execute', stepId: step.id, attempt: step.compensationAttempt, call, delayMs }, `${step.id}/a${step.compensationAttempt}`);
  tx.audit('compensation.attempted', `Undoing step ${step.id} (attempt ${step.compensationAttempt}).`, {
    stepId: step.id,
    attempt: step.compensationAttempt,
    action: call.action,
    params: call.params,
    delayMs,
  });
}

function findCompensatingStep(s: RunState, stepId: string, attempt: number): StepState | string {
  const step = s.steps.find((st) => st.id === stepId);
  if (!step) return `unknown step ${JSON.stringify(stepId)}`;
  if (step.status !== 'compensating') return `step ${step.id} is ${step.status}, not being undone`;
  if (step.compensationAttempt !== attempt) return `undo attempt ${attempt} of step ${step.id} is not the one running: stale or duplicate`;
  return step;
}

function onCompensationSucceeded(tx: RunTransaction, event: EventOf<'compensation.succeeded'>): Verdict {
  const step = findCompensatingStep(tx.state, event.stepId, event.attempt);
  if (typeof step === 'string') return step;
  step.status = 'compensated';
  step.timesUndone = (step.timesUndone ?? 0) + 1;
  tx.comment('internal', 'step-result', `Undid "${step.definition.title}" [${step.system}].`);
  tx.audit('compensation.succeeded', `Step ${step.id} undone.`, { stepId: step.id, attempt: event.attempt, result: event.result ?? null });
  advanceCompensation(tx);
  return ACCEPTED;
}

function onCompensationFailed(tx: RunTransaction, event: EventOf<'compensation.failed'>): Verdict {
  const s = tx.state;
  const step = findCompensatingStep(s, event.stepId, event.attempt);
  if (typeof step === 'string') return step;
  const definition = step.definition;
  const error = redactText(String(event.error ?? 'unknown error'));
  step.lastError = error;
  if (event.transient === true && step.compensationAttemptsThisRound < maxAttempts(s) && definition.kind === 'action' && definition.compensation) {
    const delayMs = computeBackoffMs(`${s.runId}/${step.id}/undo/${step.compensationAttempt}`, step.compensationAttemptsThisRound, event.retryAfterMs);
    tx.audit('compensation.retry-scheduled', `Undo of ${step.id} failed transiently; retrying in ${delayMs} ms.`, { stepId: step.id, error, delayMs });
    startCompensationAttempt(tx, step, definition.compensation, delayMs);
    return ACCEPTED;
  }
  step.status = 'compensation-failed';
  tx.comment('internal', 'step-result', `Could not undo "${definition.title}" [${step.system}]: ${error}`);
  tx.audit('compensation.failed', `Undo of step ${step.id} failed; it is still in effect.`, { stepId: step.id, error });
  advanceCompensation(tx);
  return ACCEPTED;
}

// ---------------------------------------------------------------------------------------------
// Revocation

function onRevocationDue(tx: RunTransaction): Verdict {
  const s = tx.state;
  if (s.phase !== 'completed' || !s.revocationSchedule) return 'no time-bound access is waiting to be revoked';
  if (Date.parse(tx.now) < Date.parse(s.revocationSchedule.at)) return `access is not due to end until ${s.revocationSchedule.at}`;
  if (!tx.consumeTimer((t) => t.kind === 'revocation')) return 'no revocation timer is active (stale or duplicate)';
  startRevocation(tx, 'revoked');
  return ACCEPTED;
}

function startRevocation(tx: RunTransaction, then: 'revoked' | 'cancelled'): void {
  const s = tx.state;
  s.phase = 'revoking';
  s.afterUnwind = then;
  tx.cancelTimers();
  const calls = s.revocationSchedule?.calls ?? [];
  s.revocation = calls.map((call, index) => ({ index, call, status: 'pending', attempt: 0, attemptsThisRound: 0 }));
  tx.audit('revocation.started', `Revoking time-bound access: ${calls.length} call(s).`, { calls: calls.map((c) => c.action) });
  advanceRevocation(tx);
}

function advanceRevocation(tx: RunTransaction): void {
  const s = tx.state;
  if (s.takeover) return;
  if (s.revocation.some((r) => r.status === 'running')) return;
  const next = s.revocation.find((r) => r.status === 'pending');
  if (next) {
    startRevocationAttempt(tx, next, 0);
    return;
  }
  const failed = s.revocation.filter((r) => r.status === 'failed');
  if (failed.length > 0) {
    s.failure = { kind: 'revocation', id: failed.map((r) => String(r.index)).join(','), error: failed.map((r) => r.lastError ?? 'unknown').join('; '), at: tx.now };
    enterException(tx, {
      reason: `Time-bound access could not be fully revoked: ${failed.map((r) => `${r.call.action} (${r.lastError ?? 'unknown error'})`).join('; ')}. Access may still be granted.`,
      actionRequired: 'Remove the access by hand or fix the connection and retry the run.',
    });
    return;
  }
  if (s.afterUnwind === 'cancelled') {
    finishCancelled(tx, 'Your request was cancelled by the service desk and the access it granted was removed.');
    return;
  }
  s.phase = 'revoked';
  tx.comment('internal', 'revoked', `${REVOCATION_WORDS[s.revocationSchedule?.ends ?? 'access'].revoked} (${s.revocation.length} call(s)).`);
  tx.audit('run.revoked', 'Time-bound access revoked.', { calls: s.revocation.map((r) => ({ action: r.call.action, attempt: r.attempt })) });
}

function startRevocationAttempt(tx: RunTransaction, call: RunState['revocation'][number], delayMs: number): void {
  call.status = 'running';
  call.attempt += 1;
  call.attemptsThisRound += 1;
  tx.emitKeyed({ type: 'revocation.execute', index: call.index, attempt: call.attempt, call: call.call, delayMs }, `${call.index}/a${call.attempt}`);
  tx.audit('revocation.attempted', `Revocation call ${call.index} attempt ${call.attempt}.`, { index: call.index, action: call.call.action, params: call.call.params, delayMs });
}

function findRunningRevocation(s: RunState, index: number, attempt: number): RunState['revocation'][number] | string {
  if (s.phase !== 'revoking') return 'no revocation is running';
  const call = s.revocation.find((r) => r.index === index);
  if (!call) return `unknown revocation call ${String(index)}`;
  if (call.status !== 'running' || call.attempt !== attempt) return `attempt ${attempt} of revocation call ${index} is not running: stale or duplicate`;
  return call;
}

function onRevocationSucceeded(tx: RunTransaction, event: EventOf<'revocation.succeeded'>): Verdict {
  const call = findRunningRevocation(tx.state, event.index, event.attempt);
  if (typeof call === 'string') return call;
  call.status = 'succeeded';
  tx.audit('revocation.succeeded', `Revocation call ${call.index} (${call.call.action}) succeeded.`, { index: call.index, attempt: call.attempt });
  advanceRevocation(tx);
  return ACCEPTED;
}

function onRevocationFailed(tx: RunTransaction, event: EventOf<'revocation.failed'>): Verdict {
  const s = tx.state;
  const call = findRunningRevocation(s, event.index, event.attempt);
  if (typeof call === 'string') return call;
  const error = redactText(String(event.error ?? 'unknown error'));
  call.lastError = error;
  if (event.transient === true && call.attemptsThisRound < maxAttempts(s)) {
    const delayMs = computeBackoffMs(`${s.runId}/revoke/${call.index}/${call.attempt}`, call.attemptsThisRound, event.retryAfterMs);
    tx.audit('revocation.retry-scheduled', `Revocation call ${call.index} failed transiently; retrying in ${delayMs} ms.`, { index: call.index, error, delayMs });
    if (s.takeover) {
      call.status = 'pending';
      return ACCEPTED;
    }
    startRevocationAttempt(tx, call, delayMs);
    return ACCEPTED;
  }
  call.status = 'failed';
  tx.audit('revocation.failed', `Revocation call ${call.index} failed.`, { index: call.index, error });
  advanceRevocation(tx);
  return ACCEPTED;
}

// ---------------------------------------------------------------------------------------------
// Endings and exceptions

function enterException(tx: RunTransaction, input: { reason: string; actionRequired: string; owner?: ReturnType<typeof laneOwner> }): void {
  const s = tx.state;
  s.phase = 'exception';
  tx.cancelTimers((t) => t.kind !== 'manual-due');
  tx.transition('blocked');
  const deadline = tx.after(EXCEPTION_DUE_WITHIN);
  const packet = tx.raise({
    point: 'exception',
    owner: input.owner ?? laneOwner(s, s.routing?.exceptionLane),
    scope: 'blocked',
    reason: input.reason,
    actionRequired: input.actionRequired,
    deadline,
    onTimeout: STILL_BLOCKED,
  });
  tx.comment('internal', 'escalation', `Blocked, escalated to ${describeOwner(packet.owner)}: ${packet.reason} Action required: ${packet.actionRequired}`);
  tx.audit('run.blocked', `Blocked: ${packet.reason}`, { owner: packet.owner, reason: packet.reason, deadline });
}

function finishDeclined(tx: RunTransaction, publicText: string): void {
  const s = tx.state;
  s.phase = 'declined';
  for (const stage of s.stages) if (stage.status === 'pending' || stage.status === 'waiting') stage.status = 'skipped';
  tx.cancelTimers();
  tx.transition('declined');
  tx.comment('public', 'declined', publicText);
  tx.audit('run.declined', 'The request is declined; nothing was executed.', null);
}

function finishCancelled(tx: RunTransaction, publicText: string): void {
  const s = tx.state;
  s.phase = 'cancelled';
  for (const stage of s.stages) if (stage.status === 'pending' || stage.status === 'waiting') stage.status = 'skipped';
  tx.cancelTimers();
  tx.transition('cancelled');
  tx.comment('public', 'cancelled', publicText);
  tx.audit('run.cancelled', 'The run is cancelled.', { stepsLeftInPlace: s.steps.filter((st) => st.status === 'succeeded' || st.status === 'compensation-failed').map((st) => st.id) });
}

// ---------------------------------------------------------------------------------------------
// Agent overrides

function onOverride(tx: RunTransaction, event: EventOf<'agent.override'>): Verdict {
  const s = tx.state;
  const reason = typeof event.reason === 'string' ? event.reason.trim() : '';
  if (reason === '') return 'an override needs a reason';
  if (typeof event.actorAccountId !== 'string' || event.actorAccountId.trim() === '') return 'an override needs the acting agent';
  if (isFinalPhase(s)) return `the run is ${s.phase}: nothing to override`;
  // Separation of duties reaches past approvals: an agent who raised the request may withdraw it,
  // but not take it over, retry it or sign off its manual steps.
  if (event.actorAccountId === s.request?.requester.accountId && event.action !== 'cancel') {
    return 'the requester cannot override their own request (only cancel it)';
  }
  const actor = { kind: 'user' as const, accountId: event.actorAccountId };
  const handlers: Record<OverrideAction, () => Verdict> = {
    takeover: () => overrideTakeover(tx, event.actorAccountId, reason),
    resume: () => overrideResume(tx, event.actorAccountId, reason),
    retry: () => overrideRetry(tx, reason),
    cancel: () => overrideCancel(tx, reason),
  };
  const handler = Object.prototype.hasOwnProperty.call(handlers, event.action) ? handlers[event.action] : undefined;
  if (!handler) return `unknown override ${JSON.stringify(event.action)}`;
  const verdict = handler();
  if (verdict !== ACCEPTED) return verdict;
  tx.comment('internal', 'override', `${event.actorAccountId} chose ${event.action}: ${reason}`);
  tx.audit(`override.${event.action}`, `Agent override: ${event.action}.`, { action: event.action, reason, phase: s.phase }, actor);
  return ACCEPTED;
}

function overrideTakeover(tx: RunTransaction, accountId: string, reason: string): Verdict {
  const s = tx.state;
  if (s.takeover) return `the run is already taken over by ${s.takeover.accountId}`;
  s.takeover = { accountId, reason, at: tx.now };
  // Paused automation must not fire: resume schedules fresh timers.
  tx.cancelTimers();
  return ACCEPTED;
}

function overrideResume(tx: RunTransaction, accountId: string, reason: string): Verdict {
  const s = tx.state;
  if (s.takeover) {
    s.takeover = undefined;
    rescheduleAfterTakeover(tx);
    advanceByPhase(tx);
    return ACCEPTED;
  }
  if (s.phase === 'execution-limit') {
    const step = s.steps.find((st) => st.status === 'manual-waiting');
    if (!step) return 'no manual step is waiting';
    completeManualStep(tx, step, accountId, reason);
    return ACCEPTED;
  }
  return 'resume is only possible during a manual step (execution limit) or after a takeover';
}

function rescheduleAfterTakeover(tx: RunTransaction): void {
  const s = tx.state;
  if (s.phase === 'awaiting-approval') {
    const waiting = s.stages.filter((st) => st.status === 'waiting');
    for (const stage of waiting) openStageRound(tx, stage);
    if (waiting.length > 0) routeCurrentGroup(tx, waiting, 'resumed');
  }
  if (s.phase === 'clarification' && s.clarification) {
    const at = Date.parse(s.clarification.deadline) > Date.parse(tx.now) ? s.clarification.deadline : tx.after(DEFAULT_CLARIFY_WITHIN);
    tx.scheduleTimer('clarification', `e${s.evaluations}`, at);
  }
  for (const step of s.steps) {
    if (step.status === 'manual-waiting' && step.definition.kind === 'manual') {
      tx.scheduleTimer('manual-due', step.id, manualStepDue(tx, step.definition), { stepId: step.id });
    }
  }
  if (s.phase === 'completed' && s.revocationSchedule) tx.scheduleTimer('revocation', 'access', s.revocationSchedule.at);
}

function overrideRetry(tx: RunTransaction, reason: string): Verdict {
  const s = tx.state;
  if (s.phase !== 'exception' || !s.failure) return 'retry is only possible when the request is blocked by a failed step';
  s.takeover = undefined;
  const failure = s.failure;
  s.failure = undefined;
  s.escalation = undefined;
  tx.cancelTimers();
  if (failure.kind === 'revocation') {
    requeueFailedRevocations(s);
    s.phase = 'revoking';
    tx.audit('retry.revocation', `Retrying revocation: ${reason}`);
    advanceRevocation(tx);
    return ACCEPTED;
  }
  for (const step of s.steps) {
    if (step.status === 'failed' || step.status === 'compensated' || step.status === 'compensation-failed' || step.status === 'pending') {
      // A run stored before undos were counted: its undone step still runs again as a new effect.
      if (step.status === 'compensated') step.timesUndone ??= 1;
      step.status = 'pending';
      step.attemptsThisRound = 0;
      step.compensationAttemptsThisRound = 0;
    }
  }
  s.phase = 'executing';
  tx.transition('in-progress');
  advanceExecution(tx);
  return ACCEPTED;
}

/** Failed revocation calls go back in the queue with a fresh retry budget. */
function requeueFailedRevocations(s: RunState): void {
  for (const call of s.revocation) {
    if (call.status === 'failed') {
      call.status = 'pending';
      call.attemptsThisRound = 0;
    }
  }
}

function overrideCancel(tx: RunTransaction, reason: string): Verdict {
  const s = tx.state;
  s.takeover = undefined;
  tx.audit('cancel.requested', `Cancellation requested: ${reason}`);
  if (s.phase === 'compensating' || s.phase === 'revoking') {
    s.afterUnwind = 'cancelled';
    advanceByPhase(tx);
    return ACCEPTED;
  }
  if (s.phase === 'completed') {
    startRevocation(tx, 'cancelled');
    return ACCEPTED;
  }
  if (s.phase === 'exception' && s.failure?.kind === 'revocation') {
    s.phase = 'revoking';
    s.afterUnwind = 'cancelled';
    requeueFailedRevocations(s);
    tx.cancelTimers();
    advanceRevocation(tx);
    return ACCEPTED;
  }
  // A failed undo gets one more try: the agent wants granted access gone.
  for (const step of s.steps) if (step.status === 'compensation-failed') step.status = 'succeeded';
  for (const step of s.steps) if (step.status === 'manual-waiting') step.status = 'pending';
  const granted = s.steps.some((st) => st.status === 'running' || st.status === 'compensating') || compensable(s).length > 0;
  if (granted) {
    startCompensation(tx, 'cancelled');
    return ACCEPTED;
  }
  finishCancelled(tx, 'Your request was cancelled by the service desk.');
  return ACCEPTED;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Text as a sentence: ends with exactly one full stop (error messages may or may not have one). */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
