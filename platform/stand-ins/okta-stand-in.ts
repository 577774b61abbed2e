import { createPublicKey, randomBytes, verify } from 'node:crypto';
import type { SeedUser } from './directory-seed';
import type { StandInState } from './stand-in-state';
import { readBearer, readBody, type StandInReply, type StandInRequest } from './stand-in-server';

export interface OktaApiToken {
  readonly token: string;
  /** A read-only admin token: writes answer 403 E0000006. */
  readonly readOnly?: boolean;
}

export interface OktaServiceApp {
  readonly clientId: string;
  readonly kid: string;
  /** PEM public key registered on the service app (its private key signs client assertions). */
  readonly publicKeyPem: string;
  readonly scopes?: readonly string[];
}

const OKTA_ERRORS: Readonly<Record<number, [string, string]>> = {
  400: ['E0000001', 'Api validation failed'],
  401: ['E0000011', 'Invalid token provided'],
  403: ['E0000006', 'You do not have permission to perform the requested action'],
  404: ['E0000007', 'Not found: Resource not found'],
  429: ['E0000047', 'API call exceeded rate limit due to too many requests.'],
  500: ['E0000009', 'Internal Server Error'],
  502: ['E0000009', 'Internal Server Error'],
  503: ['E0000010', 'Service is in read only mode'],
  504: ['E0000009', 'Internal Server Error'],
};

/** Okta's error body `{ errorCode, errorSummary, errorLink, errorId, errorCauses }`. */
export function oktaError(status: number, summary?: string, causes: string[] = []): unknown {
  const [code, defaultSummary] = OKTA_ERRORS[status] ?? ['E0000009', 'Internal Server Error'];
  return { errorCode: code, errorSummary: summary ?? defaultSummary, errorLink: code, errorId: `oae${randomBytes(10).toString('base64url')}`, errorCauses: causes.map((errorSummary) => ({ errorSummary })) };
}

function oktaUser(user: SeedUser, orgUrl: string, state: StandInState): Record<string, unknown> {
  const [firstName, lastName] = user.displayName.split(' ');
  const manager = state.users.find((u) => u.key === user.managerKey);
  return {
    id: user.oktaId,
    status: 'ACTIVE',
    created: '2024-01-15T09:00:00.000Z',
    activated: '2024-01-15T09:00:00.000Z',
    statusChanged: '2024-01-15T09:00:00.000Z',
    lastLogin: null,
    lastUpdated: '2025-06-01T09:00:00.000Z',
    passwordChanged: null,
    type: { id: 'oty1defaultusertype0' },
    profile: {
      firstName: firstName ?? '',
      lastName: lastName ?? '',
      mobilePhone: null,
      secondEmail: null,
      login: user.email,
      email: user.email,
      title: user.jobTitle,
      department: user.department,
      employeeType: user.employeeType,
      ...(manager !== undefined ? { managerId: manager.oktaId, manager: manager.displayName } : {}),
    },
    _links: { self: { href: `${orgUrl}/api/v1/users/${user.oktaId}` } },
  };
}

