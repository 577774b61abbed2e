/**
 * `npm run bench`: runs every benchmark in its own fresh Node process (so memory and module load
 * of one never colour another), prints one table with each figure, its budget and the command
 * that reproduces it, and exits 1 when any budget is broken (2 when a benchmark itself failed).
 * Not part of `npm test`: jest only looks under test/, and nothing here is a timed assertion.
 *
 *   npm run bench                      all figures (BENCH_BURST sets the burst size, default 1000)
 *   npx tsx bench/run.ts plan-speed    only some benchmarks
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchReport, Figure } from './support/figures';

const BENCHES = ['jira-calls', 'plan-speed', 'bundles', 'burst'] as const;

function runBench(name: string, dir: string): { report?: BenchReport; seconds: number; failure?: string } {
  const out = join(dir, `${name}.json`);
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, `${name}.ts`)], {
    env: { ...process.env, BENCH_JSON_OUT: out },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let report: BenchReport | undefined;
  try {
    report = JSON.parse(readFileSync(out, 'utf8')) as BenchReport;
  } catch {
    report = undefined;
  }
  if (report === undefined) return { seconds, failure: `${name} wrote no figures (exit ${run.status ?? 'signal'}): ${(run.stderr || run.stdout).trim().split('\n').slice(-8).join('\n')}` };
  return { report, seconds };
}

function verdict(f: Figure): string {
  return f.ok === null ? '' : f.ok ? 'ok' : 'OVER BUDGET';
}

function printTable(figures: readonly Figure[]): void {
  const rows = figures.map((f) => [f.name, f.value, f.budget ?? '', verdict(f), f.command]);
  const header = ['figure', 'value', 'budget', 'verdict', 'reproduce with'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) console.log(line(r));
}

function main(): void {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !(BENCHES as readonly string[]).includes(w));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark ${unknown.join(', ')}; choose from ${BENCHES.join(', ')}.`);
    process.exit(2);
  }
  const selected = wanted.length > 0 ? BENCHES.filter((b) => wanted.includes(b)) : [...BENCHES];
  const dir = mkdtempSync(join(tmpdir(), 'approval-router-bench-'));
  const figures: Figure[] = [];
  const notes: string[] = [];
  const failures: string[] = [];
  const started = process.hrtime.bigint();
  try {
    for (const name of selected) {
      process.stderr.write(`bench: ${name}...`);
      const result = runBench(name, dir);
      process.stderr.write(` ${result.seconds.toFixed(1)} s\n`);
      if (result.failure) failures.push(result.failure);
      if (result.report) {
        figures.push(...result.report.figures);
        notes.push(`[${name}]`, ...result.report.notes.map((n) => `  ${n}`));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const total = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`Approval Router benchmarks: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), node ${process.version}, ${total.toFixed(0)} s\n`);
  printTable(figures);
  console.log('\nDetails:');
  for (const n of notes) console.log(n);
  for (const f of failures) console.error(`\nFAILED: ${f}`);
  const broken = figures.filter((f) => f.ok === false);
  if (broken.length > 0) console.log(`\n${broken.length} budget(s) broken: ${broken.map((f) => f.name).join('; ')}`);
  process.exit(failures.length > 0 ? 2 : broken.length > 0 ? 1 : 0);
}

main();
