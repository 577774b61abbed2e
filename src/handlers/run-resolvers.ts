import { RESOLVER_ERROR_CODES as CODES } from '../contract/envelope';
import { portalStatusPayloadSchema, RUN_RESOLVER_KEYS as K, runGetPayloadSchema, runOverridePayloadSchema } from '../contract/run-view';
import { getPortalStatus, getRunView, overrideRun, type IssueTarget, type PanelDeps } from '../app/views/run-panel';
import { DomainError } from '../domain/common/domain-error';
import { allowSignedIn, defineResolver, type ResolverCall, type ResolverDefinition } from './resolver-kit';

/**
 * The agent issue panel (`run/get`, `run/override`) and the portal request panel (`portal/status`).
 * Which request: the one in the Forge context when there is one, else the payload's; both given and
 * different is refused. Who may ask is checked inside the use cases, on the server, on every call.
 */
export type CreatePanelDeps = (call: ResolverCall) => PanelDeps;

/** The issue as the invocation context names it, at `path` inside `context.extension`. */
function contextIssue(call: ResolverCall, path: 'issue' | 'request'): { key?: string; id?: string } {
  const holder = call.extension[path];
  if (holder === null || typeof holder !== 'object') return {};
  const { key, id } = holder as Record<string, unknown>;
  return {
    ...(typeof key === 'string' && key !== '' ? { key } : {}),
    ...((typeof id === 'string' && id !== '') || typeof id === 'number' ? { id: String(id) } : {}),
  };
}

/** The request to show: the context's (with its id, so no lookup is needed), else the payload's. */
function pickIssue(call: ResolverCall, path: 'issue' | 'request', payloadKey: string | undefined): IssueTarget {
  const fromContext = contextIssue(call, path);
  if (fromContext.key && payloadKey && fromContext.key !== payloadKey) {
    throw new DomainError(CODES.forbidden, 'This panel can only show the request it is open on.');
  }
  if (fromContext.key) return { key: fromContext.key, ...(fromContext.id ? { id: fromContext.id } : {}) };
  if (!payloadKey) throw new DomainError(CODES.invalidPayload, 'Say which request: issueKey is required outside an issue view.');
  return { key: payloadKey };
}

export function createPanelDefinitions(create: CreatePanelDeps): ResolverDefinition<never, unknown>[] {
  return [
    defineResolver({
      key: K.getRun,
      payload: runGetPayloadSchema,
      authorize: allowSignedIn,
      handle: (payload, call) => getRunView(create(call), pickIssue(call, 'issue', payload.issueKey), call.accountId),
    }),
    defineResolver({
      key: K.overrideRun,
      payload: runOverridePayloadSchema,
      authorize: allowSignedIn,
      handle: (payload, call) => overrideRun(create(call), pickIssue(call, 'issue', payload.issueKey), payload, call.accountId),
    }),
  ] as unknown as ResolverDefinition<never, unknown>[];
}

export function createPortalDefinitions(create: CreatePanelDeps): ResolverDefinition<never, unknown>[] {
  return [
    defineResolver({
      key: K.getPortalStatus,
      payload: portalStatusPayloadSchema,
      authorize: allowSignedIn,
      handle: (payload, call) => getPortalStatus(create(call), pickIssue(call, 'request', payload.issueKey), call.accountId),
    }),
  ] as unknown as ResolverDefinition<never, unknown>[];
}
