import type { JsonObject } from '../../domain/common/json';
import type { ActionCall } from '../../domain/workflows/workflow-types';

/** An action call as the integrations take it, or why it cannot be sent. */
export type IntegrationCall =
  | { readonly ok: true; readonly call: ActionCall; readonly connectionId?: string }
  | { readonly ok: false; readonly reason: string };

const MEMBERSHIP_ACTIONS = new Set(['entra.addGroupMember', 'entra.removeGroupMember', 'okta.addGroupMember', 'okta.removeGroupMember']);

/**
 * Workflows describe a step in request terms (the requester's Atlassian account with the directory
 * id intake found, a webhook endpoint by name); integrations take directory ids and a connection.
 * This maps one onto the other at the execution boundary, so neither side guesses: a membership
 * change without a directory id is refused instead of looked up by name.
 */
export function toIntegrationCall(call: ActionCall): IntegrationCall {
  const params: JsonObject = call.params;
  if (MEMBERSHIP_ACTIONS.has(call.action) && 'memberAccountId' in params) {
    const { memberAccountId: _account, memberDirectoryId, ...rest } = params;
    if (typeof memberDirectoryId !== 'string' || memberDirectoryId === '') {
      return { ok: false, reason: 'The requester was not found in the directory at intake, so the group membership cannot be changed automatically.' };
    }
    return { ok: true, call: { action: call.action, params: { ...rest, userId: memberDirectoryId } } };
  }
  if (call.action === 'webhook.post' && typeof params.endpoint === 'string') {
    const { endpoint, ...rest } = params;
    return { ok: true, call: { action: call.action, params: rest }, connectionId: endpoint };
  }
  return { ok: true, call };
}
