import { checkCeiling } from '../../domain/integrations/action-scopes';
import { sanitizeText } from '../../domain/integrations/call-record';
import { normalizeEmploymentType, type DirectoryKind, type DirectoryProfile } from '../../domain/integrations/directory-profile';
import type { JsonObject } from '../../domain/common/json';
import type { ConnectionStore } from '../../ports/connection-store';
import type { IdentityProvider, RequesterLookup } from '../../ports/identity-provider';
import type { ActionAttempt } from '../../ports/integrations';
import type { SecretStore } from '../../ports/secret-store';
import type { GraphDriver } from './graph-driver';
import type { OktaDriver } from './okta-driver';

export interface DirectoryIdentityDeps {
  readonly connections: ConnectionStore;
  readonly secrets: SecretStore;
  readonly graph: GraphDriver;
  readonly okta: OktaDriver;
  /** The connection that describes requesters; when absent, the only Entra or Okta connection. */
  readonly connectionId?: string;
  readonly timeoutMs?: number;
}

/**
 * The identity provider at intake, backed by Graph or Okta per configuration. The manager comes
 * back as an email (`managerEmail`): intake maps it to an Atlassian account with Jira's user search.
 */
export function createDirectoryIdentityProvider(deps: DirectoryIdentityDeps): IdentityProvider {
  return {
    async lookupRequester(emailOrLogin: string, options: { readonly alsoIn?: readonly DirectoryKind[] } = {}): Promise<RequesterLookup> {
      const all = await deps.connections.list();
      const candidates = all.filter((c) => (deps.connectionId !== undefined ? c.config.id === deps.connectionId : c.config.kind === 'entra' || c.config.kind === 'okta'));
      const connection = candidates.length === 1 ? candidates[0] : undefined;
      if (connection === undefined) {
        return { status: 'not-configured', reason: candidates.length === 0 ? 'No Entra ID or Okta connection describes requesters.' : 'Several directory connections exist: choose the one that describes requesters.' };
      }
      const config = connection.config;
      if (config.kind !== 'entra' && config.kind !== 'okta') return { status: 'not-configured', reason: `Connection "${config.id}" is not a directory.` };
      const ceiling = checkCeiling(config, config.kind === 'entra' ? 'entra.findUser' : 'okta.findUser');
      if ('refused' in ceiling) return { status: 'not-configured', reason: ceiling.reason };
      const secrets = connection.secretSet ? await deps.secrets.get(config.id) : undefined;
      if (secrets === undefined) return { status: 'not-configured', reason: `Connection "${config.id}" has no credentials set.` };
      const timeoutMs = deps.timeoutMs ?? 10_000;
      const read = config.kind === 'entra' ? await deps.graph.readProfile(config, secrets, emailOrLogin, timeoutMs) : await deps.okta.readProfile(config, secrets, emailOrLogin, timeoutMs);
      if (!read.ok) return describeFailure(read.attempt, Object.values(secrets));
      const profile = toProfile(config.kind, read.user, read.manager, read.groups);
      const other: DirectoryKind = config.kind === 'entra' ? 'okta' : 'entra';
      const otherId = options.alsoIn?.includes(other) ? await findInOtherDirectory(deps, all, other, emailOrLogin, timeoutMs) : undefined;
      return { status: 'found', profile: otherId === undefined ? profile : { ...profile, directoryIds: { ...profile.directoryIds, [other]: otherId } } };
    },
  };
}

/**
 * The requester's id in the other directory, when the workflow grants there and exactly one
 * connection of that kind may look users up: one request, so the workflow knows whom to add. Anything else (no such
 * connection, not found, unavailable) leaves it out: routing never depends on it, and the step
 * that would need it is refused with the reason.
 */
async function findInOtherDirectory(
  deps: DirectoryIdentityDeps,
  all: Awaited<ReturnType<ConnectionStore['list']>>,
  kind: DirectoryKind,
  emailOrLogin: string,
  timeoutMs: number,
): Promise<string | undefined> {
  const candidates = all.filter((c) => c.config.kind === kind && c.secretSet);
  const connection = candidates.length === 1 ? candidates[0] : undefined;
  if (connection === undefined) return undefined;
  const config = connection.config;
  if (config.kind !== 'entra' && config.kind !== 'okta') return undefined;
  if ('refused' in checkCeiling(config, config.kind === 'entra' ? 'entra.findUser' : 'okta.findUser')) return undefined;
  try {
    const secrets = await deps.secrets.get(config.id);
    if (secrets === undefined) return undefined;
    const found = config.kind === 'entra' ? await deps.graph.findUserId(config, secrets, emailOrLogin, timeoutMs) : await deps.okta.findUserId(config, secrets, emailOrLogin, timeoutMs);
    return found.ok && found.id !== '' ? found.id : undefined;
  } catch {
    // Storage or network trouble here must not cost the profile the first directory gave.
    return undefined;
  }
}

function toProfile(source: 'entra' | 'okta', user: JsonObject, manager: JsonObject | null, groups: string[]): DirectoryProfile {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const email = text(user['mail']) ?? text(user['email']) ?? text(user['userPrincipalName']) ?? text(user['login']);
  const managerEmail = manager === null ? undefined : text(manager['mail']) ?? text(manager['email']) ?? text(manager['userPrincipalName']);
  const employmentType = normalizeEmploymentType(user['employeeType']);
  const principalName = text(user['userPrincipalName']) ?? text(user['login']);
  const optional = {
    ...(principalName !== undefined ? { principalName } : {}),
    ...(email !== undefined ? { email } : {}),
    ...(text(user['displayName']) !== undefined ? { displayName: text(user['displayName']) as string } : {}),
    ...(employmentType !== undefined ? { employmentType } : {}),
    ...(text(user['department']) !== undefined ? { department: text(user['department']) as string } : {}),
    ...(manager !== null && text(manager['id']) !== undefined ? { managerDirectoryId: text(manager['id']) as string } : {}),
    ...(managerEmail !== undefined ? { managerEmail } : {}),
  };
  const directoryId = String(user['id'] ?? '');
  return { source, directoryId, directoryIds: { [source]: directoryId }, groups, ...optional };
}

function describeFailure(attempt: ActionAttempt, secretValues: readonly string[]): RequesterLookup {
  const c = attempt.classification;
  if (c.kind === 'transient') return { status: 'unavailable', reason: sanitizeText(c.reason, secretValues), ...(c.retryAfterMs !== undefined ? { retryAfterMs: c.retryAfterMs } : {}) };
  if (c.kind === 'permanent' && c.code === 'user-not-found') return { status: 'not-found', reason: sanitizeText(c.reason, secretValues) };
  return { status: 'unavailable', reason: sanitizeText(c.kind === 'permanent' ? c.reason : 'unexpected answer', secretValues) };
}
