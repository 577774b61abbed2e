import type { ActionName, ConnectionKind } from '../workflows/workflow-types';
import type { ConnectionScope } from './connection-config';

/** What each abstract action needs from its connection. */
export interface ActionRequirement {
  readonly kind: ConnectionKind;
  readonly scope: ConnectionScope;
  /** True when the action changes the external system. */
  readonly writes: boolean;
}

export const ACTION_REQUIREMENTS: Readonly<Record<ActionName, ActionRequirement>> = {
  'entra.findUser': { kind: 'entra', scope: 'users.read', writes: false },
  'entra.getManager': { kind: 'entra', scope: 'users.read', writes: false },
  'entra.addGroupMember': { kind: 'entra', scope: 'groupMembership.write', writes: true },
  'entra.removeGroupMember': { kind: 'entra', scope: 'groupMembership.write', writes: true },
  'okta.findUser': { kind: 'okta', scope: 'users.read', writes: false },
  'okta.getManager': { kind: 'okta', scope: 'users.read', writes: false },
  'okta.addGroupMember': { kind: 'okta', scope: 'groupMembership.write', writes: true },
  'okta.removeGroupMember': { kind: 'okta', scope: 'groupMembership.write', writes: true },
  'slack.postMessage': { kind: 'slack', scope: 'chat.write', writes: true },
  'webhook.post': { kind: 'webhook', scope: 'post', writes: true },
};

export type CeilingCheck = { readonly ok: true } | { readonly refused: true; readonly reason: string };

/** Whether a connection's scope ceiling allows an action; refusal carries the reason for the audit trail. */
export function checkCeiling(
  connection: { readonly id: string; readonly kind: ConnectionKind; readonly scopes: readonly string[] },
  action: ActionName,
): CeilingCheck {
  const requirement = ACTION_REQUIREMENTS[action];
  if (requirement.kind !== connection.kind) {
    return {
      refused: true,
      reason: `${action} runs on a ${requirement.kind} connection, but connection "${connection.id}" is ${connection.kind}.`,
    };
  }
  if (!connection.scopes.includes(requirement.scope)) {
    const granted = connection.scopes.length > 0 ? connection.scopes.join(', ') : 'none';
    return {
      refused: true,
      reason:
        `${action} needs the "${requirement.scope}" scope, which is above the ceiling of connection ` +
        `"${connection.id}" (granted: ${granted}). An admin must raise the ceiling for this action to run.`,
    };
  }
  return { ok: true };
}
