/**
 * Refunds and credits that finance approves, end to end: billing issues the money once and
 * #billing-ops is told once. The demo policy adds finance stages by amount (amount-over-1000: any
 * finance approver, amount-over-10000: two of them) on top of the workflow's floor (500 USD/EUR).
 *
 * - 12,500 USD: two of the three finance approvers must approve; after the first approval nothing
 *   is paid, after the second (its event and the step jobs delivered twice) the refund is issued
 *   once and announced once, and the request is done.
 * - 1,800 EUR while the app bot is not in #billing-ops: the refund is issued and stays issued (money
 *   cannot be pulled back); the request is blocked with a packet that says so; once the bot is
 *   invited, a retry only announces: billing never hears of the refund a second time.
 * - 120.50 GBP, below every threshold: no approval; billing answers 503 once and the retry carries
 *   the same idempotency key, so one refund.
 * - JPY with decimals is questioned before anyone is asked to approve.
 */
import { SANDBOX_CREDENTIALS, DEFAULT_DIRECTORY_SEED, type WebhookDelivery } from '../../platform/stand-ins';
import { verifyAuditChain } from '../../src/domain/audit/audit-chain';
import { S, startLifecycleHarness, type LifecycleHarness } from './support/lifecycle-harness';

const ERIN = 'acc-erin';
const ALICE = 'acc-alice';
const AGENT = 'acc-agent-1';
const FINANCE = ['acc-fin-001', 'acc-fin-002', 'acc-fin-003'];

/** The workspace's #billing-ops channel, which the workflow announces in (the stand-in seed has it). */
const BILLING_OPS = DEFAULT_DIRECTORY_SEED.slackChannels.find((c) => c.name === 'billing-ops')?.id as string;
const SECRETS = [SANDBOX_CREDENTIALS.entra.clientSecret, SANDBOX_CREDENTIALS.okta.apiToken, SANDBOX_CREDENTIALS.slack.botToken, SANDBOX_CREDENTIALS.webhook.signingSecret];

let h: LifecycleHarness;

/** What reached billing for one request. */
const refundsOf = (issueKey: string): WebhookDelivery[] =>
  (h.standIns?.state.webhookDeliveries ?? []).filter((d) => (d.body as { payload?: { requestKey?: string } }).payload?.requestKey === issueKey);
const billingCallsOf = (issueKey: string) => h.effects().filter((c) => c.service === 'webhook' && c.body.includes(`"requestKey":"${issueKey}"`));
const announcementsOf = (issueKey: string) => (h.standIns?.state.slackMessages ?? []).filter((m) => m.text.startsWith(`${issueKey}:`));
const publicComments = (issueKey: string) => h.comments(issueKey).filter((c) => !c.internal).map((c) => c.text);
const internalText = (issueKey: string) => h.comments(issueKey).filter((c) => c.internal).map((c) => c.text).join('\n');
const auditOf = (issueKey: string, type: string) => h.auditEvents(issueKey).filter((e) => e.type === type);
const trace = (issueKey: string, triggerId: string) => {
  const planned = auditOf(issueKey, 'intake.planned')[0];
  return (planned?.data as { trace: { triggerId?: string; matched?: boolean }[] }).trace.find((t) => t.triggerId === triggerId);
};

/** Everything the request carries that people can read: comments, properties, the app's fields. */
function everythingVisible(issueKey: string): string {
  return JSON.stringify([h.comments(issueKey), h.site.getProperties(issueKey), h.fieldValue(issueKey, 'workflow'), h.fieldValue(issueKey, 'approval-policy')]);
}

/** The JSM approval as the requester sees it in the portal. */
async function jsmApproval(issueKey: string, accountId: string): Promise<{ finalDecision: string; approvers: { approver: { accountId: string }; approverDecision: string }[] }> {
  const answer = await h.callSite(accountId, 'GET', `/rest/servicedeskapi/request/${issueKey}/approval`);
  expect(answer.status).toBe(200);
  const values = (answer.json as { values: { finalDecision: string; approvers: { approver: { accountId: string }; approverDecision: string }[] }[] }).values;
  return values.at(-1) as (typeof values)[number];
}

