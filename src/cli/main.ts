// Entry point of `npx approval-router`: wires the real catalog, console and clock into runCli.
import { WORKFLOW_CATALOG } from '../domain/workflows/catalog';
import { runCli } from './run-cli';

try {
  process.exitCode = runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    catalog: () => WORKFLOW_CATALOG,
    now: () => new Date().toISOString(),
  });
} catch (error) {
  // A bug, not bad input: say so in one line rather than dumping a stack trace at the user.
  process.stderr.write(`approval-router failed unexpectedly: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 70;
}
