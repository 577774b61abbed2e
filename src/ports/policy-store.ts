import type { JsonValue } from '../domain/common/json';
import type { Policy } from '../domain/policy/policy-schema';

/**
 * Where policies live: one draft (work in progress, never routes anything) and immutable published
 * versions numbered 1, 2, 3... The newest version is the published one.
 */

export interface StoredDraft {
  /** The document as the admin last saved it (valid against the policy schema). */
  readonly document: JsonValue;
  readonly basedOnVersion: number | null;
  readonly savedAt: string;
  /** Account id. */
  readonly savedBy: string;
}

export interface StoredVersion {
  readonly version: number;
  readonly policy: Policy;
  readonly author: string;
  readonly publishedAt: string;
  readonly comment: string;
  readonly restoredFrom?: number;
}

export type CreateVersionResult = { readonly created: true } | { readonly created: false; readonly reason: 'exists' };

export interface PolicyStore {
  getDraft(): Promise<StoredDraft | undefined>;
  saveDraft(draft: StoredDraft): Promise<void>;
  deleteDraft(): Promise<void>;
  /** The newest published version number; null when nothing was published. */
  getLatestVersion(): Promise<number | null>;
  getVersion(version: number): Promise<StoredVersion | undefined>;
  /** Newest first, at most `limit`. */
  listVersions(limit: number): Promise<StoredVersion[]>;
  /**
   * Creates `version` only if no version with that number exists (compare-and-set), so two
   * publishers racing for the same number cannot both succeed.
   */
  createVersion(version: StoredVersion): Promise<CreateVersionResult>;
}
