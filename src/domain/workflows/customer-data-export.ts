import { z } from 'zod';
import { addDays } from './calendar';
import { defineWorkflow } from './define-workflow';
import { choices, integer, patterned, required, text } from './field-schemas';
import { requireRequestKey, webhookCall } from './integration-calls';
import type { ClarificationQuestion } from './workflow-types';

/** Datasets the export service can produce, with what they contain. */
export const EXPORT_DATASETS = {
  'account-profile': { classification: 'confidential', personalData: true },
  'usage-metrics': { classification: 'internal', personalData: false },
  invoices: { classification: 'confidential', personalData: false },
  payments: { classification: 'restricted', personalData: true },
  'support-tickets': { classification: 'confidential', personalData: true },
  pii: { classification: 'restricted', personalData: true },
} as const;
export type ExportDataset = keyof typeof EXPORT_DATASETS;

const CLASSIFICATION_RANK = ['public', 'internal', 'confidential', 'restricted'] as const;
type Classification = (typeof CLASSIFICATION_RANK)[number];

/** Company storage an export may land in (it stays inside the company). */
export const APPROVED_STORAGE_LOCATIONS = ['storage:exports-eu', 'storage:exports-us'] as const;

/** A customer account in billing: `CUST-1042`. */
export const CUSTOMER_ACCOUNT_PATTERN = /^CUST-[0-9]{1,10}$/;

/** Where an export goes: company storage, or an external HTTPS address. */
export type ExportDestination = { readonly kind: 'storage'; readonly location: string } | { readonly kind: 'https'; readonly url: string };

/** Reads a destination; refuses anything that could carry a credential or reach an internal host. */
export function parseDestination(raw: string): { ok: true; value: ExportDestination } | { ok: false; reason: string } {
  const value = raw.trim();
  const storage = APPROVED_STORAGE_LOCATIONS.find((location) => location === value.toLowerCase());
  if (storage !== undefined) return { ok: true, value: { kind: 'storage', location: storage } };
  if (!/^https:\/\//i.test(value)) {
    return { ok: false, reason: `must be an https:// address or one of ${APPROVED_STORAGE_LOCATIONS.join(', ')}` };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: 'is not a valid web address' };
  }
  // Pre-signed links and user:password URLs carry credentials, which must never be stored in a request.
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'must not contain a user name or password' };
  if (url.search !== '' || url.hash !== '') return { ok: false, reason: 'must not contain a query string or fragment (links with access tokens are not allowed)' };
  if (isInternalHost(url.hostname)) return { ok: false, reason: 'must be a public address, not an internal host or IP address' };
  return { ok: true, value: { kind: 'https', url: url.toString() } };
}

/** Internal and literal-IP hosts are refused: an export leaves through named destinations only. */
function isInternalHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.local') ||
    host.endsWith('.internal') ||
    /^\d{1,3}(\.\d{1,3}){3}$/.test(host) ||
    host.startsWith('[') ||
    !host.includes('.')
  );
}

function describeDestination(destination: ExportDestination): string {
  return destination.kind === 'storage' ? destination.location : destination.url;
}

const customerDataExportInput = z.object(
  {
    customerAccountId: required(patterned('Customer account', CUSTOMER_ACCOUNT_PATTERN, 'CUST-1042', { upperCase: true })),
    scope: required(choices('Data to export', Object.keys(EXPORT_DATASETS) as ExportDataset[], { max: 6 })),
    destination: required({
      label: 'Destination',
      parse(raw) {
        if (typeof raw !== 'string') return { ok: false, message: 'Destination must be an https:// address or an approved storage location.' };
        const result = parseDestination(raw);
        return result.ok ? result : { ok: false, message: `Destination ${result.reason}.` };
      },
    }),
    reason: required(text('Reason', { min: 10, max: 2000 })),
    retentionDays: required(integer('Retention', { min: 1, max: 90, unit: 'days' })),
  },
  { error: 'The request fields must be an object of field values.' },
);
export type CustomerDataExportInput = z.infer<typeof customerDataExportInput>;

/** The highest classification among the chosen datasets. */
export function classifyExport(scope: readonly ExportDataset[]): Classification {
  let rank = 0;
  for (const dataset of scope) rank = Math.max(rank, CLASSIFICATION_RANK.indexOf(EXPORT_DATASETS[dataset].classification));
  return CLASSIFICATION_RANK[rank] ?? 'restricted';
}

