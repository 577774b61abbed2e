import { APPROVERS_FIELD_ID, type JiraSite, type ProductEvent } from '../../../platform/jira';
import { APP, as, call, createSeededSite, raiseRequest, STATUS, TRANSITION, USERS } from './site-fixture';

/** Sets the Approvers field and moves the request into the approval status, as the app does. */
async function routeForApproval(site: JiraSite, key: string, approvers: string[]): Promise<string> {
  const edit = await call(site, APP, 'PUT', `/rest/api/3/issue/${key}`, { fields: { [APPROVERS_FIELD_ID]: approvers.map((accountId) => ({ accountId })) } });
  expect(edit.status).toBe(204);
  const t = await call(site, APP, 'POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: TRANSITION.requestApproval } });
  expect(t.status).toBe(204);
  const list = await call(site, APP, 'GET', `/rest/servicedeskapi/request/${key}/approval`);
  const pending = list.json.values.filter((a: { finalDecision: string }) => a.finalDecision === 'pending');
  return pending[pending.length - 1].id as string;
}

const answer = (site: JiraSite, who: string, key: string, id: string, decision: 'approve' | 'decline') =>
  call(site, as(who), 'POST', `/rest/servicedeskapi/request/${key}/approval/${id}`, { decision });

describe('JSM approvals on the emulated site', () => {
  describe('with "any one approver" (number, 1)', () => {
    let site: JiraSite;
    beforeAll(async () => {
      site = await createSeededSite();
    });

    it('creates a pending approval for the Approvers field users, minus the reporter when excluded', async () => {
      const { key } = await raiseRequest(site);
      const id = await routeForApproval(site, key, [USERS.a1, USERS.a2, USERS.alice]);
      const a = await call(site, as(USERS.a1), 'GET', `/rest/servicedeskapi/request/${key}/approval/${id}`);
      expect(a.status).toBe(200);
      expect(a.json.finalDecision).toBe('pending');
      expect(a.json.canAnswerApproval).toBe(true);
      expect(a.json.approvers.map((x: { approver: { accountId: string } }) => x.approver.accountId)).toEqual([USERS.a1, USERS.a2]);
      expect(site.getIssue(key)?.statusId).toBe(STATUS.awaitingApproval);
    });

    it('refuses an agent who is not an approver (403), the app (403), customers who cannot see it (404) and anonymous callers (401)', async () => {
      const { key } = await raiseRequest(site);
      const id = await routeForApproval(site, key, [USERS.a1]);
      expect((await answer(site, USERS.a2, key, id, 'approve')).status).toBe(404);
      expect((await answer(site, USERS.agent, key, id, 'approve')).status).toBe(403);
      expect((await call(site, APP, 'POST', `/rest/servicedeskapi/request/${key}/approval/${id}`, { decision: 'approve' })).status).toBe(403);
      expect((await call(site, { kind: 'anonymous' }, 'POST', `/rest/servicedeskapi/request/${key}/approval/${id}`, { decision: 'approve' })).status).toBe(401);
      expect(site.getApprovals(key)[0]?.finalDecision).toBe('pending');
    });

    it('fires the approved transition with the approver as actor, then answers 409', async () => {
      const { key } = await raiseRequest(site);
      const id = await routeForApproval(site, key, [USERS.a1, USERS.a2]);
      const events: ProductEvent[] = [];
      const off = site.onProductEvent((e) => events.push(e));
      const res = await answer(site, USERS.a1, key, id, 'approve');
      off();
      expect(res.status).toBe(200);
      expect(res.json.finalDecision).toBe('approved');
      expect(res.json.completedDate.iso8601).toBeDefined();
      expect(site.getIssue(key)?.statusId).toBe(STATUS.inProgress);
      const update = events.find((e) => e.eventType === 'avi:jira:updated:issue');
      expect(update?.payload.atlassianId).toBe(USERS.a1);
      expect((update?.payload.changelog as { items: unknown[] }).items).toEqual([
        expect.objectContaining({ field: 'status', fieldId: 'status', from: STATUS.awaitingApproval, to: STATUS.inProgress, toString: 'In Progress' }),
      ]);
      expect((await answer(site, USERS.a2, key, id, 'approve')).status).toBe(409);
      expect((await answer(site, USERS.a1, key, id, 'decline')).status).toBe(409);
    });

    it('fires the rejected transition on a decline', async () => {
      const { key } = await raiseRequest(site);
      const id = await routeForApproval(site, key, [USERS.a1, USERS.a2]);
      const res = await answer(site, USERS.a2, key, id, 'decline');
      expect(res.json.finalDecision).toBe('declined');
      expect(res.json.approvers).toEqual(expect.arrayContaining([expect.objectContaining({ approverDecision: 'declined' })]));
      expect(site.getIssue(key)?.statusId).toBe(STATUS.declined);
    });

    it('re-entering the approval status creates a new approval and keeps the history', async () => {
      const { key } = await raiseRequest(site);
      const first = await routeForApproval(site, key, [USERS.a1]);
      await answer(site, USERS.a1, key, first, 'approve');
      const second = await routeForApproval(site, key, [USERS.a3]);
      expect(second).not.toBe(first);
      const list = await call(site, APP, 'GET', `/rest/servicedeskapi/request/${key}/approval`);
      expect(list.json.values.map((a: { id: string; finalDecision: string }) => [a.id, a.finalDecision])).toEqual([
        [first, 'approved'],
        [second, 'pending'],
      ]);
      expect((await answer(site, USERS.a1, key, second, 'approve')).status).toBe(403);
      expect((await answer(site, USERS.a3, key, second, 'approve')).status).toBe(200);
    });

    it('a looped re-entry retires the pending approval: its approvers get 409, the new approvers decide', async () => {
      const { key } = await raiseRequest(site);
      const old = await routeForApproval(site, key, [USERS.a1]);
      await call(site, APP, 'PUT', `/rest/api/3/issue/${key}`, { update: { [APPROVERS_FIELD_ID]: [{ add: { accountId: USERS.a2 } }] } });
      expect((await call(site, APP, 'POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: TRANSITION.reRequest } })).status).toBe(204);
      const approvals = site.getApprovals(key);
      expect(approvals).toHaveLength(2);
      expect(approvals[1]?.approvers.map((a) => a.accountId)).toEqual([USERS.a1, USERS.a2]);
      expect((await answer(site, USERS.a1, key, old, 'approve')).status).toBe(409);
      expect((await answer(site, USERS.a2, key, approvals[1]?.id ?? '', 'approve')).status).toBe(200);
    });

    it('answers 404 for an unknown approval and 400 for a bad decision', async () => {
      const { key } = await raiseRequest(site);
      const id = await routeForApproval(site, key, [USERS.a1]);
      expect((await answer(site, USERS.a1, key, '999', 'approve')).status).toBe(404);
      const bad = await call(site, as(USERS.a1), 'POST', `/rest/servicedeskapi/request/${key}/approval/${id}`, { decision: 'maybe' });
      expect(bad.status).toBe(400);
      expect(bad.json.errorMessage).toMatch(/decision/);
    });
  });

  it.each([
    { name: 'all (percent 100) of 2', condition: { conditionType: 'percent' as const, conditionValue: 100 }, approverCount: 2, approvals: 2 },
    { name: 'two of three (number 2)', condition: { conditionType: 'number' as const, conditionValue: 2 }, approverCount: 3, approvals: 2 },
    { name: 'half (percent 50) of 3', condition: { conditionType: 'percent' as const, conditionValue: 50 }, approverCount: 3, approvals: 2 },
    { name: 'number 5 with 3 approvers (capped at all)', condition: { conditionType: 'number' as const, conditionValue: 5 }, approverCount: 3, approvals: 3 },
  ])('condition $name needs $approvals approvals', async ({ condition, approverCount, approvals }) => {
    const stillPendingAfter = approvals - 1;
    const site = await createSeededSite(condition);
    const { key } = await raiseRequest(site);
    const id = await routeForApproval(site, key, [USERS.a1, USERS.a2, USERS.a3].slice(0, approverCount));
    const approvers = site.getApprovals(key)[0]?.approvers.map((a) => a.accountId) ?? [];
    for (let i = 0; i < approvals; i++) {
      const res = await answer(site, approvers[i] ?? '', key, id, 'approve');
      expect(res.status).toBe(200);
      if (i + 1 <= stillPendingAfter) expect(res.json.finalDecision).toBe('pending');
    }
    expect(site.getApprovals(key)[0]?.finalDecision).toBe('approved');
    expect(site.getIssue(key)?.statusId).toBe(STATUS.inProgress);
  });

  it('with "all", one decline declines even after other approvals', async () => {
    const site = await createSeededSite({ conditionType: 'percent', conditionValue: 100 });
    const { key } = await raiseRequest(site);
    const id = await routeForApproval(site, key, [USERS.a1, USERS.a2, USERS.a3]);
    expect((await answer(site, USERS.a1, key, id, 'approve')).json.finalDecision).toBe('pending');
    expect((await answer(site, USERS.a2, key, id, 'decline')).json.finalDecision).toBe('declined');
    expect(site.getIssue(key)?.statusId).toBe(STATUS.declined);
  });
});
