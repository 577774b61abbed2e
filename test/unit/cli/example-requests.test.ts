import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/run-cli';
import { WORKFLOW_CATALOG } from '../../../src/domain/workflows/catalog';

const ROOT = join(__dirname, '../../..');
const REQUESTS = join(ROOT, 'examples/requests');

function simulate(requestFile: string): { code: number; output: { outcome: string; workflow: { key: string } | null } } {
  let stdout = '';
  const code = runCli(
    ['simulate', '--policy', join(ROOT, 'examples/policy.yaml'), '--request', join(REQUESTS, requestFile), '--directory', join(ROOT, 'examples/directory.json')],
    { stdout: (t) => (stdout += t), stderr: () => undefined, catalog: () => WORKFLOW_CATALOG, now: () => '2026-03-02T09:00:00.000Z' },
  );
  return { code, output: JSON.parse(stdout) as { outcome: string; workflow: { key: string } | null } };
}

describe('example requests', () => {
  const files = readdirSync(REQUESTS).filter((f) => f.endsWith('.json')).sort();

  it('cover every request type of the catalog', () => {
    const types = WORKFLOW_CATALOG.flatMap((w) => w.requestTypes).sort();
    expect(files.map((f) => f.replace(/\.json$/, ''))).toEqual(types);
  });

  it.each(files)('%s is planned by the example policy and directory', (file) => {
    const { code, output } = simulate(file);
    expect(code).toBe(0);
    expect(output.workflow?.key).toBe(file.replace(/\.json$/, ''));
    expect(['approval', 'no-approval']).toContain(output.outcome);
  });
});
