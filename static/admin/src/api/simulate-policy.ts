import type { SimulationReport } from '../../../../src/contract/admin';
import type { Envelope } from '../../../../src/contract/envelope';
import { callResolver } from '../../../shared/call-resolver';

/** `policy/simulate`: runs the saved draft and the published policy over the newest requests. */
export function simulatePolicy(limit: number): Promise<Envelope<SimulationReport>> {
  return callResolver<SimulationReport>('policy/simulate', { limit });
}
