/**
 * Durable run storage. Runs are event-sourced: the events are the truth, the head is a snapshot
 * of the state they produce (a cache that can always be rebuilt). Appends are optimistic: two
 * invocations racing on one run cannot both write the same sequence number.
 */

export interface StoredEnvelope<E> {
  readonly seq: number;
  /** ISO timestamp the event was accepted at: the `now` the reducer saw. */
  readonly at: string;
  readonly event: E;
}

export interface RunHead<S> {
  readonly runId: string;
  readonly issueId: string;
  readonly issueKey: string;
  /** Sequence number of the last event the snapshot includes. */
  readonly seq: number;
  readonly state: S;
}

export interface LoadedRun<S, E> {
  readonly head: RunHead<S> | undefined;
  /** Events written after the head's snapshot (left by an invocation that stopped mid-way). */
  readonly trailing: readonly StoredEnvelope<E>[];
}

export type AppendResult = { readonly ok: true } | { readonly ok: false; readonly reason: 'conflict' };

/** The claim on one effect, keyed by its idempotency key. */
export type EffectClaim =
  /** Nobody has started it: go ahead, then `completeEffect`. */
  | { readonly status: 'claimed' }
  /** Done before: do not repeat it; here is what it returned. */
  | { readonly status: 'done'; readonly result: unknown }
  /** Started earlier and never completed (a crash): the caller decides how to reconcile. */
  | { readonly status: 'interrupted'; readonly startedAt: string };

export interface DueTimer {
  readonly runId: string;
  readonly timerId: string;
  readonly at: string;
}

export interface RunStore<S, E> {
  load(runId: string): Promise<LoadedRun<S, E>>;
  /** All events of a run, oldest first (for audit export and verification). */
  loadEvents(runId: string): Promise<StoredEnvelope<E>[]>;
  /** Appends events after `expectedSeq` and stores the new head, or reports a conflict. */
  append(head: RunHead<S>, expectedSeq: number, envelopes: readonly StoredEnvelope<E>[]): Promise<AppendResult>;
  /** Rewrites the head without new events (a cache update: events stay the truth). */
  saveHead(head: RunHead<S>): Promise<void>;
  claimEffect(idempotencyKey: string, now: string): Promise<EffectClaim>;
  completeEffect(idempotencyKey: string, result: unknown, now: string): Promise<void>;
  scheduleTimer(timer: DueTimer): Promise<void>;
  cancelTimer(timer: DueTimer): Promise<void>;
  /** Timers due at or before `now`, oldest first, at most `limit`. */
  dueTimers(now: string, limit: number): Promise<DueTimer[]>;
  /** Marks a run as having commands in flight, so a sweep can finish them after a crash. */
  markInFlight(runId: string, issueId: string, issueKey: string, since: string): Promise<void>;
  clearInFlight(runId: string): Promise<void>;
  /** Runs marked in flight since before `olderThan`, at most `limit`. */
  listInFlight(olderThan: string, limit: number): Promise<{ runId: string; issueId: string; issueKey: string; since: string }[]>;
}
