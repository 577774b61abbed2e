import type { JsonValue } from '../../domain/common/json';
import type { RunEvent, RunState, StepState } from '../../domain/run/run-types';
import type { ActionCall } from '../../domain/workflows/workflow-types';
import { ACTION_REQUIREMENTS } from '../../domain/integrations/action-scopes';
import type { ActionResult } from '../../ports/integrations';
import type { StepJob } from '../../ports/job-queue';
import { dispatchRunEvents } from '../run/dispatch';
import type { CommandDeps } from '../run/execute-commands';
import { loadRunById } from '../run/run-engine';
import { toIntegrationCall } from './to-integration-call';

export type StepJobOutcome = 'recorded' | 'stale';

/**
 * One queued unit of execution: a workflow step, its compensation, or a revocation call. The run
 * is checked first, so a duplicate or late delivery of a job that already ran does nothing.
 */
export async function runStepJob(deps: CommandDeps, job: StepJob): Promise<StepJobOutcome> {
  const found = await loadRunById(deps.store, job.runId);
  if (!found) return 'stale';
  const { ref, record } = found;
  const work = findWork(record.run, job);
  if (!work) return 'stale';
  const integrationCall = toIntegrationCall(work.call);
  const result: ActionResult = integrationCall.ok
    ? await deps.integrations.execute(integrationCall.call, {
        runId: job.runId,
        stepId: work.effectId,
        attempt: job.attempt,
        ...(integrationCall.connectionId !== undefined ? { connectionId: integrationCall.connectionId } : {}),
      })
    : refusedCall(work.call, job, work.effectId, integrationCall.reason);
  await dispatchRunEvents(deps, ref, [work.toEvent(result)]);
  return 'recorded';
}

/** A call refused before reaching any integration: recorded like the executor's own refusals. */
function refusedCall(call: ActionCall, job: StepJob, effectId: string, reason: string): ActionResult {
  return {
    status: 'refused',
    code: 'invalid-params',
    reason,
    record: { runId: job.runId, stepId: effectId, connectionId: null, kind: ACTION_REQUIREMENTS[call.action].kind, action: call.action, params: {}, status: null, outcome: 'refused', reason, attempts: 0, durationMs: 0 },
  };
}

interface Work {
  readonly call: ActionCall;
  /** Distinct per effect, so a step and its compensation never share an idempotency key. */
  readonly effectId: string;
  toEvent(result: ActionResult): RunEvent;
}

function findWork(run: RunState, job: StepJob): Work | undefined {
  if (job.phase === 'revoke') {
    const index = Number(job.stepId.replace('revocation-', ''));
    const entry = run.revocation.find((r) => r.index === index);
    if (!entry || entry.status !== 'running' || entry.attempt !== job.attempt) return undefined;
    return {
      call: entry.call,
      effectId: `revocation-${index}`,
      toEvent: (result) =>
        result.status === 'succeeded'
          ? { type: 'revocation.succeeded', index, attempt: job.attempt }
          : { type: 'revocation.failed', index, attempt: job.attempt, ...failure(result) },
    };
  }
  const step = run.steps.find((s) => s.id === job.stepId);
  if (!step || step.definition.kind !== 'action') return undefined;
  if (job.phase === 'execute') {
    if (step.status !== 'running' || step.attempt !== job.attempt) return undefined;
    return {
      call: step.definition.call,
      effectId: effectIdOf(step),
      toEvent: (result) =>
        result.status === 'succeeded'
          ? { type: 'step.succeeded', stepId: step.id, attempt: job.attempt, result: resultData(result), summary: summarize(result) }
          : { type: 'step.failed', stepId: step.id, attempt: job.attempt, ...failure(result) },
    };
  }
  const compensation = step.definition.compensation;
  if (!compensation || step.status !== 'compensating' || step.compensationAttempt !== job.attempt) return undefined;
  return {
    call: compensation,
    effectId: `${effectIdOf(step)}-compensation`,
    toEvent: (result) =>
      result.status === 'succeeded'
        ? { type: 'compensation.succeeded', stepId: step.id, attempt: job.attempt, result: resultData(result) }
        : { type: 'compensation.failed', stepId: step.id, attempt: job.attempt, ...failure(result) },
  };
}

/**
 * The effect a step's job performs, as integrations key it. After an undo the step's effect is
 * gone: running it again is a new effect (a new key, so neither the call ledger nor the receiver
 * takes it for a repeat of the undone one), and so is undoing that one.
 */
function effectIdOf(step: StepState): string {
  return step.timesUndone ? `${step.id}-redo-${step.timesUndone}` : step.id;
}

function failure(result: Exclude<ActionResult, { status: 'succeeded' }>): { transient: boolean; retryAfterMs?: number; error: string } {
  return result.status === 'retry-later'
    ? { transient: true, retryAfterMs: result.retryAfterMs, error: result.reason }
    : { transient: false, error: result.reason };
}

/** What the audit trail keeps of a call: the redacted record (system, action, parameters, status). */
function resultData(result: Extract<ActionResult, { status: 'succeeded' }>): JsonValue {
  return { output: result.output, replayed: result.replayed, call: result.record as unknown as JsonValue };
}

function summarize(result: Extract<ActionResult, { status: 'succeeded' }>): string {
  return result.replayed ? 'succeeded (already done before: not repeated)' : 'succeeded';
}
