import { mailboxGroupId, sharedMailboxAccess, type SharedMailboxAccessInput } from '../../../../src/domain/workflows/shared-mailbox-access';
import { EMPLOYEE, VALID_FIELDS, makeContext, messagesFor, parseOrFail } from './workflow-fixtures';

const base = VALID_FIELDS['shared-mailbox-access'] as Record<string, unknown>;
const parse = (fields: Record<string, unknown> = {}): SharedMailboxAccessInput =>
  parseOrFail<SharedMailboxAccessInput>(sharedMailboxAccess, { ...base, ...fields });
const OWNER = '5b10ac8d82e05b22cc7d4e00';

describe('shared mailbox access workflow', () => {
  it('parses raw JSM values', () => {
    expect(parse({ mailboxAddress: ' Support@Example.com ', accessLevel: 'Send-As' })).toEqual({
      mailboxAddress: 'support@example.com',
      accessLevel: 'send-as',
      mailboxOwnerAccountId: OWNER,
      endDate: '2026-04-30',
    });
  });

  it.each([
    ['mailboxAddress', { mailboxAddress: 'support' }, /Mailbox address must be an email address/],
    ['accessLevel', { accessLevel: 'owner' }, /Access level must be one of: read, send-as, full/],
    ['mailboxOwnerAccountId', { mailboxOwnerAccountId: undefined }, /Mailbox owner is required/],
    ['endDate', { endDate: undefined }, /End date is required/],
    ['endDate', { endDate: '2026-13-01' }, /YYYY-MM-DD/],
  ])('rejects a bad %s', (field, fields, message) => {
    const messages = messagesFor(sharedMailboxAccess, { ...base, ...fields }, field);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });

  it.each([
    ['ending today', '2026-03-01', null],
    ['ending in exactly 180 days', '2026-08-28', null],
    ['ending in 181 days', '2026-08-29', /at most 180 days.*181 days away/],
    ['ending yesterday', '2026-02-28', /in the past/],
  ])('validates access %s', (_name, endDate, question) => {
    const questions = sharedMailboxAccess.validate(parse({ endDate }), makeContext());
    if (question === null) expect(questions).toEqual([]);
    else {
      expect(questions).toHaveLength(1);
      expect(questions[0]?.field).toBe('endDate');
      expect(questions[0]?.question).toMatch(question);
    }
  });

  it.each([
    ['support@example.com', 'read', 'grp-mbx-support-at-example-com-read'],
    ['Team.Finance+AP@sub.example.co.uk', 'send-as', 'grp-mbx-team-finance-ap-at-sub-example-co-uk-send-as'],
    ['ops@example.com', 'full', 'grp-mbx-ops-at-example-com-full'],
  ] as const)('derives the access group of %s (%s)', (address, level, group) => {
    expect(mailboxGroupId(address, level)).toBe(group);
  });

  it('names the owner as a fact the floor takes approvers from', () => {
    const ctx = makeContext();
    const input = parse({ accessLevel: 'full' });
    const facts = sharedMailboxAccess.facts(input, ctx);
    expect(facts).toEqual({
      'target.system': 'exchange',
      'target.group': 'grp-mbx-support-at-example-com-full',
      'target.group.privileged': true,
      'access.durationHours': 1454,
      'mailbox.address': 'support@example.com',
      'mailbox.accessLevel': 'full',
      'mailbox.ownerAccountId': [OWNER],
    });
    expect(sharedMailboxAccess.floor(input, facts, ctx)).toEqual([
      { lane: 'manager', mode: { type: 'any' }, order: 1, reason: expect.stringContaining('mailbox owner'), approversFromFact: 'mailbox.ownerAccountId' },
    ]);
  });

  it.each([
    ['read', false],
    ['send-as', false],
    ['full', true],
  ])('marks %s access privileged=%s', (accessLevel, privileged) => {
    expect(sharedMailboxAccess.facts(parse({ accessLevel }), makeContext())['target.group.privileged']).toBe(privileged);
  });

  it('adds to the mailbox group with removal as compensation, and removes again on the end date', () => {
    const ctx = makeContext();
    const input = parse({ accessLevel: 'send-as' });
    const member = { groupId: 'grp-mbx-support-at-example-com-send-as', memberAccountId: EMPLOYEE.accountId, memberDirectoryId: EMPLOYEE.directoryId };
    const steps = sharedMailboxAccess.steps(input, ctx);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({
      kind: 'action',
      id: 'add-to-mailbox-group',
      call: { action: 'entra.addGroupMember', params: member },
      compensation: { action: 'entra.removeGroupMember', params: member },
    });
    expect(sharedMailboxAccess.revocation(input, ctx)).toEqual({
      at: '2026-04-30T23:59:59.999Z',
      calls: [{ action: 'entra.removeGroupMember', params: member }],
    });
  });
});
