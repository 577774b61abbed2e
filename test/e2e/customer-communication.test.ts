/**
 * Customer communications end to end: the exact copy is approved by the customer-facing owner (and
 * whoever else the policy adds), then goes to the messaging service verbatim with its SHA-256 and
 * is announced in #customer-comms.
 *
 * - An email to 2,500 customers: one customer-lane stage (the workflow's floor and the policy's
 *   large-external-audience trigger), sent once, announced once, done.
 * - A status page notice of 40 subscribers drafted by a contractor: the manager and the customer
 *   owner in parallel, security after them; the copy is only registered, a person publishes it.
 * - The announcement refused (the bot was not invited to #customer-comms): the sent message is
 *   withdrawn and the request blocked; once the bot is invited, a retry sends the message again as a
 *   new delivery (the withdrawn one must not count as done) and the request completes.
 * - Copy still holding a template marker is questioned before anyone approves it.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_DIRECTORY_SEED, type WebhookDelivery } from '../../platform/stand-ins';
import { S, startLifecycleHarness, type LifecycleHarness } from './support/lifecycle-harness';

const ALICE = 'acc-alice';
const BOB = 'acc-bob';
const ACCOUNT_OWNERS = ['acc-am-001', 'acc-am-002'];
const AGENT = 'acc-agent-1';

/** The workspace's #customer-comms channel, which the workflow announces in (the stand-in seed has it). */
const CUSTOMER_COMMS = DEFAULT_DIRECTORY_SEED.slackChannels.find((c) => c.name === 'customer-comms')?.id as string;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

let h: LifecycleHarness;

/** What reached the messaging service for one request. */
const deliveriesOf = (issueKey: string): WebhookDelivery[] =>
  (h.standIns?.state.webhookDeliveries ?? []).filter((d) => (d.body as { payload?: { requestKey?: string } }).payload?.requestKey === issueKey);
const announcementsOf = (issueKey: string) => (h.standIns?.state.slackMessages ?? []).filter((m) => m.text.startsWith(`${issueKey}:`));
const publicComments = (issueKey: string) => h.comments(issueKey).filter((c) => !c.internal).map((c) => c.text);
const internalText = (issueKey: string) => h.comments(issueKey).filter((c) => c.internal).map((c) => c.text).join('\n');
const trace = (issueKey: string, triggerId: string) => {
  const planned = h.auditEvents(issueKey).find((e) => e.type === 'intake.planned');
  return (planned?.data as { trace: { triggerId?: string; matched?: boolean }[] }).trace.find((t) => t.triggerId === triggerId);
};

beforeAll(async () => {
  h = await startLifecycleHarness({ standIns: true });
  await h.configure();
  await h.connectEntra();
  await h.connectSlack();
  await h.connectWebhook('messaging-service');
});

afterAll(async () => {
  await h?.stop();
});

