import type { Facts, RequesterProfile } from '../facts';
import type { ClarificationQuestion, WorkflowRef } from '../workflows/workflow-types';
import type { GroupRef, StageMode, TimeoutAction } from './policy-schema';

/**
 * The approval plan: what intake decides for one request. Deterministic: the same request facts,
 * policy version, workflow version and directory snapshot always give the same plan.
 */

/** Group membership and managers as read at intake; the plan builder reads nothing else. */
export interface DirectorySnapshot {
  /** Members (Atlassian account ids) of each group id that was read; absent when not read. */
  readonly groupMembers: Readonly<Record<string, readonly string[]>>;
}

export interface PlanInput {
  readonly requestKey: string;
  readonly requestType: string;
  readonly requester: RequesterProfile;
  readonly assigneeAccountId?: string;
  readonly facts: Facts;
  readonly workflow: WorkflowRef;
  readonly directory: DirectorySnapshot;
}

/** Where a stage came from. */
export type StageSource = 'floor' | 'policy' | 'floor+policy';

export interface PlannedStage {
  /** `stage-1`, `stage-2`... in plan order; stable for the same inputs. */
  readonly id: string;
  readonly lane: string;
  readonly laneTitle: string;
  readonly mode: StageMode;
  /** Sequential position; stages with the same order run in parallel. */
  readonly order: number;
  readonly source: StageSource;
  /** Why the stage exists: floor reasons and trigger descriptions. */
  readonly reasons: readonly string[];
  /** Trigger ids that added or raised the stage. */
  readonly triggerIds: readonly string[];
  /** The group approvers were taken from (the lane owner, or its backup after exclusion). */
  readonly group: GroupRef;
  readonly backupGroup: GroupRef;
  /** Resolved approvers: never the requester (nor the assignee when the policy excludes them). */
  readonly approvers: readonly string[];
  /** People removed by separation of duties (ids only, to explain the routing). */
  readonly excluded: readonly string[];
  /** True when exclusion emptied the owner group and the stage fell to the backup group. */
  readonly fellBackToBackup: boolean;
  readonly remindAfter: string;
  readonly escalateAfter: string;
  readonly timeoutAfter: string;
  readonly onTimeout: TimeoutAction;
}

export type TraceEntry =
  | { readonly kind: 'floor'; readonly lane: string; readonly mode: StageMode; readonly order: number; readonly reason: string }
  | {
      readonly kind: 'trigger';
      readonly triggerId: string;
      readonly matched: boolean;
      /** Why it matched or not, in words: `amount 1500 > 1000`, `skipped: disabled`. */
      readonly explanation: string;
      readonly lane: string;
    }
  | { readonly kind: 'merge'; readonly lane: string; readonly explanation: string }
  | { readonly kind: 'separation-of-duties'; readonly stageId: string; readonly explanation: string }
  | { readonly kind: 'approvers'; readonly stageId: string; readonly explanation: string };

interface PlanBase {
  readonly requestKey: string;
  readonly workflow: WorkflowRef;
  readonly policyVersion: number;
  readonly facts: Facts;
  readonly trace: readonly TraceEntry[];
}

export type Plan =
  /** Approvals are needed: run the stages in order. */
  | (PlanBase & { readonly kind: 'approval'; readonly stages: readonly PlannedStage[] })
  /** Neither the workflow nor the policy asks for approval: execute at once. */
  | (PlanBase & { readonly kind: 'no-approval'; readonly stages: readonly [] })
  /** A stage has nobody left to approve it, even in the backup group. */
  | (PlanBase & {
      readonly kind: 'exception';
      readonly stages: readonly PlannedStage[];
      readonly exception: { readonly code: string; readonly reason: string };
    });

/** Intake's verdict before a plan can be built. */
export type IntakeOutcome =
  | { readonly kind: 'planned'; readonly plan: Plan }
  | { readonly kind: 'clarification'; readonly workflow: WorkflowRef; readonly questions: readonly ClarificationQuestion[] }
  | { readonly kind: 'no-workflow'; readonly requestType: string; readonly reason: string };
