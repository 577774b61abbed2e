/** Per-route fault injection: rate limits, server errors and delays, deterministic under a seed. */
import { z } from 'zod';
import { createSeededRandom } from '../common/seeded-random';

export const rateLimitReasonSchema = z.enum(['jira-burst-based', 'jira-per-issue-on-write', 'jira-quota-tenant-based']);

export const faultRuleSchema = z.object({
  /** HTTP method to match (any when absent). */
  method: z.string().optional(),
  /** A glob over the path or the OpenAPI template (`*` = one segment part, `**` = anything) or a regular expression when it starts with `^`. */
  pathPattern: z.string().min(1),
  /** How many matching requests the rule affects (unlimited when absent). */
  times: z.number().int().positive().optional(),
  /** Chance in [0,1] that a matching request is affected, drawn from the site's seeded PRNG. */
  probability: z.number().min(0).max(1).optional(),
  response: z.union([
    z.object({ status: z.literal(429), retryAfter: z.number().int().nonnegative().optional(), rateLimitReason: rateLimitReasonSchema.optional() }),
    z.object({ status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]) }),
    z.object({ delayMs: z.number().int().nonnegative() }),
  ]),
});
export type FaultRule = z.input<typeof faultRuleSchema>;
type ParsedRule = z.output<typeof faultRuleSchema>;

export type FaultOutcome = { kind: 'none'; delayMs: number } | { kind: 'respond'; delayMs: number; status: number; headers: Record<string, string>; body: unknown; label: string };

function compilePattern(pattern: string): RegExp {
  if (pattern.startsWith('^')) return new RegExp(pattern);
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').split('**').map((part) => part.replace(/\*/g, '[^/]*')).join('.*');
  return new RegExp(`^${escaped}$`);
}

export class FaultInjector {
  private rules: Array<{ rule: ParsedRule; regex: RegExp; used: number }> = [];
  private random: () => number;

  constructor(private seed: number) {
    this.random = createSeededRandom(seed);
  }

  /** Replaces the rules; a seed restarts the PRNG so a schedule can be replayed. */
  set(rules: FaultRule[], seed?: number): void {
    const parsed = z.array(faultRuleSchema).safeParse(rules);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`Invalid fault rule at ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    if (seed !== undefined) this.seed = seed;
    this.random = createSeededRandom(this.seed);
    this.rules = parsed.data.map((rule) => ({ rule, regex: compilePattern(rule.pathPattern), used: 0 }));
  }

  clear(): void {
    this.rules = [];
    this.random = createSeededRandom(this.seed);
  }

  /** Decides what happens to one request; delays add up, the first status rule answers. */
  evaluate(method: string, pathname: string, template: string | null): FaultOutcome {
    let delayMs = 0;
    for (const entry of this.rules) {
      const { rule } = entry;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!entry.regex.test(pathname) && !(template && entry.regex.test(template))) continue;
      if (rule.times !== undefined && entry.used >= rule.times) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      entry.used++;
      const r = rule.response;
      if ('delayMs' in r) {
        delayMs += r.delayMs;
        continue;
      }
      if (r.status === 429) {
        const headers: Record<string, string> = {};
        if (r.retryAfter !== undefined) headers['retry-after'] = String(r.retryAfter);
        if (r.rateLimitReason) headers['ratelimit-reason'] = r.rateLimitReason;
        return { kind: 'respond', delayMs, status: 429, headers, body: { errorMessages: ['Rate limit exceeded.'], errors: {} }, label: `429${r.rateLimitReason ? ` ${r.rateLimitReason}` : ''}` };
      }
      return { kind: 'respond', delayMs, status: r.status, headers: {}, body: { errorMessages: ['Internal server error (injected fault).'], errors: {} }, label: String(r.status) };
    }
    return { kind: 'none', delayMs };
  }
}
