import type { IntakeOutcome, PlannedStage, TraceEntry } from '../domain/policy/plan-types';
import type { StageMode } from '../domain/policy/policy-schema';

/** Renders an intake outcome for a person: what matched, each stage and why, what did not fire. */
export function formatExplanation(outcome: IntakeOutcome): string {
  const lines: string[] = [];
  if (outcome.kind === 'no-workflow') {
    lines.push(`No workflow: ${outcome.reason}`);
    lines.push('The request would go to an exception escalation.');
    return `${lines.join('\n')}\n`;
  }
  if (outcome.kind === 'clarification') {
    lines.push(`Workflow: ${outcome.workflow.key}@${outcome.workflow.version}`);
    lines.push('Outcome: clarification. The requester must answer first:');
    for (const q of outcome.questions) lines.push(`  - ${q.field ? `[${q.field}] ` : ''}${q.question}`);
    return `${lines.join('\n')}\n`;
  }

  const { plan } = outcome;
  lines.push(`Workflow: ${plan.workflow.key}@${plan.workflow.version}`);
  lines.push(`Policy version: ${plan.policyVersion}`);
  if (plan.kind === 'no-approval') lines.push('Outcome: no approval needed; the workflow runs at once.');
  if (plan.kind === 'approval') lines.push(`Outcome: approval in ${plan.stages.length} stage${plan.stages.length === 1 ? '' : 's'}.`);
  if (plan.kind === 'exception') {
    lines.push(`Outcome: exception ${plan.exception.code}.`);
    lines.push(`  ${plan.exception.reason}`);
  }

  if (plan.stages.length > 0) {
    lines.push('', 'Stages (the same order runs in parallel):');
    for (const stage of plan.stages) lines.push(...formatStage(stage, plan.trace));
  }

  const fired = plan.trace.filter((t): t is Extract<TraceEntry, { kind: 'trigger' }> => t.kind === 'trigger' && t.matched);
  const notFired = plan.trace.filter((t): t is Extract<TraceEntry, { kind: 'trigger' }> => t.kind === 'trigger' && !t.matched);
  if (fired.length > 0) {
    lines.push('', 'Triggers that matched:');
    for (const t of fired) lines.push(`  - ${t.triggerId} → ${t.lane}: ${t.explanation}`);
  }
  if (notFired.length > 0) {
    lines.push('', 'Triggers that did not match:');
    for (const t of notFired) lines.push(`  - ${t.triggerId} (${t.lane}): ${t.explanation}`);
  }
  const merges = plan.trace.filter((t) => t.kind === 'merge');
  if (merges.length > 0) {
    lines.push('', 'Merged requirements:');
    for (const m of merges) lines.push(`  - ${m.lane}: ${m.explanation}`);
  }
  return `${lines.join('\n')}\n`;
}

function modeText(mode: StageMode): string {
  return mode.type === 'n-of-m' ? `${mode.n} of the group` : mode.type === 'all' ? 'all must approve' : 'any one approves';
}

function formatStage(stage: PlannedStage, trace: readonly TraceEntry[]): string[] {
  const lines = [
    `  ${stage.id}  order ${stage.order}  ${stage.laneTitle} (${stage.lane})  ${modeText(stage.mode)}  [${stage.source}]`,
    `      group: ${stage.group.name} (${stage.group.groupId})${stage.fellBackToBackup ? ' (backup, after the owner group could not decide)' : ''}`,
    `      approvers: ${stage.approvers.length > 0 ? stage.approvers.join(', ') : 'none'}`,
  ];
  if (stage.excluded.length > 0) lines.push(`      excluded (separation of duties): ${stage.excluded.join(', ')}`);
  for (const reason of stage.reasons) lines.push(`      why: ${reason}`);
  if (stage.triggerIds.length > 0) lines.push(`      triggers: ${stage.triggerIds.join(', ')}`);
  for (const entry of trace) {
    if ((entry.kind === 'approvers' || entry.kind === 'separation-of-duties') && entry.stageId === stage.id) lines.push(`      note: ${entry.explanation}`);
  }
  lines.push(`      timing: remind after ${stage.remindAfter}, backup after ${stage.escalateAfter}, timeout after ${stage.timeoutAfter} (${timeoutText(stage)})`);
  return lines;
}

function timeoutText(stage: PlannedStage): string {
  const action = stage.onTimeout;
  if (action.action === 'decline') return 'then decline';
  if (action.action === 'escalate-backup') return 'then escalate to the backup group';
  return `then hand to the ${action.lane} lane`;
}
