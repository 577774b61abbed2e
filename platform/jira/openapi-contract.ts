/**
 * The official Jira platform and JSM OpenAPI documents as a router and validator.
 * Parsing the 2.3 MB platform document is costly, so it happens once per process and per directory.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

export type ApiName = 'platform' | 'jsm';

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Record<string, unknown>;
}

export interface OperationObject {
  operationId?: string;
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Record<string, unknown> }> };
  responses?: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

export interface RouteMatch {
  api: ApiName;
  template: string;
  method: string;
  operationId: string;
  operation: OperationObject;
  pathParams: Record<string, string>;
}

export type RouteLookup = { kind: 'match'; match: RouteMatch } | { kind: 'method-not-allowed'; template: string } | { kind: 'not-found' };

export interface OpenApiContract {
  /** Finds the documented operation for a method and a path without query string. */
  matchRoute(method: string, pathname: string): RouteLookup;
  /** Coerces and validates query parameters; returns the typed values or the errors with their parameter names. */
  parseQuery(match: RouteMatch, search: URLSearchParams): { values: Record<string, unknown>; errors: string[] };
  /** Validates a JSON request body against the documented schema; errors carry the JSON path. */
  validateRequestBody(match: RouteMatch, body: unknown): string[];
  /** Validates a response body against the schema documented for its status; errors carry the JSON path. */
  validateResponse(api: ApiName, method: string, template: string, status: number, body: unknown): string[];
}

const DEFAULT_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'openapi');
const cache = new Map<string, Promise<OpenApiContract>>();

/** Loads (once per directory and process) the router and validators built from the OpenAPI documents. */
export function loadOpenApiContract(openapiDir: string = DEFAULT_DIR): Promise<OpenApiContract> {
  const dir = path.resolve(openapiDir);
  let contract = cache.get(dir);
  if (!contract) {
    contract = buildContract(dir);
    cache.set(dir, contract);
    contract.catch(() => cache.delete(dir));
  }
  return contract;
}

function escapePointer(segment: string): string {
  return encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
}

function formatAjvErrors(errors: ErrorObject[] | null | undefined, root: string): string[] {
  return (errors ?? []).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? ` '${String((e.params as { additionalProperty?: string }).additionalProperty)}'` : '';
    return `${root}${e.instancePath || ''}: ${e.message ?? 'is invalid'}${extra}`;
  });
}

