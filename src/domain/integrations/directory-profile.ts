/**
 * A requester as the directory describes them. The manager is given by email: Jira knows people
 * by Atlassian account id, so the app maps `managerEmail` to an account with the Jira user search
 * (`GET /rest/api/3/user/search?query=<email>`) at intake, where that port lives.
 */
export interface DirectoryProfile {
  readonly source: 'entra' | 'okta';
  /** Entra object id or Okta user id. */
  readonly directoryId: string;
  /**
   * The person's id in every connected directory that knows them, `source` included: a workflow
   * that changes a group in the other directory uses that directory's id.
   */
  readonly directoryIds: DirectoryIds;
  /** Sign-in name: Entra userPrincipalName or Okta login. Workflows that act on "your own account" check it. */
  readonly principalName?: string;
  readonly email?: string;
  readonly displayName?: string;
  readonly employmentType?: EmploymentType;
  readonly department?: string;
  readonly managerDirectoryId?: string;
  readonly managerEmail?: string;
  /** Group display names; empty when the connection may not read groups. */
  readonly groups: readonly string[];
}

export type DirectoryKind = 'entra' | 'okta';
export type DirectoryIds = Readonly<Partial<Record<DirectoryKind, string>>>;

export type EmploymentType = 'employee' | 'contractor' | 'intern' | 'vendor';

const EMPLOYMENT_SYNONYMS: Readonly<Record<string, EmploymentType>> = {
  employee: 'employee',
  'full-time': 'employee',
  fulltime: 'employee',
  'full time': 'employee',
  staff: 'employee',
  member: 'employee',
  contractor: 'contractor',
  contract: 'contractor',
  consultant: 'contractor',
  intern: 'intern',
  internship: 'intern',
  vendor: 'vendor',
  supplier: 'vendor',
  guest: 'vendor',
};

/** The standard employment type of a directory's free-text value; undefined when it is not recognized. */
export function normalizeEmploymentType(value: unknown): EmploymentType | undefined {
  if (typeof value !== 'string') return undefined;
  return EMPLOYMENT_SYNONYMS[value.trim().toLowerCase()];
}
