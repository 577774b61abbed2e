import { z } from 'zod';
import type { JsonValue } from '../domain/common/json';
import type { Policy } from '../domain/policy/policy-schema';
import type { WorkflowInputField } from '../domain/workflows/workflow-types';
import type { AppSettings } from './app-settings';

/**
 * The contract of the admin page (`admin-resolver`). Every key answers in the envelope of
 * ./envelope.ts. Reads need a Jira administrator or a member of the settings' publishers group;
 * so do all writes (save draft, publish, restore, settings, connections). A refused caller gets
 * `forbidden` with a plain message.
 */

export const ADMIN_RESOLVER_KEYS = {
  getAccess: 'access/get',
  getDraft: 'draft/get',
  saveDraft: 'draft/save',
  publishPolicy: 'policy/publish',
  simulatePolicy: 'policy/simulate',
  listVersions: 'version/list',
  getVersion: 'version/get',
  diffVersions: 'version/diff',
  restoreVersion: 'version/restore',
  listWorkflows: 'workflow/list',
  checkSetup: 'setup/check',
  getSettings: 'settings/get',
  saveSettings: 'settings/save',
  listConnections: 'connection/list',
  saveConnection: 'connection/save',
  testConnection: 'connection/test',
  deleteConnection: 'connection/delete',
} as const;
export type AdminResolverKey = (typeof ADMIN_RESOLVER_KEYS)[keyof typeof ADMIN_RESOLVER_KEYS];

const versionNumberSchema = z.number().int().min(1);
const commentSchema = z.string().trim().min(3, 'must say what changed, in at least 3 characters').max(1000);

export const emptyPayloadSchema = z.strictObject({});

// access/get ------------------------------------------------------------------------------------

export interface AccessView {
  readonly accountId: string;
  readonly isJiraAdmin: boolean;
  readonly isPublisher: boolean;
  /** True when the caller may publish, restore and change connections and settings. */
  readonly canPublish: boolean;
  /** Why not, in words, when `canPublish` is false. */
  readonly reason?: string;
}

// draft/get, draft/save ---------------------------------------------------------------------------

export interface DraftView {
  /** The draft as last saved (a policy document as the CLI writes it), or the published one when no draft exists. */
  readonly document: JsonValue;
  /** The published version the draft started from; null before the first publish. */
  readonly basedOnVersion: number | null;
  /** The newest published version now; differs from `basedOnVersion` when someone published since. */
  readonly publishedVersion: number | null;
  readonly savedAt: string | null;
  readonly savedBy: string | null;
  /** True when no draft was saved: `document` is the published policy (or a starter). */
  readonly isNew: boolean;
}

/** The document is checked with the policy schema: a failure is `invalid-payload` with `issues`. */
export const saveDraftPayloadSchema = z.strictObject({ document: z.unknown() });
export type SaveDraftPayload = z.infer<typeof saveDraftPayloadSchema>;

// policy/publish, version/* -----------------------------------------------------------------------

export const publishPayloadSchema = z.strictObject({
  comment: commentSchema,
  /** The newest version the admin saw (null for none): a different one now is a `conflict`. */
  expectedVersion: versionNumberSchema.nullable(),
});
export type PublishPayload = z.infer<typeof publishPayloadSchema>;

export interface VersionSummary {
  readonly version: number;
  /** Account id of the publisher. */
  readonly author: string;
  readonly publishedAt: string;
  readonly comment: string;
  /** Set when this version restored an older one. */
  readonly restoredFrom?: number;
  /** True for the version that routes requests now (the newest). */
  readonly isPublished: boolean;
}

export const listVersionsPayloadSchema = z.strictObject({ limit: z.number().int().min(1).max(100).default(50) });

export const getVersionPayloadSchema = z.strictObject({ version: versionNumberSchema });
export interface VersionView {
  readonly summary: VersionSummary;
  readonly policy: Policy;
}

export const diffPayloadSchema = z.strictObject({ from: versionNumberSchema, to: versionNumberSchema });

/** One changed value, by dotted path inside the lane or trigger (`owner.groupId`, `stage.mode`). */
export interface FieldChange {
  readonly path: string;
  /** Absent when the value was added. */
  readonly before?: JsonValue;
  /** Absent when the value was removed. */
  readonly after?: JsonValue;
}

export interface EntityDiff {
  /** Lane key or trigger id. */
  readonly key: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly fields: readonly FieldChange[];
}

