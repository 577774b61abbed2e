/** The emulated site: OpenAPI routing and validation, faults, call log and event delivery around the routes. */
import { FaultInjector, type FaultRule } from './faults';
import { type OpContext } from './issue-operations';
import { type ApiName, type OpenApiContract, type RouteMatch } from './openapi-contract';
import { jsmRoutes } from './routes/jsm-routes';
import { platformRoutes } from './routes/platform-routes';
import { type RouteHandler } from './routes/route-types';
import { siteSeedSchema, type FieldType, type SiteSeed } from './seed-schema';
import { renderErrorBody, SiteError } from './site-errors';
import { type FieldDef, type SavedRequests, type SiteModel } from './site-model';
import { type CallRecord, type ProductEvent, type ProductEventListener, type SiteRequest, type SiteResponse } from './site-types';

export interface AppFieldDeclaration {
  /** The `jira:customField` module key. */
  key: string;
  name: string;
  /** The Forge field type: string, number, user, group, date, datetime, object. */
  type: string;
}

export interface IssueSnapshot {
  id: string;
  key: string;
  projectKey: string;
  statusId: string;
  statusName: string;
  summary: string;
  reporter: string | null;
  assignee: string | null;
  created: string;
  updated: string;
  /** Every field value in internal form: users as account ids, the request type as its id. */
  values: Record<string, unknown>;
}

export interface CommentSnapshot {
  id: string;
  author: string;
  body: unknown;
  internal: boolean;
  created: string;
}

export interface ApprovalSnapshot {
  id: string;
  name: string;
  statusId: string;
  finalDecision: 'approved' | 'declined' | 'pending';
  active: boolean;
  approvers: Array<{ accountId: string; decision: 'approved' | 'declined' | 'pending' }>;
  createdDate: string;
  completedDate?: string;
}

const ROUTES: Record<ApiName, Record<string, RouteHandler>> = { platform: platformRoutes, jsm: jsmRoutes };
const FORGE_FIELD_TYPES: Record<string, FieldType> = { string: 'string', number: 'number', user: 'user', group: 'group', date: 'date', datetime: 'datetime', object: 'object' };

/** A saved site: its requests and the numbering of their changelogs. */
export interface SiteSnapshot {
  issues: SavedRequests;
  changelogSeq: number;
}

export interface JiraSiteOptions {
  now: () => string;
  validateResponses: boolean;
  faultSeed: number;
}

export class JiraSite {
  private readonly listeners = new Set<ProductEventListener>();
  private callLog: CallRecord[] = [];
  private seq = 0;
  private changelogSeq = 10000;
  private readonly faults: FaultInjector;
  readonly clock: { now(): string };

  constructor(
    private readonly model: SiteModel,
    readonly contract: OpenApiContract,
    private readonly options: JiraSiteOptions,
  ) {
    this.faults = new FaultInjector(options.faultSeed);
    this.clock = { now: () => options.now() };
  }

