import { PROD_DATABASES, prodDbAccess, type ProdDbAccessInput } from '../../../../src/domain/workflows/prod-db-access';
import { CONTRACTOR, EMPLOYEE, VALID_FIELDS, makeContext, messagesFor, parseOrFail } from './workflow-fixtures';

const base = VALID_FIELDS['prod-db-access'] as Record<string, unknown>;
const parse = (fields: Record<string, unknown> = {}): ProdDbAccessInput => parseOrFail<ProdDbAccessInput>(prodDbAccess, { ...base, ...fields });

describe('just-in-time production database access workflow', () => {
  it('parses raw JSM values (hours as a string, ticket in lower case)', () => {
    expect(parse({ durationHours: '8', ticketReference: ' chg-56 ', role: { value: 'Read-Write' } })).toEqual({
      database: 'orders-db',
      role: 'read-write',
      durationHours: 8,
      ticketReference: 'CHG-56',
      reason: 'Investigate stuck orders in INC-1234',
    });
  });

  it.each([
    ['database', { database: 'hr-db' }, /Database must be one of: orders-db, payments-db, customers-db, analytics-warehouse/],
    ['role', { role: 'admin' }, /Role must be one of: read-only, read-write/],
    ['durationHours', { durationHours: '0' }, /whole number of hours between 1 and 8/],
    ['durationHours', { durationHours: '9' }, /between 1 and 8/],
    ['durationHours', { durationHours: '2.5' }, /whole number/],
    ['ticketReference', { ticketReference: 'PROJ-12' }, /Ticket reference must look like INC-1234 or CHG-1234/],
    ['ticketReference', { ticketReference: 'INC-0' }, /must look like/],
    ['reason', { reason: '' }, /Reason is required/],
  ])('rejects a bad %s', (field, fields, message) => {
    const messages = messagesFor(prodDbAccess, { ...base, ...fields }, field);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });

  it.each([
    ['an employee, read-write', EMPLOYEE, 'read-write', []],
    ['a contractor, read-only', CONTRACTOR, 'read-only', []],
    ['a contractor, read-write', CONTRACTOR, 'read-write', ['role']],
  ])('validates %s', (_name, requester, role, fields) => {
    const questions = prodDbAccess.validate(parse({ role }), makeContext({ requester }));
    expect(questions.map((q) => q.field)).toEqual(fields);
    questions.forEach((q) => expect(q.question).toMatch(/Contractors can have read-only access/));
  });

  it('states production, restricted data, the database and the duration as facts', () => {
    expect(prodDbAccess.facts(parse({ database: 'payments-db', role: 'read-write', durationHours: 2 }), makeContext())).toEqual({
      'target.environment': 'production',
      'target.system': 'payments-db',
      'target.group': 'okta-db-payments-rw',
      'target.group.privileged': true,
      'access.durationHours': 2,
      'data.classification': 'restricted',
      'input.role': 'read-write',
      'input.ticketReference': 'INC-1234',
    });
  });

  it.each([
    [
      'read-only',
      [
        ['manager', 1],
        ['security', 2],
      ],
    ],
    [
      'read-write',
      [
        ['manager', 1],
        ['security', 2],
        ['engineering', 2],
      ],
    ],
  ] as const)('requires manager then security, plus engineering in parallel for read-write (%s)', (role, expected) => {
    const input = parse({ role });
    const floor = prodDbAccess.floor(input, prodDbAccess.facts(input, makeContext()), makeContext());
    expect(floor.map((stage) => [stage.lane, stage.order])).toEqual(expected);
    floor.forEach((stage) => expect(stage.mode).toEqual({ type: 'any' }));
  });

  it.each(Object.entries(PROD_DATABASES).flatMap(([database, { groups }]) => Object.entries(groups).map(([role, group]) => [database, role, group])))(
    'grants %s %s through Okta group %s, with removal as compensation and at expiry',
    (database, role, group) => {
      const input = parse({ database, role, durationHours: '3' });
      const member = { groupId: group, memberAccountId: EMPLOYEE.accountId, memberDirectoryId: EMPLOYEE.directoryId };
      expect(prodDbAccess.steps(input, makeContext())).toEqual([
        {
          kind: 'action',
          id: 'add-to-db-group',
          title: expect.stringContaining(group),
          call: { action: 'okta.addGroupMember', params: member },
          compensation: { action: 'okta.removeGroupMember', params: member },
        },
      ]);
      expect(prodDbAccess.revocation(input, makeContext({ now: '2026-03-01T22:30:00.000Z' }))).toEqual({
        at: '2026-03-02T01:30:00.000Z',
        calls: [{ action: 'okta.removeGroupMember', params: member }],
      });
    },
  );
});
