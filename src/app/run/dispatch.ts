import type { RunEvent } from '../../domain/run/run-types';
import { executeCommands, type CommandDeps } from './execute-commands';
import { applyEvents, markExecuted, type RunRef } from './run-engine';

/** Rounds of "execute, record follow-up events" one invocation runs before leaving the rest pending. */
const MAX_ROUNDS = 10;

/**
 * The one way anything happens to a run: persist the events, then execute the commands they
 * produced, then record what those commands returned, until nothing follows.
 * Returns false when the run does not exist (the events could not start it).
 */
export async function dispatchRunEvents(deps: CommandDeps, ref: RunRef, events: readonly RunEvent[]): Promise<boolean> {
  const first = await applyEvents(deps.store, deps.clock, ref, events);
  if (!first.applied) return false;
  let head = first.head;
  await deps.store.markInFlight(ref.runId, ref.issueId, ref.issueKey, deps.clock.now());
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const result = await executeCommands(deps, head);
    await markExecuted(deps.store, head, result.executed, result.audit);
    if (result.followUps.length === 0) break;
    ({ head } = await applyEvents(deps.store, deps.clock, ref, result.followUps));
  }
  await deps.store.clearInFlight(ref.runId);
  return true;
}

/** Finishes the pending commands of a run without new events (crash recovery, duplicate deliveries). */
export async function resumeRun(deps: CommandDeps, ref: RunRef): Promise<boolean> {
  return dispatchRunEvents(deps, ref, []);
}
