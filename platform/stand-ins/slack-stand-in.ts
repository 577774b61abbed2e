import type { StandInState } from './stand-in-state';
import { readBearer, readBody, type StandInReply, type StandInRequest } from './stand-in-server';

export interface SlackBotToken {
  readonly token: string;
  readonly scopes?: readonly string[];
}

/** Slack's errors: HTTP 200 with `{ ok: false, error }`, except rate limits (429 + Retry-After). */
export function slackError(status: number): unknown {
  if (status === 429) return { ok: false, error: 'ratelimited' };
  return { ok: false, error: status >= 500 ? 'service_unavailable' : 'invalid_request' };
}

/** POST /api/chat.postMessage and /api/auth.test as slack.com answers them. */
export function handleSlack(request: StandInRequest, state: StandInState, tokens: readonly SlackBotToken[]): StandInReply {
  if (request.method !== 'POST') return { status: 405, body: { ok: false, error: 'method_not_supported_for_channel_type' } };
  const token = readBearer(request);
  if (token === undefined) return { status: 200, body: { ok: false, error: 'not_authed' } };
  const bot = tokens.find((t) => t.token === token);
  if (bot === undefined) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
  if (request.path === '/api/auth.test') {
    return { status: 200, body: { ok: true, url: 'https://example.slack.com/', team: 'Example', user: 'approval-router', team_id: 'T0EXAMPLE1', user_id: 'U0APPROVAL', bot_id: 'B0APPROVAL' } };
  }
  if (request.path !== '/api/chat.postMessage') return { status: 404, body: { ok: false, error: 'unknown_method' } };
  const scopes = bot.scopes ?? ['chat:write'];
  if (!scopes.includes('chat:write')) return { status: 200, body: { ok: false, error: 'missing_scope', needed: 'chat:write', provided: scopes.join(',') } };
  const body = (readBody(request) ?? {}) as Record<string, unknown>;
  const channelRef = typeof body['channel'] === 'string' ? body['channel'] : '';
  const text = typeof body['text'] === 'string' ? body['text'] : '';
  const channel = state.slackChannels.find((c) => c.id === channelRef || `#${c.name}` === channelRef || c.name === channelRef);
  if (channel === undefined) return { status: 200, body: { ok: false, error: 'channel_not_found' } };
  if (!channel.botIsMember) return { status: 200, body: { ok: false, error: 'not_in_channel' } };
  if (text === '') return { status: 200, body: { ok: false, error: 'no_text' } };
  if (text.length > 40_000) return { status: 200, body: { ok: false, error: 'msg_too_long' } };
  const ts = `${1_700_000_000 + state.slackMessages.length}.000100`;
  state.slackMessages.push({ channel: channel.id, text, ts });
  return { status: 200, body: { ok: true, channel: channel.id, ts, message: { type: 'message', subtype: 'bot_message', text, ts, bot_id: 'B0APPROVAL' } } };
}
