import type { RestorePayload, VersionSummary } from '../../../../src/contract/admin';
import type { Envelope } from '../../../../src/contract/envelope';
import { callResolver } from '../../../shared/call-resolver';

/** `version/restore`: publishes an old version again, as a new version. */
export function restoreVersion(payload: RestorePayload): Promise<Envelope<VersionSummary>> {
  return callResolver<VersionSummary>('version/restore', { ...payload });
}
