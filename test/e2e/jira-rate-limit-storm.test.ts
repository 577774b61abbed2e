/**
 * Jira answers a good share of the app's calls with 429, some with Retry-After and some without.
 * The app's gateway backs off (honouring Retry-After), Forge redelivers what still fails, and the
 * request completes exactly as without the storm: one grant, no comment twice. Sleeps are scaled
 * down (APPROVAL_ROUTER_SLEEP_SCALE) so the backoff is real but short.
 */
import type { FaultRule } from '../../platform/jira/faults';
import { S, startLifecycleHarness, type LifecycleHarness } from './support/lifecycle-harness';

const REQUESTER = 'acc-alice';
const VPN_GROUP = 'grp-vpn-standard';
const MINUTE = 60_000;

/**
 * A burst of 429s with Retry-After on issue calls, long enough to outlast the gateway's own
 * retries (so Forge must redeliver), then a background of 429s without Retry-After on any call.
 * The people in this test are not rate limited: the storm is only on while the app works.
 */
const STORM: FaultRule[] = [
  { pathPattern: '^/rest/api/3/issue', response: { status: 429, retryAfter: 3, rateLimitReason: 'jira-per-issue-on-write' }, times: 7 },
  { pathPattern: '^/rest/(api/3|servicedeskapi)/', response: { status: 429 }, probability: 0.3 },
];

let h: LifecycleHarness;
let issueKey = '';
const previousScale = process.env.APPROVAL_ROUTER_SLEEP_SCALE;

/** Lets the app work through the storm: due deliveries, then Forge's delayed redeliveries. */
async function weather(): Promise<void> {
  h.site.setFaults(STORM, 11);
  await h.settle();
  await h.advance(30 * MINUTE);
  h.site.setFaults([]);
}

const appCalls = () => h.site.calls().filter((c) => c.caller.kind === 'app');
const memberships = () => h.effects().filter((c) => c.service === 'graph' && c.path.includes(`/groups/${VPN_GROUP}/members`));

beforeAll(async () => {
  process.env.APPROVAL_ROUTER_SLEEP_SCALE = '0.001';
  h = await startLifecycleHarness({ standIns: true, entraGroups: [VPN_GROUP] });
  await h.configure();
  await h.connectEntra();
});

afterAll(async () => {
  if (previousScale === undefined) delete process.env.APPROVAL_ROUTER_SLEEP_SCALE;
  else process.env.APPROVAL_ROUTER_SLEEP_SCALE = previousScale;
  await h?.stop();
});

describe('Jira 429 storm', () => {
  it('intake still plans and routes the request', async () => {
    issueKey = await h.createRequest(REQUESTER, 'vpn-access', 'VPN for internal tools', {
      vpnProfile: 'standard',
      businessJustification: 'I work remotely and need the internal wiki.',
    });
    await weather();

    expect(h.statusOf(issueKey)).toBe(S.approvalAny);
    expect(h.approvers(issueKey)).toEqual(['acc-carol']);
    expect(h.fieldValue(issueKey, 'workflow')).toBe('vpn-access@1.0.1');
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'awaiting-approval', lane: 'manager' });
  });

  it('the approval is executed once and the request completes', async () => {
    await h.decide('acc-carol', issueKey, 'approve');
    await weather();

    expect(h.statusOf(issueKey)).toBe(S.done);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'completed', blocked: 'no', workflow: 'vpn-access@1.0.1' });
    expect(memberships().map((c) => [c.method, c.status])).toEqual([['POST', 204]]);
    const comments = h.comments(issueKey).map((c) => c.text);
    expect(new Set(comments).size).toBe(comments.length);
    const publicComments = h.comments(issueKey).filter((c) => !c.internal);
    expect(publicComments).toHaveLength(1);
    expect(publicComments[0]?.text).toContain('Your request is done.');
  });

  it('the storm was real: the app met 429s, with and without Retry-After, and kept going', () => {
    const limited = appCalls().filter((c) => c.status === 429);
    expect(limited.length).toBeGreaterThan(5);
    expect(limited.some((c) => c.fault?.includes('jira-per-issue-on-write'))).toBe(true);
    expect(limited.some((c) => c.fault === '429')).toBe(true);
    // Forge redelivered what the gateway could not finish, and no delivery was given up on.
    const outcomes = h.env.platform.deliveries().map((d) => d.outcome);
    expect(outcomes).toContain('retry');
    expect(outcomes).not.toContain('failed');
  });
});
