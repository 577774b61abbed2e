/**
 * Runs @forge/lint's client-side linters offline, the way `forge lint` would, with Atlassian's
 * OpenAPI documents from ../shared/openapi instead of downloading them. Any error or warning
 * fails: an undeclared scope or egress host is a deploy that would break on a real site.
 */
import { lint } from '@forge/lint';
import { ConfigFile, FileSystemReader, FileSystemWriter } from '@forge/cli-shared';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const openapi = resolve(__dirname, '..', '..', 'shared', 'openapi');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|jsx)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

async function main(): Promise<void> {
  const empty = join(mkdtempSync(join(tmpdir(), 'forge-lint-')), 'empty-openapi.json');
  writeFileSync(empty, JSON.stringify({ openapi: '3.0.1', info: { title: 'unused', version: '0' }, paths: {} }));
  Object.assign(process.env, {
    USE_LOCAL_SWAGGER: '1',
    LOCAL_JIRA_SWAGGER: join(openapi, 'jira-platform.v3.json'),
    LOCAL_JSM_SWAGGER: join(openapi, 'jsm.v3.json'),
    LOCAL_JSW_SWAGGER: join(openapi, 'jira-software.v3.json'),
    LOCAL_CONF_SWAGGER: empty,
    LOCAL_CONF_V2_SWAGGER: empty,
    LOCAL_BB_SWAGGER: empty,
  });

  const manifest = await new ConfigFile(new FileSystemReader(), new FileSystemWriter()).readConfig();
  const files = sourceFiles('src');
  const logger = { info: (message: string) => console.log(message) };
  const statsig = { getDeprecatedRuntimes: async () => [] } as unknown as Parameters<typeof lint>[4];
  const results = await lint(files, manifest, 'development', logger, statsig, { linter: { mode: 'client-side' } });

  let problems = 0;
  for (const result of results) {
    for (const rule of [...result.errors, ...result.warnings]) {
      problems += 1;
      console.error(`${result.file}:${rule.line}:${rule.column} ${rule.reference}: ${rule.message}`);
    }
  }
  if (problems > 0) {
    console.error(`@forge/lint found ${problems} problem(s).`);
    process.exit(1);
  }
  console.log(`@forge/lint (client-side, offline): no problems in ${files.length} files`);
}

void main().catch((error: unknown) => {
  console.error(`@forge/lint could not run: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
