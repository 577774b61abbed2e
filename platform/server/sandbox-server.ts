/**
 * The local platform over HTTP, on 127.0.0.1 only: Jira/JSM REST (so curl and Jira clients work),
 * the KVS and queue endpoints the SDK uses, webtrigger URLs, the `/_sandbox/` control API, and
 * the sandbox's home page. See docs/local-platform.md.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeliveryFaults, ForgePlatform } from '../forge/forge-platform';
import type { SiteCaller, SiteLike } from '../forge/site-port';

export interface IntegrationStandIns {
  origins: Record<string, string>;
  calls(): unknown;
  setFaults(rules: unknown): unknown;
  stop(): Promise<void>;
}

export interface SandboxServerOptions {
  platform: ForgePlatform;
  site: SiteLike;
  standIns?: IntegrationStandIns;
  /** Seeded users, for Basic auth by email and the users endpoint. */
  users: () => readonly { accountId: string; emailAddress?: string; displayName: string }[];
  /** Restores the initial state (reset the site and runtime, then re-seed). */
  reset: () => Promise<void>;
  /** The home page HTML, if any. */
  homePage?: () => string;
  port?: number;
  log?: (line: string) => void;
}

export interface SandboxServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 2 * 1024 * 1024;

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new HttpProblem(413, 'BODY_TOO_LARGE', `request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpProblem(400, 'INVALID_JSON', 'the request body is not valid JSON');
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body, null, 2);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(status === 204 ? undefined : text);
}

/** A free loopback port, so the site's `self` links can name the port before the server starts. */
export async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Starts the server; resolves once it listens. */
export async function startSandboxServer(options: SandboxServerOptions): Promise<SandboxServer> {
  const { platform, site } = options;
  let baseUrl = '';

  const callerOf = (req: IncomingMessage): SiteCaller => {
    const asUser = req.headers['x-sandbox-user'];
    if (typeof asUser === 'string' && asUser !== '') return { kind: 'user', accountId: asUser };
    const auth = req.headers.authorization;
    if (auth?.startsWith('Basic ')) {
      const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
      const email = decoded.slice(0, decoded.indexOf(':') < 0 ? undefined : decoded.indexOf(':'));
      const user = options.users().find((u) => u.emailAddress?.toLowerCase() === email.toLowerCase() || u.accountId === email);
      if (!user) throw new HttpProblem(401, 'UNKNOWN_USER', `no seeded user with email "${email}"`);
      return { kind: 'user', accountId: user.accountId };
    }
    return { kind: 'anonymous' };
  };

  const control = async (method: string, path: string, text: string): Promise<{ status: number; body: unknown }> => {
    const body = () => parseJson(text) as Record<string, unknown>;
    const route = `${method} ${path}`;
    switch (route) {
      case 'GET /_sandbox/clock':
        return { status: 200, body: { now: platform.clock.now(), iso: new Date(platform.clock.now()).toISOString() } };
      case 'POST /_sandbox/clock/advance': {
        const b = body();
        const ms = Number(b.ms ?? 0) + Number(b.seconds ?? 0) * 1000 + Number(b.minutes ?? 0) * 60_000 + Number(b.hours ?? 0) * 3_600_000 + Number(b.days ?? 0) * 86_400_000;
        if (!Number.isFinite(ms) || ms <= 0) throw new HttpProblem(400, 'INVALID_DURATION', 'give a positive ms, seconds, minutes, hours or days');
        await platform.advance(ms);
        return { status: 200, body: { now: platform.clock.now(), iso: new Date(platform.clock.now()).toISOString() } };
      }
      case 'POST /_sandbox/settle':
        await platform.settle();
        return { status: 200, body: { idle: true } };
      case 'POST /_sandbox/faults': {
        const b = body();
        if (b.jira !== undefined) {
          if (!site.setFaults) throw new HttpProblem(501, 'NOT_SUPPORTED', 'this site does not take faults');
          site.setFaults(b.jira as never);
        }
        if (b.external !== undefined) {
          if (!options.standIns) throw new HttpProblem(501, 'NOT_SUPPORTED', 'the integration stand-ins are not running');
          options.standIns.setFaults(b.external);
        }
        if (b.delivery !== undefined) platform.setDeliveryFaults(b.delivery as DeliveryFaults);
        return { status: 200, body: { ok: true } };
      }
      case 'GET /_sandbox/calls':
        return { status: 200, body: { jira: site.calls?.() ?? [], external: platform.externalCalls(), standIns: options.standIns?.calls() ?? [] } };
      case 'DELETE /_sandbox/calls':
        site.clearCalls?.();
        platform.clearRecords();
        return { status: 204, body: undefined };
      case 'GET /_sandbox/deliveries':
        return { status: 200, body: platform.deliveries() };
      case 'POST /_sandbox/reset':
        await options.reset();
        return { status: 200, body: { ok: true } };
      case 'POST /_sandbox/seed':
        if (!site.seed) throw new HttpProblem(501, 'NOT_SUPPORTED', 'this site cannot be seeded');
        await site.seed(body() as never);
        return { status: 200, body: { ok: true } };
      case 'GET /_sandbox/users':
        return { status: 200, body: options.users() };
      case 'GET /_sandbox/kvs':
        return { status: 200, body: platform.kvs.keys() };
      case 'POST /_sandbox/bridge/invoke': {
        const b = body();
        const functionKey = b.functionKey ?? b.key;
        if (typeof functionKey !== 'string' || functionKey === '') throw new HttpProblem(400, 'INVALID_CALL', 'functionKey (the resolver key) is required');
        try {
          const result = await platform.invokeResolver({
            functionKey,
            payload: b.payload ?? {},
            ...(typeof b.accountId === 'string' ? { accountId: b.accountId } : {}),
            ...(typeof b.moduleKey === 'string' ? { moduleKey: b.moduleKey } : {}),
            ...(typeof b.localId === 'string' ? { localId: b.localId } : {}),
            ...(typeof b.extension === 'object' && b.extension !== null ? { extension: b.extension as Record<string, unknown> } : {}),
          });
          return { status: 200, body: { result: result ?? null } };
        } catch (e) {
          // Forge answers a failed resolver with an error, not the function's stack.
          return { status: 500, body: { error: { code: 'RESOLVER_FAILED', message: e instanceof Error ? e.message : 'the resolver failed' } } };
        }
      }
      default:
        throw new HttpProblem(404, 'NOT_FOUND', `no control endpoint ${route}`);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const text = await readText(req);

    if (path === '/' && method === 'GET' && options.homePage) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(options.homePage());
      return;
    }
    if (path.startsWith('/_sandbox/')) {
      const r = await control(method, path, text);
      send(res, r.status, r.body);
      return;
    }
    if (path.startsWith('/rest/')) {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'authorization') headers[k] = v;
      const r = await site.handle({ method, path: path + url.search, headers, ...(text !== '' ? { body: text } : {}), caller: callerOf(req) });
      send(res, r.status, r.status === 204 ? undefined : r.body, r.headers);
      return;
    }
    if (path.startsWith('/api/v1/') && method === 'POST') {
      const r = await platform.forgeFetch({ type: 'kvs' }, path, { method, body: text });
      send(res, r.status, r.status === 204 ? undefined : await r.text());
      return;
    }
    if (path.startsWith('/webhook/queue/') && method === 'POST') {
      const r = await platform.forgeFetch({ type: 'fpp', provider: 'app', remote: 'stargate' }, path, { method, body: text });
      send(res, r.status, r.status === 204 ? undefined : await r.text());
      return;
    }
    const webtrigger = /^\/x1\/([^/]+)(\/.*)?$/.exec(path);
    if (webtrigger) {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const r = await platform.invokeWebtrigger(decodeURIComponent(webtrigger[1] ?? ''), { method, path, headers, query: Object.fromEntries(url.searchParams), body: text });
      const outHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries(r.headers)) outHeaders[k] = v.join(', ');
      res.writeHead(r.statusCode, outHeaders).end(r.body);
      return;
    }
    throw new HttpProblem(404, 'NOT_FOUND', `nothing is served at ${method} ${path}`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (e instanceof HttpProblem) {
        send(res, e.status, { error: { code: e.code, message: e.message } });
        return;
      }
      options.log?.(`sandbox server: ${req.method} ${req.url}: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) send(res, 500, { error: { code: 'INTERNAL', message: 'the local platform failed to answer this request' } });
      else res.end();
    });
  });
  const port = options.port ?? 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
