/**
 * Customer data exports on the demo desk. Every export is judged by the security lane (the
 * workflow's floor, and the example policy's sensitive-data-export and personal-data triggers):
 * one security approver suffices, never the requester. After approval the export service (webhook
 * stand-in `export-service`) is asked once to produce the export; checking it and handing it over
 * is a manual step for the security lane, marked done by an agent with the transfer reference;
 * the export is deleted through the export service when the retention period ends.
 *
 * The other scenarios: security declines (nothing is produced); a pre-signed link as destination
 * is questioned without its access token landing in any comment; payment data for an external
 * address is questioned and goes ahead once the requester names company storage; an export raised
 * by a security approver goes to the other security approver only.
 */
import { SANDBOX_CREDENTIALS } from '../../platform/stand-ins';
import { S, startLifecycleHarness, type LifecycleHarness } from './support/lifecycle-harness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const REQUESTER = 'acc-erin';
const AGENT = 'acc-agent-1';
const SECURITY = ['acc-sec-001', 'acc-sec-002'];
const DESTINATION = 'https://sftp.customer-corp.example.com/incoming/';
const REASON = 'The customer asked for a copy of their account data under GDPR article 15 (ticket from their DPO).';
const RETENTION_DAYS = 7;

let h: LifecycleHarness;

const exportDeliveries = () => (h.standIns?.state.webhookDeliveries ?? []).filter((d) => d.path === '/export-service');
const publicComments = (issueKey: string) => h.comments(issueKey).filter((c) => !c.internal && c.author === 'app-approval-router');
const internalText = (issueKey: string) => h.comments(issueKey).filter((c) => c.internal).map((c) => c.text).join('\n');
/** Everything the app wrote onto the issue: comments and entity properties. */
const writtenOnIssue = (issueKey: string) => JSON.stringify({ comments: h.comments(issueKey), properties: h.site.getProperties(issueKey) });

function exportRequest(requester: string, inputs: Record<string, unknown> = {}): Promise<string> {
  return h.createRequest(requester, 'customer-data-export', 'Data export for CUST-1042', {
    customerAccountId: 'cust-1042',
    scope: ['account-profile', 'invoices'],
    destination: DESTINATION,
    reason: REASON,
    retentionDays: RETENTION_DAYS,
    ...inputs,
  });
}

beforeAll(async () => {
  h = await startLifecycleHarness({ standIns: true });
  await h.configure();
  await h.connectEntra();
  await h.connectWebhook('export-service');
});

afterAll(async () => {
  await h?.stop();
});

