import { compileCondition, type CompiledCondition } from './compile-condition';
import type { Lane, Policy, StageMode } from './policy-schema';

/** A trigger ready to evaluate: its condition compiled, its workflow filter a set. */
export interface CompiledTrigger {
  readonly id: string;
  readonly description: string;
  readonly enabled: boolean;
  /** Workflow keys the trigger applies to; null for every workflow. */
  readonly workflows: ReadonlySet<string> | null;
  /** For explanations of skipped triggers. */
  readonly workflowsText: string;
  readonly lane: string;
  readonly mode: StageMode;
  readonly order: number;
  readonly condition: CompiledCondition;
}

/**
 * A policy compiled once per version: conditions are closures and lanes a map, so building a
 * plan never parses, sorts triggers or builds patterns. Treat it as immutable and cache it by
 * `version`.
 */
export interface CompiledPolicy {
  readonly version: number;
  readonly excludeAssignee: boolean;
  readonly lanes: ReadonlyMap<string, Lane>;
  /** In document order, which is also the order of the trace. */
  readonly triggers: readonly CompiledTrigger[];
  readonly source: Policy;
}

/** Compiles every trigger of a validated policy; do it once per published version. */
export function compilePolicy(policy: Policy): CompiledPolicy {
  const lanes = new Map<string, Lane>(Object.entries(policy.lanes));
  const triggers = policy.triggers.map<CompiledTrigger>((trigger) => ({
    id: trigger.id,
    description: trigger.description,
    enabled: trigger.enabled,
    workflows: trigger.workflows ? new Set(trigger.workflows) : null,
    workflowsText: trigger.workflows ? trigger.workflows.join(', ') : '',
    lane: trigger.stage.lane,
    mode: trigger.stage.mode,
    order: trigger.stage.order,
    condition: compileCondition(trigger.when),
  }));
  return { version: policy.version, excludeAssignee: policy.excludeAssignee, lanes, triggers, source: policy };
}
