import type { ConnectionConfig } from '../domain/integrations/connection-config';

/** A connection as stored: configuration and whether credentials are set, never their values. */
export interface StoredConnection {
  readonly config: ConnectionConfig;
  readonly secretSet: boolean;
  readonly secretRotatedAt: string | null;
  readonly updatedAt: string;
  /** Atlassian account id of the admin who saved it last. */
  readonly updatedBy: string;
}

export interface ConnectionStore {
  list(): Promise<StoredConnection[]>;
  get(id: string): Promise<StoredConnection | undefined>;
  save(connection: StoredConnection): Promise<void>;
  delete(id: string): Promise<void>;
}
