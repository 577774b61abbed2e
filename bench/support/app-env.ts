/**
 * The real app on the local platform for benchmarks: the emulated Jira/JSM site with the demo
 * desk, the integration stand-ins (with the groups the catalog grants and the directory's
 * managers), the Forge runtime, and the app configured through the admin resolver exactly as
 * `npm start` configures it (platform/sandbox/demo-app-config.ts).
 *
 * The app reads wall time while the site runs on the emulated clock; on Forge both agree, so Date
 * is pinned to the emulated clock here (timers stay real: deliveries use them).
 */
import { startIntegrationStandIns, type IntegrationStandIns } from '../../platform/stand-ins';
import { configureDemoApp, directorySeedWithCatalogGroups } from '../../platform/sandbox/demo-app-config';
import type { JiraSite } from '../../platform/jira';
import { buildDemoSeed, type DemoSeed } from '../../platform/sandbox/demo-seed';
import { PROJECT_ROOT, startForgeTestPlatform, type ForgeTestPlatform } from '../../test/support/forge-platform';
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

/** Starts everything and configures the app as an admin would. */
export async function startAppEnv(): Promise<AppEnv> {
  const standIns = await startIntegrationStandIns({ seed: directorySeedWithCatalogGroups() });
  const env = await startForgeTestPlatform({ externalOrigins: standIns.origins });
  const site = env.site as JiraSite;
  const unpin = pinDateTo(() => env.clock.now());
  const demo = buildDemoSeed(PROJECT_ROOT);

  const invokeAdmin = async (functionKey: string, payload: unknown): Promise<unknown> => {
    const result = (await env.platform.invokeResolver({ functionKey, payload, accountId: ADMIN })) as { ok: boolean; error?: unknown; data?: unknown };
    if (!result.ok) throw new Error(`${functionKey} failed: ${JSON.stringify(result.error)}`);
    return result.data;
  };

  await configureDemoApp(invokeAdmin);
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
