/**
 * Builds the whole local platform: emulated clock, Jira/JSM site seeded with the demo service
 * desk, integration stand-ins, the Forge runtime with the app installed (globals first, then the
 * app module), and the HTTP server. `npm start` and end-to-end tests both use it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_ACCOUNT_ID, createJiraSite, type JiraSite, type SiteSnapshot } from '../jira';
import { startIntegrationStandIns, type IntegrationStandIns } from '../stand-ins';
import { createEmulatedClock, type EmulatedClock } from '../forge/emulated-clock';
import { createForgePlatform, type ForgePlatform } from '../forge/forge-platform';
import { installForgeGlobals } from '../forge/install-forge-globals';
import { readAppManifest } from '../forge/manifest-model';
import { configureDemoApp, directorySeedWithCatalogGroups } from './demo-app-config';
import { findFreePort, startSandboxServer, type SandboxServer } from '../server/sandbox-server';
import { buildDemoSeed, type DemoSeed } from './demo-seed';
import { renderHomePage } from './home-page';

export interface SandboxOptions {
  /** Directory with manifest.yml and src/index.ts (the project root by default). */
  appDir?: string;
  port?: number;
  /** JSON file the state is loaded from at start and saved to on stop. */
  stateFile?: string;
  /** Start of the emulated clock (ms); defaults to the wall clock. */
  startAt?: number;
  /** Start the Microsoft/Okta/Slack/webhook stand-ins (default true). */
  standIns?: boolean;
  /** Configure the app as the demo admin would (settings, example policy, connections). */
  configure?: boolean;
  log?: (line: string) => void;
}

export interface Sandbox {
  url: string;
  clock: EmulatedClock;
  site: JiraSite;
  platform: ForgePlatform;
  standIns: IntegrationStandIns | undefined;
  demo: DemoSeed;
  /** Saves state (when a state file was given), stops the server and the stand-ins, removes the globals. */
  stop(): Promise<void>;
}

const PROJECT_ROOT = join(__dirname, '..', '..');

/** The emulated Jira/JSM site on `clock`, seeded with the demo service desk. */
export async function createDemoJiraSite(clock: EmulatedClock, baseUrl = 'http://127.0.0.1', demo: DemoSeed = buildDemoSeed(PROJECT_ROOT)): Promise<JiraSite> {
  const site = await createJiraSite({ now: () => new Date(clock.now()).toISOString(), baseUrl });
  site.seed(demo.site);
  return site;
}

/**
 * Installs the Forge globals for `platform`, then loads the app module (`<appDir>/src/index`) and
 * installs it: globals first, as the app's first import of @forge/* captures them. Returns the
 * app's exports and the function that restores the previous globals.
 */
export async function loadAppOnPlatform(platform: ForgePlatform, appDir: string): Promise<{ app: Record<string, unknown>; uninstall: () => void }> {
  const uninstall = installForgeGlobals(platform);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- must load after the globals exist
  const app = require(join(appDir, 'src', 'index')) as Record<string, unknown>;
  await platform.installApp(app);
  return { app, uninstall };
}

/** The seeded Jira admin who configures the demo app. */
const DEMO_ADMIN = 'acc-admin';

/** Starts the local platform with the app installed and the demo desk seeded. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const appDir = options.appDir ?? PROJECT_ROOT;
  const log = options.log ?? (() => undefined);
  const clock = createEmulatedClock(options.startAt ?? Date.now());
  const demo = buildDemoSeed(PROJECT_ROOT);
  const port = options.port === undefined || options.port === 0 ? await findFreePort() : options.port;
  let serverUrl = `http://127.0.0.1:${port}`;
  const site = await createDemoJiraSite(clock, serverUrl, demo);
  const standIns = options.standIns === false ? undefined : await startIntegrationStandIns({ seed: directorySeedWithCatalogGroups() });
  const platform = createForgePlatform({
    site,
    manifest: readAppManifest(join(appDir, 'manifest.yml')),
    clock,
    appAccountId: APP_ACCOUNT_ID,
    externalOrigins: () => standIns?.origins ?? {},
    baseUrl: () => serverUrl,
    log,
  });

  const restoring = Boolean(options.stateFile && existsSync(options.stateFile));
  const saved = restoring && options.stateFile ? (JSON.parse(readFileSync(options.stateFile, 'utf8')) as { runtime?: unknown; site?: SiteSnapshot }) : {};
  if (saved.runtime) platform.restore(saved.runtime);

  const { app, uninstall } = await loadAppOnPlatform(platform, appDir);
  // The site's requests go back after the seed and the app's installation, which number the
  // desk's fields and the app's fields the same way on every start.
  if (saved.site) site.restore(saved.site);
  if (restoring) log(`state: loaded ${options.stateFile} (${saved.site?.issues.issues.length ?? 0} requests)`);
  const configure = async (): Promise<void> => {
    // A restored state already holds the app's settings and policy versions.
    if (!options.configure || restoring) return;
    await configureDemoApp(async (functionKey, payload) => {
      const result = (await platform.invokeResolver({ functionKey, payload, accountId: DEMO_ADMIN })) as { ok: boolean; error?: { message?: string } };
      if (!result.ok) throw new Error(`configuring the demo app failed at ${functionKey}: ${result.error?.message ?? 'unknown error'}`);
      return result;
    });
    log('app: configured as the demo admin would (settings, example policy v1, connections to the stand-ins)');
  };
  await configure();

  let server: SandboxServer;
  try {
    server = await startSandboxServer({
      platform,
      site,
      ...(standIns ? { standIns: { origins: standIns.origins, calls: () => standIns.calls(), setFaults: (r) => standIns.setFaults(r as never), stop: () => standIns.stop() } } : {}),
      users: () => demo.users,
      reset: async () => {
        site.reset();
        site.seed(demo.site);
        standIns?.reset();
        platform.reset();
        await platform.installApp(app);
        await configure();
      },
      homePage: () => renderHomePage({ users: demo.users, requestTypeIds: demo.requestTypeIds, uiModules: platform.manifest.uiModules }),
      port,
      log,
    });
  } catch (e) {
    uninstall();
    await standIns?.stop();
    throw e;
  }
  serverUrl = server.url;

  return {
    url: server.url,
    clock,
    site,
    platform,
    standIns,
    demo,
    async stop() {
      await platform.settle().catch(() => undefined);
      if (options.stateFile) {
        const state = { savedAt: new Date(clock.now()).toISOString(), runtime: platform.snapshot(), site: site.snapshot() };
        writeFileSync(options.stateFile, JSON.stringify(state, null, 2));
        log(`state: saved ${options.stateFile}`);
      }
      await server.close();
      await standIns?.stop();
      uninstall();
    },
  };
}
