import { getDraft, saveDraft } from '../../../src/app/policy/manage-draft';
import { publishPolicy, restoreVersion } from '../../../src/app/policy/publish-policy';
import { diffVersions, getVersion, listVersions } from '../../../src/app/policy/browse-versions';
import { resolveAccess } from '../../../src/app/policy/resolve-access';
import { DomainError } from '../../../src/domain/common/domain-error';
import { ADMIN, AGENT, PUBLISHER, createPolicyTestDeps, policyDocument } from '../../fakes/policy/policy-fixtures';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('drafts and publishing', () => {
  it('offers a starter draft with the five lanes before anything is published', async () => {
    const deps = createPolicyTestDeps();
    const view = await getDraft(deps, ADMIN);
    expect(view.isNew).toBe(true);
    expect(view.publishedVersion).toBeNull();
    expect(Object.keys((view.document as { lanes: object }).lanes).sort()).toEqual(['customer', 'engineering', 'finance', 'manager', 'security']);
  });

  it('keeps the draft apart from the published policy until it is published', async () => {
    const deps = createPolicyTestDeps();
    await saveDraft(deps, ADMIN, policyDocument());
    expect(await deps.policies.getLatestVersion()).toBeNull();
    const summary = await publishPolicy(deps, ADMIN, { comment: 'first policy', expectedVersion: null });
    expect(summary).toMatchObject({ version: 1, author: ADMIN, comment: 'first policy', isPublished: true, publishedAt: '2026-01-05T09:00:00.000Z' });
    expect(deps.policies.draft).toBeUndefined();
    expect((await getVersion(deps, 1)).policy.author).toBe(ADMIN);
  });

  it('stamps version and author itself, whatever the document says', async () => {
    const deps = createPolicyTestDeps();
    await saveDraft(deps, PUBLISHER, policyDocument({ version: 77, author: 'mallory', comment: 'sneaky' }));
    const summary = await publishPolicy(deps, PUBLISHER, { comment: 'by a publisher', expectedVersion: null });
    const stored = await getVersion(deps, summary.version);
    expect(stored.policy).toMatchObject({ version: 1, author: PUBLISHER, comment: 'by a publisher' });
  });

  it('rejects an invalid draft with the path of each problem', async () => {
    const deps = createPolicyTestDeps();
    const document = policyDocument();
    document.triggers[0]!.stage.lane = 'nobody';
    const error = await saveDraft(deps, ADMIN, document).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid-policy');
    expect((error as DomainError).details?.['issues']).toEqual([{ path: 'triggers[0].stage.lane', message: 'names unknown lane "nobody"' }]);
    expect(deps.policies.draft).toBeUndefined();
  });

  it('never overwrites a published version: each publish adds the next number', async () => {
    const deps = createPolicyTestDeps();
    await saveDraft(deps, ADMIN, policyDocument());
    await publishPolicy(deps, ADMIN, { comment: 'v1', expectedVersion: null });
    const v1 = structuredClone(deps.policies.versions.get(1));
    await saveDraft(deps, ADMIN, policyDocument({ excludeAssignee: true }));
    await publishPolicy(deps, ADMIN, { comment: 'v2', expectedVersion: 1 });
    expect(deps.policies.versions.get(1)).toEqual(v1);
    expect((await listVersions(deps, 10)).map((v) => [v.version, v.isPublished])).toEqual([[2, true], [1, false]]);
  });

  it('refuses a publish based on a version that is no longer the newest', async () => {
    const deps = createPolicyTestDeps();
    await saveDraft(deps, ADMIN, policyDocument());
    await publishPolicy(deps, ADMIN, { comment: 'v1', expectedVersion: null });
    await saveDraft(deps, ADMIN, policyDocument());
    expect(await codeOf(publishPolicy(deps, ADMIN, { comment: 'stale view', expectedVersion: null }))).toBe('conflict');
    expect(await deps.policies.getLatestVersion()).toBe(1);
  });

  it('lets only one of two concurrent publishers create the next version', async () => {
    const deps = createPolicyTestDeps();
    await saveDraft(deps, ADMIN, policyDocument());
    const results = await Promise.allSettled([
      publishPolicy(deps, ADMIN, { comment: 'from admin', expectedVersion: null }),
      publishPolicy(deps, PUBLISHER, { comment: 'from publisher', expectedVersion: null }),
    ]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect((rejected[0]!.reason as DomainError).code).toBe('conflict');
    expect([...deps.policies.versions.keys()]).toEqual([1]);
  });

  it('publishing with no draft says what to do', async () => {
    const deps = createPolicyTestDeps();
    expect(await codeOf(publishPolicy(deps, ADMIN, { comment: 'nothing', expectedVersion: null }))).toBe('no-draft');
  });
});

describe('restore', () => {
  it('restores an old version as a new version and keeps history append-only', async () => {
    const deps = createPolicyTestDeps();
    await saveDraft(deps, ADMIN, policyDocument());
    await publishPolicy(deps, ADMIN, { comment: 'v1', expectedVersion: null });
    await saveDraft(deps, ADMIN, policyDocument({ triggers: [] }));
    await publishPolicy(deps, ADMIN, { comment: 'drop triggers', expectedVersion: 1 });
    deps.clock.current = '2026-01-06T10:00:00.000Z';
    const restored = await restoreVersion(deps, PUBLISHER, { version: 1, comment: 'bring the trigger back', expectedVersion: 2 });
    expect(restored).toMatchObject({ version: 3, restoredFrom: 1, author: PUBLISHER, isPublished: true, publishedAt: '2026-01-06T10:00:00.000Z' });
    const v3 = await getVersion(deps, 3);
    expect(v3.policy.triggers.map((t) => t.id)).toEqual(['big-spend']);
    expect(v3.policy.version).toBe(3);
    expect((await getVersion(deps, 2)).policy.triggers).toEqual([]);
  });

  it('leaves the draft alone when restoring', async () => {
    const deps = createPolicyTestDeps();
    await saveDraft(deps, ADMIN, policyDocument());
    await publishPolicy(deps, ADMIN, { comment: 'v1', expectedVersion: null });
    await saveDraft(deps, ADMIN, policyDocument({ excludeAssignee: true }));
    await restoreVersion(deps, ADMIN, { version: 1, comment: 'again', expectedVersion: 1 });
    expect((await getDraft(deps, ADMIN)).isNew).toBe(false);
  });

  it('says not-found for a version that does not exist', async () => {
    const deps = createPolicyTestDeps();
    expect(await codeOf(restoreVersion(deps, ADMIN, { version: 9, comment: 'nope', expectedVersion: null }))).toBe('not-found');
  });
});

describe('diff', () => {
  it('reports changed leaves per lane and trigger, and added or removed triggers', async () => {
    const deps = createPolicyTestDeps();
    await saveDraft(deps, ADMIN, policyDocument());
    await publishPolicy(deps, ADMIN, { comment: 'v1', expectedVersion: null });
    const next = policyDocument();
    next.lanes['security']!.owner = { groupId: 'g-secops', name: 'secops' };
    next.triggers[0]!.when = { fact: 'amount', op: 'gt', value: 5000 };
    next.triggers.push({ id: 'prod', description: 'Production changes', when: { fact: 'target.environment', op: 'equals', value: 'production' }, stage: { lane: 'engineering', mode: { type: 'all' }, order: 2 } });
    await saveDraft(deps, ADMIN, next);
    await publishPolicy(deps, ADMIN, { comment: 'v2', expectedVersion: 1 });

    const diff = await diffVersions(deps, 1, 2);
    expect(diff.identical).toBe(false);
    expect(diff.lanes).toEqual([
      { key: 'security', change: 'changed', fields: [
        { path: 'owner.groupId', before: 'g-security', after: 'g-secops' },
        { path: 'owner.name', before: 'security-approvers', after: 'secops' },
      ] },
    ]);
    expect(diff.triggers.map((t) => [t.key, t.change])).toEqual([['big-spend', 'changed'], ['prod', 'added']]);
    expect(diff.triggers[0]!.fields).toEqual([{ path: 'when.value', before: 1000, after: 5000 }]);
    expect(diff.settings).toEqual([]);
  });

  it('finds a restored version identical to the one it restored', async () => {
    const deps = createPolicyTestDeps();
    await saveDraft(deps, ADMIN, policyDocument());
    await publishPolicy(deps, ADMIN, { comment: 'v1', expectedVersion: null });
    await restoreVersion(deps, ADMIN, { version: 1, comment: 'same again', expectedVersion: 1 });
    const diff = await diffVersions(deps, 1, 2);
    expect(diff).toMatchObject({ from: 1, to: 2, identical: true, lanes: [], triggers: [] });
  });
});

describe('permissions', () => {
  it.each([
    ['saving a draft', (deps: ReturnType<typeof createPolicyTestDeps>) => saveDraft(deps, AGENT, policyDocument())],
    ['publishing', (deps: ReturnType<typeof createPolicyTestDeps>) => publishPolicy(deps, AGENT, { comment: 'mine now', expectedVersion: null })],
    ['restoring', (deps: ReturnType<typeof createPolicyTestDeps>) => restoreVersion(deps, AGENT, { version: 1, comment: 'mine now', expectedVersion: 1 })],
  ])('refuses %s to someone who is neither a Jira admin nor a publisher', async (_name, act) => {
    const deps = createPolicyTestDeps();
    await saveDraft(deps, ADMIN, policyDocument());
    await publishPolicy(deps, ADMIN, { comment: 'v1', expectedVersion: null });
    await saveDraft(deps, ADMIN, policyDocument());
    const before = structuredClone([deps.policies.draft, [...deps.policies.versions]]);
    expect(await codeOf(act(deps))).toBe('forbidden');
    expect([deps.policies.draft, [...deps.policies.versions]]).toEqual(before);
  });

  it('explains the refusal with the publishers group name', async () => {
    const deps = createPolicyTestDeps();
    const access = await resolveAccess(deps, AGENT);
    expect(access).toMatchObject({ canPublish: false, isJiraAdmin: false, isPublisher: false });
    expect(access.reason).toContain('policy-publishers');
    expect(await resolveAccess(deps, PUBLISHER)).toMatchObject({ canPublish: true, isPublisher: true });
  });
});
