import { z } from 'zod';
import {
  ADMIN_RESOLVER_KEYS as K,
  diffPayloadSchema,
  emptyPayloadSchema,
  getVersionPayloadSchema,
  listVersionsPayloadSchema,
  publishPayloadSchema,
  restorePayloadSchema,
  saveDraftPayloadSchema,
  saveSettingsPayloadSchema,
  simulatePayloadSchema,
} from '../contract/admin';
import type { ConnectionView } from '../app/connections/connection-view';
import { deleteConnection, listConnections, testConnection } from '../app/connections/manage-connections';
import { saveConnection, type ConnectionDeps } from '../app/connections/save-connection';
import { diffVersions, getVersion, listVersions } from '../app/policy/browse-versions';
import { checkSetup } from '../app/policy/check-setup';
import { listWorkflows } from '../app/policy/list-workflows';
import { getDraft, saveDraft } from '../app/policy/manage-draft';
import { getSettings, saveSettings } from '../app/policy/manage-settings';
import type { PolicyDeps } from '../app/policy/policy-deps';
import { publishPolicy, restoreVersion } from '../app/policy/publish-policy';
import { resolveAccess } from '../app/policy/resolve-access';
import { simulatePolicy } from '../app/policy/simulate-policy';
import type { ActionDrivers } from '../ports/integrations';
import { allowSignedIn, defineResolver, type Authorize, type ResolverCall, type ResolverDefinition } from './resolver-kit';

/** What the admin resolvers need for one invocation; tests pass fakes, Forge passes adapters. */
export interface AdminServices {
  readonly policy: PolicyDeps;
  readonly connections: ConnectionDeps & { readonly drivers: ActionDrivers };
}

export type CreateAdminServices = (call: ResolverCall) => AdminServices;

const connectionIdSchema = z.strictObject({ id: z.string().min(1).max(64) });
const saveConnectionPayloadSchema = z.strictObject({ connection: z.unknown(), secrets: z.record(z.string(), z.string()).optional() });

/**
 * The admin page's resolvers. Every write (draft, publish, restore, settings, connections) is
 * refused on the server to anyone who is neither a Jira admin nor in the publishers group; so are
 * simulation and the setup check, which read other people's requests and the site's configuration.
 */
export function createAdminDefinitions(create: CreateAdminServices): ResolverDefinition<never, unknown>[] {
  // One set of services per invocation, shared by `authorize` and `handle` (and their caches).
  const perCall = new WeakMap<ResolverCall, AdminServices>();
  const services = (call: ResolverCall): AdminServices => {
    let s = perCall.get(call);
    if (!s) {
      s = create(call);
      perCall.set(call, s);
    }
    return s;
  };
  const publisherOnly: Authorize = async (call) => {
    const access = await resolveAccess(services(call).policy, call.accountId);
    return access.canPublish ? null : (access.reason ?? 'You may not change Approval Router settings.');
  };
  const p = (call: ResolverCall): PolicyDeps => services(call).policy;

  const definitions = [
    defineResolver({ key: K.getAccess, payload: emptyPayloadSchema, authorize: allowSignedIn, handle: (_x, call) => resolveAccess(p(call), call.accountId) }),
    defineResolver({ key: K.getDraft, payload: emptyPayloadSchema, authorize: allowSignedIn, handle: (_x, call) => getDraft(p(call), call.accountId) }),
    defineResolver({ key: K.saveDraft, payload: saveDraftPayloadSchema, authorize: publisherOnly, handle: (x, call) => saveDraft(p(call), call.accountId, x.document) }),
    defineResolver({ key: K.publishPolicy, payload: publishPayloadSchema, authorize: publisherOnly, handle: (x, call) => publishPolicy(p(call), call.accountId, x) }),
    defineResolver({ key: K.simulatePolicy, payload: simulatePayloadSchema, authorize: publisherOnly, handle: (x, call) => simulatePolicy(p(call), call.accountId, x.limit) }),
    defineResolver({ key: K.listVersions, payload: listVersionsPayloadSchema, authorize: allowSignedIn, handle: (x, call) => listVersions(p(call), x.limit) }),
    defineResolver({ key: K.getVersion, payload: getVersionPayloadSchema, authorize: allowSignedIn, handle: (x, call) => getVersion(p(call), x.version) }),
    defineResolver({ key: K.diffVersions, payload: diffPayloadSchema, authorize: allowSignedIn, handle: (x, call) => diffVersions(p(call), x.from, x.to) }),
    defineResolver({ key: K.restoreVersion, payload: restorePayloadSchema, authorize: publisherOnly, handle: (x, call) => restoreVersion(p(call), call.accountId, x) }),
    defineResolver({ key: K.listWorkflows, payload: emptyPayloadSchema, authorize: allowSignedIn, handle: async (_x, call) => listWorkflows(p(call)) }),
    defineResolver({ key: K.checkSetup, payload: emptyPayloadSchema, authorize: publisherOnly, handle: (_x, call) => checkSetup(p(call), call.accountId) }),
    defineResolver({ key: K.getSettings, payload: emptyPayloadSchema, authorize: allowSignedIn, handle: (_x, call) => getSettings(p(call)) }),
    defineResolver({ key: K.saveSettings, payload: saveSettingsPayloadSchema, authorize: publisherOnly, handle: (x, call) => saveSettings(p(call), call.accountId, x.settings) }),
    defineResolver({
      key: K.listConnections,
      payload: emptyPayloadSchema,
      authorize: allowSignedIn,
      handle: (_x, call): Promise<ConnectionView[]> => listConnections(services(call).connections),
    }),
    defineResolver({
      key: K.saveConnection,
      payload: saveConnectionPayloadSchema,
      authorize: publisherOnly,
      handle: (x, call) => saveConnection(services(call).connections, x, call.accountId),
    }),
    defineResolver({ key: K.testConnection, payload: connectionIdSchema, authorize: publisherOnly, handle: (x, call) => testConnection(services(call).connections, x.id) }),
    defineResolver({
      key: K.deleteConnection,
      payload: connectionIdSchema,
      authorize: publisherOnly,
      handle: async (x, call) => {
        await deleteConnection(services(call).connections, x.id);
        return { deleted: x.id };
      },
    }),
  ];
  return definitions as unknown as ResolverDefinition<never, unknown>[];
}