describe('customer data export to an external address, approved by security', () => {
  let issueKey = '';

  it('is routed to the security lane, one approver of two, and nothing is produced yet', async () => {
    issueKey = await exportRequest(REQUESTER);
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.approvalAny);
    expect(h.approvers(issueKey)).toEqual(SECURITY);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'awaiting-approval', lane: 'security', blocked: 'no', workflow: 'customer-data-export@1.0.1', policyVersion: 1 });
    expect(h.fieldValue(issueKey, 'workflow')).toBe('customer-data-export@1.0.1');
    expect(h.fieldValue(issueKey, 'approval-policy')).toMatchObject({
      state: 'awaiting-approval',
      stages: [{ id: 'stage-1', lane: 'Security and compliance', group: 'security-approvers', mode: 'any', status: 'waiting' }],
    });

    // One stage: the floor and both data triggers ask the same lane, merged, never lowered.
    const planned = h.auditEvents(issueKey).find((e) => e.type === 'intake.planned');
    const data = planned?.data as { stages: unknown[]; trace: { kind: string; triggerId?: string; matched?: boolean }[] };
    expect(data.stages).toEqual([{ id: 'stage-1', lane: 'security', mode: { type: 'any' }, order: 1, approvers: SECURITY, excluded: [] }]);
    const matched = data.trace.filter((t) => t.kind === 'trigger' && t.matched).map((t) => t.triggerId);
    expect(matched.sort()).toEqual(['personal-data', 'sensitive-data-export']);
    expect(data.trace.some((t) => t.kind === 'floor')).toBe(true);

    // The approvers' packet says why; the customer has nothing to do and is told nothing yet.
    expect(internalText(issueKey)).toContain('Customer data leaves its system of record');
    expect(publicComments(issueKey)).toEqual([]);
    expect(exportDeliveries()).toEqual([]);
  });

  it('after approval the export is produced exactly once with the right payload, and the hand-over goes to the security lane', async () => {
    await h.decide('acc-sec-002', issueKey, 'approve');
    await h.settle();

    const deliveries = exportDeliveries();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ event: 'customer-export.create', verified: true, duplicate: false });
    // The account as billing spells it; datasets and retention as asked. The destination is not the
    // export service's business: a person transfers the export after checking it.
    expect((deliveries[0]?.body as { payload: unknown }).payload).toEqual({
      requestKey: issueKey,
      customerAccountId: 'CUST-1042',
      datasets: ['account-profile', 'invoices'],
      retentionDays: RETENTION_DAYS,
    });

    expect(h.statusOf(issueKey)).toBe(S.escalated);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'execution-limit', lane: 'security', blocked: 'no' });
    const internal = internalText(issueKey);
    expect(internal).toContain('approved: last approval by acc-sec-002');
    const packet = internal.slice(internal.lastIndexOf('Manual step needed'));
    expect(packet).toContain('Owner: security-approvers (security lane)');
    expect(packet).toContain(`Check it holds only account-profile, invoices for CUST-1042, then transfer it to ${DESTINATION}`);
    expect(packet).toContain(`set it to be deleted ${RETENTION_DAYS} days after the transfer`);
    // Still nothing for the customer to read while the hand-over is pending.
    expect(publicComments(issueKey)).toEqual([]);
  });

  it('an agent marks the hand-over done with the transfer reference: the request is done and the customer told in plain words', async () => {
    await h.advance(4 * HOUR);
    await h.override(AGENT, issueKey, 'resume', 'Checked and transferred, transfer reference TR-2026-0042');
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.done);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'completed', lane: '', blocked: 'no' });
    expect(h.fieldValue(issueKey, 'approval-policy')).toMatchObject({ state: 'completed', stages: [{ id: 'stage-1', status: 'approved' }] });
    expect(internalText(issueKey)).toContain('done by acc-agent-1: Checked and transferred, transfer reference TR-2026-0042');
    const types = h.auditEvents(issueKey).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['approval.approved', 'step.succeeded', 'step.manual', 'step.manual-completed', 'run.completed']));
    expect(types).not.toContain('compensation.started');

    // One public comment, without the customer's account, the destination, the reason or people.
    const told = publicComments(issueKey);
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toMatch(/^Your request is done\./);
    // Said as the deletion of data it is, not as access ending.
    expect(told[0]?.text).toMatch(/The data is deleted at \S+, when its retention period ends\./);
    expect(told[0]?.text).not.toContain('Access ends');
    for (const detail of ['CUST-1042', DESTINATION, 'GDPR', 'acc-', 'security-approvers', 'TR-2026-0042']) expect(told[0]?.text).not.toContain(detail);

    // The requester's portal view: lane titles, no approver names.
    const portal = await h.portalStatus(REQUESTER, issueKey);
    expect(portal.phase).toBe('done');
    expect(portal.history.map((e) => e.text)).toContain('Approved by Security and compliance');
    expect(JSON.stringify(portal)).not.toMatch(/acc-sec|security-approvers/);

    // The produce call was not repeated; the webhook secret is nowhere on the issue.
    expect(exportDeliveries()).toHaveLength(1);
    expect(writtenOnIssue(issueKey)).not.toContain(SANDBOX_CREDENTIALS.webhook.signingSecret);
  });

  it('when the retention period ends the export is deleted through the export service, once', async () => {
    await h.advance(RETENTION_DAYS * DAY + HOUR);

    const deliveries = exportDeliveries();
    expect(deliveries.map((d) => d.event)).toEqual(['customer-export.create', 'customer-export.delete']);
    expect(deliveries[1]).toMatchObject({ verified: true, duplicate: false });
    expect((deliveries[1]?.body as { payload: unknown }).payload).toEqual({ requestKey: issueKey, customerAccountId: 'CUST-1042' });
    expect(h.statusOf(issueKey)).toBe(S.done);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'revoked', blocked: 'no' });
    expect(h.auditEvents(issueKey).map((e) => e.type)).toEqual(expect.arrayContaining(['revocation.started', 'revocation.succeeded', 'run.revoked']));
    expect(internalText(issueKey)).toContain('Retention period over: data deleted (1 call(s)).');
    expect((await h.portalStatus(REQUESTER, issueKey)).headline).toBe('Done. Its retention period has ended and the data was deleted.');
    expect(publicComments(issueKey)).toHaveLength(1);
  });
});

