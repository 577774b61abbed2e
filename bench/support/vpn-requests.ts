/** Customer and approver actions on the demo desk, through the site's REST API as those users. */
import type { AppEnv } from './app-env';

export interface VpnRequestSpec {
  readonly requester: string;
  readonly profile: 'standard' | 'privileged';
  readonly summary?: string;
}

/** Raises a VPN request as the customer would on the portal; returns the issue key. */
export function createVpnRequest(app: AppEnv, spec: VpnRequestSpec): Promise<string> {
  return app.createRequest(spec.requester, 'vpn-access', spec.summary ?? `VPN (${spec.profile})`, {
    vpnProfile: spec.profile,
    businessJustification: 'I maintain the office network switches during the migration.',
  });
}

/**
 * Every pending approver of the open approval approves, one after the other, until JSM decides it.
 * Returns how many approved (0 when no approval is open).
 */
export async function approveOpenApproval(app: AppEnv, issueKey: string): Promise<number> {
  const open = app.site.getApprovals(issueKey).find((a) => a.active && a.finalDecision === 'pending');
  if (!open) return 0;
  let approved = 0;
  for (const approver of open.approvers.filter((a) => a.decision === 'pending')) {
    const answer = await app.callSite(approver.accountId, 'POST', `/rest/servicedeskapi/request/${issueKey}/approval/${open.id}`, { decision: 'approve' });
    // 409: the approval was decided by the approvers before this one.
    if (answer.status === 409) break;
    if (answer.status !== 200) throw new Error(`approving ${issueKey} as ${approver.accountId} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
    approved += 1;
  }
  return approved;
}
