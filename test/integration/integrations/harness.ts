import { generateKeyPairSync } from 'node:crypto';
import { createActionDrivers } from '../../../src/adapters/integrations/create-action-drivers';
import type { FetchLike } from '../../../src/adapters/integrations/http-request';
import { createIntegrationExecutor, type IntegrationExecutorDeps } from '../../../src/app/integrations/execute-action';
import { saveConnection, type ConnectionDeps } from '../../../src/app/connections/save-connection';
import type { IntegrationCallRecord } from '../../../src/domain/integrations/call-record';
import { hostMappedFetch, startIntegrationStandIns, type IntegrationStandIns } from '../../../platform/stand-ins';
import { InMemoryCallLedger, InMemoryConnectionStore, InMemorySecretStore, ManualClock } from '../../fakes/integrations/in-memory-stores';

/** Distinctive credential values: the leak test looks for them everywhere the app writes. */
export const SECRETS = {
  entraClientSecret: 'ENTRA-SECRET-zq81VmK3pXvw',
  entraLimitedSecret: 'ENTRA-LIMITED-SECRET-u4Rt9',
  oktaApiToken: '00OKTA-TOKEN-wr92LkT5nB4c7Yq0',
  oktaReadOnlyToken: '00OKTA-READONLY-TOKEN-m3Hd8sQ1',
  slackBotToken: 'xoxb-SLACKTOKEN-7hQ2mN4vZ9',
  webhookSecret: 'WEBHOOK-SECRET-c8Fj3sLrK2pa',
} as const;

export const TENANT = '7f3c9a10-1b2c-4d5e-8f90-123456789abc';
export const CLIENT = '0c5e8f21-3a4b-4c6d-9e0f-abcdef012345';
export const LIMITED_CLIENT = '1d6f9a32-4b5c-4d7e-8f10-bcdef0123456';
export const OKTA_CLIENT = '0oaserviceapp1234567';

export const DECLARED_ORIGINS = ['https://login.microsoftonline.com', 'https://graph.microsoft.com', 'https://*.okta.com', 'https://slack.com', 'https://hooks.example.com'];

export interface Harness {
  standIns: IntegrationStandIns;
  clock: ManualClock;
  connections: InMemoryConnectionStore;
  secrets: InMemorySecretStore;
  ledger: InMemoryCallLedger;
  records: IntegrationCallRecord[];
  fetch: FetchLike;
  drivers: ReturnType<typeof createActionDrivers>;
  connectionDeps: ConnectionDeps;
  /** A fresh executor (with fresh drivers and token caches) over the same stores. */
  executor(overrides?: Partial<IntegrationExecutorDeps>): ReturnType<typeof createIntegrationExecutor>;
  oktaPrivateKey: string;
}

export async function startHarness(): Promise<Harness> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const oktaPrivateKey = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const clock = new ManualClock();
  const standIns = await startIntegrationStandIns({
    entraApps: [
      { tenantId: TENANT, clientId: CLIENT, clientSecret: SECRETS.entraClientSecret },
      { tenantId: TENANT, clientId: LIMITED_CLIENT, clientSecret: SECRETS.entraLimitedSecret, roles: ['User.Read.All'] },
    ],
    oktaApiTokens: [{ token: SECRETS.oktaApiToken }, { token: SECRETS.oktaReadOnlyToken, readOnly: true }],
    oktaServiceApps: [{ clientId: OKTA_CLIENT, kid: 'key-1', publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() }],
    slackBotTokens: [{ token: SECRETS.slackBotToken }],
    webhook: { secret: SECRETS.webhookSecret, now: () => clock.now() },
  });
  const fetch = hostMappedFetch(standIns.origins) as unknown as FetchLike;
  const connections = new InMemoryConnectionStore();
  const secrets = new InMemorySecretStore();
  const ledger = new InMemoryCallLedger();
  const records: IntegrationCallRecord[] = [];
  const drivers = createActionDrivers({ fetch, now: () => clock.now() });
  const connectionDeps: ConnectionDeps = { connections, secrets, nowIso: () => new Date(clock.now()).toISOString(), declaredOrigins: DECLARED_ORIGINS };

  const all = ['users.read', 'groups.read', 'groupMembership.write'];
  const save = (connection: Record<string, unknown>, secretValues: Record<string, string>) => saveConnection(connectionDeps, { connection, secrets: secretValues }, 'admin-account');
  await save({ kind: 'entra', id: 'entra-main', name: 'Entra ID', tenantId: TENANT, clientId: CLIENT, scopes: all }, { clientSecret: SECRETS.entraClientSecret });
  await save({ kind: 'entra', id: 'entra-readonly', name: 'Entra ID (read)', tenantId: TENANT, clientId: CLIENT, scopes: ['users.read', 'groups.read'] }, { clientSecret: SECRETS.entraClientSecret });
  await save({ kind: 'entra', id: 'entra-limited', name: 'Entra ID (no consent)', tenantId: TENANT, clientId: LIMITED_CLIENT, scopes: all }, { clientSecret: SECRETS.entraLimitedSecret });
  await save({ kind: 'okta', id: 'okta-main', name: 'Okta', orgUrl: 'https://acme.okta.com', auth: { type: 'api-token' }, scopes: all }, { apiToken: SECRETS.oktaApiToken });
  await save({ kind: 'okta', id: 'okta-readonly', name: 'Okta (read)', orgUrl: 'https://acme.okta.com', auth: { type: 'api-token' }, scopes: ['users.read'] }, { apiToken: SECRETS.oktaApiToken });
  await save({ kind: 'okta', id: 'okta-ro-token', name: 'Okta (read-only token)', orgUrl: 'https://acme.okta.com', auth: { type: 'api-token' }, scopes: all }, { apiToken: SECRETS.oktaReadOnlyToken });
  await save({ kind: 'okta', id: 'okta-oauth', name: 'Okta (service app)', orgUrl: 'https://acme.okta.com', auth: { type: 'oauth', clientId: OKTA_CLIENT, privateKeyId: 'key-1' }, scopes: all }, { privateKey: oktaPrivateKey });
  await save({ kind: 'slack', id: 'slack-main', name: 'Slack', defaultChannel: '#access-requests', scopes: ['chat.write'] }, { botToken: SECRETS.slackBotToken });
  await save({ kind: 'slack', id: 'slack-paused', name: 'Slack (paused)', defaultChannel: '#access-requests', scopes: [] }, { botToken: SECRETS.slackBotToken });
  await save({ kind: 'webhook', id: 'webhook-main', name: 'Vendor portal', url: 'https://hooks.example.com/approvals', scopes: ['post'] }, { signingSecret: SECRETS.webhookSecret });
  await save({ kind: 'webhook', id: 'webhook-paused', name: 'Vendor portal (paused)', url: 'https://hooks.example.com/approvals', scopes: [] }, { signingSecret: SECRETS.webhookSecret });

  return {
    standIns,
    clock,
    connections,
    secrets,
    ledger,
    records,
    fetch,
    drivers,
    connectionDeps,
    oktaPrivateKey,
    executor: (overrides = {}) =>
      createIntegrationExecutor({
        connections,
        secrets,
        drivers: createActionDrivers({ fetch, now: () => clock.now() }).drivers,
        clock,
        ledger,
        recordCall: async (record) => {
          records.push(record);
        },
        requestTimeoutMs: 2_000,
        ...overrides,
      }),
  };
}
