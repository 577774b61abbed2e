/** Public types of the emulated Jira Cloud + JSM site (transport-independent). */

/** Who makes a request: the installed Forge app, a seeded user, or nobody. */
export type SiteCaller =
  | { kind: 'app'; appId?: string }
  | { kind: 'user'; accountId: string }
  | { kind: 'anonymous' };

export interface SiteRequest {
  method: string;
  /** Path with query string, e.g. `/rest/api/3/issue/10001?fields=*all`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  caller: SiteCaller;
}

export interface SiteResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface CallRecord {
  seq: number;
  method: string;
  path: string;
  /** The OpenAPI path template that matched, or null when the path is not documented. */
  routeTemplate: string | null;
  operationId: string | null;
  caller: SiteCaller;
  status: number;
  at: string;
  /** Set when an injected fault produced the response. */
  fault?: string;
}

/** A product event as Forge delivers it to a trigger. */
export interface ProductEvent {
  eventType: string;
  payload: Record<string, unknown>;
}

export type ProductEventListener = (event: ProductEvent) => void;
