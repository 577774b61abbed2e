import type { ConnectionView } from '../../../../src/app/connections/connection-view';
import type { Envelope } from '../../../../src/contract/envelope';
import { callResolver } from '../../../shared/call-resolver';

/** `connection/list`: every connection with its scope ceiling; credentials only as "set". */
export function listConnections(): Promise<Envelope<ConnectionView[]>> {
  return callResolver<ConnectionView[]>('connection/list');
}
