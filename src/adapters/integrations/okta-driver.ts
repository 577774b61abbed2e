import { randomUUID, sign } from 'node:crypto';
import type { JsonObject } from '../../domain/common/json';
import { parseActionParams } from '../../domain/integrations/action-params';
import type { ConnectionConfig, OktaConnection } from '../../domain/integrations/connection-config';
import type { ConnectionSecrets } from '../../domain/integrations/connection-secrets';
import { interpretOktaResponse, type OktaContext } from '../../domain/integrations/provider-responses';
import type { ActionAttempt, ActionDriver, AttemptInput, ProbeResult } from '../../ports/integrations';
import { classifyOutcome, readObject, readString, reasonOf, requestAccessToken, succeed, type CallStep, type DriverDeps } from './driver-support';
import { sendHttpRequest, type HttpRequest } from './http-request';
import { TokenCache } from './token-cache';

/** Okta OAuth scopes that match a connection's ceiling: the token never carries more than the admin granted. */
const OKTA_OAUTH_SCOPES: Readonly<Record<string, string>> = {
  'users.read': 'okta.users.read',
  'groups.read': 'okta.groups.read',
  'groupMembership.write': 'okta.groups.manage',
};

interface OktaSession {
  readonly connection: OktaConnection;
  readonly secrets: ConnectionSecrets;
  readonly timeoutMs: number;
}

type OktaAction = 'okta.findUser' | 'okta.getManager' | 'okta.addGroupMember' | 'okta.removeGroupMember';

/** Okta management API with an SSWS API token or an OAuth service app (private_key_jwt). */
export class OktaDriver implements ActionDriver {
  private readonly tokens: TokenCache;

  constructor(private readonly deps: DriverDeps) {
    this.tokens = new TokenCache(deps.now);
  }

  async perform(input: AttemptInput): Promise<ActionAttempt> {
    const session = this.session(input.connection, input.secrets, input.timeoutMs);
    const { action, params } = input.call;
    switch (action) {
      case 'okta.findUser': {
        const p = this.params(action, params);
        const found = await this.call(session, 'GET', `/api/v1/users/${encodeURIComponent(p.user)}`, { operation: 'getUser', user: p.user });
        return found.ok ? succeed(found.status, describeOktaUser(found.body), found.body) : found.attempt;
      }
      case 'okta.getManager': {
        const p = this.params(action, params);
        const found = await this.call(session, 'GET', `/api/v1/users/${encodeURIComponent(p.user)}`, { operation: 'getUser', user: p.user });
        if (!found.ok) return found.attempt;
        const user = describeOktaUser(found.body);
        const manager = await this.readManager(session, user);
        return manager.ok ? succeed(manager.status, { userId: user['id'] ?? null, manager: manager.manager }) : manager.attempt;
      }
      case 'okta.addGroupMember':
      case 'okta.removeGroupMember': {
        const p = this.params(action, params);
        const adding = action === 'okta.addGroupMember';
        const step = await this.call(session, adding ? 'PUT' : 'DELETE', `/api/v1/groups/${encodeURIComponent(p.groupId)}/users/${encodeURIComponent(p.userId)}`, { operation: adding ? 'addMember' : 'removeMember', user: p.userId, groupId: p.groupId });
        // Okta answers 204 whether or not the membership already was as asked: it is idempotent.
        return step.ok ? succeed(step.status, { groupId: p.groupId, userId: p.userId }) : step.attempt;
      }
      default:
        throw new Error(`The Okta driver does not run ${action}`);
    }
  }

  async probe(connection: ConnectionConfig, secrets: ConnectionSecrets, timeoutMs: number): Promise<ProbeResult> {
    const session = this.session(connection, secrets, timeoutMs);
    const path = session.connection.scopes.includes('users.read') ? '/api/v1/users?limit=1' : session.connection.scopes.includes('groups.read') ? '/api/v1/groups?limit=1' : null;
    if (path === null) {
      const header = await this.authorization(session);
      return header.ok ? { ok: true, detail: 'Credentials accepted (the ceiling allows no read to try).' } : { ok: false, detail: reasonOf(header.attempt) };
    }
    const step = await this.call(session, 'GET', path, { operation: 'probe' });
    return step.ok ? { ok: true, detail: `Read ${path.includes('users') ? 'one user' : 'one group'} from Okta.` } : { ok: false, detail: reasonOf(step.attempt) };
  }

  /** The directory profile of a user, for the identity provider. */
  async readProfile(connection: OktaConnection, secrets: ConnectionSecrets, user: string, timeoutMs: number): Promise<{ ok: true; user: JsonObject; manager: JsonObject | null; groups: string[] } | { ok: false; attempt: ActionAttempt }> {
    const session: OktaSession = { connection, secrets, timeoutMs };
    const found = await this.call(session, 'GET', `/api/v1/users/${encodeURIComponent(user)}`, { operation: 'getUser', user });
    if (!found.ok) return found;
    const profile = describeOktaUser(found.body);
    const manager = await this.readManager(session, profile);
    if (!manager.ok) return manager;
    let groups: string[] = [];
    if (connection.scopes.includes('groups.read')) {
      const listed = await this.call(session, 'GET', `/api/v1/users/${encodeURIComponent(String(profile['id']))}/groups`, { operation: 'listGroups', user });
      if (!listed.ok) return listed;
      groups = (Array.isArray(listed.body) ? listed.body : []).map((g) => readString(readObject(g, 'profile'), 'name')).filter((n): n is string => n !== null);
    }
    return { ok: true, user: profile, manager: manager.manager, groups };
  }

