/**
 * Builds the Custom UI apps (static/admin, static/issue-panel, static/portal) with esbuild into
 * static/<app>/build: a minified bundle, its CSS and an index.html, the folder manifest.yml's
 * resources point at. Prints each bundle's size, raw and gzipped.
 *   npx tsx scripts/build-ui.ts [--no-typecheck] [app...]
 * esbuild does not type-check, so the pages are checked first with static/tsconfig.json (the root
 * tsconfig leaves static/ out: it has no JSX or DOM-only settings).
 */
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(__dirname, '..');
export const UI_APPS = ['admin', 'issue-panel', 'portal'] as const;
export type UiApp = (typeof UI_APPS)[number];

const TITLES: Record<UiApp, string> = {
  admin: 'Approval Router settings',
  'issue-panel': 'Approval Router run',
  portal: 'Request status',
};

export interface BundleSize {
  readonly app: UiApp;
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

/**
 * Builds one app from `root`'s sources into `outdir` (its build folder unless told otherwise, so
 * tests and benchmarks can build into a scratch folder nobody else serves); returns the size of
 * each emitted asset.
 */
export async function buildUiApp(app: UiApp, root: string = ROOT, outdir: string = join(root, 'static', app, 'build')): Promise<BundleSize[]> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: { main: join(root, 'static', app, 'src', 'main.tsx') },
    outdir,
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    jsx: 'automatic',
    sourcemap: false,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    loader: { '.svg': 'dataurl', '.png': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl' },
    logLevel: 'error',
  });
  // Static files the manifest references (such as the issue panel's icon) come from static/<app>/public.
  const publicDir = join(root, 'static', app, 'public');
  if (existsSync(publicDir)) cpSync(publicDir, outdir, { recursive: true });
  const hasCss = readdirSync(outdir).includes('main.css');
  writeFileSync(
    join(outdir, 'index.html'),
    [
      '<!doctype html>',
      '<html lang="en">',
      '<head>',
      '<meta charset="utf-8">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      `<title>${TITLES[app]}</title>`,
      hasCss ? '<link rel="stylesheet" href="./main.css">' : '',
      '</head>',
      '<body>',
      '<div id="root"></div>',
      '<script src="./main.js"></script>',
      '</body>',
      '</html>',
      '',
    ]
      .filter((line) => line !== '')
      .join('\n'),
  );
  return readdirSync(outdir)
    .filter((file) => file.endsWith('.js') || file.endsWith('.css'))
    .map((file) => {
      const content = readFileSync(join(outdir, file));
      return { app, file, bytes: statSync(join(outdir, file)).size, gzipBytes: gzipSync(content).length };
    });
}

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;

if (require.main === module) {
  const args = process.argv.slice(2);
  const wanted = args.filter((a) => !a.startsWith('--'));
  if (!args.includes('--no-typecheck')) {
    const tsc = spawnSync('npx', ['tsc', '-p', join(ROOT, 'static', 'tsconfig.json'), '--noEmit'], { stdio: 'inherit' });
    if (tsc.status !== 0) {
      console.error('build-ui: the pages do not type-check');
      process.exit(1);
    }
  }
  const apps = wanted.length > 0 ? UI_APPS.filter((a) => wanted.includes(a)) : [...UI_APPS];
  (async () => {
    for (const app of apps) {
      const sizes = await buildUiApp(app);
      for (const s of sizes) console.log(`${`static/${app}/build/${s.file}`.padEnd(40)} ${kb(s.bytes).padStart(10)} raw ${kb(s.gzipBytes).padStart(10)} gzip`);
    }
  })().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
