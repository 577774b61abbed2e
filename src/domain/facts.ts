/**
 * Request facts: the flat, typed view of one request that routing conditions read.
 *
 * A workflow turns its validated inputs into facts (`WorkflowDefinition.facts`); intake adds the
 * requester's profile from the identity provider. Conditions in the routing policy name facts by
 * these keys. Standard keys are listed in `STANDARD_FACTS`, the one reference of what each means
 * (nothing reads it yet: the admin routing form takes a fact name as free text); workflows may add
 * their own under `input.<name>`.
 */
export type FactValue = string | number | boolean | null | readonly string[];
export type Facts = Readonly<Record<string, FactValue>>;

export const STANDARD_FACTS = {
  'request.type': 'The JSM request type key of the request (for example vpn-access).',
  'workflow.key': 'The key of the pre-built workflow that matched the request.',
  'requester.employmentType': 'employee, contractor, intern or vendor (from the identity provider).',
  'requester.department': 'The requester\'s department (from the identity provider).',
  'requester.groups': 'Names of the directory groups the requester belongs to.',
  'amount': 'A money amount the request moves (refunds, credits, spend), in the request currency.',
  'currency': 'ISO 4217 currency code of `amount`.',
  'data.classification': 'public, internal, confidential or restricted.',
  'data.containsPersonalData': 'True when the data involved includes personal data.',
  'target.system': 'The system the request acts on (for example vpn, exchange, payments-db).',
  'target.environment': 'production, staging or development.',
  'target.group': 'The directory group the request grants membership of.',
  'target.group.privileged': 'True when the target group grants privileged access.',
  'access.durationHours': 'How long time-bound access lasts, in hours.',
  'audience.size': 'How many people a communication reaches.',
  'audience.external': 'True when a communication or export leaves the company.',
  'change.blastRadius': 'low, medium or high: how much a change can break.',
} as const;

export type StandardFactKey = keyof typeof STANDARD_FACTS;

/** The requester as the identity provider describes them at intake. Minimal by design. */
export interface RequesterProfile {
  /** Atlassian account id of the requester (reporter of the JSM request). */
  readonly accountId: string;
  /** Directory id (Entra object id or Okta user id), when the requester was found there. */
  readonly directoryId?: string;
  /** Which directory `directoryId` belongs to: an Entra object id is no Okta user id. */
  readonly directorySource?: 'entra' | 'okta';
  /** The requester's id in each connected directory that knows them (the describing one included). */
  readonly directoryIds?: Readonly<Partial<Record<'entra' | 'okta', string>>>;
  /** Sign-in name in the directory (Entra userPrincipalName or Okta login), when found there. */
  readonly principalName?: string;
  readonly employmentType?: 'employee' | 'contractor' | 'intern' | 'vendor';
  readonly department?: string;
  /** Atlassian account id of the requester's manager, when the identity provider knows it. */
  readonly managerAccountId?: string;
  readonly groups?: readonly string[];
}
