import api, { route } from '@forge/api';
import {
  JiraCallError,
  type ApprovalRecord,
  type CommentInput,
  type CommentRecord,
  type JiraGateway,
  type RecentRequest,
  type RequestSnapshot,
} from '../ports/jira-gateway';
import { adfToText, paragraphsToAdf } from './adf';
import { DEFAULT_JIRA_RETRY, IssueWritePacer, backoffDelayMs, isRetryableStatus, parseRetryAfter, type RetryOptions } from './jira-retry';

type JiraRoute = ReturnType<typeof route>;

export interface ForgeJiraGatewayDeps {
  readonly sleep: (ms: number) => Promise<void>;
  readonly nowMs: () => number;
  /** Uniform in [0, 1): jitter for backoff. */
  readonly random: () => number;
  readonly retry?: RetryOptions;
  /** Minimum gap between two writes to the same issue. */
  readonly issueWriteGapMs?: number;
}

interface JsonResponse {
  status: number;
  body: unknown;
}

/** JiraGateway over `@forge/api`'s `asApp().requestJira`, with retries and per-issue write pacing. */
export class ForgeJiraGateway implements JiraGateway {
  private readonly retry: RetryOptions;
  private readonly pacer: IssueWritePacer;

  constructor(private readonly deps: ForgeJiraGatewayDeps) {
    this.retry = deps.retry ?? DEFAULT_JIRA_RETRY;
    this.pacer = new IssueWritePacer(deps.issueWriteGapMs ?? 50, deps.nowMs, deps.sleep);
  }

  async getRequest(issueIdOrKey: string, fieldIds: readonly string[], requestTypeFieldId: string): Promise<RequestSnapshot> {
    const fields = ['summary', 'description', 'reporter', 'assignee', 'status', 'created', 'project', requestTypeFieldId, ...fieldIds];
    const { body } = await this.call(route`/rest/api/3/issue/${issueIdOrKey}?fields=${[...new Set(fields)].join(',')}`, { method: 'GET' });
    const issue = body as { id: string; key: string; fields: Record<string, unknown> };
    const f = issue.fields;
    const status = f.status as { id?: string; name?: string } | undefined;
    const requestTypeValue = f[requestTypeFieldId] as { requestType?: { id?: string } } | null | undefined;
    return {
      issueId: String(issue.id),
      issueKey: issue.key,
      projectKey: (f.project as { key?: string } | undefined)?.key ?? issue.key.split('-')[0] ?? '',
      summary: typeof f.summary === 'string' ? f.summary : '',
      description: adfToText(f.description),
      reporterAccountId: (f.reporter as { accountId?: string } | null)?.accountId ?? null,
      reporterEmail: (f.reporter as { emailAddress?: string } | null)?.emailAddress ?? null,
      assigneeAccountId: (f.assignee as { accountId?: string } | null)?.accountId ?? null,
      statusId: status?.id ?? '',
      statusName: status?.name ?? '',
      requestTypeId: requestTypeValue?.requestType?.id ?? null,
      created: typeof f.created === 'string' ? f.created : '',
      fields: f,
    };
  }

  async listGroupMembers(groupId: string): Promise<string[]> {
    const members: string[] = [];
    for (let startAt = 0; ; ) {
      const { body } = await this.call(route`/rest/api/3/group/member?groupId=${groupId}&startAt=${String(startAt)}&maxResults=50`, { method: 'GET' });
      const page = body as { values?: { accountId: string; active?: boolean }[]; isLast?: boolean; total?: number };
      const values = page.values ?? [];
      for (const user of values) if (user.active !== false) members.push(user.accountId);
      startAt += values.length;
      if (page.isLast !== false || values.length === 0) break;
    }
    return members.sort();
  }

  async routeApproval(issueId: string, approversFieldId: string, approverAccountIds: readonly string[], transitionId: string): Promise<void> {
    const approvers = { [approversFieldId]: approverAccountIds.map((accountId) => ({ accountId })) };
    try {
      // One call when the Approvers field is on the transition's screen.
      await this.write(issueId, route`/rest/api/3/issue/${issueId}/transitions`, 'POST', { transition: { id: transitionId }, fields: approvers });
      return;
    } catch (error) {
      if (!(error instanceof JiraCallError) || error.status !== 400) throw error;
    }
    // Jira refuses fields that are not on the screen: set them first, then transition.
    await this.write(issueId, route`/rest/api/3/issue/${issueId}`, 'PUT', { fields: approvers });
    await this.transitionIssue(issueId, transitionId);
  }

