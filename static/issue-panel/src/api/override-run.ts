import type { Envelope } from '../../../../src/contract/envelope';
import type { RunOverridePayload, RunOverrideResult } from '../../../../src/contract/run-view';
import { callResolver } from '../../../shared/call-resolver';

/** `run/override`: take over, retry, resume or cancel, with a reason recorded in the audit trail. */
export function overrideRun(payload: RunOverridePayload): Promise<Envelope<RunOverrideResult>> {
  return callResolver<RunOverrideResult>('run/override', { ...payload });
}
