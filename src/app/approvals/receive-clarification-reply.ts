import { dispatchRunEvents } from '../run/dispatch';
import type { CommandDeps } from '../run/execute-commands';
import { loadRecord, type RunRef } from '../run/run-engine';
import { runIdForIssue } from '../run/run-record';

export interface ReplyComment {
  readonly authorAccountId: string | null;
  readonly text: string;
  readonly internal: boolean;
}

/**
 * A comment on a request that waits for the requester: their public reply answers the questions
 * and the request is evaluated again. Other comments (agents, internal notes) change nothing.
 */
export async function receiveClarificationReply(
  deps: CommandDeps,
  issue: { readonly id: string; readonly key: string },
  comment: ReplyComment,
): Promise<'answered' | 'ignored'> {
  const ref: RunRef = { runId: runIdForIssue(issue.id), issueId: issue.id, issueKey: issue.key };
  const { record } = await loadRecord(deps.store, ref);
  const run = record?.run;
  if (!run || run.phase !== 'clarification' || comment.internal) return 'ignored';
  if (!comment.authorAccountId || comment.authorAccountId !== run.request?.requester.accountId) return 'ignored';
  const questions = run.clarification?.questions ?? [];
  const fields = answersToFields(questions.map((q) => q.field), comment.text);
  await dispatchRunEvents(deps, ref, [{ type: 'clarification.answered', by: comment.authorAccountId, text: comment.text, fields }]);
  return 'answered';
}

/**
 * Reads answers from a reply: with one question the whole reply answers it; with several, lines of
 * the form `field: value` (by input name, case-insensitive) answer each, and the rest is kept as text.
 */
export function answersToFields(fields: readonly string[], text: string): Record<string, string> {
  const trimmed = text.trim();
  const [only, ...others] = fields;
  if (only && others.length === 0) return { [only]: stripLabel(trimmed, only) };
  const answers: Record<string, string> = {};
  for (const line of trimmed.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z][A-Za-z0-9 ]{0,63})\s*:\s*(.+)$/.exec(line);
    if (!match) continue;
    const key = fields.find((f) => f.toLowerCase() === (match[1] ?? '').replace(/\s+/g, '').toLowerCase());
    if (key) answers[key] = (match[2] ?? '').trim();
  }
  return answers;
}

function stripLabel(text: string, field: string): string {
  const match = /^\s*([A-Za-z][A-Za-z0-9 ]{0,63})\s*:\s*(.+)$/s.exec(text);
  return match && (match[1] ?? '').replace(/\s+/g, '').toLowerCase() === field.toLowerCase() ? (match[2] ?? '').trim() : text;
}
