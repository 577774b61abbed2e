/**
 * A production configuration change whose second step (health verification) fails permanently:
 * the first step (apply) is compensated by its rollback, the request is blocked, and the exception
 * packet goes to the engineering lane. The deployment service is the webhook stand-in, which fails
 * the verification call with a permanent 400.
 */
import { S, startLifecycleHarness, type LifecycleHarness } from './support/lifecycle-harness';

const REQUESTER = 'acc-alice';

let h: LifecycleHarness;
let issueKey = '';

const deliveredEvents = () => (h.standIns?.state.webhookDeliveries ?? []).map((d) => d.event);

beforeAll(async () => {
  h = await startLifecycleHarness({ standIns: true });
  await h.configure();
  await h.connectEntra();
  await h.connectWebhook('deployment-service');
});

afterAll(async () => {
  await h?.stop();
});

describe('production change whose second step fails permanently', () => {
  it('is reviewed by engineering before anything runs', async () => {
    issueKey = await h.createRequest(REQUESTER, 'prod-config-change', 'Raise the checkout API timeout', {
      affectedSystems: ['checkout-api'],
      changeSummary: 'Raise the upstream timeout of checkout-api from 5 s to 8 s.',
      rollbackPlan: 'Set the upstream timeout of checkout-api back to 5 s and redeploy the previous config.',
      blastRadius: 'low',
      plannedStart: '2026-01-06T10:00:00Z',
    });
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.approvalAny);
    expect(h.approvers(issueKey)).toEqual(['acc-sre-001', 'acc-sre-002', 'acc-sre-003']);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'awaiting-approval', lane: 'engineering', workflow: 'prod-config-change@1.0.0' });
    expect(deliveredEvents()).toEqual([]);
  });

  it('after approval, apply succeeds, verify fails, apply is rolled back and the request is blocked', async () => {
    // Apply passes, then verification is refused for good; the rollback then passes.
    h.standIns?.setFaults([{ service: 'webhook', method: 'POST', sequence: [{ type: 'pass' }, { type: 'status', status: 400 }] }]);
    await h.decide('acc-sre-003', issueKey, 'approve');
    await h.settle();

    // Exactly three deliveries, in order: apply, verify (refused), rollback.
    const posts = h.effects().filter((c) => c.service === 'webhook');
    expect(posts.map((c) => c.status)).toEqual([200, 400, 200]);
    expect(deliveredEvents()).toEqual(['config-change.apply', 'config-change.rollback']);
    expect(posts[1]?.body).toContain('config-change.verify');

    expect(h.statusOf(issueKey)).toBe(S.blocked);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'exception', blocked: 'yes', workflow: 'prod-config-change@1.0.0' });
    const internal = h.comments(issueKey).filter((c) => c.internal).map((c) => c.text);
    const packet = internal.find((t) => t.includes('Exception: request blocked')) ?? '';
    expect(packet).toContain('Owner: sre-approvers (engineering lane)');
    expect(packet).toContain('Verify the health of checkout-api');
    expect(packet).toContain('Completed steps were undone in reverse order');
    expect(internal.join('\n')).toContain('Apply the change to checkout-api [webhook] succeeded');
    const types = h.auditEvents(issueKey).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['step.succeeded', 'step.failed', 'compensation.started', 'compensation.succeeded', 'compensation.finished', 'run.blocked']));
    expect(types.indexOf('compensation.succeeded')).toBeGreaterThan(types.indexOf('step.failed'));
    // The customer is not told a half-done change is done.
    expect(h.comments(issueKey).filter((c) => !c.internal)).toEqual([]);
  });
});
