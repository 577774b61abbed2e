import { kvs } from '@forge/kvs';
import type { ConnectionSecrets } from '../domain/integrations/connection-secrets';
import type { SecretMetadata, SecretStore } from '../ports/secret-store';

interface StoredSecret {
  readonly values: ConnectionSecrets;
  readonly rotatedAt: string;
}

const secretKey = (connectionId: string) => `connection-secret:${connectionId}`;

/** Connection credentials in Forge secret storage (`kvs.setSecret`), never in plain KVS. */
export function createForgeSecretStore(): SecretStore {
  return {
    async get(connectionId) {
      const stored = await kvs.getSecret<StoredSecret>(secretKey(connectionId));
      return stored?.values;
    },
    async set(connectionId, secrets, rotatedAt) {
      await kvs.setSecret<StoredSecret>(secretKey(connectionId), { values: secrets, rotatedAt });
    },
    async delete(connectionId) {
      await kvs.deleteSecret(secretKey(connectionId));
    },
    async metadata(connectionId): Promise<SecretMetadata | undefined> {
      const stored = await kvs.getSecret<StoredSecret>(secretKey(connectionId));
      return stored === undefined ? undefined : { rotatedAt: stored.rotatedAt };
    },
  };
}
