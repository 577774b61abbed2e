import { createHmac } from 'node:crypto';
import { parseActionParams } from '../../domain/integrations/action-params';
import type { ConnectionConfig, WebhookConnection } from '../../domain/integrations/connection-config';
import type { ConnectionSecrets } from '../../domain/integrations/connection-secrets';
import { interpretWebhookResponse } from '../../domain/integrations/provider-responses';
import type { ActionAttempt, ActionDriver, AttemptInput, ProbeResult } from '../../ports/integrations';
import { classifyOutcome, succeed, type DriverDeps } from './driver-support';
import { sendHttpRequest } from './http-request';

/** `sha256=` hex HMAC-SHA256 over `${timestamp}.${body}`: the receiver recomputes it to trust the delivery. */
export function signWebhookBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Signed JSON POSTs for systems without a native integration. */
export class WebhookDriver implements ActionDriver {
  constructor(private readonly deps: DriverDeps) {}

  async perform(input: AttemptInput): Promise<ActionAttempt> {
    const { connection, call } = input;
    if (connection.kind !== 'webhook' || call.action !== 'webhook.post') throw new Error(`The webhook driver does not run ${call.action}`);
    const parsed = parseActionParams('webhook.post', call.params);
    if (!parsed.ok) throw new Error(parsed.reason);
    const body = JSON.stringify({ event: parsed.params.event, deliveryId: input.idempotencyKey, payload: parsed.params.payload });
    return this.deliver(connection, input.secrets, body, input.idempotencyKey, input.timeoutMs);
  }

  async probe(connection: ConnectionConfig, secrets: ConnectionSecrets, timeoutMs: number): Promise<ProbeResult> {
    if (connection.kind !== 'webhook') throw new Error(`The webhook driver cannot use a ${connection.kind} connection`);
    const key = `ping-${this.deps.now()}`;
    const attempt = await this.deliver(connection, secrets, JSON.stringify({ event: 'ping', deliveryId: key, payload: {} }), key, timeoutMs);
    return attempt.classification.kind === 'ok'
      ? { ok: true, detail: 'The receiver accepted a signed ping event.' }
      : { ok: false, detail: attempt.classification.reason };
  }

  private async deliver(connection: WebhookConnection, secrets: ConnectionSecrets, body: string, idempotencyKey: string, timeoutMs: number): Promise<ActionAttempt> {
    // Signed per attempt: the timestamp is fresh on every retry, the body and key stay the same.
    const timestamp = String(Math.floor(this.deps.now() / 1000));
    const outcome = await sendHttpRequest(
      this.deps.fetch,
      {
        method: 'POST',
        url: connection.url,
        headers: {
          'Content-Type': 'application/json',
          'X-Timestamp': timestamp,
          [connection.signatureHeader]: signWebhookBody(secrets['signingSecret'] ?? '', timestamp, body),
          'Idempotency-Key': idempotencyKey,
        },
        body,
      },
      timeoutMs,
      this.deps.now(),
    );
    const step = classifyOutcome(outcome, 'The webhook receiver', (status, responseBody, retryAfterMs) => interpretWebhookResponse({ status, body: responseBody, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }));
    if (!step.ok) return step.attempt;
    const note = step.classification.kind === 'ok' ? step.classification.note : undefined;
    return succeed(step.status, { delivered: true, idempotencyKey }, step.body, note);
  }
}
