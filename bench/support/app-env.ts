/**
 * The real app on the local platform for benchmarks: the emulated Jira/JSM site with the demo
 * desk, the integration stand-ins (with the VPN groups the vpn-access workflow grants), the Forge
 * runtime, and an admin who saves settings, connects Entra ID and publishes the example policy
 * through the admin resolver, exactly as on the settings page.
 *
 * The app reads wall time while the site runs on the emulated clock; on Forge both agree, so Date
 * is pinned to the emulated clock here (timers stay real: deliveries use them).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_DIRECTORY_SEED, SANDBOX_CREDENTIALS, startIntegrationStandIns, type IntegrationStandIns } from '../../platform/stand-ins';
import type { JiraSite } from '../../platform/jira';
import { buildDemoSeed, DEMO_APPROVERS_FIELD_ID, DEMO_PROJECT, DEMO_REQUEST_TYPE_FIELD_ID, DEMO_STATUSES, DEMO_TRANSITIONS, type DemoSeed } from '../../platform/sandbox/demo-seed';
import { PROJECT_ROOT, startForgeTestPlatform, type ForgeTestPlatform } from '../../test/support/forge-platform';
import { WORKFLOW_CATALOG } from '../../src/domain/workflows/catalog';
import { VPN_PROFILES } from '../../src/domain/workflows/vpn-access';
import type { RunProperty } from '../../src/app/run/run-property';

export const ADMIN = 'acc-admin';

export interface AppEnv {
  readonly env: ForgeTestPlatform;
  readonly site: JiraSite;
  readonly standIns: IntegrationStandIns;
  readonly demo: DemoSeed;
  /** A REST call to the site as a user (a customer or an approver), outside the app. */
  callSite(accountId: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  runProperty(issueKey: string): RunProperty | undefined;
  stop(): Promise<void>;
}

/** Replaces Date so that `new Date()` and `Date.now()` read the emulated clock; returns the undo. */
export function pinDateTo(now: () => number): () => void {
  const RealDate = Date;
  class EmulatedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(now());
      else super(...(args as [number, number, number, number, number, number, number]));
    }
    static override now(): number {
      return now();
    }
  }
  globalThis.Date = EmulatedDate as DateConstructor;
  return () => {
    globalThis.Date = RealDate;
  };
}

function demoSettings(demo: DemoSeed): unknown {
  const S = DEMO_STATUSES;
  const T = DEMO_TRANSITIONS;
  const workflowForType = (requestTypeKey: string): string => {
    const workflow = WORKFLOW_CATALOG.find((w) => w.requestTypes.includes(requestTypeKey));
    if (!workflow) throw new Error(`no workflow handles request type ${requestTypeKey}`);
    return workflow.key;
  };
  return {
    schemaVersion: 1,
    serviceDesk: { projectKey: DEMO_PROJECT.key, serviceDeskId: DEMO_PROJECT.serviceDeskId },
    requestTypeFieldId: DEMO_REQUEST_TYPE_FIELD_ID,
    approversFieldId: DEMO_APPROVERS_FIELD_ID,
    requestTypes: Object.entries(demo.requestTypeIds).map(([key, requestTypeId]) => ({ requestTypeId, workflowKey: workflowForType(key) })),
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
  };
}

/**
 * The stand-in directory plus the groups the vpn-access workflow grants (its ids are Entra ids).
 * Managers are left out: a manager found in the directory is mapped to a Jira account with
 * GET /rest/api/3/user/search, which the emulated site does not answer yet (501), so the manager
 * lane's owner group decides instead. Real sites make that one call more per request.
 */
function benchDirectory(): typeof DEFAULT_DIRECTORY_SEED {
  const vpnGroups = Object.values(VPN_PROFILES).map((p, i) => ({ key: p.groupId, entraId: p.groupId, oktaId: `00gvpnbench00000000${i}`, name: p.title, oktaType: 'OKTA_GROUP' as const }));
  const users = DEFAULT_DIRECTORY_SEED.users.map(({ managerKey: _managerKey, ...user }) => user);
  return { ...DEFAULT_DIRECTORY_SEED, users, groups: [...DEFAULT_DIRECTORY_SEED.groups, ...vpnGroups] };
}

/** Starts everything and configures the app as an admin would. */
export async function startAppEnv(): Promise<AppEnv> {
  const standIns = await startIntegrationStandIns({ seed: benchDirectory() });
  const env = await startForgeTestPlatform({ externalOrigins: standIns.origins });
  const site = env.site as JiraSite;
  const unpin = pinDateTo(() => env.clock.now());
  const demo = buildDemoSeed(PROJECT_ROOT);

  const invokeAdmin = async (functionKey: string, payload: unknown): Promise<unknown> => {
    const result = (await env.platform.invokeResolver({ functionKey, payload, accountId: ADMIN })) as { ok: boolean; error?: unknown; data?: unknown };
    if (!result.ok) throw new Error(`${functionKey} failed: ${JSON.stringify(result.error)}`);
    return result.data;
  };

  await invokeAdmin('settings/save', { settings: demoSettings(demo) });
  await invokeAdmin('connection/save', {
    connection: {
      kind: 'entra',
      id: 'entra-main',
      name: 'Entra ID',
      tenantId: SANDBOX_CREDENTIALS.entra.tenantId,
      clientId: SANDBOX_CREDENTIALS.entra.clientId,
      scopes: ['users.read', 'groups.read', 'groupMembership.write'],
    },
    secrets: { clientSecret: SANDBOX_CREDENTIALS.entra.clientSecret },
  });
  const document = parseYaml(readFileSync(join(PROJECT_ROOT, 'examples', 'policy.yaml'), 'utf8')) as unknown;
  await invokeAdmin('draft/save', { document });
  await invokeAdmin('policy/publish', { comment: 'Baseline routing', expectedVersion: null });
  await env.platform.settle();

  return {
    env,
    site,
    standIns,
    demo,
    async callSite(accountId, method, path, body) {
      const response = await site.handle({
        method,
        path,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        caller: { kind: 'user', accountId },
      });
      return { status: response.status, json: response.body === '' ? undefined : (JSON.parse(response.body) as unknown) };
    },
    runProperty(issueKey) {
      return site.getProperties(issueKey)['approval-router.run'] as RunProperty | undefined;
    },
    async stop() {
      await env.platform.settle().catch(() => undefined);
      unpin();
      env.uninstall();
      await standIns.stop();
    },
  };
}
