import type { AuditChainTail, AuditEvent } from '../../domain/audit/audit-chain';
import type { RunCommand, RunEvent, RunState } from '../../domain/run/run-types';

/**
 * What the app stores per run. Events are the truth; the head is a snapshot of what they
 * produce plus the commands not yet confirmed executed, so a crash between "persist" and "act"
 * is finished by the next invocation that touches the run.
 */

/** One stored event with the audit events it produced and the commands it asked for. */
export interface RunRecordEvent {
  readonly event: RunEvent;
  readonly audit: readonly AuditEvent[];
  readonly commands: readonly RunCommand[];
}

export interface AuditLog {
  readonly tail: AuditChainTail | null;
  /** Index of the audit chunk being filled (0-based); earlier chunks are sealed. */
  readonly chunkIndex: number;
  /** Events of the chunk being filled. */
  readonly chunk: readonly AuditEvent[];
  /** The first chunk index not yet written in full to the issue. */
  readonly unsyncedFrom: number;
  /** Sealed chunks not yet written to the issue, by index. */
  readonly sealedUnsynced: Readonly<Record<string, readonly AuditEvent[]>>;
  readonly count: number;
}

export interface RunRecordState {
  readonly run: RunState;
  readonly audit: AuditLog;
  /** Commands produced by stored events and not yet confirmed executed. */
  readonly pending: readonly RunCommand[];
}

export const EMPTY_AUDIT_LOG: AuditLog = { tail: null, chunkIndex: 0, chunk: [], unsyncedFrom: 0, sealedUnsynced: {}, count: 0 };

/** The run id of an issue: one run per request, so duplicate creation events find the same run. */
export function runIdForIssue(issueId: string): string {
  return `issue-${issueId}`;
}
