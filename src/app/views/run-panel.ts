import { RESOLVER_ERROR_CODES as CODES } from '../../contract/envelope';
import type { PortalStatus, RunOverridePayload, RunView } from '../../contract/run-view';
import type { AuditEvent } from '../../domain/audit/audit-chain';
import { DomainError } from '../../domain/common/domain-error';
import type { AnyWorkflow } from '../../domain/workflows/workflow-types';
import type { Clock } from '../../ports/clock';
import { JiraCallError, type JiraGateway } from '../../ports/jira-gateway';
import type { StoredEnvelope } from '../../ports/run-store';
import type { PeopleDirectory, ViewerAccess } from '../../ports/viewer-access';
import { dispatchRunEvents } from '../run/dispatch';
import type { CommandDeps } from '../run/execute-commands';
import { loadRecord, type LifecycleStore, type RunRef } from '../run/run-engine';
import { auditChunkPropertyKey, RUN_PROPERTY_KEY, type RunProperty } from '../run/run-property';
import { runIdForIssue, type RunRecordEvent, type RunRecordState } from '../run/run-record';
import { buildPortalStatus } from './portal-status';
import { allowedActions, buildRunView, retryStepIdOf, runStatusOf } from './run-view';

export interface PanelDeps {
  readonly store: LifecycleStore;
  readonly jira: JiraGateway;
  readonly access: ViewerAccess;
  readonly people: PeopleDirectory;
  readonly catalog: readonly AnyWorkflow[];
  readonly clock: Clock;
  /** The lifecycle's services, for overrides; undefined until the app is configured. */
  readonly lifecycle: () => Promise<CommandDeps | undefined>;
}

const NOT_HANDLED = 'Approval Router has not handled this request.';

/** The request a panel shows: its key, and its id when the Forge context gave it (no lookup then). */
export interface IssueTarget {
  readonly key: string;
  readonly id?: string;
}

async function findRun(deps: PanelDeps, target: IssueTarget): Promise<{ ref: RunRef; record: RunRecordState | undefined }> {
  const issueKey = target.key;
  let issueId = target.id;
  if (issueId === undefined) {
    try {
      issueId = (await deps.jira.getRequest(issueKey, [], 'summary')).issueId;
    } catch (error) {
      if (error instanceof JiraCallError && error.status === 404) throw new DomainError(CODES.notFound, NOT_HANDLED);
      throw error;
    }
  }
  const ref: RunRef = { runId: runIdForIssue(issueId), issueId, issueKey };
  return { ref, record: (await loadRecord(deps.store, ref)).record };
}

async function requireAgent(deps: PanelDeps, issueKey: string): Promise<void> {
  if (!(await deps.access.isAgentOf(issueKey))) {
    throw new DomainError(CODES.forbidden, 'Only agents of this service desk can see how Approval Router handled the request.');
  }
}

async function viewOf(
  deps: PanelDeps,
  ref: RunRef,
  record: RunRecordState,
  viewerAccountId?: string,
  stored?: readonly StoredEnvelope<RunRecordEvent>[],
): Promise<RunView> {
  const events: AuditEvent[] = (stored ?? (await deps.store.loadEvents(ref.runId))).flatMap((envelope) => [...envelope.event.audit]);
  const people = new Set<string>();
  for (const event of events) if (event.actor.accountId) people.add(event.actor.accountId);
  for (const stage of record.run.stages) stage.approvers.forEach((id) => people.add(id));
  const issueEvents = await readIssueLog(deps.jira, ref.issueId);
  // A run keeps the version it started with; after an upgrade the catalog holds the newer one, whose title still names it.
  const sameKey = deps.catalog.filter((w) => w.key === record.run.workflow?.key);
  const workflow = sameKey.find((w) => w.version === record.run.workflow?.version) ?? sameKey[0];
  return buildRunView({
    issueKey: ref.issueKey,
    run: record.run,
    events,
    expectedHead: record.audit.tail,
    ...(issueEvents ? { issueEvents } : {}),
    workflowTitle: workflow?.title ?? record.run.workflow?.key ?? 'No workflow',
    names: await deps.people.displayNames([...people]),
    ...(viewerAccountId !== undefined ? { viewerAccountId } : {}),
  });
}

