/**
 * What each benchmark reports: figures with their budget and the command that reproduces them.
 * A benchmark script prints its details for people and, when BENCH_JSON_OUT names a file, writes
 * its figures there for bench/run.ts to tabulate.
 */
import { writeFileSync } from 'node:fs';

export interface Figure {
  /** Short name shown in the table. */
  readonly name: string;
  /** The measured value, with its unit. */
  readonly value: string;
  /** The budget or target in words, when there is one. */
  readonly budget?: string;
  /** null when the figure has no budget. */
  readonly ok: boolean | null;
  /** The command that reproduces this figure. */
  readonly command: string;
}

export interface BenchReport {
  readonly bench: string;
  readonly figures: readonly Figure[];
  /** Lines worth reading next to the table (calls over budget, why N was lowered...). */
  readonly notes: readonly string[];
}

/** Writes the report for bench/run.ts (when asked) and sets the exit code from the budgets. */
export function publishReport(report: BenchReport): void {
  const out = process.env.BENCH_JSON_OUT;
  if (out) writeFileSync(out, JSON.stringify(report));
  for (const f of report.figures) {
    const verdict = f.ok === null ? '' : f.ok ? '  [ok]' : '  [OVER BUDGET]';
    console.log(`${f.name}: ${f.value}${f.budget ? ` (budget ${f.budget})` : ''}${verdict}`);
  }
  for (const note of report.notes) console.log(`  ${note}`);
  if (report.figures.some((f) => f.ok === false)) process.exitCode = 1;
}

/** The q-quantile (0..1) of samples, by nearest rank. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

export const formatKb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
