/** Who the caller is allowed to be: answers come from Jira, cached per invocation by the adapter. */
export interface AccessControl {
  isJiraAdmin(accountId: string): Promise<boolean>;
  isMemberOf(accountId: string, groupId: string): Promise<boolean>;
}
