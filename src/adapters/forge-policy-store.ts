import { kvs } from '@forge/kvs';
import type { CreateVersionResult, PolicyStore, StoredDraft, StoredVersion } from '../ports/policy-store';

/**
 * Policies in Forge KVS. Versions are immutable keys `policy:v:<n>` written with
 * `keyPolicy: 'FAIL_IF_EXISTS'`, so of two publishers racing for number n exactly one succeeds.
 * `policy:latest` points at the newest number; it is written after the version, so a crash in
 * between leaves it one behind, which readers repair by probing the next key.
 */
const DRAFT_KEY = 'policy:draft';
const LATEST_KEY = 'policy:latest';
const versionKey = (n: number): string => `policy:v:${n}`;
const BATCH = 20;

export class ForgePolicyStore implements PolicyStore {
  async getDraft(): Promise<StoredDraft | undefined> {
    return (await kvs.get<StoredDraft>(DRAFT_KEY)) ?? undefined;
  }

  async saveDraft(draft: StoredDraft): Promise<void> {
    await kvs.set(DRAFT_KEY, draft);
  }

  async deleteDraft(): Promise<void> {
    await kvs.delete(DRAFT_KEY);
  }

  async getLatestVersion(): Promise<number | null> {
    let latest = (await kvs.get<number>(LATEST_KEY)) ?? 0;
    // Repair a pointer left behind by an interrupted publish.
    while ((await kvs.get<StoredVersion>(versionKey(latest + 1))) !== undefined) latest += 1;
    return latest === 0 ? null : latest;
  }

  async getVersion(version: number): Promise<StoredVersion | undefined> {
    return (await kvs.get<StoredVersion>(versionKey(version))) ?? undefined;
  }

  async listVersions(limit: number): Promise<StoredVersion[]> {
    const latest = await this.getLatestVersion();
    if (latest === null) return [];
    const numbers: number[] = [];
    for (let n = latest; n >= 1 && numbers.length < limit; n -= 1) numbers.push(n);
    const out: StoredVersion[] = [];
    for (let i = 0; i < numbers.length; i += BATCH) {
      const chunk = numbers.slice(i, i + BATCH);
      const result = await kvs.batchGet<StoredVersion>(chunk.map((n) => ({ key: versionKey(n) })));
      const byKey = new Map(result.successfulKeys.map((item) => [item.key, item.value]));
      for (const n of chunk) {
        const value = byKey.get(versionKey(n));
        if (value !== undefined) out.push(value);
      }
    }
    return out;
  }

  async createVersion(version: StoredVersion): Promise<CreateVersionResult> {
    try {
      await kvs.set(versionKey(version.version), version, { keyPolicy: 'FAIL_IF_EXISTS' });
    } catch (error) {
      if (isKeyExists(error)) return { created: false, reason: 'exists' };
      throw error;
    }
    await kvs.set(LATEST_KEY, version.version);
    return { created: true };
  }
}

function isKeyExists(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const e = error as { code?: unknown; status?: unknown; message?: unknown };
  return e.code === 'KEY_ALREADY_EXISTS' || (e.status === 409 && String(e.message ?? '').toLowerCase().includes('exist'));
}
