import type { DraftView } from '../../../../src/contract/admin';
import type { Envelope } from '../../../../src/contract/envelope';
import { callResolver } from '../../../shared/call-resolver';

/** `draft/save`: validates and saves the draft (it routes nothing until published). */
export function saveDraft(document: unknown): Promise<Envelope<DraftView>> {
  return callResolver<DraftView>('draft/save', { document });
}