beforeAll(async () => {
  h = await startLifecycleHarness({ standIns: true });
  await h.configure();
  await h.connectEntra();
  await h.connectSlack();
  await h.connectWebhook('billing');
});

afterAll(async () => {
  await h?.stop();
});

describe('a 12,500 USD refund: two of three finance approvers', () => {
  let issueKey = '';

  it('waits for two finance approvals; nothing is paid', async () => {
    issueKey = await h.createRequest(ERIN, 'refund-credit', 'Refund a cancelled annual plan', {
      customerAccountId: 'CUST-1042',
      invoiceNumber: 'INV-2026-000123',
      amount: 12500,
      currency: 'USD',
      reason: 'The customer cancelled the annual plan within the 30-day window and was charged anyway.',
    });
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.approvalTwoOfM);
    expect(h.approvers(issueKey)).toEqual(FINANCE);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'awaiting-approval', lane: 'finance', workflow: 'refund-credit@1.0.0', blocked: 'no', policyVersion: 1 });
    expect(h.fieldValue(issueKey, 'workflow')).toBe('refund-credit@1.0.0');
    expect(h.fieldValue(issueKey, 'approval-policy')).toMatchObject({
      policyVersion: 1,
      workflow: 'refund-credit@1.0.0',
      state: 'awaiting-approval',
      currentStage: 'stage-1',
      stages: [{ id: 'stage-1', lane: 'Finance and billing', group: 'finance-approvers', mode: '2 of 3', status: 'waiting' }],
    });
    // One stage for three reasons: the workflow's floor and both amount triggers; the stricter mode wins.
    expect(trace(issueKey, 'amount-over-1000')?.matched).toBe(true);
    expect(trace(issueKey, 'amount-over-10000')?.matched).toBe(true);
    expect((auditOf(issueKey, 'intake.planned')[0]?.data as { stages: unknown[] }).stages).toEqual([
      expect.objectContaining({ lane: 'finance', mode: { type: 'n-of-m', n: 2 }, approvers: FINANCE, excluded: [] }),
    ]);
    const plan = internalText(issueKey);
    expect(plan).toContain('Refunds and credits of 500.00 USD or more are approved by finance');
    expect(plan).toContain('Money movements above 10,000 need two finance approvers');
    expect(plan).toContain('Then 2 step(s): Issue 12500.00 USD against INV-2026-000123, Tell #billing-ops.');
    expect(plan).toContain('Owner: finance-approvers (finance lane)');

    expect(publicComments(issueKey)).toEqual([]);
    const portal = await h.portalStatus(ERIN, issueKey);
    expect(portal.phase).toBe('waiting-for-approval');
    expect(portal.headline).toMatch(/^Waiting for Finance and billing approval/);
    expect(JSON.stringify(portal)).not.toMatch(/acc-|finance-approvers|stage-|amount-over/);
    expect(refundsOf(issueKey)).toEqual([]);
    expect(announcementsOf(issueKey)).toEqual([]);
  });

  it('one finance approver approves: still waiting for a second; nothing is paid', async () => {
    await h.advance(60 * 60_000);
    await h.decide('acc-fin-001', issueKey, 'approve');
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.approvalTwoOfM);
    expect(h.approvers(issueKey)).toEqual(FINANCE);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'awaiting-approval', lane: 'finance', blocked: 'no' });
    expect(h.fieldValue(issueKey, 'approval-policy')).toMatchObject({ state: 'awaiting-approval', stages: [{ id: 'stage-1', status: 'waiting' }] });
    expect((await jsmApproval(issueKey, ERIN)).finalDecision).toBe('pending');
    expect(auditOf(issueKey, 'stage.approved')).toEqual([]);
    expect(auditOf(issueKey, 'execution.started')).toEqual([]);
    expect(publicComments(issueKey)).toEqual([]);
    expect(refundsOf(issueKey)).toEqual([]);
    expect(announcementsOf(issueKey)).toEqual([]);
  });

  it('a second finance approver approves: the refund is issued once, announced once in #billing-ops, and the request is done', async () => {
    await h.advance(2 * 60 * 60_000);
    // Forge delivers at least once: the deciding event and every step job arrive twice here.
    h.env.platform.setDeliveryFaults({ seed: 11, duplicate: 1 });
    const before = h.env.platform.deliveries().length;
    await h.decide('acc-fin-003', issueKey, 'approve');
    await h.settle();
    h.env.platform.setDeliveryFaults({});
    const doubled = h.env.platform.deliveries().slice(before).filter((d) => d.duplicate);
    expect(doubled.some((d) => d.kind === 'trigger') && doubled.some((d) => d.kind === 'consumer')).toBe(true);

    // Billing: one signed delivery with the exact refund, which billing had not seen before.
    const refunds = refundsOf(issueKey);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ path: '/billing', event: 'billing.refund.issue', verified: true, duplicate: false });
    expect((refunds[0]?.body as { payload: unknown }).payload).toEqual({
      idempotencyKey: `${issueKey}:INV-2026-000123`,
      requestKey: issueKey,
      customerAccountId: 'CUST-1042',
      invoiceNumber: 'INV-2026-000123',
      amount: 12500,
      currency: 'USD',
    });
    expect(announcementsOf(issueKey)).toEqual([
      expect.objectContaining({ channel: BILLING_OPS, text: `${issueKey}: 12500.00 USD refunded or credited on INV-2026-000123 (CUST-1042).` }),
    ]);
    // Money first, then the announcement; nothing else was written anywhere.
    expect(h.effects().filter((c) => c.method !== 'GET').map((c) => `${c.service} ${c.path}`)).toEqual(['webhook /billing', 'slack /api/chat.postMessage']);

    expect(h.statusOf(issueKey)).toBe(S.done);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'completed', lane: '', workflow: 'refund-credit@1.0.0', blocked: 'no', policyVersion: 1 });
    expect(h.fieldValue(issueKey, 'workflow')).toBe('refund-credit@1.0.0');
    expect(h.fieldValue(issueKey, 'approval-policy')).toMatchObject({ state: 'completed', stages: [{ id: 'stage-1', mode: '2 of 3', status: 'approved' }] });
    const approval = await jsmApproval(issueKey, ERIN);
    expect(approval.finalDecision).toBe('approved');
    expect(Object.fromEntries(approval.approvers.map((a) => [a.approver.accountId, a.approverDecision]))).toEqual({
      'acc-fin-001': 'approved',
      'acc-fin-002': 'pending',
      'acc-fin-003': 'approved',
    });

    // The audit trail: both approvals counted towards two, then each step once, no undo; the chain holds.
    expect(auditOf(issueKey, 'approval.approved').map((e) => e.data)).toEqual([
      expect.objectContaining({ stageId: 'stage-1', approver: 'acc-fin-001', approvals: 1, required: 2 }),
      expect.objectContaining({ stageId: 'stage-1', approver: 'acc-fin-003', approvals: 2, required: 2 }),
    ]);
    const types = h.auditEvents(issueKey).map((e) => e.type);
    expect(types.filter((t) => t === 'step.succeeded')).toHaveLength(2);
    expect(types.indexOf('step.started')).toBeGreaterThan(types.indexOf('stage.approved'));
    expect(types.at(-1)).toBe('run.completed');
    expect(types.some((t) => t.startsWith('compensation.') || t === 'step.failed')).toBe(false);
    const events = h.auditEvents(issueKey);
    expect(verifyAuditChain(events)).toMatchObject({ ok: true, count: h.runProperty(issueKey).audit.count });

    // Agents see who approved and what ran where; the requester is told in plain words.
    const internal = internalText(issueKey);
    expect(internal).toMatch(/acc-fin-001 approved stage-1 \(1 of 2; the JSM approval closed at \S+\)\./);
    expect(internal).toMatch(/stage-1 \(Finance and billing\) approved: last approval by acc-fin-003 \(the JSM approval closed at \S+\)\./);
    expect(internal).toContain('Issue 12500.00 USD against INV-2026-000123 [webhook] succeeded (attempt 1)');
    expect(internal).toContain('Tell #billing-ops [slack] succeeded (attempt 1)');
    const told = publicComments(issueKey);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/^Your request is done\./);
    expect(told[0]).not.toMatch(/acc-|webhook|slack|billing|stage-|finance-approvers|idempotency/i);
    const portal = await h.portalStatus(ERIN, issueKey);
    expect(portal.phase).toBe('done');
    expect(portal.history.map((e) => e.text)).toContain('Approved by Finance and billing');
    expect(JSON.stringify(portal)).not.toMatch(/acc-|finance-approvers|stage-/);

    for (const secret of SECRETS) expect(everythingVisible(issueKey)).not.toContain(secret);
  });
});

