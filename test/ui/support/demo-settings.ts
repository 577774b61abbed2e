import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { buildDemoSeed, DEMO_APPROVERS_FIELD_ID, DEMO_PROJECT, DEMO_REQUEST_TYPE_FIELD_ID, DEMO_STATUSES as S, DEMO_TRANSITIONS as T } from '../../../platform/sandbox/demo-seed';
import { WORKFLOW_CATALOG } from '../../../src/domain/workflows/catalog';
import { PROJECT_ROOT } from './ui-harness';

export const demo = buildDemoSeed(PROJECT_ROOT);

/** What an admin enters on the Settings tab for the demo desk. */
export function demoSettings(): unknown {
  const workflowFor = (requestTypeKey: string): string => WORKFLOW_CATALOG.find((w) => w.requestTypes.includes(requestTypeKey))?.key ?? requestTypeKey;
  return {
    schemaVersion: 1,
    serviceDesk: { projectKey: DEMO_PROJECT.key, serviceDeskId: DEMO_PROJECT.serviceDeskId },
    requestTypeFieldId: DEMO_REQUEST_TYPE_FIELD_ID,
    approversFieldId: DEMO_APPROVERS_FIELD_ID,
    requestTypes: Object.entries(demo.requestTypeIds).map(([key, requestTypeId]) => ({ requestTypeId, workflowKey: workflowFor(key) })),
    fields: Object.entries(demo.inputFieldIds).map(([input, fieldId]) => ({ fieldId, input })),
    targets: {
      'awaiting-approval-any': { statusId: S.approvalAny, transitionId: T.requestApprovalAny },
      'awaiting-approval-all': { statusId: S.approvalAll, transitionId: T.requestApprovalAll },
      'awaiting-approval-2-of-m': { statusId: S.approvalTwoOfM, transitionId: T.requestApprovalTwoOfM },
      'in-progress': { statusId: S.inProgress, transitionId: T.startProgress },
      'waiting-for-customer': { statusId: S.waitingForCustomer, transitionId: T.waitForCustomer },
      escalated: { statusId: S.escalated, transitionId: T.escalate },
      blocked: { statusId: S.blocked, transitionId: T.block },
      done: { statusId: S.done, transitionId: T.resolve },
      declined: { statusId: S.declined, transitionId: T.decline },
      cancelled: { statusId: S.cancelled, transitionId: T.cancel },
    },
    publishersGroup: null,
  };
}

/** The example policy the CLI ships with. */
export function examplePolicy(): unknown {
  return parseYaml(readFileSync(join(PROJECT_ROOT, 'examples', 'policy.yaml'), 'utf8')) as unknown;
}

/** Field values for a refund request of `amount`, keyed by the demo desk's field ids. */
export function refundFields(summary: string, amount: number): Record<string, string | number> {
  const id = (input: string): string => demo.inputFieldIds[input] ?? input;
  return {
    summary,
    [id('customerAccountId')]: 'CUST-2077',
    [id('invoiceNumber')]: 'INV-2026-000123',
    [id('amount')]: amount,
    [id('currency')]: 'EUR',
    [id('reason')]: 'Service outage credit agreed in the contract SLA clause.',
  };
}
