import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { z } from 'zod';
import type { IntakeRequest } from '../domain/intake/intake-request';
import { describeIssues } from '../domain/policy/describe-issues';
import { loadPolicyText, type ParsePolicyResult, type PolicyFormat } from '../domain/policy/parse-policy';
import type { DirectorySnapshot } from '../domain/policy/plan-types';

/** A problem with a file the user named: shown as is, with exit code 2. */
export class CliInputError extends Error {}

/** Reads a file, turning "no such file" and friends into one plain sentence. */
export function readTextFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : 'it cannot be read';
    throw new CliInputError(`Cannot read the ${what} file ${JSON.stringify(path)}: ${why}.`);
  }
}

/** The policy format from the file extension: .json, or .yaml/.yml. */
export function policyFormatOf(path: string): PolicyFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  throw new CliInputError(`The policy file ${JSON.stringify(path)} must end in .json, .yaml or .yml.`);
}

/** Reads and validates a policy file. */
export function readPolicyFile(path: string): ParsePolicyResult {
  const format = policyFormatOf(path);
  return loadPolicyText(readTextFile(path, 'policy'), format);
}

const requesterSchema = z.strictObject({
  accountId: z.string().min(1),
  directoryId: z.string().min(1).optional(),
  principalName: z.string().min(1).optional(),
  employmentType: z.enum(['employee', 'contractor', 'intern', 'vendor']).optional(),
  department: z.string().min(1).optional(),
  managerAccountId: z.string().min(1).optional(),
  groups: z.array(z.string()).optional(),
});

const requestFileSchema = z.strictObject({
  key: z.string().min(1).default('SIM-1'),
  requestType: z.string().min(1),
  fields: z.record(z.string(), z.unknown()),
  requester: requesterSchema,
  assigneeAccountId: z.string().min(1).optional(),
  /** The evaluation time; the current time when absent. */
  now: z.iso.datetime({ offset: true }).optional(),
  /** Free text for people reading the sample. */
  description: z.string().optional(),
});

const directoryFileSchema = z.strictObject({
  groups: z.array(z.strictObject({ groupId: z.string().min(1), name: z.string().min(1), members: z.array(z.string().min(1)) })),
});

function parseJsonFile<T>(path: string, what: string, schema: z.ZodType<T>): T {
  const text = readTextFile(path, what);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliInputError(`The ${what} file ${JSON.stringify(path)} is not valid JSON: ${error instanceof Error ? error.message : 'unreadable'}.`);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const lines = describeIssues(result.error.issues, value).map((e) => `  ${e.path || '(file)'}: ${e.message}`);
    throw new CliInputError(`The ${what} file ${JSON.stringify(path)} is not valid:\n${lines.join('\n')}`);
  }
  return result.data;
}

export interface RequestFile {
  readonly request: IntakeRequest;
  readonly now: string | undefined;
}

/** Reads a sample request. */
export function readRequestFile(path: string): RequestFile {
  const file = parseJsonFile(path, 'request', requestFileSchema);
  const request: IntakeRequest = {
    key: file.key,
    requestType: file.requestType,
    fields: file.fields,
    requester: file.requester,
    ...(file.assigneeAccountId !== undefined ? { assigneeAccountId: file.assigneeAccountId } : {}),
  };
  return { request, now: file.now };
}

/** Reads group memberships into the snapshot the plan builder takes. */
export function readDirectoryFile(path: string): DirectorySnapshot {
  const file = parseJsonFile(path, 'directory', directoryFileSchema);
  const groupMembers: Record<string, readonly string[]> = {};
  for (const group of file.groups) groupMembers[group.groupId] = group.members;
  return { groupMembers };
}
