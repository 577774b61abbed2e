import { z } from 'zod';
import type { JsonObject, JsonValue } from '../domain/common/json';
import type { StageMode } from '../domain/policy/policy-schema';

/**
 * The contract of the agent issue panel (`run/get`, `run/override`) and of the portal request
 * panel (`portal/status`). The pages import these types with `import type`; the resolvers
 * (`panel-resolver`, `portal-resolver`) validate payloads with these schemas and answer in the
 * envelope of ./envelope.ts.
 *
 * Which request: both resolvers take the issue from the Forge invocation context when it has one
 * (`context.extension.issue.key` for the issue panel, `context.extension.request.key` for the
 * portal panel) and otherwise from the payload's `issueKey`. When both are present and differ the
 * answer is `forbidden`. The server checks the caller on every call:
 * - `run/get`, `run/override`: the caller must be an agent of the request's service desk;
 *   otherwise `forbidden`.
 * - `portal/status`: the caller must be the requester (reporter) of the request or one of its
 *   participants; otherwise `not-found` (a customer must not learn that another's request exists).
 * Error codes: `invalid-payload`, `forbidden`, `not-found` (no such issue, or no run for it:
 * the panel then says "Approval Router has not handled this request"), `conflict` (the action is
 * no longer allowed because the run moved on: reload).
 */

export const RUN_RESOLVER_KEYS = {
  getRun: 'run/get',
  overrideRun: 'run/override',
  getPortalStatus: 'portal/status',
} as const;

const issueKeySchema = z.string().regex(/^[A-Z][A-Z0-9_]{0,49}-[1-9][0-9]{0,9}$/, 'must be an issue key such as IT-42');

// ---------------------------------------------------------------------------------------------
// run/get

export const runGetPayloadSchema = z.strictObject({
  /** Optional when the invocation context carries the issue (it does inside Jira). */
  issueKey: issueKeySchema.optional(),
});
export type RunGetPayload = z.infer<typeof runGetPayloadSchema>;

