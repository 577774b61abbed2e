import { groupMembershipCall } from '../../../../src/domain/workflows/integration-calls';
import type { RequesterProfile } from '../../../../src/domain/facts';

const describedByEntra: RequesterProfile = { accountId: 'acc-1', directoryId: 'entra-1', directorySource: 'entra', directoryIds: { entra: 'entra-1' } };
const inBoth: RequesterProfile = { ...describedByEntra, directoryIds: { entra: 'entra-1', okta: '00u1' } };

describe('group membership calls pick the id of the directory the group lives in', () => {
  it.each<[string, Parameters<typeof groupMembershipCall>[0], RequesterProfile, Record<string, string>]>([
    ['Entra group, requester described by Entra ID', 'entra.addGroupMember', describedByEntra, { memberDirectoryId: 'entra-1', memberDirectorySource: 'entra' }],
    ['Okta group, requester also found in Okta', 'okta.addGroupMember', inBoth, { memberDirectoryId: '00u1', memberDirectorySource: 'okta' }],
    ['Okta removal, requester also found in Okta', 'okta.removeGroupMember', inBoth, { memberDirectoryId: '00u1', memberDirectorySource: 'okta' }],
    // Found only in Entra: the Entra id goes on with its source, so execution refuses instead of guessing.
    ['Okta group, requester found only in Entra ID', 'okta.addGroupMember', describedByEntra, { memberDirectoryId: 'entra-1', memberDirectorySource: 'entra' }],
    // Runs started before directoryIds existed carry only the describing directory's id.
    ['Entra group, profile without directoryIds', 'entra.removeGroupMember', { accountId: 'acc-1', directoryId: 'entra-1', directorySource: 'entra' }, { memberDirectoryId: 'entra-1', memberDirectorySource: 'entra' }],
  ])('%s', (_name, action, member, expected) => {
    expect(groupMembershipCall(action, 'grp-1', member)).toEqual({ action, params: { groupId: 'grp-1', memberAccountId: 'acc-1', ...expected } });
  });

  it('passes no directory id when no directory knew the requester', () => {
    expect(groupMembershipCall('entra.addGroupMember', 'grp-1', { accountId: 'acc-1' })).toEqual({ action: 'entra.addGroupMember', params: { groupId: 'grp-1', memberAccountId: 'acc-1' } });
  });
});
