/**
 * What the app needs from Jira and JSM, in the app's own words. One method is one REST call unless
 * its comment says otherwise: the lifecycle has a budget of Jira calls, and this port is where they
 * are spent.
 */

/** A JSM request as intake reads it, in one call. */
export interface RequestSnapshot {
  readonly issueId: string;
  readonly issueKey: string;
  readonly projectKey: string;
  readonly summary: string;
  /** The description as plain text (ADF flattened), verbatim otherwise. */
  readonly description: string;
  readonly reporterAccountId: string | null;
  /** The reporter's email when the site's privacy settings let the app see it. */
  readonly reporterEmail: string | null;
  readonly assigneeAccountId: string | null;
  readonly statusId: string;
  readonly statusName: string;
  /** JSM request type id from the Customer Request Type field; null when not a JSM request. */
  readonly requestTypeId: string | null;
  readonly created: string;
  /** Field values by field id, as Jira returned them (custom fields included). */
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface ApprovalDecisionRecord {
  readonly approverAccountId: string;
  readonly decision: 'approved' | 'declined' | 'pending';
}

export interface ApprovalRecord {
  readonly id: string;
  readonly name: string;
  readonly finalDecision: 'approved' | 'declined' | 'pending';
  readonly approvers: readonly ApprovalDecisionRecord[];
  readonly createdDate: string | null;
  readonly completedDate: string | null;
}

export interface CommentInput {
  /** Internal comments are for agents only; public ones reach the requester on the portal. */
  readonly visibility: 'internal' | 'public';
  /** Paragraphs of plain text; the adapter renders ADF. */
  readonly paragraphs: readonly string[];
}

export interface CommentRecord {
  readonly id: string;
  readonly authorAccountId: string | null;
  readonly text: string;
  readonly internal: boolean;
  readonly created: string;
}

export interface RecentRequest {
  readonly issueId: string;
  readonly issueKey: string;
  readonly created: string;
}

export interface JiraGateway {
  /** The request with the given fields and its request type, read from `requestTypeFieldId` (one GET). */
  getRequest(issueIdOrKey: string, fieldIds: readonly string[], requestTypeFieldId: string): Promise<RequestSnapshot>;
  /** Account ids of a group's active members (one GET per 50 members). */
  listGroupMembers(groupId: string): Promise<string[]>;
  /**
   * Moves the issue through `transitionId` with the Approvers field set (one call), or sets the
   * field and then transitions (two calls) when the field is not on the transition's screen.
   */
  routeApproval(issueId: string, approversFieldId: string, approverAccountIds: readonly string[], transitionId: string): Promise<void>;
  transitionIssue(issueId: string, transitionId: string): Promise<void>;
  /** The request's approvals, newest last (one GET per page of 50). */
  listApprovals(issueId: string): Promise<ApprovalRecord[]>;
  /** Writes several of the app's own custom fields in one bulk call. */
  setAppFieldValues(issueId: string, values: Readonly<Record<string, unknown>>): Promise<void>;
  setIssueProperty(issueId: string, key: string, value: unknown): Promise<void>;
  getIssueProperty(issueId: string, key: string): Promise<unknown | undefined>;
  addComment(issueId: string, comment: CommentInput): Promise<string>;
  /** Comments on the request, oldest first (one GET per page). */
  listComments(issueId: string): Promise<CommentRecord[]>;
  /** The Atlassian account id of the user with this email, when Jira lets the app see it (one GET). */
  findAccountIdByEmail(email: string): Promise<string | undefined>;
  /**
   * Field ids of the app's own custom fields by module key (one GET of all fields). Forge fields
   * carry `schema.custom` = `ari:cloud:ecosystem::extension/<app>/<env>/static/<moduleKey>`.
   */
  findAppFieldIds(moduleKeys: readonly string[]): Promise<Record<string, string>>;
  /** The newest requests of a project, for simulation (one search call). */
  listRecentRequests(projectKey: string, limit: number): Promise<RecentRequest[]>;
}

/** A Jira call that failed for good: the message is safe to show to agents and admins. */
export class JiraCallError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'JiraCallError';
  }
}
