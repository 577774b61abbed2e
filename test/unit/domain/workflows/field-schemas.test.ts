import type { z } from 'zod';
import {
  accountId,
  amount,
  choice,
  choices,
  date,
  dateTime,
  email,
  identifierList,
  integer,
  optional,
  patterned,
  required,
  text,
  verbatimText,
} from '../../../../src/domain/workflows/field-schemas';

function run<T>(schema: z.ZodType<T>, raw: unknown): { ok: true; value: T } | { ok: false; message: string } {
  const result = schema.safeParse(raw);
  return result.success ? { ok: true, value: result.data } : { ok: false, message: result.error.issues[0]?.message ?? '' };
}

describe('field values as JSM sends them', () => {
  it.each<[string, z.ZodType<unknown>, unknown, unknown]>([
    ['text is trimmed', required(text('Reason', { min: 3, max: 10 })), '  abc  ', 'abc'],
    ['verbatim text keeps its whitespace', required(verbatimText('Message', { min: 3, max: 20 })), '  Hi there \n', '  Hi there \n'],
    ['a select option object', required(choice('Profile', ['standard', 'privileged'])), { value: 'Privileged', id: '1' }, 'privileged'],
    ['an option label with spaces', required(choice('Level', ['read', 'send-as'])), 'Send as', 'send-as'],
    ['a multi-select, deduplicated in option order', required(choices('Scope', ['a', 'b', 'c'], { max: 3 })), ['c', { value: 'a' }, 'c'], ['a', 'c']],
    ['a comma-separated multi-select', required(choices('Scope', ['a', 'b', 'c'], { max: 3 })), 'b, a', ['a', 'b']],
    ['an identifier list', required(identifierList('Systems', { max: 5 })), 'Checkout-API,\npayments , checkout-api', ['checkout-api', 'payments']],
    ['a date', required(date('End date')), ' 2028-02-29 ', '2028-02-29'],
    ['a JSM datetime with +0000', required(dateTime('Start')), '2026-03-02T09:00:00.000+0000', '2026-03-02T09:00:00.000Z'],
    ['a datetime with an offset', required(dateTime('Start')), '2026-03-02T09:30+02:00', '2026-03-02T07:30:00.000Z'],
    ['a negative offset crossing midnight', required(dateTime('Start')), '2026-12-31T22:00:00-05:00', '2027-01-01T03:00:00.000Z'],
    ['an integer string', required(integer('Hours', { min: 1, max: 8 })), ' 8 ', 8],
    ['an integer number', required(integer('Hours', { min: 1, max: 8 })), 1, 1],
    ['a decimal amount string', required(amount('Amount', { max: 1000, maxDecimals: 2 })), '12.50', 12.5],
    ['an email, lower-cased', required(email('Mailbox')), ' Support@Example.COM ', 'support@example.com'],
    ['a user picker object', required(accountId('Owner')), { accountId: '712020:abc-123', displayName: 'x' }, '712020:abc-123'],
    ['a 24-character account id', required(accountId('Owner')), '5b10a2844c20165700ede21g', '5b10a2844c20165700ede21g'],
    ['a short id of the local sandbox', required(accountId('Sponsor')), 'acc-carol', 'acc-carol'],
    ['a ticket key, upper-cased', required(patterned('Ticket', /^INC-\d+$/, 'INC-1', { upperCase: true })), 'inc-77', 'INC-77'],
    ['a blank optional field', optional(date('End date')), '  ', undefined],
    ['a null optional field', optional(accountId('Sponsor')), null, undefined],
  ])('accepts %s', (_name, schema, raw, expected) => {
    expect(run(schema, raw)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, z.ZodType<unknown>, unknown, RegExp]>([
    ['a missing required field', required(text('Reason', { min: 3, max: 10 })), undefined, /^Reason is required\.$/],
    ['an empty string', required(text('Reason', { min: 3, max: 10 })), '   ', /^Reason is required\.$/],
    ['an empty multi-select', required(choices('Scope', ['a'], { max: 1 })), [], /^Scope is required\.$/],
    ['too short text', required(text('Reason', { min: 5, max: 10 })), 'abc', /at least 5 characters \(it has 3\)/],
    ['too long text', required(text('Reason', { min: 1, max: 3 })), 'abcd', /at most 3 characters/],
    ['whitespace-padded verbatim text', required(verbatimText('Message', { min: 5, max: 50 })), '  ab        ', /at least 5 characters/],
    ['an unknown option', required(choice('Profile', ['standard', 'privileged'])), 'admin', /must be one of: standard, privileged \(got "admin"\)/],
    ['a number for an option', required(choice('Profile', ['standard'])), 3, /must be one of/],
    ['an unknown multi-select entry', required(choices('Scope', ['a', 'b'], { max: 2 })), ['a', 'z'], /can only include: a, b \(got "z"\)/],
    ['too many entries', required(choices('Scope', ['a', 'b', 'c'], { max: 2 })), ['a', 'b', 'c'], /at most 2 entries/],
    ['a bad system name', required(identifierList('Systems', { max: 5 })), ['ok', 'not ok!'], /"not ok!" is not a valid name/],
    ['a day that does not exist', required(date('End date')), '2027-02-29', /YYYY-MM-DD/],
    ['a date in another format', required(date('End date')), '03/31/2026', /YYYY-MM-DD/],
    ['a date as a number', required(date('End date')), 20260331, /YYYY-MM-DD/],
    ['a datetime without a time zone', required(dateTime('Start')), '2026-03-02T09:00:00', /with a time zone/],
    ['a datetime with hour 24', required(dateTime('Start')), '2026-03-02T24:00:00Z', /with a time zone/],
    ['a fractional integer', required(integer('Hours', { min: 1, max: 8, unit: 'hours' })), '2.5', /whole number of hours between 1 and 8/],
    ['an integer out of range', required(integer('Hours', { min: 1, max: 8 })), '9', /between 1 and 8/],
    ['thousands separators', required(amount('Amount', { max: 1e6, maxDecimals: 2 })), '1,500.00', /without thousands separators/],
    ['a currency symbol', required(amount('Amount', { max: 1e6, maxDecimals: 2 })), '$15', /without thousands separators/],
    ['a zero amount', required(amount('Amount', { max: 1e6, maxDecimals: 2 })), '0', /greater than 0/],
    ['a negative amount', required(amount('Amount', { max: 1e6, maxDecimals: 2 })), -5, /greater than 0/],
    ['too many decimals', required(amount('Amount', { max: 1e6, maxDecimals: 2 })), '1.005', /at most 2 decimal places/],
    ['an amount over the maximum', required(amount('Amount', { max: 100, maxDecimals: 2 })), 101, /at most 100/],
    ['not an email', required(email('Mailbox')), 'support at example', /email address/],
    ['a display name for a user', required(accountId('Owner')), 'Jane Doe', /picked from the user list/],
    ['a short word instead of a user', required(accountId('Owner')), 'bob', /picked from the user list/],
    ['a long first name instead of a user', required(accountId('Owner')), 'Christopher', /picked from the user list/],
    ['an email instead of a user', required(accountId('Owner')), 'bob@example.com', /picked from the user list/],
    ['a pattern mismatch', required(patterned('Ticket', /^INC-\d+$/, 'INC-1')), 'JIRA-1', /must look like INC-1 \(got "JIRA-1"\)/],
    ['a bad optional value', optional(date('End date')), 'soon', /YYYY-MM-DD/],
  ])('rejects %s with a plain message', (_name, schema, raw, message) => {
    const result = run(schema, raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