describe('customer data export declined by security', () => {
  it('ends declined, the requester is told, and the export service never hears of it', async () => {
    const before = exportDeliveries().length;
    const issueKey = await exportRequest(REQUESTER, { scope: ['pii'], destination: 'storage:exports-us', retentionDays: 30 });
    await h.settle();
    expect(h.approvers(issueKey)).toEqual(SECURITY);
    const planned = h.auditEvents(issueKey).find((e) => e.type === 'intake.planned');
    expect(JSON.stringify(planned?.data)).toContain('\\"restricted\\" is in');

    await h.decide('acc-sec-001', issueKey, 'decline');
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.declined);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'declined', blocked: 'no', workflow: 'customer-data-export@1.0.1' });
    expect(h.fieldValue(issueKey, 'approval-policy')).toMatchObject({ stages: [{ id: 'stage-1', status: 'declined' }] });
    const told = publicComments(issueKey);
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toMatch(/declined/i);
    expect(told[0]?.text).not.toContain('acc-sec-001');
    expect(internalText(issueKey)).toContain('acc-sec-001');
    expect(exportDeliveries()).toHaveLength(before);
  });
});

describe('customer data export to a pre-signed link', () => {
  // An Azure SAS link: the signature is percent-encoded base64 and grants write access to the container.
  const SIGNATURE = 'Xk3%2Bq0K1mwNVgs3w8HMFq1qX3%2FmOnBq7dL3vpDmMqk4%3D';
  const PRESIGNED = `https://customercorp.blob.core.windows.net/exports/?sv=2022-11-02&sp=w&se=2026-02-01&sig=${SIGNATURE}`;
  let issueKey = '';

  it('is questioned: the requester is asked for an address without an access token, and the token is written nowhere', async () => {
    const before = exportDeliveries().length;
    issueKey = await exportRequest(REQUESTER, { destination: PRESIGNED });
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.waitingForCustomer);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'clarification', blocked: 'no' });
    expect(h.approvers(issueKey)).toEqual([]);
    const asked = publicComments(issueKey);
    expect(asked).toHaveLength(1);
    expect(asked[0]?.text).toContain('Destination must not contain a query string or fragment (links with access tokens are not allowed).');
    expect(internalText(issueKey)).toContain('Clarification needed');
    // The app copies what was submitted into its packet for agents; the signature must not survive.
    expect(writtenOnIssue(issueKey)).not.toContain(SIGNATURE);
    expect(writtenOnIssue(issueKey)).not.toContain('Xk3');
    expect(exportDeliveries()).toHaveLength(before);
  });

  it("the requester's reply with a plain address resumes the request, which goes to security", async () => {
    await h.comment(REQUESTER, issueKey, 'https://customercorp.blob.core.windows.net/exports/');
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.approvalAny);
    expect(h.approvers(issueKey)).toEqual(SECURITY);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'awaiting-approval', lane: 'security' });
    expect(h.auditEvents(issueKey).map((e) => e.type)).toEqual(expect.arrayContaining(['intake.clarification', 'clarification.answered', 'intake.planned']));
    expect(writtenOnIssue(issueKey)).not.toContain('Xk3');
  });
});