async function buildContract(dir: string): Promise<OpenApiContract> {
  const docs: Record<ApiName, Document> = {
    platform: JSON.parse(readFileSync(path.join(dir, 'jira-platform.v3.json'), 'utf8')) as Document,
    jsm: JSON.parse(readFileSync(path.join(dir, 'jsm.v3.json'), 'utf8')) as Document,
  };
  const routers: Record<ApiName, PathRouter> = { platform: buildPathRouter(docs.platform), jsm: buildPathRouter(docs.jsm) };

  const ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true, discriminator: false });
  addFormats(ajv);
  ajv.addSchema(docs.platform as object, 'platform');
  ajv.addSchema(docs.jsm as object, 'jsm');
  const compiled = new Map<string, ValidateFunction>();
  const compileAt = (api: ApiName, pointer: string[]): ValidateFunction => {
    const ref = `${api}#/${pointer.map(escapePointer).join('/')}`;
    let fn = compiled.get(ref);
    if (!fn) {
      fn = ajv.getSchema(ref);
      if (!fn) throw new Error(`OpenAPI schema not found at ${ref}`);
      compiled.set(ref, fn);
    }
    return fn;
  };
  const paramValidators = new WeakMap<object, ValidateFunction>();
  const paramValidator = (schema: Record<string, unknown>): ValidateFunction => {
    let fn = paramValidators.get(schema);
    if (!fn) {
      fn = ajv.compile(schema);
      paramValidators.set(schema, fn);
    }
    return fn;
  };

  const apiFor = (pathname: string): ApiName => (pathname.startsWith('/rest/servicedeskapi/') ? 'jsm' : 'platform');

  const operationOf = (api: ApiName, template: string, method: string): OperationObject | undefined => {
    const pathItem = (docs[api].paths as Record<string, Record<string, OperationObject> | undefined>)[template];
    return pathItem?.[method.toLowerCase()];
  };

  return {
    matchRoute(method, pathname) {
      const api = apiFor(pathname);
      const m = method.toLowerCase();
      const candidates = routers[api].match(pathname);
      const first = candidates[0];
      if (!first) return { kind: 'not-found' };
      for (const found of candidates) {
        const operation = operationOf(api, found.template, m);
        if (operation) return { kind: 'match', match: { api, template: found.template, method: m, operationId: operation.operationId ?? `${m} ${found.template}`, operation, pathParams: found.params } };
      }
      return { kind: 'method-not-allowed', template: first.template };
    },

    parseQuery(match, search) {
      const values: Record<string, unknown> = {};
      const errors: string[] = [];
      for (const param of match.operation.parameters ?? []) {
        if (param.in !== 'query') continue;
        const raw = search.getAll(param.name);
        if (raw.length === 0) {
          if (param.required) errors.push(`query parameter '${param.name}' is required`);
          continue;
        }
        const schema = param.schema ?? {};
        let value: unknown;
        if (schema.type === 'array') {
          const itemType = (schema.items as { type?: string } | undefined)?.type;
          value = raw.flatMap((r) => r.split(',')).filter((s) => s !== '').map((s) => coerceScalar(s, itemType));
        } else {
          value = coerceScalar(raw[raw.length - 1] ?? '', schema.type as string | undefined);
        }
        const validate = paramValidator(schema);
        if (!validate(value)) {
          errors.push(...formatAjvErrors(validate.errors, `query parameter '${param.name}'`));
          continue;
        }
        values[param.name] = value;
      }
      return { values, errors };
    },

    validateRequestBody(match, body) {
      const content = match.operation.requestBody?.content;
      if (!content) return [];
      if (body === undefined) return match.operation.requestBody?.required ? ['request body is required'] : [];
      if (!content['application/json']?.schema) return [];
      const validate = compileAt(match.api, ['paths', match.template, match.method, 'requestBody', 'content', 'application/json', 'schema']);
      return validate(body) ? [] : formatAjvErrors(validate.errors, 'body');
    },

    validateResponse(api, method, template, status, body) {
      const op = operationOf(api, template, method);
      if (!op) return [`${method.toUpperCase()} ${template} is not a documented operation`];
      const key = op.responses?.[String(status)] ? String(status) : op.responses?.default ? 'default' : undefined;
      if (!key) return status < 300 ? [`status ${status} is not documented for ${op.operationId ?? template}`] : [];
      if (!op.responses?.[key]?.content?.['application/json']?.schema) return [];
      const validate = compileAt(api, ['paths', template, method.toLowerCase(), 'responses', key, 'content', 'application/json', 'schema']);
      return validate(body) ? [] : formatAjvErrors(validate.errors, 'response');
    },
  };
}

interface Document {
  paths: Record<string, Record<string, OperationObject> | undefined>;
}

interface PathRouter {
  /** Every template the path fits, most literal first. */
  match(pathname: string): Array<{ template: string; params: Record<string, string> }>;
}

/**
 * Matches concrete paths to the documents' path templates. Where templates overlap, a literal segment wins
 * over a parameter at the first segment where they differ (`/issue/bulk` over `/issue/{issueIdOrKey}`).
 */
function buildPathRouter(doc: Document): PathRouter {
  const bySegments = new Map<number, Array<{ template: string; regex: RegExp; names: string[]; shape: string }>>();
  for (const template of Object.keys(doc.paths)) {
    const segments = template.split('/');
    const names: string[] = [];
    const pattern = segments
      .map((seg) => seg.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_m, name: string) => (names.push(name), '([^/]+)')))
      .join('/');
    const shape = segments.map((seg) => (seg.includes('{') ? '0' : '1')).join('');
    const list = bySegments.get(segments.length) ?? [];
    list.push({ template, regex: new RegExp(`^${pattern}$`), names, shape });
    bySegments.set(segments.length, list);
  }
  for (const list of bySegments.values()) list.sort((a, b) => (a.shape < b.shape ? 1 : a.shape > b.shape ? -1 : 0));
  return {
    match(pathname) {
      const trimmed = pathname.length > 1 ? pathname.replace(/\/$/, '') : pathname;
      const out: Array<{ template: string; params: Record<string, string> }> = [];
      for (const route of bySegments.get(trimmed.split('/').length) ?? []) {
        const m = route.regex.exec(trimmed);
        if (!m) continue;
        const params: Record<string, string> = {};
        route.names.forEach((name, i) => {
          const raw = m[i + 1] ?? '';
          try {
            params[name] = decodeURIComponent(raw);
          } catch {
            params[name] = raw;
          }
        });
        out.push({ template: route.template, params });
      }
      return out;
    },
  };
}

function coerceScalar(raw: string, type: string | undefined): unknown {
  if (type === 'integer' || type === 'number') return /^-?[0-9]+(\.[0-9]+)?$/.test(raw) ? Number(raw) : raw;
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}
