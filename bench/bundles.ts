/**
 * Figures 3 and 4: bundle sizes and cold start.
 *
 * Backend: src/index.ts bundled as Forge bundles a function (every manifest handler is an export
 * of that one entry): esbuild, platform node, target node22, minified, CommonJS, nothing
 * external. Cold start is the time to `require` that bundle in a fresh Node process, the median
 * of BENCH_SPAWNS spawns (default 15); the Forge globals are not installed, as at module load.
 *
 * UI: each Custom UI page built by scripts/build-ui.ts (its own esbuild settings) into a scratch
 * folder, so the checked-in build folders are left alone; sizes raw and gzipped.
 *
 * Run: npx tsx bench/bundles.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { buildUiApp, UI_APPS } from '../scripts/build-ui';
import { formatKb, publishReport, quantile, type Figure } from './support/figures';

const ROOT = join(__dirname, '..');
const COMMAND = 'npx tsx bench/bundles.ts';
const BUNDLE_BUDGET_BYTES = 1024 * 1024;
const IMPORT_BUDGET_MS = 150;

/** Bundles the backend entry; returns the bundle's path and size. */
async function bundleBackend(outdir: string): Promise<{ file: string; bytes: number; gzipBytes: number }> {
  const file = join(outdir, 'index.js');
  await build({
    entryPoints: [join(ROOT, 'src', 'index.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    logLevel: 'error',
  });
  const content = readFileSync(file);
  return { file, bytes: content.length, gzipBytes: gzipSync(content).length };
}

/** Milliseconds to require the bundle in a fresh Node process. */
function timeImport(file: string): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`importing the bundle failed: ${run.stderr}`);
  return Number(run.stdout);
}

/** Builds every UI page into a scratch folder (the pages' own build folders are left alone). */
async function buildUi(scratch: string): Promise<Array<{ app: string; bytes: number; gzipBytes: number }>> {
  const out: Array<{ app: string; bytes: number; gzipBytes: number }> = [];
  for (const app of UI_APPS) {
    const sizes = await buildUiApp(app, ROOT, join(scratch, app));
    const assets = sizes.filter((s) => /\.(js|css)$/.test(s.file));
    out.push({ app, bytes: assets.reduce((n, s) => n + s.bytes, 0), gzipBytes: assets.reduce((n, s) => n + s.gzipBytes, 0) });
  }
  return out;
}

async function main(): Promise<void> {
  const spawns = Math.max(3, Number(process.env.BENCH_SPAWNS ?? '15'));
  const scratch = mkdtempSync(join(tmpdir(), 'approval-router-bench-'));
  try {
    const backend = await bundleBackend(scratch);
    timeImport(backend.file); // the first spawn warms the OS file cache
    const times = Array.from({ length: spawns }, () => timeImport(backend.file));
    const importMs = quantile(times, 0.5);
    const ui = await buildUi(join(scratch, 'ui'));

    const figures: Figure[] = [
      { name: 'Backend bundle (src/index.ts, esbuild node22 minified)', value: `${formatKb(backend.bytes)} (${formatKb(backend.gzipBytes)} gzipped)`, budget: '< 1 MB', ok: backend.bytes < BUNDLE_BUDGET_BYTES, command: COMMAND },
      { name: `Cold start: require the bundle in a fresh node (median of ${spawns})`, value: `${importMs.toFixed(1)} ms (p90 ${quantile(times, 0.9).toFixed(1)} ms)`, budget: `< ${IMPORT_BUDGET_MS} ms`, ok: importMs < IMPORT_BUDGET_MS, command: COMMAND },
      ...ui.map<Figure>((u) => ({ name: `UI bundle ${u.app} (js+css, gzipped)`, value: `${formatKb(u.gzipBytes)} (raw ${formatKb(u.bytes)})`, ok: null, command: COMMAND })),
    ];
    const notes = [
      `backend bundle: ${statSync(backend.file).size} bytes; import times (ms): ${times.map((t) => t.toFixed(0)).join(' ')}`,
      `UI sizes are main.js + main.css of ${ui.map((u) => u.app).join(', ')}, built with scripts/build-ui.ts settings (not type-checked here)`,
    ];
    publishReport({ bench: 'bundles', figures, notes });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
