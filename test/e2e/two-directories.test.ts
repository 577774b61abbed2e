/**
 * Entra ID and Okta both connected: the admin names Entra ID as the directory that describes
 * requesters, so a VPN request (an Entra group) routes to the manager Entra names and the grant
 * lands in Entra once. Intake also finds the requester's Okta id, so just-in-time database access
 * (an Okta group) is granted in Okta to the right person, not refused.
 */
import { OKTA_IDS, S, startLifecycleHarness, type LifecycleHarness } from './support/lifecycle-harness';

const VPN_GROUP = 'grp-vpn-standard';
const DB_GROUP = 'okta-db-orders-ro';
const ALICE_OKTA = OKTA_IDS['acc-alice'] as string;
let h: LifecycleHarness;

beforeAll(async () => {
  h = await startLifecycleHarness({ standIns: true, entraGroups: [VPN_GROUP], oktaGroups: [DB_GROUP] });
  await h.configure({ settings: { directoryConnectionId: 'entra-main' } });
  await h.connectEntra();
  await h.connectOkta();
});

afterAll(async () => {
  await h?.stop();
});

it('describes the requester from the chosen directory and grants in Entra once', async () => {
  const issueKey = await h.createRequest('acc-alice', 'vpn-access', 'VPN for the wiki', {
    vpnProfile: 'standard',
    businessJustification: 'I work remotely on the internal wiki.',
  });
  await h.settle();
  expect(h.approvers(issueKey)).toEqual(['acc-carol']);

  await h.decide('acc-carol', issueKey, 'approve');
  await h.settle();
  expect(h.statusOf(issueKey)).toBe(S.done);
  const grants = h.effects().filter((c) => c.service === 'graph' && c.method === 'POST' && c.path.includes(`/groups/${VPN_GROUP}/members`));
  expect(grants).toHaveLength(1);
  expect(h.effects().filter((c) => c.service === 'okta' && c.method !== 'GET')).toEqual([]);
});

it('grants an Okta database group to the requester found in Okta at intake', async () => {
  const issueKey = await h.createRequest('acc-alice', 'prod-db-access', 'Read the orders database', {
    database: 'orders-db',
    role: 'read-only',
    durationHours: 2,
    ticketReference: 'INC-1234',
    reason: 'Investigate the duplicated orders reported in INC-1234.',
  });
  await h.settle();
  // Routing still comes from Entra ID: Carol is Alice's manager there.
  expect(h.approvers(issueKey)).toEqual(['acc-carol', 'acc-sre-001', 'acc-sre-002', 'acc-sre-003']);
  await h.decide('acc-carol', issueKey, 'approve');
  await h.settle();
  await h.decide('acc-sre-001', issueKey, 'approve');
  await h.settle();
  await h.decide('acc-sec-001', issueKey, 'approve');
  await h.settle();

  expect(h.statusOf(issueKey)).toBe(S.done);
  const grants = h.effects().filter((c) => c.service === 'okta' && c.method === 'PUT' && c.path.includes(`/groups/${DB_GROUP}/users/`));
  expect(grants.map((c) => [c.path.endsWith(`/users/${ALICE_OKTA}`), c.status])).toEqual([[true, 204]]);
  // Intake looked Alice up in Okta for this request only (the VPN request above grants in Entra ID), for her id only.
  const oktaReads = h.effects().filter((c) => c.service === 'okta' && c.method === 'GET');
  expect(oktaReads.map((c) => c.path)).toEqual(['/api/v1/users/alice@example.com']);
});
