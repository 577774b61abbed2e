import { parseRateLimitReset, parseRetryAfter } from '../../domain/integrations/retry-policy';

/**
 * The fetch every integration adapter receives. In production it is @forge/api's `fetch` (egress
 * through Forge), in tests a fetch bound to the loopback stand-ins: adapters never pick their own.
 */
export interface FetchLikeResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<FetchLikeResponse>;

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export type HttpOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly body: unknown; readonly retryAfterMs?: number }
  | { readonly kind: 'network'; readonly timedOut: boolean };

/** Sends one request, bounded by `timeoutMs`; never throws for network faults or timeouts. */
export async function sendHttpRequest(fetchFn: FetchLike, request: HttpRequest, timeoutMs: number, nowMs: number): Promise<HttpOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetchFn(request.url, {
      method: request.method,
      headers: { Accept: 'application/json', ...request.headers },
      ...(request.body !== undefined ? { body: request.body } : {}),
      signal: controller.signal,
    });
    const text = await response.text();
    const retryAfterMs =
      parseRetryAfter(response.headers.get('retry-after'), nowMs) ?? parseRateLimitReset(response.headers.get('x-rate-limit-reset'), nowMs);
    return { kind: 'response', status: response.status, body: parseBody(text), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  } catch {
    // The error text of a failed fetch can carry the URL and internals: only whether it timed out matters.
    return { kind: 'network', timedOut: controller.signal.aborted };
  } finally {
    clearTimeout(timer);
  }
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.slice(0, 2000);
  }
}

/** `application/x-www-form-urlencoded` body. */
export function encodeForm(fields: Readonly<Record<string, string>>): string {
  return new URLSearchParams(fields).toString();
}
