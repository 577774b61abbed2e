import { passwordReset, type PasswordResetInput } from '../../../../src/domain/workflows/password-reset';
import { EMPLOYEE, VALID_FIELDS, makeContext, messagesFor, parseOrFail } from './workflow-fixtures';

const base = VALID_FIELDS['password-reset'] as Record<string, unknown>;
const parse = (fields: Record<string, unknown> = {}): PasswordResetInput => parseOrFail<PasswordResetInput>(passwordReset, { ...base, ...fields });

describe('password reset workflow', () => {
  it('parses raw JSM values', () => {
    expect(parse({ accountUpn: 'Jane.Doe@Example.com', deliveryMethod: 'SMS on file' })).toEqual({
      accountUpn: 'jane.doe@example.com',
      deliveryMethod: 'sms-on-file',
    });
  });

  it.each([
    ['accountUpn', { accountUpn: 'jane' }, /Account must be an email address/],
    ['deliveryMethod', { deliveryMethod: 'email' }, /Delivery method must be one of: manager, sms-on-file/],
    ['deliveryMethod', { deliveryMethod: null }, /Delivery method is required/],
  ])('rejects a bad %s', (field, fields, message) => {
    const messages = messagesFor(passwordReset, { ...base, ...fields }, field);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });

  it.each([
    ['the requester\'s own account', EMPLOYEE, 'jane.doe@example.com', null],
    ['the own account in another case', { ...EMPLOYEE, principalName: 'Jane.Doe@EXAMPLE.com' }, 'jane.doe@example.com', null],
    ['someone else\'s account', EMPLOYEE, 'boss@example.com', /only reset your own password.*boss@example.com is not your account/],
    ['an account when the directory did not know the requester', { accountId: EMPLOYEE.accountId }, 'jane.doe@example.com', /could not confirm/],
  ])('validates a reset of %s', (_name, requester, accountUpn, question) => {
    const questions = passwordReset.validate(parse({ accountUpn }), makeContext({ requester }));
    if (question === null) expect(questions).toEqual([]);
    else expect(questions).toEqual([{ field: 'accountUpn', question: expect.stringMatching(question) }]);
  });

  it('needs no approval and states the identity system as target', () => {
    const input = parse();
    const facts = passwordReset.facts(input, makeContext());
    expect(facts).toEqual({ 'target.system': 'identity', 'input.deliveryMethod': 'manager' });
    expect(passwordReset.floor(input, facts, makeContext())).toEqual([]);
    expect(passwordReset.revocation(input, makeContext())).toBeNull();
  });

  it('posts one reset request to the identity team, with no secret in it', () => {
    const steps = passwordReset.steps(parse({ deliveryMethod: 'sms-on-file' }), makeContext());
    expect(steps).toEqual([
      {
        kind: 'action',
        id: 'request-password-reset',
        title: expect.stringContaining('jane.doe@example.com'),
        call: {
          action: 'webhook.post',
          params: {
            endpoint: 'identity-password-reset',
            event: 'password.reset.requested',
            payload: { requestKey: 'ITSM-42', upn: 'jane.doe@example.com', method: 'sms-on-file' },
          },
        },
      },
    ]);
    expect(JSON.stringify(steps)).not.toMatch(/password"|secret|token/i);
  });

  it('refuses to build steps without the request key', () => {
    expect(() => passwordReset.steps(parse(), makeContext({ requestKey: undefined }))).toThrow(/needs the request key/);
  });
});