/** Where the run is, in the abstract targets the app maps onto the site's Jira statuses. */
export const RUN_STATUSES = [
  'intake',
  'awaiting-approval',
  'in-progress',
  'waiting-for-customer',
  'escalated',
  'blocked',
  'done',
  'declined',
  'cancelled',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** The system a step acted on: an integration connection kind, Jira itself, or the app. */
export type RunSystem = 'entra' | 'okta' | 'slack' | 'webhook' | 'jira' | 'app';

export type TimelineOutcome = 'ok' | 'failed' | 'retrying' | 'pending' | 'skipped' | 'compensated';

export type TimelineKind =
  | 'intake'
  | 'plan'
  | 'approval'
  | 'step'
  | 'compensation'
  | 'escalation'
  | 'override'
  | 'revocation';

/** One thing that happened in the run, oldest first. */
export interface TimelineEntry {
  /** Position in the audit chain (1-based); stable, used as the React key. */
  readonly seq: number;
  /** ISO timestamp. */
  readonly at: string;
  readonly kind: TimelineKind;
  /** What ran, in words: "Add to group VPN-Users", "Security approval (any one)". */
  readonly title: string;
  /** Against which system. */
  readonly system: RunSystem;
  /** The abstract action (`entra.addGroupMember`) for steps and compensations. */
  readonly action?: string;
  /** The workflow step id, for steps: what `run/override` `retry` names. */
  readonly stepId?: string;
  /** Attempt number for steps (1 for the first try). */
  readonly attempt?: number;
  /** Parameters as sent, already redacted: never secrets. */
  readonly parameters?: JsonObject;
  readonly result: {
    readonly outcome: TimelineOutcome;
    /** What came back, in words ("204 No Content", "already a member", "declined by approver"). */
    readonly summary: string;
    /** Machine-readable result, redacted. */
    readonly data?: JsonValue;
  };
  /** Who caused it: the app, or a person (display name only; no e-mail). */
  readonly actor: { readonly kind: 'app' } | { readonly kind: 'user'; readonly accountId: string; readonly displayName: string };
}

export interface PersonView {
  readonly accountId: string;
  readonly displayName: string;
}

/** The packet an approver decides from, as agents see it. */
export interface ApprovalPacketView {
  readonly kind: 'approval';
  readonly stageId: string;
  readonly lane: string;
  readonly laneTitle: string;
  readonly mode: StageMode;
  /** Who may approve now (agents see names; the portal never does). */
  readonly approvers: readonly PersonView[];
  /** Why this approval is needed: floor reasons and trigger descriptions. */
  readonly reasons: readonly string[];
  /** What will run once approved, in order. */
  readonly plannedSteps: readonly { readonly stepId: string; readonly title: string; readonly system: RunSystem }[];
  /** ISO timestamp of the next deadline (reminder, escalation or timeout, whichever is next). */
  readonly due: string;
  /** What happens at the deadline, in words ("escalates to Security backups"). */
  readonly onTimeout: string;
}

/** The packet of one of the four escalation points. */
export interface EscalationPacketView {
  readonly kind: 'escalation';
  readonly point: 'clarification' | 'approval' | 'execution-limit' | 'exception';
  /** Who owns it now: a lane (with its title) or the requester for clarifications. */
  readonly owner: { readonly kind: 'lane'; readonly lane: string; readonly laneTitle: string } | { readonly kind: 'requester' };
  /** The exact reason, in words. */
  readonly reason: string;
  /** What the owner must do. */
  readonly actionRequired: string;
  /** ISO timestamp. */
  readonly deadline: string;
  /** What happens if nobody acts by the deadline. */
  readonly ifNobodyActs: string;
  /** The original request, verbatim: summary and field values by input name. */
  readonly request: { readonly summary: string; readonly fields: JsonObject };
  /** Context gathered from connected systems at intake (redacted). */
  readonly context: JsonObject;
  readonly stepsCompleted: readonly { readonly stepId: string; readonly title: string; readonly at: string }[];
}

/** Result of re-verifying the run's audit hash chain on the server for this call. */
export type AuditVerification =
  | { readonly ok: true; readonly count: number }
  /** `brokenAt` is the `seq` of the first entry whose hash does not match. */
  | { readonly ok: false; readonly count: number; readonly brokenAt: number };

export const OVERRIDE_ACTIONS = ['takeover', 'retry', 'resume', 'cancel'] as const;
export type OverrideAction = (typeof OVERRIDE_ACTIONS)[number];

export interface RunView {
  readonly issueKey: string;
  readonly runId: string;
  readonly workflow: { readonly key: string; readonly version: string; readonly title: string };
  /** The published policy version that routed the request; null before planning. */
  readonly policyVersion: number | null;
  readonly status: RunStatus;
  /** The status in words for agents ("Blocked: step add-to-group failed"). */
  readonly statusText: string;
  readonly timeline: readonly TimelineEntry[];
  /** The packet of what the run waits on now, if anything. */
  readonly current: ApprovalPacketView | EscalationPacketView | null;
  readonly audit: AuditVerification;
  /**
   * Overrides the caller may use now. `retry` is allowed only with a failed step (`retryStepId`),
   * `resume` only while a manual step waits, `takeover` and `cancel` until the run ends.
   */
  readonly allowedActions: readonly OverrideAction[];
  /** The failed step `retry` would re-run, when there is one. */
  readonly retryStepId?: string;
}

// ---------------------------------------------------------------------------------------------
// run/override

export const overrideReasonSchema = z
  .string()
  .trim()
  .min(3, 'must say why, in at least 3 characters')
  .max(500, 'must be at most 500 characters');

export const runOverridePayloadSchema = z.strictObject({
  issueKey: issueKeySchema.optional(),
  action: z.enum(OVERRIDE_ACTIONS),
  /** Why: recorded in the audit trail with the caller's account id. Required for every action. */
  reason: overrideReasonSchema,
  /** For `retry`: the failed step to re-run; must equal `RunView.retryStepId`. */
  stepId: z.string().min(1).max(64).optional(),
});
export type RunOverridePayload = z.infer<typeof runOverridePayloadSchema>;

/** `run/override` answers with the run as it is after the action was recorded. */
export type RunOverrideResult = RunView;

// ---------------------------------------------------------------------------------------------
// portal/status

export const portalStatusPayloadSchema = z.strictObject({
  /** Optional when the invocation context carries the request (it does inside the portal). */
  issueKey: issueKeySchema.optional(),
});
export type PortalStatusPayload = z.infer<typeof portalStatusPayloadSchema>;

export type PortalPhase =
  | 'received'
  | 'waiting-for-approval'
  | 'waiting-for-you'
  | 'in-progress'
  | 'done'
  | 'declined'
  | 'cancelled'
  | 'with-support';

/**
 * What a requester sees. Plain words only. It must never carry approver identities (only the lane
 * title), internal details (step ids, systems, parameters, errors, policy or trigger names) or
 * anybody else's data.
 */
export interface PortalStatus {
  readonly issueKey: string;
  readonly phase: PortalPhase;
  /** One sentence: "Waiting for Security approval, due Tuesday 14:00". */
  readonly headline: string;
  /** Who it waits on, by lane title only ("Security"), when waiting for an approval. */
  readonly waitingOn?: { readonly laneTitle: string; readonly due?: string };
  /** What already happened, oldest first, in plain words ("Approved by Manager"). */
  readonly history: readonly { readonly at: string; readonly text: string }[];
  /** Questions the requester must answer (as a comment on the request) before work continues. */
  readonly clarification?: { readonly questions: readonly string[] };
}
