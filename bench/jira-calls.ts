/**
 * Figure 1: Jira REST calls the app makes for one request, from creation to completion, counted
 * on the local platform and split by endpoint (OpenAPI route template + method).
 *
 * The budgeted request is the two-stage one of the vpn-access workflow: the privileged profile
 * needs the requester's manager, then every security approver; with the Entra connection the
 * group step runs and the request ends done. One request of the same kind runs first so the
 * group cache, the app field ids and the manager match are warm, as they are on a site in use.
 *
 * Then every pre-built workflow (bench/support/workflow-requests.ts) runs the same request twice,
 * from creation to its end: every approval given, a manual step marked done by an agent in the
 * issue panel (its resolver's calls count too). The first run of each reads what its lanes need
 * for the first time; the second is the figure, as on a site in use.
 *
 * Run: npx tsx bench/jira-calls.ts
 */
import type { CallRecord } from '../platform/jira';
import { DEMO_STATUSES } from '../platform/sandbox/demo-seed';
import { startAppEnv, type AppEnv } from './support/app-env';
import { publishReport, type Figure } from './support/figures';
import { approveOpenApproval, createVpnRequest } from './support/vpn-requests';
import { WORKFLOW_REQUESTS, type WorkflowRequest } from './support/workflow-requests';

const COMMAND = 'npx tsx bench/jira-calls.ts';
const TWO_STAGE_BUDGET = 16;

interface LifecycleCount {
  readonly issueKey: string;
  readonly calls: CallRecord[];
  /** Every call in the lifecycle, users' included (for duplicate-read detection). */
  readonly allCalls: CallRecord[];
  readonly finalStatus: string;
  readonly phase: string;
  readonly stagesApproved: number;
  /** Why the run stopped short of done, from its audit trail. */
  readonly stopReason: string | undefined;
}

const AGENT = 'acc-agent-1';

/**
 * Runs one request through every approval (and its manual step, when it has one) to its end;
 * returns the app's Jira calls for it.
 */
async function runLifecycle(app: AppEnv, create: () => Promise<string>, handOver?: string): Promise<LifecycleCount> {
  app.site.clearCalls();
  const issueKey = await create();
  await app.env.platform.settle();
  let stagesApproved = 0;
  for (let round = 0; round < 8; round += 1) {
    const approved = await approveOpenApproval(app, issueKey);
    if (approved > 0) stagesApproved += 1;
    else if (handOver !== undefined && app.runProperty(issueKey)?.state.phase === 'execution-limit') await app.override(AGENT, issueKey, 'resume', handOver);
    else break;
    await app.env.platform.settle();
  }
  const allCalls = app.site.calls();
  const calls = allCalls.filter((c) => c.caller.kind === 'app');
  const issue = app.site.getIssue(issueKey);
  const property = app.runProperty(issueKey);
  const state = property?.state as { phase?: string } | undefined;
  const blocked = property?.audit.events.filter((e) => e.type === 'run.blocked' || e.type === 'step.failed').at(-1);
  return { issueKey, calls, allCalls, finalStatus: issue?.statusId ?? 'missing', phase: state?.phase ?? 'no run', stagesApproved, stopReason: blocked?.summary };
}

const endpointOf = (c: CallRecord): string => `${c.method} ${c.routeTemplate ?? c.path.split('?')[0]}`;

