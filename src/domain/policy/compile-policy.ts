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
  /** For explanations of skipped triggers. */
  readonly workflowsText: string;
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
  const triggers = policy.triggers.map<CompiledTrigger>((trigger) => {
    const workflowsText = trigger.workflows ? trigger.workflows.join(', ') : '';
    const skipped = (explanation: string): TraceEntry =>
      Object.freeze({ kind: 'trigger', triggerId: trigger.id, matched: false, explanation, lane: trigger.stage.lane });
    return {
      id: trigger.id,
      description: trigger.description,
      enabled: trigger.enabled,
      workflows: trigger.workflows ? new Set(trigger.workflows) : null,
      workflowsText,
      lane: trigger.stage.lane,
      mode: trigger.stage.mode,
      order: trigger.stage.order,
      condition: compileCondition(trigger.when),
      byText: `trigger ${trigger.id}`,
      modeText: describeMode(trigger.stage.mode),
      skipped: { disabled: skipped('skipped: disabled'), otherWorkflow: skipped(`skipped: applies only to ${workflowsText}`) },
    };
  });
  return { version: policy.version, excludeAssignee: policy.excludeAssignee, lanes, triggers, source: policy };
}
