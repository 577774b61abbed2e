import { parseArgs } from 'node:util';
import { evaluateRequest } from '../domain/intake/evaluate-request';
import { compilePolicy } from '../domain/policy/compile-policy';
import type { PolicyError } from '../domain/policy/parse-policy';
import type { DirectorySnapshot, IntakeOutcome } from '../domain/policy/plan-types';
import type { AnyWorkflow } from '../domain/workflows/workflow-types';
import { formatExplanation } from './format-explanation';
import { CliInputError, readDirectoryFile, readPolicyFile, readRequestFile } from './read-cli-files';
import { USAGE } from './usage';

/** Where the CLI writes and what it reads besides files; tests pass their own. */
export interface CliEnvironment {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The workflows `simulate` and `explain` select from. */
  readonly catalog: () => readonly AnyWorkflow[];
  /** ISO time for requests that do not carry `now`. */
  readonly now: () => string;
}

export const EXIT_OK = 0;
export const EXIT_INVALID_POLICY = 1;
export const EXIT_USAGE = 2;

class UsageError extends Error {}

/** Runs one CLI invocation and returns its exit code; never throws for bad input. */
export function runCli(argv: readonly string[], env: CliEnvironment): number {
  try {
    return dispatch(argv, env);
  } catch (error) {
    if (error instanceof UsageError) {
      env.stderr(`Error: ${error.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    if (error instanceof CliInputError) {
      env.stderr(`Error: ${error.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function parse(argv: readonly string[]): ReturnType<typeof parseCommandArgs> {
  try {
    return parseCommandArgs(argv);
  } catch (error) {
    // parseArgs explains unknown options and missing values well; keep its words.
    throw new UsageError(error instanceof Error ? error.message : 'bad arguments');
  }
}

function parseCommandArgs(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      policy: { type: 'string' },
      request: { type: 'string' },
      directory: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function dispatch(argv: readonly string[], env: CliEnvironment): number {
  const { values, positionals } = parse(argv);
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') {
    env.stdout(USAGE);
    return EXIT_OK;
  }
  if (command === undefined) throw new UsageError('no command given.');

  if (command === 'validate') {
    const path = rest[0] ?? values.policy;
    if (path === undefined) throw new UsageError('validate needs a policy file: approval-router validate <policy.(json|yaml)>.');
    if (rest.length > 1) throw new UsageError(`validate takes one policy file, got ${rest.length}.`);
    return validate(path, env);
  }

  if (command === 'simulate' || command === 'explain') {
    if (rest.length > 0) throw new UsageError(`${command} takes options only; unexpected ${JSON.stringify(rest[0])}.`);
    if (values.policy === undefined) throw new UsageError(`${command} needs --policy <file>.`);
    if (values.request === undefined) throw new UsageError(`${command} needs --request <request.json>.`);
    return simulate(command, { policy: values.policy, request: values.request, directory: values.directory }, env);
  }

  throw new UsageError(`unknown command ${JSON.stringify(command)}.`);
}

function printPolicyErrors(path: string, errors: readonly PolicyError[], env: CliEnvironment): void {
  env.stderr(`invalid: ${path} has ${errors.length} error${errors.length === 1 ? '' : 's'}\n`);
  for (const error of errors) env.stderr(`  ${error.path || '(document)'}: ${error.message}\n`);
}

function validate(path: string, env: CliEnvironment): number {
  const result = readPolicyFile(path);
  if (!result.ok) {
    printPolicyErrors(path, result.errors, env);
    return EXIT_INVALID_POLICY;
  }
  const { policy } = result;
  const lanes = Object.keys(policy.lanes).length;
  env.stdout(`valid: ${lanes} lanes, ${policy.triggers.length} triggers, version ${policy.version}\n`);
  return EXIT_OK;
}

function simulate(command: 'simulate' | 'explain', files: { policy: string; request: string; directory: string | undefined }, env: CliEnvironment): number {
  const policyResult = readPolicyFile(files.policy);
  if (!policyResult.ok) {
    printPolicyErrors(files.policy, policyResult.errors, env);
    return EXIT_INVALID_POLICY;
  }
  const { request, now } = readRequestFile(files.request);
  const directory: DirectorySnapshot = files.directory !== undefined ? readDirectoryFile(files.directory) : { groupMembers: {} };
  if (files.directory === undefined) env.stderr('Note: no --directory given, so every group is empty.\n');

  const outcome = evaluateRequest({
    catalog: env.catalog(),
    compiledPolicy: compilePolicy(policyResult.policy),
    request,
    directory,
    now: now !== undefined ? new Date(now).toISOString() : env.now(),
  });
  env.stdout(command === 'simulate' ? `${JSON.stringify(toSimulation(outcome), null, 2)}\n` : formatExplanation(outcome));
  return EXIT_OK;
}

/** The JSON shape of `simulate`: the verdict first, then the plan without its trace, then the trace. */
function toSimulation(outcome: IntakeOutcome): Record<string, unknown> {
  if (outcome.kind === 'no-workflow') {
    return { outcome: 'no-workflow', workflow: null, reason: outcome.reason, plan: null, trace: [] };
  }
  if (outcome.kind === 'clarification') {
    return { outcome: 'clarification', workflow: outcome.workflow, questions: outcome.questions, plan: null, trace: [] };
  }
  const { trace, ...plan } = outcome.plan;
  return {
    outcome: outcome.plan.kind,
    workflow: outcome.plan.workflow,
    ...(outcome.plan.kind === 'exception' ? { exception: outcome.plan.exception } : {}),
    plan,
    trace,
  };
}
