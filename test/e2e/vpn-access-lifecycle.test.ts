/**
 * The request lifecycle end to end on the local platform: the real app (manifest.yml +
 * src/index.ts) on the emulated Forge runtime and Jira/JSM site with the demo desk. An admin
 * configures settings and publishes the example policy through the admin resolver; a customer
 * raises a VPN request through the JSM REST API; the manager lane approves through the JSM
 * approval API; the run's issue property carries a verifiable audit chain.
 */
import { startLifecycleHarness, S, type LifecycleHarness } from './support/lifecycle-harness';
import { verifyAuditChain } from '../../src/domain/audit/audit-chain';

const REQUESTER = 'acc-alice';

let h: LifecycleHarness;

beforeAll(async () => {
  h = await startLifecycleHarness();
});

afterAll(async () => {
  await h?.stop();
});

describe('vpn-access request lifecycle', () => {
  let issueKey = '';

  it('an admin configures the app and publishes the example policy as version 1', async () => {
    await h.configure();
    const versions = (await h.invokeAdmin('version/list', {})) as { version: number; isPublished: boolean }[];
    expect(versions.find((v) => v.isPublished)?.version).toBe(1);
  });

  it('an employee request for the standard profile waits on the manager lane', async () => {
    issueKey = await h.createRequest(REQUESTER, 'vpn-access', 'VPN for internal tools', {
      vpnProfile: 'standard',
      businessJustification: 'I work remotely and need the internal wiki.',
    });
    await h.settle();

    expect(h.fieldValue(issueKey, 'workflow')).toBe('vpn-access@1.0.1');
    expect(h.statusOf(issueKey)).toBe(S.approvalAny);
    // No directory connection names Alice's manager, so the manager lane's owner group decides.
    expect(h.approvers(issueKey)).toEqual(['acc-mgr-001', 'acc-mgr-002']);
    expect(h.comments(issueKey).some((c) => c.internal)).toBe(true);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'awaiting-approval', lane: 'manager', workflow: 'vpn-access@1.0.1', policyVersion: 1 });
  });

  it('the manager approves through JSM and the run moves on', async () => {
    await h.decide('acc-mgr-001', issueKey, 'approve');
    await h.settle();

    const property = h.runProperty(issueKey);
    // The approval is recorded with who decided. No Entra connection is configured on this site,
    // so the group step cannot run: the request must end visibly blocked with an exception, never
    // silently done, and nothing may have been sent to an external system.
    const types = h.auditEvents(issueKey).map((e) => e.type);
    expect(types).toContain('approval.approved');
    expect(property.state).toMatchObject({ phase: 'exception', blocked: 'yes', workflow: 'vpn-access@1.0.1' });
    expect(h.env.platform.externalCalls()).toEqual([]);
    expect(h.statusOf(issueKey)).toBe(S.blocked);
    const events = h.auditEvents(issueKey);
    expect(events.length).toBe(property.audit.count);
    expect(verifyAuditChain(events)).toMatchObject({ ok: true, count: events.length });
    expect(events.at(-1)?.hash).toBe(property.audit.head);
  });
});
