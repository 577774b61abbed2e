/**
 * What an admin of the demo desk would configure in Approval Router: settings that map the desk's
 * request types, fields and statuses; the example routing policy; connections to the integration
 * stand-ins. One definition, used by `npm start`, the end-to-end tests and the browser tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { WORKFLOW_CATALOG } from '../../src/domain/workflows/catalog';
import { PROD_DATABASES } from '../../src/domain/workflows/prod-db-access';
import { VPN_PROFILES } from '../../src/domain/workflows/vpn-access';
import { DEFAULT_DIRECTORY_SEED, SANDBOX_CREDENTIALS, type DirectorySeed, type SeedGroup } from '../stand-ins';
import { buildDemoSeed, DEMO_APPROVERS_FIELD_ID, DEMO_PROJECT, DEMO_REQUEST_TYPE_FIELD_ID, DEMO_STATUSES as S, DEMO_TRANSITIONS as T } from './demo-seed';

const PROJECT_ROOT = join(__dirname, '..', '..');

/** The webhook receivers the pre-built workflows post to, each an admin-configured connection. */
export const DEMO_WEBHOOK_ENDPOINTS = ['identity-password-reset', 'export-service', 'billing', 'deployment-service', 'messaging-service'] as const;

export interface DemoSettingsOptions {
  /** Request types left out of the mapping (they match no workflow). */
  readonly unmapped?: readonly string[];
  /** The connection that describes requesters, when several directories are connected. */
  readonly directoryConnectionId?: string;
}

function workflowForType(requestTypeKey: string): string {
  const workflow = WORKFLOW_CATALOG.find((w) => w.requestTypes.includes(requestTypeKey));
  if (!workflow) throw new Error(`no workflow handles request type ${requestTypeKey}`);
  return workflow.key;
}

/** The settings page's answers for the demo desk. */
export function demoSettings(options: DemoSettingsOptions = {}): unknown {
  const demo = buildDemoSeed(PROJECT_ROOT);
  return {
    schemaVersion: 1,
    serviceDesk: { projectKey: DEMO_PROJECT.key, serviceDeskId: DEMO_PROJECT.serviceDeskId },
    requestTypeFieldId: DEMO_REQUEST_TYPE_FIELD_ID,
    approversFieldId: DEMO_APPROVERS_FIELD_ID,
    requestTypes: Object.entries(demo.requestTypeIds)
      .filter(([key]) => !(options.unmapped ?? []).includes(key))
      .map(([key, requestTypeId]) => ({ requestTypeId, workflowKey: workflowForType(key) })),
    fields: Object.entries(demo.inputFieldIds).map(([input, fieldId]) => ({ fieldId, input })),
    targets: {
      'awaiting-approval-any': { statusId: S.approvalAny, transitionId: T.requestApprovalAny },
      'awaiting-approval-all': { statusId: S.approvalAll, transitionId: T.requestApprovalAll },
      'awaiting-approval-2-of-m': { statusId: S.approvalTwoOfM, transitionId: T.requestApprovalTwoOfM },
      'in-progress': { statusId: S.inProgress, transitionId: T.startProgress },
      'waiting-for-customer': { statusId: S.waitingForCustomer, transitionId: T.waitForCustomer },
      escalated: { statusId: S.escalated, transitionId: T.escalate },
      blocked: { statusId: S.blocked, transitionId: T.block },
      done: { statusId: S.done, transitionId: T.resolve },
      declined: { statusId: S.declined, transitionId: T.decline },
      cancelled: { statusId: S.cancelled, transitionId: T.cancel },
    },
    publishersGroup: null,
    directoryConnectionId: options.directoryConnectionId ?? null,
  };
}

/** The example routing policy (examples/policy.yaml) as an admin would paste it. */
export function examplePolicy(): Record<string, unknown> {
  return parseYaml(readFileSync(join(PROJECT_ROOT, 'examples', 'policy.yaml'), 'utf8')) as Record<string, unknown>;
}

/** A connection to save through `connection/save`: its configuration and its write-only secrets. */
export interface DemoConnection {
  readonly connection: Record<string, unknown>;
  readonly secrets: Record<string, string>;
}

/** Entra ID on the Microsoft stand-ins, with their sandbox app registration. */
export function entraConnection(): DemoConnection {
  return {
    connection: {
      kind: 'entra',
      id: 'entra-main',
      name: 'Example Corp Entra ID',
      tenantId: SANDBOX_CREDENTIALS.entra.tenantId,
      clientId: SANDBOX_CREDENTIALS.entra.clientId,
      scopes: ['users.read', 'groups.read', 'groupMembership.write'],
    },
    secrets: { clientSecret: SANDBOX_CREDENTIALS.entra.clientSecret },
  };
}

