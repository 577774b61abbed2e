/** The in-memory state of the emulated site and the lookups and permission rules shared by every route. */
import { type ApprovalConfig, type FieldType, type ParsedSeed, type SeedProject, type SeedRequestType, type SeedStatus, type SeedUser } from './seed-schema';
import { SiteError } from './site-errors';
import { type SiteCaller } from './site-types';

export const REQUEST_TYPE_FIELD_ID = 'customfield_10010';
export const APPROVERS_FIELD_ID = 'customfield_10003';
export const ADMIN_GROUPS = ['jira-administrators', 'site-admins'];
export const APP_ACCOUNT_ID = 'app-approval-router';

export interface FieldDef {
  id: string;
  key: string;
  name: string;
  type: FieldType;
  custom: boolean;
  /** Fields the REST API never lets callers set through issue edit. */
  editable: boolean;
  app?: { appId: string; environmentId: string; moduleKey: string; forgeType: string };
}

export interface GroupRec {
  groupId: string;
  name: string;
  members: Set<string>;
}

export interface CommentRec {
  id: string;
  author: string;
  body: unknown;
  created: string;
  updated: string;
  internal: boolean;
}

export interface ApproverRec {
  accountId: string;
  decision: 'approved' | 'declined' | 'pending';
}

export interface ApprovalRec {
  id: string;
  name: string;
  statusId: string;
  config: ApprovalConfig;
  approvers: ApproverRec[];
  finalDecision: 'approved' | 'declined' | 'pending';
  createdDate: string;
  completedDate?: string;
  /** False once the issue left the approval status without a decision. */
  active: boolean;
}

/** The site's requests as JSON (see SiteModel.snapshotIssues). */
export interface SavedRequests {
  counters: { issue: number; comment: number; approval: number };
  projectCounters: [string, number][];
  issues: Array<Omit<IssueRec, 'values' | 'properties'> & { values: [string, unknown][]; properties: [string, unknown][] }>;
}

export interface IssueRec {
  id: string;
  key: string;
  projectId: string;
  issueTypeId: string;
  statusId: string;
  creator: string;
  created: string;
  updated: string;
  statusChanged: string;
  /** summary, description, reporter, assignee, labels and every custom field, in internal form (users as account ids). */
  values: Map<string, unknown>;
  properties: Map<string, unknown>;
  comments: CommentRec[];
  approvals: ApprovalRec[];
}

const SYSTEM_FIELDS: FieldDef[] = [
  { id: 'summary', key: 'summary', name: 'Summary', type: 'string', custom: false, editable: true },
  { id: 'description', key: 'description', name: 'Description', type: 'text', custom: false, editable: true },
  { id: 'reporter', key: 'reporter', name: 'Reporter', type: 'user', custom: false, editable: true },
  { id: 'assignee', key: 'assignee', name: 'Assignee', type: 'user', custom: false, editable: true },
  { id: 'labels', key: 'labels', name: 'Labels', type: 'object', custom: false, editable: true },
  { id: 'status', key: 'status', name: 'Status', type: 'object', custom: false, editable: false },
  { id: 'issuetype', key: 'issuetype', name: 'Issue Type', type: 'object', custom: false, editable: false },
  { id: 'project', key: 'project', name: 'Project', type: 'object', custom: false, editable: false },
  { id: 'creator', key: 'creator', name: 'Creator', type: 'user', custom: false, editable: false },
  { id: 'created', key: 'created', name: 'Created', type: 'datetime', custom: false, editable: false },
  { id: 'updated', key: 'updated', name: 'Updated', type: 'datetime', custom: false, editable: false },
  { id: 'comment', key: 'comment', name: 'Comment', type: 'object', custom: false, editable: false },
];

const BUILT_IN_CUSTOM: FieldDef[] = [
  { id: REQUEST_TYPE_FIELD_ID, key: REQUEST_TYPE_FIELD_ID, name: 'Request Type', type: 'sd-customerrequesttype', custom: true, editable: false },
  { id: APPROVERS_FIELD_ID, key: APPROVERS_FIELD_ID, name: 'Approvers', type: 'user-multi', custom: true, editable: true },
];

