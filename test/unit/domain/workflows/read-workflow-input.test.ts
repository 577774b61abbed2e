import { readWorkflowInput } from '../../../../src/domain/workflows/read-workflow-input';
import { vpnAccess } from '../../../../src/domain/workflows/vpn-access';
import { CONTRACTOR, makeContext } from './workflow-fixtures';

describe('reading a request through a workflow', () => {
  it('returns the typed input when fields parse and the rules pass', () => {
    expect(readWorkflowInput(vpnAccess, { vpnProfile: 'standard', businessJustification: 'Remote work on billing' }, makeContext())).toEqual({
      kind: 'valid',
      input: { vpnProfile: 'standard', businessJustification: 'Remote work on billing', endDate: undefined, sponsorAccountId: undefined },
    });
  });

  it('turns schema errors into one question per field, in field order', () => {
    const result = readWorkflowInput(vpnAccess, { sponsorAccountId: 'Bob', endDate: 'soon', vpnProfile: 'gold' }, makeContext());
    expect(result).toEqual({
      kind: 'clarification',
      questions: [
        { field: 'vpnProfile', question: expect.stringMatching(/VPN profile must be one of/) },
        { field: 'businessJustification', question: 'Business justification is required.' },
        { field: 'endDate', question: expect.stringMatching(/YYYY-MM-DD/) },
        { field: 'sponsorAccountId', question: expect.stringMatching(/picked from the user list/) },
      ],
    });
  });

  it('returns the workflow rule questions once the fields parse', () => {
    const result = readWorkflowInput(vpnAccess, { vpnProfile: 'standard', businessJustification: 'Remote work on billing' }, makeContext({ requester: CONTRACTOR }));
    expect(result.kind === 'clarification' && result.questions.map((q) => q.field)).toEqual(['endDate', 'sponsorAccountId']);
  });

  it('explains a payload that is not an object without a field', () => {
    expect(readWorkflowInput(vpnAccess, null, makeContext())).toEqual({
      kind: 'clarification',
      questions: [{ field: '', question: 'The request fields must be an object of field values.' }],
    });
  });
});
