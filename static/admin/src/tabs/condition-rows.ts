import type { Comparison, ComparisonOperator, Condition } from '../../../../src/domain/policy/policy-schema';

/** A trigger condition as the form edits it: comparisons joined by all/any, or raw JSON. */
export type ConditionForm =
  | { readonly kind: 'rows'; readonly join: 'all' | 'any'; readonly rows: readonly ComparisonRow[] }
  | { readonly kind: 'advanced'; readonly text: string };

export interface ComparisonRow {
  readonly fact: string;
  readonly op: ComparisonOperator;
  /** The value as typed: `1000`, `production`, `"1000"` (text), `a, b` for lists, `true`. */
  readonly value: string;
}

const isComparison = (c: Condition): c is Comparison => 'op' in c;

/** The form for a condition: rows when it is flat, raw JSON when it nests groups or negations. */
export function toConditionForm(when: Condition): ConditionForm {
  if (isComparison(when)) return { kind: 'rows', join: 'all', rows: [toRow(when)] };
  if ('all' in when && when.all.every(isComparison)) return { kind: 'rows', join: 'all', rows: when.all.map((c) => toRow(c as Comparison)) };
  if ('any' in when && when.any.every(isComparison)) return { kind: 'rows', join: 'any', rows: when.any.map((c) => toRow(c as Comparison)) };
  return { kind: 'advanced', text: JSON.stringify(when, null, 2) };
}

/** The condition a form describes; raw JSON that does not parse is passed on for the schema to reject. */
export function fromConditionForm(form: ConditionForm): unknown {
  if (form.kind === 'advanced') {
    try {
      return JSON.parse(form.text) as unknown;
    } catch {
      return { invalid: 'not valid JSON' };
    }
  }
  const comparisons = form.rows.map(fromRow);
  if (comparisons.length === 1 && form.join === 'all') return comparisons[0];
  return form.join === 'all' ? { all: comparisons } : { any: comparisons };
}

/** Dotted path of row `index` inside the trigger's `when`, as the validator reports it. */
export function rowPath(form: ConditionForm, index: number): string {
  if (form.kind === 'rows' && form.rows.length === 1 && form.join === 'all') return 'when';
  return `when.${form.kind === 'rows' ? form.join : 'all'}[${index}]`;
}

function toRow(c: Comparison): ComparisonRow {
  return { fact: c.fact, op: c.op, value: formatValue(c.value) };
}

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  if (typeof value === 'string') return /^(-?\d+(\.\d+)?|true|false)$/.test(value) || value.includes(',') ? JSON.stringify(value) : value;
  return String(value);
}

const NUMERIC_OPS: readonly ComparisonOperator[] = ['gt', 'gte', 'lt', 'lte'];

function fromRow(row: ComparisonRow): unknown {
  if (row.op === 'in' || row.op === 'notIn') return { fact: row.fact, op: row.op, value: splitList(row.value).map(parseScalar) };
  if (row.op === 'exists') return { fact: row.fact, op: row.op, value: row.value.trim() !== 'false' };
  if (NUMERIC_OPS.includes(row.op)) {
    const n = Number(row.value);
    return { fact: row.fact, op: row.op, value: row.value.trim() === '' || Number.isNaN(n) ? row.value : n };
  }
  if (row.op === 'matches') return { fact: row.fact, op: row.op, value: row.value };
  return { fact: row.fact, op: row.op, value: parseScalar(row.value) };
}

/** Numbers and booleans are typed as such; text in double quotes stays text. */
export function parseScalar(text: string): string | number | boolean {
  const t = text.trim();
  if (/^".*"$/.test(t)) return t.slice(1, -1);
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return t;
}

function splitList(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(/"([^"]*)"|([^,]+)/g)) {
    const item = match[1] !== undefined ? `"${match[1]}"` : (match[2] ?? '').trim();
    if (item !== '') out.push(item);
  }
  return out;
}