describe('a 1,800 EUR credit while the app bot is not in #billing-ops', () => {
  let issueKey = '';

  beforeAll(() => {
    h.standIns?.state.setSlackBotMembership('billing-ops', false);
  });

  afterAll(() => {
    h.standIns?.state.setSlackBotMembership('billing-ops', true);
  });

  it('one finance approver is enough', async () => {
    issueKey = await h.createRequest(ERIN, 'refund-credit', 'Outage credit for CUST-2001', {
      customerAccountId: 'CUST-2001',
      invoiceNumber: 'INV-2026-000200',
      amount: 1800,
      currency: 'EUR',
      reason: 'Service credit for the 14-hour outage on 2 January, agreed with the customer.',
    });
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.approvalAny);
    expect(h.approvers(issueKey)).toEqual(FINANCE);
    expect(h.fieldValue(issueKey, 'approval-policy')).toMatchObject({ stages: [{ id: 'stage-1', lane: 'Finance and billing', mode: 'any', status: 'waiting' }] });
    expect(trace(issueKey, 'amount-over-1000')?.matched).toBe(true);
    expect(trace(issueKey, 'amount-over-10000')?.matched).toBe(false);
    expect(refundsOf(issueKey)).toEqual([]);
  });

  it('after approval the credit is issued, the announcement refused; the credit stays and the request is blocked saying so', async () => {
    await h.decide('acc-fin-002', issueKey, 'approve');
    await h.settle();

    expect(refundsOf(issueKey)).toHaveLength(1);
    expect(refundsOf(issueKey)[0]).toMatchObject({ event: 'billing.refund.issue', verified: true, duplicate: false });
    expect(announcementsOf(issueKey)).toEqual([]);

    expect(h.statusOf(issueKey)).toBe(S.blocked);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'exception', blocked: 'yes', workflow: 'refund-credit@1.0.0' });
    expect(h.fieldValue(issueKey, 'approval-policy')).toMatchObject({ state: 'exception', stages: [{ status: 'approved' }] });
    // Money that left cannot be pulled back: nothing is undone, and the packet does not pretend it was.
    expect(auditOf(issueKey, 'compensation.attempted')).toEqual([]);
    expect(auditOf(issueKey, 'compensation.finished').map((e) => e.data)).toEqual([expect.objectContaining({ failed: [], leftInPlace: ['issue-refund'] })]);
    const packet = internalText(issueKey);
    expect(packet).toContain('Exception: request blocked');
    expect(packet).toContain('the bot is not a member of the channel');
    expect(packet).toContain('No undo exists for: Issue 1800.00 EUR against INV-2026-000200 (still in effect).');
    expect(packet).not.toContain('Completed steps were undone');
    expect(packet).toContain('Action required: Fix the cause, then retry the run, or cancel the request.');
    // The customer is not told a half-finished request is done.
    expect(publicComments(issueKey)).toEqual([]);
    expect((await h.portalStatus(ERIN, issueKey)).phase).toBe('with-support');
  });

  it('once the bot is invited, a retry only announces: billing never hears of the credit again', async () => {
    h.standIns?.state.setSlackBotMembership('billing-ops', true);
    await h.override(AGENT, issueKey, 'retry', 'The app bot is now a member of #billing-ops.');
    await h.settle();

    expect(refundsOf(issueKey)).toHaveLength(1);
    expect(billingCallsOf(issueKey)).toHaveLength(1);
    expect(announcementsOf(issueKey)).toEqual([
      expect.objectContaining({ channel: BILLING_OPS, text: `${issueKey}: 1800.00 EUR refunded or credited on INV-2026-000200 (CUST-2001).` }),
    ]);
    expect(auditOf(issueKey, 'step.started').map((e) => (e.data as { stepId: string }).stepId)).toEqual(['issue-refund', 'notify-billing-ops', 'notify-billing-ops']);

    expect(h.statusOf(issueKey)).toBe(S.done);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'completed', blocked: 'no' });
    expect(internalText(issueKey)).toContain(`${AGENT} chose retry: The app bot is now a member of #billing-ops.`);
    expect(publicComments(issueKey)).toEqual([expect.stringMatching(/^Your request is done\./)]);
    for (const secret of SECRETS) expect(everythingVisible(issueKey)).not.toContain(secret);
  });
});

