import type { ConnectionView } from '../../../../src/app/connections/connection-view';
import type { Envelope } from '../../../../src/contract/envelope';
import { callResolver } from '../../../shared/call-resolver';

/** `connection/save`: creates or updates a connection; `secrets` are write-only (omit to keep them). */
export function saveConnection(connection: unknown, secrets?: Record<string, string>): Promise<Envelope<ConnectionView>> {
  return callResolver<ConnectionView>('connection/save', secrets ? { connection, secrets } : { connection });
}
