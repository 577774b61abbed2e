/**
 * Figure 5: a burst of VPN requests under faults on the local platform.
 *
 * BENCH_BURST requests (default 1,000) are raised at once by employees (standard profile: the
 * expected state is "awaiting approval" in the manager lane, Approvers set). Meanwhile 10% of
 * Jira calls answer 429 (half with Retry-After, half without), 2% answer 503, and 5% of event
 * deliveries come twice and 5% out of order. Customers retry their own create on 429/503. The
 * emulated clock is advanced a minute at a time so retries Forge would schedule come due.
 * APPROVAL_ROUTER_SLEEP_SCALE=0.001 makes the app's backoff sleeps short in real time.
 *
 * Proof lines: requests lost (not in the expected state at the end) = 0, and duplicate effects =
 * 0: each request has exactly one approval opened, one intake comment, and nothing was written
 * to an external system (routing writes nowhere outside Jira).
 *
 * Run: BENCH_BURST=1000 npx tsx bench/burst.ts
 */
import type { CallRecord } from '../platform/jira';
import { DEMO_STATUSES } from '../platform/sandbox/demo-seed';
import { startAppEnv, type AppEnv } from './support/app-env';
import { publishReport, type Figure } from './support/figures';
import { createVpnRequest } from './support/vpn-requests';

const RSS_BUDGET_BYTES = 512 * 1024 * 1024;
const REQUESTERS = ['acc-alice', 'acc-carol', 'acc-dave', 'acc-erin'];
/** Emulated minutes to let retries come due before calling a request lost. */
const MAX_EMULATED_MINUTES = 120;

const inExpectedState = (app: AppEnv, issueKey: string): boolean =>
  app.site.getIssue(issueKey)?.statusId === DEMO_STATUSES.approvalAny && app.runProperty(issueKey)?.state.phase === 'awaiting-approval';

/** Raises one request, retrying as a customer's browser would when Jira answers 429 or 503. */
async function createWithRetry(app: AppEnv, requester: string, index: number): Promise<{ key: string; attempts: number }> {
  for (let attempt = 1; attempt <= 20; attempt += 1) {
    try {
      return { key: await createVpnRequest(app, { requester, profile: 'standard', summary: `Burst VPN ${index}` }), attempts: attempt };
    } catch (error) {
      if (!(error instanceof Error) || !/answered (429|503)/.test(error.message)) throw error;
    }
  }
  throw new Error(`request ${index} could not be created in 20 attempts`);
}

