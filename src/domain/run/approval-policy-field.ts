import type { StageMode } from '../policy/policy-schema';
import type { ApprovalPolicyField, RunState, StageState } from './run-types';

/** `any`, `all` or `2 of 3`, as the field shows it. */
function describeMode(mode: StageMode, approverCount: number): string {
  if (mode.type === 'n-of-m') return `${mode.n} of ${approverCount}`;
  return mode.type;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `14:00 UTC` when due the day the stage was routed, else `23 Nov 14:00 UTC`. */
function formatDueLabel(due: string, routedAt: string | undefined): string {
  const date = new Date(due);
  if (Number.isNaN(date.getTime())) return due;
  const time = `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')} UTC`;
  if (routedAt !== undefined && routedAt.slice(0, 10) === due.slice(0, 10)) return time;
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()] ?? ''} ${time}`;
}

function fieldStage(stage: StageState): ApprovalPolicyField['stages'][number] {
  const base = {
    id: stage.id,
    lane: stage.laneTitle,
    group: stage.group.name,
    mode: describeMode(stage.mode, stage.approvers.length),
    status: stage.status,
  };
  if (stage.status === 'waiting' && stage.due !== undefined) {
    return { ...base, due: stage.due, dueLabel: formatDueLabel(stage.due, stage.routedAt) };
  }
  return base;
}

/** The Approval policy custom field for a run; null before a workflow is known. */
export function buildApprovalPolicyField(state: RunState): ApprovalPolicyField | null {
  if (state.workflow === undefined) return null;
  const waiting = state.stages.filter((stage) => stage.status === 'waiting');
  const deadlines = waiting.map((stage) => stage.due).filter((due): due is string => due !== undefined).sort();
  const field: ApprovalPolicyField = {
    policyVersion: state.policyVersion ?? 0,
    workflow: `${state.workflow.key}@${state.workflow.version}`,
    state: state.phase,
    stages: state.stages.map(fieldStage),
  };
  const current = waiting.map((stage) => stage.id).join(', ');
  return {
    ...field,
    ...(current.length > 0 ? { currentStage: current } : {}),
    ...(deadlines[0] !== undefined ? { deadline: deadlines[0] } : {}),
  };
}
