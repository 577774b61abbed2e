import { createRunState, reduceRun } from './reduce-run';
import type { RunEventEnvelope, RunState, RunTransition } from './run-types';

/** The state a run's stored events lead to, applying each at its recorded time. */
export function replayRun(events: readonly RunEventEnvelope[]): RunState {
  return replayRunTransitions(events).state;
}

/** Replays a run and keeps every transition, for verifying commands and audit drafts. */
export function replayRunTransitions(events: readonly RunEventEnvelope[]): { state: RunState; transitions: RunTransition[] } {
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  let state: RunState | undefined;
  const transitions: RunTransition[] = [];
  for (const envelope of ordered) {
    const transition = reduceRun(state, envelope.event, envelope.at);
    transitions.push(transition);
    state = transition.state;
  }
  return { state: state ?? createRunState(), transitions };
}
