/**
 * Browser tests on the local platform: the sandbox (emulated Jira/JSM + Forge runtime with the
 * app installed), the UI host serving the built pages with the sandbox bridge, and Debian's
 * Chromium driven by playwright-core. Every wait is on visible state, never on a fixed delay.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../../platform/sandbox/start-sandbox';
import { localHttp } from '../../../platform/sandbox/ui-host/local-http';
import { startUiHost, UI_PAGES, type UiHost } from '../../../platform/sandbox/ui-host/ui-host-server';
import { buildUiApp, type UiApp } from '../../../scripts/build-ui';

export const PROJECT_ROOT = join(__dirname, '..', '..', '..');
export const SCREENSHOT_DIR = join(PROJECT_ROOT, 'test-results', 'screenshots');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface UiHarness {
  readonly sandbox: Sandbox;
  readonly host: UiHost;
  readonly browser: BrowserContext;
  /** Calls a resolver as `accountId` through the sandbox, as the page's bridge would. */
  invoke<T>(app: UiApp, functionKey: string, payload: unknown, accountId: string, extension?: Record<string, unknown>): Promise<T>;
  /** Calls the emulated Jira/JSM REST API as a user. */
  rest(accountId: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  /** Opens a page as `accountId` (query adds `issue` / `request` keys for the panels). */
  open(app: UiApp, accountId: string, query?: Record<string, string>): Promise<Page>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds the pages into a folder of this harness's own (test files run in parallel; rebuilding the
 * shared build folders would pull pages from under another file's browser), starts the sandbox,
 * the UI host and Chromium.
 */
export async function startUiHarness(apps: readonly UiApp[]): Promise<UiHarness> {
  const staticRoot = mkdtempSync(join(tmpdir(), 'ui-pages-'));
  for (const app of apps) await buildUiApp(app, PROJECT_ROOT, join(staticRoot, app, 'build'));
  const sandbox = await startSandbox({ standIns: false });
  const host = await startUiHost({ sandboxUrl: sandbox.url, staticRoot, pages: apps.map((a) => UI_PAGES[a]) });
  const profile = mkdtempSync(join(tmpdir(), 'ui-chromium-'));
  let browser: BrowserContext;
  try {
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (error) {
    await host.close();
    rmSync(staticRoot, { recursive: true, force: true });
    await sandbox.stop();
    throw error;
  }
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  return {
    sandbox,
    host,
    browser,
    async invoke<T>(app: UiApp, functionKey: string, payload: unknown, accountId: string, extension?: Record<string, unknown>): Promise<T> {
      const response = await localHttp(`${sandbox.url}/_sandbox/bridge/invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ functionKey, payload, accountId, moduleKey: UI_PAGES[app].moduleKey, ...(extension ? { extension } : {}) }),
      });
      const body = JSON.parse(response.body.toString('utf8')) as { result?: unknown; error?: unknown };
      if (response.status !== 200) throw new Error(`${functionKey} failed: ${JSON.stringify(body.error)}`);
      return body.result as T;
    },
    async rest(accountId: string, method: string, path: string, body?: unknown) {
      const response = await localHttp(`${sandbox.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-sandbox-user': accountId },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = response.body.toString('utf8');
      return { status: response.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
    },
    async open(app: UiApp, accountId: string, query: Record<string, string> = {}) {
      const page = await browser.newPage();
      const params = new URLSearchParams({ as: accountId, ...query });
      await page.goto(`${host.url}/${app}/?${params.toString()}`);
      return page;
    },
    async screenshot(page: Page, name: string) {
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
      await host.close();
      rmSync(staticRoot, { recursive: true, force: true });
      await sandbox.stop();
    },
  };
}
