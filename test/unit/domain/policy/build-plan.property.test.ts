import fc from 'fast-check';
import { buildPlan } from '../../../../src/domain/policy/build-plan';
import { compilePolicy } from '../../../../src/domain/policy/compile-policy';
import type { PlanInput } from '../../../../src/domain/policy/plan-types';
import { parsePolicy } from '../../../../src/domain/policy/parse-policy';
import { rankMode } from '../../../../src/domain/policy/select-stages';
import type { Condition, PolicyInput, StageMode } from '../../../../src/domain/policy/policy-schema';
import type { StageRequirement } from '../../../../src/domain/workflows/workflow-types';
import { policyDocument } from './policy-fixture';

const LANES = ['manager', 'security', 'finance', 'engineering', 'customer'] as const;
const PEOPLE = ['acc-1', 'acc-2', 'acc-3', 'acc-4', 'acc-5', 'acc-6'] as const;
const FACT_KEYS = ['amount', 'target.environment', 'requester.groups', 'flag'] as const;

const modeArb: fc.Arbitrary<StageMode> = fc.oneof(
  fc.constant<StageMode>({ type: 'any' }),
  fc.constant<StageMode>({ type: 'all' }),
  fc.integer({ min: 2, max: 4 }).map<StageMode>((n) => ({ type: 'n-of-m', n })),
);

const comparisonArb: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ fact: fc.constantFrom(...FACT_KEYS), op: fc.constantFrom('gt' as const, 'lte' as const), value: fc.integer({ min: -10, max: 2000 }) }),
  fc.record({ fact: fc.constantFrom(...FACT_KEYS), op: fc.constantFrom('equals' as const, 'notEquals' as const), value: fc.oneof(fc.constantFrom('production', 'staging'), fc.boolean()) }),
  fc.record({ fact: fc.constantFrom(...FACT_KEYS), op: fc.constantFrom('in' as const, 'notIn' as const), value: fc.array(fc.constantFrom('production', 'ops', 1000), { minLength: 1, maxLength: 3 }) }),
  fc.record({ fact: fc.constantFrom(...FACT_KEYS), op: fc.constant('exists' as const), value: fc.boolean() }),
  fc.record({ fact: fc.constantFrom(...FACT_KEYS), op: fc.constant('matches' as const), value: fc.constantFrom('*-admins', 'prod*', '?ps') }),
  fc.record({ fact: fc.constantFrom(...FACT_KEYS), op: fc.constant('contains' as const), value: fc.constantFrom('ops', 'admins') }),
);

const conditionArb: fc.Arbitrary<Condition> = fc.letrec<{ cond: Condition }>((tie) => ({
  cond: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparisonArb,
    fc.record({ all: fc.array(tie('cond'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('cond'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('cond') }),
  ),
})).cond;

const triggersArb = fc
  .array(
    fc.record({
      when: conditionArb,
      lane: fc.constantFrom(...LANES),
      mode: modeArb,
      order: fc.integer({ min: 1, max: 4 }),
      enabled: fc.boolean(),
    }),
    { maxLength: 8 },
  )
  .map((list) =>
    list.map((t, i) => ({ id: `trigger-${i}`, description: `trigger ${i}`, when: t.when, stage: { lane: t.lane, mode: t.mode, order: t.order }, enabled: t.enabled })),
  );

const floorArb: fc.Arbitrary<StageRequirement[]> = fc.array(
  fc.record({ lane: fc.constantFrom(...LANES), mode: modeArb, order: fc.integer({ min: 1, max: 4 }), reason: fc.constantFrom('floor a', 'floor b') }),
  { maxLength: 4 },
);

const membersArb = fc.subarray([...PEOPLE], { minLength: 0, maxLength: 6 });
const directoryArb = fc.record(
  Object.fromEntries(LANES.flatMap((lane) => [[`grp-${lane}`, membersArb], [`grp-${lane}-backup`, membersArb]])) as Record<string, fc.Arbitrary<string[]>>,
);

const factsArb = fc.record(
  {
    amount: fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.constant('1500')),
    'target.environment': fc.constantFrom('production', 'staging', 'prod-eu'),
    'requester.groups': fc.subarray(['ops', 'sql-admins', 'staff']),
    flag: fc.boolean(),
  },
  { requiredKeys: [] },
);

const scenarioArb = fc.record({
  triggers: triggersArb,
  floor: floorArb,
  directory: directoryArb,
  facts: factsArb,
  requester: fc.constantFrom(...PEOPLE),
  manager: fc.option(fc.constantFrom(...PEOPLE), { nil: undefined }),
  assignee: fc.option(fc.constantFrom(...PEOPLE), { nil: undefined }),
  excludeAssignee: fc.boolean(),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function planFor(s: Scenario) {
  const doc = policyDocument({ triggers: s.triggers as PolicyInput['triggers'], excludeAssignee: s.excludeAssignee });
  const parsed = parsePolicy(doc);
  if (!parsed.ok) throw new Error(`generated policy is invalid: ${JSON.stringify(parsed.errors)}`);
  const input: PlanInput = {
    requestKey: 'ITSM-9',
    requestType: 'vpn-access',
    requester: { accountId: s.requester, ...(s.manager ? { managerAccountId: s.manager } : {}) },
    ...(s.assignee ? { assigneeAccountId: s.assignee } : {}),
    facts: s.facts,
    workflow: { key: 'vpn-access', version: '1.0.0' },
    directory: { groupMembers: s.directory },
  };
  return buildPlan(compilePolicy(parsed.policy), s.floor, input);
}

describe('buildPlan properties', () => {
  it('the same inputs always give the same plan', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        expect(planFor(s)).toEqual(planFor(structuredClone(s)));
      }),
      { numRuns: 300 },
    );
  });

  it('no plan has fewer stages, a weaker mode or a later order than the floor for any lane', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const plan = planFor(s);
        for (const requirement of s.floor) {
          const stage = plan.stages.find((st) => st.lane === requirement.lane);
          expect(stage).toBeDefined();
          expect(rankMode(stage!.mode)).toBeGreaterThanOrEqual(rankMode(requirement.mode));
          expect(stage!.order).toBeLessThanOrEqual(requirement.order);
          expect(stage!.source === 'floor' || stage!.source === 'floor+policy').toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('no plan lists the requester, or an excluded assignee, as an approver', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const plan = planFor(s);
        for (const stage of plan.stages) {
          expect(stage.approvers).not.toContain(s.requester);
          if (s.excludeAssignee && s.assignee) expect(stage.approvers).not.toContain(s.assignee);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('an approval plan never has a stage that cannot be completed', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const plan = planFor(s);
        if (plan.kind !== 'approval') return;
        for (const stage of plan.stages) {
          const needed = stage.mode.type === 'n-of-m' ? stage.mode.n : 1;
          expect(stage.approvers.length).toBeGreaterThanOrEqual(needed);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('every trigger appears in the trace exactly once', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const plan = planFor(s);
        const traced = plan.trace.flatMap((t) => (t.kind === 'trigger' ? [t.triggerId] : []));
        expect(traced).toEqual(s.triggers.map((t) => t.id));
      }),
      { numRuns: 200 },
    );
  });
});
