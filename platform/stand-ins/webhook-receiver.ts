import { createHmac, timingSafeEqual } from 'node:crypto';
import type { StandInState } from './stand-in-state';
import { readBody, type StandInReply, type StandInRequest } from './stand-in-server';

export interface WebhookReceiverOptions {
  /** The shared HMAC secret the receiver verifies with. */
  readonly secret: string;
  readonly signatureHeader?: string;
  /** Deliveries older or newer than this are refused as replays. */
  readonly maxSkewSeconds?: number;
  readonly now?: () => number;
}

/** The signature a receiver expects: `sha256=` hex HMAC-SHA256 of `${timestamp}.${body}`. */
export function computeWebhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** A receiver like the ones customers run: verifies signature and freshness, deduplicates by Idempotency-Key. */
export function handleWebhook(request: StandInRequest, state: StandInState, options: WebhookReceiverOptions): StandInReply {
  if (request.method !== 'POST') return { status: 405, body: { error: 'method_not_allowed' } };
  const header = (options.signatureHeader ?? 'X-Signature').toLowerCase();
  const signature = String(request.headers[header] ?? '');
  const timestamp = String(request.headers['x-timestamp'] ?? '');
  const idempotencyKey = typeof request.headers['idempotency-key'] === 'string' ? request.headers['idempotency-key'] : undefined;
  const expected = computeWebhookSignature(options.secret, timestamp, request.bodyText);
  const signed = signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
  const skew = Math.abs((options.now ?? Date.now)() / 1000 - Number(timestamp));
  const fresh = /^\d+$/.test(timestamp) && skew <= (options.maxSkewSeconds ?? 300);
  const body = readBody(request);
  const event = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['event'] : undefined;
  const duplicate = idempotencyKey !== undefined && state.webhookDeliveries.some((d) => d.verified && d.idempotencyKey === idempotencyKey);
  state.webhookDeliveries.push({
    path: request.path,
    event: typeof event === 'string' ? event : undefined,
    body,
    idempotencyKey,
    timestamp,
    verified: signed && fresh,
    duplicate,
  });
  if (!signed) return { status: 401, body: { error: 'invalid_signature' } };
  if (!fresh) return { status: 401, body: { error: 'stale_timestamp' } };
  return { status: 200, body: { received: true, duplicate } };
}
