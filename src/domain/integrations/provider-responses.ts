import { classifyStatus, type Classification } from './response-classification';

/**
 * Provider-specific reading of responses: what Graph, Okta, Slack and webhook receivers mean by
 * their statuses and error bodies. Pure, so each rule is a table row in the tests.
 */

export interface ProviderResponse {
  readonly status: number;
  /** Parsed JSON body, or the raw text when it was not JSON, or null when empty. */
  readonly body: unknown;
  /** Provider-requested wait (Retry-After or a rate-limit reset), already converted to ms. */
  readonly retryAfterMs?: number;
}

export type GraphOperation = 'token' | 'getUser' | 'getManager' | 'memberOf' | 'addMember' | 'removeMember' | 'probe';

export interface GraphContext {
  readonly operation: GraphOperation;
  readonly user?: string;
  readonly groupId?: string;
}

/** Graph's error `{ error: { code, message } }`, or the identity platform's `{ error, error_description }`. */
function readGraphError(body: unknown): { code: string; message: string } {
  if (isObject(body)) {
    const error = body['error'];
    if (isObject(error)) return { code: String(error['code'] ?? ''), message: String(error['message'] ?? '') };
    if (typeof error === 'string') {
      const description = String(body['error_description'] ?? '');
      // The AADSTS code is what an admin looks up; the rest of the description carries trace ids.
      return { code: error, message: description.split(/\r?\n/)[0]?.slice(0, 200) ?? '' };
    }
  }
  return { code: '', message: '' };
}

/** The verdict on a Microsoft Graph or Microsoft identity platform response. */
export function interpretGraphResponse(response: ProviderResponse, ctx: GraphContext): Classification {
  const { status } = response;
  const { code, message } = readGraphError(response.body);
  const detail = code !== '' ? ` [${code}${message !== '' ? `: ${message}` : ''}]` : '';
  if (ctx.operation === 'token' && status >= 400 && status < 500) {
    return { kind: 'permanent', code: 'unauthorized', reason: `Microsoft identity platform refused the client credentials${detail}` };
  }
  if (ctx.operation === 'addMember' && status === 400 && /already exist/i.test(message)) {
    return { kind: 'ok', note: 'already-member' };
  }
  if (status === 404) {
    const names = (id: string | undefined) => id !== undefined && message.includes(id);
    if (ctx.operation === 'removeMember') {
      // Graph answers 404 naming the member when it is not in the group: the desired state holds.
      if (names(ctx.groupId)) return { kind: 'permanent', code: 'group-not-found', reason: `Entra group ${ctx.groupId} was not found${detail}` };
      return { kind: 'ok', note: 'not-member' };
    }
    if (ctx.operation === 'addMember') {
      if (names(ctx.groupId)) return { kind: 'permanent', code: 'group-not-found', reason: `Entra group ${ctx.groupId} was not found${detail}` };
      return { kind: 'permanent', code: 'user-not-found', reason: `Entra user ${ctx.user ?? ''} was not found${detail}` };
    }
    if (ctx.operation === 'getUser' || ctx.operation === 'memberOf') {
      return { kind: 'permanent', code: 'user-not-found', reason: `Entra user ${ctx.user ?? ''} was not found${detail}` };
    }
  }
  if (status === 403) {
    return {
      kind: 'permanent',
      code: 'forbidden',
      reason: `Microsoft Graph refused the operation: the app registration lacks the permission or consent (403)${detail}`,
    };
  }
  const generic = classifyStatus(status, response.retryAfterMs, 'Microsoft Graph');
  return generic.kind === 'permanent' ? { ...generic, reason: `${generic.reason}${detail}` } : generic;
}

export type OktaOperation = 'token' | 'getUser' | 'getManager' | 'listGroups' | 'addMember' | 'removeMember' | 'probe';

export interface OktaContext {
  readonly operation: OktaOperation;
  readonly user?: string;
  readonly groupId?: string;
}

