/**
 * Figure 2: plan building against json-rules-engine on the same routing matrix, in one process.
 *
 * The matrix: each example request (examples/requests) prepared by its workflow, in variants that
 * change who asks and how much money moves, so different triggers fire. For each sample our side
 * builds the whole plan (floor, every trigger with its explanation, merges, approvers, separation
 * of duties); json-rules-engine only decides which triggers match. Both must agree on the matching
 * triggers for every sample before any time is taken. Policies: the demo policy and a generated
 * one with 1,000 triggers. Each call is timed on its own (so p99 is per plan, timer cost included
 * on both sides), in rounds that alternate between the engines so machine noise hits both alike.
 *
 * Run: npx tsx bench/plan-speed.ts
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { examplePolicy } from '../platform/sandbox/demo-app-config';
import { readDirectoryFile, readRequestFile } from '../src/cli/read-cli-files';
import type { FactValue, Facts } from '../src/domain/facts';
import { prepareRequest } from '../src/domain/intake/prepare-request';
import { buildPlan } from '../src/domain/policy/build-plan';
import { compilePolicy, type CompiledPolicy } from '../src/domain/policy/compile-policy';
import { parsePolicy } from '../src/domain/policy/parse-policy';
import type { DirectorySnapshot, PlanInput } from '../src/domain/policy/plan-types';
import type { Policy, PolicyInput } from '../src/domain/policy/policy-schema';
import { WORKFLOW_CATALOG } from '../src/domain/workflows/catalog';
import type { StageRequirement } from '../src/domain/workflows/workflow-types';
import { publishReport, quantile, type Figure } from './support/figures';
import { generatePolicy } from './support/generate-policy';
import { createRulesEngine, matchWithRulesEngine } from './support/rules-engine-policy';

const ROOT = join(__dirname, '..');
const COMMAND = 'npx tsx bench/plan-speed.ts';
const RATIO_TARGET = 20;
const DEMO_P99_TARGET_US = 50;

interface Sample {
  readonly floor: readonly StageRequirement[];
  readonly input: PlanInput;
}

/** The routing matrix: example requests × requester kind × amount. */
function buildMatrix(directory: DirectorySnapshot): Sample[] {
  const dir = join(ROOT, 'examples', 'requests');
  const samples: Sample[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const { request, now } = readRequestFile(join(dir, file));
    const prepared = prepareRequest(WORKFLOW_CATALOG, request, now ?? '2026-03-02T09:00:00Z');
    if (prepared.kind !== 'ready') throw new Error(`${file} does not prepare into a plan input (${prepared.kind})`);
    for (const employmentType of ['employee', 'contractor', 'vendor'] as const) {
      for (const amount of [undefined, 500, 20_000] as const) {
        const facts: Record<string, FactValue> = { ...prepared.facts, 'requester.employmentType': employmentType };
        if (amount !== undefined) facts['amount'] = amount;
        samples.push({
          floor: prepared.floor,
          input: {
            requestKey: request.key,
            requestType: request.requestType,
            requester: { ...request.requester, employmentType },
            ...(request.assigneeAccountId !== undefined ? { assigneeAccountId: request.assigneeAccountId } : {}),
            facts,
            workflow: prepared.ref,
            directory,
          },
        });
      }
    }
  }
  return samples;
}

