import { kvs, WhereConditions } from '@forge/kvs';
import type { AppendResult, DueTimer, EffectClaim, LoadedRun, RunHead, RunStore, StoredEnvelope } from '../ports/run-store';

/**
 * RunStore on Forge KVS. Keys (KVS allows `[a-zA-Z0-9:._\s-#]`, ≤ 500 chars):
 *   run:<runId>                 head: the state snapshot at a sequence number
 *   run:<runId>:ev:<seq>        one event envelope, written once (FAIL_IF_EXISTS)
 *   fx:<sanitized key>          an effect claim: started / done with its result
 *   tm:<yyyymmddhh>:<runId>:<timerId>   a timer, bucketed by hour so the sweep reads only due buckets
 *   tm-cursor                   the oldest hour bucket that may still hold timers
 *   fl:<runId>                  a run whose commands are being executed (crash recovery)
 */
const SEQ_WIDTH = 8;
const QUERY_LIMIT = 20;
/** Hour buckets one sweep walks at most before saving its cursor. */
const MAX_BUCKETS_PER_SWEEP = 72;

const headKey = (runId: string) => `run:${runId}`;
const eventKey = (runId: string, seq: number) => `run:${runId}:ev:${String(seq).padStart(SEQ_WIDTH, '0')}`;
const effectKey = (key: string) => `fx:${sanitize(key)}`;
const bucketOf = (iso: string) => iso.slice(0, 13).replace(/[-T]/g, '');
const timerKey = (timer: DueTimer) => `tm:${bucketOf(timer.at)}:${timer.runId}:${sanitize(timer.timerId)}`;
const CURSOR_KEY = 'tm-cursor';

interface EffectRecord {
  status: 'started' | 'done';
  at: string;
  result?: unknown;
}

