import type {
  ApprovalPacketView,
  AuditVerification,
  EscalationPacketView,
  OverrideAction,
  RunStatus,
  RunSystem,
  RunView,
  TimelineEntry,
  TimelineKind,
  TimelineOutcome,
} from '../../contract/run-view';
import type { AuditChainTail, AuditEvent } from '../../domain/audit/audit-chain';
import { verifyAuditChain } from '../../domain/audit/audit-chain';
import type { JsonObject, JsonValue } from '../../domain/common/json';
import { isFinalPhase } from '../../domain/run/reduce-run';
import type { RunPhase, RunState, StageState } from '../../domain/run/run-types';

/**
 * What agents see of a run, built from its state and audit chain. Pure: names of people come in
 * as a map, and the chain is verified here on every read.
 */

const STATUS_BY_PHASE: Record<RunPhase, RunStatus> = {
  new: 'intake',
  intake: 'intake',
  clarification: 'waiting-for-customer',
  'awaiting-approval': 'awaiting-approval',
  executing: 'in-progress',
  'execution-limit': 'escalated',
  compensating: 'blocked',
  exception: 'blocked',
  completed: 'done',
  revoking: 'in-progress',
  declined: 'declined',
  revoked: 'done',
  cancelled: 'cancelled',
};

const KIND_BY_PREFIX: ReadonlyArray<[string, TimelineKind]> = [
  ['run.started', 'intake'],
  ['intake.planned', 'plan'],
  ['intake.', 'intake'],
  ['clarification.', 'escalation'],
  ['stage.', 'approval'],
  ['approval.', 'approval'],
  ['execution.', 'step'],
  ['step.', 'step'],
  ['compensation.', 'compensation'],
  ['revocation.', 'revocation'],
  ['retry.', 'override'],
  ['override.', 'override'],
  ['cancel.', 'override'],
  ['run.blocked', 'escalation'],
];

/** The system an action runs against, from its name (`entra.addGroupMember` → entra). */
function systemOf(action: unknown): RunSystem {
  const prefix = typeof action === 'string' ? action.split('.')[0] : undefined;
  return prefix === 'entra' || prefix === 'okta' || prefix === 'slack' || prefix === 'webhook' ? prefix : 'app';
}

function outcomeOf(type: string): TimelineOutcome {
  if (/failed|declined|timed-out|exception|blocked|rejected|expired/.test(type)) return 'failed';
  if (/retry-scheduled/.test(type)) return 'retrying';
  if (/started|routed|attempted|manual$|clarification$|requested/.test(type)) return 'pending';
  if (type === 'compensation.succeeded') return 'compensated';
  return 'ok';
}

function asObject(value: JsonValue | undefined): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

/** One timeline entry per audit event, oldest first. */
export function buildTimeline(run: RunState, events: readonly AuditEvent[], names: ReadonlyMap<string, string>): TimelineEntry[] {
  return events
    .filter((event) => event.type !== 'event.rejected')
    .map((event) => {
      const data = asObject(event.data);
      const stepId = typeof data.stepId === 'string' ? data.stepId : undefined;
      const step = stepId ? run.steps.find((s) => s.id === stepId) : undefined;
      const action = typeof data.action === 'string' ? data.action : step?.definition.kind === 'action' ? step.definition.call.action : undefined;
      const kind = KIND_BY_PREFIX.find(([prefix]) => event.type.startsWith(prefix))?.[1] ?? 'intake';
      const params = asObject(data.params);
      const actor: TimelineEntry['actor'] =
        event.actor.kind === 'user' && event.actor.accountId
          ? { kind: 'user', accountId: event.actor.accountId, displayName: names.get(event.actor.accountId) ?? 'Unknown user' }
          : { kind: 'app' };
      return {
        seq: event.seq,
        at: event.at,
        kind,
        title: step ? `${step.definition.title}` : event.summary,
        system: action ? systemOf(action) : kind === 'approval' || kind === 'escalation' ? 'jira' : 'app',
        ...(action ? { action } : {}),
        ...(stepId ? { stepId } : {}),
        ...(typeof data.attempt === 'number' ? { attempt: data.attempt } : {}),
        ...(Object.keys(params).length > 0 ? { parameters: params } : {}),
        result: { outcome: outcomeOf(event.type), summary: event.summary, ...(data.result !== undefined ? { data: data.result } : {}) },
        actor,
      };
    });
}

