import { parse as parseYaml, YAMLParseError } from 'yaml';
import { describeIssues } from './describe-issues';
import { BUILT_IN_LANES, policySchema, type Policy } from './policy-schema';

/** One problem in a policy document: where (`lanes.security.owner.groupId`) and what, in plain words. */
export interface PolicyError {
  readonly path: string;
  readonly message: string;
}

export type ParsePolicyResult = { readonly ok: true; readonly policy: Policy } | { readonly ok: false; readonly errors: readonly PolicyError[] };

export type PolicyFormat = 'json' | 'yaml';

/** Validates a policy document already read into memory; every error carries its path. */
export function parsePolicy(input: unknown): ParsePolicyResult {
  const result = policySchema.safeParse(input);
  if (result.success) return { ok: true, policy: result.data };
  const errors = describeIssues(result.error.issues, input);
  // Cross-checks run only once the structure is valid; a missing lane is worth saying at once.
  const lanes = typeof input === 'object' && input !== null ? (input as Record<string, unknown>).lanes : undefined;
  if (typeof lanes === 'object' && lanes !== null && !Array.isArray(lanes)) {
    for (const lane of BUILT_IN_LANES) {
      const path = `lanes.${lane}`;
      if (!(lane in lanes) && !errors.some((e) => e.path === path)) errors.push({ path, message: `the ${lane} lane is required` });
    }
  }
  return { ok: false, errors };
}

/** Parses policy text (JSON or YAML) and validates it; unparsable text is an error with its line. */
export function loadPolicyText(text: string, format: PolicyFormat): ParsePolicyResult {
  const parsed = format === 'json' ? parseJsonText(text) : parseYamlText(text);
  if (!parsed.ok) return { ok: false, errors: [{ path: '', message: parsed.message }] };
  return parsePolicy(parsed.value);
}

type TextParse = { ok: true; value: unknown } | { ok: false; message: string };

function parseYamlText(text: string): TextParse {
  try {
    // Duplicate keys are errors: a policy where the second `owner:` silently wins is a trap.
    return { ok: true, value: parseYaml(text, { uniqueKeys: true, prettyErrors: true }) };
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const where = error.linePos?.[0];
      const firstLine = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
      return { ok: false, message: where ? `not valid YAML at line ${where.line}, column ${where.col}: ${firstLine}` : `not valid YAML: ${firstLine}` };
    }
    return { ok: false, message: 'not valid YAML' };
  }
}

function parseJsonText(text: string): TextParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : 'unreadable';
    const position = /position (\d+)/.exec(message);
    if (position) {
      const { line, column } = lineAndColumn(text, Number(position[1]));
      return { ok: false, message: `not valid JSON at line ${line}, column ${column}: ${message.replace(/ in JSON at position \d+.*$/, '')}` };
    }
    return { ok: false, message: `not valid JSON: ${message}` };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i += 1) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
