import type { Envelope } from '../../../../src/contract/envelope';
import { callResolver } from '../../../shared/call-resolver';

/** `connection/delete`: removes a connection and its credentials. */
export function deleteConnection(id: string): Promise<Envelope<{ deleted: string }>> {
  return callResolver<{ deleted: string }>('connection/delete', { id });
}
