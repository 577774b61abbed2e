/**
 * The same routing triggers as json-rules-engine rules, for a like-for-like speed comparison:
 * one rule per enabled trigger, the same all/any/not tree, and operators that keep the policy's
 * semantics (a missing fact never satisfies a positive test, no type coercion, list facts,
 * case-insensitive wildcards). A trigger limited to some workflows gets that limit as one more
 * condition on the workflow key.
 */
import { Engine, type NestedCondition, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import type { FactValue, Facts } from '../../src/domain/facts';
import { compileWildcard, matchWildcard, type CompiledWildcard } from '../../src/domain/policy/match-wildcard';
import type { Condition, Policy } from '../../src/domain/policy/policy-schema';

/** The fact carrying the workflow key for workflow-limited triggers. */
export const WORKFLOW_FACT = 'bench.workflowKey';

type Scalar = string | number | boolean;
const isMissing = (v: unknown): boolean => v === undefined || v === null;

const inSet = (value: unknown, set: readonly Scalar[]): boolean => {
  if (isMissing(value)) return false;
  if (Array.isArray(value)) return value.some((element) => set.includes(element as Scalar));
  return set.includes(value as Scalar);
};

/** Patterns are compiled once each, as the policy compiler does. */
const wildcards = new Map<string, CompiledWildcard>();
const wildcard = (pattern: string): CompiledWildcard => {
  let compiled = wildcards.get(pattern);
  if (!compiled) wildcards.set(pattern, (compiled = compileWildcard(pattern)));
  return compiled;
};

const OPERATORS: Record<string, (fact: unknown, value: unknown) => boolean> = {
  'policy.equals': (f, v) => f === v,
  'policy.notEquals': (f, v) => f !== v,
  'policy.in': (f, v) => inSet(f, v as Scalar[]),
  'policy.notIn': (f, v) => !inSet(f, v as Scalar[]),
  'policy.gt': (f, v) => typeof f === 'number' && f > (v as number),
  'policy.gte': (f, v) => typeof f === 'number' && f >= (v as number),
  'policy.lt': (f, v) => typeof f === 'number' && f < (v as number),
  'policy.lte': (f, v) => typeof f === 'number' && f <= (v as number),
  'policy.exists': (f, v) => isMissing(f) !== v,
  'policy.contains': (f, v) => (Array.isArray(f) ? f.includes(v) : typeof f === 'string' && typeof v === 'string' && f.includes(v)),
  'policy.matches': (f, v) => {
    const pattern = wildcard(v as string);
    if (typeof f === 'string') return matchWildcard(pattern, f);
    return Array.isArray(f) && f.some((element) => typeof element === 'string' && matchWildcard(pattern, element));
  },
};

function translate(condition: Condition): NestedCondition {
  if ('all' in condition) return { all: condition.all.map(translate) };
  if ('any' in condition) return { any: condition.any.map(translate) };
  if ('not' in condition) return { not: translate(condition.not) };
  return { fact: condition.fact, operator: `policy.${condition.op}`, value: condition.value as unknown as Scalar };
}

/** One rule per enabled trigger, firing an event that names the trigger. */
export function translatePolicy(policy: Policy): RuleProperties[] {
  return policy.triggers
    .filter((t) => t.enabled)
    .map((t) => {
      const when = translate(t.when);
      const scoped: NestedCondition[] = t.workflows ? [{ fact: WORKFLOW_FACT, operator: 'policy.in', value: t.workflows }, when] : [when];
      const conditions: TopLevelCondition = { all: scoped };
      return { name: t.id, conditions, event: { type: 'trigger', params: { triggerId: t.id } } };
    });
}

/** An engine holding the policy's rules and operators; facts a request lacks are undefined. */
export function createRulesEngine(policy: Policy): Engine {
  const engine = new Engine(translatePolicy(policy), { allowUndefinedFacts: true });
  for (const [name, evaluate] of Object.entries(OPERATORS)) engine.addOperator<unknown, unknown>(name, evaluate);
  return engine;
}

/** The ids of the triggers json-rules-engine fires for these facts, sorted. */
export async function matchWithRulesEngine(engine: Engine, facts: Facts, workflowKey: string): Promise<string[]> {
  const runtimeFacts: Record<string, FactValue> = { ...facts, [WORKFLOW_FACT]: workflowKey };
  const { results } = await engine.run(runtimeFacts);
  return results.map((r) => String((r.event?.params as { triggerId?: string } | undefined)?.triggerId)).sort();
}
