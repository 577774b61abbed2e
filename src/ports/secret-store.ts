import type { ConnectionSecrets } from '../domain/integrations/connection-secrets';

/** When a connection's credentials were last written; never the values. */
export interface SecretMetadata {
  readonly rotatedAt: string;
}

/** Credentials of connections, in secret storage only (Forge `kvs.setSecret`). */
export interface SecretStore {
  get(connectionId: string): Promise<ConnectionSecrets | undefined>;
  set(connectionId: string, secrets: ConnectionSecrets, rotatedAt: string): Promise<void>;
  delete(connectionId: string): Promise<void>;
  metadata(connectionId: string): Promise<SecretMetadata | undefined>;
}
