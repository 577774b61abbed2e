import { refundCredit, type RefundCreditInput } from '../../../../src/domain/workflows/refund-credit';
import { VALID_FIELDS, makeContext, messagesFor, parseOrFail } from './workflow-fixtures';

const base = VALID_FIELDS['refund-credit'] as Record<string, unknown>;
const parse = (fields: Record<string, unknown> = {}): RefundCreditInput => parseOrFail<RefundCreditInput>(refundCredit, { ...base, ...fields });

describe('refund or credit workflow', () => {
  it('parses raw JSM values (amount as a string, currency in lower case)', () => {
    expect(parse({ amount: '1500.5', currency: 'usd', invoiceNumber: 'inv-2026-000123' })).toEqual({
      customerAccountId: 'CUST-1042',
      invoiceNumber: 'INV-2026-000123',
      amount: 1500.5,
      currency: 'USD',
      reason: 'Credit for the outage on 12 February',
    });
    expect(parse({ amount: 99 }).amount).toBe(99);
  });

  it.each([
    ['customerAccountId', { customerAccountId: 'CUST-' }, /Customer account must look like CUST-1042/],
    ['invoiceNumber', { invoiceNumber: '123' }, /Invoice number must look like INV-2026-000123/],
    ['amount', { amount: '0' }, /Amount must be greater than 0/],
    ['amount', { amount: '-10' }, /greater than 0/],
    ['amount', { amount: '1.500,00' }, /without thousands separators/],
    ['amount', { amount: '€100' }, /without thousands separators or currency symbols/],
    ['amount', { amount: '10.001' }, /at most 2 decimal places/],
    ['currency', { currency: 'BTC' }, /Currency must be one of: USD, EUR, GBP, CAD, AUD, CHF, SEK, JPY/],
    ['reason', { reason: undefined }, /Reason is required/],
  ])('rejects a bad %s', (field, fields, message) => {
    const messages = messagesFor(refundCredit, { ...base, ...fields }, field);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });

  it.each([
    ['whole yen', { amount: '75000', currency: 'JPY' }, null],
    ['yen with decimals', { amount: '1500.5', currency: 'JPY' }, /JPY amounts have no decimals/],
    ['cents', { amount: '10.99', currency: 'USD' }, null],
  ])('validates %s', (_name, fields, question) => {
    const questions = refundCredit.validate(parse(fields), makeContext());
    if (question === null) expect(questions).toEqual([]);
    else expect(questions).toEqual([{ field: 'amount', question: expect.stringMatching(question) }]);
  });

  it.each([
    ['499.99', 'USD', false],
    ['500', 'USD', true],
    ['500.00', 'EUR', true],
    ['12000', 'USD', true],
    ['399.99', 'GBP', false],
    ['400', 'GBP', true],
    ['74999', 'JPY', false],
    ['75000', 'JPY', true],
  ])('requires finance for %s %s: %s', (amount, currency, finance) => {
    const input = parse({ amount, currency });
    const facts = refundCredit.facts(input, makeContext());
    expect(facts).toMatchObject({ amount: Number(amount), currency });
    const floor = refundCredit.floor(input, facts, makeContext());
    expect(floor).toEqual(finance ? [{ lane: 'finance', mode: { type: 'any' }, order: 1, reason: expect.stringContaining(currency) }] : []);
  });

  it('issues the refund with an idempotency key of request and invoice, then tells #billing-ops', () => {
    const steps = refundCredit.steps(parse({ amount: '1250.5', currency: 'USD' }), makeContext());
    expect(steps).toEqual([
      {
        kind: 'action',
        id: 'issue-refund',
        title: 'Issue 1250.50 USD against INV-2026-000123',
        call: {
          action: 'webhook.post',
          params: {
            endpoint: 'billing',
            event: 'billing.refund.issue',
            payload: {
              idempotencyKey: 'ITSM-42:INV-2026-000123',
              requestKey: 'ITSM-42',
              customerAccountId: 'CUST-1042',
              invoiceNumber: 'INV-2026-000123',
              amount: 1250.5,
              currency: 'USD',
            },
          },
        },
      },
      {
        kind: 'action',
        id: 'notify-billing-ops',
        title: expect.any(String),
        call: { action: 'slack.postMessage', params: { channel: '#billing-ops', text: 'ITSM-42: 1250.50 USD refunded or credited on INV-2026-000123 (CUST-1042).' } },
      },
    ]);
    // Money that left is never pulled back automatically, so no step has a compensation.
    steps.forEach((step) => expect(step).not.toHaveProperty('compensation'));
    expect(refundCredit.revocation(parse(), makeContext())).toBeNull();
  });

  it('refuses to build steps without the request key, which the idempotency key needs', () => {
    expect(() => refundCredit.steps(parse(), makeContext({ requestKey: '' }))).toThrow(/needs the request key/);
  });
});
