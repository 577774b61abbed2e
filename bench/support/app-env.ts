/**
 * The real app on the local platform for benchmarks: the end-to-end harness (emulated Jira/JSM
 * with the demo desk, Forge runtime, integration stand-ins with the workflows' groups in the directories,
 * Date following the emulated clock) with the app configured exactly as `npm start` configures it
 * (platform/sandbox/demo-app-config.ts).
 */
import type { IntegrationStandIns } from '../../platform/stand-ins';
import type { JiraSite } from '../../platform/jira';
import { catalogOktaGroupIds, configureDemoApp } from '../../platform/sandbox/demo-app-config';
import type { ForgeTestPlatform } from '../../test/support/forge-platform';
import { startLifecycleHarness, type LifecycleHarness, type SiteAnswer } from '../../test/e2e/support/lifecycle-harness';
import { VPN_PROFILES } from '../../src/domain/workflows/vpn-access';
import type { RunProperty } from '../../src/app/run/run-property';
import { MAILBOX_GROUP } from './workflow-requests';

export interface AppEnv {
  readonly env: ForgeTestPlatform;
  readonly site: JiraSite;
  readonly standIns: IntegrationStandIns;
  /** Raises a request as a customer through the JSM REST API; returns the issue key. */
  createRequest: LifecycleHarness['createRequest'];
  /** An agent's override in the issue panel (marks a manual step done). */
  override: LifecycleHarness['override'];
  /** A REST call to the site as a user (a customer or an approver), outside the app. */
  callSite(accountId: string, method: string, path: string, body?: unknown): Promise<SiteAnswer>;
  runProperty(issueKey: string): RunProperty | undefined;
  stop(): Promise<void>;
}

/** Starts everything and configures the app as an admin would. */
export async function startAppEnv(): Promise<AppEnv> {
  // The groups the pre-built workflows grant in: VPN profiles and one mailbox in Entra ID, the databases in Okta.
  const h = await startLifecycleHarness({
    standIns: true,
    entraGroups: [...Object.values(VPN_PROFILES).map((p) => p.groupId), MAILBOX_GROUP],
    oktaGroups: catalogOktaGroupIds(),
  });
  if (!h.standIns) throw new Error('the benchmarks need the integration stand-ins');
  await configureDemoApp(h.invokeAdmin);
  await h.settle();
  return {
    env: h.env,
    site: h.site,
    standIns: h.standIns,
    createRequest: h.createRequest,
    override: h.override,
    callSite: h.callSite,
    runProperty: h.runProperty,
    async stop() {
      await h.settle().catch(() => undefined);
      await h.stop();
    },
  };
}