  /** Answers one REST request as Jira Cloud or JSM would; never throws for bad input. */
  async handle(request: SiteRequest): Promise<SiteResponse> {
    const url = new URL(request.path, 'http://site.invalid');
    const method = request.method.toUpperCase();
    const lookup = this.contract.matchRoute(method, url.pathname);
    const match = lookup.kind === 'match' ? lookup.match : undefined;
    const api: ApiName = url.pathname.startsWith('/rest/servicedeskapi/') ? 'jsm' : 'platform';
    const record = (status: number, fault?: string): void => {
      const entry: CallRecord = { seq: ++this.seq, method, path: request.path, routeTemplate: match?.template ?? null, operationId: match?.operationId ?? null, caller: request.caller, status, at: this.options.now() };
      if (fault) entry.fault = fault;
      this.callLog.push(entry);
    };

    const fault = this.faults.evaluate(method, url.pathname, match?.template ?? null);
    if (fault.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault.kind === 'respond') {
      record(fault.status, fault.label);
      return { status: fault.status, headers: { 'content-type': 'application/json', ...fault.headers }, body: JSON.stringify(fault.body) };
    }

    if (lookup.kind === 'not-found') {
      record(404);
      return json(404, renderErrorBody(api, 404, `No ${api === 'jsm' ? 'JSM' : 'Jira'} REST resource matches ${method} ${url.pathname}.`));
    }
    if (lookup.kind === 'method-not-allowed') {
      record(405);
      return json(405, renderErrorBody(api, 405, `Method ${method} is not allowed on ${lookup.template}.`));
    }
    const m = lookup.match;
    const events: ProductEvent[] = [];
    let response: SiteResponse;
    try {
      response = this.dispatch(m, url.searchParams, request, events);
    } catch (e) {
      if (!(e instanceof SiteError)) throw e;
      response = json(e.status, renderErrorBody(m.api, e.status, e.message, e.fieldErrors));
      events.length = 0;
    }
    if (this.options.validateResponses && response.body !== '') {
      const errors = this.contract.validateResponse(m.api, m.method, m.template, response.status, JSON.parse(response.body));
      if (errors.length > 0) response = json(500, renderErrorBody(m.api, 500, `Emulated response for ${m.operationId} violates the OpenAPI document: ${errors.join('; ')}`));
    }
    record(response.status);
    if (response.status < 300) for (const event of events) this.deliver(event);
    return response;
  }

