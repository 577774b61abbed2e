import { customerCommunication, type CustomerCommunicationInput } from '../../../../src/domain/workflows/customer-communication';
import { hashText } from '../../../../src/domain/workflows/hash-text';
import { VALID_FIELDS, makeContext, messagesFor, parseOrFail } from './workflow-fixtures';

const base = VALID_FIELDS['customer-communication'] as Record<string, unknown>;
const parse = (fields: Record<string, unknown> = {}): CustomerCommunicationInput =>
  parseOrFail<CustomerCommunicationInput>(customerCommunication, { ...base, ...fields });

describe('customer communication workflow', () => {
  it('parses raw JSM values and keeps the copy verbatim', () => {
    const copy = '  Dear customer,\n\nWe fixed the billing issue.\n';
    expect(parse({ exactCopy: copy, channel: 'In-App', audienceSize: '25', sendBy: '2026-03-02T08:00:00.000+0100' })).toEqual({
      exactCopy: copy,
      channel: 'in-app',
      audienceSize: 25,
      audienceSegment: 'eu-enterprise-admins',
      sendBy: '2026-03-02T07:00:00.000Z',
    });
  });

  it.each([
    ['exactCopy', { exactCopy: 'Hi' }, /Message must be at least 20 characters/],
    ['channel', { channel: 'sms' }, /Channel must be one of: email, status-page, in-app/],
    ['audienceSize', { audienceSize: '0' }, /Audience size must be a whole number of recipients between 1/],
    ['audienceSize', { audienceSize: '12.5' }, /whole number/],
    ['audienceSegment', { audienceSegment: '' }, /Audience segment is required/],
    ['sendBy', { sendBy: 'tomorrow' }, /Send by must be a date and time with a time zone/],
  ])('rejects a bad %s', (field, fields, message) => {
    const messages = messagesFor(customerCommunication, { ...base, ...fields }, field);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });

  it.each([
    ['final copy due tomorrow', {}, []],
    ['a template placeholder', { exactCopy: 'Hello {{first_name}}, your invoice is ready to download.' }, ['exactCopy']],
    ['a TODO marker', { exactCopy: 'Maintenance window: TODO confirm the exact hours with ops.' }, ['exactCopy']],
    ['a send-by time already passed', { sendBy: '2026-03-01T09:59:00Z' }, ['sendBy']],
  ])('validates %s', (_name, fields, questionFields) => {
    expect(customerCommunication.validate(parse(fields), makeContext()).map((q) => q.field)).toEqual(questionFields);
  });

  it('quotes the placeholder back to the requester', () => {
    expect(customerCommunication.validate(parse({ exactCopy: 'Hello {{first_name}}, your invoice is ready to download.' }), makeContext())).toEqual([
      { field: 'exactCopy', question: expect.stringContaining('"{{first_name}}"') },
    ]);
  });

  it('states audience facts and requires the customer-facing owner', () => {
    const input = parse();
    const facts = customerCommunication.facts(input, makeContext());
    expect(facts).toMatchObject({ 'audience.size': 1200, 'audience.external': true, 'input.channel': 'email' });
    expect(customerCommunication.floor(input, facts, makeContext())).toEqual([{ lane: 'customer', mode: { type: 'any' }, order: 1, reason: expect.any(String) }]);
    expect(customerCommunication.revocation(input, makeContext())).toBeNull();
  });

  it.each([
    ['email', ['send-message', 'announce-in-slack'], 'customer-message.send'],
    ['in-app', ['send-message', 'announce-in-slack'], 'customer-message.send'],
    ['status-page', ['send-message', 'publish-on-status-page', 'announce-in-slack'], 'customer-message.register'],
  ])('runs the right steps for %s', (channel, ids, event) => {
    const input = parse({ channel });
    const steps = customerCommunication.steps(input, makeContext());
    expect(steps.map((step) => step.id)).toEqual(ids);
    const copySha256 = hashText(input.exactCopy);
    expect(steps[0]).toMatchObject({
      kind: 'action',
      call: {
        action: 'webhook.post',
        params: { endpoint: 'messaging-service', event, payload: { requestKey: 'ITSM-42', segment: 'eu-enterprise-admins', copy: input.exactCopy, copySha256 } },
      },
      compensation: { action: 'webhook.post', params: { event: 'customer-message.cancel', payload: { requestKey: 'ITSM-42', copySha256 } } },
    });
    expect(steps[steps.length - 1]).toMatchObject({ kind: 'action', call: { action: 'slack.postMessage', params: { channel: '#customer-comms' } } });
  });

  it('hands status page publishing to the customer lane, due by the send-by time', () => {
    const steps = customerCommunication.steps(parse({ channel: 'status-page', sendBy: '2026-03-01T12:30:00Z' }), makeContext());
    expect(steps[1]).toEqual({
      kind: 'manual',
      id: 'publish-on-status-page',
      title: 'Publish the message on the status page',
      instructions: expect.stringContaining('before 2026-03-01T12:30:00.000Z'),
      ownerLane: 'customer',
      dueBy: '2026-03-01T12:30:00.000Z',
      dueWithin: '3h',
    });
  });
});
