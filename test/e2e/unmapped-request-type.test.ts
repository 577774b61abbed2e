/**
 * A request whose type the admin mapped to no workflow: nothing is guessed. The request is blocked
 * with an exception packet for the exception lane's owner (an internal comment with the request
 * verbatim and the reason), and nothing runs anywhere.
 */
import { S, startLifecycleHarness, type LifecycleHarness } from './support/lifecycle-harness';

const REQUESTER = 'acc-alice';

let h: LifecycleHarness;

beforeAll(async () => {
  h = await startLifecycleHarness({ standIns: true });
  await h.configure({ settings: { unmapped: ['password-reset'] } });
  await h.connectEntra();
});

afterAll(async () => {
  await h?.stop();
});

describe('request type mapped to no workflow', () => {
  it('is blocked with an exception packet for the exception lane', async () => {
    const issueKey = await h.createRequest(REQUESTER, 'password-reset', 'Locked out of my laptop', {
      accountUpn: 'alice@example.com',
      deliveryMethod: 'sms',
    });
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.blocked);
    const property = h.runProperty(issueKey);
    expect(property.state).toMatchObject({ phase: 'exception', blocked: 'yes', workflow: '' });
    const internal = h.comments(issueKey).filter((c) => c.internal);
    expect(internal).toHaveLength(1);
    const packet = internal[0]?.text ?? '';
    expect(packet).toContain('No pre-built workflow handles this request');
    expect(packet).toContain('Locked out of my laptop');
    expect(packet).toContain('sre-approvers (engineering lane)');
    expect(packet).toContain('Action required');
    // Agents handle it; the customer is not asked anything.
    expect(h.comments(issueKey).filter((c) => !c.internal)).toEqual([]);
    expect(h.approvers(issueKey)).toEqual([]);
    expect(h.auditEvents(issueKey).map((e) => e.type)).toEqual(expect.arrayContaining(['intake.no-workflow', 'run.blocked']));
    expect(h.effects().filter((c) => c.method !== 'GET')).toEqual([]);
  });
});
