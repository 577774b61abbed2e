import { z } from 'zod';
import { defineWorkflow } from './define-workflow';
import { amount, patterned, required, text } from './field-schemas';
import { requireRequestKey, slackMessageCall, webhookCall } from './integration-calls';
import { CUSTOMER_ACCOUNT_PATTERN } from './customer-data-export';
import type { ClarificationQuestion, StageRequirement } from './workflow-types';

/**
 * Currencies billing can refund in: minor-unit digits, and the amount from which finance must
 * approve. Thresholds are set per currency (about 500 USD each) rather than converted at runtime,
 * so the floor never depends on an exchange rate. Policy may ask for finance at lower amounts.
 */
export const REFUND_CURRENCIES = {
  USD: { minorDigits: 2, financeThreshold: 500 },
  EUR: { minorDigits: 2, financeThreshold: 500 },
  GBP: { minorDigits: 2, financeThreshold: 400 },
  CAD: { minorDigits: 2, financeThreshold: 700 },
  AUD: { minorDigits: 2, financeThreshold: 750 },
  CHF: { minorDigits: 2, financeThreshold: 450 },
  SEK: { minorDigits: 2, financeThreshold: 5000 },
  JPY: { minorDigits: 0, financeThreshold: 75000 },
} as const;
export type RefundCurrency = keyof typeof REFUND_CURRENCIES;

/** Invoice numbers as billing prints them: `INV-2026-000123`. */
export const INVOICE_NUMBER_PATTERN = /^INV-[0-9]{4}-[0-9]{6}$/;

const refundCreditInput = z.object(
  {
    customerAccountId: required(patterned('Customer account', CUSTOMER_ACCOUNT_PATTERN, 'CUST-1042', { upperCase: true })),
    invoiceNumber: required(patterned('Invoice number', INVOICE_NUMBER_PATTERN, 'INV-2026-000123', { upperCase: true })),
    amount: required(amount('Amount', { max: 1_000_000, maxDecimals: 2 })),
    currency: required({
      label: 'Currency',
      parse(raw) {
        const codes = Object.keys(REFUND_CURRENCIES) as RefundCurrency[];
        const value = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
        const match = codes.find((code) => code === value);
        return match === undefined ? { ok: false, message: `Currency must be one of: ${codes.join(', ')}.` } : { ok: true, value: match };
      },
    }),
    reason: required(text('Reason', { min: 10, max: 2000 })),
  },
  { error: 'The request fields must be an object of field values.' },
);
export type RefundCreditInput = z.infer<typeof refundCreditInput>;

/** The amount written for people: `1500.00 USD`, `75000 JPY`. */
export function formatAmount(value: number, currency: RefundCurrency): string {
  return `${value.toFixed(REFUND_CURRENCIES[currency].minorDigits)} ${currency}`;
}

export const refundCredit = defineWorkflow<RefundCreditInput>({
  key: 'refund-credit',
  version: '1.0.0',
  title: 'Refund or credit',
  description: 'Issues a refund or credit against an invoice through billing and tells billing operations. Finance approves amounts at or above the threshold for the currency.',
  requestTypes: ['refund-credit'],
  inputFields: [
    { name: 'customerAccountId', label: 'Customer account', description: 'The billing account of the customer, for example CUST-1042.', required: true, type: 'string' },
    { name: 'invoiceNumber', label: 'Invoice number', description: 'The invoice the refund or credit applies to, for example INV-2026-000123.', required: true, type: 'string' },
    { name: 'amount', label: 'Amount', description: 'The amount to refund or credit, for example 1250.50 (no thousands separators).', required: true, type: 'number' },
    { name: 'currency', label: 'Currency', description: `The invoice currency: ${Object.keys(REFUND_CURRENCIES).join(', ')}.`, required: true, type: 'string' },
    { name: 'reason', label: 'Reason', description: 'Why the customer is refunded or credited.', required: true, type: 'text' },
  ],
  input: refundCreditInput,

  validate(input) {
    const questions: ClarificationQuestion[] = [];
    const { minorDigits } = REFUND_CURRENCIES[input.currency];
    const scaled = input.amount * 10 ** minorDigits;
    if (Math.abs(scaled - Math.round(scaled)) > 1e-6) {
      questions.push({
        field: 'amount',
        question:
          minorDigits === 0
            ? `${input.currency} amounts have no decimals. What is the amount in whole ${input.currency}?`
            : `${input.currency} amounts have at most ${minorDigits} decimals. What is the exact amount?`,
      });
    }
    return questions;
  },

  facts(input) {
    return {
      amount: input.amount,
      currency: input.currency,
      'target.system': 'billing',
      'input.invoiceNumber': input.invoiceNumber,
      'input.customerAccountId': input.customerAccountId,
    };
  },

  floor(input) {
    const { financeThreshold } = REFUND_CURRENCIES[input.currency];
    const stages: StageRequirement[] = [];
    if (input.amount >= financeThreshold) {
      stages.push({
        lane: 'finance',
        mode: { type: 'any' },
        order: 1,
        reason: `Refunds and credits of ${formatAmount(financeThreshold, input.currency)} or more are approved by finance.`,
      });
    }
    return stages;
  },

  steps(input, ctx) {
    const requestKey = requireRequestKey(ctx, 'refund-credit');
    const money = formatAmount(input.amount, input.currency);
    return [
      {
        kind: 'action',
        id: 'issue-refund',
        title: `Issue ${money} against ${input.invoiceNumber}`,
        // No compensation: money that left cannot be pulled back automatically. Billing dedupes
        // on the idempotency key, so a retry never refunds twice.
        call: webhookCall('billing', 'billing.refund.issue', {
          idempotencyKey: `${requestKey}:${input.invoiceNumber}`,
          requestKey,
          customerAccountId: input.customerAccountId,
          invoiceNumber: input.invoiceNumber,
          amount: input.amount,
          currency: input.currency,
        }),
      },
      {
        kind: 'action',
        id: 'notify-billing-ops',
        title: 'Tell #billing-ops',
        call: slackMessageCall('#billing-ops', `${requestKey}: ${money} refunded or credited on ${input.invoiceNumber} (${input.customerAccountId}).`),
      },
    ];
  },

  revocation() {
    return null;
  },
});