describe('an email to 2,500 customers', () => {
  const COPY = 'Hello,\n\nOur EU region is under maintenance on 12 January from 02:00 to 03:00 UTC.\nNo action is needed on your side.\n\nThe Example team';
  let issueKey = '';

  it('waits for the customer-facing owner; nothing is sent', async () => {
    issueKey = await h.createRequest(ALICE, 'customer-communication', 'EU maintenance notice', {
      exactCopy: COPY,
      channel: 'email',
      audienceSize: 2500,
      audienceSegment: 'eu-enterprise-admins',
      sendBy: '2026-01-09T17:00:00.000+0100',
    });
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.approvalAny);
    expect(h.approvers(issueKey)).toEqual(ACCOUNT_OWNERS);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'awaiting-approval', lane: 'customer', workflow: 'customer-communication@1.0.1', blocked: 'no' });
    const policyField = h.fieldValue(issueKey, 'approval-policy') as { stages: unknown[] };
    expect(policyField.stages).toEqual([expect.objectContaining({ id: 'stage-1', lane: 'Customer-facing owner', group: 'account-owners', mode: 'any', status: 'waiting' })]);
    // One stage, for two reasons: the workflow's floor and the policy's large-audience trigger.
    expect(trace(issueKey, 'large-external-audience')?.matched).toBe(true);
    const plan = internalText(issueKey);
    expect(plan).toContain('Messages to customers are approved by the customer-facing owner; Messages to more than 100 external recipients need the customer owner.');

    const portal = await h.portalStatus(ALICE, issueKey);
    expect(portal.phase).toBe('waiting-for-approval');
    expect(portal.headline).toMatch(/^Waiting for Customer-facing owner approval/);
    expect(JSON.stringify(portal)).not.toMatch(/acc-|account-owners|stage-/);
    expect(deliveriesOf(issueKey)).toEqual([]);
    expect(announcementsOf(issueKey)).toEqual([]);
  });

  it('an account owner approves: the copy is sent once, verbatim with its hash, announced once, and the request is done', async () => {
    await h.decide('acc-am-002', issueKey, 'approve');
    await h.settle();

    const deliveries = deliveriesOf(issueKey);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ path: '/messaging-service', event: 'customer-message.send', verified: true, duplicate: false });
    expect((deliveries[0]?.body as { payload: unknown }).payload).toEqual({
      requestKey: issueKey,
      channel: 'email',
      segment: 'eu-enterprise-admins',
      audienceSize: 2500,
      sendBy: '2026-01-09T16:00:00.000Z',
      copy: COPY,
      copySha256: sha256(COPY),
    });
    expect(announcementsOf(issueKey)).toEqual([
      expect.objectContaining({ channel: CUSTOMER_COMMS, text: `${issueKey}: approved email message to eu-enterprise-admins (2500 recipients), due by 2026-01-09T16:00:00.000Z.` }),
    ]);
    const order = h.effects().filter((c) => c.method === 'POST').map((c) => c.service);
    expect(order).toEqual(['webhook', 'slack']);

    expect(h.statusOf(issueKey)).toBe(S.done);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'completed', blocked: 'no', workflow: 'customer-communication@1.0.1' });
    expect(h.fieldValue(issueKey, 'approval-policy')).toMatchObject({ stages: [{ id: 'stage-1', status: 'approved' }] });
    const types = h.auditEvents(issueKey).map((e) => e.type);
    expect(types.filter((t) => t === 'step.succeeded')).toHaveLength(2);
    expect(types).toContain('run.completed');
    expect(types.some((t) => t.startsWith('compensation.'))).toBe(false);

    // Agents see who approved and what ran where; the requester is told in plain words.
    const internal = internalText(issueKey);
    expect(internal).toContain('stage-1 (Customer-facing owner) approved: last approval by acc-am-002');
    expect(internal).toContain('Send the approved message by email to eu-enterprise-admins [webhook] succeeded');
    expect(internal).toContain('Announce the message in #customer-comms [slack] succeeded');
    const told = publicComments(issueKey);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/^Your request is done\./);
    expect(told[0]).not.toMatch(/acc-|webhook|slack|stage-|sha|messaging-service/i);
    expect((await h.portalStatus(ALICE, issueKey)).phase).toBe('done');
  });
});

