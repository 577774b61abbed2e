import type { CreateVersionResult, PolicyStore, StoredDraft, StoredVersion } from '../../../src/ports/policy-store';

/** PolicyStore in memory, with the same compare-and-set rule as KVS `FAIL_IF_EXISTS`. */
export class InMemoryPolicyStore implements PolicyStore {
  draft: StoredDraft | undefined;
  readonly versions = new Map<number, StoredVersion>();

  async getDraft(): Promise<StoredDraft | undefined> {
    return this.draft && structuredClone(this.draft);
  }
  async saveDraft(draft: StoredDraft): Promise<void> {
    this.draft = structuredClone(draft);
  }
  async deleteDraft(): Promise<void> {
    this.draft = undefined;
  }
  async getLatestVersion(): Promise<number | null> {
    return this.versions.size === 0 ? null : Math.max(...this.versions.keys());
  }
  async getVersion(version: number): Promise<StoredVersion | undefined> {
    const stored = this.versions.get(version);
    return stored && structuredClone(stored);
  }
  async listVersions(limit: number): Promise<StoredVersion[]> {
    return [...this.versions.values()].sort((a, b) => b.version - a.version).slice(0, limit).map((v) => structuredClone(v));
  }
  async createVersion(version: StoredVersion): Promise<CreateVersionResult> {
    // Yield first, as a real store would, so racing publishers interleave here.
    await Promise.resolve();
    if (this.versions.has(version.version)) return { created: false, reason: 'exists' };
    this.versions.set(version.version, structuredClone(version));
    return { created: true };
  }
}
