import type { JsonObject, JsonValue } from '../common/json';
import type { AuditEventDraft } from '../audit/audit-chain';
import type { EscalationPacket, EscalationPoint } from '../escalation/escalation-packet';
import type { RequesterProfile } from '../facts';
import type { DirectorySnapshot, IntakeOutcome } from '../policy/plan-types';
import type { GroupRef, StageMode, TimeoutAction } from '../policy/policy-schema';
import type { ActionCall, ClarificationQuestion, RevocationSchedule, WorkflowRef, WorkflowStep } from '../workflows/workflow-types';

/**
 * The run of one request as an event-sourced state machine: events in, state plus commands plus
 * audit drafts out. State is plain JSON so it can be stored as is.
 */

export const RUN_PHASES = [
  'new',
  'intake',
  'clarification',
  'awaiting-approval',
  'executing',
  'execution-limit',
  'compensating',
  'exception',
  'completed',
  'revoking',
  'declined',
  'revoked',
  'cancelled',
] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

/** The request as read at creation, kept verbatim for packets. */
export interface RequestSnapshot {
  readonly key: string;
  readonly requestType: string;
  readonly summary: string;
  readonly description: string;
  readonly fields: JsonObject;
  readonly requester: RequesterProfile;
  readonly assigneeAccountId?: string;
}

/** A lane as the reducer needs it: who owns it and who backs them up. */
export interface LaneInfo {
  readonly title: string;
  readonly owner: GroupRef;
  readonly backup: GroupRef;
  /** Slack channel for reminders and escalation notices, when the policy names one. */
  readonly notifyChannel?: string;
}

/** Routing data gathered at intake, so later decisions (backup, hand-over) need no new reads. */
export interface RoutingContext {
  readonly lanes: Readonly<Record<string, LaneInfo>>;
  readonly directory: DirectorySnapshot;
  /** The lane that owns exceptions for this request (no workflow, failed steps). */
  readonly exceptionLane: string;
  /** Attempts per step before a failure is permanent. Default 5. */
  readonly maxAttempts?: number;
  /** How long the requester has to answer a clarification. Default 5d. */
  readonly clarifyWithin?: string;
}

export type StageStatus = 'pending' | 'waiting' | 'approved' | 'declined' | 'timed-out' | 'skipped';

export interface StageDecision {
  readonly accountId: string;
  readonly decision: 'approve' | 'decline';
  readonly at: string;
}

export interface StageState {
  readonly id: string;
  lane: string;
  laneTitle: string;
  readonly mode: StageMode;
  readonly order: number;
  group: GroupRef;
  backupGroup: GroupRef;
  /** Everyone who may decide now: the planned approvers plus any backup or hand-over approvers. */
  approvers: string[];
  /** Approvals needed: 1 for any, n for n-of-m, the planned approver count for all. */
  readonly required: number;
  readonly excluded: string[];
  readonly reasons: string[];
  readonly remindAfter: string;
  readonly escalateAfter: string;
  readonly timeoutAfter: string;
  readonly onTimeout: TimeoutAction;
  status: StageStatus;
  decisions: StageDecision[];
  /** Increments whenever the clock restarts; part of timer ids. */
  round: number;
  routedAt?: string;
  due?: string;
  /** Timer kinds already handled in the current round. */
  handled: Array<'remind' | 'escalate' | 'timeout'>;
  backupAdded: boolean;
  /** True once the final timeout action restarted the clock: the next timeout is an exception. */
  timeoutUsed: boolean;
}

export type StepStatus =
  | 'pending'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'compensating'
  | 'compensated'
  | 'compensation-failed'
  | 'manual-waiting'
  | 'manual-done';

export interface StepState {
  readonly id: string;
  readonly index: number;
  readonly definition: WorkflowStep;
  /** `entra`, `okta`, `slack`, `webhook` or `manual`. */
  readonly system: string;
  status: StepStatus;
  /** Attempts ever made: increases across agent retries, so each attempt has its own key. */
  attempt: number;
  /** Attempts since the last agent retry, counted against the limit. */
  attemptsThisRound: number;
  compensationAttempt: number;
  compensationAttemptsThisRound: number;
  /**
   * Times the step's effect was undone. Running it again after an undo is a new effect, not a
   * repeat of the undone one, so it gets its own idempotency key (absent until the first undo).
   */
  timesUndone?: number;
  completedAt?: string;
  resultSummary?: string;
  lastError?: string;
}

