/**
 * Entra ID and Okta both connected: the admin names Entra ID as the directory that describes
 * requesters, so a VPN request (an Entra group) routes to the manager Entra names and the grant
 * lands in Entra once. Without that choice the request would still be routed, but the group step
 * could not know whose directory id to use.
 */
import { S, startLifecycleHarness, type LifecycleHarness } from './support/lifecycle-harness';

const VPN_GROUP = 'grp-vpn-standard';
let h: LifecycleHarness;

beforeAll(async () => {
  h = await startLifecycleHarness({ standIns: true, entraGroups: [VPN_GROUP] });
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
