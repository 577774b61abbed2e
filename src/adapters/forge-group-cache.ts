import { kvs } from '@forge/kvs';
import { createHash } from 'node:crypto';
import type { CachedAccount, CachedGroup, GroupCache } from '../ports/group-cache';

/** Emails are keys here only as hashes: the cache needs to match them, not to read them. */
const accountKey = (email: string) => `acct:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;

/** Group members in KVS under `grp:<groupId>`, matched accounts under `acct:<hash>`; the app decides freshness, KVS's TTL cleans up. */
export class ForgeGroupCache implements GroupCache {
  async get(groupId: string): Promise<CachedGroup | undefined> {
    return (await kvs.get<CachedGroup>(`grp:${groupId}`)) ?? undefined;
  }

  async set(groupId: string, group: CachedGroup): Promise<void> {
    await kvs.set(`grp:${groupId}`, group, { ttl: { value: 1, unit: 'DAYS' } });
  }

  async getAccount(email: string): Promise<CachedAccount | undefined> {
    return (await kvs.get<CachedAccount>(accountKey(email))) ?? undefined;
  }

  async setAccount(email: string, account: CachedAccount): Promise<void> {
    await kvs.set(accountKey(email), account, { ttl: { value: 1, unit: 'DAYS' } });
  }
}
