import type { SimulatedOutcome, SimulatedRequest, SimulatedStage, SimulationChange, SimulationReport } from '../../contract/admin';
import type { AppSettings } from '../../contract/app-settings';
import { DomainError } from '../../domain/common/domain-error';
import { evaluateRequest } from '../../domain/intake/evaluate-request';
import type { IntakeRequest } from '../../domain/intake/intake-request';
import { allPolicyGroupIds } from '../../domain/intake/required-group-ids';
import { compilePolicy, type CompiledPolicy } from '../../domain/policy/compile-policy';
import { parsePolicy } from '../../domain/policy/parse-policy';
import type { DirectorySnapshot, IntakeOutcome } from '../../domain/policy/plan-types';
import type { StageMode } from '../../domain/policy/policy-schema';
import type { AnyWorkflow } from '../../domain/workflows/workflow-types';
import type { HistoricalRequest } from '../../ports/request-history';
import { stampDocument } from './manage-draft';
import type { PolicyDeps } from './policy-deps';
import { invalidPolicyError } from './policy-errors';
import { requirePublisher } from './resolve-access';

type Deps = Pick<PolicyDeps, 'policies' | 'settings' | 'access' | 'history' | 'clock' | 'catalog'>;

/**
 * Runs the draft and the published policy over the newest real requests and reports, per request,
 * what the draft would change. Both policies see the same requests and the same directory snapshot,
 * so every difference comes from the policy alone.
 */
export async function simulatePolicy(deps: Deps, accountId: string, limit: number): Promise<SimulationReport> {
  await requirePublisher(deps, accountId);
  const settings = await deps.settings.get();
  if (!settings) throw new DomainError('settings-missing', 'Map the service desk on the Settings tab first: simulation needs to know where requests live.');
  const draft = await deps.policies.getDraft();
  if (!draft) throw new DomainError('no-draft', 'There is no draft to simulate. Edit the routing and save a draft first.');
  const latest = await deps.policies.getLatestVersion();
  const parsedDraft = parsePolicy(stampDocument(draft.document, (latest ?? 0) + 1, accountId));
  if (!parsedDraft.ok) throw invalidPolicyError(parsedDraft.errors);
  const draftPolicy = compilePolicy(parsedDraft.policy);
  const publishedStored = latest === null ? undefined : await deps.policies.getVersion(latest);
  const publishedPolicy = publishedStored ? compilePolicy(publishedStored.policy) : null;

  const history = await deps.history.searchRecentRequests(
    settings.serviceDesk.projectKey,
    limit,
    settings.fields.map((f) => f.fieldId),
    settings.requestTypeFieldId,
  );
  const directory = await readDirectory(deps, [draftPolicy, ...(publishedPolicy ? [publishedPolicy] : [])]);
  const now = deps.clock.now();
  const requests = history.map((request) => simulateOne(request, settings, deps.catalog, draftPolicy, publishedPolicy, directory, now));
  return { publishedVersion: latest, requests, summary: summarize(requests) };
}

/** Reads every group any lane of either policy names, once; a missing group reads as empty. */
async function readDirectory(deps: Deps, policies: readonly CompiledPolicy[]): Promise<DirectorySnapshot> {
  const ids = [...new Set(policies.flatMap((p) => allPolicyGroupIds(p)))].sort();
  const members = await Promise.all(ids.map(async (id) => [id, (await deps.history.listGroupMembers(id)) ?? []] as const));
  return { groupMembers: Object.fromEntries(members) };
}

function simulateOne(
  request: HistoricalRequest,
  settings: AppSettings,
  catalog: readonly AnyWorkflow[],
  draft: CompiledPolicy,
  published: CompiledPolicy | null,
  directory: DirectorySnapshot,
  now: string,
): SimulatedRequest {
  const mapping = settings.requestTypes.find((m) => m.requestTypeId === request.requestTypeId);
  const workflow = mapping ? catalog.find((w) => w.key === mapping.workflowKey) : undefined;
  const base = { issueKey: request.issueKey, summary: request.summary, created: request.created, workflowKey: workflow?.key ?? null };
  if (!workflow) {
    const note = request.requestTypeId === null ? 'Not raised as a service request.' : `Request type ${request.requestTypeId} is not mapped to a workflow.`;
    const outcome: SimulatedOutcome = { kind: 'no-workflow', stages: [], note };
    return { ...base, published: outcome, draft: outcome, changes: [] };
  }
  const intake = toIntakeRequest(request, settings, workflow);
  const evaluate = (policy: CompiledPolicy): IntakeOutcome =>
    evaluateRequest({ catalog: [workflow], compiledPolicy: policy, request: intake, directory, now });
  const draftOutcome = summarizeOutcome(evaluate(draft), intake);
  const publishedOutcome: SimulatedOutcome = published
    ? summarizeOutcome(evaluate(published), intake)
    : { kind: 'no-approval', stages: [], note: 'No policy is published yet.' };
  return { ...base, published: publishedOutcome, draft: draftOutcome, changes: compareOutcomes(publishedOutcome, draftOutcome, draft, directory) };
}

/** Field values by input name, from the settings' field mapping; the workflow picks its own. */
function toIntakeRequest(request: HistoricalRequest, settings: AppSettings, workflow: AnyWorkflow): IntakeRequest {
  const fields: Record<string, unknown> = {};
  for (const { fieldId, input } of settings.fields) {
    const value = request.fields[fieldId];
    if (value !== undefined && value !== null) fields[input] = value;
  }
  return {
    key: request.issueKey,
    // The mapping chose the workflow by request type id; intake matches by the workflow's own key.
    requestType: workflow.requestTypes[0] ?? workflow.key,
    fields,
    requester: { accountId: request.reporterAccountId ?? 'unknown-requester' },
    ...(request.assigneeAccountId ? { assigneeAccountId: request.assigneeAccountId } : {}),
  };
}