/** All mutable state of one site; `reset()` empties it to the built-in fields. */
export class SiteModel {
  users = new Map<string, SeedUser>();
  groups = new Map<string, GroupRec>();
  statuses = new Map<string, SeedStatus>();
  fields = new Map<string, FieldDef>();
  projects = new Map<string, SeedProject>();
  requestTypes = new Map<string, SeedRequestType>();
  issues = new Map<string, IssueRec>();
  keyIndex = new Map<string, string>();
  private counters = { issue: 10000, comment: 10000, approval: 0, field: 10100, group: 0 };
  private projectCounters = new Map<string, number>();

  constructor(readonly baseUrl: string) {
    this.reset();
  }

  reset(): void {
    this.users.clear();
    this.groups.clear();
    this.statuses.clear();
    this.fields.clear();
    this.projects.clear();
    this.requestTypes.clear();
    this.issues.clear();
    this.keyIndex.clear();
    this.projectCounters.clear();
    this.counters = { issue: 10000, comment: 10000, approval: 0, field: 10100, group: 0 };
    for (const f of [...SYSTEM_FIELDS, ...BUILT_IN_CUSTOM]) this.fields.set(f.id, { ...f });
    this.users.set(APP_ACCOUNT_ID, { accountId: APP_ACCOUNT_ID, displayName: 'Approval Router', active: true, accountType: 'app', timeZone: 'UTC' });
  }

  /** Adds (or replaces) everything in a validated seed. */
  applySeed(seed: ParsedSeed): void {
    for (const u of seed.users) this.users.set(u.accountId, u);
    for (const s of seed.statuses) this.statuses.set(s.id, s);
    for (const f of seed.customFields) this.fields.set(f.id, { id: f.id, key: f.id, name: f.name, type: f.type, custom: true, editable: f.type !== 'sd-customerrequesttype' });
    for (const g of seed.groups) {
      const existing = [...this.groups.values()].find((x) => x.name === g.name);
      const groupId = g.groupId ?? existing?.groupId ?? `00000000-0000-4000-8000-${String(++this.counters.group).padStart(12, '0')}`;
      if (existing) this.groups.delete(existing.groupId);
      this.groups.set(groupId, { groupId, name: g.name, members: new Set(g.members) });
    }
    for (const p of seed.projects) {
      for (const t of p.workflow.transitions) this.requireStatus(t.to, `project ${p.key} transition ${t.id}`);
      this.requireStatus(p.workflow.initialStatusId, `project ${p.key} initial status`);
      this.projects.set(p.id, p);
    }
    for (const rt of seed.requestTypes) {
      if (!this.projectByServiceDesk(rt.serviceDeskId)) throw new SiteError(400, `Seed: request type ${rt.id} names unknown service desk ${rt.serviceDeskId}`);
      this.requestTypes.set(rt.id, rt);
    }
  }

  private requireStatus(id: string, where: string): void {
    if (!this.statuses.has(id)) throw new SiteError(400, `Seed: ${where} names unknown status ${id}`);
  }

  nextIssueId(): string {
    return String(++this.counters.issue);
  }
  nextIssueKey(project: SeedProject): string {
    const n = (this.projectCounters.get(project.id) ?? 0) + 1;
    this.projectCounters.set(project.id, n);
    return `${project.key}-${n}`;
  }
  nextCommentId(): string {
    return String(++this.counters.comment);
  }
  nextApprovalId(): string {
    return String(++this.counters.approval);
  }
  nextFieldId(): string {
    return `customfield_${++this.counters.field}`;
  }

  projectByIdOrKey(idOrKey: string): SeedProject | undefined {
    return this.projects.get(idOrKey) ?? [...this.projects.values()].find((p) => p.key === idOrKey);
  }
  projectByServiceDesk(serviceDeskId: string): SeedProject | undefined {
    return [...this.projects.values()].find((p) => p.serviceDeskId === serviceDeskId);
  }
  projectOf(issue: IssueRec): SeedProject {
    const p = this.projects.get(issue.projectId);
    if (!p) throw new Error(`issue ${issue.key} has no project`);
    return p;
  }
  status(id: string): SeedStatus {
    const s = this.statuses.get(id);
    if (!s) throw new Error(`unknown status ${id}`);
    return s;
  }
  groupByIdOrName(groupId: string | undefined, name: string | undefined): GroupRec | undefined {
    if (groupId) return this.groups.get(groupId);
    return [...this.groups.values()].find((g) => g.name === name);
  }
  fieldByIdOrKey(idOrKey: string): FieldDef | undefined {
    return this.fields.get(idOrKey) ?? [...this.fields.values()].find((f) => f.key === idOrKey);
  }

