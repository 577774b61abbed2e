import { ACTION_REQUIREMENTS, checkCeiling } from '../../../../src/domain/integrations/action-scopes';
import { SCOPES_BY_KIND } from '../../../../src/domain/integrations/connection-config';
import { ACTION_NAMES, type ActionName, type ConnectionKind } from '../../../../src/domain/workflows/workflow-types';

describe('scope ceilings', () => {
  it('gives every action a requirement within its kind', () => {
    for (const action of ACTION_NAMES) {
      const requirement = ACTION_REQUIREMENTS[action];
      expect(action.startsWith(`${requirement.kind}.`)).toBe(true);
      expect(SCOPES_BY_KIND[requirement.kind] as readonly string[]).toContain(requirement.scope);
    }
  });

  const table: Array<[ActionName, ConnectionKind, string[], 'ok' | RegExp]> = [
    ['entra.findUser', 'entra', ['users.read'], 'ok'],
    ['entra.getManager', 'entra', ['users.read'], 'ok'],
    ['entra.addGroupMember', 'entra', ['users.read', 'groups.read'], /needs the "groupMembership.write" scope.*granted: users.read, groups.read/],
    ['entra.removeGroupMember', 'entra', ['groupMembership.write'], 'ok'],
    ['entra.findUser', 'entra', ['groupMembership.write'], /"users.read"/],
    ['okta.addGroupMember', 'okta', ['users.read'], /groupMembership.write/],
    ['okta.removeGroupMember', 'okta', ['groupMembership.write', 'users.read'], 'ok'],
    ['okta.getManager', 'okta', [], /granted: none/],
    ['slack.postMessage', 'slack', ['chat.write'], 'ok'],
    ['slack.postMessage', 'slack', [], /chat.write/],
    ['webhook.post', 'webhook', ['post'], 'ok'],
    ['webhook.post', 'slack', ['chat.write'], /runs on a webhook connection, but connection "c" is slack/],
    ['entra.addGroupMember', 'okta', ['groupMembership.write'], /runs on a entra connection/],
  ];
  it.each(table)('%s on %s with %j → %s', (action, kind, scopes, expected) => {
    const result = checkCeiling({ id: 'c', kind, scopes }, action);
    if (expected === 'ok') expect(result).toEqual({ ok: true });
    else expect(result).toEqual({ refused: true, reason: expect.stringMatching(expected) });
  });
});
