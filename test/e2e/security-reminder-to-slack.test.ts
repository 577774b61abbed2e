/**
 * A privileged VPN request waits on the security lane, whose policy names a Slack channel: when
 * remindAfter passes, the sweep posts one reminder there, naming the request and the lane and
 * nobody's personal data, and the approvers and status stay as they were.
 */
import { S, startLifecycleHarness, type LifecycleHarness } from './support/lifecycle-harness';

const HOUR = 3_600_000;
let h: LifecycleHarness;
let issueKey = '';

const securityMessages = () => (h.standIns?.state.slackMessages ?? []).filter((m) => m.channel === 'C0SECURE04');

beforeAll(async () => {
  h = await startLifecycleHarness({ standIns: true, entraGroups: ['grp-vpn-privileged'] });
  await h.configure();
  await h.connectEntra();
  await h.connectSlack();
});

afterAll(async () => {
  await h?.stop();
});

describe('reminder of a security approval in Slack', () => {
  it('reaches security after the manager approves', async () => {
    issueKey = await h.createRequest('acc-alice', 'vpn-access', 'Admin network access', {
      vpnProfile: 'privileged',
      businessJustification: 'I rotate the certificates of the admin network this quarter.',
    });
    await h.settle();
    await h.decide('acc-carol', issueKey, 'approve');
    await h.settle();
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'awaiting-approval', lane: 'security' });
    expect(securityMessages()).toEqual([]);
  });

  it('posts one reminder to the lane channel once remindAfter (2 h) has passed', async () => {
    const approvers = h.approvers(issueKey);
    const status = h.statusOf(issueKey);
    await h.advance(1.5 * HOUR);
    await h.settle();
    expect(securityMessages()).toEqual([]);

    await h.advance(HOUR);
    await h.settle();
    const messages = securityMessages();
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toContain(issueKey);
    expect(messages[0]?.text).toMatch(/Security and compliance approval/);
    expect(messages[0]?.text).not.toMatch(/@example\.com|acc-|Alice|Carol/);
    expect(h.approvers(issueKey)).toEqual(approvers);
    expect(h.statusOf(issueKey)).toBe(status);
    expect([S.approvalAny, S.approvalAll]).toContain(status);
  });
});
