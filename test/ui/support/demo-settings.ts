import { buildDemoSeed } from '../../../platform/sandbox/demo-seed';
import { PROJECT_ROOT } from './ui-harness';

export const demo = buildDemoSeed(PROJECT_ROOT);

/** Field values for a refund request of `amount`, keyed by the demo desk's field ids. */
export function refundFields(summary: string, amount: number): Record<string, string | number> {
  const id = (input: string): string => demo.inputFieldIds[input] ?? input;
  return {
    summary,
    [id('customerAccountId')]: 'CUST-2077',
    [id('invoiceNumber')]: 'INV-2026-000123',
    [id('amount')]: amount,
    [id('currency')]: 'EUR',
    [id('reason')]: 'Service outage credit agreed in the contract SLA clause.',
  };
}
