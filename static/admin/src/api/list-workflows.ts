import type { WorkflowView } from '../../../../src/contract/admin';
import type { Envelope } from '../../../../src/contract/envelope';
import { callResolver } from '../../../shared/call-resolver';

/** `workflow/list`: the workflow catalog with each workflow's source. */
export function listWorkflows(): Promise<Envelope<WorkflowView[]>> {
  return callResolver<WorkflowView[]>('workflow/list');
}
