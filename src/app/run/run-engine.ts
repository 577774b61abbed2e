import { appendAuditEvents } from '../../domain/audit/audit-chain';
import { reduceRun } from '../../domain/run/reduce-run';
import type { RunCommand, RunEvent, RunState } from '../../domain/run/run-types';
import type { Clock } from '../../ports/clock';
import type { LoadedRun, RunHead, RunStore, StoredEnvelope } from '../../ports/run-store';
import { appendToAuditLog } from './audit-log';
import { EMPTY_AUDIT_LOG, type RunRecordEvent, type RunRecordState } from './run-record';

export type LifecycleStore = RunStore<RunRecordState, RunRecordEvent>;

export interface RunRef {
  readonly runId: string;
  readonly issueId: string;
  readonly issueKey: string;
}

export interface AppliedEvents {
  readonly head: RunHead<RunRecordState>;
  /** False when the run did not exist and the events could not start it. */
  readonly applied: boolean;
}

/** Attempts at an optimistic append before giving up (another invocation keeps winning). */
const MAX_APPEND_ATTEMPTS = 8;

export class RunConflictError extends Error {
  constructor(runId: string) {
    super(`Run ${runId} kept changing under this invocation; it will be retried.`);
    this.name = 'RunConflictError';
  }
}

/** A run's state before its first event, as the reducer expects it. */
function emptyRecord(): RunRecordState {
  return { run: undefined as unknown as RunState, audit: EMPTY_AUDIT_LOG, pending: [] };
}

/** Folds one event into a record: reducer, audit chain, pending commands. */
function fold(ref: RunRef, record: RunRecordState, event: RunEvent, at: string): { record: RunRecordState; stored: RunRecordEvent } {
  const transition = reduceRun(record.run, event, at);
  const audit = appendAuditEvents(record.audit.tail, transition.auditEvents, { runId: ref.runId, at });
  const stored: RunRecordEvent = { event, audit, commands: transition.commands };
  return {
    record: { run: transition.state, audit: appendToAuditLog(record.audit, audit), pending: [...record.pending, ...transition.commands] },
    stored,
  };
}

/** The record as storage holds it: the head plus any events written after it. */
export async function loadRecord(store: LifecycleStore, ref: RunRef): Promise<{ record: RunRecordState | undefined; seq: number }> {
  return replayLoaded(ref, await store.load(ref.runId));
}

/**
 * A run known only by its id (a queued job, a due timer): its issue comes from the stored head.
 * Undefined when no head is stored.
 */
export async function loadRunById(store: LifecycleStore, runId: string): Promise<{ ref: RunRef; record: RunRecordState } | undefined> {
  const loaded = await store.load(runId);
  if (!loaded.head) return undefined;
  const ref: RunRef = { runId, issueId: loaded.head.issueId, issueKey: loaded.head.issueKey };
  const { record } = replayLoaded(ref, loaded);
  return record ? { ref, record } : undefined;
}

function replayLoaded(ref: RunRef, loaded: LoadedRun<RunRecordState, RunRecordEvent>): { record: RunRecordState | undefined; seq: number } {
  let record = loaded.head?.state;
  let seq = loaded.head?.seq ?? 0;
  for (const envelope of loaded.trailing) {
    // Replaying a stored event reproduces its commands; those already executed are skipped by
    // their idempotency keys when the pending list is flushed.
    record = fold(ref, record ?? emptyRecord(), envelope.event.event, envelope.at).record;
    seq = envelope.seq;
  }
  return { record, seq };
}

/** A run's record as this invocation last read or wrote it, at a sequence number. */
export interface LoadedRecord {
  readonly record: RunRecordState | undefined;
  readonly seq: number;
}

/**
 * Persists events for a run, reducing them against the latest stored state; retries when another
 * invocation appended first. Returns the new head; the caller then executes its pending commands.
 * `fresh` is the record this invocation has just written, used for the first attempt instead of
 * reading it back (a conflict reads the store as usual).
 */
export async function applyEvents(store: LifecycleStore, clock: Clock, ref: RunRef, events: readonly RunEvent[], fresh?: LoadedRecord): Promise<AppliedEvents> {
  for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt += 1) {
    const { record: loaded, seq } = attempt === 0 && fresh ? fresh : await loadRecord(store, ref);
    if (!loaded && events[0]?.type !== 'run.started') {
      return { head: { ...ref, seq, state: emptyRecord() }, applied: false };
    }
    let record = loaded ?? emptyRecord();
    const envelopes: StoredEnvelope<RunRecordEvent>[] = [];
    const at = clock.now();
    for (const event of events) {
      const folded = fold(ref, record, event, at);
      record = folded.record;
      envelopes.push({ seq: seq + envelopes.length + 1, at, event: folded.stored });
    }
    const head: RunHead<RunRecordState> = { ...ref, seq: seq + envelopes.length, state: record };
    const result = await store.append(head, seq, envelopes);
    if (result.ok) return { head, applied: true };
  }
  throw new RunConflictError(ref.runId);
}

/**
 * Removes executed commands from the head, unless the run moved on meanwhile (then replay covers it).
 * Returns the record as saved, or undefined when it was left alone.
 */
export async function markExecuted(store: LifecycleStore, head: RunHead<RunRecordState>, executed: ReadonlySet<string>, audit: RunRecordState['audit']): Promise<LoadedRecord | undefined> {
  const loaded = await store.load(head.runId);
  if (!loaded.head || loaded.head.seq !== head.seq || loaded.trailing.length > 0) return undefined;
  const pending = loaded.head.state.pending.filter((command: RunCommand) => !executed.has(command.idempotencyKey));
  const state: RunRecordState = { ...loaded.head.state, pending, audit };
  await store.saveHead({ ...loaded.head, state });
  return { record: state, seq: loaded.head.seq };
}