export interface RevocationCallState {
  readonly index: number;
  readonly call: ActionCall;
  status: 'pending' | 'running' | 'succeeded' | 'failed';
  attempt: number;
  attemptsThisRound: number;
  lastError?: string;
}

export interface TimerState {
  readonly timerId: string;
  readonly kind: TimerKind;
  readonly at: string;
  readonly stageId?: string;
  readonly stepId?: string;
}

export type TimerKind = 'remind' | 'escalate' | 'timeout' | 'clarification' | 'manual-due' | 'revocation';

export interface FailureRecord {
  readonly kind: 'step' | 'revocation';
  readonly id: string;
  readonly error: string;
  readonly at: string;
}

export interface RunState {
  runId: string;
  phase: RunPhase;
  /** Accepted events so far; part of the idempotency key of one-off commands. */
  version: number;
  rejectedCount: number;
  startedAt?: string;
  updatedAt?: string;
  request?: RequestSnapshot;
  workflow?: WorkflowRef;
  policyVersion?: number;
  facts?: JsonObject;
  routing?: RoutingContext;
  /** Gathered at intake for packets (directory data, profile facts). */
  context?: JsonObject;
  evaluations: number;
  clarification?: { questions: ClarificationQuestion[]; askedAt: string; deadline: string };
  stages: StageState[];
  steps: StepState[];
  revocationSchedule?: RevocationSchedule;
  /** Access lasts this long from the grant: the schedule's time is moved to completion + this. */
  revocationAfterGrantMs?: number;
  revocation: RevocationCallState[];
  timers: TimerState[];
  /** Set while an agent has taken over: automation sends nothing until resume. */
  takeover?: { accountId: string; reason: string; at: string };
  failure?: FailureRecord;
  /** What follows compensation or revocation: the agent's cancel, or the exception it stems from. */
  afterUnwind?: 'exception' | 'cancelled' | 'revoked';
  escalation?: { point: EscalationPoint; reason: string; raisedAt: string; deadline: string };
  outcome?: string;
}

/** Abstract Jira status targets; the adapter maps them to the configured transitions. */
export type JiraStatusTarget =
  | 'awaiting-approval'
  | 'in-progress'
  | 'waiting-for-customer'
  | 'escalated'
  | 'blocked'
  | 'done'
  | 'declined'
  | 'cancelled';

export type CommentKind =
  | 'plan-made'
  | 'clarification'
  | 'stage-routed'
  | 'decision'
  | 'reminder'
  | 'escalation'
  | 'step-result'
  | 'override'
  | 'completed'
  | 'declined'
  | 'cancelled'
  | 'revoked';

/** The Approval policy custom field value (manifest.yml's approval-policy schema). */
export interface ApprovalPolicyField {
  readonly policyVersion: number;
  readonly workflow?: string;
  readonly state: string;
  readonly currentStage?: string;
  readonly deadline?: string;
  readonly stages: ReadonlyArray<{
    readonly id: string;
    readonly lane: string;
    readonly group: string;
    readonly mode: string;
    readonly status: StageStatus;
    readonly due?: string;
    readonly dueLabel?: string;
  }>;
}

interface CommandBase {
  /** Deterministic: run id + what + stage/step + attempt (or state version for one-off effects). */
  readonly idempotencyKey: string;
}

