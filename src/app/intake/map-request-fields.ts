import type { AppSettings } from '../../contract/app-settings';
import { adfToPlainText } from '../../domain/common/adf-text';

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
  if (record.type === 'doc') return adfToPlainText(record);
  if (typeof record.name === 'string') return record.name;
  return undefined;
}
