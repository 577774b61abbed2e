/**
 * Just-in-time production database access lasts a number of hours from the moment it is granted,
 * not from the moment it was asked for: approvals that take a while must not eat into it. Okta is
 * the directory and holds the database groups; the sweep removes the membership once the granted
 * hours have passed.
 */
import { OKTA_IDS, S, startLifecycleHarness, type LifecycleHarness } from './support/lifecycle-harness';

const REQUESTER = 'acc-alice';
const DB_GROUP = 'okta-db-orders-ro';
const ALICE_OKTA = OKTA_IDS['acc-alice'] as string;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let h: LifecycleHarness;
let issueKey = '';

const memberships = () => h.effects().filter((c) => c.service === 'okta' && c.path.includes(`/groups/${DB_GROUP}/users`));

beforeAll(async () => {
  h = await startLifecycleHarness({ standIns: true, oktaGroups: [DB_GROUP] });
  await h.configure();
  await h.connectOkta();
});

afterAll(async () => {
  await h?.stop();
});

describe('just-in-time database access counts from the grant', () => {
  it('is approved by the manager and engineering, then by security three hours later, and granted then', async () => {
    issueKey = await h.createRequest(REQUESTER, 'prod-db-access', 'Read the orders database', {
      database: 'orders-db',
      role: 'read-only',
      durationHours: 2,
      ticketReference: 'INC-1234',
      reason: 'Investigate the duplicated orders reported in INC-1234.',
    });
    await h.settle();
    // The manager and engineering (a production system) decide in parallel, security after them.
    expect(h.approvers(issueKey)).toEqual(['acc-carol', 'acc-sre-001', 'acc-sre-002', 'acc-sre-003']);
    await h.decide('acc-carol', issueKey, 'approve');
    await h.settle();
    expect(h.approvers(issueKey)).toEqual(['acc-sre-001', 'acc-sre-002', 'acc-sre-003']);
    await h.decide('acc-sre-001', issueKey, 'approve');
    await h.settle();
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'awaiting-approval', lane: 'security' });

    // Security takes three hours: longer than the access itself.
    await h.advance(3 * HOUR);
    expect(memberships()).toEqual([]);
    await h.decide('acc-sec-001', issueKey, 'approve');
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.done);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'completed', blocked: 'no', workflow: 'prod-db-access@1.0.1' });
    expect(memberships().map((c) => [c.method, c.status])).toEqual([['PUT', 204]]);
    expect(memberships()[0]?.path).toContain(ALICE_OKTA);
    // Granted at 12:00 (intake was at 09:00): two hours from the grant.
    const done = h.comments(issueKey).filter((c) => !c.internal);
    expect(done).toHaveLength(1);
    expect(done[0]?.text).toContain('Access ends at 2026-01-05T14:00:00.000Z');
  });

  it('is still there before the granted hours are over, and removed after', async () => {
    await h.advance(HOUR + 50 * MINUTE);
    expect(memberships()).toHaveLength(1);
    expect(h.runProperty(issueKey).state.phase).toBe('completed');

    await h.advance(15 * MINUTE);
    expect(memberships().map((c) => [c.method, c.status])).toEqual([
      ['PUT', 204],
      ['DELETE', 204],
    ]);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'revoked', blocked: 'no' });
  });
});
