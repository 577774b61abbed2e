import type { Envelope } from '../../../../src/contract/envelope';
import type { PortalStatus } from '../../../../src/contract/run-view';
import { callResolver } from '../../../shared/call-resolver';

/** `portal/status`: the requester's own request, in plain words. */
export function getPortalStatus(issueKey?: string): Promise<Envelope<PortalStatus>> {
  return callResolver<PortalStatus>('portal/status', issueKey ? { issueKey } : {});
}
