import type { AuditEvent } from '../../domain/audit/audit-chain';
import type { RunState } from '../../domain/run/run-types';
import type { AuditLog } from './run-record';

/**
 * The run as the issue carries it, for agents, JQL and auditors. `approval-router.run` holds a
 * compact summary (indexed for JQL by manifest.yml's jira:entityProperty) and the audit chunk being
 * filled; sealed chunks live in `approval-router.audit.<n>`. Nothing here is secret: audit data is
 * redacted when it is recorded, and people appear by account id only.
 */
export const RUN_PROPERTY_KEY = 'approval-router.run';

export function auditChunkPropertyKey(index: number): string {
  return `approval-router.audit.${index}`;
}

export interface RunSummary {
  readonly phase: string;
  /** The lane the request waits on (an approval stage's, or the owner of a manual step), or empty. */
  readonly lane: string;
  readonly workflow: string;
  /** `yes` or `no`: a string, so JQL can search it through the entity property index. */
  readonly blocked: 'yes' | 'no';
  readonly policyVersion: number;
  readonly updated: string;
}

export interface RunProperty {
  readonly state: RunSummary;
  readonly audit: {
    readonly count: number;
    readonly head: string | null;
    /** Index of the chunk carried here; chunks before it are in their own properties. */
    readonly chunk: number;
    readonly events: readonly AuditEvent[];
  };
}

const BLOCKED_PHASES = new Set(['exception', 'compensating']);

/** The lane whose people the request waits on: the approval stage's, or the owner lane of a manual step. */
function waitingLane(run: RunState): string {
  if (run.phase === 'awaiting-approval') return run.stages.find((stage) => stage.status === 'waiting')?.lane ?? '';
  if (run.phase === 'execution-limit') {
    const step = run.steps.find((s) => s.status === 'manual-waiting');
    return step?.definition.kind === 'manual' ? step.definition.ownerLane : '';
  }
  return '';
}

export function summarizeRunForIssue(run: RunState, audit: AuditLog): RunProperty {
  return {
    state: {
      phase: run.phase,
      lane: waitingLane(run),
      workflow: run.workflow ? `${run.workflow.key}@${run.workflow.version}` : '',
      blocked: BLOCKED_PHASES.has(run.phase) ? 'yes' : 'no',
      policyVersion: run.policyVersion ?? 0,
      updated: run.updatedAt ?? '',
    },
    audit: { count: audit.count, head: audit.tail?.hash ?? null, chunk: audit.chunkIndex, events: audit.chunk },
  };
}
