import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultBook, FaultStep, StandInService } from './fault-rules';

/** A request as the stand-in handlers see it. */
export interface StandInRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly bodyText: string;
}

export interface StandInReply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Objects are sent as JSON, strings as text, undefined as an empty body. */
  readonly body?: unknown;
}

/** One request a stand-in received, as the tests and the sandbox see it (credentials masked). */
export interface ExternalCall {
  readonly service: StandInService;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  /** Request headers, with credentials masked. */
  readonly headers: Readonly<Record<string, string>>;
  /** Request body as text, with credential fields masked. */
  readonly body: string;
  /** Status answered; `reset` when the connection was dropped, `hang` when it never answered. */
  readonly status: number | 'reset' | 'hang';
  /** True when the answer came from an injected fault. */
  readonly injected: boolean;
}

export interface ServiceOptions {
  readonly service: StandInService;
  readonly faults: FaultBook;
  readonly record: (call: ExternalCall) => void;
  /** The provider's own error body for a status, used by injected faults. */
  readonly errorBody: (status: number) => unknown;
  readonly handle: (request: StandInRequest) => StandInReply | Promise<StandInReply>;
}

export interface RunningService {
  readonly origin: string;
  close(): Promise<void>;
}

const MASKED_HEADERS = new Set(['authorization', 'x-signature', 'proxy-authorization']);
const MASKED_FORM_FIELDS = /(client_secret|client_assertion)=[^&]*/g;

/** The stand-in log keeps no credentials either: the sandbox shows it to people. */
function maskHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    result[name] = MASKED_HEADERS.has(name) ? `${text.split(' ')[0] ?? ''} ***`.trim() : text;
  }
  return result;
}

/** Starts one stand-in on 127.0.0.1 at a free port. */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const request: StandInRequest = {
        method: (req.method ?? 'GET').toUpperCase(),
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        headers: req.headers,
        bodyText: Buffer.concat(chunks).toString('utf8'),
      };
      const base = {
        service: options.service,
        method: request.method,
        path: request.path,
        query: url.search,
        headers: maskHeaders(req.headers),
        body: request.bodyText.replace(MASKED_FORM_FIELDS, '$1=***'),
      };
      void respond(options, request, res, options.faults.take(options.service, request.method, request.path), (status, injected) =>
        options.record({ ...base, status, injected }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function respond(
  options: ServiceOptions,
  request: StandInRequest,
  res: ServerResponse,
  step: FaultStep,
  record: (status: ExternalCall['status'], injected: boolean) => void,
): Promise<void> {
  if (step.type === 'reset') {
    record('reset', true);
    res.socket?.destroy();
    return;
  }
  if (step.type === 'hang') {
    record('hang', true);
    return;
  }
  if (step.type === 'delay') await new Promise((resolve) => setTimeout(resolve, step.ms));
  let reply: StandInReply;
  if (step.type === 'status') {
    const headers: Record<string, string> = { ...(step.headers ?? {}) };
    if (step.retryAfter !== undefined) headers['retry-after'] = step.retryAfter;
    reply = { status: step.status, headers, body: step.body ?? options.errorBody(step.status) };
  } else {
    try {
      reply = await options.handle(request);
    } catch (error) {
      reply = { status: 500, body: { error: 'stand-in failure', message: error instanceof Error ? error.message : String(error) } };
    }
  }
  record(reply.status, step.type === 'status');
  if (res.destroyed) return;
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  let payload = '';
  if (typeof reply.body === 'string') {
    payload = reply.body;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** Parses a JSON or form body; undefined when it is neither. */
export function readBody(request: StandInRequest): unknown {
  const type = String(request.headers['content-type'] ?? '');
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(request.bodyText));
  if (request.bodyText === '') return undefined;
  try {
    return JSON.parse(request.bodyText) as unknown;
  } catch {
    return undefined;
  }
}

/** The bearer token of a request, or undefined. */
export function readBearer(request: StandInRequest, scheme = 'Bearer'): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const [given, token] = header.split(' ');
  return given === scheme && token !== undefined && token !== '' ? token : undefined;
}
