/**
 * Password resets: no approval, the delivery channel is the safeguard, and only the account's
 * owner may ask. Intake reads the requester's sign-in name from the directory (Entra's
 * userPrincipalName), so Alice's reset of her own account goes straight to the identity team's
 * reset service, while her reset of Bob's account is questioned and nothing is sent.
 */
import { S, startLifecycleHarness, type LifecycleHarness } from './support/lifecycle-harness';

let h: LifecycleHarness;

const resetDeliveries = () => (h.standIns?.state.webhookDeliveries ?? []).filter((d) => d.event === 'password.reset.requested');

beforeAll(async () => {
  h = await startLifecycleHarness({ standIns: true });
  await h.configure();
  await h.connectEntra();
  await h.connectWebhook('identity-password-reset');
});

afterAll(async () => {
  await h?.stop();
});

describe('password reset', () => {
  it("resets the requester's own account without approval, once, and completes the request", async () => {
    const issueKey = await h.createRequest('acc-alice', 'password-reset', 'Locked out of my laptop', {
      accountUpn: 'Alice@Example.com',
      deliveryMethod: 'manager',
    });
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.done);
    expect(h.approvers(issueKey)).toEqual([]);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'completed', workflow: 'password-reset@1.0.0' });
    const deliveries = resetDeliveries();
    expect(deliveries).toHaveLength(1);
    expect(JSON.stringify(deliveries[0])).toContain('alice@example.com');
    expect(JSON.stringify(deliveries[0])).toContain(issueKey);
    // The customer is told in plain words; agents see the step's outcome.
    expect(h.comments(issueKey).some((c) => !c.internal)).toBe(true);
    expect(h.comments(issueKey).filter((c) => c.internal).map((c) => c.text).join('\n')).toContain('password-reset');
  });

  it("questions a reset of someone else's account and sends nothing", async () => {
    const before = resetDeliveries().length;
    const issueKey = await h.createRequest('acc-alice', 'password-reset', "Reset Bob's password", {
      accountUpn: 'bob@example.com',
      deliveryMethod: 'sms-on-file',
    });
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.waitingForCustomer);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'clarification' });
    const question = h.comments(issueKey).filter((c) => !c.internal).map((c) => c.text).join('\n');
    expect(question).toContain('You can only reset your own password');
    expect(question).toContain('bob@example.com is not your account (alice@example.com)');
    expect(resetDeliveries()).toHaveLength(before);
  });
});
