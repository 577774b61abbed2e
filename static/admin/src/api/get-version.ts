import type { VersionView } from '../../../../src/contract/admin';
import type { Envelope } from '../../../../src/contract/envelope';
import { callResolver } from '../../../shared/call-resolver';

/** `version/get`: one published version with its policy. */
export function getVersion(version: number): Promise<Envelope<VersionView>> {
  return callResolver<VersionView>('version/get', { version });
}
