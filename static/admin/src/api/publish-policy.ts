import type { PublishPayload, VersionSummary } from '../../../../src/contract/admin';
import type { Envelope } from '../../../../src/contract/envelope';
import { callResolver } from '../../../shared/call-resolver';

/** `policy/publish`: publishes the saved draft as the next immutable version. */
export function publishPolicy(payload: PublishPayload): Promise<Envelope<VersionSummary>> {
  return callResolver<VersionSummary>('policy/publish', { ...payload });
}