describe('a status page notice to 40 subscribers, drafted by a contractor', () => {
  const COPY = 'Scheduled maintenance: the EU region is read-only on 12 January from 02:00 to 03:00 UTC.';
  let issueKey = '';

  it('needs the customer owner and the manager in parallel, then security; the small audience adds no reason', async () => {
    issueKey = await h.createRequest(BOB, 'customer-communication', 'Status page: EU maintenance', {
      exactCopy: COPY,
      channel: 'status-page',
      audienceSize: 40,
      audienceSegment: 'eu-status-subscribers',
      sendBy: '2026-01-06T12:00:00Z',
    });
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.approvalAny);
    // Bob's manager is Carol (from the directory): the manager lane asks her, not the whole group.
    expect(h.approvers(issueKey)).toEqual([...ACCOUNT_OWNERS, 'acc-carol']);
    expect(h.fieldValue(issueKey, 'approval-policy')).toMatchObject({
      stages: [
        { id: 'stage-1', lane: 'Customer-facing owner', status: 'waiting' },
        { id: 'stage-2', lane: 'Manager', status: 'waiting' },
        { id: 'stage-3', lane: 'Security and compliance', status: 'pending' },
      ],
    });
    expect(trace(issueKey, 'large-external-audience')?.matched).toBe(false);
    expect(internalText(issueKey)).not.toContain('more than 100 external recipients');
    expect(deliveriesOf(issueKey)).toEqual([]);
  });

  it('the manager approves: still waiting for the customer owner, security not yet asked', async () => {
    await h.decide('acc-carol', issueKey, 'approve');
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.approvalAny);
    expect(h.approvers(issueKey)).toEqual(ACCOUNT_OWNERS);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'awaiting-approval', lane: 'customer' });
    expect(h.fieldValue(issueKey, 'approval-policy')).toMatchObject({ stages: [{ status: 'waiting' }, { status: 'approved' }, { status: 'pending' }] });
    expect(deliveriesOf(issueKey)).toEqual([]);
  });

  it('the account owner approves: security is asked; still nothing sent', async () => {
    await h.decide('acc-am-001', issueKey, 'approve');
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.approvalAny);
    expect(h.approvers(issueKey)).toEqual(['acc-sec-001', 'acc-sec-002']);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'awaiting-approval', lane: 'security' });
    expect(deliveriesOf(issueKey)).toEqual([]);
  });

  it('security approves: the copy is registered (not sent) and a person of the customer lane must publish it', async () => {
    await h.decide('acc-sec-002', issueKey, 'approve');
    await h.settle();

    const deliveries = deliveriesOf(issueKey);
    expect(deliveries.map((d) => d.event)).toEqual(['customer-message.register']);
    expect((deliveries[0]?.body as { payload: unknown }).payload).toEqual({
      requestKey: issueKey,
      channel: 'status-page',
      segment: 'eu-status-subscribers',
      audienceSize: 40,
      sendBy: '2026-01-06T12:00:00.000Z',
      copy: COPY,
      copySha256: sha256(COPY),
    });
    expect(announcementsOf(issueKey)).toEqual([]);

    expect(h.statusOf(issueKey)).toBe(S.escalated);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'execution-limit', lane: 'customer', blocked: 'no' });
    const packet = internalText(issueKey);
    expect(packet).toContain('Manual step needed');
    expect(packet).toContain('Owner: account-owners (customer lane)');
    expect(packet).toContain(`exactly as written (SHA-256 ${sha256(COPY)})`);
    expect(packet).toContain('before 2026-01-06T12:00:00.000Z');
    // Due at the send-by time itself, however long the approvals took.
    expect(packet).toContain('due 2026-01-06T12:00:00.000Z');
    expect(publicComments(issueKey).some((t) => /done/i.test(t))).toBe(false);
    expect((await h.portalStatus(BOB, issueKey)).phase).not.toBe('done');
  });

  it('an agent marks it published: the notice is announced once and the request is done', async () => {
    await h.override(AGENT, issueKey, 'resume', 'Published: https://status.example.com/incidents/4711');
    await h.settle();

    expect(deliveriesOf(issueKey)).toHaveLength(1);
    expect(announcementsOf(issueKey)).toEqual([
      expect.objectContaining({ channel: CUSTOMER_COMMS, text: `${issueKey}: approved status-page message to eu-status-subscribers (40 recipients), due by 2026-01-06T12:00:00.000Z.` }),
    ]);
    expect(h.statusOf(issueKey)).toBe(S.done);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'completed', blocked: 'no' });
    expect(internalText(issueKey)).toContain(`Manual step "Publish the message on the status page" done by ${AGENT}: Published: https://status.example.com/incidents/4711`);
    const told = publicComments(issueKey);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/^Your request is done\./);
  });
});

