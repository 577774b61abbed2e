import type { JsonObject } from '../../domain/common/json';
import { parseActionParams } from '../../domain/integrations/action-params';
import { GRAPH_ORIGIN, type ConnectionConfig, type EntraConnection } from '../../domain/integrations/connection-config';
import type { ConnectionSecrets } from '../../domain/integrations/connection-secrets';
import { interpretGraphResponse, type GraphContext } from '../../domain/integrations/provider-responses';
import type { ActionAttempt, ActionDriver, AttemptInput, ProbeResult } from '../../ports/integrations';
import { classifyOutcome, readString, reasonOf, requestAccessToken, succeed, type CallStep, type DriverDeps } from './driver-support';
import { sendHttpRequest, type HttpRequest } from './http-request';
import { TokenCache } from './token-cache';

const USER_FIELDS = 'id,displayName,mail,userPrincipalName,department,employeeType,jobTitle';

interface GraphSession {
  readonly connection: EntraConnection;
  readonly secrets: ConnectionSecrets;
  readonly timeoutMs: number;
}

/** Microsoft Graph over OAuth2 client credentials: users, managers, group membership. */
export class GraphDriver implements ActionDriver {
  private readonly tokens: TokenCache;

  constructor(private readonly deps: DriverDeps) {
    this.tokens = new TokenCache(deps.now);
  }

  async perform(input: AttemptInput): Promise<ActionAttempt> {
    const session = this.session(input.connection, input.secrets, input.timeoutMs);
    const { action, params } = input.call;
    switch (action) {
      case 'entra.findUser': {
        const p = this.params(action, params);
        const found = await this.resolveUser(session, p.user);
        return found.ok ? succeed(found.status, describeUser(found.body), found.body) : found.attempt;
      }
      case 'entra.getManager': {
        const p = this.params(action, params);
        const found = await this.resolveUser(session, p.user);
        if (!found.ok) return found.attempt;
        const userId = readString(found.body, 'id') ?? '';
        const manager = await this.call(session, { method: 'GET', path: `/v1.0/users/${encodeURIComponent(userId)}/manager?$select=${USER_FIELDS}` }, { operation: 'getManager', user: p.user });
        if (!manager.ok) {
          // No manager set is an answer, not a failure: the manager lane then needs its fallback.
          if (manager.attempt.status === 404) return succeed(404, { userId, manager: null });
          return manager.attempt;
        }
        return succeed(manager.status, { userId, manager: describeUser(manager.body) }, manager.body);
      }
      case 'entra.addGroupMember': {
        const p = this.params(action, params);
        const body = JSON.stringify({ '@odata.id': `${GRAPH_ORIGIN}/v1.0/directoryObjects/${p.userId}` });
        const step = await this.call(session, { method: 'POST', path: `/v1.0/groups/${encodeURIComponent(p.groupId)}/members/$ref`, body }, { operation: 'addMember', user: p.userId, groupId: p.groupId });
        if (!step.ok) return step.attempt;
        const note = step.classification.kind === 'ok' ? step.classification.note : undefined;
        return succeed(step.status, { groupId: p.groupId, userId: p.userId, changed: note === undefined }, step.body, note);
      }
      case 'entra.removeGroupMember': {
        const p = this.params(action, params);
        const step = await this.call(session, { method: 'DELETE', path: `/v1.0/groups/${encodeURIComponent(p.groupId)}/members/${encodeURIComponent(p.userId)}/$ref` }, { operation: 'removeMember', user: p.userId, groupId: p.groupId });
        if (!step.ok) return step.attempt;
        const note = step.classification.kind === 'ok' ? step.classification.note : undefined;
        return succeed(step.status, { groupId: p.groupId, userId: p.userId, changed: note === undefined }, step.body, note);
      }
      default:
        throw new Error(`The Graph driver does not run ${action}`);
    }
  }

  /** A harmless read the ceiling allows: list one user, or else just obtain a token. */
  async probe(connection: ConnectionConfig, secrets: ConnectionSecrets, timeoutMs: number): Promise<ProbeResult> {
    const session = this.session(connection, secrets, timeoutMs);
    if (session.connection.scopes.includes('users.read')) {
      const step = await this.call(session, { method: 'GET', path: '/v1.0/users?$top=1&$select=id' }, { operation: 'probe' });
      return step.ok ? { ok: true, detail: 'Obtained a token and read one user from Microsoft Graph.' } : { ok: false, detail: reasonOf(step.attempt) };
    }
    const token = await this.token(session);
    return token.ok ? { ok: true, detail: 'Obtained a token from the Microsoft identity platform (the ceiling allows no read to try).' } : { ok: false, detail: reasonOf(token.attempt) };
  }

  /** The directory profile of a user, for the identity provider. */
  async readProfile(connection: EntraConnection, secrets: ConnectionSecrets, user: string, timeoutMs: number): Promise<{ ok: true; user: JsonObject; manager: JsonObject | null; groups: string[] } | { ok: false; attempt: ActionAttempt }> {
    const session: GraphSession = { connection, secrets, timeoutMs };
    const found = await this.resolveUser(session, user);
    if (!found.ok) return found;
    const profile = describeUser(found.body);
    const id = String(profile['id'] ?? '');
    const manager = await this.call(session, { method: 'GET', path: `/v1.0/users/${encodeURIComponent(id)}/manager?$select=${USER_FIELDS}` }, { operation: 'getManager', user });
    if (!manager.ok && manager.attempt.status !== 404) return manager;
    let groups: string[] = [];
    if (connection.scopes.includes('groups.read')) {
      const memberOf = await this.call(session, { method: 'GET', path: `/v1.0/users/${encodeURIComponent(id)}/memberOf?$select=id,displayName` }, { operation: 'memberOf', user });
      if (!memberOf.ok) return memberOf;
      const value = (memberOf.body as { value?: unknown[] } | null)?.value ?? [];
      groups = value.map((g) => readString(g, 'displayName')).filter((n): n is string => n !== null);
    }
    return { ok: true, user: profile, manager: manager.ok ? describeUser(manager.body) : null, groups };
  }

