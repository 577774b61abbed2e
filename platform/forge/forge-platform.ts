/**
 * The local Forge runtime: answers what the real @forge/* packages send through
 * `global.__forge_fetch__` (Jira as app/user, KVS, queue publish, webtrigger URLs), and invokes the
 * app's functions the way Forge does (product-event triggers, queue consumers with retries,
 * scheduled triggers on the emulated clock, resolvers, webtriggers). Delivery is at least once,
 * with seeded duplicate/delay/reorder faults. `settle()` waits until every due delivery has run.
 *
 * Install the globals (install-forge-globals.ts) before any @forge/* module is loaded.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { ForgeRuntime } from '@forge/api/out/api/runtime';
import { createEgressFetch, type ExternalCall } from './egress-fetch';
import { createEmulatedClock, type EmulatedClock } from './emulated-clock';
import { buildForgeRuntime } from './forge-runtime-object';
import { KvsStore } from './kvs-store';
import type { AppManifest } from './manifest-model';
import { createSeededRandom } from '../common/seeded-random';
import type { SiteCaller, SiteLike, ProductEvent } from './site-port';

export type DeliveryKind = 'trigger' | 'consumer' | 'scheduled' | 'resolver' | 'webtrigger';

export interface DeliveryRecord {
  id: number;
  kind: DeliveryKind;
  moduleKey: string;
  functionKey: string;
  /** Product event type, queue name, or resolver key. */
  topic: string;
  eventId: string;
  attempt: number;
  at: number;
  outcome: 'ok' | 'retry' | 'failed' | 'ignored-self' | 'timed-out';
  error?: string;
  duplicate?: boolean;
}

export interface DeliveryFaults {
  /** Seed for the fault PRNG: the same seed replays the same faults. */
  seed?: number;
  /** Probability (0-1) that a delivery is made twice. */
  duplicate?: number;
  /** Probability (0-1) that, when several deliveries are due, a random one goes first. */
  reorder?: number;
  /** Probability (0-1) that a delivery is held back by `delayMs` of emulated time. */
  delay?: number;
  delayMs?: number;
  /** Restrict the faults to some deliveries. */
  kinds?: ('trigger' | 'consumer')[];
  topics?: string[];
}

/** Forge's limits the runtime enforces (FORGE-FACTS.md). */
export const FORGE_LIMITS = {
  maxEventsPerPush: 50,
  maxPushBytes: 200 * 1024,
  maxDelaySeconds: 900,
  maxRetries: 4,
  maxRetryAfterSeconds: 900,
  maxRetryDataBytes: 4 * 1024,
  resolverTimeoutMs: 25_000,
  defaultTimeoutMs: 55_000,
  /** Backoff for a consumer that threw (Forge does not publish the exact schedule). */
  thrownErrorRetryAfterSeconds: 60,
} as const;

const INTERVAL_MS = { fiveMinute: 5 * 60_000, hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 } as const;

export interface ForgePlatformOptions {
  site: SiteLike;
  manifest: AppManifest;
  clock?: EmulatedClock;
  cloudId?: string;
  environmentId?: string;
  appVersion?: string;
  /** The app's own Jira account: events it caused are "self" for `filter.ignoreSelf`. */
  appAccountId?: string;
  /** Real origin → loopback origin of a stand-in (platform/stand-ins). */
  externalOrigins?: () => Record<string, string>;
  /** The fetch used for allowed egress (defaults to the fetch present at creation). */
  realFetch?: typeof fetch;
  /** Base URL webtrigger URLs are built on (the HTTP server sets it). */
  baseUrl?: () => string;
  log?: (line: string) => void;
}

type AppExports = Record<string, unknown>;
type Handler = (event: unknown, context: unknown) => unknown;

interface Invocation {
  runtime: ForgeRuntime;
  accountId?: string;
}

interface Task {
  kind: 'trigger' | 'consumer';
  moduleKey: string;
  functionKey: string;
  topic: string;
  eventId: string;
  attempt: number;
  duplicate?: boolean;
  run: (task: Task) => Promise<void>;
  jobId?: string;
  /** Set on a retry: what Forge passes as `retryContext`. */
  retryReason?: string;
  retryData?: unknown;
}

