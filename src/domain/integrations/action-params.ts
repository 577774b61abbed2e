import { z } from 'zod';
import type { JsonObject } from '../common/json';
import type { ActionName } from '../workflows/workflow-types';

/**
 * Parameters of each abstract action, validated before any request. Membership actions take
 * directory ids (Entra object id / Okta user id): intake resolves the requester's directoryId,
 * so nothing guesses a user from a display name at execution time.
 */

const directoryId = z.string().regex(/^[A-Za-z0-9_.@-]{1,128}$/, 'must be a directory id');
const userRef = z.string().min(3).max(256).regex(/^[^\s/?#]+$/, 'must be a user principal name, email or directory id');

export const ACTION_PARAM_SCHEMAS = {
  'entra.findUser': z.strictObject({ user: userRef }),
  'entra.getManager': z.strictObject({ user: userRef }),
  'entra.addGroupMember': z.strictObject({ groupId: directoryId, userId: directoryId }),
  'entra.removeGroupMember': z.strictObject({ groupId: directoryId, userId: directoryId }),
  'okta.findUser': z.strictObject({ user: userRef }),
  'okta.getManager': z.strictObject({ user: userRef }),
  'okta.addGroupMember': z.strictObject({ groupId: directoryId, userId: directoryId }),
  'okta.removeGroupMember': z.strictObject({ groupId: directoryId, userId: directoryId }),
  'slack.postMessage': z.strictObject({
    text: z.string().min(1).max(3000),
    channel: z.string().regex(/^(#[a-z0-9][a-z0-9_-]{0,79}|[CG][A-Z0-9]{8,20})$/).optional(),
  }),
  'webhook.post': z.strictObject({
    event: z.string().regex(/^[a-z][a-z0-9._-]{0,63}$/, 'must be an event name like access.granted'),
    payload: z.record(z.string(), z.json()),
  }),
} as const satisfies Record<ActionName, z.ZodType<JsonObject>>;

export type ActionParams<A extends ActionName> = z.infer<(typeof ACTION_PARAM_SCHEMAS)[A]>;

export type ParamsCheck<A extends ActionName> =
  | { readonly ok: true; readonly params: ActionParams<A> }
  | { readonly ok: false; readonly reason: string };

/** Validates an action's parameters; the reason names each offending path. */
export function parseActionParams<A extends ActionName>(action: A, params: unknown): ParamsCheck<A> {
  const result = ACTION_PARAM_SCHEMAS[action].safeParse(params);
  if (result.success) return { ok: true, params: result.data as ActionParams<A> };
  const issues = result.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(params)'}: ${i.message}`);
  return { ok: false, reason: `Invalid parameters for ${action}: ${issues.join('; ')}` };
}
