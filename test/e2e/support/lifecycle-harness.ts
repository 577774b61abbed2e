/**
 * Shared setup of the request lifecycle scenarios: the real app (manifest.yml + src/index.ts) on
 * the emulated Forge runtime and Jira/JSM site with the demo desk, optionally with the integration
 * stand-ins behind the app's egress. Admin setup goes through the real admin resolver, requests
 * and decisions through the JSM REST API as the people who make them.
 */
import { PROJECT_ROOT, startForgeTestPlatform, type ForgeTestPlatform } from '../../support/forge-platform';
import { buildDemoSeed, DEMO_APPROVERS_FIELD_ID, DEMO_PROJECT, DEMO_STATUSES } from '../../../platform/sandbox/demo-seed';
import { directorySeedWithCatalogGroups, entraConnection, oktaConnection, publishDemoSettingsAndPolicy, slackConnection, webhookConnection, type DemoSettingsOptions } from '../../../platform/sandbox/demo-app-config';
import type { JiraSite } from '../../../platform/jira';
import type { EmulatedClock } from '../../../platform/forge/emulated-clock';
import { DEFAULT_DIRECTORY_SEED, startIntegrationStandIns, type ExternalCall, type IntegrationStandIns } from '../../../platform/stand-ins';
import { adfToText } from '../../../src/adapters/adf';
import type { AuditEvent } from '../../../src/domain/audit/audit-chain';
import type { RunProperty } from '../../../src/app/run/run-property';
import type { Envelope } from '../../../src/contract/envelope';
import type { OverrideAction, PortalStatus, RunView } from '../../../src/contract/run-view';

const ADMIN = 'acc-admin';
const demo = buildDemoSeed(PROJECT_ROOT);
export const S = DEMO_STATUSES;

/** Entra object ids the stand-in directory holds for the people of the demo desk. */
export const ENTRA_IDS = Object.fromEntries(DEFAULT_DIRECTORY_SEED.users.map((u) => [`acc-${u.key}`, u.entraId])) as Record<string, string>;
/** Okta user ids the stand-in directory holds for the people of the demo desk. */
export const OKTA_IDS = Object.fromEntries(DEFAULT_DIRECTORY_SEED.users.map((u) => [`acc-${u.key}`, u.oktaId])) as Record<string, string>;

/**
 * Makes `Date` read the emulated clock. On Forge the app's clock and Jira's agree; here the site,
 * scheduled triggers and delayed deliveries run on the emulated clock while the app (and the
 * stand-ins) read `Date`, so `Date` follows the emulated clock, also while `advance` fires timers.
 */
function followEmulatedClock(clock: EmulatedClock): () => void {
  const RealDate = globalThis.Date;
  class EmulatedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(clock.now());
      else super(...(args as [string | number]));
    }
    static override now(): number {
      return clock.now();
    }
  }
  globalThis.Date = EmulatedDate as DateConstructor;
  return () => {
    globalThis.Date = RealDate;
  };
}

export interface HarnessOptions {
  /** Start the Microsoft/Okta/Slack/webhook stand-ins and map the app's egress to them. */
  readonly standIns?: boolean;
  /** Entra groups (by object id) the stand-in directory holds besides its default ones. */
  readonly entraGroups?: readonly string[];
  /** Okta groups (by group id) the stand-in directory holds besides its default ones. */
  readonly oktaGroups?: readonly string[];
}

export interface SiteAnswer {
  readonly status: number;
  readonly json: unknown;
}

