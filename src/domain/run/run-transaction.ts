import type { JsonObject } from '../common/json';
import { addDuration } from '../common/duration';
import type { AuditActor, AuditEventDraft } from '../audit/audit-chain';
import {
  buildEscalationPacket,
  type CompletedStep,
  type EscalationOwner,
  type EscalationPacket,
  type EscalationPoint,
} from '../escalation/escalation-packet';
import type { CommentKind, JiraStatusTarget, RunCommand, RunState, TimerKind, TimerState } from './run-types';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type CommandBody = DistributiveOmit<RunCommand, 'idempotencyKey'>;

const APP: AuditActor = { kind: 'app' };

/**
 * One transition in the making: a private copy of the state that handlers change, plus the
 * commands and audit drafts they emit. Discarded as a whole when the event is rejected.
 */
export class RunTransaction {
  readonly commands: RunCommand[] = [];
  readonly auditEvents: AuditEventDraft[] = [];

  constructor(
    readonly state: RunState,
    readonly now: string,
  ) {}

  /** The version this transition will have once accepted: keys one-off effects. */
  get nextVersion(): number {
    return this.state.version + 1;
  }

  /** Adds a command whose key is given by its natural identity (step + attempt, timer id...). */
  emitKeyed(body: CommandBody, identity: string): void {
    this.commands.push({ ...body, idempotencyKey: `${this.state.runId}/${body.type}/${identity}` } as RunCommand);
  }

  /** Adds a one-off command keyed by the run version and its position in this transition. */
  emit(body: CommandBody): void {
    this.emitKeyed(body, `v${this.nextVersion}/${this.commands.length}`);
  }

  audit(type: string, summary: string, data: unknown = null, actor: AuditActor = APP): void {
    this.auditEvents.push({ type, actor, summary, data });
  }

  transition(target: JiraStatusTarget): void {
    this.emit({ type: 'jira.transition', target });
  }

  comment(visibility: 'internal' | 'public', kind: CommentKind, text: string): void {
    this.emit({ type: 'comment.add', visibility, kind, text });
  }

  scheduleTimer(kind: TimerKind, scope: string, at: string, ids: { stageId?: string; stepId?: string } = {}): void {
    const timerId = `${this.state.runId}/timer/${kind}/${scope}/v${this.nextVersion}`;
    const timer: TimerState = { timerId, kind, at, ...ids };
    this.state.timers.push(timer);
    this.emitKeyed({ type: 'timer.schedule', timerId, kind, at, ...ids }, timerId);
  }

  /** Cancels the active timers that match; returns how many. */
  cancelTimers(match: (timer: TimerState) => boolean = () => true): number {
    const cancelled = this.state.timers.filter(match);
    this.state.timers = this.state.timers.filter((timer) => !match(timer));
    for (const timer of cancelled) this.emitKeyed({ type: 'timer.cancel', timerId: timer.timerId }, timer.timerId);
    return cancelled.length;
  }

  /** Removes a timer that fired; false when no such timer is active (stale or duplicate). */
  consumeTimer(match: (timer: TimerState) => boolean): boolean {
    const index = this.state.timers.findIndex(match);
    if (index < 0) return false;
    this.state.timers.splice(index, 1);
    return true;
  }

  /** Builds, records and sends an escalation packet for this run. */
  raise(input: {
    point: EscalationPoint;
    owner: EscalationOwner;
    scope: string;
    reason: string;
    actionRequired: string;
    deadline: string;
    onTimeout: string;
  }): EscalationPacket {
    const request = this.state.request;
    const packet = buildEscalationPacket({
      point: input.point,
      owner: input.owner,
      reason: input.reason,
      actionRequired: input.actionRequired,
      request: {
        key: request?.key ?? '',
        summary: request?.summary ?? '',
        description: request?.description ?? '',
        fields: request?.fields ?? {},
      },
      context: gatherContext(this.state),
      stepsCompleted: completedSteps(this.state),
      deadline: input.deadline,
      onTimeout: input.onTimeout,
      raisedAt: this.now,
    });
    this.state.escalation = { point: input.point, reason: packet.reason, raisedAt: this.now, deadline: input.deadline };
    this.emitKeyed({ type: 'escalation.raise', packet }, `${input.point}/${input.scope}/v${this.nextVersion}`);
    return packet;
  }

  /** ISO time `duration` from now; falls back to one day for a malformed duration. */
  after(duration: string): string {
    try {
      return addDuration(this.now, duration);
    } catch {
      return addDuration(this.now, '1d');
    }
  }
}

/** Owner of a lane's escalations, falling back to the exception lane, then to the requester. */
export function laneOwner(state: RunState, lane: string | undefined, useBackup = false): EscalationOwner {
  const lanes = state.routing?.lanes ?? {};
  const key = lane !== undefined && lanes[lane] ? lane : state.routing?.exceptionLane;
  const info = key !== undefined ? lanes[key] : undefined;
  if (key === undefined || info === undefined) return { kind: 'requester', accountId: state.request?.requester.accountId };
  return { kind: 'lane', lane: key, group: useBackup ? info.backup : info.owner };
}

function gatherContext(state: RunState): JsonObject {
  const requester = state.request?.requester;
  const context: JsonObject = {};
  if (requester) {
    const profile: JsonObject = { accountId: requester.accountId };
    if (requester.employmentType !== undefined) profile.employmentType = requester.employmentType;
    if (requester.department !== undefined) profile.department = requester.department;
    if (requester.managerAccountId !== undefined) profile.managerAccountId = requester.managerAccountId;
    if (requester.groups !== undefined) profile.groups = [...requester.groups];
    context.requester = profile;
  }
  if (state.request) context.requestType = state.request.requestType;
  if (state.workflow) context.workflow = `${state.workflow.key}@${state.workflow.version}`;
  if (state.policyVersion !== undefined) context.policyVersion = state.policyVersion;
  if (state.facts) context.facts = state.facts;
  if (state.context) context.gathered = state.context;
  if (state.stages.length > 0) {
    context.stages = state.stages.map((stage) => ({
      id: stage.id,
      lane: stage.lane,
      group: stage.group.name,
      status: stage.status,
      approvals: stage.decisions.filter((d) => d.decision === 'approve').map((d) => d.accountId),
    }));
  }
  return context;
}

function completedSteps(state: RunState): CompletedStep[] {
  const steps: CompletedStep[] = [];
  for (const step of state.steps) {
    if (step.completedAt === undefined) continue;
    const undone =
      step.status === 'compensated' ? ' (since undone)' : step.status === 'compensation-failed' ? ' (undo failed: still in effect)' : '';
    steps.push({
      stepId: step.id,
      title: step.definition.title,
      system: step.system,
      at: step.completedAt,
      result: `${step.resultSummary ?? 'done'}${undone}`,
    });
  }
  return steps;
}
