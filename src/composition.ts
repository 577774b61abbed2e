import { fetch as forgeFetch } from '@forge/api';
import { kvs } from '@forge/kvs';
import { createForgeConnectionStore } from './adapters/forge-connection-store';
import { ForgeGroupCache } from './adapters/forge-group-cache';
import { ForgeJiraGateway } from './adapters/forge-jira-gateway';
import { ForgeJobQueue } from './adapters/forge-job-queue';
import { ForgePolicyStore } from './adapters/forge-policy-store';
import { ForgeRunStore } from './adapters/forge-run-store';
import { createForgeSecretStore } from './adapters/forge-secret-store';
import { ForgeSettingsStore } from './adapters/forge-settings-store';
import { createForgeCallLedger } from './adapters/integrations/forge-call-ledger';
import { createActionDrivers } from './adapters/integrations/create-action-drivers';
import { createDirectoryIdentityProvider } from './adapters/integrations/directory-identity-provider';
import type { FetchLike } from './adapters/integrations/http-request';
import { JiraPeopleDirectory, JiraViewerAccess } from './adapters/jira-viewer-access';
import type { PanelDeps } from './app/views/run-panel';
import { evaluateIntake } from './app/intake/evaluate-intake';
import type { StartRunDeps } from './app/intake/start-run';
import type { AppFieldKeys, Logger } from './app/run/execute-commands';
import type { RunRecordEvent, RunRecordState } from './app/run/run-record';
import { createIntegrationExecutor } from './app/integrations/execute-action';
import type { AppSettings } from './contract/app-settings';
import { WORKFLOW_CATALOG } from './domain/workflows/catalog';
import type { AnyWorkflow } from './domain/workflows/workflow-types';
import type { Clock } from './ports/clock';
import type { GroupCache } from './ports/group-cache';
import type { IdentityProvider } from './ports/identity-provider';
import type { Integrations } from './ports/integrations';
import type { JiraGateway } from './ports/jira-gateway';
import type { JobQueue } from './ports/job-queue';
import type { PolicyStore } from './ports/policy-store';
import type { RunStore } from './ports/run-store';

/**
 * The composition root: the one place where adapters meet use cases. `createServices` takes the
 * ports (tests pass fakes); `createForgeServices` builds the Forge adapters for one invocation.
 */

export interface ServiceDeps {
  readonly jira: JiraGateway;
  readonly store: RunStore<RunRecordState, RunRecordEvent>;
  readonly queue: JobQueue;
  readonly clock: Clock;
  readonly settings: AppSettings;
  readonly fieldKeys: AppFieldKeys;
  readonly policies: PolicyStore;
  readonly groupCache: GroupCache;
  readonly integrations: Integrations;
  readonly identity?: IdentityProvider;
  readonly catalog?: readonly AnyWorkflow[];
  readonly log?: Logger;
}

/** Module keys of the app's custom fields in manifest.yml. */
export const FIELD_MODULE_KEYS = { workflow: 'workflow', approvalPolicy: 'approval-policy' } as const;

const consoleLogger: Logger = {
  info: (message, data) => console.log(`approval-router: ${message}`, data ? JSON.stringify(data) : ''),
  warn: (message, data) => console.warn(`approval-router: ${message}`, data ? JSON.stringify(data) : ''),
};

/** The lifecycle's services over the given ports. */
export function createServices(deps: ServiceDeps): StartRunDeps {
  const catalog = deps.catalog ?? WORKFLOW_CATALOG;
  return {
    jira: deps.jira,
    queue: deps.queue,
    store: deps.store,
    clock: deps.clock,
    settings: deps.settings,
    fieldKeys: deps.fieldKeys,
    integrations: deps.integrations,
    log: deps.log ?? consoleLogger,
    catalog,
    groupCache: deps.groupCache,
    ...(deps.identity ? { identity: deps.identity } : {}),
    evaluateIntake: (_ref, run) =>
      evaluateIntake({ jira: deps.jira, groupCache: deps.groupCache, policies: deps.policies, catalog, settings: deps.settings }, run, deps.clock.now()),
  };
}

const systemClock: Clock = { now: () => new Date().toISOString() };

/**
 * Real sleeps, shortened only when the local sandbox sets APPROVAL_ROUTER_SLEEP_SCALE (for
 * example 0.01) so fault-injection runs do not wait real minutes. Unset on Forge.
 */
function sleep(ms: number): Promise<void> {
  const scale = Number(process.env.APPROVAL_ROUTER_SLEEP_SCALE ?? '1');
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms * (Number.isFinite(scale) ? scale : 1))));
}

/** App field ids, looked up once per site and kept in KVS. */
async function resolveFieldKeys(jira: JiraGateway): Promise<AppFieldKeys | undefined> {
  const cached = await kvs.get<AppFieldKeys>('app-field-ids');
  if (cached) return cached;
  const found = await jira.findAppFieldIds(Object.values(FIELD_MODULE_KEYS));
  const workflow = found[FIELD_MODULE_KEYS.workflow];
  const approvalPolicy = found[FIELD_MODULE_KEYS.approvalPolicy];
  if (!workflow || !approvalPolicy) return undefined;
  const keys = { workflow, approvalPolicy };
  await kvs.set('app-field-ids', keys);
  return keys;
}

/** Services for one Forge invocation; undefined until an admin has saved the app's settings. */
export async function createForgeServices(): Promise<StartRunDeps | undefined> {
  const settings = await new ForgeSettingsStore().get();
  if (!settings) {
    consoleLogger.warn('settings are not configured: open the Approval Router settings page');
    return undefined;
  }
  const jira = new ForgeJiraGateway({ sleep, nowMs: () => Date.now(), random: Math.random });
  const fieldKeys = await resolveFieldKeys(jira);
  if (!fieldKeys) {
    consoleLogger.warn('the app custom fields were not found on this site');
    return undefined;
  }
  const connections = createForgeConnectionStore();
  const secrets = createForgeSecretStore();
  const { drivers, graph, okta } = createActionDrivers({ fetch: forgeFetch as unknown as FetchLike, now: () => Date.now() });
  const integrations = createIntegrationExecutor({
    connections,
    secrets,
    drivers,
    clock: { now: () => Date.now(), sleep },
    ledger: createForgeCallLedger(),
  });
  return createServices({
    jira,
    store: new ForgeRunStore<RunRecordState, RunRecordEvent>(),
    queue: new ForgeJobQueue(),
    clock: systemClock,
    settings,
    fieldKeys,
    policies: new ForgePolicyStore(),
    groupCache: new ForgeGroupCache(),
    integrations,
    identity: createDirectoryIdentityProvider({
      connections,
      secrets,
      graph,
      okta,
      ...(settings.directoryConnectionId ? { connectionId: settings.directoryConnectionId } : {}),
    }),
  });
}

/** Services of the agent panel and the portal panel for one invocation. */
export function createForgePanelDeps(): PanelDeps {
  return {
    store: new ForgeRunStore<RunRecordState, RunRecordEvent>(),
    jira: new ForgeJiraGateway({ sleep, nowMs: () => Date.now(), random: Math.random }),
    access: new JiraViewerAccess(),
    people: new JiraPeopleDirectory(),
    catalog: WORKFLOW_CATALOG,
    clock: systemClock,
    lifecycle: createForgeServices,
  };
}
