import { fetch as forgeFetch } from '@forge/api';
import { createForgeConnectionStore } from '../adapters/forge-connection-store';
import { ForgePolicyStore } from '../adapters/forge-policy-store';
import { createForgeSecretStore } from '../adapters/forge-secret-store';
import { ForgeSettingsStore } from '../adapters/forge-settings-store';
import { createActionDrivers } from '../adapters/integrations/create-action-drivers';
import type { FetchLike } from '../adapters/integrations/http-request';
import { JiraAccessControl } from '../adapters/jira-access-control';
import { JiraRequestHistory } from '../adapters/jira-request-history';
import { JiraSetupReaderAdapter } from '../adapters/jira-setup-reader';
import { WORKFLOW_CATALOG } from '../domain/workflows/catalog';
import { WORKFLOW_SOURCES } from '../generated/workflow-sources';
import type { AdminServices } from './admin-resolver';
import { DECLARED_EGRESS_ORIGINS } from './declared-egress';


/** The admin resolvers' services on Forge: fresh per invocation, so caches live for one call. */
export function createForgeAdminServices(): AdminServices {
  const nowIso = (): string => new Date().toISOString();
  return {
    policy: {
      policies: new ForgePolicyStore(),
      settings: new ForgeSettingsStore(),
      access: new JiraAccessControl(),
      history: new JiraRequestHistory(),
      setup: new JiraSetupReaderAdapter(),
      clock: { now: nowIso },
      catalog: WORKFLOW_CATALOG,
      workflowSources: WORKFLOW_SOURCES,
    },
    connections: {
      connections: createForgeConnectionStore(),
      secrets: createForgeSecretStore(),
      nowIso,
      declaredOrigins: DECLARED_EGRESS_ORIGINS,
      drivers: createActionDrivers({ fetch: forgeFetch as unknown as FetchLike, now: () => Date.now() }).drivers,
    },
  };
}
