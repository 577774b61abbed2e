import { parseActionParams } from '../../domain/integrations/action-params';
import { SLACK_ORIGIN, type ConnectionConfig } from '../../domain/integrations/connection-config';
import type { ConnectionSecrets } from '../../domain/integrations/connection-secrets';
import { interpretSlackResponse } from '../../domain/integrations/provider-responses';
import type { ActionAttempt, ActionDriver, AttemptInput, ProbeResult } from '../../ports/integrations';
import { classifyOutcome, readString, reasonOf, succeed, type DriverDeps } from './driver-support';
import { sendHttpRequest } from './http-request';

/** Slack Web API with a bot token: reminders and escalation notices to a lane's channel. */
export class SlackDriver implements ActionDriver {
  constructor(private readonly deps: DriverDeps) {}

  async perform(input: AttemptInput): Promise<ActionAttempt> {
    const { connection, call } = input;
    if (connection.kind !== 'slack' || call.action !== 'slack.postMessage') throw new Error(`The Slack driver does not run ${call.action}`);
    const parsed = parseActionParams('slack.postMessage', call.params);
    if (!parsed.ok) throw new Error(parsed.reason);
    const channel = parsed.params.channel ?? connection.defaultChannel;
    const step = await this.post(input.secrets, 'chat.postMessage', JSON.stringify({ channel, text: parsed.params.text, unfurl_links: false }), input.timeoutMs);
    if (!step.ok) return step.attempt;
    return succeed(step.status, { channel: readString(step.body, 'channel') ?? channel, ts: readString(step.body, 'ts') });
  }

  async probe(connection: ConnectionConfig, secrets: ConnectionSecrets, timeoutMs: number): Promise<ProbeResult> {
    if (connection.kind !== 'slack') throw new Error(`The Slack driver cannot use a ${connection.kind} connection`);
    const step = await this.post(secrets, 'auth.test', '{}', timeoutMs);
    return step.ok ? { ok: true, detail: `Slack accepted the bot token (workspace ${readString(step.body, 'team') ?? 'unknown'}).` } : { ok: false, detail: reasonOf(step.attempt) };
  }

  private async post(secrets: ConnectionSecrets, method: string, body: string, timeoutMs: number) {
    const outcome = await sendHttpRequest(
      this.deps.fetch,
      { method: 'POST', url: `${SLACK_ORIGIN}/api/${method}`, headers: { Authorization: `Bearer ${secrets['botToken'] ?? ''}`, 'Content-Type': 'application/json; charset=utf-8' }, body },
      timeoutMs,
      this.deps.now(),
    );
    return classifyOutcome(outcome, 'Slack', (status, responseBody, retryAfterMs) => interpretSlackResponse({ status, body: responseBody, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }));
  }
}
