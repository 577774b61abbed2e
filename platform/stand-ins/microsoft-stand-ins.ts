import { randomBytes } from 'node:crypto';
import type { SeedGroup, SeedUser } from './directory-seed';
import type { StandInState } from './stand-in-state';
import { readBearer, readBody, type StandInReply, type StandInRequest } from './stand-in-server';

/** An app registration the identity stand-in accepts, with its Graph application permissions. */
export interface EntraAppRegistration {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Graph application permissions granted with admin consent. */
  readonly roles?: readonly string[];
}

export const ALL_GRAPH_ROLES = ['User.Read.All', 'Group.Read.All', 'GroupMember.ReadWrite.All'];

const GRAPH_ERROR_CODES: Readonly<Record<number, [string, string]>> = {
  400: ['Request_BadRequest', 'Invalid request.'],
  401: ['InvalidAuthenticationToken', 'Access token is empty.'],
  403: ['Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'],
  404: ['Request_ResourceNotFound', 'Resource does not exist.'],
  429: ['TooManyRequests', 'Too many requests.'],
  500: ['generalException', 'An internal server error occurred.'],
  502: ['BadGateway', 'Bad gateway.'],
  503: ['serviceNotAvailable', 'The service is temporarily unavailable. Try again later.'],
  504: ['GatewayTimeout', 'Gateway timeout.'],
};

/** Graph's error body: `{ error: { code, message, innerError } }`. */
export function graphError(status: number, code?: string, message?: string): unknown {
  const [defaultCode, defaultMessage] = GRAPH_ERROR_CODES[status] ?? ['UnknownError', 'Error.'];
  return {
    error: {
      code: code ?? defaultCode,
      message: message ?? defaultMessage,
      innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': randomId(), 'client-request-id': randomId() },
    },
  };
}

