import type { CompiledPolicy } from '../policy/compile-policy';
import { selectStages } from '../policy/select-stages';
import type { TraceEntry } from '../policy/plan-types';
import type { AnyWorkflow } from '../workflows/workflow-types';
import type { IntakeRequest } from './intake-request';
import { prepareRequest } from './prepare-request';

/**
 * The Jira groups whose members `evaluateRequest` will read for this request: owner and backup of
 * every lane the plan touches (floor lanes and lanes of matching triggers). The app layer reads
 * these groups, then passes the snapshot in. Sorted and without duplicates; empty when the request
 * ends in clarification or matches no workflow, since no plan is built then.
 *
 * Lanes whose approvers come from the requester's manager or from a fact still list their owner
 * group, because the plan falls back to it when the manager or the fact is unknown.
 */
export function requiredGroupIds(catalog: readonly AnyWorkflow[], compiledPolicy: CompiledPolicy, request: IntakeRequest, now: string): string[] {
  const prepared = prepareRequest(catalog, request, now);
  if (prepared.kind !== 'ready') return [];
  const scratch: TraceEntry[] = [];
  const { drafts } = selectStages(compiledPolicy, prepared.floor, prepared.facts, prepared.ref.key, scratch);
  const ids = new Set<string>();
  for (const draft of drafts) {
    const lane = compiledPolicy.lanes.get(draft.lane);
    if (!lane) continue;
    ids.add(lane.owner.groupId);
    ids.add(lane.backup.groupId);
  }
  return [...ids].sort();
}

/** Every group any lane of the policy names: the safe superset when a request is not at hand. */
export function allPolicyGroupIds(compiledPolicy: CompiledPolicy): string[] {
  const ids = new Set<string>();
  for (const lane of compiledPolicy.lanes.values()) {
    ids.add(lane.owner.groupId);
    ids.add(lane.backup.groupId);
  }
  return [...ids].sort();
}
