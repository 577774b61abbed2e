/**
 * One realistic request per pre-built workflow, as the end-to-end tests raise them on the demo
 * desk, for counting the Jira calls of each lifecycle. Inputs are by workflow input name; the
 * groups they grant are seeded in the directory stand-ins by startAppEnv.
 */
import { mailboxGroupId } from '../../src/domain/workflows/shared-mailbox-access';

export interface WorkflowRequest {
  readonly workflow: string;
  readonly requester: string;
  readonly summary: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** What the agent writes when marking the workflow's manual step done, when it has one. */
  readonly handOver?: string;
}

export const MAILBOX_GROUP = mailboxGroupId('support@example.com', 'read');

export const WORKFLOW_REQUESTS: readonly WorkflowRequest[] = [
  {
    workflow: 'vpn-access',
    requester: 'acc-alice',
    summary: 'VPN for the wiki',
    inputs: { vpnProfile: 'standard', businessJustification: 'I work remotely on the internal wiki.' },
  },
  {
    workflow: 'shared-mailbox-access',
    requester: 'acc-alice',
    summary: 'Read the support mailbox',
    inputs: { mailboxAddress: 'support@example.com', accessLevel: 'read', mailboxOwnerAccountId: 'acc-mgr-002', endDate: '2026-02-15' },
  },
  {
    workflow: 'prod-db-access',
    requester: 'acc-alice',
    summary: 'Read the orders database',
    inputs: { database: 'orders-db', role: 'read-only', durationHours: 2, ticketReference: 'INC-1234', reason: 'Investigate the duplicated orders reported in INC-1234.' },
  },
  {
    workflow: 'password-reset',
    requester: 'acc-alice',
    summary: 'Locked out of my laptop',
    inputs: { accountUpn: 'alice@example.com', deliveryMethod: 'manager' },
  },
  {
    workflow: 'customer-data-export',
    requester: 'acc-erin',
    summary: 'Data export for CUST-1042',
    inputs: {
      customerAccountId: 'cust-1042',
      scope: ['account-profile', 'invoices'],
      destination: 'https://sftp.customer-corp.example.com/incoming/',
      reason: 'The customer asked for a copy of their account data under GDPR article 15.',
      retentionDays: 7,
    },
    handOver: 'Checked and transferred, transfer reference TR-2026-0042',
  },
  {
    workflow: 'refund-credit',
    requester: 'acc-erin',
    summary: 'Refund a cancelled annual plan',
    inputs: { customerAccountId: 'CUST-1042', invoiceNumber: 'INV-2026-000123', amount: 12500, currency: 'USD', reason: 'The customer cancelled within the 30-day window and was charged anyway.' },
  },
  {
    workflow: 'prod-config-change',
    requester: 'acc-alice',
    summary: 'Raise the checkout API timeout',
    inputs: {
      affectedSystems: ['checkout-api'],
      changeSummary: 'Raise the upstream timeout of checkout-api from 5 s to 8 s.',
      rollbackPlan: 'Set the upstream timeout of checkout-api back to 5 s and redeploy the previous config.',
      blastRadius: 'low',
      plannedStart: '2026-01-06T10:00:00Z',
    },
  },
  {
    workflow: 'customer-communication',
    requester: 'acc-alice',
    summary: 'EU maintenance notice',
    inputs: {
      exactCopy: 'Hello,\n\nOur EU region is under maintenance on 12 January from 02:00 to 03:00 UTC.\nNo action is needed on your side.\n\nThe Example team',
      channel: 'email',
      audienceSize: 2500,
      audienceSegment: 'eu-enterprise-admins',
      sendBy: '2026-01-09T17:00:00.000+0100',
    },
  },
];
