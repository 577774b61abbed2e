import { startHarness, type Harness } from './harness';

let h: Harness;
let run = 0;
const ctx = (stepId = 'grant', connectionId = 'okta-main') => ({ runId: `run-okta-${++run}`, stepId, attempt: 1, connectionId });

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.standIns.stop();
});
beforeEach(() => {
  h.standIns.reset();
  h.records.length = 0;
  h.clock.sleeps.length = 0;
});

const user = (key: string) => h.standIns.state.userByKey(key);
const group = (key: string) => h.standIns.state.groupByKey(key);

describe('Okta', () => {
  it('finds a user and resolves managerId to the manager', async () => {
    const executor = h.executor();
    expect(await executor.execute({ action: 'okta.findUser', params: { user: 'bob@example.com' } }, ctx('find'))).toMatchObject({
      status: 'succeeded',
      output: { id: user('bob').oktaId, employeeType: 'Contractor', managerId: user('carol').oktaId },
    });
    expect(await executor.execute({ action: 'okta.getManager', params: { user: 'bob@example.com' } }, ctx('manager'))).toMatchObject({
      status: 'succeeded',
      output: { userId: user('bob').oktaId, manager: { email: 'carol@example.com' } },
    });
    const calls = h.standIns.calls().filter((c) => c.service === 'okta');
    expect(calls.every((c) => c.headers['authorization'] === 'SSWS ***')).toBe(true);
  });

  it('adds a member once; the repeat is a success', async () => {
    const executor = h.executor();
    const call = { action: 'okta.addGroupMember' as const, params: { groupId: group('vpn-users').oktaId, userId: user('alice').oktaId } };
    expect(await executor.execute(call, ctx())).toMatchObject({ status: 'succeeded' });
    expect(await executor.execute(call, ctx())).toMatchObject({ status: 'succeeded', record: { status: 204 } });
    expect(h.standIns.state.members('okta', 'vpn-users')).toEqual(['alice']);
    const remove = { action: 'okta.removeGroupMember' as const, params: call.params };
    expect(await executor.execute(remove, ctx('revoke'))).toMatchObject({ status: 'succeeded' });
    expect(await executor.execute(remove, ctx('revoke'))).toMatchObject({ status: 'succeeded' });
    expect(h.standIns.state.members('okta', 'vpn-users')).toEqual([]);
  });

  it('honours X-Rate-Limit-Reset on 429 and then succeeds', async () => {
    const reset = String(Math.floor(h.clock.now() / 1000) + 4);
    h.standIns.setFaults([{ service: 'okta', method: 'PUT', sequence: [{ type: 'status', status: 429, headers: { 'x-rate-limit-reset': reset } }] }]);
    const result = await h.executor().execute({ action: 'okta.addGroupMember', params: { groupId: group('vpn-users').oktaId, userId: user('alice').oktaId } }, ctx());
    expect(result).toMatchObject({ status: 'succeeded', record: { attempts: 2 } });
    expect(h.clock.sleeps).toEqual([expect.any(Number)]);
    expect(h.clock.sleeps[0]).toBeGreaterThanOrEqual(4_000);
  });

  it.each([[429], [503], [504]])('retries %i without a hint using backoff', async (status) => {
    h.standIns.setFaults([{ service: 'okta', method: 'GET', sequence: [{ type: 'status', status }, { type: 'status', status }] }]);
    const result = await h.executor().execute({ action: 'okta.findUser', params: { user: 'alice@example.com' } }, ctx('find'));
    expect(result).toMatchObject({ status: 'succeeded', record: { attempts: 3 } });
    expect(h.clock.sleeps).toHaveLength(2);
    expect(h.clock.sleeps[1]).toBeGreaterThan(h.clock.sleeps[0] as number);
  });

  it.each([
    ['an unknown group', { groupId: '00gmissing0000000099', userId: '00ualice000000000001' }, 'okta-main', 'group-not-found', /group 00gmissing.*not found.*E0000007/],
    ['an unknown user', { groupId: '00gvpnusers000000001', userId: '00umissing0000000099' }, 'okta-main', 'user-not-found', /user 00umissing.*not found/],
    ['a read-only API token', { groupId: '00gvpnusers000000001', userId: '00ualice000000000001' }, 'okta-ro-token', 'forbidden', /E0000006/],
    ['an app-managed group', { groupId: '00gengineering000004', userId: '00uerin0000000000005' }, 'okta-main', 'invalid-request', /OKTA_GROUP/],
  ])('fails at once with a clear reason for %s', async (_label, params, connectionId, code, reason) => {
    const result = await h.executor().execute({ action: 'okta.addGroupMember', params }, ctx('grant', connectionId));
    expect(result).toMatchObject({ status: 'failed', code, record: { attempts: 1 } });
    expect(result.status === 'failed' && result.reason).toMatch(reason);
  });

  it('refuses a write above the ceiling without sending any request', async () => {
    const result = await h.executor().execute({ action: 'okta.removeGroupMember', params: { groupId: group('vpn-users').oktaId, userId: user('alice').oktaId } }, ctx('revoke', 'okta-readonly'));
    expect(result).toMatchObject({ status: 'refused', record: { attempts: 0 } });
    expect(h.standIns.calls()).toEqual([]);
  });

  it('uses an OAuth service app: signed client assertion, ceiling-sized scopes, one token for many calls', async () => {
    const executor = h.executor();
    for (const login of ['alice@example.com', 'carol@example.com']) {
      expect(await executor.execute({ action: 'okta.findUser', params: { user: login } }, ctx('find', 'okta-oauth'))).toMatchObject({ status: 'succeeded' });
    }
    expect(await executor.execute({ action: 'okta.addGroupMember', params: { groupId: group('vpn-users').oktaId, userId: user('alice').oktaId } }, ctx('grant', 'okta-oauth'))).toMatchObject({ status: 'succeeded' });
    expect(h.standIns.state.tokenRequests.okta).toBe(1);
    const tokenCall = h.standIns.calls().find((c) => c.path === '/oauth2/v1/token');
    expect(tokenCall?.body).toContain('scope=okta.users.read+okta.groups.read+okta.groups.manage');
    h.clock.advance(3_600_000);
    await executor.execute({ action: 'okta.findUser', params: { user: 'alice@example.com' } }, ctx('find', 'okta-oauth'));
    expect(h.standIns.state.tokenRequests.okta).toBe(2);
  });
});
