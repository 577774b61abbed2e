/** Group members cached between invocations, so routing does not re-read a group on every request. */
export interface CachedGroup {
  readonly members: readonly string[];
  /** ISO timestamp of the read. */
  readonly fetchedAt: string;
}

export interface GroupCache {
  get(groupId: string): Promise<CachedGroup | undefined>;
  set(groupId: string, group: CachedGroup): Promise<void>;
}
