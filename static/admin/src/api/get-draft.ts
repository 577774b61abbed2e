import type { DraftView } from '../../../../src/contract/admin';
import type { Envelope } from '../../../../src/contract/envelope';
import { callResolver } from '../../../shared/call-resolver';

/** `draft/get`: the saved draft, or the published policy when there is none. */
export function getDraft(): Promise<Envelope<DraftView>> {
  return callResolver<DraftView>('draft/get');
}
