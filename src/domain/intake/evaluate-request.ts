import { buildPlan } from '../policy/build-plan';
import type { CompiledPolicy } from '../policy/compile-policy';
import type { DirectorySnapshot, IntakeOutcome } from '../policy/plan-types';
import type { AnyWorkflow } from '../workflows/workflow-types';
import type { IntakeRequest } from './intake-request';
import { prepareRequest } from './prepare-request';

export interface EvaluateRequestArgs {
  readonly catalog: readonly AnyWorkflow[];
  readonly compiledPolicy: CompiledPolicy;
  readonly request: IntakeRequest;
  /** Members of at least the groups `requiredGroupIds` names. */
  readonly directory: DirectorySnapshot;
  /** ISO timestamp of the evaluation. */
  readonly now: string;
}

/** The pure intake decision: no workflow, a clarification for the requester, or a plan. */
export function evaluateRequest(args: EvaluateRequestArgs): IntakeOutcome {
  const prepared = prepareRequest(args.catalog, args.request, args.now);
  if (prepared.kind === 'no-workflow') return prepared;
  if (prepared.kind === 'clarification') return { kind: 'clarification', workflow: prepared.ref, questions: prepared.questions };
  const plan = buildPlan(args.compiledPolicy, prepared.floor, {
    requestKey: args.request.key,
    requestType: args.request.requestType,
    requester: args.request.requester,
    ...(args.request.assigneeAccountId !== undefined ? { assigneeAccountId: args.request.assigneeAccountId } : {}),
    facts: prepared.facts,
    workflow: prepared.ref,
    directory: args.directory,
  });
  return { kind: 'planned', plan };
}
