import type { ConnectionConfig } from '../../domain/integrations/connection-config';
import type { StoredConnection } from '../../ports/connection-store';

/** What resolvers return about a connection: configuration and "set / not set", never a secret. */
export interface ConnectionView {
  readonly config: ConnectionConfig;
  readonly secret: { readonly set: boolean; readonly rotatedAt: string | null };
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export function toConnectionView(stored: StoredConnection): ConnectionView {
  return { config: stored.config, secret: { set: stored.secretSet, rotatedAt: stored.secretRotatedAt }, updatedAt: stored.updatedAt, updatedBy: stored.updatedBy };
}
