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
    const { memberAccountId: _account, memberDirectoryId, memberDirectorySource, ...rest } = params;
    if (typeof memberDirectoryId !== 'string' || memberDirectoryId === '') {
      return { ok: false, reason: 'The requester was not found in the directory at intake, so the group membership cannot be changed automatically.' };
    }
    const needed = call.action.startsWith('okta.') ? 'okta' : 'entra';
    if (typeof memberDirectorySource === 'string' && memberDirectorySource !== needed) {
      const name = (kind: string) => (kind === 'okta' ? 'Okta' : 'Entra ID');
      return {
        ok: false,
        reason: `This step changes a group in ${name(needed)}, but at intake the requester was found only in ${name(memberDirectorySource)}: the membership cannot be changed automatically. Connect ${name(needed)} (one connection that may look users up) so new requests are looked up there too, or do this step by hand.`,
      };
    }
    return { ok: true, call: { action: call.action, params: { ...rest, userId: memberDirectoryId } } };
  }
  if (call.action === 'webhook.post' && typeof params.endpoint === 'string') {
    const { endpoint, ...rest } = params;
    return { ok: true, call: { action: call.action, params: rest }, connectionId: endpoint };
  }
  return { ok: true, call };
}
