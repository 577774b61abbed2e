import { DomainError } from '../../domain/common/domain-error';
import type { ConnectionStore } from '../../ports/connection-store';
import type { ActionDrivers, ProbeResult } from '../../ports/integrations';
import type { SecretStore } from '../../ports/secret-store';
import { toConnectionView, type ConnectionView } from './connection-view';

/** All connections, without credentials. */
export async function listConnections(deps: { connections: ConnectionStore }): Promise<ConnectionView[]> {
  const stored = await deps.connections.list();
  return stored.map(toConnectionView).sort((a, b) => a.config.id.localeCompare(b.config.id));
}

/** Removes a connection and its credentials. */
export async function deleteConnection(deps: { connections: ConnectionStore; secrets: SecretStore }, id: string): Promise<void> {
  const existing = await deps.connections.get(id);
  if (existing === undefined) throw new DomainError('connection-not-found', `Connection "${id}" does not exist.`);
  await deps.secrets.delete(id);
  await deps.connections.delete(id);
}

/** A harmless read within the connection's ceiling, to show the admin that it works. */
export async function testConnection(
  deps: { connections: ConnectionStore; secrets: SecretStore; drivers: ActionDrivers; timeoutMs?: number },
  id: string,
): Promise<ProbeResult> {
  const existing = await deps.connections.get(id);
  if (existing === undefined) throw new DomainError('connection-not-found', `Connection "${id}" does not exist.`);
  const secrets = existing.secretSet ? await deps.secrets.get(id) : undefined;
  if (secrets === undefined) return { ok: false, detail: 'No credentials are set for this connection.' };
  const result = await deps.drivers[existing.config.kind].probe(existing.config, secrets, deps.timeoutMs ?? 10_000);
  // A provider's message could quote what was sent; never hand a credential back to the browser.
  let detail = result.detail;
  for (const value of Object.values(secrets)) if (value.length >= 4) detail = detail.split(value).join('[redacted]');
  return { ok: result.ok, detail };
}
