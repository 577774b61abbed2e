import type { RunEvent, RunState, TimerState } from '../../domain/run/run-types';
import { dispatchRunEvents, resumeRun } from '../run/dispatch';
import type { CommandDeps } from '../run/execute-commands';
import { loadRunById } from '../run/run-engine';

/** Timers one sweep fires at most: the rest wait for the next five-minute tick. */
const TIMERS_PER_SWEEP = 100;
/** A run whose commands were in flight this long ago was interrupted: finish it. */
const IN_FLIGHT_GRACE_MS = 2 * 60_000;

export interface SweepReport {
  readonly fired: number;
  readonly stale: number;
  readonly resumed: number;
  readonly failed: number;
}

/**
 * The scheduled sweep: fires due timers (reminders, escalation to backups, final timeouts,
 * clarification and manual-step deadlines, revocation of expired access) found through the timer
 * index, and finishes runs an earlier invocation left mid-way. One failing run never stops the rest.
 */
export async function sweepTimers(deps: CommandDeps): Promise<SweepReport> {
  const now = deps.clock.now();
  let fired = 0;
  let stale = 0;
  let failed = 0;
  for (const due of await deps.store.dueTimers(now, TIMERS_PER_SWEEP)) {
    try {
      const found = await loadRunById(deps.store, due.runId);
      const timer = found?.record.run.timers.find((t) => t.timerId === due.timerId);
      const event = timer && found ? timerEvent(found.record.run, timer) : undefined;
      if (event && found) {
        await dispatchRunEvents(deps, found.ref, [event]);
        fired += 1;
      } else {
        stale += 1;
      }
      await deps.store.cancelTimer(due);
    } catch (error) {
      failed += 1;
      deps.log.warn('timer could not fire; it stays due for the next sweep', { runId: due.runId, error: describe(error) });
    }
  }
  let resumed = 0;
  const cutoff = new Date(Date.parse(now) - IN_FLIGHT_GRACE_MS).toISOString();
  for (const entry of await deps.store.listInFlight(cutoff, 20)) {
    try {
      await resumeRun(deps, entry);
      resumed += 1;
    } catch (error) {
      failed += 1;
      deps.log.warn('interrupted run could not be resumed yet', { runId: entry.runId, error: describe(error) });
    }
  }
  return { fired, stale, resumed, failed };
}

function timerEvent(run: RunState, timer: TimerState): RunEvent | undefined {
  switch (timer.kind) {
    case 'remind':
    case 'escalate':
    case 'timeout':
      return timer.stageId ? { type: 'approval.timer.fired', stageId: timer.stageId, kind: timer.kind, timerId: timer.timerId } : undefined;
    case 'clarification':
      return run.phase === 'clarification' ? { type: 'clarification.timer.fired' } : undefined;
    case 'manual-due':
      return timer.stepId ? { type: 'manual.timer.fired', stepId: timer.stepId } : undefined;
    case 'revocation':
      return { type: 'revocation.due' };
    default:
      return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
