import { z } from 'zod';
import { daysFromToday, endOfDayUtc, hoursBetween } from './calendar';
import { defineWorkflow } from './define-workflow';
import { accountId, choice, date, email, required } from './field-schemas';
import { groupGrant } from './integration-calls';
import type { ClarificationQuestion } from './workflow-types';

export const MAILBOX_ACCESS_LEVELS = ['read', 'send-as', 'full'] as const;
export type MailboxAccessLevel = (typeof MAILBOX_ACCESS_LEVELS)[number];

/** Shared mailbox access is always time-bound, for at most this long. */
export const MAILBOX_MAX_DAYS = 180;

/**
 * The Entra group that grants an access level on a mailbox. Mail administration keeps one group
 * per mailbox and level, named from the address so no lookup table can drift:
 * `support@example.com` + `send-as` → `grp-mbx-support-at-example-com-send-as`.
 * Every character outside a-z and 0-9 becomes a dash, so the name is stable and group-safe.
 */
export function mailboxGroupId(mailboxAddress: string, accessLevel: MailboxAccessLevel): string {
  const [local = '', domain = ''] = mailboxAddress.toLowerCase().split('@');
  const slug = `${local}-at-${domain}`.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `grp-mbx-${slug}-${accessLevel}`;
}

const sharedMailboxInput = z.object(
  {
    mailboxAddress: required(email('Mailbox address')),
    accessLevel: required(choice('Access level', MAILBOX_ACCESS_LEVELS)),
    mailboxOwnerAccountId: required(accountId('Mailbox owner')),
    endDate: required(date('End date')),
  },
  { error: 'The request fields must be an object of field values.' },
);
export type SharedMailboxAccessInput = z.infer<typeof sharedMailboxInput>;

export const sharedMailboxAccess = defineWorkflow<SharedMailboxAccessInput>({
  key: 'shared-mailbox-access',
  // 1.0.1: grants with the requester's id in the directory the group lives in, found at intake (grantsIn).
  version: '1.0.1',
  title: 'Shared mailbox access',
  description:
    'Grants time-bound access to a shared mailbox through its access group, once the mailbox owner approves; access is removed automatically at the end date.',
  requestTypes: ['shared-mailbox-access'],
  grantsIn: ['entra'],
  inputFields: [
    { name: 'mailboxAddress', label: 'Mailbox address', description: 'The shared mailbox, for example support@example.com.', required: true, type: 'string' },
    {
      name: 'accessLevel',
      label: 'Access level',
      description: 'read: read the mail; send-as: also send as the mailbox; full: read, send and manage folders.',
      required: true,
      type: 'string',
    },
    { name: 'mailboxOwnerAccountId', label: 'Mailbox owner', description: 'The person responsible for the mailbox. They approve the request.', required: true, type: 'user' },
    {
      name: 'endDate',
      label: 'End date',
      description: `The last day you need access (at most ${MAILBOX_MAX_DAYS} days ahead). Access ends at the end of that day (UTC).`,
      required: true,
      type: 'date',
    },
  ],
  input: sharedMailboxInput,

  validate(input, ctx) {
    const questions: ClarificationQuestion[] = [];
    const days = daysFromToday(input.endDate, ctx.now);
    if (days < 0) {
      questions.push({ field: 'endDate', question: `The end date ${input.endDate} is in the past. Until when do you need access to ${input.mailboxAddress}?` });
    } else if (days > MAILBOX_MAX_DAYS) {
      questions.push({
        field: 'endDate',
        question: `Shared mailbox access lasts at most ${MAILBOX_MAX_DAYS} days, and ${input.endDate} is ${days} days away. Which end date within ${MAILBOX_MAX_DAYS} days should we use?`,
      });
    }
    return questions;
  },

  facts(input, ctx) {
    return {
      'target.system': 'exchange',
      'target.group': mailboxGroupId(input.mailboxAddress, input.accessLevel),
      // Full access manages the mailbox itself; read and send-as are routine delegate rights.
      'target.group.privileged': input.accessLevel === 'full',
      'access.durationHours': hoursBetween(ctx.now, endOfDayUtc(input.endDate)),
      'mailbox.address': input.mailboxAddress,
      'mailbox.accessLevel': input.accessLevel,
      'mailbox.ownerAccountId': [input.mailboxOwnerAccountId],
    };
  },

  floor() {
    return [
      {
        lane: 'manager',
        mode: { type: 'any' },
        order: 1,
        reason: 'The mailbox owner decides who reads and sends from the mailbox.',
        approversFromFact: 'mailbox.ownerAccountId',
      },
    ];
  },

  steps(input, ctx) {
    const groupId = mailboxGroupId(input.mailboxAddress, input.accessLevel);
    return [
      {
        kind: 'action',
        id: 'add-to-mailbox-group',
        title: `Add the requester to ${groupId} (${input.accessLevel} on ${input.mailboxAddress})`,
        ...groupGrant('entra', groupId, ctx.requester),
      },
    ];
  },

  revocation(input, ctx) {
    return {
      at: endOfDayUtc(input.endDate),
      calls: [groupGrant('entra', mailboxGroupId(input.mailboxAddress, input.accessLevel), ctx.requester).compensation],
    };
  },
});