export interface PolicyDiff {
  readonly from: number;
  readonly to: number;
  /** Policy-wide settings such as `excludeAssignee`. */
  readonly settings: readonly FieldChange[];
  readonly lanes: readonly EntityDiff[];
  readonly triggers: readonly EntityDiff[];
  /** Trigger ids in a different relative order (order decides the trace, not the plan). */
  readonly reordered: boolean;
  readonly identical: boolean;
}

export const restorePayloadSchema = z.strictObject({
  version: versionNumberSchema,
  comment: commentSchema,
  expectedVersion: versionNumberSchema.nullable(),
});
export type RestorePayload = z.infer<typeof restorePayloadSchema>;

// policy/simulate ---------------------------------------------------------------------------------

export const simulatePayloadSchema = z.strictObject({ limit: z.number().int().min(1).max(50).default(20) });
export type SimulatePayload = z.infer<typeof simulatePayloadSchema>;

export type OutcomeKind = 'approval' | 'no-approval' | 'exception' | 'clarification' | 'no-workflow';

export interface SimulatedStage {
  readonly lane: string;
  readonly laneTitle: string;
  /** `any`, `all` or `2 of m`. */
  readonly mode: string;
  readonly order: number;
  /** Account ids of the resolved approvers. */
  readonly approvers: readonly string[];
  /** The requester (or assignee) was in the group and was removed. */
  readonly selfApprovalRemoved: boolean;
  readonly fellBackToBackup: boolean;
}

export interface SimulatedOutcome {
  readonly kind: OutcomeKind;
  readonly stages: readonly SimulatedStage[];
  /** For exceptions, clarifications and unmatched requests: why, in words. */
  readonly note?: string;
}

export type SimulationChangeKind =
  | 'outcome'
  | 'lane-added'
  | 'lane-removed'
  | 'approvers'
  | 'extra-stage'
  | 'fewer-stages'
  | 'self-approval-conflict'
  | 'empty-group';

export interface SimulationChange {
  readonly kind: SimulationChangeKind;
  /** In words: "adds a Finance stage (any one)", "Security group sec-team has no members". */
  readonly text: string;
  readonly lane?: string;
}

export interface SimulatedRequest {
  readonly issueKey: string;
  readonly summary: string;
  readonly created: string;
  readonly workflowKey: string | null;
  readonly published: SimulatedOutcome;
  readonly draft: SimulatedOutcome;
  /** Empty when the draft routes the request exactly as the published policy does. */
  readonly changes: readonly SimulationChange[];
}

export interface SimulationReport {
  /** The published version compared against; null when nothing is published yet. */
  readonly publishedVersion: number | null;
  readonly requests: readonly SimulatedRequest[];
  readonly summary: {
    readonly requests: number;
    readonly changed: number;
    readonly extraStages: number;
    readonly fewerStages: number;
    readonly approverChanges: number;
    readonly selfApprovalConflicts: number;
    readonly emptyGroups: number;
    /** Stage counts per lane under each policy. */
    readonly byLane: readonly { readonly lane: string; readonly published: number; readonly draft: number }[];
  };
}

// workflow/list -----------------------------------------------------------------------------------

export interface WorkflowView {
  readonly key: string;
  readonly version: string;
  readonly title: string;
  readonly description: string;
  readonly requestTypes: readonly string[];
  readonly inputFields: readonly WorkflowInputField[];
  /** The source file the workflow is defined in, read-only, as built into this app version. */
  readonly source: { readonly file: string; readonly code: string } | null;
}

// setup/check -------------------------------------------------------------------------------------

export type SetupSeverity = 'ok' | 'warning' | 'error';

export interface SetupFinding {
  /** Stable id of the check, such as `field-on-request-type` or `lane-group-empty`. */
  readonly check: string;
  readonly severity: SetupSeverity;
  /** What was checked, in words. */
  readonly subject: string;
  /** What is wrong and exactly how to fix it; a confirmation when ok. */
  readonly message: string;
}

export interface SetupReport {
  readonly findings: readonly SetupFinding[];
  readonly errors: number;
  readonly warnings: number;
}

// settings/get, settings/save ---------------------------------------------------------------------

/** `settings/get` answers null before the first save. */
export type SettingsView = AppSettings | null;
export const saveSettingsPayloadSchema = z.strictObject({ settings: z.unknown() });
