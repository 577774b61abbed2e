import { isSecretKey, redact, redactText, REDACTED } from '../../src/domain/audit/redact';
/**
 * Egress as Forge enforces it: `fetch` from app code may only reach origins declared under
 * manifest `permissions.external.fetch.backend`; anything else is refused before any network I/O.
 * Declared origins that have a local stand-in are rewritten to it, and every call is recorded.
 */
export interface ExternalCall {
  at: number;
  method: string;
  url: string;
  origin: string;
  status: number | 'refused' | 'error';
  /** The body as sent, with credentials masked (token requests carry client secrets and assertions). */
  requestBody?: string;
}

export interface EgressOptions {
  /** Origins (or wildcard hosts like `https://*.example.com`) from the manifest. */
  allowed: string[];
  /** Real origin → local origin, e.g. `https://graph.microsoft.com` → `http://127.0.0.1:4100`. */
  originMap: () => Record<string, string>;
  realFetch: typeof fetch;
  now: () => number;
  record: (call: ExternalCall) => void;
}

/** The error Forge's egress proxy raises for an undeclared host. */
export class EgressRefusedError extends Error {
  constructor(readonly url: string) {
    super(`URL not included in the external fetch backend permissions: ${url}. Add its origin to manifest.yml permissions.external.fetch.backend.`);
    this.name = 'ExternalEndpointNotAllowedError';
  }
}

function originAllowed(origin: URL, allowed: string[]): boolean {
  return allowed.some((entry) => {
    const withScheme = /^[a-z]+:\/\//i.test(entry) ? entry : `https://${entry}`;
    let declared: URL;
    try {
      declared = new URL(withScheme.replace('*.', 'wildcard.'));
    } catch {
      return false;
    }
    if (declared.protocol !== origin.protocol) return false;
    if (withScheme.includes('*.')) {
      const suffix = declared.host.slice('wildcard.'.length);
      return origin.host.endsWith(`.${suffix}`);
    }
    return declared.host === origin.host;
  });
}

const bodyText = (body: unknown): string | undefined => (typeof body === 'string' ? body : body === undefined || body === null ? undefined : '[binary]');

/** Returns a `fetch` with Forge's egress rules; install it as `globalThis.fetch` before @forge/api loads. */
export function createEgressFetch(options: EgressOptions): typeof fetch {
  const egressFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input.toString() : input.url);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const base = { at: options.now(), method, url: url.toString(), origin: url.origin, ...(init?.body !== undefined ? { requestBody: maskCredentials(bodyText(init.body) ?? '') } : {}) };
    if (!originAllowed(url, options.allowed)) {
      options.record({ ...base, status: 'refused' });
      throw new EgressRefusedError(url.toString());
    }
    const local = options.originMap()[url.origin];
    const target = local ? new URL(url.pathname + url.search, local) : url;
    try {
      const response = await options.realFetch(target, init);
      options.record({ ...base, status: response.status });
      return response;
    } catch (e) {
      options.record({ ...base, status: 'error' });
      throw e;
    }
  };
  return egressFetch as typeof fetch;
}

/** Form fields that carry credentials besides the ones whose names say so. */
const CREDENTIAL_FIELDS = new Set(['client_assertion', 'assertion', 'code', 'refresh_token']);

/** A recorded body with credentials masked: JSON through the audit redaction, form fields by name. */
export function maskCredentials(body: string): string {
  const trimmed = body.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.stringify(redact(JSON.parse(trimmed)));
    } catch {
      return redactText(body);
    }
  }
  if (/^[\w.%-]+=[^&]*(&[\w.%-]+=[^&]*)*$/.test(trimmed)) {
    const form = new URLSearchParams(trimmed);
    for (const key of [...form.keys()]) if (isSecretKey(key) || CREDENTIAL_FIELDS.has(key)) form.set(key, REDACTED);
    return form.toString();
  }
  return redactText(body);
}
