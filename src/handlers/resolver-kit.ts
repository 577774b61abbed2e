import Resolver from '@forge/resolver';
import type { z } from 'zod';
import type { Envelope, ResolverIssue } from '../contract/envelope';
import { RESOLVER_ERROR_CODES } from '../contract/envelope';
import { isDomainError } from '../domain/common/domain-error';
import { describeIssues } from '../domain/policy/describe-issues';

/**
 * How every resolver of the app is built: check who calls, validate the payload with zod, run the
 * use case, answer in the envelope. Expected failures (DomainError) become `{ ok: false }` with
 * their stable code; anything else is rethrown so Forge records it and the page shows a generic
 * failure instead of a stack trace.
 */

/** What a resolver knows about its invocation, from the Forge context (never from the payload). */
export interface ResolverCall {
  readonly accountId: string;
  /** `context.extension` as Forge passes it: the issue, the portal request, the module type. */
  readonly extension: Readonly<Record<string, unknown>>;
  readonly moduleKey: string | null;
}

/** `null` allows the call; a string refuses it with that message (shown to the caller). */
export type Authorize = (call: ResolverCall) => Promise<string | null>;

export interface ResolverDefinition<P = unknown, R = unknown> {
  readonly key: string;
  readonly payload: z.ZodType<P>;
  /** Runs before the payload is even parsed: a refused caller learns nothing about it. */
  readonly authorize: Authorize;
  readonly handle: (payload: P, call: ResolverCall) => Promise<R>;
}

/** Declares one resolver; the types of payload and result follow the schema and the handler. */
export function defineResolver<P, R>(definition: ResolverDefinition<P, R>): ResolverDefinition<P, R> {
  return definition;
}

/** Allows every signed-in caller; the use case checks finer rights itself. */
export const allowSignedIn: Authorize = async () => null;

/** Reads who calls from the Forge invocation context; null without a signed-in user. */
export function readCall(context: unknown): ResolverCall | null {
  if (context === null || typeof context !== 'object') return null;
  const ctx = context as Record<string, unknown>;
  const accountId = typeof ctx['accountId'] === 'string' && ctx['accountId'] !== '' ? ctx['accountId'] : null;
  if (!accountId) return null;
  const extension = ctx['extension'] !== null && typeof ctx['extension'] === 'object' ? (ctx['extension'] as Record<string, unknown>) : {};
  const moduleKey = typeof ctx['moduleKey'] === 'string' ? ctx['moduleKey'] : null;
  return { accountId, extension, moduleKey };
}

/** Runs one definition for one invocation and answers in the envelope. */
export async function runResolver<P, R>(definition: ResolverDefinition<P, R>, payload: unknown, context: unknown): Promise<Envelope<R>> {
  const call = readCall(context);
  if (!call) return fail(RESOLVER_ERROR_CODES.forbidden, 'Sign in to Jira to use Approval Router.');
  try {
    const refusal = await definition.authorize(call);
    if (refusal !== null) return fail(RESOLVER_ERROR_CODES.forbidden, refusal);
    const parsed = definition.payload.safeParse(payload ?? {});
    if (!parsed.success) {
      const issues = describeIssues(parsed.error.issues, payload);
      const first = issues[0];
      return fail(RESOLVER_ERROR_CODES.invalidPayload, `The request is not valid${first ? `: ${first.path ? `${first.path} ` : ''}${first.message}` : ''}.`, issues);
    }
    return { ok: true, data: await definition.handle(parsed.data, call) };
  } catch (error) {
    if (isDomainError(error)) return fail(error.code, error.message, readIssues(error.details?.['issues']));
    throw error;
  }
}

/**
 * A Forge resolver handler for a set of definitions (the export named in manifest.yml). Keys must
 * be unique: a duplicate is a programming error, caught when the module loads.
 */
export function createResolverHandler(definitions: readonly ResolverDefinition<never, unknown>[]): ReturnType<Resolver['getDefinitions']> {
  const resolver = new Resolver();
  const seen = new Set<string>();
  for (const definition of definitions) {
    if (seen.has(definition.key)) throw new Error(`Resolver key defined twice: ${definition.key}`);
    seen.add(definition.key);
    resolver.define(definition.key, (request) => runResolver(definition as unknown as ResolverDefinition<unknown, unknown>, request.payload, request.context));
  }
  return resolver.getDefinitions();
}

function fail(code: string, message: string, issues?: readonly ResolverIssue[]): Envelope<never> {
  return { ok: false, error: { code, message, ...(issues && issues.length > 0 ? { issues } : {}) } };
}

function readIssues(value: unknown): ResolverIssue[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value
    .filter((v): v is { path: unknown; message: unknown } => v !== null && typeof v === 'object')
    .map((v) => ({ path: String(v.path ?? ''), message: String(v.message ?? '') }));
}
