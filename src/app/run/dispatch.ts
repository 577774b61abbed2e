import type { RunEvent } from '../../domain/run/run-types';
import { executeCommands, type CommandDeps, type KnownIssueState } from './execute-commands';
import { applyEvents, markExecuted, type RunRef } from './run-engine';

/** Rounds of "execute, record follow-up events" one invocation runs before leaving the rest pending. */
const MAX_ROUNDS = 10;

/**
 * The one way anything happens to a run: persist the events, then execute the commands they
 * produced, then record what those commands returned, until nothing follows.
 * Returns false when the run does not exist (the events could not start it).
 */
export async function dispatchRunEvents(deps: CommandDeps, ref: RunRef, events: readonly RunEvent[], known: KnownIssueState = {}): Promise<boolean> {
  const first = await applyEvents(deps.store, deps.clock, ref, events);
  if (!first.applied) return false;
  let head = first.head;
  await deps.store.markInFlight(ref.runId, ref.issueId, ref.issueKey, deps.clock.now());
  let deferred = false;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const result = await executeCommands(deps, head, known);
    const saved = await markExecuted(deps.store, head, result.executed, result.audit);
    deferred = result.deferredIssueWrites;
    if (result.followUps.length === 0) break;
    ({ head } = await applyEvents(deps.store, deps.clock, ref, result.followUps, saved));
  }
  // Writes left for an immediate job stay marked in flight, so the sweep finishes them if that job
  // never runs.
  if (!deferred) await deps.store.clearInFlight(ref.runId);
  return true;
}

/** Finishes the pending commands of a run without new events (crash recovery, duplicate deliveries). */
export async function resumeRun(deps: CommandDeps, ref: RunRef): Promise<boolean> {
  return dispatchRunEvents(deps, ref, []);
}