export type RunCommand = CommandBase &
  (
    | { readonly type: 'intake.evaluate'; readonly round: number }
    | {
        readonly type: 'route.approval';
        readonly stageIds: string[];
        readonly approvers: string[];
        readonly groupIds: string[];
        readonly statusTarget: 'awaiting-approval';
        readonly reason: 'stage-start' | 'backup-added' | 'handed-over' | 'resumed';
      }
    | { readonly type: 'jira.transition'; readonly target: JiraStatusTarget }
    | { readonly type: 'step.execute'; readonly stepId: string; readonly attempt: number; readonly call: ActionCall; readonly delayMs: number }
    | {
        readonly type: 'compensation.execute';
        readonly stepId: string;
        readonly attempt: number;
        readonly call: ActionCall;
        readonly delayMs: number;
      }
    | { readonly type: 'revocation.execute'; readonly index: number; readonly attempt: number; readonly call: ActionCall; readonly delayMs: number }
    | { readonly type: 'timer.schedule'; readonly timerId: string; readonly kind: TimerKind; readonly at: string; readonly stageId?: string; readonly stepId?: string }
    | { readonly type: 'timer.cancel'; readonly timerId: string }
    | { readonly type: 'notify.reminder'; readonly stageId: string; readonly lane: string; readonly approvers: string[] }
    | { readonly type: 'escalation.raise'; readonly packet: EscalationPacket }
    | { readonly type: 'comment.add'; readonly visibility: 'internal' | 'public'; readonly kind: CommentKind; readonly text: string }
    | { readonly type: 'fields.update'; readonly workflow?: string; readonly approvalPolicy: ApprovalPolicyField }
    | { readonly type: 'properties.sync'; readonly phase: RunPhase; readonly version: number }
  );

export type RunCommandType = RunCommand['type'];

export type OverrideAction = 'takeover' | 'retry' | 'resume' | 'cancel';

export type RunEvent =
  | { readonly type: 'run.started'; readonly runId: string; readonly request: RequestSnapshot }
  | {
      readonly type: 'intake.evaluated';
      readonly outcome: IntakeOutcome;
      /** The workflow's steps and revocation for the validated inputs (planned outcomes only). */
      readonly execution?: {
        readonly steps: readonly WorkflowStep[];
        readonly revocation: RevocationSchedule | null;
        /** Set when access lasts a duration from its grant (not until a date): the revocation then runs this long after completion. */
        readonly revocationAfterGrantMs?: number;
      };
      readonly routing: RoutingContext;
      readonly context?: JsonObject;
    }
  | {
      readonly type: 'clarification.answered';
      readonly by: string;
      readonly text: string;
      /** Answers read from the reply, by input name; merged into the request's fields before re-evaluation. */
      readonly fields?: JsonObject;
    }
  | { readonly type: 'clarification.timer.fired' }
  | {
      readonly type: 'approval.decided';
      readonly stageId: string;
      readonly decision: 'approve' | 'decline';
      readonly approverAccountId: string;
      readonly at: string;
    }
  | { readonly type: 'approval.timer.fired'; readonly stageId: string; readonly kind: 'remind' | 'escalate' | 'timeout'; readonly timerId?: string }
  | { readonly type: 'step.succeeded'; readonly stepId: string; readonly attempt: number; readonly result: JsonValue; readonly summary?: string }
  | {
      readonly type: 'step.failed';
      readonly stepId: string;
      readonly attempt: number;
      readonly transient: boolean;
      readonly retryAfterMs?: number;
      readonly error: string;
    }
  | { readonly type: 'compensation.succeeded'; readonly stepId: string; readonly attempt: number; readonly result?: JsonValue }
  | {
      readonly type: 'compensation.failed';
      readonly stepId: string;
      readonly attempt: number;
      readonly transient: boolean;
      readonly retryAfterMs?: number;
      readonly error: string;
    }
  | { readonly type: 'manual.completed'; readonly stepId: string; readonly by: string; readonly note: string }
  | { readonly type: 'manual.timer.fired'; readonly stepId: string }
  | { readonly type: 'revocation.due' }
  | { readonly type: 'revocation.succeeded'; readonly index: number; readonly attempt: number }
  | {
      readonly type: 'revocation.failed';
      readonly index: number;
      readonly attempt: number;
      readonly transient: boolean;
      readonly retryAfterMs?: number;
      readonly error: string;
    }
  | { readonly type: 'agent.override'; readonly action: OverrideAction; readonly actorAccountId: string; readonly reason: string };

export type RunEventType = RunEvent['type'];

/** A stored event: what happened, when, and its position in the run's log. */
export interface RunEventEnvelope {
  readonly seq: number;
  readonly at: string;
  readonly event: RunEvent;
}

export interface RunTransition {
  readonly state: RunState;
  readonly commands: RunCommand[];
  readonly auditEvents: AuditEventDraft[];
}
