/**
 * Serves the app's pages next to a running sandbox (`npm start`), to try them in a browser:
 *   npx tsx platform/sandbox/ui-host/main.ts --sandbox http://127.0.0.1:<port> [--port 4100]
 * then open http://127.0.0.1:4100/admin/?as=acc-admin, /issue-panel/?as=acc-agent-1&issue=DESK-1
 * or /portal/?as=acc-alice&request=DESK-1. Builds the pages first.
 */
import { join } from 'node:path';
import { buildUiApp, UI_APPS } from '../../../scripts/build-ui';
import { startUiHost, UI_PAGES } from './ui-host-server';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const sandboxUrl = argument('--sandbox');
  if (!sandboxUrl || !/^http:\/\/127\.0\.0\.1:\d+$/.test(sandboxUrl)) throw new Error('--sandbox http://127.0.0.1:<port> (the URL npm start printed) is required');
  const port = Number(argument('--port') ?? 4100);
  const root = join(__dirname, '..', '..', '..');
  for (const app of UI_APPS) await buildUiApp(app, root);
  const pages = UI_APPS.map((app) => UI_PAGES[app]);
  const host = await startUiHost({ sandboxUrl, staticRoot: join(root, 'static'), pages, port });
  for (const page of pages) console.log(`${page.app}: ${host.url}/${page.app}/?as=<accountId>`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