function modeWords(stage: StageState): string {
  return stage.mode.type === 'any' ? 'any one approver' : stage.mode.type === 'all' ? 'every approver' : `${stage.mode.n} approvers`;
}

function onTimeoutWords(stage: StageState): string {
  if (!stage.backupAdded) return `reminds, then adds the ${stage.backupGroup.name} group`;
  switch (stage.onTimeout.action) {
    case 'decline':
      return 'declines the request';
    case 'escalate-backup':
      return 'blocks the request for the exception owner';
    case 'escalate-lane':
      return `hands the approval to the ${stage.onTimeout.lane} lane`;
  }
}

/** The packet of what the run waits on now, if anything. */
export function currentPacket(run: RunState, names: ReadonlyMap<string, string>): ApprovalPacketView | EscalationPacketView | null {
  if (run.phase === 'awaiting-approval') {
    const stage = run.stages.find((s) => s.status === 'waiting');
    if (!stage) return null;
    const nextTimer = run.timers.filter((t) => t.stageId === stage.id).sort((a, b) => a.at.localeCompare(b.at))[0];
    return {
      kind: 'approval',
      stageId: stage.id,
      lane: stage.lane,
      laneTitle: stage.laneTitle,
      mode: stage.mode,
      approvers: stage.approvers.map((accountId) => ({ accountId, displayName: names.get(accountId) ?? 'Unknown user' })),
      reasons: [...stage.reasons, `Decided by ${modeWords(stage)}.`],
      plannedSteps: run.steps.map((s) => ({ stepId: s.id, title: s.definition.title, system: s.definition.kind === 'action' ? systemOf(s.definition.call.action) : 'app' })),
      due: nextTimer?.at ?? stage.due ?? '',
      onTimeout: onTimeoutWords(stage),
    };
  }
  if (!run.escalation) return null;
  const lane = run.escalation.point === 'clarification' ? undefined : (run.failure ? run.routing?.exceptionLane : undefined) ?? run.routing?.exceptionLane;
  const laneTitle = lane ? (run.routing?.lanes[lane]?.title ?? lane) : '';
  return {
    kind: 'escalation',
    point: run.escalation.point,
    owner: run.escalation.point === 'clarification' || !lane ? { kind: 'requester' } : { kind: 'lane', lane, laneTitle },
    reason: run.escalation.reason,
    actionRequired:
      run.escalation.point === 'clarification'
        ? (run.clarification?.questions.map((q) => q.question).join(' ') ?? 'Answer the questions on the request.')
        : run.failure
          ? `Fix the cause, then retry step ${run.failure.id} or cancel the request.`
          : 'Decide how the request proceeds: take over, resume or cancel.',
    deadline: run.escalation.deadline,
    ifNobodyActs: run.escalation.point === 'clarification' ? 'The request is closed.' : 'The request stays blocked and visible in the queue.',
    request: { summary: run.request?.summary ?? '', fields: run.request?.fields ?? {} },
    context: run.context ?? {},
    stepsCompleted: run.steps
      .filter((s) => s.status === 'succeeded' || s.status === 'manual-done')
      .map((s) => ({ stepId: s.id, title: s.definition.title, at: s.completedAt ?? '' })),
  };
}

/** Overrides allowed now, mirroring the reducer's rules (it re-checks every one). */
/**
 * What the viewing agent may do now. An agent who raised the request may only withdraw it:
 * separation of duties reaches past approvals to taking over, retrying and signing off steps.
 */
