/**
 * Serves the built Custom UI pages (static/<app>/build) the way Jira hosts them, for the sandbox
 * and the browser tests: each page gets the bridge script before its bundle, and calls to
 * `/_sandbox/*` are passed through to the sandbox server, so the page, its bridge and the
 * resolvers meet on one origin. Binds 127.0.0.1 only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { UiApp } from '../../../scripts/build-ui';
import { renderBridgeScript } from './bridge-script';
import { localHttp } from './local-http';

export interface UiHostPage {
  /** Folder under static/ (admin, issue-panel, portal), served at /<app>/. */
  readonly app: string;
  /** The manifest module the page belongs to: its resolver answers the page's invokes. */
  readonly moduleKey: string;
  readonly moduleType: string;
}

/** The app's pages and the manifest modules (manifest.yml) they belong to. */
export const UI_PAGES: Readonly<Record<UiApp, UiHostPage>> = {
  admin: { app: 'admin', moduleKey: 'approval-router-admin', moduleType: 'jira:adminPage' },
  'issue-panel': { app: 'issue-panel', moduleKey: 'approval-router-run', moduleType: 'jira:issuePanel' },
  portal: { app: 'portal', moduleKey: 'approval-router-status', moduleType: 'jiraServiceManagement:portalRequestDetail' },
};

export interface UiHostOptions {
  readonly sandboxUrl: string;
  readonly staticRoot: string;
  readonly pages: readonly UiHostPage[];
  readonly port?: number;
}

export interface UiHost {
  readonly url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.html': 'text/html; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png' };

/** Starts the UI host; resolves once it listens. */
export async function startUiHost(options: UiHostOptions): Promise<UiHost> {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/_sandbox/')) {
      await proxy(req, res, options.sandboxUrl + url.pathname + url.search);
      return;
    }
    const match = /^\/([a-z-]+)\/(.*)$/.exec(url.pathname);
    const page = match ? options.pages.find((p) => p.app === match[1]) : undefined;
    if (!match || !page || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const buildDir = join(options.staticRoot, page.app, 'build');
    const file = match[2] === '' ? 'index.html' : (match[2] ?? '');
    if (file === 'index.html') {
      const html = readFileSync(join(buildDir, 'index.html'), 'utf8').replace(
        '<script src="./main.js"></script>',
        `<script>${renderBridgeScript(page.moduleKey, page.moduleType)}</script>\n<script src="./main.js"></script>`,
      );
      res.writeHead(200, { 'content-type': TYPES['.html'] as string, 'cache-control': 'no-store' }).end(html);
      return;
    }
    const path = normalize(join(buildDir, file));
    if (!path.startsWith(buildDir) || !existsSync(path)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(readFileSync(path));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'UI_HOST', message: 'the sandbox did not answer' } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function proxy(req: IncomingMessage, res: ServerResponse, target: string): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  const response = await localHttp(target, {
    method: req.method ?? 'GET',
    headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
    ...(body && req.method !== 'GET' ? { body } : {}),
  });
  res.writeHead(response.status, { 'content-type': response.contentType });
  res.end(response.body);
}
