import type { AccessView } from '../../../../src/contract/admin';
import type { Envelope } from '../../../../src/contract/envelope';
import { callResolver } from '../../../shared/call-resolver';

/** `access/get`: what the caller may do. */
export function getAccess(): Promise<Envelope<AccessView>> {
  return callResolver<AccessView>('access/get');
}