  private dispatch(m: RouteMatch, search: URLSearchParams, request: SiteRequest, events: ProductEvent[]): SiteResponse {
    const handler = ROUTES[m.api][m.operationId];
    if (!handler) throw new SiteError(501, `${m.method.toUpperCase()} ${m.template} (${m.operationId}) is documented but not implemented by the emulated site.`);
    const { values, errors } = this.contract.parseQuery(m, search);
    if (errors.length > 0) throw new SiteError(400, errors.join('; '));
    for (const param of m.operation.parameters ?? []) {
      // Integer path parameters that are not integers name nothing, as in Jira.
      if (param.in === 'path' && param.schema?.type === 'integer' && !/^[0-9]+$/.test(m.pathParams[param.name] ?? '')) throw new SiteError(404, `'${m.pathParams[param.name] ?? ''}' is not a valid ${param.name}.`);
    }
    let body: unknown;
    const raw = request.body;
    if (raw !== undefined && raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        throw new SiteError(400, 'The request body is not valid JSON.');
      }
    }
    const bodyErrors = this.contract.validateRequestBody(m, body);
    if (bodyErrors.length > 0) throw new SiteError(400, `Invalid request body: ${bodyErrors.join('; ')}`);
    const op: OpContext = { model: this.model, caller: request.caller, now: this.options.now, emit: (e) => events.push(e), nextChangelogId: () => String(++this.changelogSeq) };
    const result = handler({ model: this.model, caller: request.caller, params: m.pathParams, query: values, body, rawBody: raw, op });
    if (result.body === undefined) return { status: result.status, headers: { ...(result.headers ?? {}) }, body: '' };
    return { status: result.status, headers: { 'content-type': 'application/json', ...(result.headers ?? {}) }, body: JSON.stringify(result.body) };
  }

  private deliver(event: ProductEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (e) {
        console.error(`product event listener failed for ${event.eventType}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /** Subscribes to product events; returns the unsubscribe function. */
  onProductEvent(listener: ProductEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Adds users, groups, statuses, fields, projects and request types; throws with the path of the first bad entry. */
  seed(seed: SiteSeed): void {
    const parsed = siteSeedSchema.safeParse(seed);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`Invalid site seed at ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    try {
      this.model.applySeed(parsed.data);
    } catch (e) {
      if (e instanceof SiteError) throw new Error(e.message);
      throw e;
    }
  }

  /** Creates (once per app and key) the Forge custom fields of a manifest; only that app may write them. */
  registerAppFields(fields: AppFieldDeclaration[], appId: string, environmentId: string): Array<{ key: string; fieldId: string }> {
    return fields.map((decl) => {
      const type = FORGE_FIELD_TYPES[decl.type];
      if (!type) throw new Error(`Forge custom field '${decl.key}' has unsupported type '${decl.type}'.`);
      const fieldKey = `${appId}__${environmentId}__${decl.key}`;
      const existing = [...this.model.fields.values()].find((f) => f.key === fieldKey);
      if (existing) return { key: decl.key, fieldId: existing.id };
      const def: FieldDef = { id: this.model.nextFieldId(), key: fieldKey, name: decl.name, type, custom: true, editable: false, app: { appId, environmentId, moduleKey: decl.key, forgeType: decl.type } };
      this.model.fields.set(def.id, def);
      return { key: decl.key, fieldId: def.id };
    });
  }

  /** Replaces the fault rules; `seed` restarts the PRNG used by `probability`. */
  setFaults(faults: FaultRule[], seed?: number): void {
    this.faults.set(faults, seed);
  }

  calls(): CallRecord[] {
    return this.callLog.map((c) => ({ ...c }));
  }

  clearCalls(): void {
    this.callLog = [];
  }

  /** The site's requests and changelog numbering as JSON, for saving a sandbox between runs. */
  snapshot(): SiteSnapshot {
    return { issues: this.model.snapshotIssues(), changelogSeq: this.changelogSeq };
  }

  /** Puts back a `snapshot()` on a site seeded with the same seed. */
  restore(snapshot: SiteSnapshot): void {
    this.model.restoreIssues(snapshot.issues);
    this.changelogSeq = snapshot.changelogSeq;
  }

  /** Empties the site (seeded data, issues, faults, calls); listeners stay subscribed. */
  reset(): void {
    this.model.reset();
    this.faults.clear();
    this.callLog = [];
    this.seq = 0;
    this.changelogSeq = 10000;
  }

  private issueRec(idOrKey: string) {
    const id = this.model.issues.has(idOrKey) ? idOrKey : this.model.keyIndex.get(idOrKey.toUpperCase());
    return id ? this.model.issues.get(id) : undefined;
  }

  getIssue(idOrKey: string): IssueSnapshot | undefined {
    const i = this.issueRec(idOrKey);
    if (!i) return undefined;
    const status = this.model.status(i.statusId);
    const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
    return {
      id: i.id,
      key: i.key,
      projectKey: this.model.projectOf(i).key,
      statusId: status.id,
      statusName: status.name,
      summary: String(i.values.get('summary') ?? ''),
      reporter: str(i.values.get('reporter')),
      assignee: str(i.values.get('assignee')),
      created: i.created,
      updated: i.updated,
      values: structuredClone(Object.fromEntries(i.values)),
    };
  }

  listIssues(): IssueSnapshot[] {
    return [...this.model.issues.keys()].map((id) => this.getIssue(id) as IssueSnapshot);
  }

  listComments(idOrKey: string): CommentSnapshot[] {
    return (this.issueRec(idOrKey)?.comments ?? []).map((c) => ({ id: c.id, author: c.author, body: structuredClone(c.body), internal: c.internal, created: c.created }));
  }

  getProperties(idOrKey: string): Record<string, unknown> {
    return structuredClone(Object.fromEntries(this.issueRec(idOrKey)?.properties ?? []));
  }

  getApprovals(idOrKey: string): ApprovalSnapshot[] {
    return (this.issueRec(idOrKey)?.approvals ?? []).map((a) => {
      const s: ApprovalSnapshot = { id: a.id, name: a.name, statusId: a.statusId, finalDecision: a.finalDecision, active: a.active, approvers: a.approvers.map((x) => ({ ...x })), createdDate: a.createdDate };
      if (a.completedDate) s.completedDate = a.completedDate;
      return s;
    });
  }

  /** The Forge field id registered for a module key, if any. */
  appFieldId(moduleKey: string): string | undefined {
    return [...this.model.fields.values()].find((f) => f.app?.moduleKey === moduleKey)?.id;
  }
}

function json(status: number, body: unknown): SiteResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
