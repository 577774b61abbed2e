import type { WorkflowDefinition } from './workflow-types';

/** Declares a workflow with its input type inferred from the schema, so each file stays typed. */
export function defineWorkflow<I>(def: WorkflowDefinition<I>): WorkflowDefinition<I> {
  return def;
}
