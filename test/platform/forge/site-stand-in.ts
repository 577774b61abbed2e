/**
 * A tiny stand-in for the emulated Jira site (platform/jira), implementing the same interface, so
 * the runtime's tests do not depend on the site's full behaviour.
 */
import type { ProductEvent, SiteLike, SiteRequest, SiteResponse } from '../../../platform/forge/site-port';

export const APP_ACCOUNT_ID = 'app-account-fixture';

export interface StandInSite extends SiteLike {
  requests: SiteRequest[];
  registered: { fields: unknown[]; appId: string; envId: string }[];
  /** Creates an issue as a user, emitting avi:jira:created:issue as Jira does. */
  createIssue(accountId: string, summary: string): string;
}

/** Builds the stand-in; `now` is the shared emulated clock. */
export function createStandInSite(now: () => number): StandInSite {
  const listeners: ((e: ProductEvent) => void)[] = [];
  const issues = new Map<string, { id: string; key: string; summary: string; created: number }>();
  const emit = (e: ProductEvent) => listeners.forEach((l) => l(e));
  const reply = (status: number, body: unknown): SiteResponse => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const site: StandInSite = {
    requests: [],
    registered: [],
    createIssue(accountId, summary) {
      const id = String(10000 + issues.size);
      const key = `DESK-${issues.size + 1}`;
      issues.set(key, { id, key, summary, created: now() });
      emit({ eventType: 'avi:jira:created:issue', payload: { issue: { id, key, fields: { summary } }, atlassianId: accountId } });
      return key;
    },
    async handle(request) {
      site.requests.push(request);
      const path = request.path.replace(/\?.*$/, '');
      const actor = request.caller.kind === 'user' ? request.caller.accountId : request.caller.kind === 'app' ? APP_ACCOUNT_ID : undefined;
      if (path === '/rest/api/3/myself') {
        return actor ? reply(200, { accountId: actor, accountType: request.caller.kind === 'app' ? 'app' : 'atlassian' }) : reply(401, { errorMessages: ['You are not logged in.'] });
      }
      const comment = /^\/rest\/api\/3\/issue\/([^/]+)\/comment$/.exec(path);
      if (comment && request.method === 'POST') {
        const issue = issues.get(decodeURIComponent(comment[1] ?? ''));
        if (!issue) return reply(404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'] });
        emit({ eventType: 'avi:jira:commented:issue', payload: { issue: { id: issue.id, key: issue.key }, atlassianId: actor, comment: { id: '1' } } });
        return reply(201, { id: '1', created: new Date(now()).toISOString() });
      }
      if (path === '/rest/api/3/issue' && request.method === 'POST' && actor) {
        const summary = (JSON.parse(request.body ?? '{}') as { fields?: { summary?: string } }).fields?.summary ?? '';
        const key = site.createIssue(actor, summary);
        return reply(201, { id: issues.get(key)?.id, key });
      }
      return reply(404, { errorMessages: [`no stand-in route ${request.method} ${path}`] });
    },
    onProductEvent(listener) {
      listeners.push(listener);
    },
    registerAppFields(fields, appId, envId) {
      site.registered.push({ fields, appId, envId });
    },
  };
  return site;
}
