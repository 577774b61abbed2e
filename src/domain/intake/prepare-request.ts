import type { Facts, FactValue } from '../facts';
import { describeIssues } from '../policy/describe-issues';
import type { AnyWorkflow, ClarificationQuestion, StageRequirement, WorkflowContext, WorkflowRef } from '../workflows/workflow-types';
import type { IntakeRequest } from './intake-request';

/**
 * The part of intake that needs no directory: match the workflow, read and check its inputs,
 * derive facts and the approval floor. Shared by evaluation and by the group look-up that
 * precedes it, so both see exactly the same facts.
 */
export type PreparedRequest =
  | {
      readonly kind: 'ready';
      readonly workflow: AnyWorkflow;
      readonly ref: WorkflowRef;
      readonly facts: Facts;
      readonly floor: readonly StageRequirement[];
    }
  | { readonly kind: 'clarification'; readonly workflow: AnyWorkflow; readonly ref: WorkflowRef; readonly questions: readonly ClarificationQuestion[] }
  | { readonly kind: 'no-workflow'; readonly requestType: string; readonly reason: string };

/** The first workflow of the catalog that handles `requestType`, if any. */
export function findWorkflow(catalog: readonly AnyWorkflow[], requestType: string): AnyWorkflow | undefined {
  return catalog.find((workflow) => workflow.requestTypes.includes(requestType));
}

/** Matches, parses and validates a request and derives its facts and floor. */
export function prepareRequest(catalog: readonly AnyWorkflow[], request: IntakeRequest, now: string): PreparedRequest {
  const workflow = findWorkflow(catalog, request.requestType);
  if (!workflow) {
    return {
      kind: 'no-workflow',
      requestType: request.requestType,
      reason: `No pre-built workflow handles request type "${request.requestType}".`,
    };
  }
  const ref: WorkflowRef = { key: workflow.key, version: workflow.version };
  const ctx: WorkflowContext = { now, requester: request.requester, requestType: request.requestType, requestKey: request.key };

  const parsed = workflow.input.safeParse(request.fields);
  if (!parsed.success) {
    return { kind: 'clarification', workflow, ref, questions: questionsFromIssues(workflow, parsed.error.issues, request.fields) };
  }
  const input: unknown = parsed.data;
  const questions = workflow.validate(input, ctx);
  if (questions.length > 0) return { kind: 'clarification', workflow, ref, questions };

  const facts = withIntakeFacts(workflow.facts(input, ctx), request, workflow.key);
  const floor = workflow.floor(input, facts, ctx);
  return { kind: 'ready', workflow, ref, facts, floor };
}

/**
 * Adds what intake knows for sure to the workflow's facts. These keys are set by intake only, so a
 * workflow cannot claim a different request type or requester profile.
 */
function withIntakeFacts(facts: Facts, request: IntakeRequest, workflowKey: string): Facts {
  const merged: Record<string, FactValue> = { ...facts };
  merged['request.type'] = request.requestType;
  merged['workflow.key'] = workflowKey;
  const { employmentType, department, groups } = request.requester;
  if (employmentType !== undefined) merged['requester.employmentType'] = employmentType;
  if (department !== undefined) merged['requester.department'] = department;
  if (groups !== undefined) merged['requester.groups'] = [...groups];
  return merged;
}

/**
 * One question per failing input, in input-field order. A message the workflow wrote itself
 * (a custom issue) is already addressed to the requester and is used as is; zod's generic
 * complaints are reworded around the input's label.
 */
function questionsFromIssues(
  workflow: AnyWorkflow,
  issues: Parameters<typeof describeIssues>[0],
  fields: Readonly<Record<string, unknown>>,
): ClarificationQuestion[] {
  const byField = new Map<string, string>();
  for (const issue of issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '';
    if (byField.has(field)) continue;
    if (issue.code === 'custom') {
      byField.set(field, issue.message);
      continue;
    }
    const description = describeIssues([issue], fields)[0];
    if (!description) continue;
    const inputField = workflow.inputFields.find((f) => f.name === field);
    const label = inputField?.label ?? (field || 'the request');
    const detail = description.path === field ? description.message : `${description.path.slice(field.length).replace(/^\./, '')} ${description.message}`;
    byField.set(
      field,
      description.message === 'is required' && description.path === field
        ? `Please provide ${label}${inputField ? ` (${inputField.description.replace(/\.$/, '')})` : ''}.`
        : `Please check ${label}: it ${detail}.`,
    );
  }
  const order = workflow.inputFields.map((f) => f.name);
  const rank = (field: string): number => (order.includes(field) ? order.indexOf(field) : order.length);
  return [...byField]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([field, question]) => ({ field, question }));
}
