import type { PolicyDiff } from '../../../../src/contract/admin';
import type { Envelope } from '../../../../src/contract/envelope';
import { callResolver } from '../../../shared/call-resolver';

/** `version/diff`: the structural difference between two versions. */
export function diffVersions(from: number, to: number): Promise<Envelope<PolicyDiff>> {
  return callResolver<PolicyDiff>('version/diff', { from, to });
}