/** Okta on its stand-in, with an API token. */
export function oktaConnection(): DemoConnection {
  return {
    connection: { kind: 'okta', id: 'okta-main', name: 'Example Corp Okta', orgUrl: 'https://acme.okta.com', auth: { type: 'api-token' }, scopes: ['users.read', 'groups.read', 'groupMembership.write'] },
    secrets: { apiToken: SANDBOX_CREDENTIALS.okta.apiToken },
  };
}

/** Slack on its stand-in, posting to #access-requests unless a lane names its own channel. */
export function slackConnection(): DemoConnection {
  return {
    connection: { kind: 'slack', id: 'slack-main', name: 'Example Corp Slack', defaultChannel: '#access-requests', scopes: ['chat.write'] },
    secrets: { botToken: SANDBOX_CREDENTIALS.slack.botToken },
  };
}

/** One webhook receiver of the workflows, by the endpoint name they post to. */
export function webhookConnection(id: string): DemoConnection {
  return {
    connection: { kind: 'webhook', id, name: `Webhook ${id}`, url: `https://hooks.example.com/${id}`, scopes: ['post'] },
    secrets: { signingSecret: SANDBOX_CREDENTIALS.webhook.signingSecret },
  };
}

/**
 * The sandbox's connections: Entra ID (describes requesters; VPN and mailbox groups), Okta
 * (just-in-time database groups), Slack, every webhook receiver.
 */
export function demoConnections(): DemoConnection[] {
  return [entraConnection(), oktaConnection(), slackConnection(), ...DEMO_WEBHOOK_ENDPOINTS.map(webhookConnection)];
}

/** With two directories connected, the settings name the one that describes requesters. */
export const DEMO_REQUESTER_DIRECTORY = 'entra-main';

/**
 * The stand-in directory plus the groups the catalog's workflows name: Entra groups by their object
 * ids, Okta groups by their Okta ids, so membership changes land on real groups of the stand-ins.
 */
export function directorySeedWithCatalogGroups(
  entraGroupIds: readonly string[] = catalogEntraGroupIds(),
  oktaGroupIds: readonly string[] = catalogOktaGroupIds(),
): DirectorySeed {
  const entra: SeedGroup[] = entraGroupIds.map((id, i) => ({ key: id, entraId: id, oktaId: `00gentra${String(i).padStart(12, '0')}`, name: id, oktaType: 'OKTA_GROUP' }));
  const okta: SeedGroup[] = oktaGroupIds.map((id, i) => ({ key: id, entraId: `9b000000-0000-4000-8000-${String(i).padStart(12, '0')}`, oktaId: id, name: id, oktaType: 'OKTA_GROUP' }));
  return { ...DEFAULT_DIRECTORY_SEED, groups: [...DEFAULT_DIRECTORY_SEED.groups, ...entra, ...okta] };
}

/** Entra groups the pre-built workflows grant, as far as they are fixed (mailbox groups derive from the mailbox). */
export function catalogEntraGroupIds(): string[] {
  return Object.values(VPN_PROFILES).map((p) => p.groupId);
}

/** Okta groups the pre-built workflows grant (just-in-time database access). */
export function catalogOktaGroupIds(): string[] {
  return Object.values(PROD_DATABASES).flatMap((db) => Object.values(db.groups));
}

type InvokeAdmin = (key: string, payload: unknown) => Promise<unknown>;

/** Saves the settings and publishes a first routing policy (the example one unless given), as an admin does first. */
export async function publishDemoSettingsAndPolicy(
  invokeAdmin: InvokeAdmin,
  options: { readonly settings?: DemoSettingsOptions; readonly policy?: Record<string, unknown>; readonly comment?: string } = {},
): Promise<void> {
  await invokeAdmin('settings/save', { settings: demoSettings(options.settings) });
  await invokeAdmin('draft/save', { document: options.policy ?? examplePolicy() });
  await invokeAdmin('policy/publish', { comment: options.comment ?? 'Baseline routing', expectedVersion: null });
}

/** Configures the app as the demo admin would, through the admin resolver: settings, policy, every connection. */
export async function configureDemoApp(invokeAdmin: InvokeAdmin): Promise<void> {
  await publishDemoSettingsAndPolicy(invokeAdmin, { settings: { directoryConnectionId: DEMO_REQUESTER_DIRECTORY }, comment: 'Example routing policy (sandbox)' });
  for (const entry of demoConnections()) await invokeAdmin('connection/save', entry);
}
