import type { ConnectionStore } from '../ports/connection-store';
import type { SecretStore } from '../ports/secret-store';
import { createForgeConnectionStore } from './forge-connection-store';
import { createForgeSecretStore } from './forge-secret-store';

/** The Forge stores behind connections: configs in KVS, credentials in Forge secret storage. */
export const ForgeConnectionStoreFactory = {
  connections: (): ConnectionStore => createForgeConnectionStore(),
  secrets: (): SecretStore => createForgeSecretStore(),
};