export interface WebtriggerRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  body?: string;
}

export interface WebtriggerResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: string;
}

export interface ResolverCall {
  /** The resolver definition key (`invoke('policy/get')`). */
  functionKey: string;
  payload?: unknown;
  accountId?: string;
  /** The UI module calling; defaults to the first module with a resolver. */
  moduleKey?: string;
  localId?: string;
  extension?: Record<string, unknown>;
}

const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(status === 204 || body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

function normalizeHeaders(h: unknown): Record<string, string> {
  if (!h) return {};
  if (h instanceof Headers) {
    const out: Record<string, string> = {};
    h.forEach((value, key) => (out[key] = value));
    return out;
  }
  if (Array.isArray(h)) return Object.fromEntries(h as [string, string][]);
  return Object.fromEntries(Object.entries(h as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  return typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : String(body);
}

function readBody(body: unknown): unknown {
  const text = bodyText(body);
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const isRetryResponse = (v: unknown): v is { _retry: true; retryOptions?: { retryAfter?: number; retryReason?: string; retryData?: unknown } } =>
  typeof v === 'object' && v !== null && (v as { _retry?: unknown })._retry === true;

const describeError = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : isRetryResponse(e) ? 'InvocationError' : String(e));

/** The runtime for one installed app. */
export class ForgePlatform {
  readonly clock: EmulatedClock;
  readonly kvs: KvsStore;
  readonly site: SiteLike;
  readonly manifest: AppManifest;
  readonly cloudId: string;
  readonly environmentId: string;
  readonly appVersion: string;
  readonly forgeFetch: (target: Record<string, unknown>, path: string, init?: RequestInit) => Promise<Response>;
  readonly egressFetch: typeof fetch;

  private app: AppExports | undefined;
  private readonly als = new AsyncLocalStorage<Invocation>();
  private readonly idleRuntime: ForgeRuntime;
  private ready: Task[] = [];
  private draining: Promise<void> | undefined;
  private deliveryLog: DeliveryRecord[] = [];
  private external: ExternalCall[] = [];
  private faults: DeliveryFaults = {};
  private random = createSeededRandom(1);
  private jobs = new Map<string, { success: number; inProgress: number; failed: number; cancelled: boolean }>();
  private readonly log: (line: string) => void;
  private readonly ticking = new Set<string>();
  /** Bumped by reset(): timers of an older generation (delays, retries) are dropped when they fire. */
  private generation = 0;

  constructor(private readonly options: ForgePlatformOptions) {
    this.site = options.site;
    this.manifest = options.manifest;
    this.clock = options.clock ?? createEmulatedClock();
    this.cloudId = options.cloudId ?? '00000000-0000-4000-8000-00000000c10d';
    this.environmentId = options.environmentId ?? '00000000-0000-4000-8000-0000000000e1';
    this.appVersion = options.appVersion ?? '1.0.0';
    this.log = options.log ?? (() => undefined);
    this.kvs = new KvsStore({ now: () => this.clock.now(), entities: this.manifest.entities });
    this.idleRuntime = this.runtimeFor({ functionKey: 'none', moduleKey: 'none', moduleType: 'none', limitMs: FORGE_LIMITS.defaultTimeoutMs });
    this.forgeFetch = (target, path, init) => this.dispatch(target, path, init);
    this.egressFetch = createEgressFetch({
      allowed: this.manifest.egress,
      originMap: options.externalOrigins ?? (() => ({})),
      realFetch: options.realFetch ?? globalThis.fetch.bind(globalThis),
      now: () => this.clock.now(),
      record: (call) => this.external.push(call),
    });
    this.site.onProductEvent((event) => this.onProductEvent(event));
  }

  /** The runtime object of the invocation in progress (or an idle one outside invocations). */
  currentRuntime(): ForgeRuntime {
    return this.als.getStore()?.runtime ?? this.idleRuntime;
  }

  /** Installs the app: its exports (src/index.ts), its custom fields, its scheduled triggers. */
  async installApp(exports: AppExports): Promise<void> {
    for (const [key, fn] of this.manifest.functions) {
      const exportName = fn.handler.split('.').pop() ?? '';
      if (typeof exports[exportName] !== 'function') throw new Error(`manifest function "${key}" needs export "${exportName}" of the app module, which is missing`);
    }
    this.app = exports;
    if (this.manifest.customFields.length > 0) await this.site.registerAppFields?.(this.manifest.customFields, this.manifest.appId, this.environmentId);
    for (const st of this.manifest.scheduledTriggers) {
      if (this.ticking.has(st.key)) continue;
      this.ticking.add(st.key);
      this.scheduleTick(st.key, st.function, INTERVAL_MS[st.interval], this.clock.now() + INTERVAL_MS[st.interval]);
    }
  }

  setDeliveryFaults(faults: DeliveryFaults): void {
    this.faults = faults;
    this.random = createSeededRandom(faults.seed ?? 1);
  }

  deliveries(): DeliveryRecord[] {
    return [...this.deliveryLog];
  }

  externalCalls(): ExternalCall[] {
    return [...this.external];
  }

  clearRecords(): void {
    this.deliveryLog = [];
    this.external = [];
  }

  /** Moves the emulated clock, firing scheduled triggers and delayed deliveries, then settles. */
  async advance(ms: number): Promise<void> {
    await this.clock.advance(ms);
    await this.settle();
  }

  /** Resolves once every delivery that is due has been processed (delayed ones wait for `advance`). */
  async settle(): Promise<void> {
    for (let round = 0; round < 100_000; round++) {
      // Let events emitted on a later microtask/immediate reach the queue before deciding we are idle.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.draining) {
        await this.draining;
        continue;
      }
      if (this.ready.length === 0) return;
      this.kick();
    }
    throw new Error('settle: deliveries kept coming after 100000 rounds (a handler that re-enqueues forever?)');
  }

  /** Invokes a resolver function as Forge does for `invoke(functionKey, payload)` from Custom UI. */
  async invokeResolver(call: ResolverCall): Promise<unknown> {
    const ui = call.moduleKey ? this.manifest.uiModules.find((m) => m.key === call.moduleKey) : this.manifest.uiModules[0];
    if (!ui) throw new Error(call.moduleKey ? `no module "${call.moduleKey}" with a resolver in manifest.yml` : 'manifest.yml declares no module with a resolver');
    const handler = this.handlerOf(ui.resolverFunction);
    const context = {
      ...(call.accountId ? { accountId: call.accountId } : {}),
      cloudId: this.cloudId,
      siteUrl: this.options.baseUrl?.() ?? 'http://127.0.0.1',
      environmentId: this.environmentId,
      environmentType: 'DEVELOPMENT',
      moduleKey: ui.key,
      localId: call.localId ?? `${ui.key}-local`,
      extension: { type: ui.type, ...(call.extension ?? {}) },
    };
    const record = this.record('resolver', ui.key, ui.resolverFunction, call.functionKey, randomUUID(), 0);
    try {
      const result = await this.invoke(
        { functionKey: ui.resolverFunction, moduleKey: ui.key, moduleType: ui.type, limitMs: FORGE_LIMITS.resolverTimeoutMs, ...(call.accountId ? { accountId: call.accountId } : {}) },
        () => handler({ call: { functionKey: call.functionKey, payload: call.payload ?? {} }, context }, this.backendContext(call.accountId)),
      );
      record.outcome = result.timedOut ? 'timed-out' : 'ok';
      if (result.timedOut) throw new Error(`resolver "${call.functionKey}" ran past the ${FORGE_LIMITS.resolverTimeoutMs / 1000} s invocation limit`);
      return result.value;
    } catch (e) {
      if (record.outcome !== 'timed-out') record.outcome = 'failed';
      record.error = describeError(e);
      throw e;
    }
  }

  /** Calls a webtrigger as Forge's web trigger endpoint does. */
  async invokeWebtrigger(moduleKey: string, request: WebtriggerRequest): Promise<WebtriggerResponse> {
    const module = this.manifest.webtriggers.find((w) => w.key === moduleKey);
    if (!module) return { statusCode: 404, headers: { 'Content-Type': ['application/json'] }, body: JSON.stringify({ message: `no webtrigger "${moduleKey}"` }) };
    const record = this.record('webtrigger', moduleKey, module.function, request.path, randomUUID(), 0);
    const wrap = (v: Record<string, string> | undefined) => Object.fromEntries(Object.entries(v ?? {}).map(([k, x]) => [k.toLowerCase(), [x]]));
    const event = {
      method: request.method.toUpperCase(),
      path: request.path,
      headers: wrap(request.headers),
      queryParameters: wrap(request.query),
      body: request.body ?? '',
      context: { cloudId: this.cloudId, moduleKey },
    };
    try {
      const { value } = await this.invoke(
        { functionKey: module.function, moduleKey, moduleType: 'webtrigger', limitMs: FORGE_LIMITS.defaultTimeoutMs },
        () => this.handlerOf(module.function)(event, this.backendContext(undefined)),
      );
      record.outcome = 'ok';
      const r = (value ?? {}) as { statusCode?: number; headers?: Record<string, string[]>; body?: string };
      return { statusCode: r.statusCode ?? 200, headers: r.headers ?? {}, body: r.body ?? '' };
    } catch (e) {
      record.outcome = 'failed';
      record.error = describeError(e);
      return { statusCode: 500, headers: { 'Content-Type': ['application/json'] }, body: JSON.stringify({ message: 'The web trigger function failed' }) };
    }
  }

  /** Everything the runtime holds, for the sandbox state file. */
  snapshot(): unknown {
    return { now: this.clock.now(), kvs: this.kvs.snapshot() };
  }

  restore(snapshot: unknown): void {
    const s = snapshot as { now?: number; kvs?: unknown };
    if (typeof s.now === 'number') this.clock.set(s.now);
    if (s.kvs) this.kvs.restore(s.kvs);
  }

  /** Drops stored data, pending deliveries and records (the app stays installed). */
  reset(): void {
    this.generation += 1;
    this.kvs.clear();
    this.ready = [];
    this.jobs.clear();
    this.clearRecords();
    this.setDeliveryFaults({});
  }

  // ---- invocation -------------------------------------------------------------------------

  private handlerOf(functionKey: string): Handler {
    if (!this.app) throw new Error('the app is not installed yet (call installApp)');
    const fn = this.manifest.functions.get(functionKey);
    if (!fn) throw new Error(`manifest.yml has no function "${functionKey}"`);
    const exported = this.app[fn.handler.split('.').pop() ?? ''];
    if (typeof exported !== 'function') throw new Error(`function "${functionKey}" handler "${fn.handler}" is not an exported function`);
    return exported as Handler;
  }

  private backendContext(accountId: string | undefined): Record<string, unknown> {
    return {
      installContext: `ari:cloud:jira::site/${this.cloudId}`,
      ...(accountId ? { principal: { accountId } } : {}),
      license: { isActive: true },
      installation: { ari: { installationId: `${this.manifest.appId}-install` }, contexts: [{ cloudId: this.cloudId }] },
    };
  }

  private runtimeFor(spec: { functionKey: string; moduleKey: string; moduleType: string; limitMs: number; accountId?: string }): ForgeRuntime {
    return buildForgeRuntime({
      appId: this.manifest.appId,
      environmentId: this.environmentId,
      appVersion: this.appVersion,
      cloudId: this.cloudId,
      functionKey: spec.functionKey,
      moduleKey: spec.moduleKey,
      moduleType: spec.moduleType,
      invocationId: randomUUID(),
      ...(spec.accountId ? { accountId: spec.accountId } : {}),
      deadline: this.clock.now() + spec.limitMs,
      now: () => this.clock.now(),
      scopes: this.manifest.scopes,
      egress: this.manifest.egress,
    });
  }

  private async invoke(
    spec: { functionKey: string; moduleKey: string; moduleType: string; limitMs: number; accountId?: string },
    call: () => unknown,
  ): Promise<{ value: unknown; timedOut: boolean }> {
    const timeout = this.manifest.functions.get(spec.functionKey)?.timeoutSeconds;
    const limitMs = timeout && spec.moduleType !== 'resolver' ? timeout * 1000 : spec.limitMs;
    const runtime = this.runtimeFor({ ...spec, limitMs });
    const started = this.clock.now();
    const value = await this.als.run({ runtime, ...(spec.accountId ? { accountId: spec.accountId } : {}) }, async () => await call());
    // Emulated time that passed inside the call (slow-response faults) counts against the limit.
    return { value, timedOut: this.clock.now() - started > limitMs };
  }

  private record(kind: DeliveryKind, moduleKey: string, functionKey: string, topic: string, eventId: string, attempt: number, duplicate?: boolean): DeliveryRecord {
    const r: DeliveryRecord = { id: this.deliveryLog.length + 1, kind, moduleKey, functionKey, topic, eventId, attempt, at: this.clock.now(), outcome: 'ok', ...(duplicate ? { duplicate } : {}) };
    this.deliveryLog.push(r);
    return r;
  }

  // ---- delivery queue ---------------------------------------------------------------------

  private faultApplies(task: Task): boolean {
    const f = this.faults;
    return (!f.kinds || f.kinds.includes(task.kind)) && (!f.topics || f.topics.includes(task.topic));
  }

  /** Enqueues a delivery, applying delivery faults (at-least-once: duplicates share the eventId). */
  private enqueue(task: Task, delayMs = 0): void {
    const copies = [task];
    let extraDelay = 0;
    if (this.faultApplies(task)) {
      if ((this.faults.duplicate ?? 0) > 0 && this.random() < (this.faults.duplicate ?? 0)) copies.push({ ...task, duplicate: true });
      if ((this.faults.delay ?? 0) > 0 && this.random() < (this.faults.delay ?? 0)) extraDelay = this.faults.delayMs ?? 60_000;
    }
    for (const t of copies) {
      const wait = delayMs + (t.duplicate ? 0 : extraDelay);
      if (wait > 0) this.readyAt(this.clock.now() + wait, t);
      else this.ready.push(t);
    }
    this.kick();
  }

  /** Makes a delivery ready at an emulated time, unless reset() ran in between. */
  private readyAt(at: number, task: Task): void {
    const generation = this.generation;
    this.clock.schedule(at, async () => {
      if (generation !== this.generation) return;
      this.ready.push(task);
      await this.settle();
    });
  }

  private kick(): void {
    if (this.draining || this.ready.length === 0) return;
    this.draining = (async () => {
      await Promise.resolve();
      while (this.ready.length > 0) {
        let index = 0;
        if (this.ready.length > 1 && (this.faults.reorder ?? 0) > 0 && this.faultApplies(this.ready[0] as Task) && this.random() < (this.faults.reorder ?? 0)) {
          index = 1 + Math.floor(this.random() * (this.ready.length - 1));
        }
        const [task] = this.ready.splice(index, 1);
        if (!task) continue;
        try {
          await task.run(task);
        } catch (e) {
          this.log(`delivery of ${task.topic} to ${task.functionKey} crashed the runtime: ${describeError(e)}`);
        }
      }
    })().finally(() => {
      this.draining = undefined;
    });
  }

  // ---- product events → triggers --------------------------------------------------------

  private isSelf(payload: Record<string, unknown>): boolean {
    if (payload.selfGenerated === true) return true;
    const caller = payload.__caller as { kind?: string } | undefined;
    if (caller?.kind === 'app') return true;
    const appAccount = this.options.appAccountId;
    return appAccount !== undefined && payload.atlassianId === appAccount;
  }

  private onProductEvent(event: ProductEvent): void {
    if (!this.app) return;
    const eventId = randomUUID();
    for (const trigger of this.manifest.triggers) {
      if (!trigger.events.includes(event.eventType)) continue;
      if (trigger.filter?.ignoreSelf === true && this.isSelf(event.payload)) {
        const r = this.record('trigger', trigger.key, trigger.function, event.eventType, eventId, 0);
        r.outcome = 'ignored-self';
        continue;
      }
      // `__caller` is the site's note for ignoreSelf, not part of Forge's payload: the app never sees it.
      const { __caller: _caller, ...forgePayload } = event.payload;
      const payload = { ...forgePayload, eventType: event.eventType, context: { cloudId: this.cloudId, moduleKey: trigger.key } };
      this.enqueue({
        kind: 'trigger',
        moduleKey: trigger.key,
        functionKey: trigger.function,
        topic: event.eventType,
        eventId,
        attempt: 0,
        run: (task) => this.runTrigger(task, payload),
      });
    }
  }

  private async runTrigger(task: Task, payload: Record<string, unknown>): Promise<void> {
    const record = this.record('trigger', task.moduleKey, task.functionKey, task.topic, task.eventId, task.attempt, task.duplicate);
    const retryContext = task.attempt > 0 ? { retryContext: { retryCount: task.attempt, retryReason: task.retryReason } } : {};
    try {
      const { value, timedOut } = await this.invoke(
        { functionKey: task.functionKey, moduleKey: task.moduleKey, moduleType: 'trigger', limitMs: FORGE_LIMITS.defaultTimeoutMs },
        () => this.handlerOf(task.functionKey)({ ...payload, ...retryContext }, this.backendContext(undefined)),
      );
      if (timedOut) record.outcome = 'timed-out';
      // Product-event triggers are retried only when the function asks for it with InvocationError.
      if (isRetryResponse(value)) this.retry(task, record, value.retryOptions, 'FUNCTION_RETRY_REQUEST');
    } catch (e) {
      if (isRetryResponse(e)) return this.retry(task, record, e.retryOptions, 'FUNCTION_RETRY_REQUEST');
      record.outcome = 'failed';
      record.error = describeError(e);
      this.log(`trigger ${task.functionKey} failed on ${task.topic}: ${record.error}`);
    }
  }

  private retry(task: Task, record: DeliveryRecord, options: { retryAfter?: number; retryReason?: string; retryData?: unknown } | undefined, reason: string): void {
    if (task.attempt >= FORGE_LIMITS.maxRetries) {
      record.outcome = 'failed';
      record.error = record.error ?? `gave up after ${FORGE_LIMITS.maxRetries} retries`;
      if (task.jobId) this.countJob(task.jobId, 'failed');
      return;
    }
    record.outcome = 'retry';
    const retryAfter = Math.min(FORGE_LIMITS.maxRetryAfterSeconds, Math.max(1, options?.retryAfter ?? 1));
    const retryData = options?.retryData;
    if (retryData !== undefined && Buffer.byteLength(JSON.stringify(retryData)) > FORGE_LIMITS.maxRetryDataBytes) {
      record.outcome = 'failed';
      record.error = `retryData is larger than ${FORGE_LIMITS.maxRetryDataBytes} bytes`;
      if (task.jobId) this.countJob(task.jobId, 'failed');
      return;
    }
    const { duplicate: _duplicate, ...retried } = task;
    this.readyAt(this.clock.now() + retryAfter * 1000, { ...retried, attempt: task.attempt + 1, retryReason: options?.retryReason ?? reason, retryData });
  }

  // ---- queue ------------------------------------------------------------------------------

  private countJob(jobId: string, outcome: 'success' | 'failed'): void {
    const job = this.jobs.get(jobId);
    if (!job) return;
    job.inProgress = Math.max(0, job.inProgress - 1);
    job[outcome] += 1;
  }

  private publish(body: unknown): Response {
    const req = body as { queueName?: unknown; jobId?: unknown; payload?: unknown };
    if (typeof req.queueName !== 'string' || !/^[a-zA-Z0-9-_]+$/.test(req.queueName)) return jsonResponse(400, { message: 'Queue names can only contain alphanumeric characters, dashes and underscores.' });
    if (!Array.isArray(req.payload) || req.payload.length === 0) return jsonResponse(400, { message: 'No events pushed.' });
    if (req.payload.length > FORGE_LIMITS.maxEventsPerPush) return jsonResponse(400, { message: `This push contains more than the ${FORGE_LIMITS.maxEventsPerPush} events allowed.` });
    const bytes = Buffer.byteLength(JSON.stringify(req.payload));
    if (bytes > FORGE_LIMITS.maxPushBytes) return jsonResponse(413, { errorMessage: `The maximum payload size is ${FORGE_LIMITS.maxPushBytes / 1024}KB.` });
    const events = req.payload as { body?: unknown; delayInSeconds?: number }[];
    for (const e of events) {
      if (typeof e.body !== 'object' || e.body === null || Array.isArray(e.body)) return jsonResponse(400, { message: 'Event body must be an object.' });
      if (e.delayInSeconds !== undefined && (e.delayInSeconds < 0 || e.delayInSeconds > FORGE_LIMITS.maxDelaySeconds)) {
        return jsonResponse(400, { message: `The delayInSeconds setting must be between 0 and ${FORGE_LIMITS.maxDelaySeconds}.` });
      }
    }
    const consumers = this.manifest.consumers.filter((c) => c.queue === req.queueName);
    const jobId = typeof req.jobId === 'string' ? req.jobId : randomUUID();
    const job = { success: 0, inProgress: 0, failed: 0, cancelled: false };
    this.jobs.set(jobId, job);
    for (const e of events) {
      const eventId = randomUUID();
      for (const consumer of consumers) {
        const functionKey = consumer.function ?? consumer.resolver?.function ?? '';
        job.inProgress += 1;
        this.enqueue(
          { kind: 'consumer', moduleKey: consumer.key, functionKey, topic: req.queueName, eventId, attempt: 0, jobId, run: (task) => this.runConsumer(task, consumer, e.body as Record<string, unknown>) },
          (e.delayInSeconds ?? 0) * 1000,
        );
      }
    }
    return jsonResponse(201, { jobId });
  }

  private async runConsumer(task: Task, consumer: AppManifest['consumers'][number], body: Record<string, unknown>): Promise<void> {
    const job = task.jobId ? this.jobs.get(task.jobId) : undefined;
    if (job?.cancelled) return;
    const record = this.record('consumer', task.moduleKey, task.functionKey, task.topic, task.eventId, task.attempt, task.duplicate);
    const event = {
      body,
      queueName: task.topic,
      jobId: task.jobId,
      eventId: task.eventId,
      ...(task.attempt > 0 ? { retryContext: { retryCount: task.attempt, retryReason: task.retryReason, ...(task.retryData !== undefined ? { retryData: task.retryData } : {}) } } : {}),
      contextAri: `ari:cloud:jira::site/${this.cloudId}`,
    };
    const call = consumer.resolver
      ? () => this.handlerOf(task.functionKey)({ call: { functionKey: consumer.resolver?.method, payload: body, jobId: task.jobId }, context: event }, this.backendContext(undefined))
      : () => this.handlerOf(task.functionKey)(event, this.backendContext(undefined));
    try {
      const { value, timedOut } = await this.invoke({ functionKey: task.functionKey, moduleKey: task.moduleKey, moduleType: 'consumer', limitMs: FORGE_LIMITS.defaultTimeoutMs }, call);
      if (timedOut) {
        record.error = 'the consumer ran past its invocation limit';
        return this.retry(task, record, { retryAfter: FORGE_LIMITS.thrownErrorRetryAfterSeconds, retryReason: 'FUNCTION_TIME_OUT' }, 'FUNCTION_TIME_OUT');
      }
      if (isRetryResponse(value)) return this.retry(task, record, value.retryOptions, 'FUNCTION_RETRY_REQUEST');
      if (!task.duplicate && task.jobId) this.countJob(task.jobId, 'success');
    } catch (e) {
      if (isRetryResponse(e)) return this.retry(task, record, e.retryOptions, 'FUNCTION_RETRY_REQUEST');
      record.error = describeError(e);
      this.log(`consumer ${task.functionKey} failed on queue ${task.topic} (attempt ${task.attempt}): ${record.error}`);
      this.retry(task, record, { retryAfter: FORGE_LIMITS.thrownErrorRetryAfterSeconds, retryReason: 'FUNCTION_PLATFORM_UNKNOWN_ERROR' }, 'FUNCTION_PLATFORM_UNKNOWN_ERROR');
    }
  }

  // ---- scheduled triggers -----------------------------------------------------------------

  private scheduleTick(moduleKey: string, functionKey: string, intervalMs: number, at: number): void {
    this.clock.schedule(at, async () => {
      this.scheduleTick(moduleKey, functionKey, intervalMs, at + intervalMs);
      const record = this.record('scheduled', moduleKey, functionKey, moduleKey, randomUUID(), 0);
      try {
        const { timedOut } = await this.invoke({ functionKey, moduleKey, moduleType: 'scheduledTrigger', limitMs: FORGE_LIMITS.defaultTimeoutMs }, () =>
          this.handlerOf(functionKey)({ context: { cloudId: this.cloudId, moduleKey }, contextToken: 'local-sandbox' }, this.backendContext(undefined)),
        );
        if (timedOut) record.outcome = 'timed-out';
      } catch (e) {
        // Scheduled triggers are not retried on Forge: the next tick is the retry.
        record.outcome = 'failed';
        record.error = describeError(e);
        this.log(`scheduled trigger ${functionKey} failed: ${record.error}`);
      }
      await this.settle();
    });
  }

  // ---- __forge_fetch__ --------------------------------------------------------------------

  private async dispatch(target: Record<string, unknown>, path: string, init?: RequestInit): Promise<Response> {
    const body = readBody(init?.body);
    if (target.type === 'kvs') {
      const reply = this.kvs.handle(path, body);
      return jsonResponse(reply.status, reply.body);
    }
    if (target.type !== 'fpp') return jsonResponse(403, { message: 'external auth providers are not emulated' }, { 'forge-proxy-error': 'UNSUPPORTED_PROVIDER' });
    if (target.remote === 'jira') {
      let caller: SiteCaller = { kind: 'app', appId: this.manifest.appId };
      if (target.provider === 'user') {
        const accountId = (target.accountId as string | undefined) ?? this.als.getStore()?.accountId;
        if (!accountId) return jsonResponse(401, { message: 'asUser() needs a user: this invocation has none' }, { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' });
        caller = { kind: 'user', accountId };
      }
      const headers = normalizeHeaders(init?.headers);
      const text = bodyText(init?.body);
      const response = await this.site.handle({ method: (init?.method ?? 'GET').toUpperCase(), path, headers, ...(text !== undefined ? { body: text } : {}), caller });
      const status = response.status;
      const noBody = status === 204 || status === 304 || !response.body;
      return new Response(noBody ? null : response.body, { status, headers: response.headers });
    }
    if (target.remote === 'stargate') return this.stargate(path, body);
    return jsonResponse(404, { message: `remote "${String(target.remote)}" is not emulated` }, { 'forge-proxy-error': 'INVALID_REMOTE' });
  }

  private stargate(path: string, body: unknown): Response {
    if (path.startsWith('/webhook/queue/publish/')) return this.publish(body);
    if (path.startsWith('/webhook/queue/stats/') || path.startsWith('/webhook/queue/cancel/')) {
      const { jobId } = body as { jobId?: string };
      const job = jobId ? this.jobs.get(jobId) : undefined;
      if (!job) return jsonResponse(404, { message: 'job not found' });
      if (path.startsWith('/webhook/queue/cancel/')) {
        job.cancelled = true;
        return jsonResponse(204, undefined);
      }
      return jsonResponse(200, { success: job.success, inProgress: job.inProgress, failed: job.failed });
    }
    if (path === '/graphql') {
      const { query, variables } = (body ?? {}) as { query?: string; variables?: { input?: { triggerKey?: string } } };
      if (query?.includes('createWebTriggerUrl')) {
        const key = variables?.input?.triggerKey ?? '';
        if (!this.manifest.webtriggers.some((w) => w.key === key)) return jsonResponse(200, { errors: [{ message: `no webtrigger module "${key}"` }] });
        return jsonResponse(200, { data: { createWebTriggerUrl: { url: `${this.options.baseUrl?.() ?? 'http://127.0.0.1'}/x1/${encodeURIComponent(key)}` } } });
      }
      return jsonResponse(200, { errors: [{ message: 'this GraphQL operation is not emulated' }] });
    }
    return jsonResponse(404, { message: `no emulated endpoint ${path}` });
  }
}

/** Creates the runtime for one app on one site. */
export function createForgePlatform(options: ForgePlatformOptions): ForgePlatform {
  return new ForgePlatform(options);
}
