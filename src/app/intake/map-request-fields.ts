import type { AppSettings } from '../../contract/app-settings';

/**
 * Jira field values as workflow inputs: the admin maps field ids to input names in settings; the
 * value shapes Jira uses (users, options, ADF, cascades) become the plain values workflows parse.
 */
export function mapRequestFields(settings: AppSettings, fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const { fieldId, input } of settings.fields) {
    const value = plainValue(fields[fieldId]);
    if (value !== undefined && value !== null && value !== '') inputs[input] = value;
  }
  return inputs;
}

function plainValue(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map(plainValue).filter((v) => v !== undefined);
  if (typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (typeof record.accountId === 'string') return record.accountId;
  if (typeof record.value === 'string') return record.value;
  if (record.type === 'doc') return adfText(record);
  if (typeof record.name === 'string') return record.name;
  return undefined;
}

function adfText(node: Record<string, unknown>): string {
  const parts: string[] = [];
  const walk = (n: Record<string, unknown>): void => {
    if (n.type === 'text' && typeof n.text === 'string') parts.push(n.text);
    const content = n.content;
    if (Array.isArray(content)) for (const child of content) walk(child as Record<string, unknown>);
    if (n.type === 'paragraph') parts.push('\n');
  };
  walk(node);
  return parts.join('').trim();
}