/** Checks an RS256 client assertion (private_key_jwt) against the registered public key. */
function verifyAssertion(assertion: string, app: OktaServiceApp, audience: string): boolean {
  const [header, payload, signature] = assertion.split('.');
  if (header === undefined || payload === undefined || signature === undefined) return false;
  try {
    const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (head['alg'] !== 'RS256' || head['kid'] !== app.kid) return false;
    if (claims['iss'] !== app.clientId || claims['sub'] !== app.clientId || claims['aud'] !== audience) return false;
    if (typeof claims['exp'] !== 'number' || typeof claims['jti'] !== 'string') return false;
    return verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), createPublicKey(app.publicKeyPem), Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/** The Okta management API routes the app uses, plus the org authorization server's token endpoint. */
export function handleOkta(
  request: StandInRequest,
  state: StandInState,
  orgUrl: string,
  apiTokens: readonly OktaApiToken[],
  serviceApps: readonly OktaServiceApp[],
  lifetimeSeconds: number,
): StandInReply {
  if (request.path === '/oauth2/v1/token' && request.method === 'POST') {
    state.tokenRequests.okta += 1;
    const form = (readBody(request) ?? {}) as Record<string, string>;
    const app = serviceApps.find((a) => a.clientId === form['client_id']) ?? serviceApps.find((a) => form['client_assertion']?.includes('.') === true && verifyAssertion(form['client_assertion'], a, `${orgUrl}/oauth2/v1/token`));
    if (form['grant_type'] !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'The authorization grant type is not supported by the authorization server.' } };
    if (app === undefined || form['client_assertion_type'] !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' || !verifyAssertion(form['client_assertion'] ?? '', app, `${orgUrl}/oauth2/v1/token`)) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'The client_assertion signature is invalid.' } };
    }
    const requested = (form['scope'] ?? '').split(' ').filter((s) => s !== '');
    const allowed = app.scopes ?? ['okta.users.read', 'okta.groups.read', 'okta.groups.manage'];
    const missing = requested.filter((s) => !allowed.includes(s));
    if (missing.length > 0) return { status: 400, body: { error: 'invalid_scope', error_description: `The following scopes are not allowed: ${missing.join(', ')}` } };
    const token = `eyJraWQiOiJvcmciLCJhbGciOiJSUzI1NiJ9.${randomBytes(24).toString('base64url')}.${randomBytes(24).toString('base64url')}`;
    state.tokens.set(token, { service: 'okta', clientId: app.clientId, permissions: requested });
    return { status: 200, body: { token_type: 'Bearer', expires_in: lifetimeSeconds, access_token: token, scope: requested.join(' ') } };
  }

  const header = request.headers.authorization;
  const ssws = typeof header === 'string' && header.startsWith('SSWS ') ? header.slice(5) : undefined;
  const apiToken = ssws === undefined ? undefined : apiTokens.find((t) => t.token === ssws);
  const bearer = readBearer(request);
  const oauth = bearer === undefined ? undefined : state.tokens.get(bearer);
  if (apiToken === undefined && (oauth === undefined || oauth.service !== 'okta')) return { status: 401, body: oktaError(401) };
  const mayWrite = apiToken !== undefined ? apiToken.readOnly !== true : oauth?.permissions.includes('okta.groups.manage') === true;
  const mayReadUsers = apiToken !== undefined || oauth?.permissions.includes('okta.users.read') === true;
  const denied = { status: 403, body: oktaError(403) };
  const findUser = (ref: string) => state.users.find((u) => u.oktaId === ref || u.email.toLowerCase() === ref.toLowerCase());
  const userNotFound = (ref: string) => ({ status: 404, body: oktaError(404, `Not found: Resource not found: ${ref} (User)`) });
  const groupNotFound = (ref: string) => ({ status: 404, body: oktaError(404, `Not found: Resource not found: ${ref} (UserGroup)`) });
  let m: RegExpExecArray | null;

  if (request.method === 'GET' && request.path === '/api/v1/users') {
    if (!mayReadUsers) return denied;
    const search = request.query.get('search');
    let users = state.users;
    if (search !== null) {
      const s = /^profile\.(email|login) eq "([^"]*)"$/.exec(search);
      if (s === null) return { status: 400, body: oktaError(400, 'Invalid search criteria.') };
      users = users.filter((u) => u.email.toLowerCase() === (s[2] as string).toLowerCase());
    }
    const limit = Number(request.query.get('limit') ?? '200');
    return { status: 200, body: users.slice(0, limit).map((u) => oktaUser(u, orgUrl, state)) };
  }
  if ((m = /^\/api\/v1\/users\/([^/]+)(\/groups)?$/.exec(request.path)) !== null && request.method === 'GET') {
    if (!mayReadUsers) return denied;
    const user = findUser(m[1] as string);
    if (user === undefined) return userNotFound(m[1] as string);
    if (m[2] === '/groups') {
      const groups = state.groups.filter((g) => state.oktaMembers.get(g.oktaId)?.has(user.oktaId));
      return { status: 200, body: groups.map((g) => ({ id: g.oktaId, type: g.oktaType, profile: { name: g.name, description: null } })) };
    }
    return { status: 200, body: oktaUser(user, orgUrl, state) };
  }
  if (request.method === 'GET' && request.path === '/api/v1/groups') {
    const limit = Number(request.query.get('limit') ?? '200');
    return { status: 200, body: state.groups.slice(0, limit).map((g) => ({ id: g.oktaId, type: g.oktaType, profile: { name: g.name, description: null } })) };
  }
  if ((m = /^\/api\/v1\/groups\/([^/]+)\/users\/([^/]+)$/.exec(request.path)) !== null && (request.method === 'PUT' || request.method === 'DELETE')) {
    if (!mayWrite) return denied;
    const group = state.groups.find((g) => g.oktaId === m?.[1]);
    if (group === undefined) return groupNotFound(m[1] as string);
    const user = state.users.find((u) => u.oktaId === m?.[2]);
    if (user === undefined) return userNotFound(m[2] as string);
    if (group.oktaType !== 'OKTA_GROUP') {
      return { status: 400, body: oktaError(400, 'Api validation failed: group', [`Cannot modify the members of a group of type ${group.oktaType}.`]) };
    }
    const members = state.oktaMembers.get(group.oktaId) as Set<string>;
    // Okta is idempotent here: adding a member or removing a non-member both answer 204.
    if (request.method === 'PUT') members.add(user.oktaId);
    else members.delete(user.oktaId);
    return { status: 204 };
  }
  return { status: 404, body: oktaError(404, `Not found: Resource not found: ${request.path} (Route)`) };
}
