import { kvs } from '@forge/kvs';
import type { JsonObject } from '../../domain/common/json';
import type { CallLedger } from '../../ports/integrations';

/** Completed integration calls in Forge KVS, so a re-delivered step returns its first result. */
export function createForgeCallLedger(): CallLedger {
  const key = (idempotencyKey: string) => `integration-call:${idempotencyKey}`;
  return {
    async find(idempotencyKey) {
      return kvs.get<{ output: JsonObject }>(key(idempotencyKey));
    },
    async save(idempotencyKey, entry) {
      await kvs.set(key(idempotencyKey), entry);
    },
  };
}
