import type { JsonObject } from '../domain/common/json';
import type { IntegrationCallRecord } from '../domain/integrations/call-record';
import type { ConnectionConfig } from '../domain/integrations/connection-config';
import type { ConnectionSecrets } from '../domain/integrations/connection-secrets';
import type { Classification, PermanentCode } from '../domain/integrations/response-classification';
import type { ActionCall, ConnectionKind } from '../domain/workflows/workflow-types';

/** Where an action call comes from: the idempotency key is `${runId}:${stepId}`. */
export interface ActionContext {
  readonly runId: string;
  readonly stepId: string;
  /** Delivery attempt of this step (1 on the first delivery), as counted by the run. */
  readonly attempt: number;
  /** The connection to use; when absent, the only connection of the action's kind. */
  readonly connectionId?: string;
}

export type ActionResult =
  | { readonly status: 'succeeded'; readonly output: JsonObject; readonly replayed: boolean; readonly record: IntegrationCallRecord }
  /** A transient fault outlasted this invocation's budget: re-deliver after `retryAfterMs`. */
  | { readonly status: 'retry-later'; readonly retryAfterMs: number; readonly reason: string; readonly record: IntegrationCallRecord }
  | { readonly status: 'failed'; readonly code: PermanentCode; readonly reason: string; readonly record: IntegrationCallRecord }
  /** Refused before any request: scope ceiling, missing connection or invalid parameters. */
  | { readonly status: 'refused'; readonly code: PermanentCode; readonly reason: string; readonly record: IntegrationCallRecord };

/** Runs the abstract actions of pre-built workflows against connected systems. */
export interface Integrations {
  execute(call: ActionCall, ctx: ActionContext): Promise<ActionResult>;
}

/** One attempt of one action against a provider, classified. */
export interface ActionAttempt {
  readonly classification: Classification;
  /** HTTP status of the deciding response; null when none arrived. */
  readonly status: number | null;
  /** The action's result when it succeeded. */
  readonly output?: JsonObject;
  /** The deciding response body, raw (the executor redacts and trims it). */
  readonly response?: unknown;
}

export interface AttemptInput {
  readonly connection: ConnectionConfig;
  readonly secrets: ConnectionSecrets;
  readonly call: ActionCall;
  /** Stable across retries and re-deliveries of the same step. */
  readonly idempotencyKey: string;
  /** Upper bound for every request of this attempt. */
  readonly timeoutMs: number;
}

/** Outcome of a harmless read that shows whether a connection works. */
export interface ProbeResult {
  readonly ok: boolean;
  /** What was checked, or why it failed, in words for the admin. */
  readonly detail: string;
}

/** The provider side of one connection kind (Graph, Okta, Slack, webhook). */
export interface ActionDriver {
  perform(input: AttemptInput): Promise<ActionAttempt>;
  probe(connection: ConnectionConfig, secrets: ConnectionSecrets, timeoutMs: number): Promise<ProbeResult>;
}

export type ActionDrivers = Readonly<Record<ConnectionKind, ActionDriver>>;

/** Completed calls by idempotency key, so a re-delivered step returns the first result. */
export interface CallLedger {
  find(key: string): Promise<{ readonly output: JsonObject } | undefined>;
  save(key: string, entry: { readonly output: JsonObject }): Promise<void>;
}

/** Time for the executor: wall clock and a sleep it may use for short waits. */
export interface IntegrationClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}
