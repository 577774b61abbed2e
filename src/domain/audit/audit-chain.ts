import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import type { JsonValue } from '../common/json';
import { canonicalJson } from './canonical-json';
import { redact, redactText } from './redact';

/**
 * The audit trail of one run is a hash chain: each event carries the hash of the one before, so
 * altering, removing, inserting or reordering any event breaks every hash after it. Event data
 * goes through `redact` inside the builder, so no caller can put a secret into the chain.
 */

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditActor {
  readonly kind: 'app' | 'user' | 'system';
  /** Atlassian account id, for people. */
  readonly accountId?: string;
}

/** What a reducer or use case wants recorded; the chain adds run id, position, time and hashes. */
export interface AuditEventDraft {
  readonly type: string;
  readonly actor: AuditActor;
  /** One human sentence. */
  readonly summary: string;
  readonly data?: unknown;
}

export interface AuditEvent {
  readonly runId: string;
  /** 1 for the first event of a run, then +1 per event. */
  readonly seq: number;
  readonly at: string;
  readonly type: string;
  readonly actor: AuditActor;
  readonly summary: string;
  readonly data: JsonValue;
  readonly prevHash: string;
  readonly hash: string;
}

/** The last event of a chain: all a writer needs to append the next one. */
export interface AuditChainTail {
  readonly seq: number;
  readonly hash: string;
}

export type AuditChainVerdict =
  | { readonly ok: true; readonly count: number; readonly head: AuditChainTail | null }
  | { readonly ok: false; readonly brokenAt: number; readonly reason: string };

/** The hash of an event: sha256 of the canonical JSON of every field but `hash`. */
export function hashAuditEvent(event: Omit<AuditEvent, 'hash'>): string {
  const { runId, seq, at, type, actor, summary, data, prevHash } = event;
  const body = { runId, seq, at, type, actor, summary, data, prevHash };
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(body))));
}

/** The next event of a chain, with its data redacted and its hash computed. */
export function appendAuditEvent(
  tail: AuditChainTail | null,
  draft: AuditEventDraft,
  where: { readonly runId: string; readonly at: string },
): AuditEvent {
  const actor: AuditActor =
    draft.actor.accountId === undefined ? { kind: draft.actor.kind } : { kind: draft.actor.kind, accountId: draft.actor.accountId };
  const body: Omit<AuditEvent, 'hash'> = {
    runId: where.runId,
    seq: tail === null ? 1 : tail.seq + 1,
    at: where.at,
    type: draft.type,
    actor,
    summary: redactText(draft.summary),
    data: redact(draft.data ?? null),
    prevHash: tail === null ? GENESIS_HASH : tail.hash,
  };
  return { ...body, hash: hashAuditEvent(body) };
}

/** Appends several drafts in order; returns the new events. */
export function appendAuditEvents(
  tail: AuditChainTail | null,
  drafts: readonly AuditEventDraft[],
  where: { readonly runId: string; readonly at: string },
): AuditEvent[] {
  const events: AuditEvent[] = [];
  let current = tail;
  for (const draft of drafts) {
    const event = appendAuditEvent(current, draft, where);
    events.push(event);
    current = { seq: event.seq, hash: event.hash };
  }
  return events;
}

export interface VerifyAuditChainOptions {
  /** The event before the first one given, when verifying a later part of a chain. */
  readonly anchor?: AuditChainTail;
  /** The head recorded elsewhere (the KVS copy): catches a chain rebuilt after tampering. */
  readonly expectedHead?: AuditChainTail;
}

/** Checks positions, links and hashes of a chain (or of a part of it after `anchor`). */
export function verifyAuditChain(events: readonly AuditEvent[], options: VerifyAuditChainOptions = {}): AuditChainVerdict {
  let previous: AuditChainTail | null = options.anchor ?? null;
  const runId = events[0]?.runId;
  for (const event of events) {
    const expectedSeq = previous === null ? 1 : previous.seq + 1;
    if (event.runId !== runId) {
      return { ok: false, brokenAt: event.seq, reason: `event ${event.seq} belongs to run ${event.runId}, not ${String(runId)}` };
    }
    if (event.seq !== expectedSeq) {
      const what = event.seq < expectedSeq ? 'repeated or out of order' : 'missing events before it';
      return { ok: false, brokenAt: expectedSeq, reason: `expected event ${expectedSeq} but found ${event.seq} (${what})` };
    }
    const expectedPrev = previous === null ? GENESIS_HASH : previous.hash;
    if (event.prevHash !== expectedPrev) {
      return { ok: false, brokenAt: event.seq, reason: `event ${event.seq} does not link to the event before it` };
    }
    const { hash: _ignored, ...body } = event;
    if (hashAuditEvent(body) !== event.hash) {
      return { ok: false, brokenAt: event.seq, reason: `event ${event.seq} was altered after it was recorded (hash mismatch)` };
    }
    previous = { seq: event.seq, hash: event.hash };
  }
  const head = previous;
  if (options.expectedHead) {
    if (head === null || head.seq !== options.expectedHead.seq || head.hash !== options.expectedHead.hash) {
      const at = head === null ? 1 : Math.min(head.seq, options.expectedHead.seq);
      return { ok: false, brokenAt: at, reason: 'the chain does not end at the recorded head (events were removed, added or rewritten)' };
    }
  }
  return { ok: true, count: events.length, head };
}