describe('the announcement is refused because the bot was not invited to #customer-comms', () => {
  const COPY = 'Your in-app exports now include invoice PDFs. Open Billing > Exports to try it.';
  let issueKey = '';

  beforeAll(() => {
    h.standIns?.state.setSlackBotMembership('customer-comms', false);
  });

  it('the sent message is withdrawn and the request blocked for the exception lane', async () => {
    issueKey = await h.createRequest(ALICE, 'customer-communication', 'In-app note: invoice PDFs in exports', {
      exactCopy: COPY,
      channel: 'in-app',
      audienceSize: 600,
      audienceSegment: 'billing-admins',
      sendBy: '2026-01-20T09:00:00Z',
    });
    await h.settle();
    await h.decide('acc-am-001', issueKey, 'approve');
    await h.settle();

    const deliveries = deliveriesOf(issueKey);
    expect(deliveries.map((d) => d.event)).toEqual(['customer-message.send', 'customer-message.cancel']);
    expect((deliveries[1]?.body as { payload: unknown }).payload).toEqual({ requestKey: issueKey, copySha256: sha256(COPY) });
    expect(announcementsOf(issueKey)).toEqual([]);

    expect(h.statusOf(issueKey)).toBe(S.blocked);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'exception', blocked: 'yes' });
    const packet = internalText(issueKey);
    expect(packet).toContain('Exception: request blocked');
    expect(packet).toContain('the bot is not a member of the channel');
    expect(packet).toContain('Completed steps were undone in reverse order');
    expect(publicComments(issueKey)).toEqual([]);
  });

  it('once the bot is invited, a retry sends the message again as a new delivery and the request is done', async () => {
    h.standIns?.state.setSlackBotMembership('customer-comms', true);
    await h.override(AGENT, issueKey, 'retry', 'The app bot is now a member of #customer-comms.');
    await h.settle();

    const deliveries = deliveriesOf(issueKey);
    expect(deliveries.map((d) => d.event)).toEqual(['customer-message.send', 'customer-message.cancel', 'customer-message.send']);
    // The withdrawn send does not stand in for the new one: a fresh key, so the receiver acts on it.
    const [first, , again] = deliveries;
    expect(again?.idempotencyKey).not.toBe(first?.idempotencyKey);
    expect(again).toMatchObject({ verified: true, duplicate: false });
    expect((again?.body as { payload: { copy: string; copySha256: string } }).payload).toMatchObject({ copy: COPY, copySha256: sha256(COPY) });
    expect(announcementsOf(issueKey)).toHaveLength(1);
    expect(internalText(issueKey)).not.toContain('already done before: not repeated');

    expect(h.statusOf(issueKey)).toBe(S.done);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'completed', blocked: 'no' });
    expect(publicComments(issueKey)).toEqual([expect.stringMatching(/^Your request is done\./)]);
  });
});

describe('copy that still holds a template marker', () => {
  it('is questioned before anyone approves it; nothing is sent', async () => {
    const issueKey = await h.createRequest(ALICE, 'customer-communication', 'Renewal reminder', {
      exactCopy: 'Dear {{first_name}}, your subscription renews on 1 February.',
      channel: 'email',
      audienceSize: 300,
      audienceSegment: 'renewals-february',
      sendBy: '2026-01-25T09:00:00Z',
    });
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.waitingForCustomer);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'clarification' });
    expect(h.approvers(issueKey)).toEqual([]);
    expect(publicComments(issueKey).join('\n')).toContain('The message still contains "{{first_name}}". It is sent exactly as written: what is the final text?');
    expect(deliveriesOf(issueKey)).toEqual([]);
    expect(announcementsOf(issueKey)).toEqual([]);
  });
});
