/** What the calling person may see, asked of Jira as that person. */
export interface ViewerAccess {
  /** True when the caller is an agent of the service desk the issue belongs to. */
  isAgentOf(issueKey: string): Promise<boolean>;
}

/** Display names of people, for agent views only. */
export interface PeopleDirectory {
  displayNames(accountIds: readonly string[]): Promise<Map<string, string>>;
}
