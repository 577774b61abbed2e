/**
 * A shared mailbox request whose owner never answers: the manager lane's timers run on the
 * emulated clock through the scheduled sweep. After remindAfter (4 h) the owner is reminded; after
 * escalateAfter (1 d) the backup group (department heads) is added to the approvers and the
 * request re-enters the approval; a backup approver then decides and access is granted.
 */
import { S, startLifecycleHarness, type LifecycleHarness } from './support/lifecycle-harness';

const REQUESTER = 'acc-alice';
const OWNER = 'acc-mgr-002';
const MAILBOX_GROUP = 'grp-mbx-support-at-example-com-read';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let h: LifecycleHarness;
let issueKey = '';

const auditTypes = () => h.auditEvents(issueKey).map((e) => e.type);
const internalText = () => h.comments(issueKey).filter((c) => c.internal).map((c) => c.text).join('\n');
const writes = () => h.effects().filter((c) => c.method !== 'GET');

beforeAll(async () => {
  h = await startLifecycleHarness({ standIns: true, entraGroups: [MAILBOX_GROUP] });
  await h.configure();
  await h.connectEntra();
});

afterAll(async () => {
  await h?.stop();
});

describe('shared mailbox request whose owner does not answer', () => {
  it('asks the mailbox owner named on the request', async () => {
    issueKey = await h.createRequest(REQUESTER, 'shared-mailbox-access', 'Read the support mailbox', {
      mailboxAddress: 'support@example.com',
      accessLevel: 'read',
      mailboxOwnerAccountId: OWNER,
      endDate: '2026-02-15',
    });
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.approvalAny);
    expect(h.approvers(issueKey)).toEqual([OWNER]);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'awaiting-approval', lane: 'manager', workflow: 'shared-mailbox-access@1.0.1' });
    expect(auditTypes()).not.toContain('approval.reminded');
  });

  it('reminds once remindAfter (4 h) has passed, and not before', async () => {
    await h.advance(3 * HOUR + 50 * MINUTE);
    expect(auditTypes()).not.toContain('approval.reminded');

    await h.advance(15 * MINUTE);
    expect(auditTypes().filter((t) => t === 'approval.reminded')).toHaveLength(1);
    expect(internalText()).toContain('Reminder sent for stage-1 (Manager)');
    // A reminder changes nobody: same approvers, same status.
    expect(h.approvers(issueKey)).toEqual([OWNER]);
    expect(h.statusOf(issueKey)).toBe(S.approvalAny);
  });

  it('adds the backup group after escalateAfter (1 d) and re-routes the approval', async () => {
    await h.advance(19 * HOUR + 50 * MINUTE);
    expect(auditTypes()).not.toContain('approval.escalated');

    await h.advance(15 * MINUTE);
    expect(auditTypes().filter((t) => t === 'approval.escalated')).toHaveLength(1);
    expect(h.approvers(issueKey)).toEqual(['acc-head-001', OWNER].sort());
    expect(h.statusOf(issueKey)).toBe(S.approvalAny);
    expect(internalText()).toContain('added 1 approver(s) from the backup group department-heads');
    // JSM holds one open approval, and it lists the owner and the backup approver.
    const open = h.site.getApprovals(issueKey).filter((a) => a.active);
    expect(open).toHaveLength(1);
    expect(open[0]?.approvers.map((a) => a.accountId).sort()).toEqual(['acc-head-001', OWNER].sort());
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'awaiting-approval', lane: 'manager', blocked: 'no' });
    // The requester is not asked anything and nothing was granted meanwhile.
    expect(h.comments(issueKey).filter((c) => !c.internal)).toEqual([]);
    expect(writes()).toEqual([]);
  });

  it('the backup approver decides and access is granted once', async () => {
    await h.decide('acc-head-001', issueKey, 'approve');
    await h.settle();

    expect(h.statusOf(issueKey)).toBe(S.done);
    expect(h.runProperty(issueKey).state).toMatchObject({ phase: 'completed', blocked: 'no' });
    expect(writes()).toHaveLength(1);
    expect(writes()[0]).toMatchObject({ service: 'graph', method: 'POST', path: `/v1.0/groups/${MAILBOX_GROUP}/members/$ref`, status: 204 });
    const publicComments = h.comments(issueKey).filter((c) => !c.internal);
    expect(publicComments).toHaveLength(1);
    expect(publicComments[0]?.text).toContain('Your request is done. Access ends at 2026-02-15T23:59:59');
  });
});
