/**
 * Past requests of the service desk, read for simulation: what real requests looked like, so a
 * draft policy can be tried on them before it routes anything.
 */

export interface HistoricalRequest {
  readonly issueKey: string;
  readonly summary: string;
  readonly created: string;
  /** JSM request type id; null when the issue was not raised as a request. */
  readonly requestTypeId: string | null;
  readonly reporterAccountId: string | null;
  readonly assigneeAccountId: string | null;
  /** Values of the asked fields, by field id, as Jira returned them. */
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface RequestHistory {
  /** The newest `limit` requests of the project, newest first, with the given fields. */
  searchRecentRequests(projectKey: string, limit: number, fieldIds: readonly string[], requestTypeFieldId: string): Promise<HistoricalRequest[]>;
  /** Account ids of a group's members; null when the group does not exist. */
  listGroupMembers(groupId: string): Promise<string[] | null>;
}
