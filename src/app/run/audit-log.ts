import { canonicalJson } from '../../domain/audit/canonical-json';
import type { AuditEvent } from '../../domain/audit/audit-chain';
import type { AuditLog } from './run-record';

/**
 * The audit chain on the issue: events are split into chunks that each fit one issue property
 * (Jira allows 32,768 bytes; a chunk is sealed past CHUNK_BUDGET_BYTES to leave room for the run
 * summary that shares the current chunk's property).
 */
export const CHUNK_BUDGET_BYTES = 24_000;

/** Adds events to the log, sealing the current chunk when it would grow past the budget. */
export function appendToAuditLog(log: AuditLog, events: readonly AuditEvent[]): AuditLog {
  let { chunkIndex, chunk, sealedUnsynced } = log;
  let size = byteLength(canonicalJson(chunk));
  for (const event of events) {
    const eventSize = byteLength(canonicalJson(event)) + 1;
    if (chunk.length > 0 && size + eventSize > CHUNK_BUDGET_BYTES) {
      sealedUnsynced = { ...sealedUnsynced, [String(chunkIndex)]: chunk };
      chunkIndex += 1;
      chunk = [];
      size = 2;
    }
    chunk = [...chunk, event];
    size += eventSize;
  }
  const last = events[events.length - 1];
  return {
    tail: last ? { seq: last.seq, hash: last.hash } : log.tail,
    chunkIndex,
    chunk,
    unsyncedFrom: log.unsyncedFrom,
    sealedUnsynced,
    count: log.count + events.length,
  };
}

/** UTF-8 length without Node's Buffer (the app layer is runtime-neutral). */
export function byteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}