  async transitionIssue(issueId: string, transitionId: string): Promise<void> {
    await this.write(issueId, route`/rest/api/3/issue/${issueId}/transitions`, 'POST', { transition: { id: transitionId } });
  }

  async listApprovals(issueId: string): Promise<ApprovalRecord[]> {
    const approvals: ApprovalRecord[] = [];
    for (let start = 0; ; ) {
      const { body } = await this.call(route`/rest/servicedeskapi/request/${issueId}/approval?start=${String(start)}&limit=50`, { method: 'GET' });
      const page = body as { values?: RawApproval[]; isLastPage?: boolean };
      const values = page.values ?? [];
      approvals.push(...values.map(toApprovalRecord));
      start += values.length;
      if (page.isLastPage !== false || values.length === 0) break;
    }
    return approvals;
  }

  async setAppFieldValues(issueId: string, values: Readonly<Record<string, unknown>>): Promise<void> {
    const updates = Object.entries(values).map(([customField, value]) => ({ customField, issueIds: [Number(issueId)], value }));
    await this.write(issueId, route`/rest/api/3/app/field/value`, 'POST', { updates });
  }

  async setIssueProperty(issueId: string, key: string, value: unknown): Promise<void> {
    await this.write(issueId, route`/rest/api/3/issue/${issueId}/properties/${key}`, 'PUT', value);
  }

  async getIssueProperty(issueId: string, key: string): Promise<unknown | undefined> {
    const { status, body } = await this.call(route`/rest/api/3/issue/${issueId}/properties/${key}`, { method: 'GET' }, [404]);
    return status === 404 ? undefined : (body as { value?: unknown }).value;
  }

  async addComment(issueId: string, comment: CommentInput): Promise<string> {
    const { body } = await this.write(issueId, route`/rest/api/3/issue/${issueId}/comment`, 'POST', {
      body: paragraphsToAdf(comment.paragraphs),
      properties: [{ key: 'sd.public.comment', value: { internal: comment.visibility === 'internal' } }],
    });
    return String((body as { id?: string }).id ?? '');
  }

  async listComments(issueId: string): Promise<CommentRecord[]> {
    const comments: CommentRecord[] = [];
    for (let startAt = 0; ; ) {
      const { body } = await this.call(route`/rest/api/3/issue/${issueId}/comment?startAt=${String(startAt)}&maxResults=100&expand=properties`, { method: 'GET' });
      const page = body as { comments?: RawComment[]; total?: number };
      const values = page.comments ?? [];
      comments.push(...values.map(toCommentRecord));
      startAt += values.length;
      if (values.length === 0 || startAt >= (page.total ?? 0)) break;
    }
    return comments;
  }

  async findAccountIdByEmail(email: string): Promise<string | undefined> {
    const { body } = await this.call(route`/rest/api/3/user/search?query=${email}&maxResults=2`, { method: 'GET' });
    const users = (body as { accountId: string; emailAddress?: string; accountType?: string }[] | undefined) ?? [];
    const exact = users.filter((user) => user.emailAddress?.toLowerCase() === email.toLowerCase());
    return exact.length === 1 ? exact[0]?.accountId : undefined;
  }

  async findAppFieldIds(moduleKeys: readonly string[]): Promise<Record<string, string>> {
    const { body } = await this.call(route`/rest/api/3/field`, { method: 'GET' });
    const fields = (body as { id: string; schema?: { custom?: string } }[] | undefined) ?? [];
    const found: Record<string, string> = {};
    for (const moduleKey of moduleKeys) {
      const field = fields.find((f) => f.schema?.custom?.endsWith(`/static/${moduleKey}`));
      if (field) found[moduleKey] = field.id;
    }
    return found;
  }