async function main(): Promise<void> {
  const n = Math.max(1, Number(process.env.BENCH_BURST ?? '1000'));
  const command = `BENCH_BURST=${n} npx tsx bench/burst.ts`;
  process.env.APPROVAL_ROUTER_SLEEP_SCALE = '0.001';
  const app = await startAppEnv();
  try {
    // Calibrate: one request without faults shows how many intake comments a request gets.
    const calibration = await createVpnRequest(app, { requester: 'acc-alice', profile: 'standard' });
    await app.env.platform.settle();
    if (!inExpectedState(app, calibration)) throw new Error(`the calibration request ${calibration} did not reach the expected state`);
    const commentsPerRequest = app.site.listComments(calibration).filter((c) => c.author !== 'acc-alice').length;
    const externalBefore = app.standIns.calls().length;
    app.site.clearCalls();

    app.site.setFaults(
      [
        { pathPattern: '/rest/**', probability: 0.05, response: { status: 429, retryAfter: 1, rateLimitReason: 'jira-burst-based' } },
        { pathPattern: '/rest/**', probability: 0.05 / 0.95, response: { status: 429 } },
        { pathPattern: '/rest/**', probability: 0.02 / 0.9, response: { status: 503 } },
      ],
      7,
    );
    app.env.platform.setDeliveryFaults({ seed: 7, duplicate: 0.05, reorder: 0.05, kinds: ['trigger', 'consumer'] });

    const started = process.hrtime.bigint();
    const created = await Promise.all(Array.from({ length: n }, (_, i) => createWithRetry(app, REQUESTERS[i % REQUESTERS.length] as string, i)));
    const keys = created.map((c) => c.key);
    await app.env.platform.settle();
    let emulatedMinutes = 0;
    let pending = keys.filter((k) => !inExpectedState(app, k));
    while (pending.length > 0 && emulatedMinutes < MAX_EMULATED_MINUTES) {
      await app.env.platform.advance(60_000);
      emulatedMinutes += 1;
      pending = pending.filter((k) => !inExpectedState(app, k));
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const peakRss = process.resourceUsage().maxRSS * 1024;

    const reached = keys.length - pending.length;
    const duplicateApprovals = keys.filter((k) => app.site.getApprovals(k).length > 1);
    const duplicateComments = keys.filter((k) => app.site.listComments(k).filter((c) => !REQUESTERS.includes(c.author)).length > commentsPerRequest);
    const externalWrites = app.standIns
      .calls()
      .slice(externalBefore)
      .filter((c) => c.method !== 'GET' && c.service !== 'login');
    const duplicateEffects = duplicateApprovals.length + duplicateComments.length + externalWrites.length;

    const calls: CallRecord[] = app.site.calls();
    const appCalls = calls.filter((c) => c.caller.kind === 'app');
    const faulted = (label: RegExp) => appCalls.filter((c) => c.fault !== undefined && label.test(c.fault)).length;
    const deliveries = app.env.platform.deliveries();
    const phases = new Map<string, number>();
    for (const k of pending) {
      const phase = app.runProperty(k)?.state.phase ?? 'no run';
      phases.set(phase, (phases.get(phase) ?? 0) + 1);
    }

    const notes = [
      `${n} requests, ${created.reduce((s, c) => s + c.attempts, 0) - n} customer create retries; emulated time advanced ${emulatedMinutes} min for due retries`,
      `app Jira calls: ${appCalls.length} (${(appCalls.length / n).toFixed(1)} per request), answered 429: ${faulted(/^429/)}, 503: ${faulted(/^503/)}`,
      `deliveries: ${deliveries.length}, duplicates: ${deliveries.filter((d) => d.duplicate).length}, retried: ${deliveries.filter((d) => d.outcome === 'retry').length}, failed: ${deliveries.filter((d) => d.outcome === 'failed').length}`,
      `duplicate effects: ${duplicateApprovals.length} requests with more than one approval, ${duplicateComments.length} with more than ${commentsPerRequest} app comment(s), ${externalWrites.length} external writes`,
    ];
    if (pending.length > 0) notes.push(`not in the expected state: ${[...phases.entries()].map(([p, c]) => `${c} ${p}`).join(', ')} (e.g. ${pending.slice(0, 5).join(', ')})`);
    const failures = deliveries.filter((d) => d.outcome === 'failed' && d.error).slice(0, 3);
    for (const f of failures) notes.push(`failed delivery ${f.topic}: ${f.error ?? ''}`);

    const figures: Figure[] = [
      { name: `Burst under faults: requests routed per second (N=${n})`, value: `${(reached / seconds).toFixed(1)} /s`, ok: null, command },
      { name: 'Burst under faults: time until every request is in its expected state', value: pending.length === 0 ? `${seconds.toFixed(1)} s` : `never (${pending.length} left after ${seconds.toFixed(1)} s)`, ok: null, command },
      { name: 'Burst under faults: peak RSS of the process', value: `${(peakRss / 1024 / 1024).toFixed(0)} MB`, budget: '< 512 MB', ok: peakRss < RSS_BUDGET_BYTES, command },
      { name: 'Burst under faults: requests lost', value: String(pending.length), budget: '0', ok: pending.length === 0, command },
      { name: 'Burst under faults: duplicate effects', value: String(duplicateEffects), budget: '0', ok: duplicateEffects === 0, command },
    ];
    publishReport({ bench: 'burst', figures, notes });
  } finally {
    await app.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
