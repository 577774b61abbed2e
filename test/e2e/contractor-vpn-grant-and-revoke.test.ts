/**
 * A contractor's VPN request with an end date: the manager (from the directory) approves, then
 * security; the app adds the contractor to the VPN group in Entra ID (one call), completes the
 * request, and when the emulated clock passes the end date the scheduled sweep removes the
 * membership again (one call). Each step is checked on the issue and on the Entra stand-in.
 */
import { verifyAuditChain } from '../../src/domain/audit/audit-chain';
import { ENTRA_IDS, S, startLifecycleHarness, type LifecycleHarness } from './support/lifecycle-harness';

const CONTRACTOR = 'acc-bob';
const VPN_GROUP = 'grp-vpn-standard';
const HOUR = 3_600_000;

let h: LifecycleHarness;
let issueKey = '';

const memberships = () => h.effects().filter((c) => c.service === 'graph' && c.path.includes(`/groups/${VPN_GROUP}/members`));

beforeAll(async () => {
  h = await startLifecycleHarness({ standIns: true, entraGroups: [VPN_GROUP] });
  await h.configure();
  await h.connectEntra();
});

afterAll(async () => {
  await h?.stop();
});

describe('contractor VPN request with an end date', () => {
  it('is routed to the contractor’s manager first, security next', async () => {
    issueKey = await h.createRequest(CONTRACTOR, 'vpn-access', 'VPN for the billing project', {
      vpnProfile: 'standard',
      businessJustification: 'I build the billing integration and need the staging network.',
      endDate: '2026-01-20',
      sponsorAccountId: 'acc-agent-1',
    });
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.approvalAny);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'awaiting-approval', lane: 'manager', blocked: 'no', workflow: 'vpn-access@1.0.1' });
    expect(h.approvers(issueKey)).toEqual(['acc-carol']);
    expect(h.comments(issueKey).filter((c) => !c.internal)).toEqual([]);
    expect(memberships()).toEqual([]);
  });

  it('the manager approves: security is asked next, still nothing granted', async () => {
    await h.decide('acc-carol', issueKey, 'approve');
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.approvalAny);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'awaiting-approval', lane: 'security' });
    expect(h.approvers(issueKey)).toEqual(['acc-sec-001', 'acc-sec-002']);
    expect(memberships()).toEqual([]);
  });

  it('security approves: the contractor is added to the VPN group once and the request is done', async () => {
    await h.decide('acc-sec-002', issueKey, 'approve');
    await h.settle();


    expect(h.statusOf(issueKey)).toBe(S.done);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'completed', blocked: 'no', workflow: 'vpn-access@1.0.1' });
    expect(h.fieldValue(issueKey, 'approval-policy')).toMatchObject({ stages: [{ id: 'stage-1', status: 'approved' }, { id: 'stage-2', status: 'approved' }] });
    const adds = memberships();
    expect(adds).toHaveLength(1);
    expect(adds[0]).toMatchObject({ method: 'POST', path: `/v1.0/groups/${VPN_GROUP}/members/$ref`, status: 204 });
    expect(adds[0]?.body).toContain(ENTRA_IDS[CONTRACTOR]);
    expect(h.standIns?.state.entraMembers.get(VPN_GROUP)?.has(ENTRA_IDS[CONTRACTOR] as string)).toBe(true);

    const publicComments = h.comments(issueKey).filter((c) => !c.internal);
    expect(publicComments).toHaveLength(1);
    expect(publicComments[0]?.text).toContain('Your request is done. Access ends at 2026-01-20T23:59:59');
    const internal = h.comments(issueKey).filter((c) => c.internal).map((c) => c.text).join('\n');
    expect(internal).toContain('approved: last approval by acc-carol');
    expect(internal).toContain('approved: last approval by acc-sec-002');
    expect(internal).toContain(`Add the requester to ${VPN_GROUP} [entra] succeeded`);
  });

  it('nothing is revoked before the end date', async () => {
    await h.advance(24 * HOUR);
    expect(memberships()).toHaveLength(1);
    expect(h.runProperty(issueKey).state.phase).toBe('completed');
  });

  it('the sweep after the end date removes the membership once and records the revocation', async () => {
    // From 6 Jan 09:00 to 21 Jan 09:00: past the end of 20 Jan (UTC).
    await h.advance(15 * 24 * HOUR);

    const calls = memberships();
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatchObject({ method: 'DELETE', path: `/v1.0/groups/${VPN_GROUP}/members/${ENTRA_IDS[CONTRACTOR]}/$ref`, status: 204 });
    expect(h.standIns?.state.entraMembers.get(VPN_GROUP)?.has(ENTRA_IDS[CONTRACTOR] as string)).toBe(false);
    const property = h.runProperty(issueKey);
    expect(property.state).toMatchObject({ phase: 'revoked', blocked: 'no' });
    expect(h.statusOf(issueKey)).toBe(S.done);
    const revokedAt = h.auditEvents(issueKey).find((e) => e.type === 'run.revoked')?.at ?? '';
    expect(revokedAt >= '2026-01-21T00:00:00.000Z').toBe(true);
    expect(h.comments(issueKey).filter((c) => c.internal).some((c) => c.text.includes('Time-bound access revoked (1 call(s))'))).toBe(true);
    // No extra public comment: the customer has nothing to do.
    expect(h.comments(issueKey).filter((c) => !c.internal)).toHaveLength(1);
    const events = h.auditEvents(issueKey);
    expect(verifyAuditChain(events)).toMatchObject({ ok: true, count: property.audit.count });
  });
});