  /** Only the id of a user (by login or id): one request, for a second directory at intake. */
  async findUserId(connection: OktaConnection, secrets: ConnectionSecrets, user: string, timeoutMs: number): Promise<{ ok: true; id: string } | { ok: false; attempt: ActionAttempt }> {
    const found = await this.call({ connection, secrets, timeoutMs }, 'GET', `/api/v1/users/${encodeURIComponent(user)}`, { operation: 'getUser', user });
    if (!found.ok) return found;
    return { ok: true, id: String(describeOktaUser(found.body)['id'] ?? '') };
  }

  /** Okta's managerId is free text (often the manager's user id): resolve it when possible. */
  private async readManager(session: OktaSession, user: JsonObject): Promise<{ ok: true; status: number; manager: JsonObject | null } | { ok: false; attempt: ActionAttempt }> {
    const managerId = typeof user['managerId'] === 'string' ? user['managerId'] : null;
    if (managerId === null) return { ok: true, status: 200, manager: null };
    const step = await this.call(session, 'GET', `/api/v1/users/${encodeURIComponent(managerId)}`, { operation: 'getManager', user: managerId });
    if (step.ok) return { ok: true, status: step.status, manager: describeOktaUser(step.body) };
    if (step.attempt.status === 404) return { ok: true, status: 404, manager: { id: managerId, email: null, displayName: null } };
    return step;
  }

  private session(connection: ConnectionConfig, secrets: ConnectionSecrets, timeoutMs: number): OktaSession {
    if (connection.kind !== 'okta') throw new Error(`The Okta driver cannot use a ${connection.kind} connection`);
    return { connection, secrets, timeoutMs };
  }

  private params<A extends OktaAction>(action: A, params: unknown) {
    const parsed = parseActionParams(action, params);
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.params;
  }

  private async call(session: OktaSession, method: HttpRequest['method'], path: string, ctx: OktaContext): Promise<CallStep> {
    for (let round = 0; round < 2; round += 1) {
      const auth = await this.authorization(session);
      if (!auth.ok) return auth;
      const outcome = await sendHttpRequest(this.deps.fetch, { method, url: `${session.connection.orgUrl}${path}`, headers: { Authorization: auth.header } }, session.timeoutMs, this.deps.now());
      if (outcome.kind === 'response' && outcome.status === 401 && auth.key !== undefined && round === 0) {
        this.tokens.invalidate(auth.key);
        continue;
      }
      return classifyOutcome(outcome, 'Okta', (status, body, retryAfterMs) => interpretOktaResponse({ status, body, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }, ctx));
    }
    throw new Error('unreachable');
  }

  private async authorization(session: OktaSession): Promise<{ ok: true; header: string; key?: string } | { ok: false; attempt: ActionAttempt }> {
    const { connection, secrets } = session;
    if (connection.auth.type === 'api-token') return { ok: true, header: `SSWS ${secrets['apiToken'] ?? ''}` };
    const { clientId, privateKeyId } = connection.auth;
    const privateKey = secrets['privateKey'] ?? '';
    const key = TokenCache.keyFor(connection.id, `${clientId}|${privateKeyId}|${privateKey}`);
    const cached = this.tokens.get(key);
    if (cached !== undefined) return { ok: true, header: `Bearer ${cached}`, key };
    const tokenUrl = `${connection.orgUrl}/oauth2/v1/token`;
    const nowSeconds = Math.floor(this.deps.now() / 1000);
    let assertion: string;
    try {
      assertion = signClientAssertion({ iss: clientId, sub: clientId, aud: tokenUrl, iat: nowSeconds, exp: nowSeconds + 300, jti: randomUUID() }, privateKeyId, privateKey);
    } catch {
      return { ok: false, attempt: { classification: { kind: 'permanent', code: 'unauthorized', reason: 'The Okta service app private key could not sign a client assertion: store a valid PEM key' }, status: null } };
    }
    const scope = connection.scopes.map((s) => OKTA_OAUTH_SCOPES[s]).filter((s): s is string => s !== undefined).join(' ');
    const token = await requestAccessToken(
      this.deps,
      this.tokens,
      key,
      {
        url: tokenUrl,
        form: { grant_type: 'client_credentials', scope, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion },
        timeoutMs: session.timeoutMs,
      },
      'Okta',
      (status, body, retryAfterMs) => interpretOktaResponse({ status, body, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }, { operation: 'token' }),
    );
    return token.ok ? { ok: true, header: `Bearer ${token.value}`, key } : token;
  }
}

function signClientAssertion(claims: Record<string, string | number>, kid: string, privateKeyPem: string): string {
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), privateKeyPem).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

function describeOktaUser(body: unknown): JsonObject {
  const profile = readObject(body, 'profile');
  const pick = (key: string) => readString(profile, key);
  const first = pick('firstName');
  const last = pick('lastName');
  return {
    id: readString(body, 'id'),
    status: readString(body, 'status'),
    login: pick('login'),
    email: pick('email'),
    displayName: [first, last].filter((n) => n !== null && n !== '').join(' ') || null,
    department: pick('department'),
    employeeType: pick('employeeType'),
    managerId: pick('managerId'),
  };
}
