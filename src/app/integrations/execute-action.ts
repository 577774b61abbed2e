import type { JsonObject } from '../../domain/common/json';
import { ACTION_REQUIREMENTS, checkCeiling } from '../../domain/integrations/action-scopes';
import { parseActionParams } from '../../domain/integrations/action-params';
import { sanitizeForRecord, sanitizeText, type CallOutcome, type IntegrationCallRecord } from '../../domain/integrations/call-record';
import type { ConnectionSecrets } from '../../domain/integrations/connection-secrets';
import type { PermanentCode } from '../../domain/integrations/response-classification';
import { computeRetryDelayMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../domain/integrations/retry-policy';
import type { ActionCall } from '../../domain/workflows/workflow-types';
import type { ConnectionStore, StoredConnection } from '../../ports/connection-store';
import type { ActionAttempt, ActionContext, ActionDrivers, ActionResult, CallLedger, IntegrationClock, Integrations } from '../../ports/integrations';
import type { SecretStore } from '../../ports/secret-store';

export interface IntegrationExecutorDeps {
  readonly connections: ConnectionStore;
  readonly secrets: SecretStore;
  readonly drivers: ActionDrivers;
  readonly clock: IntegrationClock;
  /** Completed calls by idempotency key; without it, repeats rely on the providers' idempotency. */
  readonly ledger?: CallLedger;
  /** Receives every call record (the audit trail); the record is also in the result. */
  readonly recordCall?: (record: IntegrationCallRecord) => Promise<void>;
  readonly policy?: RetryPolicy;
  /** Time this executor may spend per call, well below Forge's 55 s invocation limit. */
  readonly budgetMs?: number;
  /** Upper bound of each HTTP request. */
  readonly requestTimeoutMs?: number;
}

const DEFAULT_BUDGET_MS = 40_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Runs abstract actions: resolves the connection, checks its scope ceiling before any request,
 * retries transient faults within the invocation budget (longer waits go back to the caller as
 * "retry later"), and records every call with secrets removed.
 */
export function createIntegrationExecutor(deps: IntegrationExecutorDeps): Integrations {
  const policy = deps.policy ?? DEFAULT_RETRY_POLICY;
  const budgetMs = deps.budgetMs ?? DEFAULT_BUDGET_MS;
  const requestTimeoutMs = deps.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;

  return {
    async execute(call: ActionCall, ctx: ActionContext): Promise<ActionResult> {
      const startedAt = deps.clock.now();
      const kind = ACTION_REQUIREMENTS[call.action].kind;
      const idempotencyKey = `${ctx.runId}:${ctx.stepId}`;
      let secretValues: readonly string[] = [];
      let connectionId: string | null = ctx.connectionId ?? null;

      const finish = async <R extends ActionResult>(
        outcome: CallOutcome,
        fields: { status: number | null; attempts: number; reason?: string; response?: unknown },
        build: (record: IntegrationCallRecord) => R,
      ): Promise<R> => {
        const record: IntegrationCallRecord = {
          runId: ctx.runId,
          stepId: ctx.stepId,
          connectionId,
          kind,
          action: call.action,
          params: toObject(sanitizeForRecord(call.params, secretValues)),
          status: fields.status,
          outcome,
          ...(fields.reason !== undefined ? { reason: sanitizeText(fields.reason, secretValues) } : {}),
          attempts: fields.attempts,
          durationMs: Math.max(0, deps.clock.now() - startedAt),
          ...(fields.response !== undefined && fields.response !== null ? { response: sanitizeForRecord(fields.response, secretValues) } : {}),
        };
        await deps.recordCall?.(record);
        return build(record);
      };
      const refuse = (code: PermanentCode, reason: string) =>
        finish('refused', { status: null, attempts: 0, reason }, (record) => ({ status: 'refused' as const, code, reason: record.reason ?? reason, record }));

      const params = parseActionParams(call.action, call.params);
      if (!params.ok) return refuse('invalid-params', params.reason);

      const resolved = await resolveConnection(deps.connections, kind, ctx.connectionId);
      if (!resolved.ok) return refuse('connection-missing', resolved.reason);
      const connection = resolved.connection;
      connectionId = connection.config.id;

      const ceiling = checkCeiling(connection.config, call.action);
      if ('refused' in ceiling) return refuse('refused', ceiling.reason);

      const secrets: ConnectionSecrets | undefined = connection.secretSet ? await deps.secrets.get(connectionId) : undefined;
      if (secrets === undefined) return refuse('connection-missing', `Connection "${connectionId}" has no credentials set: an admin must enter them in the app settings.`);
      secretValues = Object.values(secrets);

      const done = await deps.ledger?.find(idempotencyKey);
      if (done !== undefined) {
        return finish('replayed', { status: null, attempts: 0, reason: 'Already done for this run step: the earlier result is returned, nothing was sent.' }, (record) => ({ status: 'succeeded' as const, output: done.output, replayed: true, record }));
      }

      const driver = deps.drivers[kind];
      let attempts = 0;
      for (;;) {
        attempts += 1;
        let attempt: ActionAttempt;
        try {
          attempt = await driver.perform({ connection: connection.config, secrets, call: { action: call.action, params: params.params }, idempotencyKey, timeoutMs: requestTimeoutMs });
        } catch (error) {
          const reason = `The ${kind} integration failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`;
          return finish('failed', { status: null, attempts, reason }, (record) => ({ status: 'failed' as const, code: 'rejected' as const, reason: record.reason ?? reason, record }));
        }
        const { classification } = attempt;
        const base = { status: attempt.status, attempts, response: attempt.response };
        if (classification.kind === 'ok') {
          const output = attempt.output ?? {};
          await deps.ledger?.save(idempotencyKey, { output });
          const reason = noteReason(classification.note);
          return finish('succeeded', { ...base, ...(reason !== undefined ? { reason } : {}) }, (record) => ({ status: 'succeeded' as const, output, replayed: false, record }));
        }
        if (classification.kind === 'permanent') {
          return finish('failed', { ...base, reason: classification.reason }, (record) => ({ status: 'failed' as const, code: classification.code, reason: record.reason ?? classification.reason, record }));
        }
        // Transient: the retry number counts every earlier delivery's inline attempts too.
        const retryNumber = (Math.max(ctx.attempt, 1) - 1) * policy.maxInlineAttempts + attempts;
        const delayMs = computeRetryDelayMs(retryNumber, idempotencyKey, classification.retryAfterMs, policy);
        const elapsed = deps.clock.now() - startedAt;
        const fitsInline = attempts < policy.maxInlineAttempts && delayMs <= policy.maxInlineWaitMs && elapsed + delayMs + requestTimeoutMs <= budgetMs;
        if (fitsInline) {
          await deps.clock.sleep(delayMs);
          continue;
        }
        // How many deliveries a step gets is the run's to decide (per round: an agent's retry starts a
        // new one), so a transient fault always goes back as retry-later from here.
        const reason = `${classification.reason}; retry in ${Math.ceil(delayMs / 1000)} s`;
        return finish('retry-later', { ...base, reason }, (record) => ({ status: 'retry-later' as const, retryAfterMs: delayMs, reason: record.reason ?? reason, record }));
      }
    },
  };
}

type Resolved = { ok: true; connection: StoredConnection } | { ok: false; reason: string };

async function resolveConnection(store: ConnectionStore, kind: string, connectionId: string | undefined): Promise<Resolved> {
  if (connectionId !== undefined) {
    const connection = await store.get(connectionId);
    return connection === undefined ? { ok: false, reason: `Connection "${connectionId}" does not exist.` } : { ok: true, connection };
  }
  const candidates = (await store.list()).filter((c) => c.config.kind === kind);
  if (candidates.length === 1) return { ok: true, connection: candidates[0] as StoredConnection };
  if (candidates.length === 0) return { ok: false, reason: `No ${kind} connection is configured: an admin must add one in the app settings.` };
  return { ok: false, reason: `${candidates.length} ${kind} connections are configured and the step does not name one (${candidates.map((c) => c.config.id).join(', ')}).` };
}

function noteReason(note: 'already-member' | 'not-member' | 'duplicate-delivery' | undefined): string | undefined {
  switch (note) {
    case 'already-member':
      return 'The user already was a member: nothing to change.';
    case 'not-member':
      return 'The user was not a member: nothing to change.';
    case 'duplicate-delivery':
      return 'The receiver already had this delivery.';
    default:
      return undefined;
  }
}

function toObject(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
}
