import type { RequesterProfile } from '../../../../src/domain/facts';
import type { AnyWorkflow, WorkflowContext } from '../../../../src/domain/workflows/workflow-types';

/** Fixed clock for every workflow test: rules read time only from the context. */
export const NOW = '2026-03-01T10:00:00.000Z';

export const EMPLOYEE: RequesterProfile = {
  accountId: '5b10ac8d82e05b22cc7d4ef5',
  directoryId: 'entra-obj-employee-1',
  principalName: 'jane.doe@example.com',
  employmentType: 'employee',
  managerAccountId: '5b10ac8d82e05b22cc7d4ef9',
};

export const CONTRACTOR: RequesterProfile = {
  accountId: '712020:contractor-1',
  principalName: 'sam.contractor@example.com',
  employmentType: 'contractor',
};

/** A workflow context; override any part. */
export function makeContext(overrides: Partial<WorkflowContext> = {}): WorkflowContext {
  return { now: NOW, requester: EMPLOYEE, requestType: 'test', requestKey: 'ITSM-42', ...overrides };
}

/** Field values as JSM would send them for a request that needs no clarification. */
export const VALID_FIELDS: Readonly<Record<string, Record<string, unknown>>> = {
  'vpn-access': { vpnProfile: 'standard', businessJustification: 'Working from home on the billing rewrite' },
  'shared-mailbox-access': {
    mailboxAddress: 'support@example.com',
    accessLevel: { value: 'read', id: '10021' },
    mailboxOwnerAccountId: { accountId: '5b10ac8d82e05b22cc7d4e00' },
    endDate: '2026-04-30',
  },
  'prod-db-access': { database: 'orders-db', role: 'read-only', durationHours: '4', ticketReference: 'INC-1234', reason: 'Investigate stuck orders in INC-1234' },
  'password-reset': { accountUpn: 'jane.doe@example.com', deliveryMethod: 'manager' },
  'customer-data-export': {
    customerAccountId: 'CUST-1042',
    scope: ['usage-metrics', 'invoices'],
    destination: 'storage:exports-eu',
    reason: 'Quarterly business review requested by the customer',
    retentionDays: '30',
  },
  'refund-credit': { customerAccountId: 'CUST-1042', invoiceNumber: 'INV-2026-000123', amount: '250.00', currency: 'EUR', reason: 'Credit for the outage on 12 February' },
  'prod-config-change': {
    affectedSystems: ['checkout-api'],
    changeSummary: 'Raise the checkout-api connection pool from 20 to 50',
    rollbackPlan: 'Set the pool size back to 20 in the config service and restart the pods one by one',
    blastRadius: 'medium',
    plannedStart: '2026-03-02T09:00:00.000+0200',
  },
  'customer-communication': {
    exactCopy: 'We will perform scheduled maintenance on 5 March from 02:00 to 03:00 UTC. No action is needed.',
    channel: 'email',
    audienceSize: '1200',
    audienceSegment: 'eu-enterprise-admins',
    sendBy: '2026-03-03T12:00:00Z',
  },
};

/** Parses field values or fails the test with the schema's messages. */
export function parseOrFail<I>(workflow: { input: AnyWorkflow['input'] } & { key: string }, fields: unknown): I {
  const result = workflow.input.safeParse(fields);
  if (!result.success) throw new Error(`${workflow.key} rejected valid fields: ${result.error.issues.map((i) => i.message).join('; ')}`);
  return result.data as I;
}

/** The messages a schema gives for a field, or [] when the fields parse. */
export function messagesFor(workflow: AnyWorkflow, fields: unknown, field: string): string[] {
  const result = workflow.input.safeParse(fields);
  if (result.success) return [];
  return result.error.issues.filter((issue) => String(issue.path[0] ?? '') === field).map((issue) => issue.message);
}
