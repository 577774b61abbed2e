import { compileCondition, type CompiledCondition } from './compile-condition';
import type { TraceEntry } from './plan-types';
import type { Lane, Policy, StageMode } from './policy-schema';
import { describeMode } from './select-stages';

/** A trigger ready to evaluate: its condition compiled, its workflow filter a set. */
export interface CompiledTrigger {
  readonly id: string;
  readonly description: string;
  readonly enabled: boolean;
  /** Workflow keys the trigger applies to; null for every workflow. */
  readonly workflows: ReadonlySet<string> | null;
  readonly lane: string;
  readonly mode: StageMode;
  readonly order: number;
  readonly condition: CompiledCondition;
  /** `trigger <id>`, as merge explanations name it. */
  readonly byText: string;
  /** The trigger's mode in words, as merge explanations say it. */
  readonly modeText: string;
  /**
   * The trace entry of a trigger that is not evaluated for a request (disabled, or limited to
   * other workflows): the same for every plan, so it is made once and shared, frozen.
   */
  readonly skipped: { readonly disabled: TraceEntry; readonly otherWorkflow: TraceEntry };
}

/** A lane with the words its approver trace lines use, prepared once per version. */
export interface CompiledLane {
  readonly lane: Lane;
  /** `owner group <name> (<id>)`: where candidates come from when the lane's group decides. */
  readonly ownerOrigin: string;
  /** `<name> (<id>)` of the backup group. */
  readonly backupLabel: string;
}

const groupLabel = (group: { readonly name: string; readonly groupId: string }): string => `${group.name} (${group.groupId})`;

/**
 * A policy compiled once per version: conditions are closures and lanes a map, so building a
 * plan never parses, sorts triggers or builds patterns. Treat it as immutable and cache it by
 * `version`.
 */
export interface CompiledPolicy {
  readonly version: number;
  readonly excludeAssignee: boolean;
  readonly lanes: ReadonlyMap<string, Lane>;
  /** The same lanes with their prepared words, for the plan builder. */
  readonly compiledLanes: ReadonlyMap<string, CompiledLane>;
  /** In document order, which is also the order of the trace. */
  readonly triggers: readonly CompiledTrigger[];
  readonly source: Policy;
}

/** Compiles every trigger of a validated policy; do it once per published version. */
export function compilePolicy(policy: Policy): CompiledPolicy {
  const lanes = new Map<string, Lane>(Object.entries(policy.lanes));
  const compiledLanes = new Map<string, CompiledLane>();
  for (const [key, lane] of lanes) compiledLanes.set(key, { lane, ownerOrigin: `owner group ${groupLabel(lane.owner)}`, backupLabel: groupLabel(lane.backup) });
  const triggers = policy.triggers.map<CompiledTrigger>((trigger) => {
    const workflowsText = trigger.workflows ? trigger.workflows.join(', ') : '';
    const skipped = (explanation: string): TraceEntry =>
      Object.freeze({ kind: 'trigger', triggerId: trigger.id, matched: false, explanation, lane: trigger.stage.lane });
    return {
      id: trigger.id,
      description: trigger.description,
      enabled: trigger.enabled,
      workflows: trigger.workflows ? new Set(trigger.workflows) : null,
      lane: trigger.stage.lane,
      mode: trigger.stage.mode,
      order: trigger.stage.order,
      condition: compileCondition(trigger.when),
      byText: `trigger ${trigger.id}`,
      modeText: describeMode(trigger.stage.mode),
      skipped: { disabled: skipped('skipped: disabled'), otherWorkflow: skipped(`skipped: applies only to ${workflowsText}`) },
    };
  });
  return { version: policy.version, excludeAssignee: policy.excludeAssignee, lanes, compiledLanes, triggers, source: policy };
}