describe('a 120.50 GBP goodwill credit, below every threshold', () => {
  it('needs no approval; billing answers 503 once, the retry carries the same key, and one credit is issued', async () => {
    h.standIns?.setFaults([{ service: 'webhook', method: 'POST', path: '/billing', sequence: [{ type: 'status', status: 503 }] }]);
    const issueKey = await h.createRequest(ALICE, 'refund-credit', 'Goodwill credit for a late delivery', {
      customerAccountId: 'cust-3003',
      invoiceNumber: 'inv-2026-000300',
      amount: 120.5,
      currency: 'gbp',
      reason: 'The replacement hardware arrived a week late.',
    });
    await h.settle();
    h.standIns?.setFaults([]);

    expect(h.approvers(issueKey)).toEqual([]);
    expect(auditOf(issueKey, 'stage.routed')).toEqual([]);
    expect(internalText(issueKey)).toContain('No approval is needed.');

    const calls = billingCallsOf(issueKey);
    expect(calls.map((c) => c.status)).toEqual([503, 200]);
    expect(calls[1]?.headers['idempotency-key']).toBe(calls[0]?.headers['idempotency-key']);
    const refunds = refundsOf(issueKey);
    expect(refunds).toHaveLength(1);
    // Identifiers as billing prints them, the amount to the penny.
    expect((refunds[0]?.body as { payload: unknown }).payload).toEqual({
      idempotencyKey: `${issueKey}:INV-2026-000300`,
      requestKey: issueKey,
      customerAccountId: 'CUST-3003',
      invoiceNumber: 'INV-2026-000300',
      amount: 120.5,
      currency: 'GBP',
    });
    expect(announcementsOf(issueKey)).toEqual([expect.objectContaining({ channel: BILLING_OPS, text: `${issueKey}: 120.50 GBP refunded or credited on INV-2026-000300 (CUST-3003).` })]);

    expect(h.statusOf(issueKey)).toBe(S.done);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'completed', blocked: 'no', workflow: 'refund-credit@1.0.0' });
    expect(h.fieldValue(issueKey, 'approval-policy')).toMatchObject({ state: 'completed', stages: [] });
    expect(publicComments(issueKey)).toEqual([expect.stringMatching(/^Your request is done\./)]);
  });
});

