/**
 * The emulated Jira Cloud + Jira Service Management site, transport-independent.
 *
 * Every route is an operation of the official OpenAPI documents (`../shared/openapi`): unknown paths answer 404,
 * documented but unimplemented operations 501, invalid queries and bodies 400 with the JSON path.
 *
 * Product events are delivered synchronously after a request commits, shaped as Forge delivers them to
 * `avi:jira:*` triggers. Each payload carries one non-Forge field, `__caller` (the SiteCaller that caused the change),
 * so the runtime can honour `ignoreSelf`; `selfGenerated` is true when that caller was the app.
 */
import { loadOpenApiContract } from './openapi-contract';
import { JiraSite } from './jira-site';
import { SiteModel } from './site-model';

export { JiraSite, type SiteSnapshot } from './jira-site';
export type { AppFieldDeclaration, ApprovalSnapshot, CommentSnapshot, IssueSnapshot } from './jira-site';
export type { CallRecord, ProductEvent, ProductEventListener, SiteCaller, SiteRequest, SiteResponse } from './site-types';
export type { SiteSeed } from './seed-schema';
export type { FaultRule } from './faults';
export { loadOpenApiContract, type OpenApiContract } from './openapi-contract';
export { APP_ACCOUNT_ID, APPROVERS_FIELD_ID, REQUEST_TYPE_FIELD_ID } from './site-model';
export { COMMENTS_PER_ISSUE_MAX, PROPERTY_KEY_MAX_CHARS, PROPERTY_VALUE_MAX_BYTES } from './issue-operations';

export interface CreateJiraSiteOptions {
  /** Directory holding jira-platform.v3.json and jsm.v3.json; defaults to `<repo>/../shared/openapi`. */
  openapiDir?: string;
  /** Base of `self` links. */
  baseUrl?: string;
  /** The emulated clock (ISO 8601); drives created/updated and approval dates. */
  now?: () => string;
  /** Check every response against the OpenAPI document (a violation becomes a 500); on by default under jest. */
  validateResponses?: boolean;
  /** Seed of the PRNG behind fault probabilities. */
  faultSeed?: number;
}

/** Creates an empty site; the OpenAPI documents are parsed once per process, so sites are cheap. */
export async function createJiraSite(options: CreateJiraSiteOptions = {}): Promise<JiraSite> {
  const contract = await loadOpenApiContract(options.openapiDir);
  const model = new SiteModel((options.baseUrl ?? 'http://127.0.0.1').replace(/\/$/, ''));
  return new JiraSite(model, contract, {
    now: options.now ?? (() => new Date().toISOString()),
    validateResponses: options.validateResponses ?? process.env.JEST_WORKER_ID !== undefined,
    faultSeed: options.faultSeed ?? 1,
  });
}
