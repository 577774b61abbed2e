/**
 * Runs jest and ends with one plain summary line (`jest: N passed, N failed, N skipped`) that CI
 * reads. Extra arguments go to jest (a path or `-t name` to run less).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = join(mkdtempSync(join(tmpdir(), 'jest-')), 'results.json');
const args = ['jest', '--json', `--outputFile=${out}`, ...(process.env.CI ? ['--ci'] : []), ...process.argv.slice(2)];
const run = spawnSync('npx', args, { stdio: 'inherit' });

let summary = 'jest: no results were written';
try {
  const results = JSON.parse(readFileSync(out, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTotalTests: number;
  };
  summary = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped`;
  if (results.numTotalTests === 0) {
    console.log(summary);
    console.error('jest ran no test: failing the run.');
    process.exit(1);
  }
} catch {
  // fall through with the exit status of jest
}
console.log(summary);
process.exit(run.status ?? 1);
