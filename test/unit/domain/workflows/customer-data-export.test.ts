import { classifyExport, customerDataExport, parseDestination, type CustomerDataExportInput } from '../../../../src/domain/workflows/customer-data-export';
import { VALID_FIELDS, makeContext, messagesFor, parseOrFail } from './workflow-fixtures';

const base = VALID_FIELDS['customer-data-export'] as Record<string, unknown>;
const parse = (fields: Record<string, unknown> = {}): CustomerDataExportInput =>
  parseOrFail<CustomerDataExportInput>(customerDataExport, { ...base, ...fields });

describe('customer data export workflow', () => {
  it('parses raw JSM values', () => {
    expect(parse({ customerAccountId: 'cust-1042', scope: [{ value: 'Invoices' }, 'pii', 'invoices'], destination: 'https://drop.vendor.example.com/acme', retentionDays: '7' })).toEqual({
      customerAccountId: 'CUST-1042',
      scope: ['invoices', 'pii'],
      destination: { kind: 'https', url: 'https://drop.vendor.example.com/acme' },
      reason: 'Quarterly business review requested by the customer',
      retentionDays: 7,
    });
    expect(parse({ destination: 'Storage:Exports-US' }).destination).toEqual({ kind: 'storage', location: 'storage:exports-us' });
  });

  it.each([
    ['customerAccountId', { customerAccountId: 'ACME' }, /Customer account must look like CUST-1042/],
    ['scope', { scope: [] }, /Data to export is required/],
    ['scope', { scope: ['invoices', 'salaries'] }, /Data to export can only include: .* \(got "salaries"\)/],
    ['destination', { destination: 'ftp://files.example.com/x' }, /Destination must be an https:\/\/ address or one of storage:exports-eu, storage:exports-us/],
    ['destination', { destination: 'http://files.example.com/x' }, /must be an https:\/\/ address/],
    ['destination', { destination: 'https://bucket.example.com/x?X-Amz-Signature=abc' }, /must not contain a query string/],
    ['destination', { destination: 'https://user:pw@files.example.com/x' }, /must not contain a user name or password/],
    ['destination', { destination: 'https://10.0.0.5/drop' }, /must be a public address/],
    ['destination', { destination: 'https://localhost/drop' }, /must be a public address/],
    ['destination', { destination: 'storage:personal-laptop' }, /must be an https:\/\/ address or one of/],
    ['reason', { reason: 'because' }, /Reason must be at least 10 characters/],
    ['retentionDays', { retentionDays: '0' }, /Retention must be a whole number of days between 1 and 90/],
    ['retentionDays', { retentionDays: '91' }, /between 1 and 90/],
  ])('rejects a bad %s', (field, fields, message) => {
    const messages = messagesFor(customerDataExport, { ...base, ...fields }, field);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });

  it('keeps a parsed https destination free of credentials', () => {
    const result = parseDestination('https://drop.example.com/path#token');
    expect(result.ok).toBe(false);
  });

  it.each([
    ['payments to company storage', { scope: ['payments'], destination: 'storage:exports-eu' }, []],
    ['invoices to an external address', { scope: ['invoices'], destination: 'https://drop.vendor.example.com/acme' }, []],
    ['payments to an external address', { scope: ['payments', 'invoices'], destination: 'https://drop.vendor.example.com/acme' }, ['destination']],
  ])('validates %s', (_name, fields, questionFields) => {
    const questions = customerDataExport.validate(parse(fields), makeContext());
    expect(questions.map((q) => q.field)).toEqual(questionFields);
    questions.forEach((q) => expect(q.question).toMatch(/Payment data can only be exported to company storage/));
  });

  it.each([
    [['usage-metrics'], 'internal', false],
    [['usage-metrics', 'invoices'], 'confidential', false],
    [['support-tickets'], 'confidential', true],
    [['invoices', 'payments'], 'restricted', true],
    [['usage-metrics', 'pii'], 'restricted', true],
  ])('classifies %j as %s (personal data: %s)', (scope, classification, personal) => {
    expect(classifyExport(scope as CustomerDataExportInput['scope'])).toBe(classification);
    expect(customerDataExport.facts(parse({ scope }), makeContext())).toMatchObject({
      'data.classification': classification,
      'data.containsPersonalData': personal,
    });
  });

  it.each([
    ['storage:exports-eu', false],
    ['https://drop.vendor.example.com/acme', true],
  ])('marks an export to %s external=%s', (destination, external) => {
    expect(customerDataExport.facts(parse({ destination }), makeContext())['audience.external']).toBe(external);
  });

  it('always requires security', () => {
    const input = parse();
    expect(customerDataExport.floor(input, customerDataExport.facts(input, makeContext()), makeContext())).toEqual([
      { lane: 'security', mode: { type: 'any' }, order: 1, reason: expect.any(String) },
    ]);
  });

  it('produces the export (discarded on failure), then hands over a manual check to security', () => {
    const steps = customerDataExport.steps(parse({ destination: 'https://drop.vendor.example.com/acme' }), makeContext());
    expect(steps.map((step) => [step.kind, step.id])).toEqual([
      ['action', 'produce-export'],
      ['manual', 'verify-and-hand-over-export'],
    ]);
    expect(steps[0]).toMatchObject({
      call: {
        action: 'webhook.post',
        params: {
          endpoint: 'export-service',
          event: 'customer-export.create',
          payload: { requestKey: 'ITSM-42', customerAccountId: 'CUST-1042', datasets: ['usage-metrics', 'invoices'], retentionDays: 30 },
        },
      },
      compensation: { action: 'webhook.post', params: { event: 'customer-export.discard', payload: { requestKey: 'ITSM-42' } } },
    });
    expect(steps[1]).toMatchObject({ ownerLane: 'security', dueWithin: '2d' });
    const manual = steps[1];
    expect(manual?.kind === 'manual' && manual.instructions).toMatch(/https:\/\/drop\.vendor\.example\.com\/acme and set it to be deleted 30 days after the transfer/);
  });

  it('deletes the export when the retention period ends', () => {
    expect(customerDataExport.revocation(parse({ retentionDays: 90 }), makeContext())).toEqual({
      at: '2026-05-30T10:00:00.000Z',
      ends: 'retention',
      calls: [{ action: 'webhook.post', params: { endpoint: 'export-service', event: 'customer-export.delete', payload: { requestKey: 'ITSM-42', customerAccountId: 'CUST-1042' } } }],
    });
  });
});
