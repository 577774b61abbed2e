import { kvs, WhereConditions } from '@forge/kvs';
import type { ConnectionStore, StoredConnection } from '../ports/connection-store';

const PREFIX = 'connection:';
/** KVS query pages hold at most 20 items. */
const PAGE_SIZE = 20;

/** Connection configurations in plain Forge KVS: no credential is ever part of them. */
export function createForgeConnectionStore(): ConnectionStore {
  return {
    async list() {
      const result: StoredConnection[] = [];
      let cursor: string | undefined;
      do {
        let query = kvs.query().where('key', WhereConditions.beginsWith(PREFIX)).limit(PAGE_SIZE);
        if (cursor !== undefined) query = query.cursor(cursor);
        const page = await query.getMany<StoredConnection>();
        result.push(...page.results.map((r) => r.value));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return result;
    },
    async get(id) {
      return kvs.get<StoredConnection>(`${PREFIX}${id}`);
    },
    async save(connection) {
      await kvs.set(`${PREFIX}${connection.config.id}`, connection);
    },
    async delete(id) {
      await kvs.delete(`${PREFIX}${id}`);
    },
  };
}