/** The verdict on an Okta response (`{ errorCode, errorSummary }` errors; 429 with X-Rate-Limit-Reset). */
export function interpretOktaResponse(response: ProviderResponse, ctx: OktaContext): Classification {
  const { status, body } = response;
  const errorCode = isObject(body) ? String(body['errorCode'] ?? body['error'] ?? '') : '';
  const summary = isObject(body) ? String(body['errorSummary'] ?? body['error_description'] ?? '') : '';
  const detail = errorCode !== '' ? ` [${errorCode}${summary !== '' ? `: ${summary}` : ''}]` : '';
  if (ctx.operation === 'token' && status >= 400 && status < 500 && status !== 429) {
    return { kind: 'permanent', code: 'unauthorized', reason: `Okta refused the service app's client assertion${detail}` };
  }
  if (status === 404) {
    // Okta names the missing resource type at the end of the summary: "(User)" or "(UserGroup)".
    if (/\(UserGroup\)|\(Group\)/.test(summary)) {
      return { kind: 'permanent', code: 'group-not-found', reason: `Okta group ${ctx.groupId ?? ''} was not found${detail}` };
    }
    return { kind: 'permanent', code: 'user-not-found', reason: `Okta user ${ctx.user ?? ''} was not found${detail}` };
  }
  if (status === 403) {
    return { kind: 'permanent', code: 'forbidden', reason: `Okta refused the operation: the token lacks the permission (403)${detail}` };
  }
  if (status === 400 && errorCode === 'E0000001' && ctx.operation === 'addMember') {
    return {
      kind: 'permanent',
      code: 'invalid-request',
      reason: `Okta would not change this group's members; only OKTA_GROUP groups can be managed through the API${detail}`,
    };
  }
  const generic = classifyStatus(status, response.retryAfterMs, 'Okta');
  return generic.kind === 'permanent' ? { ...generic, reason: `${generic.reason}${detail}` } : generic;
}

const SLACK_TRANSIENT_ERRORS = new Set(['ratelimited', 'service_unavailable', 'fatal_error', 'internal_error', 'request_timeout']);

const SLACK_ERROR_REASONS: Readonly<Record<string, { code: 'channel-not-found' | 'forbidden' | 'unauthorized' | 'invalid-request'; reason: string }>> = {
  channel_not_found: { code: 'channel-not-found', reason: 'the channel does not exist or the bot cannot see it' },
  not_in_channel: { code: 'forbidden', reason: 'the bot is not a member of the channel: invite it first' },
  is_archived: { code: 'channel-not-found', reason: 'the channel is archived' },
  restricted_action: { code: 'forbidden', reason: 'a workspace setting prevents the bot from posting there' },
  missing_scope: { code: 'forbidden', reason: 'the bot token lacks the chat:write scope' },
  invalid_auth: { code: 'unauthorized', reason: 'the bot token is invalid' },
  not_authed: { code: 'unauthorized', reason: 'no bot token was sent' },
  token_revoked: { code: 'unauthorized', reason: 'the bot token was revoked' },
  account_inactive: { code: 'unauthorized', reason: 'the bot token belongs to a deactivated app or user' },
  msg_too_long: { code: 'invalid-request', reason: 'the message is too long' },
  no_text: { code: 'invalid-request', reason: 'the message is empty' },
};

/** The verdict on a Slack Web API response, which reports most errors as 200 `{ ok: false, error }`. */
export function interpretSlackResponse(response: ProviderResponse): Classification {
  const { status, body } = response;
  const error = isObject(body) && body['ok'] === false ? String(body['error'] ?? 'unknown_error') : undefined;
  if (status === 429 || (error !== undefined && SLACK_TRANSIENT_ERRORS.has(error))) {
    const reason = `Slack is ${error === 'ratelimited' || status === 429 ? 'rate limiting the app' : `unavailable (${error ?? status})`}`;
    return response.retryAfterMs === undefined ? { kind: 'transient', reason } : { kind: 'transient', reason, retryAfterMs: response.retryAfterMs };
  }
  if (status >= 200 && status < 300) {
    if (error === undefined) return { kind: 'ok' };
    const known = SLACK_ERROR_REASONS[error];
    if (known !== undefined) return { kind: 'permanent', code: known.code, reason: `Slack refused the message: ${known.reason} [${error}]` };
    return { kind: 'permanent', code: 'rejected', reason: `Slack refused the message [${error}]` };
  }
  return classifyStatus(status, response.retryAfterMs, 'Slack');
}

/** The verdict on a webhook receiver's answer; 409 means it already has this delivery. */
export function interpretWebhookResponse(response: ProviderResponse): Classification {
  if (response.status === 409) return { kind: 'ok', note: 'duplicate-delivery' };
  return classifyStatus(response.status, response.retryAfterMs, 'The webhook receiver');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
