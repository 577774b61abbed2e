import type { StageRequirement } from '../workflows/workflow-types';
import type { CompiledLane, CompiledPolicy } from './compile-policy';
import type { Plan, PlanInput, PlannedStage, TraceEntry } from './plan-types';
import { sortSmall } from '../common/sort-small';
import { selectStages, type StageDraft } from './select-stages';

interface PlanException {
  readonly code: 'UNKNOWN_LANE' | 'NO_ELIGIBLE_APPROVER' | 'NOT_ENOUGH_APPROVERS';
  readonly reason: string;
}

const EMPTY: readonly string[] = Object.freeze([]);

/**
 * Who separation of duties keeps off a request's approvals: the requester, and the assignee when
 * the policy says so. Two ids at most, so plain comparisons rather than a set per plan.
 */
interface Excluded {
  readonly requester: string;
  /** The assignee when the policy excludes them and they are not the requester. */
  readonly assignee: string | undefined;
}

const isExcluded = (excluded: Excluded, id: string): boolean => id === excluded.requester || id === excluded.assignee;

/** Stage ids are `stage-1`, `stage-2`...; the first few are made once. */
const STAGE_IDS = Array.from({ length: 16 }, (_, i) => `stage-${i + 1}`);
const stageId = (index: number): string => STAGE_IDS[index] ?? `stage-${index + 1}`;

/**
 * Builds the approval plan for one request: floor ∪ matching triggers, merged by lane, with
 * approvers resolved and separation of duties applied. Pure and deterministic; the trace records
 * every floor stage, every trigger considered, every merge and every approver decision.
 */
export function buildPlan(compiled: CompiledPolicy, floor: readonly StageRequirement[], input: PlanInput): Plan {
  const trace: TraceEntry[] = [];
  const { drafts, unknownLanes } = selectStages(compiled, floor, input.facts, input.workflow.key, trace);

  const requester = input.requester.accountId;
  const assignee = compiled.excludeAssignee && input.assigneeAccountId && input.assigneeAccountId !== requester ? input.assigneeAccountId : undefined;
  const excluded: Excluded = { requester, assignee };

  const stages: PlannedStage[] = [];
  let exception: PlanException | undefined;
  if (unknownLanes.length > 0) {
    exception = {
      code: 'UNKNOWN_LANE',
      reason: `The workflow requires approval from lane${unknownLanes.length > 1 ? 's' : ''} ${unknownLanes.map((l) => `"${l}"`).join(', ')}, which the policy does not define.`,
    };
  }

  for (let index = 0; index < drafts.length; index += 1) {
    const draft = drafts[index] as StageDraft;
    const lane = compiled.compiledLanes.get(draft.lane) as CompiledLane;
    const resolved = resolveStage(stageId(index), draft, lane, input, excluded, trace);
    stages.push(resolved.stage);
    exception ??= resolved.exception;
  }

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

/** Where a stage's candidates come from, before separation of duties. */
interface Candidates {
  readonly ids: readonly string[];
  readonly origin: string;
  readonly known: boolean;
}

function candidatesFor(draft: StageDraft, compiledLane: CompiledLane, input: PlanInput): Candidates {
  if (draft.approversFromFact !== undefined) {
    const ids = accountIdsFromFact(input.facts[draft.approversFromFact]);
    if (ids.length > 0) return { ids, origin: `the people named in ${draft.approversFromFact}`, known: true };
  }
  const lane = compiledLane.lane;
  if (lane.approverSource === 'requester-manager' && input.requester.managerAccountId) {
    return { ids: [input.requester.managerAccountId], origin: "the requester's manager", known: true };
  }
  const members = input.directory.groupMembers[lane.owner.groupId];
  return { ids: members ?? EMPTY, origin: compiledLane.ownerOrigin, known: members !== undefined };
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Above this many candidates duplicates are found through a set rather than by scanning. */
const SCAN_LIMIT = 16;

/**
 * The candidates separation of duties leaves, without duplicates, sorted; the excluded ones are
 * added to `removed`.
 */
function eligible(ids: readonly string[], excluded: Excluded, removed: string[]): string[] {
  const out: string[] = [];
  const seen = ids.length > SCAN_LIMIT ? new Set<string>() : undefined;
  for (const id of ids) {
    if (isExcluded(excluded, id)) {
      if (!removed.includes(id)) removed.push(id);
    } else if (seen === undefined ? !out.includes(id) : !seen.has(id)) {
      seen?.add(id);
      out.push(id);
    }
  }
  return sortSmall(out, byCodeUnits);
}

/** Resolves approvers for one stage, falling back to the backup group when the owner cannot decide. */
function resolveStage(
  id: string,
  draft: StageDraft,
  compiledLane: CompiledLane,
  input: PlanInput,
  excluded: Excluded,
  trace: TraceEntry[],
): { stage: PlannedStage; exception?: PlanException } {
  const lane = compiledLane.lane;
  const needed = draft.mode.type === 'n-of-m' ? draft.mode.n : 1;
  // At most the requester and the assignee: a list, sorted when it is read.
  const removed: string[] = [];
  const candidates = candidatesFor(draft, compiledLane, input);
  let approvers = eligible(candidates.ids, excluded, removed);
  let group = lane.owner;
  let fellBackToBackup = false;
  const whom = excluded.assignee !== undefined ? 'requester or assignee' : 'requester';

  trace.push({
    kind: 'approvers',
    stageId: id,
    explanation: candidates.known
      ? `${draft.lane}: ${approvers.length} eligible approver${approvers.length === 1 ? '' : 's'} from ${candidates.origin}`
      : `${draft.lane}: ${candidates.origin} was not read, so it gives no approvers`,
  });
  if (removed.length > 0) {
    trace.push({
      kind: 'separation-of-duties',
      stageId: id,
      explanation: `${draft.lane}: removed ${removed.slice().sort(byCodeUnits).join(', ')} (${whom}) from ${candidates.origin}`,
    });
  }

  if (approvers.length < needed) {
    const backupMembers = input.directory.groupMembers[lane.backup.groupId] ?? EMPTY;
    const backupApprovers = eligible(backupMembers, excluded, removed);
    const why =
      approvers.length === 0 && removed.length > 0
        ? 'separation of duties left nobody'
        : approvers.length === 0
          ? 'nobody is available'
          : `only ${approvers.length} of the ${needed} needed ${approvers.length === 1 ? 'is' : 'are'} eligible`;
    trace.push({
      kind: removed.length > 0 ? 'separation-of-duties' : 'approvers',
      stageId: id,
      explanation: `${draft.lane}: ${why} in ${candidates.origin}; falling back to backup group ${compiledLane.backupLabel} (${backupApprovers.length} eligible)`,
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
    excluded: sortSmall(removed, byCodeUnits),
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
        reason: `Nobody can approve the ${lane.title} stage (lane ${draft.lane}): neither ${candidates.origin} nor backup group ${compiledLane.backupLabel} has an eligible member once the requester${excluded.assignee !== undefined ? ' and assignee are' : ' is'} excluded.`,
      },
    };
  }
  if (approvers.length < needed) {
    return {
      stage,
      exception: {
        code: 'NOT_ENOUGH_APPROVERS',
        reason: `The ${lane.title} stage (lane ${draft.lane}) needs ${needed} approvals but only ${approvers.length} eligible ${approvers.length === 1 ? 'person is' : 'people are'} in ${candidates.origin} or backup group ${compiledLane.backupLabel}.`,
      },
    };
  }
  return { stage };
}
