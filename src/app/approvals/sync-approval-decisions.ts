import type { RunEvent, RunState } from '../../domain/run/run-types';
import type { ApprovalRecord } from '../../ports/jira-gateway';
import { dispatchRunEvents } from '../run/dispatch';
import type { CommandDeps } from '../run/execute-commands';
import { loadRecord, type RunRef } from '../run/run-engine';
import { runIdForIssue } from '../run/run-record';

/** Allowed difference between Jira's and the app's clocks when matching an approval to its routing. */
const CLOCK_SKEW_MS = 60_000;

/**
 * The request left an approval status (Jira has no approval event): read the approvals to learn
 * who decided what, and record each decision once. Reading the approvals rather than trusting the
 * event makes duplicate and reordered deliveries harmless: a decision already recorded is skipped.
 */
export async function syncApprovalDecisions(
  deps: CommandDeps,
  issue: { readonly id: string; readonly key: string },
  /** The status the event says the issue moved to, when it says so. */
  statusId?: string,
): Promise<'recorded' | 'nothing-new' | 'no-run'> {
  const ref: RunRef = { runId: runIdForIssue(issue.id), issueId: issue.id, issueKey: issue.key };
  const { record } = await loadRecord(deps.store, ref);
  if (!record) return 'no-run';
  if (record.run.phase !== 'awaiting-approval') return 'nothing-new';
  const approvals = await deps.jira.listApprovals(issue.id);
  const events = decisionsToRecord(record.run, approvals);
  if (events.length === 0) return 'nothing-new';
  await dispatchRunEvents(deps, ref, events, statusId ? { statusId } : {});
  return 'recorded';
}

/** New decisions on the newest approval, for the stages that wait on those approvers. */
export function decisionsToRecord(run: RunState, approvals: readonly ApprovalRecord[]): RunEvent[] {
  const newest = [...approvals].sort((a, b) => (a.createdDate ?? '').localeCompare(b.createdDate ?? '') || Number(a.id) - Number(b.id)).at(-1);
  if (!newest) return [];
  const events: RunEvent[] = [];
  for (const stage of run.stages) {
    if (stage.status !== 'waiting') continue;
    // An approval created before this stage was routed belongs to an earlier stage.
    if (stage.routedAt && newest.createdDate && Date.parse(newest.createdDate) < Date.parse(stage.routedAt) - CLOCK_SKEW_MS) continue;
    for (const entry of newest.approvers) {
      if (entry.decision === 'pending' || !stage.approvers.includes(entry.approverAccountId)) continue;
      if (stage.decisions.some((d) => d.accountId === entry.approverAccountId)) continue;
      events.push({
        type: 'approval.decided',
        stageId: stage.id,
        decision: entry.decision === 'approved' ? 'approve' : 'decline',
        approverAccountId: entry.approverAccountId,
        at: newest.completedDate ?? newest.createdDate ?? run.updatedAt ?? '',
      });
    }
  }
  return events;
}
