import type { RequesterProfile } from '../facts';

/** A request as intake sees it: the JSM request type, its field values and who raised it. */
export interface IntakeRequest {
  /** Jira issue key (`ITSM-42`). */
  readonly key: string;
  /** JSM request type key. */
  readonly requestType: string;
  /** Field values keyed by workflow input name. */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly requester: RequesterProfile;
  readonly assigneeAccountId?: string;
}
