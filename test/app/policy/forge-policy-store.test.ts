/**
 * The KVS policy store on the local Forge platform (the real @forge/kvs against the emulated
 * store): versions are compare-and-set, so racing publishers cannot both create version n.
 */
import { join } from 'node:path';
import { startForgeTestPlatform, type ForgeTestPlatform } from '../../support/forge-platform';
import type { ForgePolicyStore as ForgePolicyStoreClass } from '../../../src/adapters/forge-policy-store';
import type { PolicyStore, StoredVersion } from '../../../src/ports/policy-store';
import { parsePolicy } from '../../../src/domain/policy/parse-policy';
import { policyDocument } from '../../fakes/policy/policy-fixtures';

let env: ForgeTestPlatform;
let store: PolicyStore;

function version(n: number, author: string): StoredVersion {
  const parsed = parsePolicy({ ...policyDocument(), version: n, author });
  if (!parsed.ok) throw new Error('fixture policy is invalid');
  return { version: n, policy: parsed.policy, author, publishedAt: '2026-01-05T09:00:00.000Z', comment: `by ${author}` };
}

beforeAll(async () => {
  env = await startForgeTestPlatform({});
  // Loaded after the globals: @forge/kvs binds to the platform when first imported.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ForgePolicyStore } = require(join(__dirname, '../../../src/adapters/forge-policy-store')) as { ForgePolicyStore: typeof ForgePolicyStoreClass };
  store = new ForgePolicyStore();
});

afterAll(() => env?.uninstall());

describe('ForgePolicyStore on KVS', () => {
  it('creates each version number once, whoever races for it', async () => {
    const results = await Promise.all([store.createVersion(version(1, 'acc-a')), store.createVersion(version(1, 'acc-b'))]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.filter((r) => !r.created)).toEqual([{ created: false, reason: 'exists' }]);
    const stored = await store.getVersion(1);
    const winner = results[0]?.created ? 'acc-a' : 'acc-b';
    expect(stored?.author).toBe(winner);
    expect(await store.getLatestVersion()).toBe(1);
  });

  it('lists versions newest first and keeps drafts apart', async () => {
    expect((await store.createVersion(version(2, 'acc-a'))).created).toBe(true);
    await store.saveDraft({ document: { draft: true }, basedOnVersion: 2, savedAt: '2026-01-05T10:00:00.000Z', savedBy: 'acc-a' });
    expect((await store.listVersions(10)).map((v) => v.version)).toEqual([2, 1]);
    expect(await store.getDraft()).toMatchObject({ basedOnVersion: 2 });
    await store.deleteDraft();
    expect(await store.getDraft()).toBeUndefined();
    expect(await store.getLatestVersion()).toBe(2);
  });
});
