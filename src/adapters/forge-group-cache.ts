import { kvs } from '@forge/kvs';
import type { CachedGroup, GroupCache } from '../ports/group-cache';

/** Group members in KVS under `grp:<groupId>`; the app decides freshness, KVS's TTL cleans up. */
export class ForgeGroupCache implements GroupCache {
  async get(groupId: string): Promise<CachedGroup | undefined> {
    return (await kvs.get<CachedGroup>(`grp:${groupId}`)) ?? undefined;
  }

  async set(groupId: string, group: CachedGroup): Promise<void> {
    await kvs.set(`grp:${groupId}`, group, { ttl: { value: 1, unit: 'DAYS' } });
  }
}
