/**
 * Forge delivers events at least once and not necessarily in order. Here every trigger delivery
 * (created, updated, commented) and every queue delivery (step and revocation jobs) is made twice
 * and due deliveries are shuffled, through a contractor's VPN request from clarification to
 * revocation. The request must end exactly where an undisturbed one ends, with one grant, one
 * revocation and no comment posted twice.
 */
import { ENTRA_IDS, S, startLifecycleHarness, type LifecycleHarness } from './support/lifecycle-harness';

const CONTRACTOR = 'acc-bob';
const VPN_GROUP = 'grp-vpn-standard';
const HOUR = 3_600_000;

let h: LifecycleHarness;
let issueKey = '';

const memberships = () => h.effects().filter((c) => c.service === 'graph' && c.path.includes(`/groups/${VPN_GROUP}/members`));
/** Comment texts without the reference line (which differs per batch by design). */
const commentTexts = (internal: boolean) =>
  h
    .comments(issueKey)
    .filter((c) => c.internal === internal && c.author !== CONTRACTOR)
    .map((c) => c.text.replace(/\n?(Approval Router · )?Ref \w+-[ip]$/, ''));

beforeAll(async () => {
  h = await startLifecycleHarness({ standIns: true, entraGroups: [VPN_GROUP] });
  await h.configure();
  await h.connectEntra();
  h.env.platform.setDeliveryFaults({ seed: 7, duplicate: 1, reorder: 1 });
});

afterAll(async () => {
  await h?.stop();
});

describe('duplicate and reordered deliveries of every event type', () => {
  it('creation: one clarification question', async () => {
    issueKey = await h.createRequest(CONTRACTOR, 'vpn-access', 'VPN for the billing project', {
      vpnProfile: 'standard',
      businessJustification: 'I build the billing integration and need the staging network.',
      sponsorAccountId: 'acc-agent-1',
    });
    await h.settle();
    expect(h.statusOf(issueKey)).toBe(S.waitingForCustomer);
    expect(commentTexts(false)).toHaveLength(1);
    expect(h.runProperty(issueKey).state.phase).toBe('clarification');
  });

  it('reply: resumed once and routed to the manager', async () => {
    await h.comment(CONTRACTOR, issueKey, 'endDate: 2026-01-20');
    await h.settle();
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'awaiting-approval', lane: 'manager' });
    expect(h.approvers(issueKey)).toEqual(['acc-carol']);
    expect(h.auditEvents(issueKey).filter((e) => e.type === 'clarification.answered')).toHaveLength(1);
  });

  it('approvals: manager then security, one grant, done', async () => {
    await h.decide('acc-carol', issueKey, 'approve');
    await h.settle();
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'awaiting-approval', lane: 'security' });
    await h.decide('acc-sec-001', issueKey, 'approve');
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.done);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'completed', blocked: 'no' });
    expect(memberships().map((c) => [c.method, c.status])).toEqual([['POST', 204]]);
  });

  it('revocation: one removal after the end date', async () => {
    await h.advance(16 * 24 * HOUR);
    expect(memberships().map((c) => [c.method, c.status])).toEqual([
      ['POST', 204],
      ['DELETE', 204],
    ]);
    expect(h.standIns?.state.entraMembers.get(VPN_GROUP)?.has(ENTRA_IDS[CONTRACTOR] as string)).toBe(false);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'revoked', blocked: 'no' });
    expect(h.statusOf(issueKey)).toBe(S.done);
  });

  it('every kind of delivery was in fact duplicated, and nothing was said twice', () => {
    const duplicated = new Set(h.env.platform.deliveries().filter((d) => d.duplicate).map((d) => d.topic));
    expect([...duplicated]).toEqual(expect.arrayContaining(['avi:jira:created:issue', 'avi:jira:updated:issue', 'avi:jira:commented:issue']));
    expect(h.env.platform.deliveries().some((d) => d.kind === 'consumer' && d.duplicate)).toBe(true);

    const publicTexts = commentTexts(false);
    expect(publicTexts).toHaveLength(2);
    expect(publicTexts[0]).toContain('Contractors need an end date');
    expect(publicTexts[1]).toContain('Your request is done. Access ends at 2026-01-20T23:59:59');
    const internalTexts = commentTexts(true);
    expect(new Set(internalTexts).size).toBe(internalTexts.length);
    const types = h.auditEvents(issueKey).map((e) => e.type);
    for (const once of ['intake.clarification', 'intake.planned', 'stage.approved', 'execution.started', 'step.succeeded', 'run.completed', 'revocation.started', 'run.revoked']) {
      expect({ type: once, count: types.filter((t) => t === once).length }).toEqual({ type: once, count: once === 'stage.approved' ? 2 : 1 });
    }
  });
});
