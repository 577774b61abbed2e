import type { DirectoryProfile } from '../domain/integrations/directory-profile';

export type RequesterLookup =
  | { readonly status: 'found'; readonly profile: DirectoryProfile }
  | { readonly status: 'not-found'; readonly reason: string }
  /** The directory could not answer now; intake may continue without it or try again later. */
  | { readonly status: 'unavailable'; readonly reason: string; readonly retryAfterMs?: number }
  /** No directory is configured, or its ceiling does not allow reading users. */
  | { readonly status: 'not-configured'; readonly reason: string };

/** The directory (Entra ID or Okta) that describes requesters at intake. */
export interface IdentityProvider {
  /**
   * Describes the requester from the directory that describes requesters; `alsoIn` names other
   * directories where their id is needed too (a workflow granting there).
   */
  lookupRequester(emailOrLogin: string, options?: { readonly alsoIn?: readonly ('entra' | 'okta')[] }): Promise<RequesterLookup>;
}