/** `run/get`: the run's timeline, current packet, audit verification and allowed overrides. */
export async function getRunView(deps: PanelDeps, target: IssueTarget, viewerAccountId?: string): Promise<RunView> {
  await requireAgent(deps, target.key);
  const { ref, record } = await findRun(deps, target);
  if (!record) throw new DomainError(CODES.notFound, NOT_HANDLED);
  return viewOf(deps, ref, record, viewerAccountId);
}

/** `run/override`: take over, retry, resume or cancel, with the agent's reason in the audit trail. */
export async function overrideRun(deps: PanelDeps, target: IssueTarget, payload: RunOverridePayload, actorAccountId: string): Promise<RunView> {
  await requireAgent(deps, target.key);
  const { ref, record } = await findRun(deps, target);
  if (!record) throw new DomainError(CODES.notFound, NOT_HANDLED);
  if (actorAccountId === record.run.request?.requester.accountId && payload.action !== 'cancel') {
    throw new DomainError(CODES.forbidden, 'You raised this request, so another agent must take it over, retry it or mark its steps done. You can still cancel it.');
  }
  // Checked on the run alone, as the view would show it: building the view here cost Jira calls.
  if (!allowedActions(record.run, actorAccountId).includes(payload.action)) {
    throw new DomainError(CODES.conflict, `"${payload.action}" is not possible now: the request is ${runStatusOf(record.run).replace(/-/g, ' ')}. Reload to see where it is.`);
  }
  if (payload.action === 'retry' && payload.stepId !== undefined && payload.stepId !== retryStepIdOf(record.run)) {
    throw new DomainError(CODES.conflict, 'That step is no longer the one that failed. Reload to see where the request is.');
  }
  const lifecycle = await deps.lifecycle();
  if (!lifecycle) throw new DomainError('not-configured', 'Approval Router is not configured on this site yet: an admin must save its settings.');
  await dispatchRunEvents(lifecycle, ref, [{ type: 'agent.override', action: payload.action, actorAccountId, reason: payload.reason }]);
  const after = await findRun(deps, { key: ref.issueKey, id: ref.issueId });
  const events = await deps.store.loadEvents(ref.runId);
  const rejected = events.at(-1)?.event.audit.find((event) => event.type === 'event.rejected');
  if (rejected) throw new DomainError(CODES.conflict, `The request moved on before your action: ${rejected.summary}`);
  return viewOf(deps, ref, after.record ?? record, actorAccountId, events);
}

/** `portal/status`: the requester's own view; anybody else is told it does not exist. */
export async function getPortalStatus(deps: PanelDeps, target: IssueTarget, callerAccountId: string): Promise<PortalStatus> {
  const { record } = await findRun(deps, target);
  if (!record || record.run.request?.requester.accountId !== callerAccountId) {
    throw new DomainError(CODES.notFound, 'There is no request with this key for you.');
  }
  return buildPortalStatus(target.key, record.run, deps.clock.now());
}

/** The audit chain as the issue carries it: sealed chunks, then the open one; undefined before the first sync. */
async function readIssueLog(jira: JiraGateway, issueId: string): Promise<AuditEvent[] | undefined> {
  const property = (await jira.getIssueProperty(issueId, RUN_PROPERTY_KEY)) as RunProperty | undefined;
  if (!property?.audit) return undefined;
  const events: AuditEvent[] = [];
  for (let index = 0; index < property.audit.chunk; index += 1) {
    const sealed = (await jira.getIssueProperty(issueId, auditChunkPropertyKey(index))) as { events?: AuditEvent[] } | undefined;
    events.push(...(sealed?.events ?? []));
  }
  events.push(...property.audit.events);
  return events;
}
