/**
 * A refund above the finance threshold is routed to the finance lane, whose approver declines it
 * in the JSM approval panel: the request ends declined, the requester is told in a public comment,
 * and nothing reaches billing or chat.
 */
import { S, startLifecycleHarness, type LifecycleHarness } from './support/lifecycle-harness';

const REQUESTER = 'acc-erin';

let h: LifecycleHarness;
let issueKey = '';

beforeAll(async () => {
  h = await startLifecycleHarness({ standIns: true });
  await h.configure();
  await h.connectEntra();
  await h.connectWebhook('billing');
});

afterAll(async () => {
  await h?.stop();
});

describe('refund above threshold declined by finance', () => {
  it('is routed to the finance approvers', async () => {
    issueKey = await h.createRequest(REQUESTER, 'refund-credit', 'Refund a duplicate charge', {
      customerAccountId: 'CUST-1042',
      invoiceNumber: 'INV-2026-000123',
      amount: 1500,
      currency: 'USD',
      reason: 'The customer was charged twice for the January invoice.',
    });
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.approvalAny);
    expect(h.approvers(issueKey)).toEqual(['acc-fin-001', 'acc-fin-002', 'acc-fin-003']);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'awaiting-approval', lane: 'finance', workflow: 'refund-credit@1.0.0', blocked: 'no' });
    expect(h.fieldValue(issueKey, 'workflow')).toBe('refund-credit@1.0.0');
    expect(h.fieldValue(issueKey, 'approval-policy')).toMatchObject({ state: 'awaiting-approval', stages: [{ id: 'stage-1', lane: 'Finance and billing', group: 'finance-approvers', status: 'waiting' }] });
    const planned = h.auditEvents(issueKey).find((e) => e.type === 'intake.planned');
    expect(JSON.stringify(planned?.data)).toContain('amount-over-1000');
  });

  it('a finance approver declines: the request is declined and the requester told, nothing is paid', async () => {
    await h.decide('acc-fin-002', issueKey, 'decline');
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.declined);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'declined', blocked: 'no', workflow: 'refund-credit@1.0.0' });
    expect(h.fieldValue(issueKey, 'approval-policy')).toMatchObject({ stages: [{ id: 'stage-1', status: 'declined' }] });
    const publicComments = h.comments(issueKey).filter((c) => !c.internal);
    expect(publicComments).toHaveLength(1);
    expect(publicComments[0]?.text).toMatch(/declined/i);
    expect(h.comments(issueKey).filter((c) => c.internal).some((c) => c.text.includes('acc-fin-002'))).toBe(true);
    expect(h.auditEvents(issueKey).map((e) => e.type)).toContain('approval.declined');
    // Only the requester's directory profile was read; billing and Slack never heard of it.
    expect(h.effects().filter((c) => c.service === 'webhook' || c.service === 'slack' || c.method !== 'GET')).toEqual([]);
    expect(h.standIns?.state.webhookDeliveries ?? []).toEqual([]);
  });
});
