import type { SetupReport } from '../../../../src/contract/admin';
import type { Envelope } from '../../../../src/contract/envelope';
import { callResolver } from '../../../shared/call-resolver';

/** `setup/check`: checks the Jira configuration the app needs. */
export function checkSetup(): Promise<Envelope<SetupReport>> {
  return callResolver<SetupReport>('setup/check');
}