export function allowedActions(run: RunState, viewerAccountId?: string): OverrideAction[] {
  if (isFinalPhase(run)) return [];
  if (viewerAccountId !== undefined && viewerAccountId === run.request?.requester.accountId) return ['cancel'];
  const actions: OverrideAction[] = [];
  if (!run.takeover) actions.push('takeover');
  if (run.phase === 'exception' && run.failure) actions.push('retry');
  if (run.phase === 'execution-limit' || run.takeover) actions.push('resume');
  actions.push('cancel');
  return actions;
}

/** Verifies the chain, and that its head is the one the store recorded (a rebuilt chain fails). */
export function verifyForView(events: readonly AuditEvent[], expectedHead: AuditChainTail | null): AuditVerification {
  const verdict = verifyAuditChain(events, expectedHead ? { expectedHead } : {});
  if (verdict.ok) return { ok: true, count: events.length };
  return { ok: false, count: events.length, brokenAt: verdict.brokenAt };
}

/**
 * Checks the chain as the issue carries it against the app's own copy. The issue's properties can
 * be written by anyone with edit rights; the KVS copy cannot. The issue may lag behind the copy
 * (events not yet synced), never disagree with it: the first event that differs, is missing or is
 * extra is where the issue's log was altered.
 */
export function verifyIssueLog(issueEvents: readonly AuditEvent[], stored: readonly AuditEvent[]): AuditVerification {
  const own = verifyAuditChain(issueEvents);
  if (!own.ok) return { ok: false, count: issueEvents.length, brokenAt: own.brokenAt };
  for (const [index, event] of issueEvents.entries()) {
    const copy = stored[index];
    if (!copy || copy.seq !== event.seq || copy.hash !== event.hash) return { ok: false, count: issueEvents.length, brokenAt: event.seq };
  }
  return { ok: true, count: issueEvents.length };
}

/** Where the run is, in the words of the site's statuses. */
export function runStatusOf(run: RunState): RunStatus {
  return STATUS_BY_PHASE[run.phase];
}

/** The step a retry would run again: the failed step of a blocked run. */
export function retryStepIdOf(run: RunState): string | undefined {
  return run.phase === 'exception' && run.failure?.kind === 'step' ? run.failure.id : undefined;
}

export function buildRunView(args: {
  readonly issueKey: string;
  readonly run: RunState;
  readonly events: readonly AuditEvent[];
  readonly expectedHead: AuditChainTail | null;
  /** The chain as the issue's properties carry it, when they were read. */
  readonly issueEvents?: readonly AuditEvent[];
  readonly workflowTitle: string;
  readonly names: ReadonlyMap<string, string>;
  /** The agent looking: the requester among agents gets fewer actions. */
  readonly viewerAccountId?: string;
}): RunView {
  const { run } = args;
  const status = runStatusOf(run);
  const retryStepId = retryStepIdOf(run);
  return {
    issueKey: args.issueKey,
    runId: run.runId,
    workflow: { key: run.workflow?.key ?? '', version: run.workflow?.version ?? '', title: args.workflowTitle },
    policyVersion: run.policyVersion ?? null,
    status,
    statusText: run.failure ? `Blocked: ${run.failure.error}` : (run.outcome ?? run.escalation?.reason ?? status.replace(/-/g, ' ')),
    timeline: buildTimeline(run, args.events, args.names),
    current: currentPacket(run, args.names),
    audit: combineVerdicts(verifyForView(args.events, args.expectedHead), args.issueEvents ? verifyIssueLog(args.issueEvents, args.events) : undefined),
    allowedActions: allowedActions(run, args.viewerAccountId),
    ...(retryStepId ? { retryStepId } : {}),
  };
}

/** The stored chain must verify, and so must the issue's copy of it: the first failure wins. */
function combineVerdicts(stored: AuditVerification, issue: AuditVerification | undefined): AuditVerification {
  if (!stored.ok || !issue || issue.ok) return stored;
  return { ok: false, count: stored.count, brokenAt: issue.brokenAt };
}
