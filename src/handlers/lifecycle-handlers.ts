import { InvocationError, InvocationErrorCode } from '@forge/events';
import { adfToText } from '../adapters/adf';
import { receiveClarificationReply } from '../app/approvals/receive-clarification-reply';
import { syncApprovalDecisions } from '../app/approvals/sync-approval-decisions';
import { runStepJob } from '../app/execution/run-step-job';
import { startRun } from '../app/intake/start-run';
import { sweepTimers } from '../app/timers/sweep-timers';
import { createForgeServices } from '../composition';
import { JiraCallError } from '../ports/jira-gateway';
import { commentedEventSchema, issueEventSchema, newStatusId, statusChanged, stepJobSchema, updatedEventSchema } from './forge-events';

/**
 * Forge entry points of the request lifecycle. Thin: validate the payload, call a use case, map
 * failures. A retryable Jira failure asks Forge to deliver again later (InvocationError), so
 * nothing is lost; anything else is rethrown so Forge records it.
 */

/** Seconds Forge should wait before redelivering (Forge allows at most 900). */
function retryAfterSeconds(ms: number | undefined): number {
  return Math.min(900, Math.max(5, Math.ceil((ms ?? 30_000) / 1000)));
}

async function withRetry<T>(work: () => Promise<T>): Promise<T | InvocationError> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof JiraCallError && error.retryable) {
      return new InvocationError({ retryAfter: retryAfterSeconds(error.retryAfterMs), retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
    }
    if (error instanceof Error && error.name === 'RunConflictError') {
      return new InvocationError({ retryAfter: 5, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
    }
    throw error;
  }
}

/**
 * For product-event triggers: Forge redelivers a trigger only when it returns InvocationError, so
 * any failure asks for redelivery (a thrown error would drop the event, and with it the request).
 * Runs are idempotent by issue, so a redelivery after a partial run repeats nothing.
 */
async function withRedelivery<T>(what: string, work: () => Promise<T>): Promise<T | InvocationError> {
  try {
    return await withRetry(work);
  } catch (error) {
    console.error(`approval-router: ${what} failed and will be delivered again: ${error instanceof Error ? error.message : String(error)}`);
    return new InvocationError({ retryAfter: 60, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
  }
}

export async function onRequestCreated(payload: unknown): Promise<unknown> {
  const event = issueEventSchema.parse(payload);
  return withRedelivery('request intake', async () => {
    const services = await createForgeServices();
    if (!services) return 'not-configured';
    return startRun(services, event.issue);
  });
}

export async function onRequestUpdated(payload: unknown): Promise<unknown> {
  const event = updatedEventSchema.parse(payload);
  if (!statusChanged(event)) return 'ignored';
  return withRedelivery('approval decision sync', async () => {
    const services = await createForgeServices();
    if (!services) return 'not-configured';
    return syncApprovalDecisions(services, event.issue, newStatusId(event));
  });
}

export async function onRequestCommented(payload: unknown): Promise<unknown> {
  const event = commentedEventSchema.parse(payload);
  return withRedelivery('clarification reply', async () => {
    const services = await createForgeServices();
    if (!services) return 'not-configured';
    return receiveClarificationReply(services, event.issue, {
      authorAccountId: event.comment.author?.accountId ?? null,
      text: adfToText(event.comment.body),
      internal: event.comment.jsdPublic === false,
    });
  });
}

export async function runStepConsumer(delivery: { body: unknown }): Promise<unknown> {
  const job = stepJobSchema.parse(delivery.body);
  return withRetry(async () => {
    const services = await createForgeServices();
    if (!services) return new InvocationError({ retryAfter: 300, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
    return runStepJob(services, job);
  });
}

export async function sweepTimersScheduled(): Promise<unknown> {
  const services = await createForgeServices();
  if (!services) return 'not-configured';
  const report = await sweepTimers(services);
  console.log('approval-router sweep', JSON.stringify(report));
  return report;
}