function sanitize(key: string): string {
  return key.replace(/[^a-zA-Z0-9:._\-#]/g, '_').slice(0, 400);
}

function isKeyExists(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message} ${(error as { code?: string }).code ?? ''}` : String(error);
  return /KEY_ALREADY_EXISTS|already exists|FAIL_IF_EXISTS|CONFLICT|409/i.test(text);
}

export class ForgeRunStore<S, E> implements RunStore<S, E> {
  async load(runId: string): Promise<LoadedRun<S, E>> {
    const head = await kvs.get<RunHead<S>>(headKey(runId));
    const trailing: StoredEnvelope<E>[] = [];
    for (let seq = (head?.seq ?? 0) + 1; ; seq += 1) {
      const envelope = await kvs.get<StoredEnvelope<E>>(eventKey(runId, seq));
      if (!envelope) break;
      trailing.push(envelope);
    }
    return { head: head ?? undefined, trailing };
  }

  async loadEvents(runId: string): Promise<StoredEnvelope<E>[]> {
    const events: StoredEnvelope<E>[] = [];
    let cursor: string | undefined;
    do {
      let query = kvs.query().where('key', WhereConditions.beginsWith(`run:${runId}:ev:`)).limit(QUERY_LIMIT);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany<StoredEnvelope<E>>();
      events.push(...page.results.map((r) => r.value));
      cursor = page.nextCursor;
    } while (cursor);
    return events.sort((a, b) => a.seq - b.seq);
  }

  async append(head: RunHead<S>, expectedSeq: number, envelopes: readonly StoredEnvelope<E>[]): Promise<AppendResult> {
    const [first, ...rest] = envelopes;
    if (!first) return { ok: true };
    if (first.seq !== expectedSeq + 1) return { ok: false, reason: 'conflict' };
    try {
      // Claiming the first new sequence number is what makes concurrent appends safe.
      await kvs.set(eventKey(head.runId, first.seq), first, { keyPolicy: 'FAIL_IF_EXISTS' });
    } catch (error) {
      if (isKeyExists(error)) return { ok: false, reason: 'conflict' };
      throw error;
    }
    if (rest.length > 0) {
      await kvs.batchSet(rest.map((envelope) => ({ key: eventKey(head.runId, envelope.seq), value: envelope })));
    }
    await kvs.set(headKey(head.runId), head);
    return { ok: true };
  }

  async saveHead(head: RunHead<S>): Promise<void> {
    await kvs.set(headKey(head.runId), head);
  }

  async markInFlight(runId: string, issueId: string, issueKey: string, since: string): Promise<void> {
    await kvs.set(`fl:${runId}`, { runId, issueId, issueKey, since });
  }

  async clearInFlight(runId: string): Promise<void> {
    await kvs.delete(`fl:${runId}`);
  }

  async listInFlight(olderThan: string, limit: number): Promise<{ runId: string; issueId: string; issueKey: string; since: string }[]> {
    const page = await kvs
      .query()
      .where('key', WhereConditions.beginsWith('fl:'))
      .limit(Math.min(QUERY_LIMIT, limit))
      .getMany<{ runId: string; issueId: string; issueKey: string; since: string }>();
    return page.results.map((r) => r.value).filter((entry) => entry.since < olderThan);
  }

  async claimEffect(idempotencyKey: string, now: string): Promise<EffectClaim> {
    const key = effectKey(idempotencyKey);
    try {
      await kvs.set<EffectRecord>(key, { status: 'started', at: now }, { keyPolicy: 'FAIL_IF_EXISTS' });
      return { status: 'claimed' };
    } catch (error) {
      if (!isKeyExists(error)) throw error;
    }
    const existing = await kvs.get<EffectRecord>(key);
    if (existing?.status === 'done') return { status: 'done', result: existing.result ?? null };
    return { status: 'interrupted', startedAt: existing?.at ?? now };
  }

  async completeEffect(idempotencyKey: string, result: unknown, now: string): Promise<void> {
    await kvs.set<EffectRecord>(effectKey(idempotencyKey), { status: 'done', at: now, result: result ?? null });
  }

  async scheduleTimer(timer: DueTimer): Promise<void> {
    await kvs.set(timerKey(timer), timer);
    const cursor = await kvs.get<string>(CURSOR_KEY);
    const bucket = bucketOf(timer.at);
    if (!cursor || bucket < cursor) await kvs.set(CURSOR_KEY, bucket);
  }

  async cancelTimer(timer: DueTimer): Promise<void> {
    await kvs.delete(timerKey(timer));
  }

  async dueTimers(now: string, limit: number): Promise<DueTimer[]> {
    const nowBucket = bucketOf(now);
    let bucket = (await kvs.get<string>(CURSOR_KEY)) ?? nowBucket;
    const due: DueTimer[] = [];
    let walked = 0;
    let oldestNonEmpty: string | undefined;
    while (bucket <= nowBucket && walked < MAX_BUCKETS_PER_SWEEP && due.length < limit) {
      let cursor: string | undefined;
      do {
        let query = kvs.query().where('key', WhereConditions.beginsWith(`tm:${bucket}:`)).limit(QUERY_LIMIT);
        if (cursor) query = query.cursor(cursor);
        const page = await query.getMany<DueTimer>();
        for (const { value } of page.results) {
          oldestNonEmpty ??= bucket;
          if (value.at <= now && due.length < limit) due.push(value);
        }
        cursor = page.nextCursor;
      } while (cursor && due.length < limit);
      bucket = nextBucket(bucket);
      walked += 1;
    }
    // Buckets before the first one that still holds timers are empty for good: skip them next time.
    const newCursor = oldestNonEmpty ?? (bucket > nowBucket ? nowBucket : bucket);
    await kvs.set(CURSOR_KEY, newCursor);
    return due.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }
}

/** The hour bucket after `bucket` (yyyymmddhh, UTC). */
function nextBucket(bucket: string): string {
  const iso = `${bucket.slice(0, 4)}-${bucket.slice(4, 6)}-${bucket.slice(6, 8)}T${bucket.slice(8, 10)}:00:00.000Z`;
  return bucketOf(new Date(Date.parse(iso) + 3_600_000).toISOString());
}
