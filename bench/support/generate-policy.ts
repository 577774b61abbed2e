/**
 * A large routing policy for the speed benchmark: the demo policy's lanes with `count` generated
 * triggers over the standard facts, using every operator and nesting all/any/not, some limited to
 * workflows. Deterministic: the same count gives the same policy.
 */
import type { Condition, PolicyInput } from '../../src/domain/policy/policy-schema';

const LANES = ['manager', 'security', 'finance', 'engineering', 'customer'] as const;
const WORKFLOWS = ['vpn-access', 'shared-mailbox-access', 'prod-db-access', 'password-reset', 'customer-data-export', 'refund-credit', 'prod-config-change', 'customer-communication'];
const ENVIRONMENTS = ['production', 'staging', 'development'];
const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'];
const EMPLOYMENT = ['employee', 'contractor', 'intern', 'vendor'];

/** The i-th generated condition: a mix of shapes so every operator and combinator is exercised. */
function conditionFor(i: number): Condition {
  const pick = <T>(list: readonly T[], k: number): T => list[k % list.length] as T;
  switch (i % 10) {
    case 0:
      return { fact: 'amount', op: 'gt', value: 100 * (i % 300) };
    case 1:
      return { fact: 'target.environment', op: 'equals', value: pick(ENVIRONMENTS, i) };
    case 2:
      return { fact: 'data.classification', op: 'in', value: [pick(CLASSIFICATIONS, i), pick(CLASSIFICATIONS, i + 1)] };
    case 3:
      return { fact: 'requester.groups', op: 'contains', value: `team-${i % 40}` };
    case 4:
      return { fact: 'target.group', op: 'matches', value: `*-${pick(['admins', 'owners', 'readers', 'privileged'], i)}` };
    case 5:
      return { all: [{ fact: 'requester.employmentType', op: 'in', value: [pick(EMPLOYMENT, i)] }, { not: { fact: 'request.type', op: 'equals', value: pick(WORKFLOWS, i) } }] };
    case 6:
      return { any: [{ fact: 'audience.external', op: 'equals', value: true }, { fact: 'audience.size', op: 'gte', value: 10 * (i % 50) }] };
    case 7:
      return { all: [{ fact: 'access.durationHours', op: 'lte', value: 24 * (i % 60) }, { fact: 'target.group.privileged', op: 'notEquals', value: false }] };
    case 8:
      return { any: [{ fact: 'change.blastRadius', op: 'notIn', value: ['low'] }, { fact: 'data.containsPersonalData', op: 'exists', value: true }] };
    default:
      return { all: [{ fact: 'amount', op: 'lt', value: 50 * (i % 200) }, { any: [{ fact: 'currency', op: 'equals', value: 'EUR' }, { fact: 'requester.department', op: 'matches', value: 'fin*' }] }] };
  }
}

/** The demo policy's lanes with `count` generated triggers. */
export function generatePolicy(demo: PolicyInput, count: number): PolicyInput {
  const triggers = Array.from({ length: count }, (_, i) => ({
    id: `generated-${i}`,
    description: `Generated trigger ${i}.`,
    ...(i % 7 === 0 ? { workflows: [WORKFLOWS[i % WORKFLOWS.length] as string] } : {}),
    when: conditionFor(i),
    stage: { lane: LANES[i % LANES.length] as string, mode: i % 11 === 0 ? { type: 'all' as const } : { type: 'any' as const }, order: 1 + (i % 3) },
    ...(i % 97 === 0 ? { enabled: false } : {}),
  }));
  return { ...demo, comment: `Generated: ${count} triggers.`, triggers };
}