export interface LifecycleHarness {
  readonly env: ForgeTestPlatform;
  readonly site: JiraSite;
  readonly standIns: IntegrationStandIns | undefined;
  callSite(accountId: string, method: string, path: string, body?: unknown): Promise<SiteAnswer>;
  invokeAdmin(functionKey: string, payload: unknown): Promise<unknown>;
  /** settings/save, draft/save and policy/publish as the admin. */
  configure(options?: { settings?: DemoSettingsOptions; policy?: Record<string, unknown> }): Promise<void>;
  /** Saves an Entra connection with the sandbox app registration. */
  connectEntra(): Promise<void>;
  /** Saves an Okta connection with the sandbox API token (then the only directory that describes requesters). */
  connectOkta(): Promise<void>;
  /** Saves a webhook connection named `id` pointing at the webhook stand-in. */
  connectSlack(): Promise<void>;
  connectWebhook(id: string): Promise<void>;
  /** Raises a request as a customer through the JSM REST API; returns the issue key. */
  createRequest(accountId: string, requestType: string, summary: string, inputs: Record<string, unknown>): Promise<string>;
  /** Answers the pending approval as `accountId` through the JSM approval API. */
  decide(accountId: string, issueKey: string, decision: 'approve' | 'decline'): Promise<void>;
  /** A comment through the JSM REST API (public unless said otherwise). */
  comment(accountId: string, issueKey: string, text: string): Promise<void>;
  runProperty(issueKey: string): RunProperty;
  /** The whole audit chain: sealed chunks from their own properties, then the open chunk. */
  auditEvents(issueKey: string): AuditEvent[];
  comments(issueKey: string): { internal: boolean; text: string; author: string }[];
  statusOf(issueKey: string): string | undefined;
  fieldValue(issueKey: string, moduleKey: 'workflow' | 'approval-policy'): unknown;
  approvers(issueKey: string): string[];
  /** Calls that reached the stand-ins, minus token requests (the effects a reviewer cares about). */
  effects(): ExternalCall[];
  /** The requester's portal panel (`portal/status`) as `accountId`; fails the test when refused. */
  portalStatus(accountId: string, issueKey: string): Promise<PortalStatus>;
  /** The agent issue panel (`run/get`) as `accountId`; fails the test when refused. */
  runView(accountId: string, issueKey: string): Promise<RunView>;
  /** An agent's override in the issue panel (`run/override`); fails the test when refused. */
  override(accountId: string, issueKey: string, action: OverrideAction, reason: string): Promise<RunView>;
  /** The same override, answered as the resolver answers it (for refusals). */
  tryOverride(accountId: string, issueKey: string, action: OverrideAction, reason: string): Promise<Envelope<RunView>>;
  /** Moves the emulated clock (firing scheduled triggers and delayed deliveries), then settles. */
  advance(ms: number): Promise<void>;
  settle(): Promise<void>;
  stop(): Promise<void>;
}

type PanelFunction = 'portal/status' | 'run/get' | 'run/override';

/** The data of a panel's answer; fails the test when the resolver refused. */
function dataOf<T>(what: string, answer: Envelope<T>): T {
  if (!answer.ok) throw new Error(`${what} refused: ${answer.error.message}`);
  return answer.data;
}

