/** What the setup check reads from the site's Jira configuration. */

export interface JiraFieldInfo {
  readonly id: string;
  readonly name: string;
  /** Jira schema type (`array`, `user`, `string`...) and custom type key when known. */
  readonly schemaType?: string;
  readonly customType?: string;
}

export interface RequestTypeInfo {
  readonly id: string;
  readonly name: string;
}

export interface WorkflowTransitionInfo {
  readonly id: string;
  readonly name: string;
  /** Status id the transition leads to. */
  readonly toStatusId: string;
}

export interface JiraSetupReader {
  listFields(): Promise<JiraFieldInfo[]>;
  listRequestTypes(serviceDeskId: string): Promise<RequestTypeInfo[]>;
  /** Field ids present on the request type's form. */
  listRequestTypeFieldIds(serviceDeskId: string, requestTypeId: string): Promise<string[]>;
  /** Statuses of the site. */
  listStatuses(): Promise<{ id: string; name: string }[]>;
  /** Transitions of the project's workflows; null when the site does not let the app read them. */
  listTransitions(projectKey: string): Promise<WorkflowTransitionInfo[] | null>;
  /** Number of members; null when the group does not exist. */
  countGroupMembers(groupId: string): Promise<number | null>;
}
