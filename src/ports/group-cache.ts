/** Group members cached between invocations, so routing does not re-read a group on every request. */
export interface CachedGroup {
  readonly members: readonly string[];
  /** ISO timestamp of the read. */
  readonly fetchedAt: string;
}

export interface CachedAccount {
  readonly accountId: string;
  readonly fetchedAt: string;
}

export interface GroupCache {
  get(groupId: string): Promise<CachedGroup | undefined>;
  set(groupId: string, group: CachedGroup): Promise<void>;
  /** The Jira account a directory email was matched to (managers, mostly). */
  getAccount(email: string): Promise<CachedAccount | undefined>;
  setAccount(email: string, account: CachedAccount): Promise<void>;
}
