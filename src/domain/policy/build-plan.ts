import type { StageRequirement } from '../workflows/workflow-types';
import type { CompiledPolicy } from './compile-policy';
import type { Plan, PlanInput, PlannedStage, TraceEntry } from './plan-types';
import type { GroupRef, Lane } from './policy-schema';
import { selectStages, type StageDraft } from './select-stages';

interface PlanException {
  readonly code: 'UNKNOWN_LANE' | 'NO_ELIGIBLE_APPROVER' | 'NOT_ENOUGH_APPROVERS';
  readonly reason: string;
}

const EMPTY: readonly string[] = [];

/**
 * Builds the approval plan for one request: floor ∪ matching triggers, merged by lane, with
 * approvers resolved and separation of duties applied. Pure and deterministic; the trace records
 * every floor stage, every trigger considered, every merge and every approver decision.
 */
export function buildPlan(compiled: CompiledPolicy, floor: readonly StageRequirement[], input: PlanInput): Plan {
  const trace: TraceEntry[] = [];
  const { drafts, unknownLanes } = selectStages(compiled, floor, input.facts, input.workflow.key, trace);

  const excludedIds = new Set<string>([input.requester.accountId]);
  if (compiled.excludeAssignee && input.assigneeAccountId) excludedIds.add(input.assigneeAccountId);

  const stages: PlannedStage[] = [];
  let exception: PlanException | undefined;
  if (unknownLanes.length > 0) {
    exception = {
      code: 'UNKNOWN_LANE',
      reason: `The workflow requires approval from lane${unknownLanes.length > 1 ? 's' : ''} ${unknownLanes.map((l) => `"${l}"`).join(', ')}, which the policy does not define.`,
    };
  }

  drafts.forEach((draft, index) => {
    const lane = compiled.lanes.get(draft.lane) as Lane;
    const resolved = resolveStage(`stage-${index + 1}`, draft, lane, input, excludedIds, trace);
    stages.push(resolved.stage);
    exception ??= resolved.exception;
  });

  // Literal objects rather than a spread of a shared base: a spread copies through the slow path.
  const { requestKey, workflow, facts } = input;
  const policyVersion = compiled.version;
  if (exception) return { requestKey, workflow, policyVersion, facts, trace, kind: 'exception', stages, exception };
  if (stages.length === 0) return { requestKey, workflow, policyVersion, facts, trace, kind: 'no-approval', stages: [] };
  return { requestKey, workflow, policyVersion, facts, trace, kind: 'approval', stages };
}

function accountIdsFromFact(value: unknown): readonly string[] {
  if (typeof value === 'string') return value.length > 0 ? [value] : EMPTY;
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v.length > 0);
  return EMPTY;
}

function groupLabel(group: GroupRef): string {
  return `${group.name} (${group.groupId})`;
}

/** Where a stage's candidates come from, before separation of duties. */
function candidatesFor(draft: StageDraft, lane: Lane, input: PlanInput): { ids: readonly string[]; origin: string; known: boolean } {
  if (draft.approversFromFact !== undefined) {
    const ids = accountIdsFromFact(input.facts[draft.approversFromFact]);
    if (ids.length > 0) return { ids, origin: `the people named in ${draft.approversFromFact}`, known: true };
  }
  if (lane.approverSource === 'requester-manager' && input.requester.managerAccountId) {
    return { ids: [input.requester.managerAccountId], origin: "the requester's manager", known: true };
  }
  const members = input.directory.groupMembers[lane.owner.groupId];
  return { ids: members ?? EMPTY, origin: `owner group ${groupLabel(lane.owner)}`, known: members !== undefined };
}

function eligible(ids: readonly string[], excluded: ReadonlySet<string>, removed: Set<string>): string[] {
  const out = new Set<string>();
  for (const id of ids) {
    if (excluded.has(id)) removed.add(id);
    else out.add(id);
  }
  return [...out].sort();
}

/** Resolves approvers for one stage, falling back to the backup group when the owner cannot decide. */
function resolveStage(
  id: string,
  draft: StageDraft,
  lane: Lane,
  input: PlanInput,
  excludedIds: ReadonlySet<string>,
  trace: TraceEntry[],
): { stage: PlannedStage; exception?: PlanException } {
  const needed = draft.mode.type === 'n-of-m' ? draft.mode.n : 1;
  const removed = new Set<string>();
  const candidates = candidatesFor(draft, lane, input);
  let approvers = eligible(candidates.ids, excludedIds, removed);
  let group = lane.owner;
  let fellBackToBackup = false;

  trace.push({
    kind: 'approvers',
    stageId: id,
    explanation: candidates.known
      ? `${draft.lane}: ${approvers.length} eligible approver${approvers.length === 1 ? '' : 's'} from ${candidates.origin}`
      : `${draft.lane}: ${candidates.origin} was not read, so it gives no approvers`,
  });
  if (removed.size > 0) {
    trace.push({
      kind: 'separation-of-duties',
      stageId: id,
      explanation: `${draft.lane}: removed ${[...removed].sort().join(', ')} (requester${excludedIds.size > 1 ? ' or assignee' : ''}) from ${candidates.origin}`,
    });
  }

  if (approvers.length < needed) {
    const backupMembers = input.directory.groupMembers[lane.backup.groupId] ?? EMPTY;
    const backupApprovers = eligible(backupMembers, excludedIds, removed);
    const why =
      approvers.length === 0 && removed.size > 0
        ? 'separation of duties left nobody'
        : approvers.length === 0
          ? 'nobody is available'
          : `only ${approvers.length} of the ${needed} needed ${approvers.length === 1 ? 'is' : 'are'} eligible`;
    trace.push({
      kind: removed.size > 0 ? 'separation-of-duties' : 'approvers',
      stageId: id,
      explanation: `${draft.lane}: ${why} in ${candidates.origin}; falling back to backup group ${groupLabel(lane.backup)} (${backupApprovers.length} eligible)`,
    });
    approvers = backupApprovers;
    group = lane.backup;
    fellBackToBackup = true;
  }

  const stage: PlannedStage = {
    id,
    lane: draft.lane,
    laneTitle: lane.title,
    mode: draft.mode,
    order: draft.order,
    source: draft.source,
    reasons: draft.reasons,
    triggerIds: draft.triggerIds,
    group,
    backupGroup: lane.backup,
    approvers,
    excluded: [...removed].sort(),
    fellBackToBackup,
    remindAfter: lane.remindAfter,
    escalateAfter: lane.escalateAfter,
    timeoutAfter: lane.timeoutAfter,
    onTimeout: lane.onTimeout,
  };

  if (approvers.length === 0) {
    return {
      stage,
      exception: {
        code: 'NO_ELIGIBLE_APPROVER',
        reason: `Nobody can approve the ${lane.title} stage (lane ${draft.lane}): neither ${candidates.origin} nor backup group ${groupLabel(lane.backup)} has an eligible member once the requester${excludedIds.size > 1 ? ' and assignee are' : ' is'} excluded.`,
      },
    };
  }
  if (approvers.length < needed) {
    return {
      stage,
      exception: {
        code: 'NOT_ENOUGH_APPROVERS',
        reason: `The ${lane.title} stage (lane ${draft.lane}) needs ${needed} approvals but only ${approvers.length} eligible ${approvers.length === 1 ? 'person is' : 'people are'} in ${candidates.origin} or backup group ${groupLabel(lane.backup)}.`,
      },
    };
  }
  return { stage };
}