  /** Only the object id of a user (by UPN, object id or mail): one request, for a second directory at intake. */
  async findUserId(connection: EntraConnection, secrets: ConnectionSecrets, user: string, timeoutMs: number): Promise<{ ok: true; id: string } | { ok: false; attempt: ActionAttempt }> {
    const found = await this.resolveUser({ connection, secrets, timeoutMs }, user);
    if (!found.ok) return found;
    return { ok: true, id: String(describeUser(found.body)['id'] ?? '') };
  }

  private session(connection: ConnectionConfig, secrets: ConnectionSecrets, timeoutMs: number): GraphSession {
    if (connection.kind !== 'entra') throw new Error(`The Graph driver cannot use a ${connection.kind} connection`);
    return { connection, secrets, timeoutMs };
  }

  private params<A extends 'entra.findUser' | 'entra.getManager' | 'entra.addGroupMember' | 'entra.removeGroupMember'>(action: A, params: unknown) {
    const parsed = parseActionParams(action, params);
    // The executor validates before calling; this guards direct use of the driver.
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.params;
  }

  /** By UPN or object id first; an email that is not a UPN is looked up by mail. */
  private async resolveUser(session: GraphSession, user: string): Promise<CallStep> {
    const ctx: GraphContext = { operation: 'getUser', user };
    const direct = await this.call(session, { method: 'GET', path: `/v1.0/users/${encodeURIComponent(user)}?$select=${USER_FIELDS}` }, ctx);
    if (direct.ok || direct.attempt.status !== 404 || !user.includes('@')) return direct;
    const filter = `mail eq '${user.replace(/'/g, "''")}'`;
    // Two at most: a mail address shared by several users names nobody, and a grant must not guess.
    const byMail = await this.call(session, { method: 'GET', path: `/v1.0/users?$filter=${encodeURIComponent(filter)}&$select=${USER_FIELDS}&$top=2` }, ctx);
    if (!byMail.ok) return byMail;
    const found = (byMail.body as { value?: unknown[] } | null)?.value ?? [];
    return found.length === 1 ? { ...byMail, body: found[0] } : direct;
  }

  /** One Graph request with a bearer token; a 401 drops the cached token and tries once more. */
  private async call(session: GraphSession, request: { method: HttpRequest['method']; path: string; body?: string }, ctx: GraphContext): Promise<CallStep> {
    for (let round = 0; round < 2; round += 1) {
      const token = await this.token(session);
      if (!token.ok) return token;
      const headers: Record<string, string> = { Authorization: `Bearer ${token.value}` };
      if (request.body !== undefined) headers['Content-Type'] = 'application/json';
      const outcome = await sendHttpRequest(this.deps.fetch, { method: request.method, url: `${GRAPH_ORIGIN}${request.path}`, headers, ...(request.body !== undefined ? { body: request.body } : {}) }, session.timeoutMs, this.deps.now());
      if (outcome.kind === 'response' && outcome.status === 401 && round === 0) {
        this.tokens.invalidate(token.key);
        continue;
      }
      return classifyOutcome(outcome, 'Microsoft Graph', (status, body, retryAfterMs) => interpretGraphResponse({ status, body, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }, ctx));
    }
    throw new Error('unreachable');
  }

  private async token(session: GraphSession): Promise<{ ok: true; value: string; key: string } | { ok: false; attempt: ActionAttempt }> {
    const secret = session.secrets['clientSecret'] ?? '';
    const key = TokenCache.keyFor(session.connection.id, `${session.connection.tenantId}|${session.connection.clientId}|${secret}`);
    const cached = this.tokens.get(key);
    if (cached !== undefined) return { ok: true, value: cached, key };
    const { connection } = session;
    const token = await requestAccessToken(
      this.deps,
      this.tokens,
      key,
      {
        url: `${connection.authorityHost}/${encodeURIComponent(connection.tenantId)}/oauth2/v2.0/token`,
        form: { client_id: connection.clientId, client_secret: secret, scope: `${GRAPH_ORIGIN}/.default`, grant_type: 'client_credentials' },
        timeoutMs: session.timeoutMs,
      },
      'The Microsoft identity platform',
      (status, body, retryAfterMs) => interpretGraphResponse({ status, body, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }, { operation: 'token' }),
    );
    return token.ok ? { ok: true, value: token.value, key } : token;
  }
}

function describeUser(body: unknown): JsonObject {
  const pick = (key: string) => readString(body, key);
  return {
    id: pick('id'),
    displayName: pick('displayName'),
    mail: pick('mail'),
    userPrincipalName: pick('userPrincipalName'),
    department: pick('department'),
    employeeType: pick('employeeType'),
    jobTitle: pick('jobTitle'),
  };
}

