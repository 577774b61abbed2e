import { toIntegrationCall } from '../../../src/app/execution/to-integration-call';
import type { ActionCall } from '../../../src/domain/workflows/workflow-types';

const add = (action: ActionCall['action'], params: ActionCall['params']): ActionCall => ({ action, params });

describe('workflow calls as the integrations take them', () => {
  it.each([
    ['an Entra step, requester described by Entra ID', add('entra.addGroupMember', { groupId: 'g-1', memberAccountId: 'acc-1', memberDirectoryId: 'entra-user-1', memberDirectorySource: 'entra' }), 'entra-user-1'],
    ['an Okta step, requester described by Okta', add('okta.removeGroupMember', { groupId: 'g-2', memberAccountId: 'acc-1', memberDirectoryId: '00u1', memberDirectorySource: 'okta' }), '00u1'],
    ['a step recorded before directories were named', add('entra.addGroupMember', { groupId: 'g-1', memberAccountId: 'acc-1', memberDirectoryId: 'entra-user-1' }), 'entra-user-1'],
  ])('%s: the directory id becomes the user id', (_what, call, userId) => {
    const mapped = toIntegrationCall(call);
    expect(mapped).toMatchObject({ ok: true, call: { action: call.action, params: { userId } } });
    if (mapped.ok) expect(Object.keys(mapped.call.params)).not.toEqual(expect.arrayContaining(['memberAccountId', 'memberDirectorySource']));
  });

  it.each([
    ['an Okta step for a requester described by Entra ID', add('okta.addGroupMember', { groupId: 'g', memberAccountId: 'acc-1', memberDirectoryId: 'entra-user-1', memberDirectorySource: 'entra' }), /group in Okta, but at intake the requester was found only in Entra ID/],
    ['an Entra step for a requester described by Okta', add('entra.removeGroupMember', { groupId: 'g', memberAccountId: 'acc-1', memberDirectoryId: '00u1', memberDirectorySource: 'okta' }), /group in Entra ID, but at intake the requester was found only in Okta/],
    ['a requester the directory did not know', add('entra.addGroupMember', { groupId: 'g', memberAccountId: 'acc-1' }), /not found in the directory/],
  ])('refuses %s, saying why', (_what, call, reason) => {
    const mapped = toIntegrationCall(call);
    expect(mapped.ok).toBe(false);
    if (!mapped.ok) expect(mapped.reason).toMatch(reason);
  });

  it('sends a webhook step through the connection named by its endpoint', () => {
    expect(toIntegrationCall(add('webhook.post', { endpoint: 'billing', event: 'refund', payload: { amount: 10 } }))).toEqual({
      ok: true,
      call: { action: 'webhook.post', params: { event: 'refund', payload: { amount: 10 } } },
      connectionId: 'billing',
    });
  });
});
