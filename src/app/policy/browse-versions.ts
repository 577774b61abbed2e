import type { VersionSummary, VersionView } from '../../contract/admin';
import { DomainError } from '../../domain/common/domain-error';
import type { PolicyDiff } from '../../contract/admin';
import { diffPolicies } from './diff-policies';
import type { PolicyDeps } from './policy-deps';
import { toSummary } from './publish-policy';

type Deps = Pick<PolicyDeps, 'policies'>;

/** Published versions, newest first. */
export async function listVersions(deps: Deps, limit: number): Promise<VersionSummary[]> {
  const [latest, versions] = await Promise.all([deps.policies.getLatestVersion(), deps.policies.listVersions(limit)]);
  return versions.map((v) => toSummary(v, latest));
}

/** One published version with its full policy. */
export async function getVersion(deps: Deps, version: number): Promise<VersionView> {
  const [latest, stored] = await Promise.all([deps.policies.getLatestVersion(), deps.policies.getVersion(version)]);
  if (!stored) throw new DomainError('not-found', `Version ${version} does not exist.`);
  return { summary: toSummary(stored, latest), policy: stored.policy };
}

/** The structural difference between two published versions. */
export async function diffVersions(deps: Deps, from: number, to: number): Promise<PolicyDiff> {
  const [a, b] = await Promise.all([deps.policies.getVersion(from), deps.policies.getVersion(to)]);
  if (!a) throw new DomainError('not-found', `Version ${from} does not exist.`);
  if (!b) throw new DomainError('not-found', `Version ${to} does not exist.`);
  return diffPolicies(a.policy, b.policy);
}