export const customerDataExport = defineWorkflow<CustomerDataExportInput>({
  key: 'customer-data-export',
  // 1.0.1: the export's deletion counts from the transfer, as the automatic deletion does.
  version: '1.0.1',
  title: 'Customer data export',
  description:
    'Produces an export of chosen datasets for one customer account, hands it over to the destination after a security check, and has it deleted when the retention period ends.',
  requestTypes: ['customer-data-export'],
  inputFields: [
    { name: 'customerAccountId', label: 'Customer account', description: 'The billing account of the customer, for example CUST-1042.', required: true, type: 'string' },
    { name: 'scope', label: 'Data to export', description: `One or more of: ${Object.keys(EXPORT_DATASETS).join(', ')}.`, required: true, type: 'string[]' },
    {
      name: 'destination',
      label: 'Destination',
      description: `Where the export goes: an https:// address (without query string) or ${APPROVED_STORAGE_LOCATIONS.join(' or ')}.`,
      required: true,
      type: 'string',
    },
    { name: 'reason', label: 'Reason', description: 'Why the export is needed and who asked for it.', required: true, type: 'text' },
    { name: 'retentionDays', label: 'Retention (days)', description: 'How long the export may be kept, 1 to 90 days; it is deleted afterwards.', required: true, type: 'number' },
  ],
  input: customerDataExportInput,

  validate(input) {
    const questions: ClarificationQuestion[] = [];
    // Raw payment data never leaves the company; it can only go to company storage.
    if (input.scope.includes('payments') && input.destination.kind === 'https') {
      questions.push({
        field: 'destination',
        // A reply answers this field only: leaving payments out takes a new request, so it is not offered as an answer.
        question:
          `Payment data can only be exported to company storage (${APPROVED_STORAGE_LOCATIONS.join(' or ')}), not to ${input.destination.url}. ` +
          'Which storage location should we use? To send the other data to that address without payments, please raise a new request without payments instead.',
      });
    }
    return questions;
  },

  facts(input) {
    return {
      'target.system': 'customer-data',
      'data.classification': classifyExport(input.scope),
      'data.containsPersonalData': input.scope.some((dataset) => EXPORT_DATASETS[dataset].personalData),
      'audience.external': input.destination.kind === 'https',
      'input.scope': input.scope,
      'input.retentionDays': input.retentionDays,
      'input.customerAccountId': input.customerAccountId,
    };
  },

  floor() {
    return [{ lane: 'security', mode: { type: 'any' }, order: 1, reason: 'Customer data leaves its system of record; security and compliance approve every export.' }];
  },

  steps(input, ctx) {
    const requestKey = requireRequestKey(ctx, 'customer-data-export');
    const destination = describeDestination(input.destination);
    return [
      {
        kind: 'action',
        id: 'produce-export',
        title: `Produce the export of ${input.scope.join(', ')} for ${input.customerAccountId}`,
        call: webhookCall('export-service', 'customer-export.create', {
          requestKey,
          customerAccountId: input.customerAccountId,
          datasets: input.scope,
          retentionDays: input.retentionDays,
        }),
        compensation: webhookCall('export-service', 'customer-export.discard', { requestKey, customerAccountId: input.customerAccountId }),
      },
      {
        kind: 'manual',
        id: 'verify-and-hand-over-export',
        title: 'Check the export and hand it over',
        instructions:
          `Open export ${requestKey} in the export service. Check it holds only ${input.scope.join(', ')} for ${input.customerAccountId}, ` +
          `then transfer it to ${destination} and set it to be deleted ${input.retentionDays} day${input.retentionDays === 1 ? '' : 's'} after the transfer ` +
          '(the app asks the export service to delete it then; the request shows the date). ' +
          'Record the transfer reference on this request and mark the step done.',
        ownerLane: 'security',
        dueWithin: '2d',
      },
    ];
  },

  /** The retention period is enforced like expiring access: the export is deleted when it ends. */
  revocation(input, ctx) {
    return {
      at: addDays(ctx.now, input.retentionDays),
      ends: 'retention',
      calls: [
        webhookCall('export-service', 'customer-export.delete', {
          requestKey: requireRequestKey(ctx, 'customer-data-export'),
          customerAccountId: input.customerAccountId,
        }),
      ],
    };
  },
});
