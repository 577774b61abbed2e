/**
 * The real app on the local platform for benchmarks: the end-to-end harness (emulated Jira/JSM
 * with the demo desk, Forge runtime, integration stand-ins with the VPN groups in the directory,
 * Date following the emulated clock) with the app configured exactly as `npm start` configures it
 * (platform/sandbox/demo-app-config.ts).
 */
import type { IntegrationStandIns } from '../../platform/stand-ins';
import type { JiraSite } from '../../platform/jira';
import { configureDemoApp } from '../../platform/sandbox/demo-app-config';
import type { ForgeTestPlatform } from '../../test/support/forge-platform';
import { startLifecycleHarness, type LifecycleHarness, type SiteAnswer } from '../../test/e2e/support/lifecycle-harness';
import { VPN_PROFILES } from '../../src/domain/workflows/vpn-access';
import type { RunProperty } from '../../src/app/run/run-property';

export interface AppEnv {
  readonly env: ForgeTestPlatform;
  readonly site: JiraSite;
  readonly standIns: IntegrationStandIns;
  /** Raises a request as a customer through the JSM REST API; returns the issue key. */
  createRequest: LifecycleHarness['createRequest'];
  /** A REST call to the site as a user (a customer or an approver), outside the app. */
  callSite(accountId: string, method: string, path: string, body?: unknown): Promise<SiteAnswer>;
  runProperty(issueKey: string): RunProperty | undefined;
  stop(): Promise<void>;
}

/** Starts everything and configures the app as an admin would. */
export async function startAppEnv(): Promise<AppEnv> {
  const h = await startLifecycleHarness({ standIns: true, entraGroups: Object.values(VPN_PROFILES).map((p) => p.groupId) });
  if (!h.standIns) throw new Error('the benchmarks need the integration stand-ins');
  await configureDemoApp(h.invokeAdmin);
  await h.settle();
  return {
    env: h.env,
    site: h.site,
    standIns: h.standIns,
    createRequest: h.createRequest,
    callSite: h.callSite,
    runProperty: h.runProperty,
    async stop() {
      await h.settle().catch(() => undefined);
      await h.stop();
    },
  };
}
