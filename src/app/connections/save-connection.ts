import { z } from 'zod';
import { DomainError } from '../../domain/common/domain-error';
import { connectionConfigSchema, describeConnectionOrigins, isOriginDeclared } from '../../domain/integrations/connection-config';
import { selectSecretsSchema } from '../../domain/integrations/connection-secrets';
import type { ConnectionStore } from '../../ports/connection-store';
import type { SecretStore } from '../../ports/secret-store';
import { toConnectionView, type ConnectionView } from './connection-view';

export interface ConnectionDeps {
  readonly connections: ConnectionStore;
  readonly secrets: SecretStore;
  readonly nowIso: () => string;
  /** Egress origins declared in the manifest; a connection may only point at those. */
  readonly declaredOrigins: readonly string[];
}

const saveInputSchema = z.strictObject({
  connection: z.unknown(),
  /** Write-only; omit to keep the stored credentials. */
  secrets: z.record(z.string(), z.string()).optional(),
});

/** Creates or updates a connection; credentials go to secret storage, the config keeps only "set" and when. */
export async function saveConnection(deps: ConnectionDeps, input: unknown, actorAccountId: string): Promise<ConnectionView> {
  const envelope = saveInputSchema.safeParse(input);
  if (!envelope.success) throw invalid(envelope.error.issues, '');
  const parsed = connectionConfigSchema.safeParse(envelope.data.connection);
  if (!parsed.success) throw invalid(parsed.error.issues, 'connection');
  const config = parsed.data;

  for (const origin of describeConnectionOrigins(config)) {
    if (!isOriginDeclared(origin, deps.declaredOrigins)) {
      throw new DomainError('connection-host-not-declared', `${origin} is not a declared egress host of this app; declared: ${deps.declaredOrigins.join(', ')}.`, { path: 'connection' });
    }
  }

  const existing = await deps.connections.get(config.id);
  if (existing !== undefined && existing.config.kind !== config.kind) {
    throw new DomainError('invalid-connection', `Connection "${config.id}" is a ${existing.config.kind} connection; its kind cannot change.`, { path: 'connection.kind' });
  }
  // Switching Okta between API token and OAuth changes which credential applies: ask for it again.
  const authChanged = existing !== undefined && config.kind === 'okta' && existing.config.kind === 'okta' && existing.config.auth.type !== config.auth.type;
  const now = deps.nowIso();
  let secretRotatedAt = existing?.secretRotatedAt ?? null;
  let secretSet = existing?.secretSet === true && !authChanged;

  if (envelope.data.secrets !== undefined) {
    const secrets = selectSecretsSchema(config).safeParse(envelope.data.secrets);
    // Issues name the field, never echo the value.
    if (!secrets.success) throw invalid(secrets.error.issues, 'secrets');
    await deps.secrets.set(config.id, secrets.data, now);
    secretSet = true;
    secretRotatedAt = now;
  } else if (!secretSet) {
    throw new DomainError('connection-secret-required', `Connection "${config.id}" needs its credentials: ${describeSecretFields(config.kind, config.kind === 'okta' ? config.auth.type : undefined)}.`, { path: 'secrets' });
  }

  const stored = { config, secretSet, secretRotatedAt, updatedAt: now, updatedBy: actorAccountId };
  await deps.connections.save(stored);
  return toConnectionView(stored);
}

function describeSecretFields(kind: string, oktaAuth: string | undefined): string {
  if (kind === 'entra') return 'clientSecret';
  if (kind === 'okta') return oktaAuth === 'oauth' ? 'privateKey' : 'apiToken';
  if (kind === 'slack') return 'botToken';
  return 'signingSecret';
}

function invalid(issues: readonly z.core.$ZodIssue[], prefix: string): DomainError {
  const described = issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
    return `${path === '' ? '(input)' : path}: ${issue.message}`;
  });
  return new DomainError('invalid-connection', `The connection is not valid: ${described.join('; ')}`, { issues: described });
}
