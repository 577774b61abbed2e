/**
 * The one test helper that installs the Forge globals and loads an app on the local platform.
 * Call it before anything imports @forge/*: it installs the globals, then `require`s the app
 * (jest gives each test file its own module registry, so the app and the SDK load fresh here).
 */
import { join } from 'node:path';
import { createEmulatedClock, type EmulatedClock } from '../../platform/forge/emulated-clock';
import { createForgePlatform, type ForgePlatform } from '../../platform/forge/forge-platform';
import { readAppManifest } from '../../platform/forge/manifest-model';
import type { SiteLike } from '../../platform/forge/site-port';
import { APP_ACCOUNT_ID } from '../../platform/jira';
import { createDemoJiraSite, loadAppOnPlatform } from '../../platform/sandbox/start-sandbox';

export interface ForgeTestPlatform {
  platform: ForgePlatform;
  clock: EmulatedClock;
  site: SiteLike;
  /** The app module's exports (loaded after the globals). */
  app: Record<string, unknown>;
  /** Node's own fetch, for talking to local servers: the global one now enforces the app's egress. */
  hostFetch: typeof fetch;
  /** Restores the globals that were there before. */
  uninstall: () => void;
}

export interface ForgeTestPlatformOptions {
  /** Directory holding manifest.yml and src/index.ts (defaults to the project root). */
  appDir?: string;
  /** The site, built on the emulated clock; defaults to the real emulated site with the demo desk. */
  makeSite?: (clock: EmulatedClock) => SiteLike | Promise<SiteLike>;
  appAccountId?: string;
  externalOrigins?: Record<string, string>;
}

export const PROJECT_ROOT = join(__dirname, '..', '..');
export const FIXTURE_APP_DIR = join(PROJECT_ROOT, 'test', 'fixtures', 'forge-app');

/** Builds the platform, installs the globals, loads and installs the app. */
export async function startForgeTestPlatform(options: ForgeTestPlatformOptions): Promise<ForgeTestPlatform> {
  const appDir = options.appDir ?? PROJECT_ROOT;
  const clock = createEmulatedClock();
  const site = options.makeSite ? await options.makeSite(clock) : await createDemoJiraSite(clock);
  const origins = options.externalOrigins ?? {};
  const platform = createForgePlatform({
    site,
    manifest: readAppManifest(join(appDir, 'manifest.yml')),
    clock,
    externalOrigins: () => origins,
    appAccountId: options.appAccountId ?? APP_ACCOUNT_ID,
  });
  const hostFetch = globalThis.fetch.bind(globalThis);
  const { app, uninstall } = await loadAppOnPlatform(platform, appDir);
  return { platform, clock, site, app, hostFetch, uninstall };
}