  /** The caller's account id as Jira records it (the app acts as its own app user). */
  actorId(caller: SiteCaller): string {
    if (caller.kind === 'app') return APP_ACCOUNT_ID;
    if (caller.kind === 'user') return caller.accountId;
    throw new SiteError(401, 'You are not authenticated. Authentication required to perform this operation.');
  }

  /** Rejects anonymous callers and account ids the site does not know, as Jira's gateway does. */
  authenticate(caller: SiteCaller): void {
    if (caller.kind === 'anonymous') throw new SiteError(401, 'You are not authenticated. Authentication required to perform this operation.');
    if (caller.kind === 'user') {
      const u = this.users.get(caller.accountId);
      if (!u || !u.active) throw new SiteError(401, 'You are not authenticated. Authentication required to perform this operation.');
    }
  }

  /**
   * The requests and what happened to them, as plain JSON: issues with their values, properties,
   * comments and approvals, and the counters that number new ones. Configuration (users, groups,
   * fields, workflows) is not included: it comes from the seed and the app's installation.
   */
  snapshotIssues(): SavedRequests {
    return {
      counters: { issue: this.counters.issue, comment: this.counters.comment, approval: this.counters.approval },
      projectCounters: [...this.projectCounters.entries()],
      issues: [...this.issues.values()].map((issue) => ({ ...issue, values: [...issue.values.entries()], properties: [...issue.properties.entries()] })),
    };
  }

  /** Puts back the requests of `snapshotIssues`, replacing any issue the site holds now. */
  restoreIssues(snapshot: SavedRequests): void {
    this.issues.clear();
    this.keyIndex.clear();
    for (const saved of snapshot.issues) {
      const issue: IssueRec = { ...saved, values: new Map(saved.values), properties: new Map(saved.properties) };
      this.issues.set(issue.id, issue);
      this.keyIndex.set(issue.key.toUpperCase(), issue.id);
    }
    this.counters = { ...this.counters, ...snapshot.counters };
    this.projectCounters = new Map(snapshot.projectCounters);
  }

  isAdmin(accountId: string): boolean {
    return ADMIN_GROUPS.some((name) => this.groupByIdOrName(undefined, name)?.members.has(accountId) ?? false);
  }
  isAgent(accountId: string, project: SeedProject): boolean {
    if (this.isAdmin(accountId) || project.agents.includes(accountId)) return true;
    return project.agentGroups.some((name) => this.groupByIdOrName(undefined, name)?.members.has(accountId) ?? false);
  }
  /** Agents of any project (or admins): the licensed users who may browse users and groups. */
  isLicensed(accountId: string): boolean {
    return this.isAdmin(accountId) || [...this.projects.values()].some((p) => this.isAgent(accountId, p));
  }

  /** The app and agents see every issue; a customer sees the requests they reported or were asked to approve. */
  canSee(caller: SiteCaller, issue: IssueRec): boolean {
    if (caller.kind === 'app') return true;
    if (caller.kind !== 'user') return false;
    if (this.isAgent(caller.accountId, this.projectOf(issue))) return true;
    if (issue.values.get('reporter') === caller.accountId) return true;
    return issue.approvals.some((a) => a.approvers.some((x) => x.accountId === caller.accountId));
  }
  /** True when the caller sees internal comments and agent-only data of the issue. */
  seesInternal(caller: SiteCaller, issue: IssueRec): boolean {
    return caller.kind === 'app' || (caller.kind === 'user' && this.isAgent(caller.accountId, this.projectOf(issue)));
  }

  /** Finds an issue by id or key; invisible issues are reported missing, as Jira does. */
  visibleIssue(caller: SiteCaller, idOrKey: string): IssueRec {
    const id = this.issues.has(idOrKey) ? idOrKey : this.keyIndex.get(idOrKey.toUpperCase());
    const issue = id ? this.issues.get(id) : undefined;
    if (!issue || !this.canSee(caller, issue)) throw new SiteError(404, 'Issue does not exist or you do not have permission to see it.');
    return issue;
  }

  requireUser(accountId: string, what: string): SeedUser {
    const u = this.users.get(accountId);
    if (!u) throw new SiteError(400, `${what}: user '${accountId}' does not exist.`, { [what]: `User '${accountId}' does not exist.` });
    return u;
  }
}
