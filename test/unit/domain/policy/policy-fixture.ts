import type { Lane, PolicyInput, Policy } from '../../../../src/domain/policy/policy-schema';
import { parsePolicy } from '../../../../src/domain/policy/parse-policy';
import type { RequesterProfile } from '../../../../src/domain/facts';

/** A lane owned by `grp-<key>` with backup `grp-<key>-backup`. */
export function laneFixture(key: string, overrides: Partial<Lane> = {}): PolicyInput['lanes'][string] {
  return {
    title: `${key[0]?.toUpperCase()}${key.slice(1)}`,
    owner: { groupId: `grp-${key}`, name: `${key}-approvers` },
    backup: { groupId: `grp-${key}-backup`, name: `${key}-backup` },
    remindAfter: '4h',
    escalateAfter: '1d',
    timeoutAfter: '3d',
    onTimeout: { action: 'decline' },
    ...overrides,
  };
}

/** A valid policy document with the five built-in lanes and the given triggers. */
export function policyDocument(overrides: Partial<PolicyInput> = {}): PolicyInput {
  return {
    schemaVersion: 1,
    version: 7,
    author: 'admin@example.com',
    lanes: {
      manager: laneFixture('manager', { approverSource: 'requester-manager' }),
      security: laneFixture('security'),
      finance: laneFixture('finance'),
      engineering: laneFixture('engineering'),
      customer: laneFixture('customer'),
    },
    triggers: [],
    ...overrides,
  };
}

/** Parses a fixture document, failing the test loudly when the fixture itself is broken. */
export function validPolicy(overrides: Partial<PolicyInput> = {}): Policy {
  const result = parsePolicy(policyDocument(overrides));
  if (!result.ok) throw new Error(`fixture policy is invalid: ${JSON.stringify(result.errors)}`);
  return result.policy;
}

export const REQUESTER: RequesterProfile = { accountId: 'acc-requester', employmentType: 'employee', managerAccountId: 'acc-boss' };

/** Members for every fixture lane group: two owners and one backup each. */
export function fullDirectory(): Record<string, string[]> {
  const members: Record<string, string[]> = {};
  for (const lane of ['manager', 'security', 'finance', 'engineering', 'customer']) {
    members[`grp-${lane}`] = [`acc-${lane}-2`, `acc-${lane}-1`];
    members[`grp-${lane}-backup`] = [`acc-${lane}-backup`];
  }
  return members;
}