  async listRecentRequests(projectKey: string, limit: number): Promise<RecentRequest[]> {
    const { body } = await this.call(route`/rest/api/3/search/jql`, {
      method: 'POST',
      body: JSON.stringify({ jql: `project = "${projectKey.replace(/"/g, '')}" ORDER BY created DESC`, maxResults: Math.min(100, limit), fields: ['created'] }),
    });
    const issues = (body as { issues?: { id: string; key: string; fields?: { created?: string } }[] }).issues ?? [];
    return issues.map((issue) => ({ issueId: String(issue.id), issueKey: issue.key, created: issue.fields?.created ?? '' }));
  }

  private async write(issueId: string, path: JiraRoute, method: string, body: unknown): Promise<JsonResponse> {
    await this.pacer.beforeWrite(issueId);
    return this.call(path, { method, body: JSON.stringify(body) });
  }

  /** One Jira call with retries; `okStatuses` lists non-2xx answers the caller handles itself. */
  private async call(path: JiraRoute, init: { method: string; body?: string }, okStatuses: readonly number[] = []): Promise<JsonResponse> {
    const started = this.deps.nowMs();
    for (let attempt = 1; ; attempt += 1) {
      const response = await api.asApp().requestJira(path, {
        method: init.method,
        headers: { Accept: 'application/json', ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(init.body === undefined ? {} : { body: init.body }),
      });
      if (response.ok || okStatuses.includes(response.status)) {
        const text = await response.text();
        return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
      }
      const detail = await describeError(response);
      if (!isRetryableStatus(response.status)) {
        throw new JiraCallError(`Jira answered ${response.status} to ${init.method} ${path.value.split('?')[0]}: ${detail}`, response.status, false);
      }
      const askedMs = parseRetryAfter(response.headers.get('retry-after'), this.deps.nowMs());
      const delay = askedMs ?? backoffDelayMs(attempt, this.retry, this.deps.random());
      const spent = this.deps.nowMs() - started;
      if (attempt >= this.retry.maxAttempts || spent + delay > this.retry.budgetMs) {
        throw new JiraCallError(
          `Jira is rate limiting or unavailable (${response.status}${detail ? `: ${detail}` : ''}); will retry later`,
          response.status,
          true,
          Math.max(delay, 1000),
        );
      }
      await this.deps.sleep(delay);
    }
  }
}

interface RawApproval {
  id: string | number;
  name?: string;
  finalDecision?: string;
  approvers?: { approver?: { accountId?: string }; approverDecision?: string }[];
  createdDate?: { iso8601?: string } | null;
  completedDate?: { iso8601?: string } | null;
}

function toApprovalRecord(raw: RawApproval): ApprovalRecord {
  const decision = (value: string | undefined): 'approved' | 'declined' | 'pending' =>
    value === 'approved' || value === 'declined' ? value : 'pending';
  return {
    id: String(raw.id),
    name: raw.name ?? '',
    finalDecision: decision(raw.finalDecision),
    approvers: (raw.approvers ?? []).map((entry) => ({
      approverAccountId: entry.approver?.accountId ?? '',
      decision: decision(entry.approverDecision),
    })),
    createdDate: raw.createdDate?.iso8601 ?? null,
    completedDate: raw.completedDate?.iso8601 ?? null,
  };
}

interface RawComment {
  id: string;
  author?: { accountId?: string };
  body?: unknown;
  created?: string;
  jsdPublic?: boolean;
  properties?: { key: string; value?: { internal?: boolean } }[];
}

function toCommentRecord(raw: RawComment): CommentRecord {
  const internal = raw.properties?.find((p) => p.key === 'sd.public.comment')?.value?.internal ?? raw.jsdPublic === false;
  return {
    id: String(raw.id),
    authorAccountId: raw.author?.accountId ?? null,
    text: adfToText(raw.body),
    internal: Boolean(internal),
    created: raw.created ?? '',
  };
}

async function describeError(response: { text(): Promise<string> }): Promise<string> {
  try {
    const text = await response.text();
    const parsed = JSON.parse(text) as { errorMessages?: string[]; errors?: Record<string, string>; errorMessage?: string };
    const messages = [...(parsed.errorMessages ?? []), ...Object.values(parsed.errors ?? {}), ...(parsed.errorMessage ? [parsed.errorMessage] : [])];
    return messages.join('; ').slice(0, 300);
  } catch {
    return '';
  }
}
