/** JSM REST operations the site implements, keyed by OpenAPI operationId. */
import { addComment, answerApproval, collectFieldChanges, createIssue } from '../issue-operations';
import { SiteError } from '../site-errors';
import { type IssueRec, REQUEST_TYPE_FIELD_ID } from '../site-model';
import { pageJsm, renderApproval, renderCustomerRequest, renderJsmComment, renderRequestType, renderServiceDesk, textToAdf } from '../site-render';
import { asObject, type Json, type RouteContext, type RouteHandler } from './route-types';

const paging = (ctx: RouteContext): { start: number; limit: number } => ({ start: Number(ctx.query.start ?? 0), limit: Math.min(Number(ctx.query.limit ?? 50), 100) });

function requestFor(ctx: RouteContext): IssueRec {
  ctx.model.authenticate(ctx.caller);
  const issue = ctx.model.visibleIssue(ctx.caller, ctx.params.issueIdOrKey ?? '');
  if (!issue.values.get(REQUEST_TYPE_FIELD_ID)) throw new SiteError(404, `${issue.key} is not a customer request.`);
  return issue;
}

function callerAccountId(ctx: RouteContext): string | undefined {
  return ctx.caller.kind === 'user' ? ctx.caller.accountId : undefined;
}

export const jsmRoutes: Record<string, RouteHandler> = {
  createCustomerRequest(ctx) {
    const { model, caller } = ctx;
    model.authenticate(caller);
    const body = asObject(ctx.body);
    const project = model.projectByServiceDesk(String(body.serviceDeskId ?? ''));
    if (!project) throw new SiteError(404, `The service desk '${String(body.serviceDeskId ?? '')}' does not exist.`);
    const rt = model.requestTypes.get(String(body.requestTypeId ?? ''));
    if (!rt || rt.serviceDeskId !== project.serviceDeskId) throw new SiteError(400, `The request type '${String(body.requestTypeId ?? '')}' does not exist in service desk ${project.serviceDeskId ?? ''}.`);
    const actor = model.actorId(caller);
    const onBehalf = typeof body.raiseOnBehalfOf === 'string' ? body.raiseOnBehalfOf : undefined;
    if (onBehalf !== undefined) {
      if (caller.kind === 'user' && !model.isAgent(caller.accountId, project)) throw new SiteError(403, 'You do not have permission to raise requests on behalf of other customers.');
      if (!model.users.has(onBehalf)) throw new SiteError(400, `The user '${onBehalf}' does not exist.`);
    }
    const values = asObject(body.requestFieldValues);
    const allowed = new Set(rt.fields.map((f) => f.fieldId));
    for (const key of Object.keys(values)) {
      if (!allowed.has(key)) throw new SiteError(400, `The field '${key}' is not part of request type '${rt.name}'.`);
    }
    for (const f of rt.fields) {
      const v = values[f.fieldId];
      if (f.required && (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0))) throw new SiteError(400, `The field '${f.name ?? f.fieldId}' is required.`);
    }
    const input: Json = { ...values };
    if (typeof input.description === 'string' && body.isAdfRequest !== true) input.description = textToAdf(input.description);
    let changes: Map<string, unknown>;
    try {
      changes = collectFieldChanges(model, undefined, input, undefined, new Set());
    } catch (e) {
      if (e instanceof SiteError) throw new SiteError(400, Object.values(e.fieldErrors).join(' ') || e.message);
      throw e;
    }
    changes.set('reporter', onBehalf ?? actor);
    const issue = createIssue(ctx.op, { projectId: project.id, issueTypeId: rt.issueTypeId, values: changes, requestTypeId: rt.id });
    return { status: 201, body: renderCustomerRequest(model, issue, []) };
  },

  getCustomerRequestByIdOrKey(ctx) {
    const issue = requestFor(ctx);
    const expand = Array.isArray(ctx.query.expand) ? (ctx.query.expand as string[]) : [];
    return { status: 200, body: renderCustomerRequest(ctx.model, issue, expand) };
  },

  getApprovals(ctx) {
    const issue = requestFor(ctx);
    const { start, limit } = paging(ctx);
    const values = issue.approvals.map((a) => renderApproval(ctx.model, issue, a, callerAccountId(ctx)));
    return { status: 200, body: pageJsm(ctx.model, `/rest/servicedeskapi/request/${issue.id}/approval`, values, start, limit) };
  },

  getApprovalById(ctx) {
    const issue = requestFor(ctx);
    const a = issue.approvals.find((x) => x.id === ctx.params.approvalId);
    if (!a) throw new SiteError(404, `Approval ${ctx.params.approvalId ?? ''} does not exist on ${issue.key}.`);
    return { status: 200, body: renderApproval(ctx.model, issue, a, callerAccountId(ctx)) };
  },

  answerApproval(ctx) {
    const issue = requestFor(ctx);
    const decision = asObject(ctx.body).decision;
    if (decision !== 'approve' && decision !== 'decline') throw new SiteError(400, "The decision must be 'approve' or 'decline'.");
    const a = answerApproval(ctx.op, issue, ctx.params.approvalId ?? '', decision);
    return { status: 200, body: renderApproval(ctx.model, issue, a, callerAccountId(ctx)) };
  },

  createRequestComment(ctx) {
    const issue = requestFor(ctx);
    const body = asObject(ctx.body);
    if (typeof body.body !== 'string' || body.body.trim() === '') throw new SiteError(400, 'The comment body must not be empty.');
    const isPublic = body.public !== false;
    if (!isPublic && !ctx.model.seesInternal(ctx.caller, issue)) throw new SiteError(403, 'Only agents can add internal comments.');
    const c = addComment(ctx.op, issue, textToAdf(body.body), !isPublic);
    return { status: 201, body: renderJsmComment(ctx.model, issue, c) };
  },

  getRequestComments(ctx) {
    const issue = requestFor(ctx);
    const internalOk = ctx.model.seesInternal(ctx.caller, issue);
    const wantPublic = ctx.query.public !== false;
    const wantInternal = ctx.query.internal !== false;
    const list = issue.comments.filter((c) => (c.internal ? internalOk && wantInternal : wantPublic));
    const { start, limit } = paging(ctx);
    return { status: 200, body: pageJsm(ctx.model, `/rest/servicedeskapi/request/${issue.id}/comment`, list.map((c) => renderJsmComment(ctx.model, issue, c)), start, limit) };
  },

  getServiceDesks(ctx) {
    ctx.model.authenticate(ctx.caller);
    const { start, limit } = paging(ctx);
    const desks = [...ctx.model.projects.values()].filter((p) => p.serviceDeskId).map((p) => renderServiceDesk(ctx.model, p));
    return { status: 200, body: pageJsm(ctx.model, '/rest/servicedeskapi/servicedesk', desks, start, limit) };
  },

  getServiceDeskById(ctx) {
    ctx.model.authenticate(ctx.caller);
    const p = ctx.model.projectByServiceDesk(ctx.params.serviceDeskId ?? '');
    if (!p) throw new SiteError(404, `The service desk '${ctx.params.serviceDeskId ?? ''}' does not exist.`);
    return { status: 200, body: renderServiceDesk(ctx.model, p) };
  },

  getRequestTypes(ctx) {
    ctx.model.authenticate(ctx.caller);
    const sd = ctx.params.serviceDeskId ?? '';
    if (!ctx.model.projectByServiceDesk(sd)) throw new SiteError(404, `The service desk '${sd}' does not exist.`);
    const { start, limit } = paging(ctx);
    const search = typeof ctx.query.searchQuery === 'string' ? ctx.query.searchQuery.toLowerCase() : '';
    const types = [...ctx.model.requestTypes.values()].filter((rt) => rt.serviceDeskId === sd && rt.name.toLowerCase().includes(search)).map((rt) => renderRequestType(ctx.model, rt));
    return { status: 200, body: pageJsm(ctx.model, `/rest/servicedeskapi/servicedesk/${sd}/requesttype`, types, start, limit) };
  },

  getRequestTypeFields(ctx) {
    ctx.model.authenticate(ctx.caller);
    const rt = ctx.model.requestTypes.get(ctx.params.requestTypeId ?? '');
    if (!rt || rt.serviceDeskId !== ctx.params.serviceDeskId) throw new SiteError(404, `The request type '${ctx.params.requestTypeId ?? ''}' does not exist.`);
    const canOnBehalf = ctx.caller.kind === 'app' || (ctx.caller.kind === 'user' && ctx.model.isLicensed(ctx.caller.accountId));
    return {
      status: 200,
      body: {
        canRaiseOnBehalfOf: canOnBehalf,
        canAddRequestParticipants: canOnBehalf,
        requestTypeFields: rt.fields.map((f) => {
          const def = ctx.model.fieldByIdOrKey(f.fieldId);
          const jiraSchema: Json = def?.type === 'user-multi' ? { type: 'array', items: 'user' } : { type: def?.type === 'text' ? 'string' : (def?.type ?? 'string') };
          if (def?.custom) {
            jiraSchema.custom = `com.atlassian.jira.plugin.system.customfieldtypes:${def.type}`;
            jiraSchema.customId = Number(def.id.replace('customfield_', ''));
          } else jiraSchema.system = f.fieldId;
          return { fieldId: f.fieldId, name: f.name ?? def?.name ?? f.fieldId, description: '', required: f.required, visible: true, validValues: [], defaultValues: [], jiraSchema };
        }),
      },
    };
  },
};