/** Starts the platform with the app installed (and the stand-ins when asked). */
export async function startLifecycleHarness(options: HarnessOptions = {}): Promise<LifecycleHarness> {
  const standIns = options.standIns ? await startIntegrationStandIns({ seed: directorySeedWithCatalogGroups(options.entraGroups ?? [], options.oktaGroups ?? []) }) : undefined;
  const env = await startForgeTestPlatform(standIns ? { externalOrigins: standIns.origins } : {});
  const site = env.site as JiraSite;
  const restoreDate = followEmulatedClock(env.clock);

  const callSite = async (accountId: string, method: string, path: string, body?: unknown): Promise<SiteAnswer> => {
    const response = await site.handle({
      method,
      path,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      caller: { kind: 'user', accountId },
    });
    return { status: response.status, json: response.body === '' ? undefined : (JSON.parse(response.body) as unknown) };
  };

  const invokeAdmin = async (functionKey: string, payload: unknown): Promise<unknown> => {
    const result = (await env.platform.invokeResolver({ functionKey, payload, accountId: ADMIN })) as { ok: boolean; error?: unknown; data?: unknown };
    if (!result.ok) throw new Error(`${functionKey} failed: ${JSON.stringify(result.error)}`);
    return result.data;
  };

  /**
   * A call from the agent issue panel or the portal request panel, as the page makes it inside
   * Jira: the issue in the invocation context and its key in the payload.
   */
  const panel = async <T>(functionKey: PanelFunction, accountId: string, issueKey: string, payload: Record<string, unknown> = {}): Promise<Envelope<T>> => {
    const { moduleKey, extension } = functionKey === 'portal/status' ? { moduleKey: 'approval-router-status', extension: { request: { key: issueKey } } } : { moduleKey: 'approval-router-run', extension: { issue: { key: issueKey } } };
    return (await env.platform.invokeResolver({ moduleKey, functionKey, extension, payload: { issueKey, ...payload }, accountId })) as Envelope<T>;
  };

  const runProperty = (issueKey: string): RunProperty => site.getProperties(issueKey)['approval-router.run'] as RunProperty;

  return {
    env,
    site,
    standIns,
    callSite,
    invokeAdmin,
    runProperty,
    async configure(configureOptions = {}) {
      await publishDemoSettingsAndPolicy(invokeAdmin, configureOptions);
    },
    async connectEntra() {
      await invokeAdmin('connection/save', entraConnection());
    },
    async connectOkta() {
      await invokeAdmin('connection/save', oktaConnection());
    },
    async connectSlack() {
      await invokeAdmin('connection/save', slackConnection());
    },
    async connectWebhook(id: string) {
      await invokeAdmin('connection/save', webhookConnection(id));
    },
    async createRequest(accountId, requestType, summary, inputs) {
      const requestTypeId = demo.requestTypeIds[requestType];
      if (!requestTypeId) throw new Error(`the demo desk has no request type ${requestType}`);
      const requestFieldValues: Record<string, unknown> = { summary };
      for (const [input, value] of Object.entries(inputs)) {
        const fieldId = demo.inputFieldIds[input];
        if (!fieldId) throw new Error(`the demo desk has no field for input ${input}`);
        requestFieldValues[fieldId] = value;
      }
      const created = await callSite(accountId, 'POST', '/rest/servicedeskapi/request', { serviceDeskId: DEMO_PROJECT.serviceDeskId, requestTypeId, requestFieldValues });
      if (created.status !== 201) throw new Error(`request creation answered ${created.status}: ${JSON.stringify(created.json)}`);
      return (created.json as { issueKey: string }).issueKey;
    },
    async decide(accountId, issueKey, decision) {
      const approvals = await callSite(accountId, 'GET', `/rest/servicedeskapi/request/${issueKey}/approval`);
      if (approvals.status !== 200) throw new Error(`approval list answered ${approvals.status}`);
      // The newest pending approval: re-entering the approval status retires the earlier one.
      const pending = (approvals.json as { values: { id: string; finalDecision: string }[] }).values.filter((a) => a.finalDecision === 'pending').at(-1);
      if (!pending) throw new Error(`${issueKey} has no pending approval`);
      const decided = await callSite(accountId, 'POST', `/rest/servicedeskapi/request/${issueKey}/approval/${pending.id}`, { decision });
      if (decided.status !== 200) throw new Error(`approval answered ${decided.status}: ${JSON.stringify(decided.json)}`);
    },
    async comment(accountId, issueKey, text) {
      const posted = await callSite(accountId, 'POST', `/rest/servicedeskapi/request/${issueKey}/comment`, { body: text, public: true });
      if (posted.status !== 201) throw new Error(`comment answered ${posted.status}: ${JSON.stringify(posted.json)}`);
    },
    auditEvents(issueKey) {
      const props = site.getProperties(issueKey);
      const run = runProperty(issueKey);
      const sealed: AuditEvent[] = [];
      for (let i = 0; i < run.audit.chunk; i++) sealed.push(...(props[`approval-router.audit.${i}`] as { events: AuditEvent[] }).events);
      return [...sealed, ...run.audit.events];
    },
    comments(issueKey) {
      return site.listComments(issueKey).map((c) => ({ internal: c.internal, text: adfToText(c.body), author: c.author }));
    },
    statusOf(issueKey) {
      return site.getIssue(issueKey)?.statusId;
    },
    fieldValue(issueKey, moduleKey) {
      const fieldId = site.appFieldId(moduleKey);
      if (!fieldId) throw new Error(`the app field ${moduleKey} is not registered`);
      return site.getIssue(issueKey)?.values[fieldId];
    },
    approvers(issueKey) {
      return [...((site.getIssue(issueKey)?.values[DEMO_APPROVERS_FIELD_ID] as string[] | undefined) ?? [])].sort();
    },
    effects() {
      return (standIns?.calls() ?? []).filter((c) => c.service !== 'login');
    },
    async portalStatus(accountId, issueKey) {
      return dataOf('portal/status', await panel<PortalStatus>('portal/status', accountId, issueKey));
    },
    async runView(accountId, issueKey) {
      return dataOf('run/get', await panel<RunView>('run/get', accountId, issueKey));
    },
    async override(accountId, issueKey, action, reason) {
      return dataOf(`run/override ${action}`, await panel<RunView>('run/override', accountId, issueKey, { action, reason }));
    },
    tryOverride: (accountId, issueKey, action, reason) => panel<RunView>('run/override', accountId, issueKey, { action, reason }),
    advance: (ms) => env.platform.advance(ms),
    settle: () => env.platform.settle(),
    async stop() {
      restoreDate();
      env.uninstall();
      await standIns?.stop();
    },
  };
}