function summarizeOutcome(outcome: IntakeOutcome, request: IntakeRequest): SimulatedOutcome {
  if (outcome.kind === 'no-workflow') return { kind: 'no-workflow', stages: [], note: outcome.reason };
  if (outcome.kind === 'clarification') {
    return { kind: 'clarification', stages: [], note: outcome.questions.map((q) => q.question).join(' ') };
  }
  const plan = outcome.plan;
  const stages: SimulatedStage[] = plan.stages.map((stage) => ({
    lane: stage.lane,
    laneTitle: stage.laneTitle,
    mode: describeMode(stage.mode),
    order: stage.order,
    approvers: [...stage.approvers].sort(),
    selfApprovalRemoved: stage.excluded.includes(request.requester.accountId),
    fellBackToBackup: stage.fellBackToBackup,
  }));
  if (plan.kind === 'exception') return { kind: 'exception', stages, note: plan.exception.reason };
  return { kind: plan.kind, stages };
}

/** `any`, `all` or `2 of m`. */
function describeMode(mode: StageMode): string {
  return mode.type === 'n-of-m' ? `${mode.n} of m` : mode.type;
}

function compareOutcomes(before: SimulatedOutcome, after: SimulatedOutcome, draft: CompiledPolicy, directory: DirectorySnapshot): SimulationChange[] {
  const changes: SimulationChange[] = [];
  if (before.kind !== after.kind) {
    changes.push({ kind: 'outcome', text: `${describeKind(before.kind)} → ${describeKind(after.kind)}${after.note ? `: ${after.note}` : ''}` });
  }
  const beforeLanes = new Map(before.stages.map((s) => [s.lane, s]));
  const afterLanes = new Map(after.stages.map((s) => [s.lane, s]));
  for (const stage of after.stages) {
    const old = beforeLanes.get(stage.lane);
    if (!old) changes.push({ kind: 'lane-added', lane: stage.lane, text: `adds a ${stage.laneTitle} stage (${stage.mode}, order ${stage.order})` });
    else if (old.approvers.join(',') !== stage.approvers.join(',')) {
      changes.push({ kind: 'approvers', lane: stage.lane, text: `${stage.laneTitle} approvers change from ${old.approvers.length} to ${stage.approvers.length} people` });
    }
  }
  for (const stage of before.stages) {
    if (!afterLanes.has(stage.lane)) changes.push({ kind: 'lane-removed', lane: stage.lane, text: `drops the ${stage.laneTitle} stage` });
  }
  if (after.stages.length > before.stages.length) {
    changes.push({ kind: 'extra-stage', text: `${after.stages.length - before.stages.length} more approval stage(s): ${before.stages.length} → ${after.stages.length}` });
  } else if (after.stages.length < before.stages.length) {
    changes.push({ kind: 'fewer-stages', text: `${before.stages.length - after.stages.length} fewer approval stage(s): ${before.stages.length} → ${after.stages.length}` });
  }
  for (const stage of after.stages) {
    if (stage.selfApprovalRemoved) {
      changes.push({ kind: 'self-approval-conflict', lane: stage.lane, text: `the requester is in the ${stage.laneTitle} group and was removed from its approvers` });
    }
    const lane = draft.lanes.get(stage.lane);
    if (lane && (directory.groupMembers[lane.owner.groupId] ?? []).length === 0) {
      changes.push({ kind: 'empty-group', lane: stage.lane, text: `the ${stage.laneTitle} owner group "${lane.owner.name}" has no members` });
    }
  }
  return changes;
}

function describeKind(kind: SimulatedOutcome['kind']): string {
  switch (kind) {
    case 'approval':
      return 'needs approval';
    case 'no-approval':
      return 'no approval';
    case 'exception':
      return 'exception';
    case 'clarification':
      return 'asks the requester';
    case 'no-workflow':
      return 'no workflow';
  }
}

function summarize(requests: readonly SimulatedRequest[]): SimulationReport['summary'] {
  const count = (kind: SimulationChange['kind']): number => requests.reduce((n, r) => n + r.changes.filter((c) => c.kind === kind).length, 0);
  const lanes = new Map<string, { published: number; draft: number }>();
  for (const request of requests) {
    for (const stage of request.published.stages) {
      const entry = lanes.get(stage.lane) ?? { published: 0, draft: 0 };
      entry.published += 1;
      lanes.set(stage.lane, entry);
    }
    for (const stage of request.draft.stages) {
      const entry = lanes.get(stage.lane) ?? { published: 0, draft: 0 };
      entry.draft += 1;
      lanes.set(stage.lane, entry);
    }
  }
  return {
    requests: requests.length,
    changed: requests.filter((r) => r.changes.some((c) => c.kind !== 'self-approval-conflict' && c.kind !== 'empty-group')).length,
    extraStages: requests.reduce((n, r) => n + Math.max(0, r.draft.stages.length - r.published.stages.length), 0),
    fewerStages: requests.reduce((n, r) => n + Math.max(0, r.published.stages.length - r.draft.stages.length), 0),
    approverChanges: count('approvers'),
    selfApprovalConflicts: count('self-approval-conflict'),
    emptyGroups: count('empty-group'),
    byLane: [...lanes].sort(([a], [b]) => a.localeCompare(b)).map(([lane, n]) => ({ lane, ...n })),
  };
}
