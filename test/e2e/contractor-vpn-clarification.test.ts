/**
 * A contractor asks for VPN access without the end date contractors must give: the app asks the
 * requester (public comment, waiting for customer) instead of an agent, and the requester's reply
 * resumes the request, which is then planned and routed (manager, then security).
 */
import { ENTRA_IDS, S, startLifecycleHarness, type LifecycleHarness } from './support/lifecycle-harness';

const CONTRACTOR = 'acc-bob';

let h: LifecycleHarness;
let issueKey = '';

beforeAll(async () => {
  h = await startLifecycleHarness({ standIns: true, entraGroups: ['grp-vpn-standard'] });
  await h.configure();
  await h.connectEntra();
});

afterAll(async () => {
  await h?.stop();
});

describe('contractor VPN request without an end date', () => {
  it('asks the requester for the end date and waits for the customer', async () => {
    issueKey = await h.createRequest(CONTRACTOR, 'vpn-access', 'VPN for the billing project', {
      vpnProfile: 'standard',
      businessJustification: 'I build the billing integration and need the staging network.',
      sponsorAccountId: 'acc-agent-1',
    });
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.waitingForCustomer);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'clarification', blocked: 'no', workflow: 'vpn-access@1.0.1' });
    const publicComments = h.comments(issueKey).filter((c) => !c.internal);
    expect(publicComments).toHaveLength(1);
    expect(publicComments[0]?.text).toContain('Contractors need an end date for VPN access');
    // The clarification packet is for agents only.
    const internal = h.comments(issueKey).filter((c) => c.internal);
    expect(internal.some((c) => c.text.includes('endDate'))).toBe(true);
    expect(h.approvers(issueKey)).toEqual([]);
    // Intake read Bob's directory profile (a contractor); nothing was written anywhere.
    expect(h.effects().every((c) => c.method === 'GET')).toBe(true);
    expect(h.effects().some((c) => c.service === 'graph' && c.path.includes('bob@example.com'))).toBe(true);
  });

  it('an agent comment changes nothing', async () => {
    await h.comment('acc-agent-1', issueKey, 'We asked Bob for the end date.');
    await h.settle();
    expect(h.runProperty(issueKey).state.phase).toBe('clarification');
    expect(h.statusOf(issueKey)).toBe(S.waitingForCustomer);
  });

  it("the requester's reply resumes the request, which is then planned and routed to the manager", async () => {
    await h.comment(CONTRACTOR, issueKey, '2026-01-30');
    await h.settle();

    const property = h.runProperty(issueKey);
    expect(property.state).toMatchObject({ phase: 'awaiting-approval', lane: 'manager', blocked: 'no', workflow: 'vpn-access@1.0.1', policyVersion: 1 });
    expect(h.statusOf(issueKey)).toBe(S.approvalAny);
    expect(h.fieldValue(issueKey, 'workflow')).toBe('vpn-access@1.0.1');
    expect(h.fieldValue(issueKey, 'approval-policy')).toMatchObject({
      state: 'awaiting-approval',
      policyVersion: 1,
      currentStage: 'stage-1',
      stages: [
        { id: 'stage-1', lane: 'Manager', mode: 'any', status: 'waiting' },
        { id: 'stage-2', lane: 'Security and compliance', group: 'security-approvers', mode: 'any', status: 'pending' },
      ],
    });
    // Bob's manager in the directory is Carol: the manager lane asks her.
    expect(h.approvers(issueKey)).toEqual(['acc-carol']);
    const types = h.auditEvents(issueKey).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['intake.clarification', 'clarification.answered', 'intake.planned']));
    const planned = h.auditEvents(issueKey).find((e) => e.type === 'intake.planned');
    expect(JSON.stringify(planned?.data)).toContain('security');
    // Still no public comment besides the question: the customer has nothing to do now.
    expect(h.comments(issueKey).filter((c) => !c.internal && c.author !== CONTRACTOR && c.author !== 'acc-agent-1')).toHaveLength(1);
    expect(h.effects().every((c) => c.method === 'GET')).toBe(true);
    expect(ENTRA_IDS[CONTRACTOR]).toBeDefined();
  });
});
