import type { WorkflowView } from '../../contract/admin';
import type { PolicyDeps } from './policy-deps';

/** The workflow catalog as admins review it, each with the source file it is defined in. */
export function listWorkflows(deps: Pick<PolicyDeps, 'catalog' | 'workflowSources'>): WorkflowView[] {
  return deps.catalog.map((workflow) => {
    const source = deps.workflowSources.find((s) => s.workflowKeys.includes(workflow.key));
    return {
      key: workflow.key,
      version: workflow.version,
      title: workflow.title,
      description: workflow.description,
      requestTypes: [...workflow.requestTypes],
      inputFields: workflow.inputFields.map((f) => ({ ...f })),
      source: source ? { file: source.file, code: source.code } : null,
    };
  });
}
