import { RESOLVER_ERROR_CODES as CODES } from '../contract/envelope';
import { portalStatusPayloadSchema, RUN_RESOLVER_KEYS as K, runGetPayloadSchema, runOverridePayloadSchema } from '../contract/run-view';
import { getPortalStatus, getRunView, overrideRun, type PanelDeps } from '../app/views/run-panel';
import { DomainError } from '../domain/common/domain-error';
import { allowSignedIn, defineResolver, type ResolverCall, type ResolverDefinition } from './resolver-kit';

/**
 * The agent issue panel (`run/get`, `run/override`) and the portal request panel (`portal/status`).
 * Which request: the one in the Forge context when there is one, else the payload's; both given and
 * different is refused. Who may ask is checked inside the use cases, on the server, on every call.
 */
export type CreatePanelDeps = (call: ResolverCall) => PanelDeps;

/** The issue key from the invocation context, at `path` inside `context.extension`. */
function contextKey(call: ResolverCall, path: 'issue' | 'request'): string | undefined {
  const holder = call.extension[path];
  const key = holder !== null && typeof holder === 'object' ? (holder as Record<string, unknown>)['key'] : undefined;
  return typeof key === 'string' && key !== '' ? key : undefined;
}

function pickIssueKey(call: ResolverCall, path: 'issue' | 'request', payloadKey: string | undefined): string {
  const fromContext = contextKey(call, path);
  if (fromContext && payloadKey && fromContext !== payloadKey) {
    throw new DomainError(CODES.forbidden, 'This panel can only show the request it is open on.');
  }
  const key = fromContext ?? payloadKey;
  if (!key) throw new DomainError(CODES.invalidPayload, 'Say which request: issueKey is required outside an issue view.');
  return key;
}

export function createPanelDefinitions(create: CreatePanelDeps): ResolverDefinition<never, unknown>[] {
  return [
    defineResolver({
      key: K.getRun,
      payload: runGetPayloadSchema,
      authorize: allowSignedIn,
      handle: (payload, call) => getRunView(create(call), pickIssueKey(call, 'issue', payload.issueKey)),
    }),
    defineResolver({
      key: K.overrideRun,
      payload: runOverridePayloadSchema,
      authorize: allowSignedIn,
      handle: (payload, call) => overrideRun(create(call), pickIssueKey(call, 'issue', payload.issueKey), payload, call.accountId),
    }),
  ] as unknown as ResolverDefinition<never, unknown>[];
}

export function createPortalDefinitions(create: CreatePanelDeps): ResolverDefinition<never, unknown>[] {
  return [
    defineResolver({
      key: K.getPortalStatus,
      payload: portalStatusPayloadSchema,
      authorize: allowSignedIn,
      handle: (payload, call) => getPortalStatus(create(call), pickIssueKey(call, 'request', payload.issueKey), call.accountId),
    }),
  ] as unknown as ResolverDefinition<never, unknown>[];
}
