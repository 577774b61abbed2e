import { DEFAULT_DIRECTORY_SEED, type DirectorySeed } from './directory-seed';
import { FaultBook, type FaultRule } from './fault-rules';
import { handleGraph, handleMicrosoftToken, graphError, type EntraAppRegistration } from './microsoft-stand-ins';
import { handleOkta, oktaError, type OktaApiToken, type OktaServiceApp } from './okta-stand-in';
import { handleSlack, slackError, type SlackBotToken } from './slack-stand-in';
import { startService, type ExternalCall, type RunningService } from './stand-in-server';
import { StandInState } from './stand-in-state';
import { handleWebhook, type WebhookReceiverOptions } from './webhook-receiver';

export { hostMappedFetch } from './host-mapped-fetch';
export { computeWebhookSignature } from './webhook-receiver';
export { DEFAULT_DIRECTORY_SEED } from './directory-seed';
export type { DirectorySeed, SeedGroup, SeedUser } from './directory-seed';
export type { FaultRule, FaultStep, StandInService } from './fault-rules';
export type { ExternalCall } from './stand-in-server';
export type { StandInState, SlackMessage, WebhookDelivery } from './stand-in-state';
export type { EntraAppRegistration } from './microsoft-stand-ins';
export type { OktaApiToken, OktaServiceApp } from './okta-stand-in';
export type { SlackBotToken } from './slack-stand-in';

/** Sandbox credentials the stand-ins accept by default (not real anywhere). */
export const SANDBOX_CREDENTIALS = {
  entra: { tenantId: '7f3c9a10-1b2c-4d5e-8f90-123456789abc', clientId: '0c5e8f21-3a4b-4c6d-9e0f-abcdef012345', clientSecret: 'sandbox-entra-client-secret' },
  okta: { apiToken: '00sandbox-okta-api-token-0000000000000000' },
  slack: { botToken: 'xoxb-sandbox-0000000000-bot-token' },
  webhook: { signingSecret: 'sandbox-webhook-signing-secret' },
} as const;

export const STAND_IN_ORIGINS = {
  graph: 'https://graph.microsoft.com',
  login: 'https://login.microsoftonline.com',
  okta: 'https://acme.okta.com',
  slack: 'https://slack.com',
  webhook: 'https://hooks.example.com',
} as const;

export interface IntegrationStandInOptions {
  readonly seed?: DirectorySeed;
  readonly entraApps?: readonly EntraAppRegistration[];
  readonly oktaApiTokens?: readonly OktaApiToken[];
  readonly oktaServiceApps?: readonly OktaServiceApp[];
  readonly slackBotTokens?: readonly SlackBotToken[];
  readonly webhook?: WebhookReceiverOptions;
  /** expires_in of issued access tokens. */
  readonly tokenLifetimeSeconds?: number;
}

export interface IntegrationStandIns {
  /** Real origin → loopback origin, for the egress mapping. */
  readonly origins: Record<string, string>;
  calls(): ExternalCall[];
  setFaults(rules: readonly FaultRule[]): void;
  readonly state: StandInState;
  /** Back to the seed: memberships, messages, deliveries, tokens, call log and faults. */
  reset(): void;
  stop(): Promise<void>;
}

/** Starts loopback stand-ins for Microsoft identity + Graph, Okta, Slack and a webhook receiver. */
export async function startIntegrationStandIns(options: IntegrationStandInOptions = {}): Promise<IntegrationStandIns> {
  const seed = options.seed ?? DEFAULT_DIRECTORY_SEED;
  const state = new StandInState(seed);
  const faults = new FaultBook();
  const log: ExternalCall[] = [];
  const record = (call: ExternalCall) => log.push(call);
  const lifetime = options.tokenLifetimeSeconds ?? 3599;
  const entraApps = options.entraApps ?? [SANDBOX_CREDENTIALS.entra];
  const oktaTokens = options.oktaApiTokens ?? [{ token: SANDBOX_CREDENTIALS.okta.apiToken }];
  const slackTokens = options.slackBotTokens ?? [{ token: SANDBOX_CREDENTIALS.slack.botToken }];
  const webhook = options.webhook ?? { secret: SANDBOX_CREDENTIALS.webhook.signingSecret };

  const services: Array<[string, RunningService]> = [];
  try {
    services.push([STAND_IN_ORIGINS.login, await startService({ service: 'login', faults, record, errorBody: (s) => ({ error: s === 429 ? 'temporarily_unavailable' : 'server_error', error_description: `AADSTS50196: The server returned ${s}.` }), handle: (r) => handleMicrosoftToken(r, state, entraApps, lifetime) })]);
    services.push([STAND_IN_ORIGINS.graph, await startService({ service: 'graph', faults, record, errorBody: (s) => graphError(s), handle: (r) => handleGraph(r, state) })]);
    services.push([STAND_IN_ORIGINS.okta, await startService({ service: 'okta', faults, record, errorBody: (s) => oktaError(s), handle: (r) => handleOkta(r, state, STAND_IN_ORIGINS.okta, oktaTokens, options.oktaServiceApps ?? [], lifetime) })]);
    services.push([STAND_IN_ORIGINS.slack, await startService({ service: 'slack', faults, record, errorBody: (s) => slackError(s), handle: (r) => handleSlack(r, state, slackTokens) })]);
    services.push([STAND_IN_ORIGINS.webhook, await startService({ service: 'webhook', faults, record, errorBody: (s) => ({ error: `receiver answered ${s}` }), handle: (r) => handleWebhook(r, state, webhook) })]);
  } catch (error) {
    await Promise.all(services.map(([, s]) => s.close()));
    throw error;
  }

  return {
    origins: Object.fromEntries(services.map(([real, s]) => [real, s.origin])),
    calls: () => [...log],
    setFaults: (rules) => faults.set(rules),
    state,
    reset: () => {
      state.reset();
      faults.clear();
      log.length = 0;
    },
    stop: async () => {
      await Promise.all(services.map(([, s]) => s.close()));
    },
  };
}
