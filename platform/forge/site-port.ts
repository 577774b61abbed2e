/**
 * What the Forge runtime needs from the emulated Jira/JSM site (platform/jira). Structural, so
 * the real site satisfies it without importing this file; tests may pass any object of this shape.
 */
export type SiteCaller = { kind: 'app'; appId?: string } | { kind: 'user'; accountId: string } | { kind: 'anonymous' };

export interface SiteRequest {
  method: string;
  /** Path with query string, e.g. `/rest/api/3/issue/DESK-1?fields=summary`. */
  path: string;
  headers?: Record<string, string>;
  /** The raw request body text, as sent. */
  body?: string;
  caller: SiteCaller;
}

export interface SiteResponse {
  status: number;
  headers: Record<string, string>;
  /** The response body text (JSON for Jira's REST answers; empty for 204). */
  body: string;
}

export interface ProductEvent {
  eventType: string;
  payload: Record<string, unknown>;
}

export interface AppFieldDeclaration {
  key: string;
  name: string;
  description?: string;
  type: string;
  readOnly?: boolean;
  schema?: unknown;
  [extra: string]: unknown;
}

export interface SiteLike {
  handle(request: SiteRequest): Promise<SiteResponse>;
  onProductEvent(listener: (event: ProductEvent) => void): unknown;
  registerAppFields?(fields: AppFieldDeclaration[], appId: string, envId: string): unknown;
  seed?(seed: never): unknown;
  setFaults?(rules: never): unknown;
  calls?(): unknown;
  clearCalls?(): unknown;
  reset?(): unknown;
}
