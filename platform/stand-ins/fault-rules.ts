/**
 * Scripted faults per route. A rule matches a service, method and path; each matching request
 * consumes the next step of its sequence ("fail twice then succeed" is `[503, 503, pass]`), and
 * once the sequence is used up the rule stops applying (unless `repeat`).
 */
export type StandInService = 'graph' | 'login' | 'okta' | 'slack' | 'webhook';

export type FaultStep =
  | { readonly type: 'pass' }
  /** Answer with this status; the body defaults to the provider's real error shape for it. */
  | { readonly type: 'status'; readonly status: number; readonly retryAfter?: string; readonly headers?: Readonly<Record<string, string>>; readonly body?: unknown }
  /** Wait, then answer normally. */
  | { readonly type: 'delay'; readonly ms: number }
  /** Never answer (until the client gives up or the stand-in stops). */
  | { readonly type: 'hang' }
  /** Close the connection without an answer. */
  | { readonly type: 'reset' };

export interface FaultRule {
  readonly service: StandInService;
  readonly method?: string;
  /** Matches when the request path (without query) contains this text, or matches this pattern. */
  readonly path?: string | RegExp;
  readonly sequence: readonly FaultStep[];
  readonly repeat?: boolean;
}

interface ActiveRule {
  readonly rule: FaultRule;
  next: number;
}

/** Holds the active rules and hands out the step for each request. */
export class FaultBook {
  private rules: ActiveRule[] = [];

  set(rules: readonly FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule, next: 0 }));
  }

  clear(): void {
    this.rules = [];
  }

  /** The step for this request; `pass` when no rule applies. */
  take(service: StandInService, method: string, path: string): FaultStep {
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.service !== service) continue;
      if (rule.method !== undefined && rule.method.toUpperCase() !== method) continue;
      if (rule.path !== undefined && !(typeof rule.path === 'string' ? path.includes(rule.path) : rule.path.test(path))) continue;
      if (active.next >= rule.sequence.length) {
        if (!rule.repeat || rule.sequence.length === 0) continue;
        active.next = 0;
      }
      const step = rule.sequence[active.next] as FaultStep;
      active.next += 1;
      return step;
    }
    return { type: 'pass' };
  }
}