/** The identity platform's error body. */
export function identityError(error: string, description: string, code: number): unknown {
  return {
    error,
    error_description: `${description}\r\nTrace ID: ${randomId()}\r\nCorrelation ID: ${randomId()}\r\nTimestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: randomId(),
    correlation_id: randomId(),
  };
}

function randomId(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** POST /{tenant}/oauth2/v2.0/token (client credentials) as login.microsoftonline.com answers it. */
export function handleMicrosoftToken(
  request: StandInRequest,
  state: StandInState,
  apps: readonly EntraAppRegistration[],
  lifetimeSeconds: number,
): StandInReply {
  const match = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(request.path);
  if (request.method !== 'POST' || match === null) return { status: 404, body: '' };
  state.tokenRequests.graph += 1;
  const tenant = match[1] as string;
  const form = (readBody(request) ?? {}) as Record<string, string>;
  if (!apps.some((a) => a.tenantId === tenant)) {
    return { status: 400, body: identityError('invalid_request', `AADSTS90002: Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`, 90002) };
  }
  if (form['grant_type'] !== 'client_credentials') {
    return { status: 400, body: identityError('unsupported_grant_type', 'AADSTS70003: The app requested an unsupported grant type.', 70003) };
  }
  if (form['scope'] !== 'https://graph.microsoft.com/.default') {
    return { status: 400, body: identityError('invalid_scope', `AADSTS1002012: The provided value for scope ${form['scope'] ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`, 1002012) };
  }
  const app = apps.find((a) => a.tenantId === tenant && a.clientId === form['client_id']);
  if (app === undefined) {
    return { status: 400, body: identityError('unauthorized_client', `AADSTS700016: Application with identifier '${form['client_id'] ?? ''}' was not found in the directory.`, 700016) };
  }
  if (form['client_secret'] !== app.clientSecret) {
    return { status: 401, body: identityError('invalid_client', "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" + app.clientId + "'.", 7000215) };
  }
  const token = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${randomBytes(24).toString('base64url')}.${randomBytes(24).toString('base64url')}`;
  state.tokens.set(token, { service: 'graph', clientId: app.clientId, permissions: app.roles ?? ALL_GRAPH_ROLES });
  return { status: 200, body: { token_type: 'Bearer', expires_in: lifetimeSeconds, ext_expires_in: lifetimeSeconds, access_token: token } };
}

const DEFAULT_USER_FIELDS = ['businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id'];

function graphUser(user: SeedUser, select: string | null): Record<string, unknown> {
  const [givenName, surname] = user.displayName.split(' ');
  const full: Record<string, unknown> = {
    id: user.entraId,
    businessPhones: [],
    displayName: user.displayName,
    givenName: givenName ?? null,
    surname: surname ?? null,
    jobTitle: user.jobTitle,
    mail: user.email,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: 'en-US',
    userPrincipalName: user.upn ?? user.email,
    department: user.department,
    employeeType: user.employeeType,
  };
  const fields = select === null ? DEFAULT_USER_FIELDS : select.split(',').map((f) => f.trim());
  const result: Record<string, unknown> = { '@odata.type': '#microsoft.graph.user' };
  for (const field of fields) if (field in full) result[field] = full[field];
  return result;
}

const notFound = (id: string) => ({ status: 404, body: graphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`) });

/** Microsoft Graph v1.0: the user, manager, memberOf, group and membership ($ref) routes the app uses. */
export function handleGraph(request: StandInRequest, state: StandInState): StandInReply {
  const token = readBearer(request);
  const issued = token === undefined ? undefined : state.tokens.get(token);
  if (issued === undefined || issued.service !== 'graph') {
    return { status: 401, body: graphError(401, 'InvalidAuthenticationToken', token === undefined ? 'Access token is empty.' : 'Access token validation failure. Invalid audience.') };
  }
  const can = (role: string) => issued.permissions.includes(role) || (role === 'Group.Read.All' && issued.permissions.includes('GroupMember.ReadWrite.All'));
  const denied = { status: 403, body: graphError(403) };
  // Graph's /users/{id} takes an object id or a user principal name, not a mail address.
  const findUser = (ref: string) => state.users.find((u) => u.entraId === ref || (u.upn ?? u.email).toLowerCase() === ref.toLowerCase());
  const findGroup = (id: string): SeedGroup | undefined => state.groups.find((g) => g.entraId === id);
  const path = request.path.replace(/^\/v1\.0/, '');
  const select = request.query.get('$select');
  let m: RegExpExecArray | null;

  if (request.method === 'GET' && path === '/organization') {
    return { status: 200, body: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#organization', value: [{ id: 'org', displayName: 'Example Corp' }] } };
  }
  if (request.method === 'GET' && path === '/users') {
    if (!can('User.Read.All')) return denied;
    const filter = request.query.get('$filter');
    let users = state.users;
    if (filter !== null) {
      const f = /^(mail|userPrincipalName) eq '((?:[^']|'')*)'$/.exec(filter);
      if (f === null) return { status: 400, body: graphError(400, 'Request_UnsupportedQuery', `Unsupported Query: ${filter}`) };
      const wanted = (f[2] as string).replace(/''/g, "'").toLowerCase();
      users = users.filter((u) => (f[1] === 'mail' ? u.email : (u.upn ?? u.email)).toLowerCase() === wanted);
    }
    const top = Number(request.query.get('$top') ?? '100');
    return { status: 200, body: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users', value: users.slice(0, top).map((u) => graphUser(u, select)) } };
  }
  if ((m = /^\/users\/([^/]+)(\/manager|\/memberOf)?$/.exec(path)) !== null && request.method === 'GET') {
    if (!can('User.Read.All')) return denied;
    const user = findUser(m[1] as string);
    if (user === undefined) return notFound(m[1] as string);
    if (m[2] === '/manager') {
      const manager = state.users.find((u) => u.key === user.managerKey);
      return manager === undefined ? notFound('manager') : { status: 200, body: graphUser(manager, select) };
    }
    if (m[2] === '/memberOf') {
      if (!can('Group.Read.All')) return denied;
      const groups = state.groups.filter((g) => state.entraMembers.get(g.entraId)?.has(user.entraId));
      return { status: 200, body: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#directoryObjects', value: groups.map((g) => ({ '@odata.type': '#microsoft.graph.group', id: g.entraId, displayName: g.name })) } };
    }
    return { status: 200, body: graphUser(user, select) };
  }
  if ((m = /^\/groups\/([^/]+)$/.exec(path)) !== null && request.method === 'GET') {
    if (!can('Group.Read.All')) return denied;
    const group = findGroup(m[1] as string);
    return group === undefined ? notFound(m[1] as string) : { status: 200, body: { id: group.entraId, displayName: group.name } };
  }
  if ((m = /^\/groups\/([^/]+)\/members\/\$ref$/.exec(path)) !== null && request.method === 'POST') {
    if (!can('GroupMember.ReadWrite.All')) return denied;
    const group = findGroup(m[1] as string);
    if (group === undefined) return notFound(m[1] as string);
    const body = readBody(request) as Record<string, unknown> | undefined;
    const ref = typeof body?.['@odata.id'] === 'string' ? (body['@odata.id'] as string) : '';
    const id = /\/directoryObjects\/([^/]+)$/.exec(ref)?.[1];
    if (id === undefined) return { status: 400, body: graphError(400, 'Request_BadRequest', "Invalid URL format specified in @odata.id for navigation property 'members'.") };
    const user = findUser(id);
    if (user === undefined || user.entraId !== id) return notFound(id);
    const members = state.entraMembers.get(group.entraId) as Set<string>;
    if (members.has(user.entraId)) {
      return { status: 400, body: graphError(400, 'Request_BadRequest', "One or more added object references already exist for the following modified properties: 'members'.") };
    }
    members.add(user.entraId);
    return { status: 204 };
  }
  if ((m = /^\/groups\/([^/]+)\/members\/([^/]+)\/\$ref$/.exec(path)) !== null && request.method === 'DELETE') {
    if (!can('GroupMember.ReadWrite.All')) return denied;
    const group = findGroup(m[1] as string);
    if (group === undefined) return notFound(m[1] as string);
    const members = state.entraMembers.get(group.entraId) as Set<string>;
    if (!members.has(m[2] as string)) return notFound(m[2] as string);
    members.delete(m[2] as string);
    return { status: 204 };
  }
  return { status: 400, body: graphError(400, 'BadRequest', `Resource not found for the segment '${path.split('/')[1] ?? ''}'.`) };
}
