import { startHarness, type Harness } from './harness';

let h: Harness;
let run = 0;
const ctx = (stepId = 'grant', connectionId = 'entra-main') => ({ runId: `run-entra-${++run}`, stepId, attempt: 1, connectionId });

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

const alice = () => h.standIns.state.userByKey('alice');
const vpn = () => h.standIns.state.groupByKey('vpn-users');
const graphCalls = () => h.standIns.calls().filter((c) => c.service === 'graph');

describe('Entra ID through Microsoft Graph', () => {
  it('finds a user by email and reads the manager', async () => {
    const executor = h.executor();
    const found = await executor.execute({ action: 'entra.findUser', params: { user: 'alice@example.com' } }, ctx('find'));
    expect(found).toMatchObject({ status: 'succeeded', output: { id: alice().entraId, department: 'Engineering', employeeType: 'Employee' } });
    const manager = await executor.execute({ action: 'entra.getManager', params: { user: 'alice@example.com' } }, ctx('manager'));
    expect(manager).toMatchObject({ status: 'succeeded', output: { userId: alice().entraId, manager: { mail: 'carol@example.com' } } });
    const top = await executor.execute({ action: 'entra.getManager', params: { user: 'dave@example.com' } }, ctx('manager'));
    expect(top).toMatchObject({ status: 'succeeded', output: { manager: null } });
  });

  it('adds a member once; the repeat is a success that changes nothing', async () => {
    const executor = h.executor();
    const call = { action: 'entra.addGroupMember' as const, params: { groupId: vpn().entraId, userId: alice().entraId } };
    const first = await executor.execute(call, ctx());
    const second = await executor.execute(call, ctx());
    expect(first).toMatchObject({ status: 'succeeded', output: { changed: true } });
    expect(second).toMatchObject({ status: 'succeeded', output: { changed: false }, record: { status: 400, reason: expect.stringMatching(/already/) } });
    expect(h.standIns.state.members('entra', 'vpn-users')).toEqual(['alice']);
    const posts = graphCalls().filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(JSON.parse(posts[0]?.body ?? '{}')).toEqual({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${alice().entraId}` });
  });

  it('removes a member; removing a non-member is a success', async () => {
    const executor = h.executor();
    const group = h.standIns.state.groupByKey('support-mailbox');
    const erin = h.standIns.state.userByKey('erin');
    const call = { action: 'entra.removeGroupMember' as const, params: { groupId: group.entraId, userId: erin.entraId } };
    expect(await executor.execute(call, ctx('revoke'))).toMatchObject({ status: 'succeeded', output: { changed: true } });
    expect(await executor.execute(call, ctx('revoke'))).toMatchObject({ status: 'succeeded', output: { changed: false } });
    expect(h.standIns.state.members('entra', 'support-mailbox')).toEqual([]);
  });

  it.each([
    ['429 with Retry-After', { type: 'status', status: 429, retryAfter: '3' } as const, 3_000],
    ['429 without Retry-After', { type: 'status', status: 429 } as const, 0],
    ['503', { type: 'status', status: 503 } as const, 0],
    ['a dropped connection', { type: 'reset' } as const, 0],
  ])('retries after %s and then succeeds', async (_label, fault, minimumWait) => {
    h.standIns.setFaults([{ service: 'graph', method: 'POST', path: '/members/$ref', sequence: [fault] }]);
    const result = await h.executor().execute({ action: 'entra.addGroupMember', params: { groupId: vpn().entraId, userId: alice().entraId } }, ctx());
    expect(result).toMatchObject({ status: 'succeeded', record: { attempts: 2, outcome: 'succeeded' } });
    expect(h.clock.sleeps.at(-1)).toBeGreaterThanOrEqual(Math.max(minimumWait, 500));
    expect(h.standIns.state.members('entra', 'vpn-users')).toEqual(['alice']);
  });

  it('retries a request that times out, bounded by the request timeout', async () => {
    h.standIns.setFaults([{ service: 'graph', method: 'GET', sequence: [{ type: 'hang' }] }]);
    const result = await h.executor({ requestTimeoutMs: 300 }).execute({ action: 'entra.findUser', params: { user: 'alice@example.com' } }, ctx('find'));
    expect(result).toMatchObject({ status: 'succeeded', record: { attempts: 2 } });
  });

  it('hands a long Retry-After back to the queue instead of sleeping', async () => {
    h.standIns.setFaults([{ service: 'graph', sequence: [{ type: 'status', status: 429, retryAfter: '120' }] }]);
    const result = await h.executor().execute({ action: 'entra.addGroupMember', params: { groupId: vpn().entraId, userId: alice().entraId } }, ctx());
    expect(result).toMatchObject({ status: 'retry-later', record: { attempts: 1, outcome: 'retry-later', status: 429 } });
    expect(result.status === 'retry-later' && result.retryAfterMs).toBeGreaterThanOrEqual(120_000);
    expect(h.standIns.state.members('entra', 'vpn-users')).toEqual([]);
  });

  it.each([
    ['an unknown group', { groupId: '9a0000ff-ffff-4aaa-8bbb-0000000000ff', userId: 'a1f3c2d4-0001-4b6e-9c1a-0000000000a1' }, 'entra-main', 'group-not-found', /group 9a0000ff.*not found/],
    ['an unknown user', { groupId: '9a000001-1111-4aaa-8bbb-000000000001', userId: 'ffffffff-0001-4b6e-9c1a-0000000000ff' }, 'entra-main', 'user-not-found', /user ffffffff.*not found/],
    ['missing Graph consent', { groupId: '9a000001-1111-4aaa-8bbb-000000000001', userId: 'a1f3c2d4-0001-4b6e-9c1a-0000000000a1' }, 'entra-limited', 'forbidden', /lacks the permission.*Authorization_RequestDenied/],
  ])('fails at once with a clear reason for %s', async (_label, params, connectionId, code, reason) => {
    const result = await h.executor().execute({ action: 'entra.addGroupMember', params }, ctx('grant', connectionId));
    expect(result).toMatchObject({ status: 'failed', code, record: { attempts: 1, outcome: 'failed' } });
    expect(result.status === 'failed' && result.reason).toMatch(reason);
    expect(h.clock.sleeps).toEqual([]);
  });

  it('fails clearly when a user cannot be found', async () => {
    const result = await h.executor().execute({ action: 'entra.findUser', params: { user: 'nobody@example.com' } }, ctx('find'));
    expect(result).toMatchObject({ status: 'failed', code: 'user-not-found' });
  });

  it('refuses a write on a read-only connection without sending any request', async () => {
    const result = await h.executor().execute({ action: 'entra.addGroupMember', params: { groupId: vpn().entraId, userId: alice().entraId } }, ctx('grant', 'entra-readonly'));
    expect(result).toMatchObject({ status: 'refused', code: 'refused', record: { attempts: 0, outcome: 'refused', connectionId: 'entra-readonly' } });
    expect(result.status === 'refused' && result.reason).toMatch(/groupMembership\.write.*above the ceiling/);
    expect(h.standIns.calls()).toEqual([]);
    expect(h.records).toHaveLength(1);
  });

  it('fetches one token for many actions and a new one after it expires', async () => {
    const executor = h.executor();
    for (const user of ['alice@example.com', 'bob@example.com', 'carol@example.com']) {
      expect(await executor.execute({ action: 'entra.findUser', params: { user } }, ctx('find'))).toMatchObject({ status: 'succeeded' });
    }
    expect(h.standIns.state.tokenRequests.graph).toBe(1);
    h.clock.advance(3_600_000);
    await executor.execute({ action: 'entra.findUser', params: { user: 'alice@example.com' } }, ctx('find'));
    expect(h.standIns.state.tokenRequests.graph).toBe(2);
  });

  it('renews a token that Graph stopped accepting', async () => {
    const executor = h.executor();
    await executor.execute({ action: 'entra.findUser', params: { user: 'alice@example.com' } }, ctx('find'));
    h.standIns.state.tokens.clear();
    const result = await executor.execute({ action: 'entra.findUser', params: { user: 'bob@example.com' } }, ctx('find'));
    expect(result).toMatchObject({ status: 'succeeded' });
    expect(h.standIns.state.tokenRequests.graph).toBe(2);
  });

  it('reports refused client credentials as a permanent failure', async () => {
    await h.secrets.set('entra-main', { clientSecret: 'WRONG-SECRET-value-1234' }, '2026-03-02T09:00:00.000Z');
    try {
      const result = await h.executor().execute({ action: 'entra.findUser', params: { user: 'alice@example.com' } }, ctx('find'));
      expect(result).toMatchObject({ status: 'failed', code: 'unauthorized' });
      expect(result.status === 'failed' && result.reason).toMatch(/AADSTS7000215/);
    } finally {
      await h.secrets.set('entra-main', { clientSecret: 'ENTRA-SECRET-zq81VmK3pXvw' }, '2026-03-02T09:00:00.000Z');
    }
  });
});

describe('finding a user whose sign-in name is not their mail address', () => {
  // Added for one test each; the stand-ins' reset before every test removes them.
  const extra = (key: string, entraId: string, email: string, upn: string) => ({ ...alice(), key, entraId, email, upn });

  it('finds them by mail when exactly one user has that address', async () => {
    const frank = extra('frank', 'e0000000-0000-4000-8000-000000000f01', 'frank@example.com', 'frank.f@corp.example.onmicrosoft.com');
    h.standIns.state.users.push(frank);
    const found = await h.executor().execute({ action: 'entra.findUser', params: { user: 'frank@example.com' } }, ctx('find'));
    expect(found).toMatchObject({ status: 'succeeded', output: { id: frank.entraId } });
    expect(graphCalls().map((c) => c.path.split('?')[0])).toEqual(['/v1.0/users/frank@example.com', '/v1.0/users']);
  });

  it('finds nobody when two users share the address, rather than picking one to grant to', async () => {
    h.standIns.state.users.push(extra('gina', 'e0000000-0000-4000-8000-000000000f02', 'shared@example.com', 'gina@corp.example.onmicrosoft.com'), extra('hugo', 'e0000000-0000-4000-8000-000000000f03', 'shared@example.com', 'hugo@corp.example.onmicrosoft.com'));
    const found = await h.executor().execute({ action: 'entra.findUser', params: { user: 'shared@example.com' } }, ctx('find'));
    expect(found.status).not.toBe('succeeded');
  });
});