/** Calls per endpoint, most frequent first. */
function byEndpoint(calls: readonly CallRecord[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(endpointOf(c), (counts.get(endpointOf(c)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/**
 * Reads by the app of exactly the same resource (path and query) that nothing changed since the
 * app last read it: any write on the site, by the app or a user, makes the next read legitimate.
 */
function duplicateReads(allCalls: readonly CallRecord[]): Array<[string, number]> {
  const fresh = new Set<string>();
  const repeats = new Map<string, number>();
  for (const c of allCalls) {
    if (c.method !== 'GET') {
      fresh.clear();
      continue;
    }
    if (c.caller.kind !== 'app') continue;
    if (fresh.has(c.path)) repeats.set(c.path, (repeats.get(c.path) ?? 0) + 1);
    fresh.add(c.path);
  }
  return [...repeats.entries()].sort((a, b) => b[1] - a[1]);
}

async function main(): Promise<void> {
  const app = await startAppEnv();
  try {
    // Warm-up: an earlier request by the same requester fills the group cache, the app field ids
    // and the match of the requester's manager to a Jira account, as on a site in use. Its own
    // count (cold caches) is printed too.
    const vpn = (requester: string, profile: 'standard' | 'privileged') => () => createVpnRequest(app, { requester, profile });
    const warm = await runLifecycle(app, vpn('acc-alice', 'privileged'));
    const twoStage = await runLifecycle(app, vpn('acc-alice', 'privileged'));
    const oneStage = await runLifecycle(app, vpn('acc-erin', 'standard'));
    const perWorkflow: Array<{ request: WorkflowRequest; first: LifecycleCount; again: LifecycleCount }> = [];
    for (const request of WORKFLOW_REQUESTS) {
      const create = () => app.createRequest(request.requester, request.workflow, request.summary, request.inputs);
      const first = await runLifecycle(app, create, request.handOver);
      perWorkflow.push({ request, first, again: await runLifecycle(app, create, request.handOver) });
    }

    const notes: string[] = [];
    const done = (l: LifecycleCount): boolean => l.finalStatus === DEMO_STATUSES.done;
    for (const [label, l] of [['warm-up', warm], ['two-stage', twoStage], ['one-stage', oneStage]] as const) {
      notes.push(`${label} ${l.issueKey}: ${l.calls.length} app calls, ${l.stagesApproved} approval stage(s), ends in status ${l.finalStatus} (phase ${l.phase})${done(l) ? '' : ` — NOT done: ${l.stopReason ?? 'no reason recorded'}`}`);
    }
    notes.push(`two-stage vpn-access (privileged) calls by endpoint:`);
    for (const [endpoint, n] of byEndpoint(twoStage.calls)) notes.push(`  ${String(n).padStart(3)}  ${endpoint}`);
    const dups = duplicateReads(twoStage.allCalls);
    notes.push(dups.length === 0 ? 'duplicate reads: none' : 'duplicate reads (read again with no write in between):');
    for (const [path, n] of dups) notes.push(`  ${n} extra GET ${path}`);
    notes.push('two-stage call sequence (app calls only):');
    for (const c of twoStage.calls) notes.push(`  #${c.seq} ${c.method} ${c.path.split('?')[0]} ${c.status}`);
    if (twoStage.calls.length > TWO_STAGE_BUDGET) {
      notes.push(`calls beyond the first ${TWO_STAGE_BUDGET} (in order):`);
      for (const c of twoStage.calls.slice(TWO_STAGE_BUDGET)) notes.push(`  #${c.seq} ${c.method} ${c.path}`);
    }
    notes.push(`one-stage vpn-access (standard) calls by endpoint:`);
    for (const [endpoint, n] of byEndpoint(oneStage.calls)) notes.push(`  ${String(n).padStart(3)}  ${endpoint}`);
    for (const { request, first, again } of perWorkflow) {
      const repeats = duplicateReads(again.allCalls).reduce((sum, [, n]) => sum + n, 0);
      notes.push(
        `${request.workflow} ${again.issueKey}: ${again.calls.length} app calls (first request of its kind ${first.calls.length}), ${again.stagesApproved} approval round(s), ` +
          `phase ${again.phase}${done(again) ? '' : ` — NOT done: ${again.stopReason ?? 'no reason recorded'}`}; duplicate reads ${repeats}; by endpoint:`,
      );
      for (const [endpoint, n] of byEndpoint(again.calls)) notes.push(`  ${String(n).padStart(3)}  ${endpoint}`);
    }

    const figures: Figure[] = [
      {
        name: 'Jira calls, two-stage access request (vpn-access privileged, warm cache)',
        value: `${twoStage.calls.length} calls${done(twoStage) ? '' : ' (request did not complete)'}`,
        budget: `<= ${TWO_STAGE_BUDGET}, request completes`,
        ok: done(twoStage) && twoStage.calls.length <= TWO_STAGE_BUDGET,
        command: COMMAND,
      },
      {
        name: 'Duplicate reads in the two-stage request',
        value: String(dups.reduce((sum, [, n]) => sum + n, 0)),
        budget: '0',
        ok: dups.length === 0,
        command: COMMAND,
      },
      {
        name: 'Jira calls, one-stage access request (vpn-access standard)',
        value: `${oneStage.calls.length} calls${done(oneStage) ? '' : ' (request did not complete)'}`,
        ok: null,
        command: COMMAND,
      },
      ...perWorkflow.map(({ request, again }) => ({
        name: `Jira calls per workflow, creation to end: ${request.workflow}`,
        value: `${again.calls.length} calls${done(again) ? '' : ' (request did not complete)'}`,
        budget: 'request completes, no duplicate reads',
        ok: done(again) && duplicateReads(again.allCalls).length === 0,
        command: COMMAND,
      })),
    ];
    publishReport({ bench: 'jira-calls', figures, notes });
  } finally {
    await app.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
