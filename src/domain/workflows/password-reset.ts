import { z } from 'zod';
import { defineWorkflow } from './define-workflow';
import { choice, email, required } from './field-schemas';
import { requireRequestKey, webhookCall } from './integration-calls';

export const PASSWORD_DELIVERY_METHODS = ['manager', 'sms-on-file'] as const;
export type PasswordDeliveryMethod = (typeof PASSWORD_DELIVERY_METHODS)[number];

const passwordResetInput = z.object(
  {
    accountUpn: required(email('Account')),
    deliveryMethod: required(choice('Delivery method', PASSWORD_DELIVERY_METHODS)),
  },
  { error: 'The request fields must be an object of field values.' },
);
export type PasswordResetInput = z.infer<typeof passwordResetInput>;

export const passwordReset = defineWorkflow<PasswordResetInput>({
  key: 'password-reset',
  version: '1.0.0',
  title: 'Password reset',
  description:
    'Asks the identity team\'s reset service to reset the requester\'s own password and deliver a temporary one to their manager or to the phone on file. No approval: the delivery channel is the safeguard.',
  requestTypes: ['password-reset'],
  inputFields: [
    { name: 'accountUpn', label: 'Account', description: 'The sign-in name of your account, for example jane.doe@example.com.', required: true, type: 'string' },
    {
      name: 'deliveryMethod',
      label: 'Delivery method',
      description: 'Where the temporary password goes: to your manager, or by SMS to the phone number already on file.',
      required: true,
      type: 'string',
    },
  ],
  input: passwordResetInput,

  validate(input, ctx) {
    // Only the account owner may ask: a reset on someone else's behalf is how accounts get taken over.
    const own = ctx.requester.principalName?.toLowerCase();
    if (own === undefined) {
      return [
        {
          field: 'accountUpn',
          question: `We could not confirm that ${input.accountUpn} is your account. Please raise the reset while signed in with the account's own profile, or ask the service desk to verify you.`,
        },
      ];
    }
    if (own !== input.accountUpn) {
      return [
        {
          field: 'accountUpn',
          question: `You can only reset your own password, and ${input.accountUpn} is not your account (${own}). Is your own account the one to reset?`,
        },
      ];
    }
    return [];
  },

  facts(input) {
    return { 'target.system': 'identity', 'input.deliveryMethod': input.deliveryMethod };
  },

  floor() {
    return [];
  },

  steps(input, ctx) {
    return [
      {
        kind: 'action',
        id: 'request-password-reset',
        title: `Reset the password of ${input.accountUpn} (temporary password to ${input.deliveryMethod === 'manager' ? 'the manager' : 'the phone on file'})`,
        // The reset service generates and delivers the temporary password itself: nothing secret passes through here.
        call: webhookCall('identity-password-reset', 'password.reset.requested', {
          requestKey: requireRequestKey(ctx, 'password-reset'),
          upn: input.accountUpn,
          method: input.deliveryMethod,
        }),
      },
    ];
  },

  revocation() {
    return null;
  },
});