function parseOrThrow(input: unknown, what: string): Policy {
  const parsed = parsePolicy(input);
  if (!parsed.ok) throw new Error(`${what} is not a valid policy: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return parsed.policy;
}

const matchedByPlan = (compiled: CompiledPolicy, s: Sample): string[] =>
  buildPlan(compiled, s.floor, s.input)
    .trace.filter((t) => t.kind === 'trigger' && t.matched)
    .map((t) => (t.kind === 'trigger' ? t.triggerId : ''))
    .sort();

interface Timing {
  readonly median: number;
  readonly p99: number;
  readonly runs: number;
}

/** One thing to time: `runs` calls in all, cycling over the samples after `warm` untimed ones. */
interface Contestant {
  readonly runs: number;
  readonly warm: number;
  readonly call: (s: Sample) => unknown;
}

/**
 * Times the contestants in interleaved rounds (a slice of each one's runs per round), so a noisy
 * neighbour or a frequency change slows both sides of a ratio alike; microseconds per call.
 */
async function timeInterleaved(samples: readonly Sample[], contestants: readonly Contestant[], rounds = 10): Promise<Timing[]> {
  for (const c of contestants) for (let i = 0; i < c.warm; i += 1) await c.call(samples[i % samples.length] as Sample);
  const us = contestants.map(() => [] as number[]);
  for (let round = 0; round < rounds; round += 1) {
    for (const [k, c] of contestants.entries()) {
      const from = Math.floor((c.runs * round) / rounds);
      const to = Math.floor((c.runs * (round + 1)) / rounds);
      await timeSlice(samples, from, to, c.call, us[k] as number[]);
    }
  }
  return contestants.map((c, k) => ({ median: quantile(us[k] as number[], 0.5), p99: quantile(us[k] as number[], 0.99), runs: c.runs }));
}

async function timeSlice(samples: readonly Sample[], from: number, to: number, call: (s: Sample) => unknown, out: number[]): Promise<void> {
  for (let i = from; i < to; i += 1) {
    const sample = samples[i % samples.length] as Sample;
    const start = process.hrtime.bigint();
    const result = call(sample);
    if (result instanceof Promise) await result;
    out.push(Number(process.hrtime.bigint() - start) / 1000);
  }
}

interface PolicyResult {
  readonly label: string;
  readonly triggers: number;
  readonly ours: Timing;
  readonly engine: Timing;
  /** Trigger conditions alone, without the trace, merges or approvers: where plan time goes. */
  readonly matchOnly: Timing;
  readonly disagreements: string[];
  readonly matchedTotal: number;
}

async function measure(label: string, policy: Policy, samples: readonly Sample[], runs: { ours: number; engine: number }): Promise<PolicyResult> {
  const compiled = compilePolicy(policy);
  const engine = createRulesEngine(policy);
  const facts = (s: Sample): Facts => s.input.facts;
  const disagreements: string[] = [];
  let matchedTotal = 0;
  for (const s of samples) {
    const ours = matchedByPlan(compiled, s);
    const theirs = await matchWithRulesEngine(engine, facts(s), s.input.workflow.key);
    matchedTotal += ours.length;
    if (ours.join(',') !== theirs.join(',')) disagreements.push(`${s.input.requestKey} (${String(s.input.facts['requester.employmentType'])}, amount ${String(s.input.facts['amount'])}): plan [${ours.join(', ')}] vs json-rules-engine [${theirs.join(', ')}]`);
  }
  const matchOnly = (s: Sample): number => {
    let n = 0;
    for (const t of compiled.triggers) if (t.enabled && (t.workflows === null || t.workflows.has(s.input.workflow.key)) && t.condition.test(s.input.facts)) n += 1;
    return n;
  };
  const [ours, theirs, conditionsOnly] = (await timeInterleaved(samples, [
    { runs: runs.ours, warm: Math.min(runs.ours, 2000), call: (s) => buildPlan(compiled, s.floor, s.input) },
    { runs: runs.engine, warm: Math.min(runs.engine, 500), call: (s) => matchWithRulesEngine(engine, facts(s), s.input.workflow.key) },
    { runs: runs.ours, warm: Math.min(runs.ours, 2000), call: matchOnly },
  ])) as [Timing, Timing, Timing];
  return { label, triggers: policy.triggers.length, ours, engine: theirs, matchOnly: conditionsOnly, disagreements, matchedTotal };
}

const us = (n: number): string => (n < 10 ? `${n.toFixed(2)} µs` : n < 1000 ? `${n.toFixed(1)} µs` : `${(n / 1000).toFixed(2)} ms`);

async function main(): Promise<void> {
  const directory = readDirectoryFile(join(ROOT, 'examples', 'directory.json'));
  const demoInput = examplePolicy() as PolicyInput;
  const demo = parseOrThrow(demoInput, 'examples/policy.yaml');
  const large = parseOrThrow(generatePolicy(demoInput, 1000), 'the generated policy');
  const samples = buildMatrix(directory);

  const results = [
    await measure('demo policy', demo, samples, { ours: 50_000, engine: 10_000 }),
    await measure('1,000-trigger policy', large, samples, { ours: 3_000, engine: 600 }),
  ];

  const figures: Figure[] = [];
  const notes: string[] = [`routing matrix: ${samples.length} samples (8 example requests × 3 requester kinds × 3 amounts); node ${process.version}`];
  for (const r of results) {
    const ratio = r.engine.median / r.ours.median;
    const isDemo = r.label === 'demo policy';
    notes.push(
      `${r.label} (${r.triggers} triggers): plan median ${us(r.ours.median)}, p99 ${us(r.ours.p99)} over ${r.ours.runs} plans; ` +
        `json-rules-engine median ${us(r.engine.median)}, p99 ${us(r.engine.p99)} over ${r.engine.runs} runs; ${r.matchedTotal} trigger matches across the matrix; ` +
        `trigger conditions alone (no trace, merges or approvers) median ${us(r.matchOnly.median)}, p99 ${us(r.matchOnly.p99)}`,
    );
    for (const d of r.disagreements) notes.push(`  DISAGREEMENT ${d}`);
    figures.push({
      name: `Plan vs json-rules-engine, ${r.label}: engines agree on matching triggers`,
      value: r.disagreements.length === 0 ? `yes (${samples.length} samples)` : `no (${r.disagreements.length} samples differ)`,
      budget: 'all samples agree',
      ok: r.disagreements.length === 0,
      command: COMMAND,
    });
    figures.push({
      name: `Plan building, ${r.label}: median / p99 per plan`,
      value: `${us(r.ours.median)} / ${us(r.ours.p99)}`,
      ...(isDemo ? { budget: `p99 < ${DEMO_P99_TARGET_US} µs` } : {}),
      ok: isDemo ? r.ours.p99 < DEMO_P99_TARGET_US : null,
      command: COMMAND,
    });
    figures.push({
      name: `json-rules-engine, ${r.label}: median / p99 per run`,
      value: `${us(r.engine.median)} / ${us(r.engine.p99)}`,
      ok: null,
      command: COMMAND,
    });
    figures.push({
      name: `Speed-up over json-rules-engine, ${r.label} (median; p99)`,
      value: `${ratio.toFixed(1)}x; ${(r.engine.p99 / r.ours.p99).toFixed(1)}x`,
      budget: `>= ${RATIO_TARGET}x`,
      ok: ratio >= RATIO_TARGET,
      command: COMMAND,
    });
  }
  publishReport({ bench: 'plan-speed', figures, notes });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
