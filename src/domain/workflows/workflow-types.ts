import type { z } from 'zod';
import type { JsonObject } from '../common/json';
import type { Facts, RequesterProfile } from '../facts';
import type { StageMode } from '../policy/policy-schema';

/**
 * The contract every pre-built workflow implements. A workflow is reviewed code, versioned with
 * semver; at runtime the app only selects one by request type and runs it as written.
 */

/** Abstract integration actions. Each names the connection kind that executes it. */
export const ACTION_NAMES = [
  'entra.findUser',
  'entra.getManager',
  'entra.addGroupMember',
  'entra.removeGroupMember',
  'okta.findUser',
  'okta.getManager',
  'okta.addGroupMember',
  'okta.removeGroupMember',
  'slack.postMessage',
  'webhook.post',
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

/** The connection kind behind an action: `entra.addGroupMember` runs on the `entra` connection. */
export type ConnectionKind = 'entra' | 'okta' | 'slack' | 'webhook';

/** Context a workflow may read besides its inputs. `now` is an ISO timestamp passed in. */
export interface WorkflowContext {
  readonly now: string;
  readonly requester: RequesterProfile;
  /** The JSM request type key the request was raised with. */
  readonly requestType: string;
  /**
   * The Jira issue key of the request (`ITSM-42`). Steps put it in payloads that other systems
   * deduplicate or trace on; workflows whose steps need it fail loudly when it is absent.
   */
  readonly requestKey?: string;
}

/** A question for the requester when an input is missing or does not make sense. */
export interface ClarificationQuestion {
  /** The input the question is about. */
  readonly field: string;
  readonly question: string;
}

/** An approval a workflow always requires, whatever the policy says: the floor. */
export interface StageRequirement {
  readonly lane: string;
  readonly mode: StageMode;
  /** Sequential position (1 runs first); equal orders run in parallel. */
  readonly order: number;
  /** Why the workflow requires it, in words for the audit trail and the approver. */
  readonly reason: string;
  /**
   * Approve by named people instead of the lane's group: a fact holding Atlassian account ids
   * (for example the mailbox owner). The lane still gives the backup and the timeouts.
   */
  readonly approversFromFact?: string;
}

export interface ActionCall {
  readonly action: ActionName;
  /** Parameters as plain JSON; never secrets (connections hold those). */
  readonly params: JsonObject;
}

export interface ActionStep {
  readonly kind: 'action';
  /** Stable within the workflow version: part of every idempotency key. */
  readonly id: string;
  readonly title: string;
  readonly call: ActionCall;
  /** How to undo the step when a later step fails permanently. */
  readonly compensation?: ActionCall;
}

export interface ManualStep {
  readonly kind: 'manual';
  readonly id: string;
  readonly title: string;
  /** Exactly what the human must do, with the values they need. */
  readonly instructions: string;
  /** The lane whose owners get the execution-limit escalation. */
  readonly ownerLane: string;
  /** How long they have before it escalates as an exception. */
  readonly dueWithin: string;
  /**
   * A fixed time the step is due by, when the request names one (an ISO instant such as a
   * message's send-by time): approvals must not push the deadline past it. It wins over
   * `dueWithin`, but a person always gets at least an hour from the hand-over.
   */
  readonly dueBy?: string;
}

export type WorkflowStep = ActionStep | ManualStep;

/** Time-bound access: what to undo and when. */
export interface RevocationSchedule {
  /** ISO timestamp at which access ends. */
  readonly at: string;
  readonly calls: readonly ActionCall[];
  /**
   * What ends, in the requester's words: time-bound access (the default), or data kept for a
   * retention period and then deleted.
   */
  readonly ends?: 'access' | 'retention';
}

/** A field the workflow reads from the request, shown to admins and used in clarifications. */
export interface WorkflowInputField {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly required: boolean;
  readonly type: 'string' | 'number' | 'date' | 'datetime' | 'boolean' | 'user' | 'string[]' | 'text';
}

export interface WorkflowDefinition<Input = unknown> {
  readonly key: string;
  /** Semver; a change of behaviour is a new version. */
  readonly version: string;
  readonly title: string;
  readonly description: string;
  /** JSM request type keys this workflow handles. */
  readonly requestTypes: readonly string[];
  /**
   * Directories whose groups the steps change for the requester. Intake looks the requester up
   * there (as well as in the directory that describes them) only for these workflows.
   */
  readonly grantsIn?: readonly ('entra' | 'okta')[];
  readonly inputFields: readonly WorkflowInputField[];
  /** Extracts and validates inputs from the request's field values (keyed by input name). */
  readonly input: z.ZodType<Input>;
  /** Business rules beyond the schema: questions to ask the requester, empty when complete. */
  validate(input: Input, ctx: WorkflowContext): ClarificationQuestion[];
  /** The facts routing conditions read. */
  facts(input: Input, ctx: WorkflowContext): Facts;
  /** The approvals this workflow always requires for these inputs. */
  floor(input: Input, facts: Facts, ctx: WorkflowContext): StageRequirement[];
  /** The ordered steps that run after approval. */
  steps(input: Input, ctx: WorkflowContext): WorkflowStep[];
  /** When and how time-bound access ends; null when it does not. */
  revocation(input: Input, ctx: WorkflowContext): RevocationSchedule | null;
}

/** A workflow of any input type, as the catalog holds them; inputs are typed inside each file. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyWorkflow = WorkflowDefinition<any>;

/** Workflow key and version, as written to the Workflow custom field (`key@version`). */
export interface WorkflowRef {
  readonly key: string;
  readonly version: string;
}
