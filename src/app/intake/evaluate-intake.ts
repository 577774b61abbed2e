import type { AppSettings } from '../../contract/app-settings';
import { DomainError } from '../../domain/common/domain-error';
import type { JsonObject } from '../../domain/common/json';
import { evaluateRequest } from '../../domain/intake/evaluate-request';
import { requiredGroupIds } from '../../domain/intake/required-group-ids';
import { compilePolicy, type CompiledPolicy } from '../../domain/policy/compile-policy';
import type { Policy } from '../../domain/policy/policy-schema';
import type { RoutingContext, RunEvent, RunState } from '../../domain/run/run-types';
import type { AnyWorkflow, WorkflowContext } from '../../domain/workflows/workflow-types';
import type { GroupCache } from '../../ports/group-cache';
import type { JiraGateway } from '../../ports/jira-gateway';
import type { PolicyStore } from '../../ports/policy-store';
import { readDirectory } from './read-directory';

export interface IntakeDeps {
  readonly jira: JiraGateway;
  readonly groupCache: GroupCache;
  readonly policies: PolicyStore;
  readonly catalog: readonly AnyWorkflow[];
  readonly settings: AppSettings;
}

/** Compiled policies by version: a published version never changes, so compiling once is enough. */
const compiled = new Map<number, CompiledPolicy>();

/** The published policy, compiled; a clear error when none is published yet. */
export async function loadPublishedPolicy(policies: PolicyStore): Promise<{ policy: Policy; compiled: CompiledPolicy }> {
  const version = await policies.getLatestVersion();
  const stored = version === null ? undefined : await policies.getVersion(version);
  if (!stored) {
    throw new DomainError('no-published-policy', 'No routing policy is published yet: an admin must publish one on the Approval Router settings page.');
  }
  let policy = compiled.get(stored.version);
  if (!policy) {
    policy = compilePolicy(stored.policy);
    compiled.set(stored.version, policy);
  }
  return { policy: stored.policy, compiled: policy };
}

/**
 * Intake's decision for a run: reads the published policy and the groups the plan needs, then
 * evaluates the request (pure) and returns the `intake.evaluated` event to record.
 */
export async function evaluateIntake(deps: IntakeDeps, run: RunState, now: string): Promise<RunEvent> {
  const request = run.request;
  if (!request) throw new DomainError('run-without-request', `Run ${run.runId} has no request snapshot.`);
  const { policy, compiled: compiledPolicy } = await loadPublishedPolicy(deps.policies);
  const intakeRequest = {
    key: request.key,
    requestType: request.requestType,
    fields: request.fields,
    requester: request.requester,
    ...(request.assigneeAccountId ? { assigneeAccountId: request.assigneeAccountId } : {}),
  };
  const groupIds = withHandOverGroups(policy, requiredGroupIds(deps.catalog, compiledPolicy, intakeRequest, now));
  const directory = await readDirectory(deps, groupIds, now);
  const outcome = evaluateRequest({ catalog: deps.catalog, compiledPolicy, request: intakeRequest, directory, now });

  const routing: RoutingContext = {
    lanes: Object.fromEntries(Object.entries(policy.lanes).map(([key, lane]) => [key, { title: lane.title, owner: lane.owner, backup: lane.backup, ...(lane.notifyChannel ? { notifyChannel: lane.notifyChannel } : {}) }])),
    directory,
    exceptionLane: policy.exceptionLane,
  };
  const context: JsonObject = {
    requester: {
      accountId: request.requester.accountId,
      ...(request.requester.employmentType ? { employmentType: request.requester.employmentType } : {}),
      ...(request.requester.department ? { department: request.requester.department } : {}),
      ...(request.requester.managerAccountId ? { managerAccountId: request.requester.managerAccountId } : {}),
      groups: [...(request.requester.groups ?? [])],
    },
    groupsRead: groupIds,
  };
  if (outcome.kind !== 'planned') return { type: 'intake.evaluated', outcome, routing, context };

  const workflow = deps.catalog.find((w) => w.key === outcome.plan.workflow.key && w.version === outcome.plan.workflow.version);
  const parsed = workflow?.input.safeParse(request.fields);
  if (!workflow || !parsed?.success) {
    throw new DomainError('workflow-input-changed', `Workflow ${outcome.plan.workflow.key} could not re-read the inputs it planned with.`);
  }
  const ctx: WorkflowContext = { now, requester: request.requester, requestType: request.requestType, requestKey: request.key };
  const revocation = workflow.revocation(parsed.data, ctx);
  const afterGrantMs = revocation ? revocationAfterGrantMs(revocation.at, now, workflow.revocation(parsed.data, { ...ctx, now: shiftIso(now, PROBE_SHIFT_MS) })?.at) : undefined;
  return {
    type: 'intake.evaluated',
    outcome,
    execution: { steps: workflow.steps(parsed.data, ctx), revocation, ...(afterGrantMs !== undefined ? { revocationAfterGrantMs: afterGrantMs } : {}) },
    routing,
    context,
  };
}

/** How far the clock is moved to tell a duration-based revocation from a date-based one. */
const PROBE_SHIFT_MS = 3_600_000;

function shiftIso(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

/**
 * A workflow states when access ends as a time: either a date the requester chose (the same
 * whenever it is computed) or a duration from now (it moves with the clock). Computed once more
 * with the clock an hour later tells them apart; a duration then counts from the grant, so the
 * time spent waiting for approvals is not taken off the access the approvers granted.
 */
function revocationAfterGrantMs(at: string, now: string, shiftedAt: string | undefined): number | undefined {
  if (shiftedAt === undefined) return undefined;
  const moved = Date.parse(shiftedAt) - Date.parse(at);
  const duration = Date.parse(at) - Date.parse(now);
  return moved === PROBE_SHIFT_MS && duration > 0 ? duration : undefined;
}

/**
 * Adds the groups of lanes a stage may be handed to on timeout (and the exception lane), so the
 * run can escalate without reading the directory again.
 */
function withHandOverGroups(policy: Policy, groupIds: readonly string[]): string[] {
  const ids = new Set(groupIds);
  const addLane = (key: string) => {
    const lane = policy.lanes[key];
    if (lane) {
      ids.add(lane.owner.groupId);
      ids.add(lane.backup.groupId);
    }
  };
  if (ids.size > 0) addLane(policy.exceptionLane);
  for (const lane of Object.values(policy.lanes)) {
    if (ids.has(lane.owner.groupId) && lane.onTimeout.action === 'escalate-lane') addLane(lane.onTimeout.lane);
  }
  return [...ids].sort();
}
