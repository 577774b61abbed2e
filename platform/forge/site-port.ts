/**
 * What the Forge runtime needs from the emulated Jira/JSM site (platform/jira): the site's own
 * request types, and a structural interface the real site satisfies; tests may pass any object of
 * this shape.
 */
import type { SiteCaller, SiteRequest, SiteResponse } from '../jira/site-types';

export type { SiteCaller, SiteRequest, SiteResponse };

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