describe('payment data asked for an external address', () => {
  let issueKey = '';

  it('is questioned: payments stay in company storage, and the question asks only what a reply can answer', async () => {
    issueKey = await exportRequest(REQUESTER, { scope: ['payments', 'invoices'], destination: DESTINATION });
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.waitingForCustomer);
    expect(h.approvers(issueKey)).toEqual([]);
    const question = publicComments(issueKey).map((c) => c.text).join('\n');
    expect(question).toContain(`Payment data can only be exported to company storage (storage:exports-eu or storage:exports-us), not to ${DESTINATION}.`);
    expect(question).toContain('Which storage location should we use?');
    // The reply is read as the destination: it cannot take payments out of the scope.
    expect(question).not.toMatch(/should we leave payments out\?/);
  });

  it('a reply naming company storage resumes the request: restricted data, security approves', async () => {
    const before = exportDeliveries().length;
    await h.comment(REQUESTER, issueKey, 'storage:exports-eu');
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.approvalAny);
    expect(h.approvers(issueKey)).toEqual(SECURITY);
    const planned = h.auditEvents(issueKey).find((e) => e.type === 'intake.planned');
    expect(JSON.stringify(planned?.data)).toContain('\\"restricted\\" is in');
    await h.decide('acc-sec-001', issueKey, 'approve');
    await h.settle();

    const produced = exportDeliveries().slice(before);
    expect(produced.map((d) => d.event)).toEqual(['customer-export.create']);
    expect((produced[0]?.body as { payload: unknown }).payload).toEqual({ requestKey: issueKey, customerAccountId: 'CUST-1042', datasets: ['invoices', 'payments'], retentionDays: RETENTION_DAYS });
    expect(internalText(issueKey)).toContain('then transfer it to storage:exports-eu');
  });
});

describe('customer data export raised by a security approver', () => {
  it('goes to the other security approver only; the requester cannot approve their own export', async () => {
    const issueKey = await exportRequest('acc-sec-001', { scope: ['usage-metrics', 'support-tickets'], destination: 'storage:exports-eu' });
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.approvalAny);
    expect(h.approvers(issueKey)).toEqual(['acc-sec-002']);
    const planned = h.auditEvents(issueKey).find((e) => e.type === 'intake.planned');
    expect((planned?.data as { stages: unknown[] }).stages).toEqual([
      { id: 'stage-1', lane: 'security', mode: { type: 'any' }, order: 1, approvers: ['acc-sec-002'], excluded: ['acc-sec-001'] },
    ]);
    await expect(h.decide('acc-sec-001', issueKey, 'approve')).rejects.toThrow('approval answered 403');
    await h.settle();
    expect(h.statusOf(issueKey)).toBe(S.approvalAny);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'awaiting-approval', lane: 'security' });
  });
});

describe('customer data export raised by an agent', () => {
  it('the agent may not sign off its hand-over; another agent does', async () => {
    const raisedBy = 'acc-agent-1';
    const issueKey = await exportRequest(raisedBy);
    await h.settle();
    await h.decide('acc-sec-001', issueKey, 'approve');
    await h.settle();
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'execution-limit', lane: 'security' });

    expect((await h.runView(raisedBy, issueKey)).allowedActions).toEqual(['cancel']);
    const refused = await h.tryOverride(raisedBy, issueKey, 'resume', 'Transferred it myself.');
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('another agent must') } });
    expect(h.runProperty(issueKey).state.phase).toBe('execution-limit');

    await h.override('acc-agent-2', issueKey, 'resume', 'Checked and transferred, reference TR-7');
    await h.settle();
    expect(h.statusOf(issueKey)).toBe(S.done);
    expect(internalText(issueKey)).toContain('done by acc-agent-2: Checked and transferred, reference TR-7');
  });
});
