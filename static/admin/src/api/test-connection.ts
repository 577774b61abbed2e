import type { Envelope } from '../../../../src/contract/envelope';
import type { ProbeResult } from '../../../../src/ports/integrations';
import { callResolver } from '../../../shared/call-resolver';

/** `connection/test`: a harmless read within the connection's ceiling. */
export function testConnection(id: string): Promise<Envelope<ProbeResult>> {
  return callResolver<ProbeResult>('connection/test', { id });
}
