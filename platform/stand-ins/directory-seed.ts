/**
 * The people and groups the stand-ins know, aligned with the sandbox site: the same people exist
 * in Entra ID and in Okta (with each directory's own id format), with managers and a contractor.
 */
export interface SeedUser {
  readonly key: string;
  /** Entra object id. */
  readonly entraId: string;
  /** Okta user id. */
  readonly oktaId: string;
  readonly email: string;
  /** Entra sign-in name when it is not the email (tenants that sign in with another domain). */
  readonly upn?: string;
  readonly displayName: string;
  readonly department: string;
  /** As directories store it: free text. */
  readonly employeeType: string;
  readonly jobTitle: string;
  readonly managerKey?: string;
}

export interface SeedGroup {
  readonly key: string;
  readonly entraId: string;
  readonly oktaId: string;
  readonly name: string;
  /** Okta only manages OKTA_GROUP members through the API. */
  readonly oktaType: 'OKTA_GROUP' | 'APP_GROUP';
}

export interface DirectorySeed {
  readonly users: readonly SeedUser[];
  readonly groups: readonly SeedGroup[];
  /** Initial memberships as [groupKey, userKey], the same in both directories. */
  readonly memberships: ReadonlyArray<readonly [string, string]>;
  readonly slackChannels: ReadonlyArray<{ readonly id: string; readonly name: string; readonly botIsMember: boolean }>;
}

export const DEFAULT_DIRECTORY_SEED: DirectorySeed = {
  users: [
    { key: 'alice', entraId: 'a1f3c2d4-0001-4b6e-9c1a-0000000000a1', oktaId: '00ualice000000000001', email: 'alice@example.com', displayName: 'Alice Archer', department: 'Engineering', employeeType: 'Employee', jobTitle: 'Software Engineer', managerKey: 'carol' },
    { key: 'bob', entraId: 'b2e4d3c5-0002-4c7f-8d2b-0000000000b2', oktaId: '00ubob00000000000002', email: 'bob@example.com', displayName: 'Bob Baker', department: 'Engineering', employeeType: 'Contractor', jobTitle: 'Contract Developer', managerKey: 'carol' },
    { key: 'carol', entraId: 'c3d5e4f6-0003-4d80-9e3c-0000000000c3', oktaId: '00ucarol000000000003', email: 'carol@example.com', displayName: 'Carol Chen', department: 'Engineering', employeeType: 'Employee', jobTitle: 'Engineering Manager', managerKey: 'dave' },
    { key: 'dave', entraId: 'd4e6f5a7-0004-4e91-8f4d-0000000000d4', oktaId: '00udave0000000000004', email: 'dave@example.com', displayName: 'Dave Dunn', department: 'Engineering', employeeType: 'Employee', jobTitle: 'VP Engineering' },
    { key: 'erin', entraId: 'e5f7a6b8-0005-4fa2-9a5e-0000000000e5', oktaId: '00uerin0000000000005', email: 'erin@example.com', displayName: 'Erin Evans', department: 'Finance', employeeType: 'Employee', jobTitle: 'Billing Specialist', managerKey: 'dave' },
  ],
  groups: [
    { key: 'vpn-users', entraId: '9a000001-1111-4aaa-8bbb-000000000001', oktaId: '00gvpnusers000000001', name: 'VPN Users', oktaType: 'OKTA_GROUP' },
    { key: 'prod-db-readers', entraId: '9a000002-2222-4aaa-8bbb-000000000002', oktaId: '00gproddb00000000002', name: 'Prod DB Readers', oktaType: 'OKTA_GROUP' },
    { key: 'support-mailbox', entraId: '9a000003-3333-4aaa-8bbb-000000000003', oktaId: '00gmailbox0000000003', name: 'Support Mailbox', oktaType: 'OKTA_GROUP' },
    { key: 'engineering', entraId: '9a000004-4444-4aaa-8bbb-000000000004', oktaId: '00gengineering000004', name: 'Engineering', oktaType: 'APP_GROUP' },
  ],
  memberships: [
    ['engineering', 'alice'],
    ['engineering', 'bob'],
    ['engineering', 'carol'],
    ['engineering', 'dave'],
    ['support-mailbox', 'erin'],
  ],
  slackChannels: [
    { id: 'C0ACCESS001', name: 'access-requests', botIsMember: true },
    { id: 'C0FINANCE02', name: 'finance-approvals', botIsMember: true },
    { id: 'C0SECURE04', name: 'security-approvals', botIsMember: true },
    // Where the pre-built workflows announce: customer communications and refunds.
    { id: 'C0CUSTCOMM5', name: 'customer-comms', botIsMember: true },
    { id: 'C0BILLOPS06', name: 'billing-ops', botIsMember: true },
    { id: 'C0PRIVATE03', name: 'leadership', botIsMember: false },
  ],
};
