import { invoke } from '@forge/bridge';
import type { Envelope } from '../../src/contract/envelope';

/**
 * Calls one resolver key and always answers in the envelope: a resolver that crashed, a bridge
 * that failed or an answer of the wrong shape becomes `{ ok: false }` with a plain message, so no
 * page ever shows a stack trace.
 */
export async function callResolver<T>(key: string, payload: Record<string, unknown> = {}): Promise<Envelope<T>> {
  try {
    const result: unknown = await invoke(key, payload);
    if (isEnvelope<T>(result)) return result;
    return { ok: false, error: { code: 'unexpected-answer', message: 'Approval Router answered in an unexpected way. Reload the page and try again.' } };
  } catch {
    return { ok: false, error: { code: 'unavailable', message: 'Approval Router could not be reached. Check your connection and try again.' } };
  }
}

function isEnvelope<T>(value: unknown): value is Envelope<T> {
  if (value === null || typeof value !== 'object') return false;
  const v = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (v.ok === true) return 'data' in v;
  return v.ok === false && typeof v.error?.code === 'string' && typeof v.error.message === 'string';
}
