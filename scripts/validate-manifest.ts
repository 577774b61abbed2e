/**
 * Validates manifest.yml with @forge/manifest (the schema the Forge CLI uses) and checks that every
 * function handler names an export of src/index.ts.
 */
import { validate } from '@forge/manifest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

async function main(): Promise<void> {
  const result = await validate(false, 'manifest.yml');
  if (!result.success) {
    console.error('manifest.yml is not valid:');
    for (const error of result.errors ?? []) console.error(`  - ${error.message}${error.line ? ` (line ${error.line})` : ''}`);
    process.exit(1);
  }
  const manifest = parse(readFileSync('manifest.yml', 'utf8')) as { modules?: { function?: { key: string; handler: string }[] } };
  const indexSource = readFileSync('src/index.ts', 'utf8');
  const missing = (manifest.modules?.function ?? []).filter(({ handler }) => {
    const [file, exportName] = handler.split('.');
    return file !== 'index' || !new RegExp(`\\b${exportName}\\b`).test(indexSource);
  });
  if (missing.length > 0) {
    console.error('manifest.yml names handlers that src/index.ts does not export:');
    for (const fn of missing) console.error(`  - ${fn.key}: ${fn.handler}`);
    process.exit(1);
  }
  console.log(`manifest.yml is valid (${manifest.modules?.function?.length ?? 0} functions, all exported by src/index.ts)`);
}

void main();
