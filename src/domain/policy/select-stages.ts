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
      });
    } else {
      mergeInto(existing, requirement.mode, requirement.order, requirement.reason, 'the workflow floor', trace);
      existing.approversFromFact ??= requirement.approversFromFact;
    }
  }

  for (const trigger of compiled.triggers) {
    if (!trigger.enabled) {
      trace.push({ kind: 'trigger', triggerId: trigger.id, matched: false, explanation: 'skipped: disabled', lane: trigger.lane });
      continue;
    }
    if (trigger.workflows !== null && !trigger.workflows.has(workflowKey)) {
      trace.push({
        kind: 'trigger',
        triggerId: trigger.id,
        matched: false,
        explanation: `skipped: applies only to ${trigger.workflowsText}`,
        lane: trigger.lane,
      });
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
      });
      continue;
    }
    mergeInto(existing, trigger.mode, trigger.order, trigger.description, `trigger ${trigger.id}`, trace);
    existing.triggerIds.push(trigger.id);
    if (existing.source === 'floor') existing.source = 'floor+policy';
  }

  const drafts = [...byLane.values()].sort((a, b) => a.order - b.order || (a.lane < b.lane ? -1 : a.lane > b.lane ? 1 : 0));
  return { drafts, unknownLanes };
}

/** Merges a second requirement into a lane's stage: the stricter mode and the earlier order win. */
function mergeInto(draft: StageDraft, mode: StageMode, order: number, reason: string, by: string, trace: TraceEntry[]): void {
  const before = `${describeMode(draft.mode)} at order ${draft.order}`;
  if (rankMode(mode) > rankMode(draft.mode)) draft.mode = mode;
  if (order < draft.order) draft.order = order;
  if (!draft.reasons.includes(reason)) draft.reasons.push(reason);
  const after = `${describeMode(draft.mode)} at order ${draft.order}`;
  trace.push({
    kind: 'merge',
    lane: draft.lane,
    explanation:
      before === after
        ? `${by} asks ${describeMode(mode)} at order ${order}; the stage stays ${after} (a requirement is never lowered)`
        : `${by} asks ${describeMode(mode)} at order ${order}; the stage goes from ${before} to ${after}`,
  });
}
