import { sortSmall } from '../common/sort-small';
import type { Facts } from '../facts';
import type { StageRequirement } from '../workflows/workflow-types';
import type { CompiledPolicy } from './compile-policy';
import type { TraceEntry } from './plan-types';
import type { StageMode } from './policy-schema';

/**
 * The first half of planning: which lanes need a stage, in which mode and order. The floor comes
 * first and triggers can only make a lane stricter or earlier, so a plan can never ask for less
 * than the workflow's floor.
 */

export interface StageDraft {
  readonly lane: string;
  mode: StageMode;
  order: number;
  source: 'floor' | 'policy' | 'floor+policy';
  readonly reasons: string[];
  readonly triggerIds: string[];
  /** From the floor: approve by the account ids in this fact rather than the lane's group. */
  approversFromFact: string | undefined;
  /** `reasons` as a set once the lane has merged several, so a large policy dedupes in constant time. */
  reasonSet: Set<string> | undefined;
}

export interface StageSelection {
  /** One draft per lane, sorted by (order, lane). */
  readonly drafts: StageDraft[];
  /** Floor lanes the policy does not define. */
  readonly unknownLanes: string[];
}

/** How strict a mode is: any < 2-of-m < 3-of-m < ... < all. */
export function rankMode(mode: StageMode): number {
  if (mode.type === 'any') return 1;
  if (mode.type === 'all') return Number.POSITIVE_INFINITY;
  return mode.n;
}

/** Words for a mode, as approvers and admins say it. */
export function describeMode(mode: StageMode): string {
  return mode.type === 'n-of-m' ? `${mode.n} of the group` : mode.type === 'all' ? 'all' : 'any one';
}

/** Picks the floor and the matching triggers' stages, merged by lane; appends to `trace`. */
export function selectStages(
  compiled: CompiledPolicy,
  floor: readonly StageRequirement[],
  facts: Facts,
  workflowKey: string,
  trace: TraceEntry[],
): StageSelection {
  const byLane = new Map<string, StageDraft>();
  const unknownLanes: string[] = [];

  for (const requirement of floor) {
    trace.push({ kind: 'floor', lane: requirement.lane, mode: requirement.mode, order: requirement.order, reason: requirement.reason });
    if (!compiled.lanes.has(requirement.lane)) {
      if (!unknownLanes.includes(requirement.lane)) unknownLanes.push(requirement.lane);
      continue;
    }
    const existing = byLane.get(requirement.lane);
    if (!existing) {
      byLane.set(requirement.lane, {
        lane: requirement.lane,
        mode: requirement.mode,
        order: requirement.order,
        source: 'floor',
        reasons: [requirement.reason],
        triggerIds: [],
        approversFromFact: requirement.approversFromFact,
        reasonSet: undefined,
      });
    } else {
      mergeInto(existing, requirement.mode, describeMode(requirement.mode), requirement.order, requirement.reason, 'the workflow floor', trace);
      existing.approversFromFact ??= requirement.approversFromFact;
    }
  }

  for (const trigger of compiled.triggers) {
    if (!trigger.enabled) {
      trace.push(trigger.skipped.disabled);
      continue;
    }
    if (trigger.workflows !== null && !trigger.workflows.has(workflowKey)) {
      trace.push(trigger.skipped.otherWorkflow);
      continue;
    }
    const matched = trigger.condition.test(facts);
    trace.push({ kind: 'trigger', triggerId: trigger.id, matched, explanation: trigger.condition.explain(facts), lane: trigger.lane });
    if (!matched) continue;
    const existing = byLane.get(trigger.lane);
    if (!existing) {
      byLane.set(trigger.lane, {
        lane: trigger.lane,
        mode: trigger.mode,
        order: trigger.order,
        source: 'policy',
        reasons: [trigger.description],
        triggerIds: [trigger.id],
        approversFromFact: undefined,
        reasonSet: undefined,
      });
      continue;
    }
    mergeInto(existing, trigger.mode, trigger.modeText, trigger.order, trigger.description, trigger.byText, trace);
    existing.triggerIds.push(trigger.id);
    if (existing.source === 'floor') existing.source = 'floor+policy';
  }

  const drafts: StageDraft[] = [];
  for (const draft of byLane.values()) drafts.push(draft);
  sortSmall(drafts, byOrderThenLane);
  return { drafts, unknownLanes };
}

const byOrderThenLane = (a: StageDraft, b: StageDraft): number => a.order - b.order || (a.lane < b.lane ? -1 : a.lane > b.lane ? 1 : 0);

/** Merges a second requirement into a lane's stage: the stricter mode and the earlier order win. */
function mergeInto(draft: StageDraft, mode: StageMode, modeText: string, order: number, reason: string, by: string, trace: TraceEntry[]): void {
  const beforeMode = draft.mode;
  const beforeOrder = draft.order;
  // Ranks and orders decide; a mode of the same rank is worded the same (n-of-m needs n >= 2).
  const raised = rankMode(mode) > rankMode(beforeMode);
  const earlier = order < beforeOrder;
  if (raised) draft.mode = mode;
  if (earlier) draft.order = order;
  addReason(draft, reason);
  const asks = by + ' asks ' + modeText + ' at order ' + String(order);
  const after = describeMode(draft.mode) + ' at order ' + String(draft.order);
  trace.push({
    kind: 'merge',
    lane: draft.lane,
    explanation:
      raised || earlier
        ? asks + '; the stage goes from ' + describeMode(beforeMode) + ' at order ' + String(beforeOrder) + ' to ' + after
        : asks + '; the stage stays ' + after + ' (a requirement is never lowered)',
  });
}

/** Adds a reason once; a lane's first few reasons are compared directly, more through a set. */
function addReason(draft: StageDraft, reason: string): void {
  if (draft.reasonSet !== undefined) {
    if (draft.reasonSet.has(reason)) return;
    draft.reasonSet.add(reason);
    draft.reasons.push(reason);
    return;
  }
  if (draft.reasons.includes(reason)) return;
  draft.reasons.push(reason);
  if (draft.reasons.length >= 8) draft.reasonSet = new Set(draft.reasons);
}