describe('a JPY amount with decimals', () => {
  it('is questioned before anyone approves; nothing is paid until it is answered', async () => {
    const issueKey = await h.createRequest(ALICE, 'refund-credit', 'Refund a duplicate charge', {
      customerAccountId: 'CUST-4004',
      invoiceNumber: 'INV-2026-000401',
      amount: 80000.5,
      currency: 'JPY',
      reason: 'The customer was charged twice for the same order.',
    });
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.waitingForCustomer);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'clarification', blocked: 'no' });
    expect(h.approvers(issueKey)).toEqual([]);
    expect(publicComments(issueKey).join('\n')).toContain('JPY amounts have no decimals. What is the amount in whole JPY?');
    expect(refundsOf(issueKey)).toEqual([]);

    await h.comment(ALICE, issueKey, '80000');
    await h.settle();

    // The answer replaces the amount; the JPY floor (75000 JPY) sends it to finance.
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'awaiting-approval', lane: 'finance' });
    expect(h.approvers(issueKey)).toEqual(FINANCE);
    expect(internalText(issueKey)).toContain('Refunds and credits of 75000 JPY or more are approved by finance');
    expect(internalText(issueKey)).toContain('Issue 80000 JPY against INV-2026-000401');
    expect(refundsOf(issueKey)).toEqual([]);
    expect(announcementsOf(issueKey)).toEqual([]);
  });
});
