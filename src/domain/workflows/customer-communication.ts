import { z } from 'zod';
import { hoursBetween, toMs } from './calendar';
import { defineWorkflow } from './define-workflow';
import { choice, dateTime, integer, required, text, verbatimText } from './field-schemas';
import { hashText } from './hash-text';
import { requireRequestKey, slackMessageCall, webhookCall } from './integration-calls';
import type { ClarificationQuestion, WorkflowStep } from './workflow-types';

export const COMMUNICATION_CHANNELS = ['email', 'status-page', 'in-app'] as const;
export type CommunicationChannel = (typeof COMMUNICATION_CHANNELS)[number];

/** Template markers left in copy mean it is not the final text. */
const PLACEHOLDER_PATTERN = /\{\{[^}]*\}\}|\[(?:name|customer|date|todo|tbd|insert[^\]]*)\]|\bTODO\b|\bTBD\b|\bLorem ipsum\b/i;

const customerCommunicationInput = z.object(
  {
    exactCopy: required(verbatimText('Message', { min: 20, max: 20_000 })),
    channel: required(choice('Channel', COMMUNICATION_CHANNELS)),
    audienceSize: required(integer('Audience size', { min: 1, max: 100_000_000, unit: 'recipients' })),
    audienceSegment: required(text('Audience segment', { min: 2, max: 200 })),
    sendBy: required(dateTime('Send by')),
  },
  { error: 'The request fields must be an object of field values.' },
);
export type CustomerCommunicationInput = z.infer<typeof customerCommunicationInput>;

export const customerCommunication = defineWorkflow<CustomerCommunicationInput>({
  key: 'customer-communication',
  // 1.0.1: the status-page step is due at the send-by time, not that many hours after the hand-over.
  version: '1.0.1',
  title: 'Customer communication',
  description:
    'Sends the exact approved message to a customer segment through the messaging service (or has it published on the status page) and announces it internally.',
  requestTypes: ['customer-communication'],
  inputFields: [
    { name: 'exactCopy', label: 'Message', description: 'The final text exactly as customers will see it. It is sent verbatim.', required: true, type: 'text' },
    { name: 'channel', label: 'Channel', description: 'email, status-page or in-app.', required: true, type: 'string' },
    { name: 'audienceSize', label: 'Audience size', description: 'About how many customers receive it.', required: true, type: 'number' },
    { name: 'audienceSegment', label: 'Audience segment', description: 'Who receives it, as the messaging service names the segment (for example eu-enterprise-admins).', required: true, type: 'string' },
    { name: 'sendBy', label: 'Send by', description: 'The latest time the message should go out, with the time zone.', required: true, type: 'datetime' },
  ],
  input: customerCommunicationInput,

  validate(input, ctx) {
    const questions: ClarificationQuestion[] = [];
    const placeholder = PLACEHOLDER_PATTERN.exec(input.exactCopy);
    if (placeholder) {
      questions.push({
        field: 'exactCopy',
        question: `The message still contains "${placeholder[0]}". It is sent exactly as written: what is the final text?`,
      });
    }
    if (toMs(input.sendBy) <= toMs(ctx.now)) {
      questions.push({ field: 'sendBy', question: `The send-by time ${input.sendBy} has already passed. By when should the message go out?` });
    }
    return questions;
  },

  facts(input) {
    return {
      'audience.size': input.audienceSize,
      'audience.external': true,
      'target.system': input.channel,
      'input.channel': input.channel,
      'input.audienceSegment': input.audienceSegment,
    };
  },

  floor() {
    return [{ lane: 'customer', mode: { type: 'any' }, order: 1, reason: 'Messages to customers are approved by the customer-facing owner.' }];
  },

  steps(input, ctx) {
    const requestKey = requireRequestKey(ctx, 'customer-communication');
    const copySha256 = hashText(input.exactCopy);
    // The status page has no API we may write to: the messaging service only records the approved
    // copy (so subscribers' notices match it) and a person publishes it.
    const statusPage = input.channel === 'status-page';
    const steps: WorkflowStep[] = [
      {
        kind: 'action',
        id: 'send-message',
        title: statusPage
          ? `Register the approved status page message for ${input.audienceSegment}`
          : `Send the approved message by ${input.channel} to ${input.audienceSegment}`,
        // The copy travels with its hash so the messaging service can refuse text that differs from what was approved.
        call: webhookCall('messaging-service', statusPage ? 'customer-message.register' : 'customer-message.send', {
          requestKey,
          channel: input.channel,
          segment: input.audienceSegment,
          audienceSize: input.audienceSize,
          sendBy: input.sendBy,
          copy: input.exactCopy,
          copySha256,
        }),
        compensation: webhookCall('messaging-service', 'customer-message.cancel', { requestKey, copySha256 }),
      },
    ];
    if (statusPage) {
      steps.push({
        kind: 'manual',
        id: 'publish-on-status-page',
        title: 'Publish the message on the status page',
        instructions:
          `Publish the approved message of ${requestKey} on the public status page, exactly as written (SHA-256 ${copySha256}), ` +
          `for ${input.audienceSegment}, before ${input.sendBy}. Then add the status page link to this request and mark the step done.`,
        ownerLane: 'customer',
        // Due when the message is due, however long approvals took (the run gives at least an hour).
        dueBy: input.sendBy,
        dueWithin: `${Math.min(99_999, Math.max(1, hoursBetween(ctx.now, input.sendBy)))}h`,
      });
    }
    steps.push({
      kind: 'action',
      id: 'announce-in-slack',
      title: 'Announce the message in #customer-comms',
      call: slackMessageCall(
        '#customer-comms',
        `${requestKey}: approved ${input.channel} message to ${input.audienceSegment} (${input.audienceSize} recipients), due by ${input.sendBy}.`,
      ),
    });
    return steps;
  },

  revocation() {
    return null;
  },
});
