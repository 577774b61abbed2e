import type { PortalPhase, PortalStatus } from '../../contract/run-view';
import type { RunState } from '../../domain/run/run-types';
import { REVOCATION_WORDS } from '../../domain/run/revocation-words';

/**
 * What a requester sees of their request: plain words, lane titles only. Never approver names,
 * systems, step ids, errors, policy or trigger names, nor anything about other people.
 */

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** "Tuesday 14:00" (UTC) for a deadline within a week of now, else "24 Nov 14:00". */
export function formatDue(due: string, now: string): string {
  const date = new Date(due);
  const time = `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`;
  const days = (Date.parse(due) - Date.parse(now)) / 86_400_000;
  if (days >= 0 && days < 6) return `${WEEKDAYS[date.getUTCDay()]} ${time} UTC`;
  const month = date.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  return `${date.getUTCDate()} ${month} ${time} UTC`;
}

function phaseOf(run: RunState): PortalPhase {
  switch (run.phase) {
    case 'new':
    case 'intake':
      return 'received';
    case 'clarification':
      return 'waiting-for-you';
    case 'awaiting-approval':
      return 'waiting-for-approval';
    case 'executing':
    case 'revoking':
      return 'in-progress';
    case 'completed':
    case 'revoked':
      return 'done';
    case 'declined':
      return 'declined';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'with-support';
  }
}

/** The requester's view of their run at `now`. */
export function buildPortalStatus(issueKey: string, run: RunState, now: string): PortalStatus {
  const phase = phaseOf(run);
  const history: { at: string; text: string }[] = [];
  if (run.startedAt) history.push({ at: run.startedAt, text: 'Request received' });
  for (const stage of run.stages) {
    const last = stage.decisions.at(-1);
    if (stage.status === 'approved' && last) history.push({ at: last.at, text: `Approved by ${stage.laneTitle}` });
    if (stage.status === 'declined' && last) history.push({ at: last.at, text: `Declined by ${stage.laneTitle}` });
  }
  // Step titles name systems, channels and groups: the requester is told how far the work is, not what it touched.
  run.steps.forEach((step, index) => {
    if ((step.status === 'succeeded' || step.status === 'manual-done') && step.completedAt) {
      history.push({ at: step.completedAt, text: `Work step ${index + 1} of ${run.steps.length} done` });
    }
  });
  // Jira's and the app's timestamps differ in format (+0000 and Z): order by the instant.
  const instant = (iso: string): number => Date.parse(iso) || 0;
  history.sort((a, b) => instant(a.at) - instant(b.at));

  const waiting = run.phase === 'awaiting-approval' ? run.stages.find((s) => s.status === 'waiting') : undefined;
  const due = waiting?.due;
  let headline: string;
  switch (phase) {
    case 'waiting-for-approval':
      headline = waiting ? `Waiting for ${waiting.laneTitle} approval${due ? `, due ${formatDue(due, now)}` : ''}` : 'Waiting for approval';
      break;
    case 'waiting-for-you':
      headline = 'We need a little more information from you: please answer the question below as a comment.';
      break;
    case 'received':
      headline = 'Your request was received and is being checked.';
      break;
    case 'in-progress':
      headline = 'Approved: the work is being done now.';
      break;
    case 'done':
      headline = run.phase === 'revoked' ? `Done. ${REVOCATION_WORDS[run.revocationSchedule?.ends ?? 'access'].ended}` : 'Done.';
      break;
    case 'declined':
      headline = 'Your request was declined.';
      break;
    case 'cancelled':
      headline = 'Your request was cancelled.';
      break;
    default:
      headline = 'Our support team is looking at your request.';
  }
  return {
    issueKey,
    phase,
    headline,
    ...(waiting ? { waitingOn: { laneTitle: waiting.laneTitle, ...(due ? { due } : {}) } } : {}),
    history,
    ...(run.phase === 'clarification' && run.clarification ? { clarification: { questions: run.clarification.questions.map((q) => q.question) } } : {}),
  };
}
