/**
 * The one clock of the local platform. Nothing advances on its own: tests and the sandbox move
 * time with `advance`, which fires every timer that falls due, in due order, so scheduled
 * triggers and delayed deliveries are deterministic.
 */
export interface EmulatedClock {
  now(): number;
  /** Moves time forward, running each due timer at its own due time (awaiting each one). */
  advance(ms: number): Promise<void>;
  /** Runs `run` once the clock reaches `atMs` (immediately on the next advance if already due). */
  schedule(atMs: number, run: () => void | Promise<void>): void;
  /** Timers not yet fired (for idle checks). */
  pendingTimers(): number;
  set(ms: number): void;
}

interface Timer {
  at: number;
  seq: number;
  run: () => void | Promise<void>;
}

/** Creates a clock starting at `startMs` (default 2026-01-05T09:00:00Z, a Monday). */
export function createEmulatedClock(startMs: number = Date.UTC(2026, 0, 5, 9, 0, 0)): EmulatedClock {
  let current = startMs;
  let seq = 0;
  let timers: Timer[] = [];

  const takeNextDue = (limit: number): Timer | undefined => {
    let best: Timer | undefined;
    for (const t of timers) {
      if (t.at <= limit && (best === undefined || t.at < best.at || (t.at === best.at && t.seq < best.seq))) best = t;
    }
    if (best) timers = timers.filter((t) => t !== best);
    return best;
  };

  return {
    now: () => current,
    async advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`clock.advance: ms must be a non-negative number, got ${String(ms)}`);
      const target = current + ms;
      for (;;) {
        const next = takeNextDue(target);
        if (!next) break;
        current = Math.max(current, next.at);
        await next.run();
      }
      current = target;
    },
    schedule(atMs, run) {
      timers.push({ at: atMs, seq: seq++, run });
    },
    pendingTimers: () => timers.length,
    set(ms) {
      current = ms;
    },
  };
}
