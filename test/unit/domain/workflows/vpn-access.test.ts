import { vpnAccess, type VpnAccessInput } from '../../../../src/domain/workflows/vpn-access';
import { CONTRACTOR, EMPLOYEE, VALID_FIELDS, makeContext, messagesFor, parseOrFail } from './workflow-fixtures';

const base = VALID_FIELDS['vpn-access'] as Record<string, unknown>;
const parse = (fields: Record<string, unknown>): VpnAccessInput => parseOrFail<VpnAccessInput>(vpnAccess, { ...base, ...fields });
const contractorCtx = makeContext({ requester: CONTRACTOR });
const contractorFields = { endDate: '2026-04-15', sponsorAccountId: { accountId: '5b10ac8d82e05b22cc7d4e11' } };

describe('VPN access workflow', () => {
  it('parses a standard request from raw JSM values', () => {
    expect(parse({ vpnProfile: { value: 'Standard' }, endDate: '' })).toEqual({
      vpnProfile: 'standard',
      businessJustification: 'Working from home on the billing rewrite',
      endDate: undefined,
      sponsorAccountId: undefined,
    });
  });

  it.each([
    ['vpnProfile', { vpnProfile: 'admin' }, /VPN profile must be one of: standard, privileged/],
    ['vpnProfile', { vpnProfile: undefined }, /VPN profile is required/],
    ['businessJustification', { businessJustification: 'vpn' }, /Business justification must be at least 10 characters/],
    ['endDate', { endDate: '31/03/2026' }, /End date must be a date written as YYYY-MM-DD/],
    ['sponsorAccountId', { sponsorAccountId: 'Bob Smith' }, /Sponsor must be a person picked from the user list/],
  ])('rejects a bad %s', (field, fields, message) => {
    const messages = messagesFor(vpnAccess, { ...base, ...fields }, field);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });

  it.each<[string, typeof EMPLOYEE, Record<string, unknown>, { field: string; question: RegExp }[]]>([
    ['an employee without end date or sponsor', EMPLOYEE, {}, []],
    ['an employee with an end date far ahead', EMPLOYEE, { endDate: '2027-01-01' }, []],
    ['an employee with an end date in the past', EMPLOYEE, { endDate: '2026-02-28' }, [{ field: 'endDate', question: /2026-02-28 is in the past/ }]],
    ['a contractor with end date and sponsor', CONTRACTOR, contractorFields, []],
    ['a contractor ending today', CONTRACTOR, { ...contractorFields, endDate: '2026-03-01' }, []],
    ['a contractor ending in exactly 90 days', CONTRACTOR, { ...contractorFields, endDate: '2026-05-30' }, []],
    [
      'a contractor without end date',
      CONTRACTOR,
      { sponsorAccountId: contractorFields.sponsorAccountId },
      [{ field: 'endDate', question: /^Contractors need an end date for VPN access\. When should access end \(at most 90 days from today\)\?$/ }],
    ],
    ['a contractor ending in 91 days', CONTRACTOR, { ...contractorFields, endDate: '2026-05-31' }, [{ field: 'endDate', question: /at most 90 days.*91 days away/ }]],
    ['a contractor ending yesterday', CONTRACTOR, { ...contractorFields, endDate: '2026-02-28' }, [{ field: 'endDate', question: /in the past/ }]],
    ['a contractor without sponsor', CONTRACTOR, { endDate: '2026-04-15' }, [{ field: 'sponsorAccountId', question: /need an employee sponsor/ }]],
    [
      'a contractor sponsoring themselves',
      CONTRACTOR,
      { ...contractorFields, sponsorAccountId: CONTRACTOR.accountId },
      [{ field: 'sponsorAccountId', question: /cannot sponsor your own VPN access/ }],
    ],
    [
      'a contractor with neither',
      CONTRACTOR,
      {},
      [
        { field: 'endDate', question: /end date/ },
        { field: 'sponsorAccountId', question: /sponsor/ },
      ],
    ],
  ])('validates %s', (_name, requester, fields, expected) => {
    const questions = vpnAccess.validate(parse(fields), makeContext({ requester }));
    expect(questions.map((q) => q.field)).toEqual(expected.map((e) => e.field));
    questions.forEach((q, index) => expect(q.question).toMatch((expected[index] as { question: RegExp }).question));
  });

  it.each([
    ['standard', 'grp-vpn-standard', false],
    ['privileged', 'grp-vpn-privileged', true],
  ] as const)('maps the %s profile to its group in the facts', (profile, group, privileged) => {
    const facts = vpnAccess.facts(parse({ vpnProfile: profile }), makeContext());
    expect(facts).toMatchObject({ 'target.system': 'vpn', 'target.group': group, 'target.group.privileged': privileged });
    expect(facts).not.toHaveProperty(['access.durationHours']);
  });

  it('states the duration up to the end of the end date, rounded up to whole hours', () => {
    // From 10:00 on 1 March to the end of 2 March is 37h59m59.999s.
    expect(vpnAccess.facts(parse({ endDate: '2026-03-02' }), contractorCtx)['access.durationHours']).toBe(38);
  });

  it.each([
    ['standard', [{ lane: 'manager', order: 1 }]],
    [
      'privileged',
      [
        { lane: 'manager', order: 1 },
        { lane: 'security', order: 2 },
      ],
    ],
  ] as const)('requires the right floor for the %s profile', (profile, expected) => {
    const input = parse({ vpnProfile: profile });
    const floor = vpnAccess.floor(input, vpnAccess.facts(input, makeContext()), makeContext());
    expect(floor.map(({ lane, order, mode }) => ({ lane, order, mode }))).toEqual(expected.map((stage) => ({ ...stage, mode: { type: 'any' } })));
    floor.forEach((stage) => expect(stage.reason.length).toBeGreaterThan(10));
  });

  it('adds the requester to the profile group and removes them as compensation', () => {
    const steps = vpnAccess.steps(parse({ vpnProfile: 'privileged' }), makeContext());
    expect(steps).toEqual([
      {
        kind: 'action',
        id: 'add-to-vpn-group',
        title: expect.stringContaining('grp-vpn-privileged'),
        call: {
          action: 'entra.addGroupMember',
          params: { groupId: 'grp-vpn-privileged', memberAccountId: EMPLOYEE.accountId, memberDirectoryId: EMPLOYEE.directoryId },
        },
        compensation: {
          action: 'entra.removeGroupMember',
          params: { groupId: 'grp-vpn-privileged', memberAccountId: EMPLOYEE.accountId, memberDirectoryId: EMPLOYEE.directoryId },
        },
      },
    ]);
  });

  it('leaves the directory id out when intake did not find the requester', () => {
    const [step] = vpnAccess.steps(parse({}), contractorCtx);
    expect(step?.kind === 'action' && step.call.params).toEqual({ groupId: 'grp-vpn-standard', memberAccountId: CONTRACTOR.accountId });
  });

  it('revokes at the end of the end date (UTC) and not at all without one', () => {
    expect(vpnAccess.revocation(parse({ ...contractorFields }), contractorCtx)).toEqual({
      at: '2026-04-15T23:59:59.999Z',
      calls: [{ action: 'entra.removeGroupMember', params: { groupId: 'grp-vpn-standard', memberAccountId: CONTRACTOR.accountId } }],
    });
    expect(vpnAccess.revocation(parse({}), makeContext())).toBeNull();
  });
});
