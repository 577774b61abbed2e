import type { VersionSummary } from '../../../../src/contract/admin';
import type { Envelope } from '../../../../src/contract/envelope';
import { callResolver } from '../../../shared/call-resolver';

/** `version/list`: published versions, newest first. */
export function listVersions(limit = 50): Promise<Envelope<VersionSummary[]>> {
  return callResolver<VersionSummary[]>('version/list', { limit });
}
