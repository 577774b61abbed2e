import type { AnyWorkflow, ClarificationQuestion, WorkflowContext } from './workflow-types';

/** The typed input of a request, or the questions the requester must answer first. */
export type WorkflowInputResult =
  | { readonly kind: 'valid'; readonly input: unknown }
  | { readonly kind: 'clarification'; readonly questions: readonly ClarificationQuestion[] };

/**
 * Reads a request's field values through a workflow: schema errors and rule violations both
 * become questions for the requester, one per field, in field order, so intake asks them at once.
 */
export function readWorkflowInput(workflow: AnyWorkflow, fieldValues: unknown, ctx: WorkflowContext): WorkflowInputResult {
  const parsed = workflow.input.safeParse(fieldValues);
  if (!parsed.success) {
    const byField = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      const field = issue.path.length > 0 ? String(issue.path[0]) : '';
      // The first problem of a field is the one to fix first; more would bury it.
      if (!byField.has(field)) byField.set(field, issue.message);
    }
    const order = workflow.inputFields.map((field) => field.name);
    const rank = (field: string): number => (order.includes(field) ? order.indexOf(field) : order.length);
    const questions = [...byField.entries()]
      .sort(([a], [b]) => rank(a) - rank(b))
      .map(([field, question]) => ({ field, question }));
    return { kind: 'clarification', questions };
  }
  const questions = workflow.validate(parsed.data, ctx);
  return questions.length > 0 ? { kind: 'clarification', questions } : { kind: 'valid', input: parsed.data };
}
